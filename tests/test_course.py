"""The book as an nbgrader course: each chapter folder of book/ is an assignment.

For every chapter: the student version nbgrader generates keeps no solution; the teacher's
notebooks, graded, score every autograded point; the untouched student version scores none.
nbgrader runs in a course folder of its own under pytest's tmp_path (teaching/course.py),
never in the repository. And every notebook follows the book's exercise convention.
"""

import json
import re
import shutil
import time

import pytest
from nbgrader.api import Gradebook

from teaching import course
from teaching.nbgrader_student import SOLUTION_TAG, StudentEdition, student_cells, with_student_edition

CHAPTERS = course.chapters()
TEACHER, BLANK = "teacher", "blank"  # the two "students" every chapter is graded for

EXERCISE = re.compile(r"^[ \t]*(`{3,}|:{3,})[ \t]*\{exercise\}", re.M)
SOLUTION_DIRECTIVE = re.compile(r"^[ \t]*(`{3,}|:{3,})[ \t]*\{solution(-start|-end)?\}", re.M)
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
TEXT_STUB = "YOUR ANSWER HERE"


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def _hidden(cell):
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def _where(path, index, cell):
    first = _source(cell).strip().splitlines()[:1]
    return f"{path.parent.name}/{path.name}, cell {index} ({first[0][:60] if first else 'empty'!r})"


def test_chapters_are_found():
    assert CHAPTERS, "no chapter folder (a folder of book/ holding a notebook) found"
    assert "01_two_layer_net" in CHAPTERS
    for name in CHAPTERS:
        assert re.fullmatch(r"\d\d_\w+", name), f"chapter folder {name!r} is not named NN_name"


# --- the book's own step in generate_assignment (fast: no nbgrader run) ---------------------

def _md(source, **metadata):
    return {"cell_type": "markdown", "metadata": metadata, "source": source}


def _code(source, **metadata):
    return {"cell_type": "code", "metadata": metadata, "source": source, "outputs": [], "execution_count": None}


def test_student_cells_remove_what_only_a_teacher_sees():
    solution_meta = {"grade": False, "grade_id": "ch9-x", "solution": True, "locked": False}
    cells = [
        _md("```{exercise} Write x\n:label: ex-ch9-x\n\nWrite it.\n```"),
        _code("def x():\n    # YOUR CODE HERE\n    raise NotImplementedError()",
              nbgrader=solution_meta, tags=["hide-input", "other"], jupyter={"source_hidden": True}),
        _md("```{solution} ex-ch9-x\n:class: dropdown\n\nThe answer.\n```", tags=["solution"],
            jupyter={"source_hidden": True}),
        _md("```{exercise} Why?\n:label: ex-ch9-why\n```\n\n````{solution} ex-ch9-why\n:class: dropdown\n\n"
            "```python\nsecret()\n```\n\nBecause.\n````\n\nAfter the answer."),
        _md(":::{solution} ex-ch9-why\nAlso secret.\n:::"),
        _md("```{solution-start} ex-ch9-x\n```"),
        _code("gated_secret()"),
        _md("```{solution-end}\n```"),
        _code("kept()", tags=["hide-input"]),
    ]
    kept = student_cells(cells)
    sources = [_source(cell) for cell in kept]
    assert len(kept) == 4, sources
    assert kept[1]["metadata"] == {"nbgrader": solution_meta, "tags": ["other"]}
    assert sources[2] == "```{exercise} Why?\n:label: ex-ch9-why\n```\n\nAfter the answer."
    assert "secret" not in "".join(sources) and "Because" not in "".join(sources)
    assert kept[3]["metadata"] == {"tags": ["hide-input"]}, "only solution cells are unfolded"


def test_the_hidden_checks_of_a_written_answer_go_with_it():
    answer_meta = {"grade": True, "grade_id": "ch9-why-answer", "solution": True, "locked": False,
                   "points": 1}
    cells = [
        _md("```{exercise} Why?\n:label: ex-ch9-why\n```"),
        _md("YOUR ANSWER HERE", nbgrader=answer_meta),
        _code("assert answer_number == 2.30", tags=["remove-cell"]),
        _code("assert another_claim", tags=["remove-cell"]),
        _md("Later prose."),
        _code("assert chapter_claim", tags=["remove-cell"]),
    ]
    sources = [_source(cell) for cell in student_cells(cells)]
    assert sources == ["```{exercise} Why?\n:label: ex-ch9-why\n```", "YOUR ANSWER HERE",
                       "Later prose.", "assert chapter_claim"]


