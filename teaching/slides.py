"""Build one reveal.js slide deck per chapter, for teachers, with no network.

    python teaching/slides.py                              # every chapter that has slides
    python teaching/slides.py --chapter 01_two_layer_net   # one chapter (repeatable)

The decks go to ``_build/slides/`` (``--out`` to change): ``index.html`` links them,
and ``assets/`` beside them holds reveal.js, jQuery and require.js (vendored in
``_vendor/``, see its README) and MathJax 3 (from the PyPI package
``django-static-mathjax``, like the book). Nothing is loaded from a CDN, so the folder
works opened from disk or from any static server, offline.

Which cells become slides: cell tags in the chapter's notebooks
--------------------------------------------------------------
``slide``           starts a new slide with this cell.
``subslide``        starts a slide below the current one (reveal.js's vertical stack).
``fragment``        appears on the current slide at the next click.
``slide-continue``  goes on the current slide, below what is there.
``slide-code``      (with one of the above) a code cell shows its code too.
``slide-text``      (with one of the above) a markdown cell shows all its text.

Untagged cells are left out. On a slide, a markdown cell shows its headings and its
display equations (``$$ ... $$``) only, or its whole text when it has neither or is
tagged ``slide-text``; MyST-only syntax (equation labels, ``{cite}`` roles, directive
fences) is reduced to plain Markdown. A code cell shows its rich outputs (figures,
HTML tables, animations) and no code, printed text or prompts, unless tagged
``slide-code``. Widgets need a kernel and are left out. Start each chapter with its
H1 cell tagged ``slide``: it is the title slide, and its heading names the deck.

A chapter folder may hold several notebooks: they make one deck, in the order of
``_toc.yml``. The tags are mapped onto nbconvert's ``slideshow.slide_type`` metadata on
a copy; the notebooks themselves are never written.

Outputs come from the book build's jupyter-cache (``_build/.jupyter_cache``) when it
holds the notebook's current code (build the book first, and the decks take seconds),
else the notebook is executed here with nbclient. A failing cell stops the build; the
decks are written only when every requested one has been made, so a failure leaves
the previous ``_build/slides/`` as it was.
"""

import argparse
import copy
import json
import re
import shutil
import sys
import tempfile
import time
from html import escape
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
VENDOR = ROOT / "_vendor"
DEFAULT_OUT = ROOT / "_build" / "slides"
DEFAULT_CACHE = ROOT / "_build" / ".jupyter_cache"
CELL_TIMEOUT = 600  # seconds per cell when a notebook has to be executed here

SLIDE_TYPES = {"slide": "slide", "subslide": "subslide", "fragment": "fragment",
               "slide-continue": "-"}
HIDE_INPUT = "nnbook-slides-hide-input"  # set on the copy only
RICH_OUTPUTS = ("image/png", "image/jpeg", "image/svg+xml", "text/html")

# What the decks load, relative to the deck: (source, destination in assets/).
VENDORED = [("reveal.js", "reveal.js"), ("jquery", "jquery"), ("requirejs", "requirejs")]
MATHJAX_FILES = ["tex-chtml-full.js", "output/chtml/fonts/woff-v2"]

