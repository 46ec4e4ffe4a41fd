"""Introduced in Chapter 3. The self-check of Chapter 3: a stable softmax."""

import numpy as np

from nnbook.activations import softmax
from nnbook.exercises.core import (Verdict, float32_slip, imitates, learner_name, one_line,
                                   pair, read_array, run, self_check)
from nnbook.exercises.messages import MESSAGES


def _softmax_cases():
    """Smallest first: a vector, equal logits, a batch, then logits of ±1000 that overflow a
    naive exp; [0, 1000] also defeats a shift by the minimum, [-1000, 0, 1000] one by the
    mean, and the last batch one by the maximum of the whole batch.
    """
    yield np.array([1.0, 2.0, 3.0])
    yield np.array([0.0, 0.0, 0.0, 0.0])
    yield np.array([[1.0, 2.0, 3.0], [2.0, -1.0, 0.5]])
    yield np.array([0.0, 1000.0])
    yield np.array([-1000.0, 0.0, 1000.0])
    yield np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1000.0, -999.0]])


def _shifted_by(shift):
    """A softmax that subtracts ``shift(logits)`` before exp, as a learner might write it."""
    def slip(logits):
        exps = np.exp(logits - shift(logits))
        return exps / np.sum(exps, axis=-1, keepdims=True)
    return slip


# The shifts that leave exp(1000) in place or make 0/0, each with the hint that names it.
_SHIFT_SLIPS = (
    (_shifted_by(lambda z: 0.0), "hint_overflow"),
    (_shifted_by(lambda z: np.min(z, axis=-1, keepdims=True)), "hint_shift_max"),
    (_shifted_by(lambda z: np.mean(z, axis=-1, keepdims=True)), "hint_shift_max"),
    (_shifted_by(lambda z: np.max(z)), "hint_max_per_row"),
)


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
        original, inp = logits.copy(), one_line(logits)
        raw, problem = run(fn, name, logits, inp=inp)
        if problem is not None:
            return _with_error_hint(problem, logits)
        if not np.array_equal(logits, original):
            return Verdict(False, MESSAGES["mutated_softmax"].format(name=name))
        returned, (raw, problem) = raw, read_array(raw, name, shape=logits.shape)
        if problem is not None:
            return problem
        if raw.shape != logits.shape:
            return Verdict(False, MESSAGES["shape"].format(name=name, expected=logits.shape,
                                                           received=raw.shape))
        expected = softmax(logits)
        if not np.all(np.isfinite(raw)):
            message = MESSAGES["not_finite"].format(inp=inp, name=name, received=one_line(raw))
            large = [case for case in cases if np.abs(case).max() > 700]
            hint = next((key for slip, key in _SHIFT_SLIPS
                         if imitates(fn, slip, [(case,) for case in large])), "hint_overflow")
            return Verdict(False, message + " " + MESSAGES[hint])
        # float32 is excused: Keras computes its softmax in float32, the probabilities are
        # right to 7 digits, and the overflow this exercise is about happens there too.
        if np.allclose(raw, expected, rtol=1e-9, atol=1e-12) or float32_slip(
                returned, raw, expected):
            continue
        shown = pair(expected, raw)
        message = MESSAGES["value"].format(inp=inp, name=name, expected=shown[0],
                                           received=shown[1])
        return Verdict(False, message + " " + MESSAGES[_value_hint(raw, logits)])
    return Verdict(True, MESSAGES["pass_softmax"].format(name=name, n=len(cases)))


def _value_hint(out, logits):
    """The key of the hint for finite but wrong probabilities: which axis they sum to one on."""
    if np.allclose(out.sum(axis=-1), 1):
        if logits.ndim == 2:
            return "hint_shift_rows"
        return "hint_exp" if np.allclose(out, logits / logits.sum()) else "hint_softmax_formula"
    if logits.ndim == 2 and np.isclose(out.sum(), 1):
        return "hint_axis"
    if logits.ndim == 2 and np.allclose(out.sum(axis=0), 1):
        return "hint_axis_0"
    return "hint_not_normalised"


def _with_error_hint(problem, logits):
    """``problem`` with a hint when the error it reports is an axis or keepdims slip."""
    error = problem.error
    if isinstance(error, np.exceptions.AxisError):
        hint = "hint_last_axis"
    elif isinstance(error, ValueError) and "broadcast" in str(error) and logits.ndim == 2:
        hint = "hint_softmax_keepdims"
    else:
        return problem
    return Verdict(False, problem.message + " " + MESSAGES[hint], error=error)
