"""Introduced in Chapter 4. The self-checks of Chapter 4: output sizes, max pooling's backward pass."""

import numpy as np

from nnbook.conv_shapes import conv_output_size
from nnbook.conv_loops import max_pool_backward
from nnbook.exercises.core import (Verdict, describe, learner_name, one_line, pair, read_array,
                                   run, self_check)
from nnbook.exercises.messages import MESSAGES


def _output_size_cases():
    """(n, k, padding, stride): the classic model's shapes, then every padding and stride;
    (8, 4, "same", 1) is where a symmetric (k − 1) // 2 padding falls one short.
    """
    return [(28, 5, "valid", 1), (24, 3, "valid", 1), (11, 3, "valid", 1), (22, 2, "valid", 2),
            (7, 3, "valid", 2), (8, 3, "valid", 2), (28, 5, "same", 1), (7, 3, "same", 2),
            (8, 4, "same", 3), (8, 4, "same", 1), (28, 5, "full", 1), (6, 3, "full", 2),
            (5, 5, "valid", 1)]


@self_check
def check_output_size(fn):
    """Check a learner's ``output_size(n, k, padding, stride)`` against ``conv_output_size``.

    The cases cover "valid", "same" and "full", strides that divide evenly and strides that
    do not, and an even kernel. The verdict names the first wrong case, with a hint for the
    usual slips. Explained in Chapter 4 (exercise 1).
    """
    name = learner_name(fn)
    cases = _output_size_cases()
    for n, k, padding, stride in cases:
        inp = MESSAGES["size_inp"].format(n_in=n, k=k, padding=padding, stride=stride)
        out, problem = run(fn, name, n, k, padding, stride, inp=inp)
        if problem is not None:
            return problem
        if isinstance(out, (bool, np.bool_)) or not isinstance(out, (int, np.integer)):
            # A float with a whole value (24.0) is let through: the number is right.
            if not (isinstance(out, (float, np.floating)) and float(out).is_integer()):
                message = MESSAGES["not_integer"].format(inp=inp, name=name, received=describe(out))
                if isinstance(out, (float, np.floating)):
                    message += " " + MESSAGES["hint_int_division"]
                return Verdict(False, message)
        expected = conv_output_size(n, k, padding, stride)
        if out != expected:
            message = MESSAGES["output_size"].format(inp=inp, name=name, expected=expected,
                                                     received=out)
            hint = _size_hint(out, n, k, padding, stride)
            return Verdict(False, message if hint is None else message + " " + MESSAGES[hint])
    return Verdict(True, MESSAGES["pass_output_size"].format(name=name, n=len(cases)))


