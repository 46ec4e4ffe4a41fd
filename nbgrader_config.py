"""nbgrader's configuration: the book is a course, each chapter folder of book/ an assignment.

    nbgrader generate_assignment 01_two_layer_net    # the student version, in release/

Run nbgrader from this folder (it reads this file from the current directory). The steps
nbgrader runs are its defaults plus the book's own (teaching/nbgrader_student.py).
"""

import os
import sys

# nbgrader is a console script, so this folder is not on sys.path: make teaching/ importable.
HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from nbgrader.converters import GenerateAssignment  # noqa: E402

from teaching.nbgrader_student import with_student_edition  # noqa: E402

c = get_config()  # noqa: F821 (given by the config loader)

c.CourseDirectory.source_directory = "book"

# nbgrader's default is 30 s per cell; Chapters 5 and 6 have cells that train for ~40 s on
# a 2-core laptop, so a right answer must not fail on time.
c.Execute.timeout = 300

c.GenerateAssignment.preprocessors = with_student_edition(
    GenerateAssignment.class_traits()["preprocessors"].default()
)
