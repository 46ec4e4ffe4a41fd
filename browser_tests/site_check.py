"""Open every page of the built book in Chromium, as a reader would, and list what is wrong.

Every page is opened at 1280 px (a laptop) and at 390 px (a phone), served from a local
HTTP server, with every request outside the site blocked and recorded. Each problem is a
``Problem(kind, page, detail)``; ``KINDS`` says what each kind means. ``test_site.py``
fails once per kind, listing every page's problems of that kind, so its output is a to-do
list. Without pytest::

    python -m browser_tests.site_check [_build/html]

prints the whole list and exits non-zero when there is anything on it.

Chromium is Debian's (``/usr/bin/chromium``, or ``$CHROMIUM``) driven by Playwright from
PyPI; Playwright's own browser download is not needed.
"""

import base64
import functools
import io
import os
import re
import shutil
import sys
import threading
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE = ROOT / "_build" / "html"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
SYNC_SCRIPT_LIMIT = 500_000  # bytes
MIN_TEXT_PX = 8  # figure text on a phone

KINDS = {
    "page-error": "an uncaught script error, or a console error",
    "outside-request": "a request to anything but the local site (blocked by the test)",
    "math": "math left as raw TeX, or a TeX error",
    "widget": "a saved widget that did not draw, or a slider with no track",
    "animation": "an animation that does not advance when played",
    "overflow": "at 390 px: a widget, animation or the page wider than the column",
    "equation-overflow": "at 390 px: a display equation wider than its box (it scrolls)",
    "alt-text": "an image without meaningful alt text",
    "figure-text": "at 390 px: a figure shrunk so far that its text is under 8 px",
    "link": "a local link to a missing page or a missing #anchor",
    "blocking-script": "a synchronous script over 500 kB that holds up the first paint",
    "duplicate-id": "an element ID used more than once on a page",
    "citation": "an in-text citation whose label differs from the bibliography's",
    "chrome": "the page's frame: one search button, a link to the general index and one "
              "to the same page in the other language",
    "translation": "on a page of the Chinese edition: a sentence, heading, caption or alt "
                   "text still in English",
}


@dataclass(frozen=True, order=True)
class Problem:
    kind: str
    page: str
    detail: str

    def __str__(self):
        return f"{self.page}: {self.detail}"


