"""The browser check itself: a small made-up site with one fault of every kind is caught.

So a green ``test_site.py`` means the book has none of these problems, not that the check
went blind. (The book's own old build, before issue 13's fixes, fails on most kinds too.)
"""

import pytest

from browser_tests.site_check import KINDS, check_site, report

BIG_SCRIPT = "/* padding */\n" * 50_000  # 700 kB

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="big.js"></script>
<script>console.error("a console error")</script>
</head><body>
<button class="search-button-field">Search</button><button class="search-button-field">Search</button>
<article class="bd-article" style="padding: 0 16px">
<p>Raw math: $$x^2$$ and <span class="math notranslate nohighlight">\\(y\\)</span></p>
<div class="math notranslate nohighlight" id="equation-wide"><span class="eqno">(1.1)</span>
  <mjx-container style="display:block; overflow-x:auto"><span style="display:inline-block; width:900px">wide</span>
  </mjx-container></div>
<img src="https://example.com/outside.png" alt="a plot of the loss falling">
<img src="../_images/figure.png" alt="../_images/figure.png">
<img src="../_images/figure.png">
<div class="cell_output"><img src="../_images/wide.png" alt="a wide figure whose text is tiny"
  style="max-width: 100%"></div>
<script type="application/vnd.jupyter.widget-view+json">{"model_id": "x"}</script>
<div class="animation" style="width: 800px"><img id="frame" src="../_images/figure.png" alt="one frame">
  <input type="range" class="anim-slider" value="0">
  <button onclick="play_animation()">play</button></div>
<p id="twice">one</p><p id="twice">two</p>
<a href="nowhere.html">a missing page</a> <a href="#no-such-anchor">a missing anchor</a>
<p><span class="bibtex-citation">[<a class="reference internal" href="#id1">Loy, 2018</a>]</span></p>
<div class="citation" id="id1"><span class="label">[Loy18]</span> Loy, James.</div>
</article>
<script>function play_animation() {}  // never advances
throw new Error("an uncaught error");</script>
</body></html>"""


# A page of the Chinese edition with one sentence and one alt text left in English.
CHINESE_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>
<article class="bd-article"><h1>两层网络</h1><p>这一段已经译成中文，只有 <code>numpy</code> 是英文。</p>
<p>This sentence was never translated into Chinese at all.</p>
<img src="../../_images/figure.png" alt="A line chart of the loss falling over the iterations">
<a class="nnbook-language-switch" href="../../book/page.html">English</a></article></body></html>"""


@pytest.fixture(scope="module")
def faulty_site(tmp_path_factory):
    from PIL import Image

    site = tmp_path_factory.mktemp("site")
    (site / "book").mkdir()
    (site / "_images").mkdir()
    Image.new("RGB", (40, 30), "white").save(site / "_images" / "figure.png", dpi=(100, 100))
    Image.new("RGB", (2400, 300), "white").save(site / "_images" / "wide.png", dpi=(100, 100))
    (site / "book" / "big.js").write_text(BIG_SCRIPT)
    (site / "book" / "page.html").write_text(PAGE)
    (site / "zh_CN" / "book").mkdir(parents=True)
    (site / "zh_CN" / "book" / "page.html").write_text(CHINESE_PAGE, encoding="utf-8")
    (site / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=book/gone.html" />')
    return site


@pytest.fixture(scope="module")
def problems(faulty_site):
    return check_site(faulty_site)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_of_fault_is_caught(problems, kind):
    assert any(p.kind == kind for p in problems), f"no {kind} found in:\n{report(problems)}"


def test_the_report_names_the_page_and_the_fault(problems):
    text = report(problems)
    for expected in ("book/page.html", "example.com/outside.png", "nowhere.html", "#no-such-anchor",
                     "(1.1) [wide]", "[Loy, 2018] in the text, [Loy18] in the list", "big.js",
                     "alt is its file path", "no alt text", "id='twice'", "forwards to book/gone.html",
                     "never translated", "alt text: A line chart", "in the other language"):
        assert expected in text, f"{expected!r} missing from:\n{text}"

