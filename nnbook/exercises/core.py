"""Introduced in Chapter 1. What every self-check shares: the verdict, and calling the learner.

A check calls the learner's function on inputs chosen to catch the usual slips, compares
with the reference, and returns a :class:`Verdict`. It never raises, so a notebook keeps
running whatever the learner wrote; the verdict says what is right, or the first thing
that is wrong, with the input, the expected value and the value received.
"""

import numpy as np

from nnbook.exercises.messages import MESSAGES


class Verdict:
    """The result of a self-check: ``passed`` (also its truth value) and a ``message``.

    Explained in Chapter 1.
    """

    def __init__(self, passed, message):
        self.passed = bool(passed)
        self.message = message

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return ("✅ " if self.passed else "❌ ") + self.message

    def _repr_html_(self):
        # A coloured box rather than an emoji: not every browser font has the emoji.
        color = "#1b7a3a" if self.passed else "#a4262c"
        return (f'<p style="color:{color};font-weight:600;border-left:4px solid {color};'
                f'padding:4px 10px">{self.message}</p>')


def learner_name(fn):
    """The name a verdict calls the learner's function by."""
    return getattr(fn, "__name__", "your function")


def run(fn, name, *args):
    """Run the learner's function; return (output, None) or (None, Verdict of what went wrong)."""
    try:
        out = fn(*args)
    except NotImplementedError:
        return None, Verdict(False, MESSAGES["not_implemented"].format(name=name))
    except Exception as error:  # a check must report any mistake, never crash the notebook
        return None, Verdict(False, MESSAGES["raised"].format(name=name, error=f"{type(error).__name__}: {error}"))
    if out is None:
        return None, Verdict(False, MESSAGES["returned_none"].format(name=name))
    return out, None


def call(fn, name, *args):
    """:func:`run`, with the output as a float64 array."""
    out, problem = run(fn, name, *args)
    return (None, problem) if problem is not None else (np.asarray(out, dtype=np.float64), None)


def one_line(array):
    """An array printed on one line, four decimals."""
    return np.array2string(array, precision=4, separator=", ").replace("\n", "")