def chromium_path():
    """Debian's Chromium, or ``$CHROMIUM``."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise FileNotFoundError(f"no Chromium at {path}: apt-get install chromium, or set CHROMIUM")
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser that hangs up mid-file (a closed tab) is not a problem


class SiteServer:
    """``_build/html`` over HTTP on 127.0.0.1 (a free port), in a thread; a context manager."""

    def __init__(self, site):
        self.site = Path(site)
        handler = functools.partial(_QuietHandler, directory=str(self.site))
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def pages(site):
    """Every HTML page of the book, as paths relative to the site (``book/intro.html``)."""
    site = Path(site)
    skip = {"_static", "_sources", "_images"}
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not skip & set(p.relative_to(site).parts))


# --- what the page itself says, read from the HTML file -----------------------------------


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sync = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        kind = (attrs.get("type") or "text/javascript").lower()
        if (tag == "script" and attrs.get("src") and "async" not in attrs and "defer" not in attrs
                and kind in ("text/javascript", "application/javascript")):
            self.sync.append(attrs["src"])


def blocking_scripts(site, page):
    """Problems for synchronous ``<script src>`` files over ``SYNC_SCRIPT_LIMIT`` bytes."""
    parser = _Scripts()
    parser.feed((Path(site) / page).read_text(encoding="utf-8"))
    problems = []
    for src in parser.sync:
        if "://" in src:
            continue  # an outside script is reported when it is requested
        file = (Path(site) / page).parent / unquote(urlsplit(src).path)
        if file.exists() and file.stat().st_size > SYNC_SCRIPT_LIMIT:
            problems.append(Problem("blocking-script", page, f"{src} ({file.stat().st_size / 1e6:.1f} MB)"
                                    " is loaded without defer or async"))
    return problems


def redirect_target(site, page):
    """Where a page that only forwards the reader (``<meta http-equiv="Refresh">``) points."""
    head = (Path(site) / page).read_text(encoding="utf-8")[:2000]
    found = re.search(r'http-equiv="Refresh"\s+content="\d+;\s*url=([^"]+)"', head, re.I)
    return unquote(found.group(1)) if found else None


def png_dpi(data):
    """The dots per inch a PNG says it was drawn at (matplotlib writes it), else 100."""
    from PIL import Image

    try:
        dpi = Image.open(io.BytesIO(data)).info.get("dpi")
    except Exception:
        return 100.0
    return float(dpi[0]) if dpi and dpi[0] > 1 else 100.0


def image_bytes(site, page, src):
    if src.startswith("data:image/png;base64,"):
        return base64.b64decode(src.split(",", 1)[1])
    path = urlsplit(src).path
    if src.startswith("data:") or not path.endswith(".png"):
        return None
    file = Path(site) / unquote(path.lstrip("/"))
    return file.read_bytes() if file.exists() else None


# --- what the browser sees ----------------------------------------------------------------

_SETTLE_JS = """async () => {
  const views = () => document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]').length;
  const drawn = () => document.querySelectorAll('.widget-subarea').length;
  const renderer = document.querySelector('script[src*="embed-amd"]');  // else nothing will draw
  for (let i = 0; renderer && i < 200 && drawn() < views(); i++) await new Promise(r => setTimeout(r, 100));
  const typeset = window.MathJax && MathJax.startup && MathJax.startup.promise;
  if (typeset) await Promise.race([typeset, new Promise(r => setTimeout(r, 30000))]);
  await new Promise(r => setTimeout(r, 300));
  return true;
}"""

# Everything the page-level checks need, gathered in one pass in the page.
_INSPECT_JS = r"""() => {
  const out = {};
  const main = document.querySelector('article.bd-article') || document.body;
  const cs = getComputedStyle(main), outer = main.getBoundingClientRect();
  const col = {left: outer.left + parseFloat(cs.paddingLeft), right: outer.right - parseFloat(cs.paddingRight)};
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
  const skip = 'pre, code, script, style, textarea, mjx-container, .highlight, .MathJax';
  // raw TeX left in the text
  const raw = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const tex = /\$\$|\\\(|\\\)|\\\[|\\\]|\\frac|\\begin\{|\\mathbf|\\sum|\\partial/;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest(skip)) continue;
    if (tex.test(n.textContent)) raw.push(n.textContent.trim().slice(0, 80));
  }
  out.rawTex = raw;
  out.untypeset = Array.from(main.querySelectorAll('span.math, div.math'))
    .filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.trim().slice(0, 80));
  out.texErrors = Array.from(main.querySelectorAll('mjx-merror')).map(e => e.textContent.slice(0, 80));
  // display equations wider than their box
  const items = e => { try { return MathJax.startup.document.getMathItemsWithin(e); } catch (x) { return []; } };
  out.equations = Array.from(main.querySelectorAll('div.math')).map(e => {
    const m = e.querySelector('mjx-container');
    const eqno = e.querySelector('.eqno');
    const it = items(e)[0];
    return {id: e.id || '', eqno: eqno ? eqno.textContent.replace('#', '').trim() : '',
            box: e.clientWidth, content: m ? m.scrollWidth : 0,
            right: box(e).right, colRight: col.right,
            tex: it ? it.math.trim().replace(/\s+/g, ' ').slice(0, 70) : ''};
  });
  // widgets
  out.widgetViews = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
  out.widgets = Array.from(main.querySelectorAll('.widget-subarea')).map(e => ({
    ...box(e), children: e.children.length, height: e.getBoundingClientRect().height,
    scroll: e.scrollWidth, client: e.clientWidth,
    sliders: Array.from(e.querySelectorAll('.widget-hslider .slider-container, .widget-hslider .slider'))
      .map(s => s.getBoundingClientRect().width),
    labels: Array.from(e.querySelectorAll('.widget-label')).map(l => l.textContent.trim()).filter(Boolean)}));
  // animations
  out.animations = Array.from(main.querySelectorAll('div.animation')).map(e => ({
    ...box(e), parts: Array.from(e.querySelectorAll('img, input, .anim-buttons, button'))
      .map(p => ({tag: p.tagName.toLowerCase(), cls: p.className, ...box(p)}))}));
  out.colLeft = col.left; out.colRight = col.right;
  out.pageScroll = document.documentElement.scrollWidth; out.viewport = window.innerWidth;
  // images
  out.images = Array.from(document.querySelectorAll('img')).filter(i => !i.closest('.bd-header, .bd-sidebar-primary'))
    .map((i, index) => ({index, src: i.getAttribute('src') || '', alt: i.getAttribute('alt'),
                where: i.closest('div.animation') ? 'an animation' : i.closest('.widget-subarea') ? 'in a widget' : '',
                cell: (() => { const c = i.closest('.cell'), pre = c && c.querySelector('.cell_input pre');
                               const lines = pre ? pre.textContent.trim().split('\n') : [];
                               return lines.length ? lines[lines.length - 1].trim().slice(0, 60) : ''; })(),
                role: i.getAttribute('role') || '', natural: i.naturalWidth, shown: i.getBoundingClientRect().width,
                inFigure: !!i.closest('.cell_output, div.animation, .widget-subarea, figure')}));
  // links and ids
  out.links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
  const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id);
  out.ids = ids;
  // citations: in-text labels and the bibliography's
  out.citations = Array.from(main.querySelectorAll('.bibtex-citation a.reference.internal'))
    .map(a => ({href: a.href, text: a.textContent.trim()}));
  out.bibliography = Array.from(document.querySelectorAll('div.citation')).map(d => {
    const l = d.querySelector('.label'); return {id: d.id, label: l ? l.textContent.replace(/^\[|\]$/g, '').trim() : ''};
  });
  // the frame
  const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                         return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  out.searchFields = Array.from(document.querySelectorAll('.search-button-field')).filter(visible).length;
  out.indexLink = !!document.querySelector('a[href$="genindex.html"]');
  out.languageLink = !!document.querySelector('a.nnbook-language-switch[href]');
  // a translated page: text still in English (code, math, outputs in <pre> and the
  // bibliography stay as they are; so does the glossary's English-Chinese table)
  out.lang = document.documentElement.lang || '';
  out.english = [];
  if (/^zh/.test(out.lang)) {
    const english = t => (t.match(/[A-Za-z]{2,}/g) || []).length >= 6 && !/[\u4e00-\u9fff]/.test(t);
    const kept = 'pre, .highlight, .bibliography, div.citation, table.nnbook-terms, script, style';
    for (const el of main.querySelectorAll('p, h1, h2, h3, h4, figcaption, .admonition-title, dt, th, td')) {
      if (el.closest(kept)) continue;
      const clone = el.cloneNode(true);
      clone.querySelectorAll('code, .math, mjx-container, .headerlink, .caption-number').forEach(n => n.remove());
      const text = clone.textContent.replace(/\s+/g, ' ').trim();
      if (english(text)) out.english.push(text.slice(0, 90));
    }
    for (const img of main.querySelectorAll('img[alt]'))
      if (english(img.alt)) out.english.push('alt text: ' + img.alt.slice(0, 80));
  }
  return out;
}"""

_ANIMATION_JS = """async (i) => {
  const a = document.querySelectorAll('div.animation')[i];
  const img = a.querySelector('img'), slider = a.querySelector('input.anim-slider');
  const play = Array.from(a.querySelectorAll('button')).find(b => /play_animation/.test(b.getAttribute('onclick') || ''));
  if (!play) return {ok: false, why: 'no play button'};
  const src = img.src, value = slider ? slider.value : null;
  play.click();
  await new Promise(r => setTimeout(r, 1500));
  const pause = Array.from(a.querySelectorAll('button')).find(b => /pause_animation/.test(b.getAttribute('onclick') || ''));
  if (pause) pause.click();
  return {ok: img.src !== src && (!slider || slider.value !== value),
          why: img.src === src ? 'the frame did not change' : 'the slider did not move'};
}"""


def _alt_problem(image):
    alt = image["alt"]
    if image["role"] == "presentation" and alt == "":
        return None
    if alt is None or not alt.strip():
        return "no alt text"
    name = image["src"].split("?")[0].rsplit("/", 1)[-1]
    if (re.search(r"\.(png|jpe?g|gif|svg|webp)$", alt.strip(), re.I) or "_images/" in alt
            or (name and name in alt)):
        return "alt is its file path"
    if len(alt.strip()) < 4 or alt.strip().lower() in {"image", "figure", "plot", "png", "output"}:
        return f"alt says nothing ({alt!r})"
    return None


def _short(image):
    name = "inline image" if image["src"].startswith("data:") else image["src"].rsplit("/", 1)[-1][:16] + "…"
    where = f", {image['where']}" if image["where"] else ""
    cell = f", from the cell ending `{image['cell']}`" if image.get("cell") else ""
    return f"image {image['index'] + 1} ({name}{where}{cell})"


def inspect_page(context, origin, site, page, width_name, visited, smallest_text_pt):
    """Open ``page`` in a new tab of ``context``, run every check, return the problems."""
    problems = []
    add = lambda kind, detail: problems.append(Problem(kind, page, detail))  # noqa: E731
    print(f"  {width_name:7} {page}", file=sys.stderr, flush=True)
    tab = context.new_page()
    tab.on("pageerror", lambda e: add("page-error", f"[{width_name}] {str(e).splitlines()[0][:160]}"))
    tab.on("console", lambda m: m.type == "error" and add(
        "page-error", f"[{width_name}] console: {m.text.splitlines()[0][:160]}"))
    try:
        tab.goto(f"{origin}/{page}", wait_until="load", timeout=60_000)
        tab.evaluate(_SETTLE_JS)
        info = tab.evaluate(_INSPECT_JS)
    except Exception as e:  # a page that does not load is one problem, not a crash
        add("page-error", f"[{width_name}] did not load: {str(e).splitlines()[0][:160]}")
        tab.close()
        return problems
    phone = width_name == "phone"

    for text in info["rawTex"]:
        add("math", f"raw TeX in the text: {text!r}")
    for text in info["untypeset"]:
        add("math", f"not typeset: {text!r}")
    for text in info["texErrors"]:
        add("math", f"TeX error: {text!r}")

    if len(info["widgets"]) < info["widgetViews"]:
        add("widget", f"[{width_name}] {info['widgetViews'] - len(info['widgets'])} of "
                      f"{info['widgetViews']} saved widgets did not draw")
    for w in info["widgets"]:
        name = "/".join(w["labels"][:2]) or "a widget"
        if w["children"] == 0 or w["height"] < 5:
            add("widget", f"[{width_name}] {name} drew nothing")
        for track in w["sliders"]:
            if track < 40:
                add("widget", f"[{width_name}] {name}: a slider track is {track:.0f} px wide")
        if phone and (w["right"] > info["colRight"] + 1 or w["scroll"] > w["client"] + 1):
            add("overflow", f"widget {name}: {max(w['right'] - info['colLeft'], w['scroll']):.0f} px wide "
                            f"in a {info['colRight'] - info['colLeft']:.0f}-px column")

    for i, a in enumerate(info["animations"]):
        if not phone:
            result = tab.evaluate(_ANIMATION_JS, i)
            if not result["ok"]:
                add("animation", f"animation {i + 1}: {result['why']} when played")
        if phone:
            wide = [p for p in [a, *a["parts"]] if p["right"] > info["colRight"] + 1 or p["left"] < info["colLeft"] - 1]
            if wide:
                worst = max(wide, key=lambda p: p["right"])
                part = f"its {worst['tag']} ({worst['cls'][:30]})" if "tag" in worst else "its box"
                add("overflow", f"animation {i + 1}: {part} reaches {worst['right'] - info['colRight']:.0f}"
                                " px past the column")

    if phone:
        if info["pageScroll"] > info["viewport"] + 1:
            add("overflow", f"the page is {info['pageScroll']} px wide in a {info['viewport']}-px screen")
        for eq in info["equations"]:
            label = eq["id"].removeprefix("equation-") or "unlabelled"
            if eq["content"] > eq["box"] + 1:
                add("equation-overflow", f"{eq['eqno'] or '(no number)'} [{label}] is {eq['content']} px "
                                         f"wide in a {eq['box']}-px box: {eq['tex']}")
            elif eq["right"] > eq["colRight"] + 1:
                add("overflow", f"equation {eq['eqno']} [{label}] reaches past the column")
        for image in info["images"]:
            if not image["inFigure"] or not image["natural"] or not image["shown"]:
                continue
            data = image_bytes(site, page, urljoin(f"/{page}", image["src"]) if not
                               image["src"].startswith("data:") else image["src"])
            if data is None:
                continue
            px = smallest_text_pt * png_dpi(data) / 72 * image["shown"] / image["natural"]
            if px < MIN_TEXT_PX - 0.05:
                add("figure-text", f"{_short(image)}: {image['natural']} px drawn at "
                                   f"{image['shown']:.0f} px, so {smallest_text_pt:g}-pt text is {px:.1f} px")
    else:
        for image in info["images"]:
            why = _alt_problem(image)
            if why:
                add("alt-text", f"{_short(image)}: {why}")
        repeated = sorted({i for i in info["ids"] if info["ids"].count(i) > 1})
        for i in repeated:
            add("duplicate-id", f"id={i!r} is used {info['ids'].count(i)} times")
        if info["searchFields"] > 1:
            add("chrome", f"{info['searchFields']} search fields are shown")
        if not info["indexLink"] and not page.endswith("genindex.html"):
            add("chrome", "no link to the general index (genindex.html)")
        if not info["languageLink"] and page.startswith(("book/", "zh_CN/book/")):
            add("chrome", "no link to this page in the other language")
        for text in dict.fromkeys(info["english"]):
            add("translation", f"in English: {text!r}")
        visited[page] = {"ids": set(info["ids"]), "links": info["links"],
                         "citations": info["citations"], "bibliography": info["bibliography"]}
    tab.close()
    return problems


def link_problems(site, origin, visited):
    """Local links to missing files or to #anchors that the target page does not have."""
    problems = set()
    for page, seen in visited.items():
        for href in seen["links"]:
            if not href.startswith(origin + "/"):
                continue
            parts = urlsplit(href)
            target = unquote(parts.path.lstrip("/")) or "index.html"
            file = Path(site) / target
            if file.is_dir():
                file, target = file / "index.html", f"{target.rstrip('/')}/index.html".lstrip("/")
            if not file.exists():
                problems.add(Problem("link", page, f"{parts.path} does not exist"))
            elif parts.fragment and target in visited:
                if unquote(parts.fragment) not in visited[target]["ids"]:
                    problems.add(Problem("link", page, f"{parts.path}#{parts.fragment}: no such anchor"))
    return sorted(problems)


