"""Introduced in Chapter 1. The self-check of Chapter 1: the sigmoid's derivative."""

import numpy as np

from nnbook.activations import sigmoid, sigmoid_derivative
from nnbook.exercises.core import Verdict, call, learner_name, self_check
from nnbook.exercises.messages import MESSAGES


@self_check
def check_sigmoid_derivative(fn):
    """Check a learner's ``sigmoid_derivative(a)``, which takes the sigmoid's output ``a``.

    Explained in Chapter 1 (exercise 1).
    """
    name = learner_name(fn)
    a = np.array([0.5, 0.1, 0.9, 0.0, 1.0, 0.73])
    expected = sigmoid_derivative(a)
    for one in a:
        out, problem = call(fn, name, one)
        if problem is not None:
            return problem
        if out.size != 1:
            return Verdict(False, MESSAGES["not_scalar"].format(name=name, received=out.shape))
        if not np.allclose(out, sigmoid_derivative(one), rtol=1e-9, atol=1e-12):
            message = MESSAGES["value"].format(inp=one, name=name, expected=f"{sigmoid_derivative(one):.6g}",
                                               received=np.array2string(out, precision=6))
            if np.allclose(out, sigmoid_derivative(sigmoid(one))):
                message += " " + MESSAGES["hint_sigmoid_twice"]
            return Verdict(False, message)
    out, problem = call(fn, name, a, shape=a.shape)
    if problem is not None:
        return problem
    if out.shape != a.shape:
        return Verdict(False, MESSAGES["shape"].format(name=name, expected=a.shape, received=out.shape))
    if not np.allclose(out, expected, rtol=1e-9, atol=1e-12):
        return Verdict(False, MESSAGES["value"].format(inp=np.array2string(a), name=name,
                                                       expected=np.array2string(expected, precision=6),
                                                       received=np.array2string(out, precision=6)))
    return Verdict(True, MESSAGES["pass"].format(name=name, n=len(a) + 1))
