"""teaching/slides.py: Chapter 1's deck loads nothing from the network, and in a real
browser, offline, its equations are typeset and reveal.js runs."""

import importlib.util
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


def load_slides():
    spec = importlib.util.spec_from_file_location("slides", ROOT / "teaching" / "slides.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    assert load_slides().main(["--chapter", "01_two_layer_net", "--out", str(out)]) == 0
    return out / "01_two_layer_net.html"


def test_unknown_chapter_lists_the_chapters(capsys):
    with pytest.raises(SystemExit) as stop:
        load_slides().main(["--chapter", "01_two_layer_nets"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "unknown chapter '01_two_layer_nets'" in err and "01_two_layer_net, " in err


@pytest.mark.slow
def test_deck_loads_only_local_files(deck):
    html = deck.read_text(encoding="utf-8")
    refs = re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)=[\"']([^\"']*)[\"']", html)
    refs += re.findall(r"\bimport\s+\w+\s+from\s+[\"']([^\"']*)[\"']", html)
    assert any(r.endswith("reveal.js/dist/reveal.css") for r in refs)
    for ref in refs:
        assert not REMOTE.match(ref), f"the deck loads {ref} from the network"
        if not ref.startswith("data:"):
            assert (deck.parent / ref).is_file(), f"the deck loads {ref}, which is not beside it"
    # Scripts the deck asks require.js for, and what the style sheets pull in.
    for ref in re.findall(r"\"([^\"]+\.js)\"", html.split("require(", 1)[1]):
        assert not REMOTE.match(ref) and (deck.parent / ref).is_file(), ref
    for css in (deck.parent / "assets").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for ref in re.findall(r"url\(\s*[\"']?([^\"')\s]+)", text) + re.findall(r"@import\s+[\"']([^\"']+)", text):
            assert not REMOTE.match(ref), f"{css.name} loads {ref} from the network"
            if ref.split("?")[0].endswith((".woff", ".woff2", ".css")):
                assert (css.parent / ref).is_file(), f"{css.name} loads {ref}, which is missing"


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium")
def test_deck_renders_offline_in_a_browser(deck):
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}",
             # offline: every name fails to resolve and every proxy connection is refused
             "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
             "--window-size=1280,720", "--virtual-time-budget=15000", "--dump-dom", deck.as_uri()],
            capture_output=True, text=True, timeout=90, check=True).stdout
    assert re.search(r'<div class="reveal\b[^"]*\bready\b', dom), "reveal.js did not start"
    assert re.search(r'<section[^>]*class="[^"]*\bpresent\b', dom), "no slide is shown"
    slides = dom.split('<div class="slides"', 1)[1]
    visible = re.sub(r"<(script|style)\b.*?</\1>", "", slides, flags=re.DOTALL)
    assert visible.count('<mjx-container class="MathJax" jax="CHTML" display="true"') >= 6
    assert "$$" not in visible and "\\frac" not in visible, "raw TeX left on a slide"
