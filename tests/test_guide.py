"""The teacher's guide keeps its promises: measured run times, and notebooks one session long."""

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from conftest import RUNTIMES, read_runtimes  # noqa: E402  (the root conftest measures them)

NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
# One class session; the guide says "at most about 3,500 words of prose".
SESSION_WORDS = 3500


def prose_words(notebook):
    """Words of prose in a notebook's markdown cells: code blocks, display math and
    directive options left out, since a reader does not read them as sentences; the text
    inside directives (exercises, solutions, notes) counts."""
    words = 0
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        fences, in_math = [], False  # open fences: "directive" or "code"
        for line in "".join(cell["source"]).splitlines():
            stripped = line.strip()
            if stripped.startswith("$$"):
                in_math = not in_math if stripped.count("$$") == 1 else in_math
                continue
            if in_math:
                continue
            if stripped.startswith(("```", ":::")):
                rest = stripped.lstrip("`:").strip()
                if rest.startswith("{"):
                    fences.append("directive")
                elif not rest and fences:
                    fences.pop()
                else:
                    fences.append("code")
                continue
            if "code" in fences or line.startswith(("    ", "\t")) or re.match(r"^:[\w-]+:", stripped):
                continue
            words += len(line.split())
    return words


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.parent.name + "/" + p.name)
def test_a_notebook_is_one_session(notebook):
    words = prose_words(notebook)
    assert words <= SESSION_WORDS, (f"{notebook.relative_to(ROOT)} has {words} words of prose,"
                                    f" more than a class session's {SESSION_WORDS}: split it"
                                    " at a natural seam")


def test_the_run_time_table_lists_exactly_the_notebooks():
    listed = set(read_runtimes())
    present = {str(p.relative_to(ROOT)) for p in NOTEBOOKS}
    assert listed == present, (
        f"{RUNTIMES.relative_to(ROOT)} is out of date (missing: {sorted(present - listed)},"
        f" gone: {sorted(listed - present)}): run `pytest --record-runtimes` and commit it")
    assert all(seconds > 0 for seconds in read_runtimes().values())