# The reveal template of nbconvert, with every CDN address replaced by a local one:
# MathJax 3 (configured like nbconvert's MathJax 2: $...$ and $$...$$), no mermaid
# (the book has no diagrams; nbconvert imports it from a CDN on every page), and a
# start-up script without MathJax 2's Hub, sized for a 16:9 projector.
TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script>
window.MathJax = {
  tex: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
        processEscapes: true, processEnvironments: true},
  chtml: {scale: 1.4},
  options: {enableMenu: false}
};
</script>
<script src="assets/mathjax/tex-chtml-full.js"></script>
<style type="text/css">
:root {
  --jp-content-font-size1: 26px;
  --jp-ui-font-size1: 24px;
  --jp-code-font-size: 20px;
}
.reveal .slides h1, .reveal .slides h2, .reveal .slides h3 { text-transform: none; }
.reveal .jp-RenderedHTMLCommon h1 { font-size: 2.2em; margin-top: 1.5em; }
.reveal .jp-RenderedHTMLCommon h2 { font-size: 1.6em; }
.reveal .jp-RenderedHTMLCommon h3 { font-size: 1.3em; }
.reveal .jp-OutputArea-output > img { height: 520px; width: auto; max-width: 100%; object-fit: contain; }
.reveal .jp-OutputArea-output { display: flex; justify-content: center; }
.reveal mjx-container[display="true"] { margin: 0.6em 0; }
/* matplotlib's to_jshtml() buttons use Font Awesome 4 classes; glyphs instead of its fonts */
.reveal .anim-buttons i.fa { font-style: normal; }
.fa-minus::before { content: "\2212"; } .fa-plus::before { content: "+"; }
.fa-fast-backward::before { content: "|\25C0\25C0"; } .fa-step-backward::before { content: "|\25C0"; }
.fa-play::before { content: "\25B6"; } .fa-play.fa-flip-horizontal::before { content: "\25C0"; }
.fa-pause::before { content: "\275A\275A"; }
.fa-step-forward::before { content: "\25B6|"; } .fa-fast-forward::before { content: "\25B6\25B6|"; }
</style>
{%- endblock html_head_js_mathjax -%}
{% block footer_js %}
<script>
require({waitSeconds: 15},
  ["{{ reveal_url_prefix }}/dist/reveal.js", "{{ reveal_url_prefix }}/plugin/notes/notes.js"],
  function (Reveal, RevealNotes) {
    // MathJax 3 does not break long equations: shrink one that is wider than its slide.
    function fitMath(slide) {
      if (!slide) return;
      slide.querySelectorAll('mjx-container[display="true"]').forEach(function (m) {
        // MathJax sets the container's font-size itself (its scale): shrink from there.
        if (!m.dataset.size) m.dataset.size = parseFloat(m.style.fontSize) || 100;
        m.style.fontSize = m.dataset.size + "%";
        if (m.scrollWidth > m.clientWidth && m.clientWidth > 0)
          m.style.fontSize = (m.dataset.size * m.clientWidth / m.scrollWidth).toFixed(1) + "%";
      });
    }
    Reveal.initialize({controls: true, progress: true, history: true, center: false,
                       transition: "{{ reveal_transition }}", slideNumber: "c/t",
                       plugins: [RevealNotes], width: 1280, height: 720, margin: 0.05})
      .then(function () { return MathJax.startup.promise; })
      .then(function () { fitMath(Reveal.getCurrentSlide()); });
    Reveal.addEventListener("slidechanged", function (event) { fitMath(event.currentSlide); });
  });
</script>
{% endblock footer_js %}
"""


class SlidesError(Exception):
    """A problem the user can fix: the message says what and how."""


# -- chapters and notebooks --------------------------------------------------------

def chapters():
    """Chapter folder names, in order: book/NN_name/ holding at least one notebook."""
    return sorted(p.name for p in BOOK.iterdir()
                  if p.is_dir() and re.match(r"\d\d_", p.name) and any(p.glob("*.ipynb")))


def _toc_files():
    import yaml

    order = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                order.append(str(node["file"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))
    return order


def notebooks(chapter):
    """The chapter's notebooks in the order of _toc.yml (all of them, sorted, if none is listed)."""
    folder = BOOK / chapter
    listed = []
    for entry in _toc_files():
        path = ROOT / (entry if entry.endswith(".ipynb") else entry + ".ipynb")
        if path.parent == folder and path.exists() and path not in listed:
            listed.append(path)
    return listed or sorted(folder.glob("*.ipynb"))


def slide_tags(cell):
    return [t for t in cell.get("metadata", {}).get("tags", []) if t in SLIDE_TYPES]


# -- outputs: from the book's cache, else executed here -----------------------------