def test_an_unclosed_solution_runs_to_the_end_of_its_cell():
    kept = student_cells([_md("Intro.\n\n```{solution} ex\nsecret, never closed\n\n```python\nx\n")])
    assert _source(kept[0]) == "Intro."


def test_the_config_keeps_nbgraders_steps_in_order():
    from nbgrader.converters import GenerateAssignment
    from traitlets.config.loader import PyFileConfigLoader

    defaults = GenerateAssignment.class_traits()["preprocessors"].default()
    config = PyFileConfigLoader("nbgrader_config.py", str(course.ROOT)).load_config()
    steps = list(config.GenerateAssignment.preprocessors)
    assert [s for s in steps if s is not StudentEdition] == defaults
    assert steps.index(StudentEdition) == steps.index(defaults[3]) + 1  # right after ClearSolutions
    assert with_student_edition(steps) == steps
    assert config.CourseDirectory.source_directory == "book"
    assert config.Execute.timeout >= 120, "above the longest cell (about 40 s in Chapters 5 and 6)"


# --- the exercise convention (fast) -----------------------------------------------------------

def _convention_problems(chapter):
    """What in ``chapter``'s notebooks breaks the exercise convention (see the notebooks' end)."""
    problems, grade_ids = [], {}
    prefix = f"ch{int(chapter[:2])}-"
    for path in course.notebooks(course.BOOK / chapter):
        cells = _cells(path)
        claimed = set()  # indices of nbgrader cells that belong to an exercise
        for i, cell in enumerate(cells):
            meta = _nbgrader(cell)
            if meta.get("grade_id"):
                grade_ids.setdefault(meta["grade_id"], []).append(_where(path, i, cell))
                if not meta["grade_id"].startswith(prefix):
                    problems.append(f"{_where(path, i, cell)}: grade_id {meta['grade_id']!r} does not start with {prefix!r}")
            if meta.get("solution") and not _hidden(cell):
                problems.append(f"{_where(path, i, cell)}: solution/answer cell without jupyter.source_hidden")
            if cell["cell_type"] == "markdown" and SOLUTION_DIRECTIVE.search(_source(cell)) and not meta.get("solution"):
                if SOLUTION_TAG not in _tags(cell) or not _hidden(cell):
                    problems.append(f"{_where(path, i, cell)}: a {{solution}} note must be tagged "
                                    f"{SOLUTION_TAG!r} and have jupyter.source_hidden")
                if EXERCISE.search(_source(cell)):
                    problems.append(f"{_where(path, i, cell)}: exercise and solution share a cell")
            if cell["cell_type"] != "markdown" or not EXERCISE.search(_source(cell)):
                continue
            after = cells[i + 1:i + 3]
            first = _nbgrader(after[0]) if after else {}
            if after and after[0]["cell_type"] == "code" and first.get("solution") and not first.get("grade"):
                solution = _source(after[0])
                check = after[1] if len(after) > 1 else {}
                check_meta = _nbgrader(check)
                names = re.findall(r"^def (\w+)", solution, re.M)
                if "### BEGIN SOLUTION" not in solution or "### END SOLUTION" not in solution:
                    problems.append(f"{_where(path, i + 1, after[0])}: no BEGIN/END SOLUTION region")
                if "hide-input" not in _tags(after[0]):
                    problems.append(f"{_where(path, i + 1, after[0])}: solution cell not tagged hide-input")
                if not (check.get("cell_type") == "code" and check_meta.get("grade") and check_meta.get("locked")
                        and not check_meta.get("solution") and check_meta.get("points", 0) > 0):
                    problems.append(f"{_where(path, i, cell)}: the solution cell is not followed by a locked "
                                    "check cell with points")
                elif not any(name in _source(check) for name in names):
                    problems.append(f"{_where(path, i + 2, check)}: the check does not call {names}")
                else:
                    claimed.add(i + 2)
                claimed.add(i + 1)
            elif (after and after[0]["cell_type"] == "markdown" and first.get("solution") and first.get("grade")
                  and first.get("points", 0) > 0):
                if not SOLUTION_DIRECTIVE.search(_source(after[0])):
                    problems.append(f"{_where(path, i + 1, after[0])}: answer cell without a {{solution}} dropdown")
                claimed.add(i + 1)
            else:
                problems.append(f"{_where(path, i, cell)}: exercise followed neither by a solution cell and a "
                                "check cell nor by an answer cell with points")
        for i, cell in enumerate(cells):
            if _nbgrader(cell) and i not in claimed:
                problems.append(f"{_where(path, i, cell)}: nbgrader cell that follows no exercise")
    problems += [f"grade_id {gid!r} used {len(places)} times: {places}"
                 for gid, places in grade_ids.items() if len(places) > 1]
    return problems


