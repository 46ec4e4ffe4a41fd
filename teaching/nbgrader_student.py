"""What a student's copy of a chapter leaves out: an nbgrader preprocessor.

nbgrader's own ClearSolutions replaces each solution region with a stub and each written
answer with "YOUR ANSWER HERE". The book adds what nbgrader does not know about:

- a cell tagged ``solution`` (the note that explains a coding exercise's answer) is removed;
- a ``{solution}`` directive left in any other markdown cell is cut out of it (and a cell
  left empty is removed), so an exercise whose answer was written beside it never leaks;
  the gated form (``{solution-start}`` ... ``{solution-end}``) is removed with the cells
  between its two markers;
- a hidden cell (tagged ``remove-cell``) right after a written answer is removed: it checks
  the teacher's answer, and its numbers would give that answer away;
- solution and answer cells are folded in the book (``jupyter.source_hidden`` and the
  ``hide-input`` tag): a student's copy shows their stubs unfolded.

``nbgrader_config.py`` puts :class:`StudentEdition` into GenerateAssignment's preprocessors,
right after ClearSolutions (see :func:`with_student_edition`).
"""

import re

from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor

SOLUTION_TAG = "solution"
"""Tag of a cell that only a teacher's copy keeps."""

ANSWER_CHECK_TAG = "remove-cell"
"""Tag of the hidden cells that check a written answer's claims, right after the answer."""

FOLDING_TAGS = ("hide-input",)
"""Tags that fold a solution or answer cell in the book; a student's copy drops them."""

# A MyST directive fence that opens a solution: ```{solution} or :::{solution}, any length.
_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|:{3,})[ \t]*\{solution\}")
_GATE_START = re.compile(r"^[ \t]*(`{3,}|:{3,})[ \t]*\{solution-start\}", re.M)
_GATE_END = re.compile(r"^[ \t]*(`{3,}|:{3,})[ \t]*\{solution-end\}", re.M)


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def strip_solution_directives(text):
    """``text`` without its ``{solution}`` directives (fence to matching closing fence).

    A directive closes at the first line holding only the same fence character, at least as
    many times; a fence never closed runs to the end of the text, as in MyST.
    """
    kept, closing = [], None
    for line in text.splitlines(keepends=True):
        if closing is not None:
            if closing.match(line):
                closing = None
            continue
        opened = _OPEN.match(line)
        if opened:
            fence = opened.group("fence")
            closing = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
            continue
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip("\n")


def is_nbgrader_solution(cell):
    """True for a solution cell: a coding exercise's code cell or a written exercise's answer."""
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def unfold(cell):
    """Drop what folds ``cell`` in JupyterLab (source_hidden) and in the book (hide-input)."""
    metadata = cell.get("metadata", {})
    jupyter = metadata.get("jupyter")
    if jupyter is not None:
        jupyter.pop("source_hidden", None)
        if not jupyter:
            del metadata["jupyter"]
    if "tags" in metadata:
        metadata["tags"] = [t for t in metadata["tags"] if t not in FOLDING_TAGS]
        if not metadata["tags"]:
            del metadata["tags"]


def student_cells(cells):
    """The cells of a student's copy, from a teacher's (cells are changed in place)."""
    kept, gated, after_answer = [], False, False
    for cell in cells:
        source = _source(cell)
        checks_answer = (after_answer and cell.get("cell_type") == "code"
                         and ANSWER_CHECK_TAG in cell.get("metadata", {}).get("tags", []))
        after_answer = checks_answer or (cell.get("cell_type") == "markdown"
                                         and is_nbgrader_solution(cell))
        if checks_answer:
            continue
        if cell.get("cell_type") == "markdown" and _GATE_START.search(source):
            gated = True
        if gated:
            if cell.get("cell_type") == "markdown" and _GATE_END.search(source):
                gated = False
            continue
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if is_nbgrader_solution(cell):
            unfold(cell)
        elif cell.get("cell_type") == "markdown" and "{solution}" in source:
            stripped = strip_solution_directives(source)
            if not stripped.strip():
                continue
            cell["source"] = stripped
        kept.append(cell)
    return kept


class StudentEdition(NbGraderPreprocessor):
    """GenerateAssignment's step for the book: see the module's docstring."""

    def preprocess(self, nb, resources):
        nb.cells = student_cells(nb.cells)
        return nb, resources


def with_student_edition(preprocessors):
    """``preprocessors`` (GenerateAssignment's list) with StudentEdition after ClearSolutions.

    nbgrader's own steps stay, in their order: SaveCells and ComputeChecksums still see the
    notebook as students will get it.
    """
    preprocessors = list(preprocessors)
    if StudentEdition in preprocessors:
        return preprocessors
    if ClearSolutions not in preprocessors:
        raise ValueError(f"expected ClearSolutions among GenerateAssignment's preprocessors, got {preprocessors}")
    at = preprocessors.index(ClearSolutions) + 1
    return preprocessors[:at] + [StudentEdition] + preprocessors[at:]