def executed(path, cache_dir):
    """(notebook with outputs, "cache" or "executed") for the notebook at ``path``."""
    nb = nbformat.read(path, as_version=4)
    if cache_dir and (Path(cache_dir) / "global.db").exists():
        from jupyter_cache import get_cache

        cache = get_cache(str(cache_dir))
        try:
            _, merged = cache.merge_match_into_notebook(nb)
            return merged, "cache"
        except KeyError:
            pass  # the cache holds an older version of this notebook
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(nb, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as error:
        raise SlidesError(f"{path.relative_to(ROOT)} failed to run, so no deck was written:\n{error}") from None
    return nb, "executed"


# -- from a tagged notebook to slide cells -------------------------------------------

ROLE = re.compile(r"\s?\{(cite|cite:\w+)\}`[^`]*`|\{[\w:-]+\}`([^`]*)`")
EQ_LABEL = re.compile(r"^(\s*\$\$)\s*\([^)\n]*\)\s*$", re.MULTILINE)


def _role(match):
    if match.group(1):  # citations: the book's reference list is not on the slides
        return ""
    text = match.group(2)
    return re.sub(r"^(.*?)\s*<.*>$", r"\1", text) or text


def plain_markdown(source):
    """MyST-only syntax reduced to what nbconvert's Markdown understands."""
    source = EQ_LABEL.sub(r"\1", source)
    source = ROLE.sub(_role, source)
    out, lines, i = [], source.split("\n"), 0
    while i < len(lines):
        fence = re.match(r"^(`{3,}|:{3,})\{([\w-]+)\}\s*(.*)$", lines[i])
        if not fence:
            out.append(lines[i])
            i += 1
            continue
        marker, name, title = fence.groups()
        body, i = [], i + 1
        while i < len(lines) and lines[i].strip() != marker:
            body.append(lines[i])
            i += 1
        i += 1
        while body and re.match(r"^:[\w-]+:", body[0]):  # directive options
            body.pop(0)
        if name == "math":
            out += ["$$", *body, "$$"]
        else:
            out += ([f"**{title}**", ""] if title else []) + body
    return "\n".join(out)


def key_lines(source):
    """Headings and display equations of a markdown cell, or None when it has neither.

    A heading with no equation under it (before the next heading) is dropped, unless
    the cell has no equation at all: then its headings are the slide.
    """
    items, lines, i = [], source.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        if re.match(r"^#{1,6}\s", line):
            items.append(("heading", line))
        elif line.strip().startswith("$$"):
            block = [line]
            if line.strip() == "$$" or not line.strip()[2:].rstrip().endswith("$$"):
                i += 1
                while i < len(lines) and "$$" not in lines[i]:
                    block.append(lines[i])
                    i += 1
                if i < len(lines):
                    block.append(lines[i])
            items.append(("math", "\n".join(block)))
        i += 1
    if not items:
        return None
    if any(kind == "math" for kind, _ in items):
        items = [(kind, text) for n, (kind, text) in enumerate(items)
                 if kind == "math" or (n + 1 < len(items) and items[n + 1][0] == "math")]
    return "\n\n".join(text for _, text in items)


def slide_cells(nb, prefix):
    """The cells of ``nb`` that go on slides, changed for the slides, as new cells."""
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        kinds = slide_tags(cell)
        if not kinds:
            continue
        if len(kinds) > 1:
            raise SlidesError(f"cell {index} has more than one of {sorted(SLIDE_TYPES)}: {kinds}")
        cell = copy.deepcopy(cell)
        cell["id"] = f"{prefix}-{cell.get('id', index)}"
        cell.metadata["slideshow"] = {"slide_type": SLIDE_TYPES[kinds[0]]}
        cell.metadata["tags"] = [t for t in tags if t not in ("remove-input", "hide-input", "remove-output")]
        if cell.cell_type == "markdown":
            source = plain_markdown(cell.source)
            if "slide-text" not in tags:
                source = key_lines(source) or source
            cell.source = source
        elif cell.cell_type == "code" and "slide-code" not in tags:
            cell.metadata["tags"].append(HIDE_INPUT)
            cell.outputs = [o for o in cell.get("outputs", [])
                            if o.output_type in ("display_data", "execute_result")
                            and any(m in o.get("data", {}) for m in RICH_OUTPUTS)]
        cells.append(cell)
    return cells


def deck_title(cells, chapter):
    for cell in cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return chapter


def build_deck(chapter, cache_dir):
    """(title, HTML, slide count, how the outputs were got) for one chapter."""
    from nbconvert import SlidesExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from jinja2 import DictLoader

    sources = notebooks(chapter)
    tagged = [p for p in sources if any(slide_tags(c) for c in nbformat.read(p, as_version=4).cells)]
    if not tagged:
        raise SlidesError(f"{chapter} has no cell tagged 'slide' in {', '.join(p.name for p in sources)}; "
                          "see `python teaching/slides.py --help` for the tags")
    deck, how = None, []
    for number, path in enumerate(tagged):
        nb, source = executed(path, cache_dir)
        how.append(source)
        cells = slide_cells(nb, f"nb{number}")
        if deck is None:
            deck = copy.deepcopy(nb)
            deck.cells = []
            deck.metadata.pop("widgets", None)  # widgets need a kernel; none are on slides
        deck.cells += cells
    title = deck_title(deck.cells, chapter)
    deck.metadata["title"] = title

    exporter = SlidesExporter(
        extra_loaders=[DictLoader({"nnbook_slides.html.j2": TEMPLATE})],
        template_file="nnbook_slides.html.j2",
        reveal_url_prefix="assets/reveal.js",
        reveal_theme="white",  # the vendored theme; "simple", the default, imports Google fonts
        jquery_url="assets/jquery/jquery.min.js",
        require_js_url="assets/requirejs/require.js",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={HIDE_INPUT}), enabled=True)
    html, _ = exporter.from_notebook_node(deck, resources={"metadata": {"name": title}})
    slides = sum(1 for c in deck.cells if c.metadata["slideshow"]["slide_type"] in ("slide", "subslide"))
    return title, html, slides, "+".join(how)


