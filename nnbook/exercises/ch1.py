"""Introduced in Chapter 1. The self-check of Chapter 1: the sigmoid's derivative."""

import numpy as np

from nnbook.activations import sigmoid, sigmoid_derivative
from nnbook.exercises.core import (Verdict, float32_slip, learner_name, one_line, pair,
                                   read_array, run, self_check)
from nnbook.exercises.messages import MESSAGES

# One number at a time first (the smallest case a mistake shows in), then all of them at once.
_INPUTS = (0.5, 0.1, 0.9, 0.0, 1.0, 0.73)


@self_check
def check_sigmoid_derivative(fn):
    """Check a learner's ``sigmoid_derivative(a)``, which takes the sigmoid's output ``a``.

    The answer is ``a * (1 - a)``, for one number and for an array, without changing the
    array it is given. Explained in Chapter 1 (exercise 1).
    """
    name = learner_name(fn)
    inputs = [np.float64(a) for a in _INPUTS] + [np.array(_INPUTS)]
    for a in inputs:
        problem = _problem(fn, name, a)
        if problem is not None:
            return problem
    return Verdict(True, MESSAGES["pass"].format(name=name, n=len(inputs)))


def _problem(fn, name, a):
    """None when ``fn(a)`` is right, else the Verdict that says what is wrong."""
    original, inp = np.copy(a), one_line(a, 6)
    raw, problem = run(fn, name, a, inp=inp)
    if problem is not None:
        return problem
    if not np.array_equal(a, original):  # a *= 1 - a: the caller's array changes too
        return Verdict(False, MESSAGES["mutated_derivative"].format(name=name))
    out, problem = read_array(raw, name, shape=a.shape if a.ndim else None)
    if problem is not None:
        return problem
    if a.ndim == 0 and out.size != 1:
        return Verdict(False, MESSAGES["not_scalar"].format(name=name, received=out.shape))
    if a.ndim and out.shape != a.shape:
        return Verdict(False, MESSAGES["shape"].format(name=name, expected=a.shape,
                                                       received=out.shape))
    out = out.reshape(a.shape)
    expected = sigmoid_derivative(original)
    if np.allclose(out, expected, rtol=1e-9, atol=1e-12):
        return None
    shown = pair(expected, out)
    message = MESSAGES["value"].format(inp=inp, name=name, expected=shown[0], received=shown[1])
    # float32 is refused, not excused: Chapter 2 checks this slope against finite
    # differences in float64, which a 7-digit answer fails.
    if float32_slip(raw, out, expected):
        message += " " + MESSAGES["hint_float32"]
    elif np.allclose(out, sigmoid_derivative(sigmoid(original))):
        message += " " + MESSAGES["hint_sigmoid_twice"]
    elif np.allclose(out, -expected) and np.any(expected):
        message += " " + MESSAGES["hint_derivative_sign"]
    return Verdict(False, message)
