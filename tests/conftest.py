"""Every figure a test of ``nnbook.viz`` draws is checked against the book's figure style.

After each test in a ``test_viz_*`` module, while its figures are still open: no figure is
wider than ``style.MAX_WIDTH_IN`` and no text is smaller than ``style.SMALLEST_TEXT_PT``,
so on a 390-px phone no figure text falls under about 8 px (see ``nnbook.viz.style``).
"""

import pytest


def figure_style_problems():
    """What breaks the figure style in the figures open now, one line per problem."""
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from nnbook.viz.style import MAX_WIDTH_IN, SMALLEST_TEXT_PT

    problems = []
    for number in plt.get_fignums():
        fig = plt.figure(number)
        width = fig.get_figwidth()
        if width > MAX_WIDTH_IN + 1e-9:
            problems.append(f"figure {number} is {width:.2f} in wide (at most {MAX_WIDTH_IN})")
        small = sorted({(t.get_fontsize(), t.get_text()) for t in fig.findobj(Text)
                        if t.get_visible() and t.get_text().strip()
                        and t.get_fontsize() < SMALLEST_TEXT_PT - 1e-9})
        problems += [f"figure {number}: {text!r} is {size:g} pt (at least {SMALLEST_TEXT_PT})"
                     for size, text in small]
    return problems


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    outcome = yield
    if not item.module.__name__.rsplit(".", 1)[-1].startswith("test_viz") or outcome.excinfo:
        return
    problems = figure_style_problems()
    if problems:
        outcome.force_exception(AssertionError("the figure style is broken:\n" + "\n".join(problems)))