def _size_hint(out, n, k, padding, stride):
    """The key of the hint for a wrong output size, or None."""
    if padding == "valid" and out == (n - k) // stride:
        return "hint_plus_one"
    if padding == "valid" and out == -(-(n - k) // stride) + 1:
        return "hint_floor"
    if padding == "same" and k % 2 == 0 and out in {(n + 2 * pad - k) // stride + 1
                                                    for pad in ((k - 1) // 2, k // 2)}:
        return "hint_same_even"
    return {"same": "hint_same", "full": "hint_full"}.get(padding)


def _max_pool_cases():
    """(x, grad_out) for a 2×2 pool, stride 2, smallest first: one window, four windows,
    ties (a window of zeros, as on a digit's background), an odd size, then a batch of
    images and channels.
    """
    yield np.array([[[[1.0, 3.0], [2.0, 0.0]]]]), np.array([[[[5.0]]]])
    yield (np.array([[[[0.1, 0.5, 0.9, 0.2], [0.4, 0.3, 0.7, 0.8],
                       [0.6, 0.2, 0.3, 0.1], [0.5, 0.9, 0.4, 0.6]]]]),
           np.array([[[[1.0, 2.0], [3.0, 4.0]]]]))
    tied = np.array([[[[1.0, 1.0, 0.0, 0.0],
                       [0.5, 1.0, 0.0, 0.0],
                       [2.0, 0.0, 3.0, 3.0],
                       [2.0, 2.0, 3.0, 3.0]]]])
    yield tied, np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    rng = np.random.default_rng(4)
    yield np.round(rng.standard_normal((1, 1, 5, 5)), 1), np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    yield rng.permutation(96).reshape(2, 3, 4, 4) / 10, np.arange(1.0, 25.0).reshape(2, 3, 2, 2)


@self_check
def check_max_pool_backward(fn):
    """Check a learner's ``max_pool_backward(x, grad_out)`` for a 2×2 pool with stride 2.

    ``x`` is (N, C, H, W) and ``grad_out`` (N, C, H // 2, W // 2); the answer, the gradient
    with respect to x, is ``nnbook.conv_loops.max_pool_backward(x, grad_out)``: each
    window's gradient goes to its maximum, the first one when several tie. The cases go
    from one window to a batch, with ties and an odd size; a wrong answer is shown on the
    first image and channel where it is wrong. Explained in Chapter 4 (exercise 2).
    """
    name = learner_name(fn)
    cases = list(_max_pool_cases())
    for x, grad_out in cases:
        originals = {"x": x.copy(), "grad_out": grad_out.copy()}
        inp = MESSAGES["pool_inp"].format(shape=x.shape)
        raw, problem = run(fn, name, x, grad_out, inp=inp)
        if problem is not None:
            return problem
        for arg, given in zip(originals, (x, grad_out)):
            if not np.array_equal(given, originals[arg]):
                return Verdict(False, MESSAGES["mutated_pool"].format(name=name, arg=arg))
        out, problem = read_array(raw, name, shape=x.shape)
        if problem is not None:
            return problem
        expected = max_pool_backward(x, grad_out)
        if out.shape != expected.shape:
            return Verdict(False, MESSAGES["pool_shape"].format(name=name, expected=x.shape,
                                                                received=out.shape))
        if not np.allclose(out, expected, rtol=1e-9, atol=1e-12):
            hint = _pool_hint(out, expected, x, grad_out)
            message = _pool_message(name, out, expected, x, grad_out)
            return Verdict(False, message if hint is None else message + " " + MESSAGES[hint])
    return Verdict(True, MESSAGES["pass_pool"].format(name=name, n=len(cases)))


def _pool_message(name, out, expected, x, grad_out):
    """The first image and channel where ``out`` is wrong, as four small grids."""
    wrong = ~np.isclose(out, expected, rtol=1e-9, atol=1e-12).all(axis=(2, 3))
    image, channel = np.argwhere(wrong)[0]
    grids = [array[image, channel] for array in (expected, out, x, grad_out)]
    expected, received = pair(grids[0], grids[1])
    fields = dict(name=name, expected=expected, received=received, x=one_line(grids[2]),
                  g=one_line(grids[3]))
    if x.shape[:2] == (1, 1):
        return MESSAGES["pool_value"].format(**fields)
    return MESSAGES["pool_value_at"].format(image=image, channel=channel, shape=x.shape, **fields)


def _pool_hint(out, expected, x, grad_out):
    """The key of the hint for a wrong gradient of the right shape, or None."""
    h, w = (x.shape[2] // 2) * 2, (x.shape[3] // 2) * 2
    windows = x[:, :, :h, :w].reshape(*x.shape[:2], h // 2, 2, w // 2, 2)
    is_max = windows == windows.max(axis=(3, 5), keepdims=True)
    spread = np.repeat(np.repeat(grad_out, 2, axis=2), 2, axis=3)
    every_max = np.zeros_like(x)
    every_max[:, :, :h, :w] = is_max.reshape(*x.shape[:2], h, w) * spread

    def window_sums(array):
        return array[:, :, :h, :w].reshape(*x.shape[:2], h // 2, 2, w // 2, 2).sum(axis=(3, 5))

    # No float32 hint: the gradient only moves grad_out's values, small whole numbers here,
    # which float32 holds exactly, so a float32 answer is simply right.
    if np.allclose(out, every_max):
        return "hint_ties"
    if np.allclose(out[:, :, :h, :w], spread / 4) or np.allclose(out[:, :, :h, :w], spread):
        return "hint_average"
    if (x.shape[2] % 2 or x.shape[3] % 2) and np.allclose(out[:, :, :h, :w],
                                                          expected[:, :, :h, :w]):
        return "hint_odd"
    if np.array_equal(out != 0, expected != 0):
        return "hint_pool_amount"
    untouched = ~out.any(axis=(2, 3)) & expected.any(axis=(2, 3))
    if untouched.any() and np.allclose(out[~untouched], expected[~untouched]):
        return "hint_pool_batch"
    if np.allclose(window_sums(out), window_sums(expected)):
        return "hint_pool_place"
    return None
