"""The Chinese edition: catalogs complete against the current English, tables complete.

A sentence changed in a notebook or page becomes, after a gettext build and
``sphinx-intl update``, a fuzzy or untranslated entry in its catalog, and Sphinx would show
it in English. ``test_catalogs_translate_the_current_english`` makes those catalogs from the
current English (on a copy of ``locales/``) and fails, listing each such entry, until it is
translated: run ``python scripts/build_book.py --catalogs`` and fill in what
``python scripts/check_translation.py`` lists.
"""

import csv
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from check_translation import check, problems_in, terms  # noqa: E402

CATALOGS = ROOT / "locales" / "zh_CN" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def current_catalogs(tmp_path_factory):
    """The catalogs as ``sphinx-intl update`` leaves them for the English of today."""
    into = tmp_path_factory.mktemp("catalogs")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_book.py"),
                          "--catalogs-into", str(into)], cwd=ROOT, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return into / "locales" / "zh_CN" / "LC_MESSAGES"


def test_catalogs_translate_the_current_english(current_catalogs):
    paths = sorted(current_catalogs.rglob("*.po"))
    pages = {p.relative_to(current_catalogs).with_suffix("").as_posix() for p in paths}
    assert {"book/intro", "book/glossary", "book/teaching", "book/01_two_layer_net/two_layer_net",
            "book/06_gan/gan"} <= pages
    report = check(paths)
    assert not report, (
        f"{len(report)} message(s) of the Chinese edition are missing or out of date. Run "
        "`python scripts/build_book.py --catalogs`, translate them in locales/zh_CN/, and "
        "check with `python scripts/check_translation.py`:\n" + "\n".join(report[:40]))


def test_the_committed_catalogs_are_current(current_catalogs):
    """The catalogs in git hold exactly the messages of today's English (none obsolete)."""
    from babel.messages.pofile import read_po

    def ids(path):
        with open(path, "rb") as f:
            return {m.id for m in read_po(f) if m.id}

    stale = [p.relative_to(current_catalogs).as_posix() for p in current_catalogs.rglob("*.po")
             if not (CATALOGS / p.relative_to(current_catalogs)).exists()
             or ids(p) != ids(CATALOGS / p.relative_to(current_catalogs))]
    assert not stale, (f"locales/ is behind the English text in {stale}: run "
                       "`python scripts/build_book.py --catalogs` and translate what it adds")


def test_display_math_and_code_stay_out_of_the_catalogs():
    from babel.messages.pofile import read_po

    for path in CATALOGS.rglob("*.po"):
        with open(path, "rb") as f:
            for message in read_po(f):
                assert "\\begin{Verbatim}" not in message.id, path
                assert not message.id.lstrip().startswith("\\begin{aligned}"), path


# --- the checker catches what it should --------------------------------------------------

GLOSSARY = {"weight": "权重", "backpropagation": "反向传播"}


@pytest.mark.parametrize("english, chinese, problem", [
    ("The {term}`weights <weight>` change.", "", "not translated"),
    ("Take $x W_1$ and go.", "取 $x W$ 然后继续。", "lost $x W_1$"),
    ("Call `fit` now.", "现在调用 fit。", "lost `fit`"),
    ("See {numref}`fig-a`.", "见图。", "lost {numref}`…<fig-a>`"),
    ("The {term}`weights <weight>` change.", "{term}`参数 <weight>` 变了。",
     "should read '权重'"),
    ("See [the docs](https://a.b/c).", "见[文档](https://a.b/d)。", "lost link to https://a.b/c"),
    ("This sentence has words.", "This sentence has words.", "not in Chinese"),
    ("This sentence has words.", "这句话有词。", "fuzzy"),
])
def test_the_checker_finds_each_kind_of_fault(english, chinese, problem):
    flags = ["fuzzy"] if problem == "fuzzy" else []
    found = problems_in(english, chinese, flags, GLOSSARY)
    assert any(problem in p for p in found), found


def test_the_checker_passes_a_faithful_translation():
    english = "The {term}`weights <weight>` of $W_1$ change when `fit` runs ({numref}`fig-a`)."
    chinese = "运行 `fit` 时，$W_1$ 的{term}`权重 <weight>`会改变（{numref}`fig-a`）。"
    assert problems_in(english, chinese, [], GLOSSARY) == []
    assert problems_in("backpropagation", "反向传播（backpropagation）", [], GLOSSARY,
                       is_glossary=True) == []
    assert problems_in("backpropagation", "反传", [], GLOSSARY, is_glossary=True)


