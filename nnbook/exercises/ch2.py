"""Introduced in Chapter 2. The self-check of Chapter 2: a dense layer's backward pass."""

import numpy as np

from nnbook.exercises.core import (Verdict, describe, float32_slip, learner_name, pair,
                                   read_array, run, self_check)
from nnbook.exercises.messages import MESSAGES

# Which product each gradient is, in the shapes of the check, for the transposition hint.
_FORMULAS = {"grad_x": "grad_out @ W.T: (N, M) @ (M, D)", "grad_W": "x.T @ grad_out: (D, N) @ (N, M)"}


def _dense_reference(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out.sum(axis=0)


def _dense_cases():
    """Inputs with every size different (N, D, M = 3, 4, 2), so a transposition shows in the shape."""
    rng = np.random.default_rng(2)
    yield rng.standard_normal((3, 4)), rng.standard_normal((4, 2)), rng.standard_normal((3, 2))
    yield rng.standard_normal((5, 2)), rng.standard_normal((2, 3)), rng.standard_normal((5, 3))


def _gradient_problem(which, raw, expected, like, x, W, grad_out):
    """A Verdict for one wrong gradient, with a hint for the usual slips; None if it is right."""
    got, problem = read_array(raw, None, which=which, shape=expected.shape)
    if problem is not None:
        return problem
    if got.shape != expected.shape:
        message = MESSAGES["grad_shape"].format(which=which, expected=expected.shape, like=like,
                                                received=got.shape)
        if which in _FORMULAS and got.shape == expected.T.shape:
            message += " " + MESSAGES["hint_transposed"].format(expected=expected.shape, formula=_FORMULAS[which])
        elif which == "grad_b" and got.shape == (1, *expected.shape):
            message += " " + MESSAGES["hint_keepdims"]
        elif which == "grad_b" and got.shape == grad_out.shape:
            message += " " + MESSAGES["hint_no_sum"]
        return Verdict(False, message)
    if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
        return None
    shown = pair(expected, got)
    message = MESSAGES["grad_value"].format(
        which=which, x_shape=x.shape, W_shape=W.shape, g_shape=grad_out.shape,
        expected=shown[0], received=shown[1])
    factor = np.sum(got * expected) / np.sum(expected * expected)
    # float32 is refused, not excused: these gradients are checked against finite
    # differences in float64 in this chapter, and 7 digits fail that check.
    if float32_slip(raw, got, expected):
        message += " " + MESSAGES["hint_float32"]
    elif which == "grad_b" and np.allclose(got * len(grad_out), expected):
        message += " " + MESSAGES["hint_mean"]
    elif np.allclose(got, factor * expected):
        message += " " + MESSAGES["hint_scaled"].format(factor=factor)
    return Verdict(False, message)


@self_check
def check_dense_backward(fn):
    """Check a learner's ``dense_backward(x, W, grad_out) -> (grad_x, grad_W, grad_b)``.

    For a layer ``z = x @ W + b`` with ``x`` (N, D), ``W`` (D, M) and ``grad_out`` = ∂L/∂z
    (N, M), the right answers are ``grad_out @ W.T`` (N, D), ``x.T @ grad_out`` (D, M)
    and ``grad_out.sum(axis=0)`` (M,), the same as ``nnbook.layers.Dense.backward``. The
    verdict names the first wrong gradient, with the shapes involved.
    Explained in Chapter 2 (exercise 1).
    """
    name = learner_name(fn)
    cases = list(_dense_cases())
    for x, W, grad_out in cases:
        originals = {"x": x.copy(), "W": W.copy(), "grad_out": grad_out.copy()}
        inp = MESSAGES["dense_inp"].format(x=x.shape, W=W.shape, g=grad_out.shape)
        out, problem = run(fn, name, x, W, grad_out, inp=inp)
        if problem is not None:
            if isinstance(problem.error, ValueError) and _misaligned(problem.error):
                return Verdict(False, problem.message + " " + MESSAGES["hint_match_shapes"])
            return problem
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            if isinstance(out, (tuple, list)):
                received = MESSAGES["items"].format(type=type(out).__name__, n=len(out))
            else:
                received = MESSAGES["one_value"].format(value=describe(out))
            return Verdict(False, MESSAGES["not_three"].format(name=name, received=received))
        for arg, given in zip(originals, (x, W, grad_out)):
            if not np.array_equal(given, originals[arg]):
                return Verdict(False, MESSAGES["mutated"].format(name=name, arg=arg))
        expected = _dense_reference(x, W, grad_out)
        likes = ("x", "W", "b, one entry per unit")
        for which, got, want, like in zip(("grad_x", "grad_W", "grad_b"), out, expected, likes):
            problem = _gradient_problem(which, got, want, like, x, W, grad_out)
            if problem is not None:
                return problem
    return Verdict(True, MESSAGES["pass_dense"].format(name=name, n=len(cases)))


def _misaligned(error):
    """Whether ``error`` is numpy's refusal of a product whose inner sizes differ."""
    return any(words in str(error) for words in ("mismatch in its core dimension", "not aligned"))
