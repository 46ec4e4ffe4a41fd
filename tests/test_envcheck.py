"""The first-session environment check: it says ready here, and says plainly what is wrong."""

import io

import pytest

from nnbook import envcheck
from nnbook.envcheck import MESSAGES, check_environment


def test_ready_on_this_machine():
    out = io.StringIO()
    report = check_environment(out)
    text = out.getvalue()
    assert report and report.ready and report.problems == []
    assert text.splitlines()[0] == MESSAGES["title"]
    assert text.strip().splitlines()[-1].startswith("READY:")
    for key in ("ch1", "cnn", "figure"):
        assert MESSAGES[key] in text
    assert "numpy" in text and "matplotlib" in text and "nnbook" in text


def test_an_old_or_missing_package_is_named_with_its_fix(monkeypatch):
    monkeypatch.setattr(envcheck, "_packages", lambda: iter([("numpy", "1.20.3", "1.23"),
                                                             ("tqdm", None, "4.60")]))
    ran = []
    monkeypatch.setattr(envcheck, "_chapter_1", lambda: ran.append("ch1"))
    report = check_environment(None)
    assert not report and len(report.problems) == 2
    assert 'numpy 1.20.3 is older than 1.23: run  pip install -U "numpy>=1.23"' in report.problems
    assert 'tqdm is not installed: run  pip install "tqdm>=4.60"' in report.problems
    assert ran == []  # the training steps need those packages: they are not attempted
    assert repr(report).splitlines()[-1] == MESSAGES["not_ready"].format(n=2)


def test_a_failing_step_is_reported_not_raised(monkeypatch):
    def broken():
        raise RuntimeError("BLAS crashed")
    monkeypatch.setattr(envcheck, "_cnn", broken)
    report = check_environment(None)
    assert not report
    assert report.problems == [MESSAGES["failed"].format(what=MESSAGES["cnn"], error="BLAS crashed")]


def test_out_none_prints_nothing(capsys):
    assert check_environment(None)
    assert capsys.readouterr().out == ""


def test_versions_compare_as_numbers():
    assert envcheck._version_tuple("1.10.0") > envcheck._version_tuple("1.9")
    assert envcheck._version_tuple("2.1.0rc1") >= envcheck._version_tuple("2.1")


def test_bad_out_is_refused():
    with pytest.raises(TypeError, match="check_environment expected out, a stream"):
        check_environment(out="stdout")
