"""Checks that keep the house in order: the rules of DESIGN.md that a machine can check."""

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nnbook"
NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
# Every module of the package, subpackages included; an __init__ may go untagged.
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")
CHAPTER_TAG = re.compile(r"^Introduced in Chapter (\d+)\.")
EXPLAINED = re.compile(r"Explained in\s+Chapter\s+(\d+)")


def _cells(notebook):
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def _module_chapter(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    match = CHAPTER_TAG.match(docstring)
    return int(match.group(1)) if match else None


def _notebook_chapter(notebook):
    return int(notebook.relative_to(ROOT / "book").parts[0].split("_")[0])


class Package:
    """What a notebook may use from a package: its modules, each object's chapter.

    Module names are dotted and relative to the package ("viz.ch3"; "" is the package
    itself). A module's chapter is its "Introduced in Chapter N." tag (None when untagged,
    allowed only for an __init__); an object's chapter is the first "Explained in Chapter K"
    of its docstring (for a constant, the string literal after it), else its module's.
    A name imported from another module of the package has that module's answer.
    """

    def __init__(self, root, name="nnbook"):
        self.root, self.name = Path(root), name
        self.paths = {}
        for path in self.root.rglob("*.py"):
            parts = path.relative_to(self.root).with_suffix("").parts
            self.paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
        self._objects = {}

    def chapter(self, module):
        return _module_chapter(self.paths[module])

    def objects(self, module):
        """{name: (chapter, where)} for the top-level names ``module`` defines or imports."""
        if module not in self._objects:
            self._objects[module] = {}  # guards against import cycles
            self._objects[module] = self._read(module)
        return self._objects[module]

    def _read(self, module):
        tree = ast.parse(self.paths[module].read_text(encoding="utf-8"))
        own = self.chapter(module)
        found = {}
        for node, after in zip(tree.body, tree.body[1:] + [None]):
            names, doc = [], None
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names, doc = [node.name], ast.get_docstring(node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if (isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                        and isinstance(after.value.value, str)):
                    doc = after.value.value
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and self._inside(node.module):
                base = self._relative(node.module)
                for alias in node.names:
                    found[alias.asname or alias.name] = self.resolve(base, alias.name)
                continue
            match = EXPLAINED.search(doc or "")
            for name in names:
                found[name] = (int(match.group(1)) if match else own, f"{module}.{name}")
        return found

    def resolve(self, module, name):
        """(chapter, dotted name) of ``name`` in ``module``: a submodule, or an object; None if neither."""
        sub = f"{module}.{name}".lstrip(".")
        if sub in self.paths:
            return self.chapter(sub), sub
        return self.objects(module).get(name) if module in self.paths else None

    def _inside(self, dotted):
        return dotted == self.name or (dotted or "").startswith(self.name + ".")

    def _relative(self, dotted):
        return dotted[len(self.name) + 1:]

    def uses(self, sources):
        """(module, name) pairs the code uses from the package; name is None for a module itself.

        Sees ``import nnbook.x [as y]``, ``from nnbook[.x] import a [as b], (c, d)`` and the
        attributes read from what those bind (``viz3.image_grid``, ``nnbook.viz.ch3.f``).
        IPython lines (%magic, !shell) are read as ``pass``.
        """
        trees = [ast.parse(re.sub(r"(?m)^(\s*)[%!].*$", r"\1pass", source)) for source in sources]
        bound, found = {}, set()  # local name -> module it names
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        if self._inside(alias.name):
                            module = self._relative(alias.name) if alias.name != self.name else ""
                            found.add((module, None))
                            bound[alias.asname or self.name] = module if alias.asname else ""
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and self._inside(node.module):
                    base = self._relative(node.module) if node.module != self.name else ""
                    found.add((base, None))
                    for alias in node.names:
                        sub = f"{base}.{alias.name}".lstrip(".")
                        if sub in self.paths or base == "":
                            found.add((sub, None))
                            bound[alias.asname or alias.name] = sub
                        else:
                            found.add((base, alias.name))
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and not isinstance(getattr(node, "ctx", None), ast.Store):
                    chain, inner = [node.attr], node.value
                    while isinstance(inner, ast.Attribute):
                        chain.insert(0, inner.attr)
                        inner = inner.value
                    if not isinstance(inner, ast.Name) or inner.id not in bound:
                        continue
                    module = bound[inner.id]
                    for part in chain:  # walk down submodules; the first other name is an object
                        sub = f"{module}.{part}".lstrip(".")
                        if sub in self.paths:
                            module = sub
                            found.add((module, None))
                        else:
                            found.add((module, part))
                            break
        return found

    def violations(self, sources, chapter):
        """What code in a notebook of ``chapter`` uses from a later chapter, or what does not exist."""
        problems = []
        for module, name in sorted(self.uses(sources), key=lambda u: (u[0], u[1] or "")):
            where = f"{self.name}.{module}".rstrip(".")
            if module not in self.paths:
                problems.append(f"uses {where}, which does not exist")
                continue
            if name is None:  # the module itself (every object used comes with its module)
                introduced = self.chapter(module)
                if introduced is not None and introduced > chapter:
                    problems.append(f"uses {where}, which is introduced in Chapter {introduced}")
                continue
            found = self.resolve(module, name)
            if found is None:
                problems.append(f"uses {where}.{name}, which does not exist")
            elif found[0] is not None and found[0] > chapter:
                origin = f"{self.name}.{found[1]}"
                alias = "" if origin == f"{where}.{name}" else f" (from {origin})"
                problems.append(f"uses {where}.{name}{alias}, which is explained in Chapter {found[0]}")
        return problems


def test_there_are_notebooks_and_modules():
    assert NOTEBOOKS and MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_docstring_starts_with_its_chapter(path):
    assert _module_chapter(path) is not None, (
        f"{path.relative_to(ROOT)}: the module docstring must start with 'Introduced in Chapter N.'")


def _own_objects(package, module):
    """{name: chapter} of what ``module`` itself defines (not what it imports)."""
    return {name: chapter for name, (chapter, where) in package.objects(module).items()
            if where == f"{module}.{name}"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_object_is_explained_before_its_module_is_introduced(path):
    package = Package(PACKAGE)
    module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    early = {name: chapter for name, chapter in _own_objects(package, module).items()
             if chapter < package.chapter(module)}
    assert not early, f"{path.relative_to(ROOT)} (Chapter {package.chapter(module)}): {early}"


# Modules that serve several chapters, where a reader finds each object by its chapter.
PER_CHAPTER = [p for p in MODULES if p.parent.name in ("viz", "exercises") and p.stem.startswith("ch")
               or p.name == "metrics.py"]


@pytest.mark.parametrize("path", PER_CHAPTER, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_public_object_of_a_chapter_module_says_where_it_is_explained(path):
    untold = [node.name for node in ast.parse(path.read_text(encoding="utf-8")).body
              if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")
              and not EXPLAINED.search(ast.get_docstring(node) or "")]
    assert len(PER_CHAPTER) >= 9 and not untold, (
        f"{path.relative_to(ROOT)}: no 'Explained in Chapter N.' in {untold}")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(notebook):
    dirty = [i for i, c in enumerate(_cells(notebook))
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{notebook.name}: cells {dirty} carry outputs; strip them before committing"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_only_what_is_already_introduced(notebook):
    sources = ["".join(c["source"]) for c in _cells(notebook) if c["cell_type"] == "code"]
    problems = Package(PACKAGE).violations(sources, _notebook_chapter(notebook))
    assert not problems, f"{notebook.name} (Chapter {_notebook_chapter(notebook)}): " + "; ".join(problems)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_installs_nnbook_where_it_is_missing(notebook):
    first_code = next(c for c in _cells(notebook) if c["cell_type"] == "code")
    source = "".join(first_code["source"])
    assert "find_spec(\"nnbook\")" in source and "%pip install" in source, (
        f"{notebook.name}: the first code cell must install nnbook when it is missing (Colab, Binder)")


def _toy_package(root):
    """A package whose Chapter 1 module explains one object in Chapter 1 and one in Chapter 4."""
    files = {
        "__init__.py": '"""A toy."""\n',
        "early.py": '"""Introduced in Chapter 1."""\n\n'
                    'def basic():\n    """Explained in Chapter 1."""\n\n\n'
                    'def advanced():\n    """Explained in Chapter 4 (and Chapter 1)."""\n\n\n'
                    'LIMIT = 3\n"""Explained in Chapter 2."""\n\nPLAIN = 1\n',
        "late.py": '"""Introduced in Chapter 3."""\n\nfrom toy.early import advanced as fancy\n',
        "sub/__init__.py": '"""Introduced in Chapter 1."""\n',
        "sub/ch1.py": '"""Introduced in Chapter 1."""\n\nfrom toy.early import basic, advanced\n',
        "sub/ch3.py": '"""Introduced in Chapter 3."""\n\ndef f():\n    """Explained in Chapter 3."""\n',
    }
    for name, text in files.items():
        (root / "toy" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "toy" / name).write_text(text, encoding="utf-8")
    return Package(root / "toy", name="toy")


def test_import_rule_sees_every_import_form(tmp_path):
    toy = _toy_package(tmp_path)
    source = ("import toy.late\nfrom toy.early import basic, PLAIN as p\nfrom toy import early, late as m\n"
              "from toy.sub import (ch1 as s1,\n    ch3)\nimport toy.sub.ch1 as again\n"
              "if True:\n    %pip install toy\n!ls\n")
    uses = toy.uses([source, "s1.basic()\nch3.f()\nm.fancy\ntoy.sub.ch1.advanced\nx = y.basic"])
    assert uses == {("late", None), ("early", None), ("", None), ("sub", None), ("sub.ch1", None),
                    ("sub.ch3", None), ("early", "basic"), ("early", "PLAIN"), ("sub.ch1", "basic"),
                    ("sub.ch3", "f"), ("late", "fancy"), ("sub.ch1", "advanced")}


def test_import_rule_catches_a_later_module_and_a_later_object(tmp_path):
    toy = _toy_package(tmp_path)
    fine = "from toy.early import basic, PLAIN\nfrom toy.sub import ch1 as s\ns.basic()"
    assert toy.violations([fine], 1) == []
    assert toy.violations(["from toy import late"], 2) == ["uses toy.late, which is introduced in Chapter 3"]
    assert toy.violations(["from toy.early import advanced"], 3) == [
        "uses toy.early.advanced, which is explained in Chapter 4"]
    assert toy.violations(["from toy.early import LIMIT"], 1) == [
        "uses toy.early.LIMIT, which is explained in Chapter 2"]
    # Through an attribute of a subpackage module, and through a name another module imported.
    assert toy.violations(["from toy.sub import ch1 as s\ns.advanced()"], 3) == [
        "uses toy.sub.ch1.advanced (from toy.early.advanced), which is explained in Chapter 4"]
    assert toy.violations(["import toy.sub.ch3 as c\nc.f()"], 2) == [
        "uses toy.sub.ch3, which is introduced in Chapter 3",
        "uses toy.sub.ch3.f, which is explained in Chapter 3"]
    assert toy.violations(["from toy.early import missing\nimport toy.nowhere"], 4) == [
        "uses toy.early.missing, which does not exist", "uses toy.nowhere, which does not exist"]


def test_the_real_package_is_read_per_object():
    nnbook = Package(PACKAGE)
    assert nnbook.resolve("optimizers", "SGD")[0] == 3  # "Chapter 3 (plain SGD) and Chapter 4 (...)"
    assert nnbook.resolve("fast.split", "THREADS")[0] == 4  # a constant's docstring
    assert nnbook.violations(["from nnbook.fast.split import THREADS"], 3)
    assert nnbook.resolve("model", "METRICS")[0] == 3


def test_packaging_ships_every_subpackage():
    import fnmatch

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = [".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")]
    missing = [p for p in packages if not any(fnmatch.fnmatch(p, pattern) for pattern in include)]
    assert len(packages) >= 3 and not missing, f"pyproject.toml does not ship {missing}"


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
    # One command builds both editions (scripts/build_book.py), and CI builds them the same way.
    assert "pip install -r requirements.txt" in build and build.endswith("python scripts/build_book.py")
    assert "pip install -r requirements-dev.txt" in test and test.endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci
    assert "python scripts/build_book.py -W -n --keep-going" in ci


def test_dev_requirements_start_with_a_readers():
    """requirements-dev.txt is requirements.txt plus the tools for tests, CI and teachers."""
    lines = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
    entries = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert entries[0] == "-r requirements.txt", entries
    assert any(entry.startswith("nbgrader") for entry in entries), entries
    readers = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "nbgrader" not in readers, "nbgrader is a teacher's tool: requirements-dev.txt, not requirements.txt"


def test_install_cell_installs_from_the_books_repository():
    url = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    for notebook in NOTEBOOKS:
        first_code = next(c for c in _cells(notebook) if c["cell_type"] == "code")
        assert f"git+{url}" in "".join(first_code["source"]), (
            f"{notebook.name}: the install cell must install from {url}, the book's repository")
