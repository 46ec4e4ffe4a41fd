"""Running nbgrader on the book away from the repository: a course folder of one's own.

The tests and the student edition never write release/, submitted/ or gradebook.db into
the repository: they copy the chapters they need into a fresh folder, beside a
nbgrader_config.py that loads the repository's, and run nbgrader there.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
CONFIG = ROOT / "nbgrader_config.py"
IGNORE = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", ".*")


def chapters(book=BOOK):
    """The assignments: every folder of ``book`` that holds a notebook, in order."""
    book = Path(book)
    return sorted(
        folder.name for folder in book.iterdir()
        if folder.is_dir() and not folder.name.startswith((".", "_")) and any(folder.glob("*.ipynb"))
    )


def notebooks(folder):
    """The notebooks nbgrader takes from an assignment folder (its top level), in order."""
    return sorted(Path(folder).glob("*.ipynb"))


def environment():
    """os.environ for nbgrader and its kernels: this Python's bin/ first on PATH (nbgrader
    runs `alembic`), and this checkout first on PYTHONPATH (the kernel imports its nnbook)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(ROOT), env.get("PYTHONPATH", "")] if p)
    return env


def make_course(where, chapter_names, book=BOOK):
    """Make ``where`` a course folder holding copies of ``chapter_names`` from ``book``."""
    where = Path(where)
    where.mkdir(parents=True, exist_ok=True)
    for name in chapter_names:
        shutil.copytree(Path(book) / name, where / "book" / name, ignore=IGNORE)
    (where / "nbgrader_config.py").write_text(
        "# The book's nbgrader configuration, for this course folder (written by teaching/course.py).\n"
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(CONFIG)!r})  # noqa: F821\n",
        encoding="utf-8",
    )
    return where


class NbgraderFailed(RuntimeError):
    """nbgrader exited non-zero; the message holds the command and its output."""


def nbgrader(course, *args):
    """Run ``nbgrader ARGS`` in the course folder ``course``; its output, or NbgraderFailed."""
    command = [sys.executable, "-m", "nbgrader", *map(str, args)]
    done = subprocess.run(command, cwd=course, env=environment(), capture_output=True, text=True)
    if done.returncode:
        raise NbgraderFailed(
            f"`nbgrader {' '.join(map(str, args))}` in {course} exited with {done.returncode}:\n"
            f"{done.stdout}\n{done.stderr}"
        )
    return done.stdout + done.stderr
