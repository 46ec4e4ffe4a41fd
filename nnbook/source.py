"""Introduced in Chapter 1. Show nnbook's own code inside a chapter.

The book never pastes a copy of the package's code into its pages: a copy drifts. A
chapter calls :func:`show_source` instead, so the page always shows the code that runs.
"""

import inspect

from IPython.display import Code


def show_source(obj):
    """Display the source of a function, class or module from nnbook, highlighted.

    Works in Jupyter and in the built book (the highlighted HTML is the cell's output).
    Explained in Chapter 1.
    """
    return Code(inspect.getsource(obj), language="python")
