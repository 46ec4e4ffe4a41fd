"""Introduced in Chapter 3. The self-check of Chapter 3: a stable softmax."""

import numpy as np

from nnbook.activations import softmax
from nnbook.exercises.core import Verdict, call, learner_name, one_line, self_check
from nnbook.exercises.messages import MESSAGES


def _softmax_cases():
    """Inputs from one vector to a batch, with logits small, equal, large and very negative."""
    yield np.array([1.0, 2.0, 3.0])
    yield np.array([0.0, 0.0, 0.0, 0.0])
    yield np.array([[1.0, 2.0, 3.0], [2.0, -1.0, 0.5]])
    yield np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1000.0, -999.0]])


@self_check
def check_softmax(fn):
    """Check a learner's stable ``softmax(logits)``, probabilities along the last axis.

    The inputs go from one vector to a batch of rows, with logits of ±1000 that overflow
    a naive ``exp``. The function may not change its input. Numpy's warnings are silenced
    while it runs, so the verdict, not a warning, explains an overflow.
    Explained in Chapter 3 (exercise 1).
    """
    name = learner_name(fn)
    cases = list(_softmax_cases())
    for logits in cases:
        original = logits.copy()
        out, problem = call(fn, name, logits, shape=logits.shape)
        if problem is not None:
            return problem
        if not np.array_equal(logits, original):
            return Verdict(False, MESSAGES["mutated_softmax"].format(name=name))
        if out.shape != logits.shape:
            return Verdict(False, MESSAGES["shape"].format(name=name, expected=logits.shape,
                                                           received=out.shape))
        expected = softmax(logits)
        inp, received = one_line(logits), one_line(out)
        if not np.all(np.isfinite(out)):
            message = MESSAGES["not_finite"].format(inp=inp, name=name, received=received)
            if np.abs(logits).max() > 700:
                message += " " + MESSAGES["hint_overflow"]
            return Verdict(False, message)
        if not np.allclose(out, expected, rtol=1e-9, atol=1e-12):
            message = MESSAGES["value"].format(inp=inp, name=name, expected=one_line(expected),
                                               received=received)
            exps = np.exp(logits - logits.max())
            whole = exps / exps.sum()
            if logits.ndim == 2 and np.allclose(out, whole):
                message += " " + MESSAGES["hint_axis"]
            elif not np.allclose(out.sum(axis=-1), 1):
                message += " " + MESSAGES["hint_not_normalised"]
            return Verdict(False, message)
    return Verdict(True, MESSAGES["pass_softmax"].format(name=name, n=len(cases)))