# -- writing: everything into a staging folder, then moved into place -------------

def copy_assets(dest):
    import mathjax

    for source, target in VENDORED:
        shutil.copytree(VENDOR / source, dest / target)
    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    for part in MATHJAX_FILES:
        src, out = es5 / part, dest / "mathjax" / part
        out.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, out)
    shutil.copy2(es5.parent / "LICENSE", dest / "mathjax" / "LICENSE")


def index_page(decks):
    items = "\n".join(f'  <li><a href="{escape(name)}.html">{escape(title)}</a></li>' for name, title in decks)
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            "<title>Neural Networks from Scratch: slides</title>\n"
            "<style>body { font-family: sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.6; }</style>\n"
            "</head>\n<body>\n<h1>Neural Networks from Scratch: slides</h1>\n"
            f"<ol>\n{items}\n</ol>\n</body>\n</html>\n")


def write(built, out):
    """Put the decks, a fresh assets/ folder and the index into ``out`` (decks of other chapters stay)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".slides-", dir=out.parent))
    try:
        copy_assets(staging / "assets")
        for chapter, (title, html, _, _) in built.items():
            (staging / f"{chapter}.html").write_text(html, encoding="utf-8")
        present = [c for c in chapters() if c in built or (out / f"{c}.html").exists()]
        titles = {c: built[c][0] if c in built else deck_title(
            [cell for p in notebooks(c) for cell in nbformat.read(p, as_version=4).cells], c) for c in present}
        (staging / "index.html").write_text(index_page([(c, titles[c]) for c in present]), encoding="utf-8")
        out.mkdir(exist_ok=True)
        if (out / "assets").exists():
            (out / "assets").rename(staging / "old-assets")
        (staging / "assets").rename(out / "assets")
        for item in staging.glob("*.html"):
            item.replace(out / item.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Build the chapters' slide decks (reveal.js, offline) from tagged notebook cells.",
        epilog="Tags: see the module docstring of teaching/slides.py.")
    parser.add_argument("--chapter", action="append", metavar="NAME",
                        help="a chapter folder under book/, e.g. 01_two_layer_net (repeatable; default: all with slides)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="the book build's jupyter-cache to take outputs from (default: %(default)s)")
    args = parser.parse_args(argv)

    known = chapters()
    wanted = args.chapter or known
    unknown = [c for c in wanted if c not in known]
    if unknown:
        parser.error(f"unknown chapter {', '.join(map(repr, unknown))}; the chapters are: {', '.join(known)}")
    try:
        built = {}
        for chapter in wanted:
            if not args.chapter and not any(slide_tags(c) for p in notebooks(chapter)
                                            for c in nbformat.read(p, as_version=4).cells):
                print(f"{chapter}: no cell tagged 'slide', no deck")
                continue
            start = time.perf_counter()
            built[chapter] = build_deck(chapter, args.cache)
            title, _, count, how = built[chapter]
            print(f"{chapter}: {count} slides, outputs from {how}, {time.perf_counter() - start:.1f} s")
        if not built:
            raise SlidesError("no chapter has slides yet: tag cells 'slide' (see --help)")
        write(built, args.out.resolve())
    except SlidesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"decks in {args.out}: open index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
