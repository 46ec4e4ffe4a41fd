"""Checks that keep the house in order: the rules of DESIGN.md that a machine can check."""

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
MODULES = sorted(p for p in (ROOT / "nnbook").glob("*.py") if p.name != "__init__.py")
CHAPTER_TAG = re.compile(r"^Introduced in Chapter (\d+)\.")


def _cells(notebook):
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def _module_chapter(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    match = CHAPTER_TAG.match(docstring)
    return int(match.group(1)) if match else None


def _notebook_chapter(notebook):
    return int(notebook.relative_to(ROOT / "book").parts[0].split("_")[0])


def _imported_modules(source):
    """nnbook modules named in a cell: `import nnbook.x`, `from nnbook.x import`, `from nnbook import x`."""
    found = set(re.findall(r"\bnnbook\.(\w+)", source))
    for names in re.findall(r"from\s+nnbook\s+import\s+(\([^)]*\)|[^\n#]+)", source):
        found.update(n.split(" as ")[0].strip() for n in names.strip("()").split(",") if n.strip())
    return found


def test_there_are_notebooks_and_modules():
    assert NOTEBOOKS and MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_docstring_starts_with_its_chapter(path):
    assert _module_chapter(path) is not None, (
        f"{path.name}: the module docstring must start with 'Introduced in Chapter N.'")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(notebook):
    dirty = [i for i, c in enumerate(_cells(notebook))
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{notebook.name}: cells {dirty} carry outputs; strip them before committing"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_imports_only_modules_already_introduced(notebook):
    chapter = _notebook_chapter(notebook)
    chapters = {p.stem: _module_chapter(p) for p in MODULES}
    for cell in _cells(notebook):
        if cell["cell_type"] != "code":
            continue
        for module in _imported_modules("".join(cell["source"])):
            assert module in chapters, f"{notebook.name} uses nnbook.{module}, which does not exist"
            assert chapters[module] <= chapter, (
                f"{notebook.name} (Chapter {chapter}) uses nnbook.{module}, "
                f"which is introduced in Chapter {chapters[module]}")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_installs_nnbook_where_it_is_missing(notebook):
    first_code = next(c for c in _cells(notebook) if c["cell_type"] == "code")
    source = "".join(first_code["source"])
    assert "find_spec(\"nnbook\")" in source and "%pip install" in source, (
        f"{notebook.name}: the first code cell must install nnbook when it is missing (Colab, Binder)")


def test_import_rule_sees_every_import_form():
    source = ("import nnbook.gan\nfrom nnbook.conv import Conv2D\nfrom nnbook import data, model as m\n"
              "from nnbook import (plots,\n    augment)\nx = 1\n")
    assert _imported_modules(source) == {"gan", "conv", "data", "model", "plots", "augment"}


def _toc_files(entries):
    for entry in entries:
        if "file" in entry:
            yield entry["file"]
        for key in ("chapters", "parts", "sections"):
            yield from _toc_files(entry.get(key, []))


def test_every_page_in_the_toc_exists():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"], *_toc_files(toc.get("chapters", []) + toc.get("parts", []))]
    missing = [p for p in pages if not any((ROOT / f"{p}{ext}").exists() for ext in ("", ".md", ".ipynb"))]
    assert len(pages) >= 2 and not missing, f"pages in _toc.yml with no file: {missing}"


def test_every_notebook_is_in_the_toc():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    listed = set(_toc_files(toc.get("chapters", []) + toc.get("parts", [])))
    orphans = [str(nb.relative_to(ROOT).with_suffix("")) for nb in NOTEBOOKS]
    orphans = [nb for nb in orphans if nb not in listed]
    assert not orphans, f"notebooks missing from _toc.yml: {orphans}"


def _readme_commands():
    return re.findall(r"```bash\n\s*(.+?)\n\s*```", (ROOT / "README.md").read_text(encoding="utf-8"))


def test_readme_has_two_setup_commands_and_ci_runs_the_test_one():
    build, test = _readme_commands()[:2]
    assert "pip install -r requirements.txt" in build and build.endswith("jupyter-book build .")
    assert "pip install -r requirements.txt" in test and test.endswith("pytest")
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_install_cell_installs_from_the_books_repository():
    url = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    for notebook in NOTEBOOKS:
        first_code = next(c for c in _cells(notebook) if c["cell_type"] == "code")
        assert f"git+{url}" in "".join(first_code["source"]), (
            f"{notebook.name}: the install cell must install from {url}, the book's repository")
