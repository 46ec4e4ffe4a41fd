"""Each notebook's run time, measured while nbval runs it, for the teacher's guide.

The guide's table of run times is ``book/runtimes.csv``. ``pytest --record-runtimes``
rewrites it from the run that just finished, when every notebook ran and passed, so the
numbers a teacher reads are the ones the tests measured. Every run compares its times with
the table and says in the summary which notebooks now take twice as long or more (a
shared machine is noisy, so this is a note, not a failure); tests/test_guide.py fails when
the table no longer lists exactly the book's notebooks.
"""

import csv
import os
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent
RUNTIMES = ROOT / "book" / "runtimes.csv"
COLUMNS = ("chapter", "notebook", "cells", "seconds")

_seconds = defaultdict(float)
_cells = defaultdict(int)
_failed = set()


def pytest_addoption(parser):
    parser.addoption("--record-runtimes", action="store_true",
                     help=f"write each notebook's measured run time to {RUNTIMES.relative_to(ROOT)}")


def _notebook(nodeid):
    path = nodeid.split("::")[0]
    return path if path.startswith("book/") and path.endswith(".ipynb") else None


def pytest_runtest_logreport(report):
    notebook = _notebook(report.nodeid)
    if notebook is None:
        return
    _seconds[notebook] += report.duration  # setup (the kernel's start), call and teardown
    if report.when == "call":
        _cells[notebook] += 1
    if report.failed:
        _failed.add(notebook)


def read_runtimes(path=RUNTIMES):
    """{"book/<chapter>/<notebook>": seconds} from the guide's table (empty if there is none)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {f"book/{row['chapter']}/{row['notebook']}": float(row["seconds"])
                for row in csv.DictReader(f)}


def _write(path):
    rows = [(notebook.split("/")[1], notebook.split("/")[2], _cells[notebook],
             f"{_seconds[notebook]:.0f}") for notebook in sorted(_seconds)]
    part = path.with_suffix(f".{os.getpid()}.part")  # never a half-written table
    with part.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    os.replace(part, path)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _seconds:
        return
    every = {str(p.relative_to(ROOT)) for p in (ROOT / "book").rglob("*.ipynb")
             if ".ipynb_checkpoints" not in p.parts}
    if config.getoption("record_runtimes"):
        if set(_seconds) == every and not _failed:
            _write(RUNTIMES)
            terminalreporter.write_line(f"run times written to {RUNTIMES.relative_to(ROOT)}")
        else:
            terminalreporter.write_line(f"run times NOT written to {RUNTIMES.relative_to(ROOT)}:"
                                        " run every notebook, with none failing")
    stated = read_runtimes()
    slow = [f"{notebook}: {_seconds[notebook]:.0f} s, the guide says {stated[notebook]:.0f} s"
            for notebook in sorted(_seconds) if notebook in stated and notebook not in _failed
            and _seconds[notebook] > 2 * stated[notebook] + 5]
    if slow:
        terminalreporter.write_sep("-", "notebooks slower than the teacher's guide says")
        for line in slow:
            terminalreporter.write_line(line)
        terminalreporter.write_line("(a busy machine is slower; if it holds, run pytest"
                                    " --record-runtimes and commit book/runtimes.csv)")
