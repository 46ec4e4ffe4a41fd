"""Write the student edition: every chapter's notebooks without solutions, as a folder and a zip.

For a class that does not use nbgrader. From the repository's root:

    python teaching/student_edition.py                      # every chapter, into _build/
    python teaching/student_edition.py 01_two_layer_net --out /tmp/class

writes OUT/nnbook-student/ and OUT/nnbook-student.zip (the same folder, zipped). The folder
holds each chapter's student notebooks as nbgrader's generate_assignment writes them (with
the files beside them), plus what a student needs to run them without the book's
repository: nnbook's source, pyproject.toml, requirements.txt and a short README.

Everything is built in a temporary folder inside OUT and moved into place only when
complete: a failure leaves the previous edition, if any, as it was.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a script: make the repository's root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from teaching import course  # noqa: E402

NAME = "nnbook-student"
COPIED = ["pyproject.toml", "requirements.txt"]
NOT_COPIED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".*")

README = """\
# Neural Networks from Scratch: student edition

The chapters of the book *Neural Networks from Scratch* as notebooks to work in. Each
chapter ends with exercises:

- a coding exercise has a cell that says `# YOUR CODE HERE` and
  `raise NotImplementedError()`: replace those two lines with your code, run the cell, then
  run the check below it, which tells you what is right or exactly what is wrong;
- a written exercise has a cell that says YOUR ANSWER HERE: write your answer there.

## Set up, once

You need Python 3.10 or newer. In this folder, run:

    python3 -m venv .venv
    . .venv/bin/activate
    pip install -r requirements.txt

(On Windows, activate with `.venv\\Scripts\\activate`.) This installs the notebooks' tools
and `nnbook`, the small package in the `nnbook` folder that the chapters build and import.

## Work

    . .venv/bin/activate
    jupyter lab

then open a chapter's folder and its notebook. The chapters:

{chapters}

The book, with its text rendered and the solutions, is at {repository}.

Code is MIT-licensed. The bundled MNIST digits (nnbook/_data) are by Yann LeCun and
Corinna Cortes (CC BY-SA 3.0).
"""


class EditionError(RuntimeError):
    """The edition could not be written; the message says why."""


def parse_args(argv, book=course.BOOK):
    known = course.chapters(book)
    parser = argparse.ArgumentParser(
        prog="python teaching/student_edition.py",
        description="Write the student edition of the book (notebooks without solutions), "
                    "as a folder and a zip.",
    )
    parser.add_argument("chapters", nargs="*", metavar="CHAPTER",
                        help=f"chapter folders of book/ to include (default: all: {', '.join(known)})")
    parser.add_argument("--out", type=Path, default=course.ROOT / "_build",
                        help=f"folder to write {NAME}/ and {NAME}.zip into (default: _build/)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.chapters if name not in known]
    if unknown:
        parser.error(f"unknown chapter {', '.join(map(repr, unknown))}: expected one of {', '.join(known)}")
    if len(set(args.chapters)) != len(args.chapters):
        parser.error(f"a chapter is named twice: {' '.join(args.chapters)}")
    args.chapters = args.chapters or known
    args.out = args.out.expanduser().resolve()
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out must be a folder, but {args.out} is a file")
    if args.out == book.resolve() or book.resolve() in args.out.parents:
        parser.error(f"--out must be outside the book's chapters ({book}), got {args.out}")
    return args


def build(edition, chapters, work):
    """Write the edition of ``chapters`` into the new folder ``edition``; ``work`` is scratch."""
    root = course.make_course(work, chapters)
    course.nbgrader(root, "generate_assignment", "*", "--force")
    edition.mkdir()
    for name in chapters:
        released = root / "release" / name
        if not course.notebooks(released):
            raise EditionError(f"nbgrader wrote no notebook for {name} (looked in {released})")
        shutil.copytree(released, edition / name, ignore=NOT_COPIED)
    shutil.copytree(course.ROOT / "nnbook", edition / "nnbook", ignore=NOT_COPIED)
    for name in COPIED:
        shutil.copy2(course.ROOT / name, edition / name)
    listing = "\n".join(
        f"- `{name}/`: " + ", ".join(f"`{p.name}`" for p in course.notebooks(edition / name)) for name in chapters
    )
    repository = yaml.safe_load((course.ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    (edition / "README.md").write_text(README.format(chapters=listing, repository=repository), encoding="utf-8")


def write_edition(chapters, out):
    """Build the edition of ``chapters`` and move it to OUT/NAME and OUT/NAME.zip; both paths."""
    out.mkdir(parents=True, exist_ok=True)
    folder, archive = out / NAME, out / f"{NAME}.zip"
    # A hidden scratch folder inside OUT: on OUT's file system, so the moves below are renames,
    # and skipped by the book build and pytest if OUT is inside the repository.
    with tempfile.TemporaryDirectory(prefix=".student-edition-", dir=out) as scratch:
        scratch = Path(scratch)
        edition = scratch / NAME
        build(edition, chapters, scratch / "course")
        made = shutil.make_archive(str(scratch / NAME), "zip", root_dir=scratch, base_dir=NAME)
        previous = scratch / "previous"
        if folder.exists():
            folder.rename(previous)
        try:
            edition.rename(folder)
            os.replace(made, archive)
        except OSError:
            if previous.exists():  # put the old edition back, whole
                shutil.rmtree(folder, ignore_errors=True)
                previous.rename(folder)
            raise
    return folder, archive


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        folder, archive = write_edition(args.chapters, args.out)
    except (EditionError, course.NbgraderFailed, OSError) as error:
        print(f"student edition not written: {error}", file=sys.stderr)
        return 1
    print(f"student edition of {len(args.chapters)} chapter(s):\n  {folder}\n  {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