def _checks_an_answer(cells, i):
    """True for a hidden code cell in the run of them right after a written answer cell."""
    while i > 0 and cells[i]["cell_type"] == "code" and "remove-cell" in _tags(cells[i]):
        i -= 1
        if cells[i]["cell_type"] == "markdown" and _nbgrader(cells[i]).get("solution"):
            return True
    return False


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercises_follow_the_convention(chapter):
    problems = _convention_problems(chapter)
    assert not problems, "\n".join(problems)


# --- generate_assignment: the student version keeps no solution ------------------------------

@pytest.fixture(scope="session")
def course_root(tmp_path_factory):
    """A course folder holding every chapter, released by one `generate_assignment "*"`."""
    root = course.make_course(tmp_path_factory.mktemp("course"), CHAPTERS)
    course.nbgrader(root, "generate_assignment", "*", "--force")
    return root


def _secret_and_public_lines(path):
    """Lines only a teacher's copy has (solution regions, {solution} directives, cells
    tagged solution) and the lines everyone has (the rest), each stripped."""
    secret, public = set(), set()
    for cell in _cells(path):
        source = _source(cell)
        if SOLUTION_TAG in _tags(cell) or (_nbgrader(cell).get("solution") and cell["cell_type"] == "markdown"):
            secret.update(line.strip() for line in source.splitlines())
            continue
        inside, closing = False, None
        for line in source.splitlines():
            opened = SOLUTION_DIRECTIVE.match(line)
            if line.strip() == "### BEGIN SOLUTION" or (opened and closing is None and cell["cell_type"] == "markdown"):
                inside = True
                if opened:
                    fence = opened.group(1)
                    closing = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
                continue
            if line.strip() == "### END SOLUTION" or (closing is not None and closing.match(line)):
                inside, closing = False, None
                continue
            (secret if inside else public).add(line.strip())
    telling = {line for line in secret - public if len(re.sub(r"\W", "", line)) >= 8}
    return telling, public


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_student_version_keeps_no_solution(course_root, chapter):
    teacher = course.notebooks(course.BOOK / chapter)
    released = course.notebooks(course_root / "release" / chapter)
    assert [p.name for p in released] == [p.name for p in teacher]
    for source, release in zip(teacher, released):
        secret, _ = _secret_and_public_lines(source)
        cells = _cells(release)
        for i, cell in enumerate(cells):
            where, text, meta = _where(release, i, cell), _source(cell), _nbgrader(cell)
            assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, where
            assert not SOLUTION_DIRECTIVE.search(text), f"{where}: a {{solution}} directive is left"
            assert SOLUTION_TAG not in _tags(cell), where
            leaked = [line for line in text.splitlines() if line.strip() in secret]
            assert not leaked, f"{where}: lines of the solution are left: {leaked}"
            if meta.get("solution"):
                assert not _hidden(cell) and "hide-input" not in _tags(cell), f"{where}: the stub is folded"
                if cell["cell_type"] == "code":
                    assert all(stub in text for stub in CODE_STUB), f"{where}: no stub in the solution cell"
                else:
                    assert text.strip() == TEXT_STUB, f"{where}: the answer cell is not {TEXT_STUB!r}"
        # Nothing else is lost: the teacher's code cells outside the exercises, in order,
        # but for the hidden checks of a written answer, which go with the answer.
        teacher = _cells(source)
        plain = [_source(c) for i, c in enumerate(teacher)
                 if c["cell_type"] == "code" and not _nbgrader(c) and SOLUTION_TAG not in _tags(c)
                 and not _checks_an_answer(teacher, i)]
        assert [_source(c) for c in cells if c["cell_type"] == "code" and not _nbgrader(c)] == plain


