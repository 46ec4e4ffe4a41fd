"""Introduced in Chapter 1. Self-checks: a kind, exact verdict on a learner's function.

A check calls the learner's function on inputs chosen to catch the usual slips, compares
with the reference, and returns a :class:`Verdict`. It never raises, so a notebook keeps
running whatever the learner wrote; the verdict says what is right, or the first thing
that is wrong, with the input, the expected value and the value received.
"""

import numpy as np

from nnbook.activations import sigmoid, sigmoid_derivative

# All the text a check can show, in one place so a translated edition changes one dict.
MESSAGES = {
    "pass": "Well done: {name} is right on all {n} test inputs.",
    "raised": "{name} raised {error}. Read the message, fix the line it points to, and run the check again.",
    "not_implemented": "{name} is still the placeholder. Replace `raise NotImplementedError` with your code.",
    "returned_none": "{name} returned None. Did you forget the `return` statement?",
    "shape": "{name} should return an array of shape {expected}, but returned shape {received}.",
    "value": "Not yet: for input {inp}, {name} should return {expected}, but returned {received}.",
    "hint_sigmoid_twice": "Hint: it looks like you applied the sigmoid to the input first. "
                          "The input is already the sigmoid's output a, so the slope is a · (1 − a).",
}


class Verdict:
    """The result of a self-check: ``passed`` (also its truth value) and a ``message``."""

    def __init__(self, passed, message):
        self.passed = bool(passed)
        self.message = message

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return ("✅ " if self.passed else "❌ ") + self.message

    def _repr_html_(self):
        color = "#1b7a3a" if self.passed else "#a4262c"
        mark = "✅" if self.passed else "❌"
        return f'<p style="color:{color};font-weight:600">{mark} {self.message}</p>'


def _call(fn, name, *args):
    """Run the learner's function; return (output, None) or (None, Verdict of what went wrong)."""
    try:
        out = fn(*args)
    except NotImplementedError:
        return None, Verdict(False, MESSAGES["not_implemented"].format(name=name))
    except Exception as error:  # a check must report any mistake, never crash the notebook
        return None, Verdict(False, MESSAGES["raised"].format(name=name, error=f"{type(error).__name__}: {error}"))
    if out is None:
        return None, Verdict(False, MESSAGES["returned_none"].format(name=name))
    return np.asarray(out, dtype=np.float64), None


def check_sigmoid_derivative(fn):
    """Check a learner's ``sigmoid_derivative(a)``, which takes the sigmoid's output ``a``.

    Explained in Chapter 1 (exercise 1).
    """
    name = getattr(fn, "__name__", "your function")
    a = np.array([0.5, 0.1, 0.9, 0.0, 1.0, 0.73])
    expected = sigmoid_derivative(a)
    for one in a:
        out, problem = _call(fn, name, one)
        if problem is not None:
            return problem
        if not np.allclose(out, sigmoid_derivative(one), rtol=1e-9, atol=1e-12):
            message = MESSAGES["value"].format(inp=one, name=name, expected=f"{sigmoid_derivative(one):.6g}",
                                               received=np.array2string(out, precision=6))
            if np.allclose(out, sigmoid_derivative(sigmoid(one))):
                message += " " + MESSAGES["hint_sigmoid_twice"]
            return Verdict(False, message)
    out, problem = _call(fn, name, a)
    if problem is not None:
        return problem
    if out.shape != a.shape:
        return Verdict(False, MESSAGES["shape"].format(name=name, expected=a.shape, received=out.shape))
    if not np.allclose(out, expected, rtol=1e-9, atol=1e-12):
        return Verdict(False, MESSAGES["value"].format(inp=np.array2string(a), name=name,
                                                       expected=np.array2string(expected, precision=6),
                                                       received=np.array2string(out, precision=6)))
    return Verdict(True, MESSAGES["pass"].format(name=name, n=len(a) + 1))
