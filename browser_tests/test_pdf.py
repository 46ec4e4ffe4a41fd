"""The one-command PDF of the whole book (``python scripts/book_pdf.py``) builds and reads right."""

import re
import subprocess
import sys
from html import unescape

import pytest

from browser_tests.site_check import ROOT

PDF = ROOT / "_build" / "pdf" / "book.pdf"
RAW_TEX = re.compile(r"\$\$|\\frac|\\begin\{|\\\(|\\\)|\\\[|\\\]|\\mathbf|\\sum_")


@pytest.fixture(scope="module")
def pdf_text():
    from pypdf import PdfReader

    PDF.unlink(missing_ok=True)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "book_pdf.py")], check=True, cwd=ROOT)
    reader = PdfReader(PDF)
    return [page.extract_text() or "" for page in reader.pages]


def test_the_pdf_is_built_with_a_sane_number_of_pages(pdf_text):
    assert 40 <= len(pdf_text) <= 600, f"{PDF.name} has {len(pdf_text)} pages"


def test_the_pdf_holds_every_chapter(pdf_text):
    text = "\n".join(pdf_text)
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    chapters = [c for part in toc["parts"] if part.get("numbered") for c in part["chapters"]]
    for number in range(1, len(chapters) + 1):
        assert re.search(rf"(^|\n)\s*{number}\.\s", text), f"no Chapter {number} heading in the PDF"


def _code_text():
    """All code listings of the printed page, whitespace squeezed: TeX there is source code
    (nnbook's docstrings shown by the book), not math left untypeset."""
    html = (ROOT / "_build" / "singlehtml" / "book.html").read_text(encoding="utf-8")
    listings = re.findall(r"<pre[^>]*>(.*?)</pre>", html, re.S)
    return " ".join(" ".join(unescape(re.sub(r"<[^>]+>", "", code)).split()) for code in listings)


def test_the_pdf_has_no_raw_tex(pdf_text):
    code = _code_text()
    raw = [(i + 1, m.group(0), line.strip()[:100])
           for i, page in enumerate(pdf_text) for line in page.splitlines()
           for m in RAW_TEX.finditer(line) if " ".join(line.split()) not in code]
    assert not raw, "raw TeX in the PDF:\n" + "\n".join(f"page {p}: {t!r} in …{c}…" for p, t, c in raw[:30])
