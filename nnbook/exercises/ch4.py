"""Introduced in Chapter 4. The self-checks of Chapter 4: output sizes, max pooling's backward pass."""

import numpy as np

from nnbook.conv_shapes import conv_output_size
from nnbook.conv_loops import max_pool_backward
from nnbook.exercises.core import (Verdict, call, describe, learner_name, one_line, run,
                                   self_check)
from nnbook.exercises.messages import MESSAGES


def _output_size_cases():
    """(n, k, padding, stride): the classic model's shapes, then every padding and stride."""
    return [(28, 5, "valid", 1), (24, 3, "valid", 1), (11, 3, "valid", 1), (22, 2, "valid", 2),
            (7, 3, "valid", 2), (8, 3, "valid", 2), (28, 5, "same", 1), (7, 3, "same", 2),
            (8, 4, "same", 3), (28, 5, "full", 1), (6, 3, "full", 2), (5, 5, "valid", 1)]


@self_check
def check_output_size(fn):
    """Check a learner's ``output_size(n, k, padding, stride)`` against ``conv_output_size``.

    The cases cover "valid", "same" and "full", strides that divide evenly and strides that
    do not. The verdict names the first wrong case, with a hint for the usual slips.
    Explained in Chapter 4 (exercise 1).
    """
    name = learner_name(fn)
    cases = _output_size_cases()
    for n, k, padding, stride in cases:
        out, problem = run(fn, name, n, k, padding, stride)
        if problem is not None:
            return problem
        if isinstance(out, (bool, np.bool_)) or not isinstance(out, (int, np.integer)):
            if not (isinstance(out, (float, np.floating)) and float(out).is_integer()):
                return Verdict(False, MESSAGES["not_integer"].format(name=name, received=describe(out)))
        expected = conv_output_size(n, k, padding, stride)
        if out != expected:
            message = MESSAGES["output_size"].format(n_in=n, k=k, padding=padding,
                                                     stride=stride, name=name,
                                                     expected=expected, received=out)
            if padding == "valid" and out == (n - k) // stride:
                message += " " + MESSAGES["hint_plus_one"]
            elif padding == "valid" and out == -(-(n - k) // stride) + 1:
                message += " " + MESSAGES["hint_floor"]
            elif padding == "same":
                message += " " + MESSAGES["hint_same"]
            elif padding == "full":
                message += " " + MESSAGES["hint_full"]
            return Verdict(False, message)
    return Verdict(True, MESSAGES["pass_output_size"].format(name=name, n=len(cases)))


def _max_pool_cases():
    """(x, grad_out) for a 2×2 pool, stride 2: random values, ties, an odd size."""
    rng = np.random.default_rng(4)
    yield rng.standard_normal((2, 3, 4, 4)), rng.standard_normal((2, 3, 2, 2))
    tied = np.array([[[[1.0, 1.0, 0.0, 0.0],
                       [0.5, 1.0, 0.0, 0.0],
                       [2.0, 0.0, 3.0, 3.0],
                       [2.0, 2.0, 3.0, 3.0]]]])
    yield tied, np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    yield rng.standard_normal((1, 2, 5, 5)), rng.standard_normal((1, 2, 2, 2))


@self_check
def check_max_pool_backward(fn):
    """Check a learner's ``max_pool_backward(x, grad_out)`` for a 2×2 pool with stride 2.

    ``x`` is (N, C, H, W) and ``grad_out`` (N, C, H // 2, W // 2); the answer, the gradient
    with respect to x, is ``nnbook.conv_loops.max_pool_backward(x, grad_out)``: each
    window's gradient goes to its maximum, the first one when several tie. One case has
    ties (a window of zeros, as on a digit's background), one an odd size.
    Explained in Chapter 4 (exercise 2).
    """
    name = learner_name(fn)
    cases = list(_max_pool_cases())
    for x, grad_out in cases:
        originals = {"x": x.copy(), "grad_out": grad_out.copy()}
        out, problem = call(fn, name, x, grad_out, shape=x.shape)
        if problem is not None:
            return problem
        for arg, given in zip(originals, (x, grad_out)):
            if not np.array_equal(given, originals[arg]):
                return Verdict(False, MESSAGES["mutated_pool"].format(name=name, arg=arg))
        expected = max_pool_backward(x, grad_out)
        if out.shape != expected.shape:
            return Verdict(False, MESSAGES["pool_shape"].format(name=name, expected=x.shape,
                                                                received=out.shape))
        if np.allclose(out, expected, rtol=1e-9, atol=1e-12):
            continue
        small = x.size <= 16
        message = MESSAGES["pool_value"].format(
            name=name, expected=_grid(expected, small), received=_grid(out, small),
            x=_grid(x, small), g=_grid(grad_out, small))
        h, w = (x.shape[2] // 2) * 2, (x.shape[3] // 2) * 2
        windows = x[:, :, :h, :w].reshape(*x.shape[:2], h // 2, 2, w // 2, 2)
        is_max = windows == windows.max(axis=(3, 5), keepdims=True)
        spread = np.repeat(np.repeat(grad_out, 2, axis=2), 2, axis=3)
        every_max = np.zeros_like(x)
        every_max[:, :, :h, :w] = (is_max.reshape(*x.shape[:2], h, w) * spread)
        if np.allclose(out, every_max):
            message += " " + MESSAGES["hint_ties"]
        elif np.allclose(out[:, :, :h, :w], spread / 4) or np.allclose(out[:, :, :h, :w], spread):
            message += " " + MESSAGES["hint_average"]
        elif (x.shape[2] % 2 or x.shape[3] % 2) and np.allclose(out[:, :, :h, :w],
                                                               expected[:, :, :h, :w]):
            message += " " + MESSAGES["hint_odd"]
        return Verdict(False, message)
    return Verdict(True, MESSAGES["pass_pool"].format(name=name, n=len(cases)))


def _grid(array, small):
    """A small array as its one image and channel, a large one whole, on one line."""
    return one_line(np.asarray(array)[0, 0] if small else np.asarray(array))