# --- autograde: the teacher's notebooks score full marks, the untouched release none ----------

def _errors(path):
    """(index, cell, error name) for every cell of an executed notebook that raised."""
    found = []
    for i, cell in enumerate(_cells(path)):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append((i, cell, output.get("ename")))
    return found


@pytest.fixture(scope="module", params=CHAPTERS)
def graded(request, course_root):
    """One autograde of a chapter for two students: the teacher's notebooks, and the release
    as a student gets it. Returns {student: {"scores": ..., "grades": [...], "notebooks": [...]}}."""
    chapter = request.param
    for student, folder in [(TEACHER, course_root / "book" / chapter),
                            (BLANK, course_root / "release" / chapter)]:
        target = course_root / "submitted" / student / chapter
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target)
    start = time.perf_counter()
    course.nbgrader(course_root, "autograde", chapter, "--force")
    print(f"\nautograde {chapter} for 2 students: {time.perf_counter() - start:.1f} s")
    result = {"chapter": chapter}
    with Gradebook(f"sqlite:///{course_root / 'gradebook.db'}", "") as gradebook:
        for student in (TEACHER, BLANK):
            submission = gradebook.find_submission(chapter, student)
            result[student] = {
                "code": (submission.code_score, submission.max_code_score),
                "grades": [dict(notebook=nb.name, cell=g.name, cell_type=g.cell_type, auto=g.auto_score,
                                max=g.max_score, manual=g.needs_manual_grade)
                           for nb in submission.notebooks for g in nb.grades],
                "notebooks": course.notebooks(course_root / "autograded" / student / chapter),
            }
    return result


@pytest.mark.slow
def test_the_teachers_notebooks_score_every_autograded_point(graded):
    teacher = graded[TEACHER]
    score, best = teacher["code"]
    assert best > 0, f"{graded['chapter']} has no autograded exercise"
    failed = [g["cell"] for g in teacher["grades"] if g["cell_type"] == "code" and g["auto"] != g["max"]]
    assert score == best and not failed, f"{graded['chapter']}: {score}/{best}; failed checks: {failed}"
    written = [g for g in teacher["grades"] if g["cell_type"] == "markdown"]
    assert all(g["manual"] for g in written), "a written answer is left for the teacher to grade"


@pytest.mark.slow
def test_a_right_answer_never_meets_an_error(graded):
    """The teacher's answers, run by nbgrader top to bottom, raise nothing a lesson did not mean to."""
    for path in graded[TEACHER]["notebooks"]:
        errors = [(i, name) for i, cell, name in _errors(path) if "raises-exception" not in _tags(cell)]
        assert not errors, f"{path.name}: cells that raised: {errors}"


@pytest.mark.slow
def test_the_untouched_release_scores_zero(graded):
    blank = graded[BLANK]
    score, best = blank["code"]
    assert best == graded[TEACHER]["code"][1]
    assert score == 0, f"{graded['chapter']}: the unanswered release scores {score}/{best}"
    written = [g for g in blank["grades"] if g["cell_type"] == "markdown"]
    assert all(g["auto"] == 0 and not g["manual"] for g in written), f"an unanswered written answer: {written}"
    # An unanswered exercise fails only its own check: the rest of the chapter still runs.
    for path in blank["notebooks"]:
        elsewhere = [(i, name) for i, cell, name in _errors(path)
                     if not _nbgrader(cell) and "raises-exception" not in _tags(cell)]
        assert not elsewhere, f"{path.name}: cells outside the exercises that raised: {elsewhere}"
