"""Introduced in Chapter 1. Self-checks: a kind, exact verdict on a learner's function.

A check calls the learner's function on inputs chosen to catch the usual slips, compares
with the reference, and returns a :class:`Verdict`. It never raises, so a notebook keeps
running whatever the learner wrote; the verdict says what is right, or the first thing
that is wrong, with the input, the expected value and the value received.
"""

import numpy as np

from nnbook.activations import sigmoid, sigmoid_derivative, softmax

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
        # A coloured box rather than an emoji: not every browser font has the emoji.
        color = "#1b7a3a" if self.passed else "#a4262c"
        return (f'<p style="color:{color};font-weight:600;border-left:4px solid {color};'
                f'padding:4px 10px">{self.message}</p>')


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


# ---------------------------------------------------------------------------------------
# Added in Chapter 2.

MESSAGES.update({
    "pass_dense": "Well done: {name} returns the right grad_x, grad_W and grad_b for {n} test cases, "
                  "and leaves its inputs unchanged.",
    "not_three": "{name} should return three arrays (grad_x, grad_W, grad_b), but returned {received}.",
    "grad_shape": "{which} should have shape {expected} (the shape of {like}), but has shape {received}.",
    "grad_value": "{which} is wrong. For x of shape {x_shape}, W of shape {W_shape} and grad_out of shape "
                  "{g_shape}, it should be {expected}, but is {received}.",
    "hint_scaled": "Hint: it is {factor:.3g} times the right answer.",
    "mutated": "{name} changed its input {arg} in place. Compute new arrays instead, "
               "e.g. grad_out @ W.T rather than grad_out *= ...",
    "hint_transposed": "Hint: this is the transpose of the right answer. Which product gives {expected}? "
                       "Match the shapes: {formula}.",
    "hint_mean": "Hint: b is added to every row, so each row's gradient reaches it: sum over the rows "
                 "(axis 0), don't average.",
    "hint_no_sum": "Hint: b has one entry per unit; add up the rows of grad_out (axis 0).",
    "hint_keepdims": "Hint: sum without keepdims, so grad_b has one axis, like b.",
})

# Which product each gradient is, in the shapes of the check, for the transposition hint.
_FORMULAS = {"grad_x": "(N, M) @ (M, D) is grad_out @ W.T", "grad_W": "(D, N) @ (N, M) is x.T @ grad_out"}


