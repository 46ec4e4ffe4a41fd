"""The built book to test: ``_build/html``, or the folder in ``$NNBOOK_HTML``."""

import os
from pathlib import Path

import pytest

from browser_tests.site_check import DEFAULT_SITE


@pytest.fixture(scope="session")
def site():
    path = Path(os.environ.get("NNBOOK_HTML", DEFAULT_SITE))
    if not (path / "index.html").exists():
        pytest.fail(f"no built book at {path}: run `python scripts/build_book.py` first (or set NNBOOK_HTML)")
    return path
