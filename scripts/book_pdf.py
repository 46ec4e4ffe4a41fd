"""The whole book as one PDF, for teachers who print: ``_build/pdf/book.pdf``.

    python scripts/book_pdf.py            # build the single-page HTML, then print it
    python scripts/book_pdf.py --no-build # print the single-page HTML already in _build

Jupyter Book builds the book as one HTML page (``--builder singlehtml``, reusing the
execution cache of the HTML build, so no notebook runs twice), and Chromium prints it
with Playwright's ``page.pdf()`` once MathJax has typeset every formula and the saved
widgets have drawn. (Chromium's own ``--print-to-pdf`` can print before the math is
typeset; Jupyter Book's ``pdfhtml`` builder downloads a browser, and ``pdflatex`` needs
a TeX installation.) Animations print their first frame, widgets their starting state,
and solutions stay folded, as a reader first sees them.
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from browser_tests.site_check import SiteServer, chromium_path, redirect_target  # noqa: E402

SINGLE = ROOT / "_build" / "singlehtml"
PDF = ROOT / "_build" / "pdf" / "book.pdf"

_READY_JS = """async () => {
  const views = () => document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]').length;
  const drawn = () => document.querySelectorAll('.widget-subarea').length;
  for (let i = 0; i < 300 && drawn() < views(); i++) await new Promise(r => setTimeout(r, 100));
  if (window.MathJax && MathJax.startup) await MathJax.startup.promise;
  await document.fonts.ready;
  return document.querySelectorAll('mjx-container').length;
}"""

# In the single page, the root page's title is the only h1 and each chapter is an h2.
_CHAPTER_BREAKS = "@media print { .toctree-wrapper > section > h2 { break-before: page; } }"

_FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">'
           '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def build_single_page():
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    subprocess.run([str(jupyter_book), "build", str(ROOT), "--builder", "singlehtml"], check=True,
                   cwd=ROOT)


def print_pdf(single=SINGLE, out=PDF):
    """Print the single page in ``single`` to ``out``; returns the number of formulas typeset."""
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    # The whole book is the root page (book/intro.html), but Sphinx writes its links to
    # _static/ and _images/ as if it sat at the top of the folder: put a copy there.
    root_page = redirect_target(single, "index.html") or "book/intro.html"
    shutil.copy(single / root_page, single / "book.html")
    with SiteServer(single) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        # Nothing outside the book: the PDF is made offline, like the book.
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            (server.origin, "data:", "blob:")) else r.abort())
        page.goto(f"{server.origin}/book.html", wait_until="load", timeout=180_000)
        formulas = page.evaluate(_READY_JS)
        page.add_style_tag(content=_CHAPTER_BREAKS)
        page.pdf(path=str(out), format="A4", print_background=True, display_header_footer=True,
                 header_template="<span></span>", footer_template=_FOOTER,
                 margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
        browser.close()
    return formulas


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true",
                        help="print the single-page HTML already in _build/singlehtml")
    parser.add_argument("--out", type=Path, default=PDF)
    args = parser.parse_args()
    if not args.no_build:
        build_single_page()
    formulas = print_pdf(SINGLE, args.out)
    print(f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}: "
          f"{formulas} formulas typeset")


if __name__ == "__main__":
    main()
