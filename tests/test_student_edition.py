"""teaching/student_edition.py: the student edition, a folder and a zip, for classes without nbgrader."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from teaching import course, student_edition
from teaching.student_edition import NAME, main

CHAPTERS = course.chapters()


def _written(out):
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


@pytest.mark.parametrize("argv, message", [
    (["07_nowhere"], "unknown chapter '07_nowhere': expected one of 01_two_layer_net"),
    ([CHAPTERS[0], CHAPTERS[0]], "a chapter is named twice"),
    (["--out", str(course.BOOK / "student")], "--out must be outside the book's chapters"),
])
def test_bad_arguments_are_refused_clearly(argv, message, capsys):
    with pytest.raises(SystemExit) as exit:
        main(argv)
    assert exit.value.code == 2
    assert message in capsys.readouterr().err


def test_out_must_be_a_folder(tmp_path, capsys):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("")
    with pytest.raises(SystemExit):
        main(["--out", str(a_file)])
    assert f"--out must be a folder, but {a_file} is a file" in capsys.readouterr().err


def test_a_failure_leaves_the_previous_edition_and_nothing_half_written(tmp_path, monkeypatch, capsys):
    (tmp_path / NAME).mkdir()
    (tmp_path / NAME / "old.txt").write_text("the previous edition")

    def fails(*args):
        raise course.NbgraderFailed("nbgrader exited with 1: boom")

    monkeypatch.setattr(course, "nbgrader", fails)
    assert main([CHAPTERS[0], "--out", str(tmp_path)]) == 1
    assert "student edition not written: nbgrader exited with 1: boom" in capsys.readouterr().err
    assert _written(tmp_path) == [NAME]  # no zip, no scratch folder
    assert [p.name for p in (tmp_path / NAME).iterdir()] == ["old.txt"]


def test_a_new_edition_replaces_the_old_one_whole(tmp_path, monkeypatch, capsys):
    (tmp_path / NAME).mkdir()
    (tmp_path / NAME / "old.txt").write_text("the previous edition")

    def build(edition, chapters, work):
        edition.mkdir()
        (edition / "new.txt").write_text(" ".join(chapters))

    monkeypatch.setattr(student_edition, "build", build)
    assert main([CHAPTERS[0], "--out", str(tmp_path)]) == 0
    assert str(tmp_path / NAME) in capsys.readouterr().out
    assert _written(tmp_path) == [NAME, f"{NAME}.zip"]
    assert [p.name for p in (tmp_path / NAME).iterdir()] == ["new.txt"]
    assert zipfile.ZipFile(tmp_path / f"{NAME}.zip").namelist() == [f"{NAME}/", f"{NAME}/new.txt"]


@pytest.mark.slow
def test_the_edition_holds_every_chapter_without_solutions_and_runs_alone(tmp_path):
    """The one command, as a teacher runs it (default: every chapter)."""
    done = subprocess.run([sys.executable, str(course.ROOT / "teaching" / "student_edition.py"),
                           "--out", str(tmp_path)], env=course.environment(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / NAME
    assert str(folder) in done.stdout and _written(tmp_path) == [NAME, f"{NAME}.zip"]
    for name in CHAPTERS:
        books = [p.name for p in course.notebooks(course.BOOK / name)]
        assert [p.name for p in course.notebooks(folder / name)] == books
        for path in course.notebooks(folder / name):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "".join("".join(c["source"]) for c in cells)
            assert "BEGIN SOLUTION" not in text and "{solution}" not in text, path
            # Every answer place is a stub: code to write, or a written answer.
            stubs = [c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
            assert stubs, path
            for cell in stubs:
                stub = "raise NotImplementedError()" if cell["cell_type"] == "code" else "YOUR ANSWER HERE"
                assert stub in "".join(cell["source"]), (path, cell.get("id"))
    for name in ["README.md", "pyproject.toml", "requirements.txt", "nnbook/__init__.py", "nnbook/_data"]:
        assert (folder / name).exists(), name
    assert not list(folder.rglob("__pycache__"))
    on_disk = sorted(str(p.relative_to(tmp_path)) for p in folder.rglob("*") if p.is_file())
    zipped = sorted(n for n in zipfile.ZipFile(tmp_path / f"{NAME}.zip").namelist() if not n.endswith("/"))
    assert zipped == on_disk
    # Outside the book's repository, the notebooks import the edition's own nnbook.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([sys.executable, "-c", "import nnbook; print(nnbook.__file__)"],
                           cwd=folder, env=env, capture_output=True, text=True, check=True).stdout
    assert where.strip() == str(folder / "nnbook" / "__init__.py")