def citation_problems(origin, visited):
    labels = {}
    for page, seen in visited.items():
        for entry in seen["bibliography"]:
            labels[f"{origin}/{page}#{entry['id']}"] = entry["label"]
    problems = set()
    for page, seen in visited.items():
        for cite in seen["citations"]:
            label = labels.get(cite["href"])
            if label is not None and label != cite["text"]:
                problems.add(Problem("citation", page, f"[{cite['text']}] in the text, [{label}] in the list"))
    return sorted(problems)


def check_site(site=DEFAULT_SITE, only=None):
    """Every problem on every page of the built book at ``site`` (``only``: a list of pages)."""
    from playwright.sync_api import sync_playwright

    try:
        from nnbook.viz.style import SMALLEST_TEXT_PT
    except ImportError:  # a book built before the figure style had one
        SMALLEST_TEXT_PT = 10
    site = Path(site)
    todo = only or pages(site)
    problems, visited, outside = [], {}, defaultdict(set)
    with SiteServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        for width_name, (w, h) in WIDTHS.items():
            phone = width_name == "phone"
            context = browser.new_context(viewport={"width": w, "height": h}, is_mobile=phone,
                                          has_touch=phone)
            current = {}

            def route(r):  # one argument: Playwright passes (route, request) to a two-argument handler
                url = r.request.url
                if url.startswith(server.origin) or url.startswith(("data:", "blob:")):
                    r.continue_()
                else:
                    outside[current.get("page", "?")].add(url)
                    r.abort()

            context.route("**/*", route)
            for page in todo:
                if redirect_target(site, page) is not None:
                    continue  # index.html only forwards to the first page: its target is checked
                current["page"] = page
                problems += inspect_page(context, server.origin, site, page, width_name, visited,
                                         SMALLEST_TEXT_PT)
            context.close()
        browser.close()
        for page in todo:
            problems += blocking_scripts(site, page)
            target = redirect_target(site, page)
            if target is not None and not ((site / page).parent / target).exists():
                problems.append(Problem("link", page, f"forwards to {target}, which does not exist"))
        problems += link_problems(site, server.origin, visited)
        problems += citation_problems(server.origin, visited)
    for page, urls in outside.items():
        problems += [Problem("outside-request", page, url) for url in sorted(urls)]
    # One of each, grouped by kind and page, in the order found (image 3 before image 10).
    return sorted(dict.fromkeys(problems), key=lambda p: (p.kind, p.page))


def report(problems, kinds=None):
    """The problems as a to-do list: by kind, then by page."""
    lines = []
    for kind in kinds or KINDS:
        these = [p for p in problems if p.kind == kind]
        if not these:
            continue
        lines.append(f"== {kind}: {KINDS[kind]} ({len(these)})")
        by_page = defaultdict(list)
        for p in these:
            by_page[p.page].append(p.detail)
        for page, details in by_page.items():
            lines.append(f"  {page}")
            lines += [f"    - {d}" for d in details]
    return "\n".join(lines)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    problems = check_site(Path(argv[0]) if argv else DEFAULT_SITE)
    print(report(problems) or "no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