def _dense_reference(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out.sum(axis=0)


def _dense_cases():
    """Inputs with every size different (N, D, M = 3, 4, 2), so a transposition shows in the shape."""
    rng = np.random.default_rng(2)
    yield rng.standard_normal((3, 4)), rng.standard_normal((4, 2)), rng.standard_normal((3, 2))
    yield rng.standard_normal((5, 2)), rng.standard_normal((2, 3)), rng.standard_normal((5, 3))


def _gradient_problem(which, got, expected, like, x, W, grad_out):
    """A Verdict for one wrong gradient, with a hint for the usual slips; None if it is right."""
    got = np.asarray(got, dtype=np.float64)
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
    message = MESSAGES["grad_value"].format(
        which=which, x_shape=x.shape, W_shape=W.shape, g_shape=grad_out.shape,
        expected=_one_line(expected), received=_one_line(got))
    factor = np.sum(got * expected) / np.sum(expected * expected)
    if which == "grad_b" and np.allclose(got * len(grad_out), expected):
        message += " " + MESSAGES["hint_mean"]
    elif np.allclose(got, factor * expected):
        message += " " + MESSAGES["hint_scaled"].format(factor=factor)
    return Verdict(False, message)


def _one_line(array):
    return np.array2string(array, precision=4, separator=", ").replace("\n", "")


def check_dense_backward(fn):
    """Check a learner's ``dense_backward(x, W, grad_out) -> (grad_x, grad_W, grad_b)``.

    For a layer ``z = x @ W + b`` with ``x`` (N, D), ``W`` (D, M) and ``grad_out`` = ∂L/∂z
    (N, M), the right answers are ``grad_out @ W.T`` (N, D), ``x.T @ grad_out`` (D, M)
    and ``grad_out.sum(axis=0)`` (M,), the same as ``nnbook.layers.Dense.backward``. The
    verdict names the first wrong gradient, with the shapes involved.
    Explained in Chapter 2 (exercise 1).
    """
    name = getattr(fn, "__name__", "your function")
    cases = list(_dense_cases())
    for x, W, grad_out in cases:
        originals = {"x": x.copy(), "W": W.copy(), "grad_out": grad_out.copy()}
        try:
            out = fn(x, W, grad_out)
        except NotImplementedError:
            return Verdict(False, MESSAGES["not_implemented"].format(name=name))
        except Exception as error:  # a check must report any mistake, never crash the notebook
            return Verdict(False, MESSAGES["raised"].format(name=name, error=f"{type(error).__name__}: {error}"))
        if out is None:
            return Verdict(False, MESSAGES["returned_none"].format(name=name))
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            received = (f"a {type(out).__name__} of {len(out)} items" if isinstance(out, (tuple, list))
                        else f"one value of type {type(out).__name__}")
            return Verdict(False, MESSAGES["not_three"].format(name=name, received=received))
        for arg, given in zip(originals, (x, W, grad_out)):
            if not np.array_equal(given, originals[arg]):
                return Verdict(False, MESSAGES["mutated"].format(name=name, arg=arg))
        expected = _dense_reference(x, W, grad_out)
        likes = ("x", "W", "b, one entry per unit")
        for which, got, want, like in zip(("grad_x", "grad_W", "grad_b"), out, expected, likes):
            try:
                problem = _gradient_problem(which, got, want, like, x, W, grad_out)
            except (TypeError, ValueError) as error:
                return Verdict(False, MESSAGES["raised"].format(name=f"Reading {which}",
                                                                error=f"{type(error).__name__}: {error}"))
            if problem is not None:
                return problem
    return Verdict(True, MESSAGES["pass_dense"].format(name=name, n=len(cases)))


# ---------------------------------------------------------------------------------------
# Added in Chapter 3.

MESSAGES.update({
    "pass_softmax": "Well done: {name} gives the right probabilities for all {n} test inputs, "
                    "including logits of ±1000, and leaves its input unchanged.",
    "mutated_softmax": "{name} changed its input logits in place. Compute a new array instead, "
                       "e.g. shifted = logits - logits.max(...) rather than logits -= ...",
    "not_finite": "Not yet: for input {inp}, {name} returned {received}, which is not a finite "
                  "probability.",
    "hint_overflow": "Hint: exp(1000) overflows. Subtract each row's largest logit before exp; "
                     "the softmax does not change, and the largest exponent becomes exp(0) = 1.",
    "hint_axis": "Hint: each row should sum to one. Take the max and the sum along the last axis, "
                 "with keepdims=True so they line up with the rows.",
    "hint_not_normalised": "Hint: the outputs should sum to one. Divide by the sum of the "
                           "exponentials.",
})


def _softmax_cases():
    """Inputs from one vector to a batch, with logits small, equal, large and very negative."""
    yield np.array([1.0, 2.0, 3.0])
    yield np.array([0.0, 0.0, 0.0, 0.0])
    yield np.array([[1.0, 2.0, 3.0], [2.0, -1.0, 0.5]])
    yield np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1000.0, -999.0]])


def check_softmax(fn):
    """Check a learner's stable ``softmax(logits)``, probabilities along the last axis.

    The inputs go from one vector to a batch of rows, with logits of ±1000 that overflow
    a naive ``exp``. The function may not change its input. Numpy's warnings are silenced
    while it runs, so the verdict, not a warning, explains an overflow.
    Explained in Chapter 3 (exercise 1).
    """
    name = getattr(fn, "__name__", "your function")
    cases = list(_softmax_cases())
    for logits in cases:
        original = logits.copy()
        with np.errstate(all="ignore"):
            out, problem = _call(fn, name, logits)
        if problem is not None:
            return problem
        if not np.array_equal(logits, original):
            return Verdict(False, MESSAGES["mutated_softmax"].format(name=name))
        if out.shape != logits.shape:
            return Verdict(False, MESSAGES["shape"].format(name=name, expected=logits.shape,
                                                           received=out.shape))
        expected = softmax(logits)
        inp, received = _one_line(logits), _one_line(out)
        if not np.all(np.isfinite(out)):
            message = MESSAGES["not_finite"].format(inp=inp, name=name, received=received)
            if np.abs(logits).max() > 700:
                message += " " + MESSAGES["hint_overflow"]
            return Verdict(False, message)
        if not np.allclose(out, expected, rtol=1e-9, atol=1e-12):
            message = MESSAGES["value"].format(inp=inp, name=name, expected=_one_line(expected),
                                               received=received)
            with np.errstate(all="ignore"):
                exps = np.exp(logits - logits.max())
                whole = exps / exps.sum()
            if logits.ndim == 2 and np.allclose(out, whole):
                message += " " + MESSAGES["hint_axis"]
            elif not np.allclose(out.sum(axis=-1), 1):
                message += " " + MESSAGES["hint_not_normalised"]
            return Verdict(False, message)
    return Verdict(True, MESSAGES["pass_softmax"].format(name=name, n=len(cases)))


