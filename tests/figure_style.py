"""The book's figure style, checked on every figure a test of ``nnbook.viz`` draws.

No figure is wider than ``style.MAX_WIDTH_IN`` and no text is smaller than
``style.SMALLEST_TEXT_PT``, so on a 390-px phone no figure text falls under about 8 px
(see ``nnbook.viz.style``). Each ``test_viz_*`` module imports the autouse fixture below;
figures are checked when they are closed (also by ``nnbook.viz`` itself) and at the end of
each test.
"""

import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Text

from nnbook.viz.style import MAX_WIDTH_IN, SMALLEST_TEXT_PT


def figure_style_problems():
    """What breaks the figure style in the figures open now, one line per problem."""
    problems = []
    for number in plt.get_fignums():
        fig = plt.figure(number)
        width = fig.get_figwidth()
        if width > MAX_WIDTH_IN + 1e-9:
            problems.append(f"a figure is {width:.2f} in wide (at most {MAX_WIDTH_IN})")
        small = sorted({(t.get_fontsize(), t.get_text()) for t in fig.findobj(Text)
                        if t.get_visible() and t.get_text().strip()
                        and t.get_fontsize() < SMALLEST_TEXT_PT - 1e-9})
        problems += [f"{text!r} is {size:g} pt (at least {SMALLEST_TEXT_PT})" for size, text in small]
    return problems


@pytest.fixture(autouse=True)
def figures_keep_the_book_style(monkeypatch):
    found = []
    close = plt.close

    def checked_close(fig=None):
        found.extend(figure_style_problems())
        close(fig)

    monkeypatch.setattr(plt, "close", checked_close)
    yield
    found.extend(figure_style_problems())
    assert not found, "the figure style is broken:\n" + "\n".join(dict.fromkeys(found))
