"""Every page of the built book, opened in Chromium at 1280 and 390 px.

The pages are visited once; then each kind of problem is one test, whose failure lists
every page's problems of that kind (``site_check.KINDS`` says what each kind is).
"""

import pytest

from browser_tests.site_check import KINDS, check_site, report


@pytest.fixture(scope="module")
def problems(site):
    found = check_site(site)
    print("\n" + (report(found) or "the browser found no problems"))
    return found


@pytest.mark.parametrize("kind", list(KINDS))
def test_no_problems_of_this_kind(problems, kind):
    these = [p for p in problems if p.kind == kind]
    if these:  # the list alone, without pytest's dump of every problem found
        pytest.fail(report(these, [kind]), pytrace=False)
