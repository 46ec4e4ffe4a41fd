"""The built wheel holds all of nnbook: every subpackage and the bundled data (issue 8).

``packages = ["nnbook"]`` in pyproject.toml named the top package only, so a wheel left out
every subpackage (``nnbook/fast/``, ``nnbook/exercises/``, ...), and an installed nnbook
failed on import where an editable install worked. The test builds a real wheel with pip
(offline: no build isolation, no index) from a copy of the repository, with an extra nested
placeholder subpackage, so it keeps holding as subpackages are added.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "nnbook"
PLACEHOLDER = ("zz_placeholder", "zz_placeholder/inner")  # only ever made in the tmp copy


def package_files(root):
    """Every .py file of every package (a directory with __init__.py) under ``root``,
    and every file of ``_data``, as paths relative to ``root.parent`` with '/'."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        folder = Path(folder)
        if "__init__.py" in files:
            found += [folder / name for name in files if name.endswith(".py")]
    found += [path for path in (root / "_data").iterdir() if path.is_file()]
    return sorted(path.relative_to(root.parent).as_posix() for path in found)


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for path in REPO.iterdir():  # pyproject.toml, README.md, ...: whatever the build reads
        if path.is_file():
            shutil.copy2(path, source)
    shutil.copytree(PACKAGE, source / "nnbook",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in PLACEHOLDER:
        (source / "nnbook" / name).mkdir()
        (source / "nnbook" / name / "__init__.py").write_text('"""A placeholder."""\n')
    environment = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(tmp / "dist"), str(source)],
        capture_output=True, text=True, env=environment, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp / "dist").glob("nnbook-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist()), package_files(source / "nnbook")


@pytest.mark.slow
def test_wheel_holds_every_subpackage_and_the_bundled_data(wheel_names):
    names, expected = wheel_names
    missing = [name for name in expected if name not in names]
    assert not missing, f"the wheel lacks {missing}"
    assert "nnbook/_data/mnist_5k.npz" in names and "nnbook/_data/PROVENANCE.md" in names
    for name in PLACEHOLDER:
        assert f"nnbook/{name}/__init__.py" in names


@pytest.mark.slow
def test_wheel_holds_every_file_of_the_repository_package(wheel_names):
    names, _ = wheel_names
    missing = [name for name in package_files(PACKAGE) if name not in names]
    assert not missing, f"the wheel lacks {missing}"
    assert not [name for name in names if name.startswith(("tests/", "book/", "_ext/"))]