# --- the terms table ----------------------------------------------------------------------


def test_every_glossary_term_has_its_chinese():
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\{glossary\}\n(.*?)```", text, flags=re.S)
    defined = {line.strip() for block in blocks for line in block.splitlines()
               if line and not line.startswith((" ", ":"))}
    table = terms()
    assert len(defined) > 60
    assert not defined - set(table), f"glossary terms missing from book/terms_zh.csv: {defined - set(table)}"
    standard = {"backpropagation": "反向传播", "cross-entropy": "交叉熵", "convolution": "卷积",
                "pooling": "池化", "stochastic gradient descent": "随机梯度下降",
                "momentum": "动量", "generative adversarial network": "生成对抗网络",
                "discriminator": "判别器", "generator": "生成器"}
    assert {k: table.get(k) for k in standard} == standard


def test_terms_table_has_no_repeats():
    with (ROOT / "book" / "terms_zh.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    english = [row["English"] for row in rows]
    assert len(english) == len(set(english))
    assert all(row["中文"].strip() for row in rows)


# --- what code draws and prints, per language ----------------------------------------------


def _fields(text):
    return sorted(field for _, field, _, _ in string.Formatter().parse(text) if field is not None)


@pytest.mark.parametrize("module, name", [
    ("nnbook.viz.style", "LABELS"),
    ("nnbook.exercises.messages", "MESSAGES"),
    ("nnbook.envcheck", "MESSAGES"),
])
def test_each_table_has_the_same_texts_in_chinese(module, name):
    import importlib

    table = getattr(importlib.import_module(module), name)
    english, chinese = table.tables["en"], table.tables["zh_CN"]
    assert set(english) == set(chinese)
    for key in english:
        assert _fields(english[key]) == _fields(chinese[key]), key
        words = re.sub(r"\$[^$]*\$|\{[^}]*\}|[A-Za-z_]+\(|\w*[_.]\w*", " ", english[key])
        if len(re.findall(r"\b[a-z]{3,}\b", words)) >= 1 and english[key] != chinese[key]:
            assert re.search(r"[\u4e00-\u9fff]", chinese[key]), (key, chinese[key])


def test_chinese_figure_text_never_mixes_characters_and_math():
    """matplotlib draws a label with $...$ in it wholly with mathtext, whose fonts have no
    Chinese characters: "损失 $L$" would come out as boxes."""
    from nnbook.viz.style import LABELS

    for key, text in LABELS.tables["zh_CN"].items():
        assert not (re.search(r"[\u4e00-\u9fff]", text) and "$" in text), (key, text)


def test_the_language_comes_from_the_environment(monkeypatch):
    from nnbook.exercises.messages import MESSAGES
    from nnbook.lang import language
    from nnbook.viz.style import LABELS

    monkeypatch.delenv("NNBOOK_LANG", raising=False)
    assert language() == "en" and LABELS["epoch"] == "epoch"
    monkeypatch.setenv("NNBOOK_LANG", "zh-CN")
    assert language() == "zh_CN" and LABELS["epoch"] == "轮"
    assert MESSAGES["returned_none"].startswith("{name} 返回了 None")


def test_a_chinese_verdict_from_a_real_check(monkeypatch):
    from nnbook.exercises.ch1 import check_sigmoid_derivative

    monkeypatch.setenv("NNBOOK_LANG", "zh_CN")
    wrong = check_sigmoid_derivative(lambda a: -a * (1 - a))
    right = check_sigmoid_derivative(lambda a: a * (1 - a))
    assert not wrong and "符号反了" in wrong.message
    assert right and right.message.startswith("做得好")


# --- what the translation route cannot carry: kept out of the sources -----------------------


def _markdown_sources():
    import json

    for path in sorted((ROOT / "book").rglob("*.md")):
        yield path, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                yield path, "".join(cell["source"])


def test_no_footnotes_and_no_titled_note_directives():
    """Footnotes break in translated paragraphs with the MyST that Jupyter Book 1 pins, and
    a title after {warning} or {note} merges into the body's message: use
    ``{admonition} Title`` with ``:class: warning`` instead."""
    titled = re.compile(r"[`:]{3,}\{(warning|note|tip|important|caution|attention|danger|"
                        r"error|hint|seealso)\}[ \t]+\S")
    for path, text in _markdown_sources():
        assert not re.search(r"\[\^[^\]]+\]", text), f"a footnote in {path.relative_to(ROOT)}"
        assert not titled.search(text), f"a titled note directive in {path.relative_to(ROOT)}"
