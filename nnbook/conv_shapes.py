"""Introduced in Chapter 4. Shape arithmetic: how long a convolution's output is, and its padding.

One axis at a time: an input of length n, a kernel (or pool) of length k, a stride s and
a padding name. The classic script's shapes follow from ``conv_output_size``:
28 → 24 → 22 → 11 → 9 → 4.
"""

import numpy as np

from nnbook.checks import positive_int

PADDINGS = ("valid", "same", "full")
"""Padding names for Conv2D: no padding, output as large as the input (at stride 1), and
every position where kernel and input overlap at all. Explained in Chapter 4."""

POOL_PADDINGS = ("valid", "same")
"""Padding names for MaxPooling2D. Explained in Chapter 4."""


def _pair(value, what):
    """``value`` (an int or a pair of ints) as a pair of positive ints, or a clear error."""
    pair = (value, value) if np.isscalar(value) or value is None else value
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        raise ValueError(f"{what} must be a positive integer or a pair of them, got {value!r}")
    return positive_int(pair[0], what), positive_int(pair[1], what)


def _check_padding(padding, known, layer):
    if padding not in known:
        names = ", ".join(repr(name) for name in known)
        raise ValueError(f"unknown padding {padding!r} for {layer}; known: {names}")
    return padding


# ---------------------------------------------------------------------------------------
# Shape arithmetic: one axis at a time.


def conv_output_size(n, k, padding="valid", stride=1):
    r"""The output length of a convolution (or pooling) along one axis.

    Parameters
    ----------
    n : int
        Input length (height or width).
    k : int
        Kernel (or pool) length.
    padding : {"valid", "same", "full"}
    stride : int

    Returns
    -------
    int

    .. math::

        \text{valid: } \left\lfloor \frac{n - k}{s} \right\rfloor + 1, \qquad
        \text{same: } \left\lceil \frac{n}{s} \right\rceil, \qquad
        \text{full: } \left\lfloor \frac{n + k - 2}{s} \right\rfloor + 1

    "same" follows Keras and TensorFlow (at stride 1 the output is as long as the input);
    "full" pads k − 1 zeros on each side. The classic script's shapes:
    ``conv_output_size(28, 5) == 24``, ``conv_output_size(24, 3) == 22``.
    Explained in Chapter 4.
    """
    _check_sizes(n, k, padding, stride, "conv_output_size")
    if padding == "valid":
        return (n - k) // stride + 1
    if padding == "same":
        return -(-n // stride)
    return (n + k - 2) // stride + 1


def conv_padding(n, k, padding="valid", stride=1):
    """The zeros added ``(before, after)`` along one axis of length ``n``.

    "valid" adds none and "full" adds k − 1 on each side. "same" adds just enough for
    ``conv_output_size`` windows, ``max((out − 1)·s + k − n, 0)`` in all, the odd one after
    (as TensorFlow does): a 4×4 kernel at stride 1 gets 1 zero before and 2 after.
    Explained in Chapter 4.
    """
    _check_sizes(n, k, padding, stride, "conv_padding")
    if padding == "valid":
        return 0, 0
    if padding == "full":
        return k - 1, k - 1
    out = -(-n // stride)  # conv_output_size for "same"
    total = max((out - 1) * stride + k - n, 0)
    return total // 2, total - total // 2


_SIZE_ARGS = ("n", "the input length"), ("k", "the kernel length"), ("stride", "the stride")


def _check_sizes(n, k, padding, stride, caller):
    """Refuse what ``conv_output_size`` cannot compute; errors name ``caller``. A few
    isinstance calls: cheap enough for every forward pass."""
    _check_padding(padding, PADDINGS, caller)
    for (name, meaning), value in zip(_SIZE_ARGS, (n, k, stride)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{caller} expected {name} ({meaning}) to be an integer, "
                            f"got {value!r} ({type(value).__name__})")
        if value < 1:
            raise ValueError(f"{caller} expected {name} ({meaning}) to be a positive "
                             f"integer, got {value}")
    if padding == "valid" and n < k:
        raise ValueError(f"a kernel of {k} does not fit an input of {n} with padding 'valid'")