# ---------------------------------------------------------------------------------------
# Added in Chapter 4.

MESSAGES.update({
    "pass_output_size": "Well done: {name} gives the right output size for all {n} cases, "
                        "with every padding and stride.",
    "output_size": "Not yet: for n = {n_in}, k = {k}, padding = {padding!r}, stride = {stride}, "
                   "{name} should return {expected}, but returned {received}.",
    "not_integer": "{name} should return a whole number (an int), but returned {received}.",
    "hint_plus_one": "Hint: count the first position too. A kernel of k fits n − k + 1 times "
                     "at stride 1.",
    "hint_floor": "Hint: a window that would hang over the edge does not count. Divide with "
                  "// (floor), then add 1.",
    "hint_same": "Hint: 'same' pads just enough for ceil(n / s) outputs, whatever k is.",
    "hint_full": "Hint: 'full' pads k − 1 zeros on each side: n + 2(k − 1) rows in all.",
    "pass_pool": "Well done: {name} sends each window's gradient to its maximum in all {n} "
                 "test cases, ties included, and leaves its inputs unchanged.",
    "pool_shape": "{name} should return an array of shape {expected} (the shape of x), but "
                  "returned shape {received}.",
    "pool_value": "Not yet: for x = {x} and grad_out = {g}, {name} should return {expected}, "
                  "but returned {received}.",
    "hint_ties": "Hint: in a window where several entries tie for the maximum, give the whole "
                 "gradient to one of them, the first in row-major order (argmax does that).",
    "hint_average": "Hint: the gradient is spread over the whole window. Only the maximum "
                    "affected the output, so only it gets the gradient.",
    "hint_odd": "Hint: with an odd size the last row or column is in no window; its gradient "
                "is zero.",
    "mutated_pool": "{name} changed its input {arg} in place. Build a new array for the "
                    "gradient, e.g. with np.zeros_like(x).",
})


def _output_size_cases():
    """(n, k, padding, stride): the classic model's shapes, then every padding and stride."""
    return [(28, 5, "valid", 1), (24, 3, "valid", 1), (11, 3, "valid", 1), (22, 2, "valid", 2),
            (7, 3, "valid", 2), (8, 3, "valid", 2), (28, 5, "same", 1), (7, 3, "same", 2),
            (8, 4, "same", 3), (28, 5, "full", 1), (6, 3, "full", 2), (5, 5, "valid", 1)]


def check_output_size(fn):
    """Check a learner's ``output_size(n, k, padding, stride)`` against ``conv_output_size``.

    The cases cover "valid", "same" and "full", strides that divide evenly and strides that
    do not. The verdict names the first wrong case, with a hint for the usual slips.
    Explained in Chapter 4 (exercise 1).
    """
    from nnbook.conv import conv_output_size

    name = getattr(fn, "__name__", "your function")
    cases = _output_size_cases()
    for n, k, padding, stride in cases:
        try:
            out = fn(n, k, padding, stride)
        except NotImplementedError:
            return Verdict(False, MESSAGES["not_implemented"].format(name=name))
        except Exception as error:  # a check must report any mistake, never crash the notebook
            return Verdict(False, MESSAGES["raised"].format(
                name=name, error=f"{type(error).__name__}: {error}"))
        if out is None:
            return Verdict(False, MESSAGES["returned_none"].format(name=name))
        if isinstance(out, (bool, np.bool_)) or not isinstance(out, (int, np.integer)):
            if not (isinstance(out, (float, np.floating)) and float(out).is_integer()):
                return Verdict(False, MESSAGES["not_integer"].format(name=name, received=repr(out)))
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


def check_max_pool_backward(fn):
    """Check a learner's ``max_pool_backward(x, grad_out)`` for a 2×2 pool with stride 2.

    ``x`` is (N, C, H, W) and ``grad_out`` (N, C, H // 2, W // 2); the answer, the gradient
    with respect to x, is ``nnbook.conv_loops.max_pool_backward(x, grad_out)``: each
    window's gradient goes to its maximum, the first one when several tie. One case has
    ties (a window of zeros, as on a digit's background), one an odd size.
    Explained in Chapter 4 (exercise 2).
    """
    from nnbook.conv_loops import max_pool_backward

    name = getattr(fn, "__name__", "your function")
    cases = list(_max_pool_cases())
    for x, grad_out in cases:
        originals = {"x": x.copy(), "grad_out": grad_out.copy()}
        out, problem = _call(fn, name, x, grad_out)
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
    return _one_line(np.asarray(array)[0, 0] if small else np.asarray(array))
