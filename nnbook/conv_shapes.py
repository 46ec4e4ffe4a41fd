"""Introduced in Chapter 4. Shape arithmetic: how long a convolution's output is, and its padding.

One axis at a time: an input of length n, a kernel (or pool) of length k, a stride s and
a padding name. The classic script's shapes follow from ``conv_output_size``:
28 → 24 → 22 → 11 → 9 → 4.
"""

import numbers

import numpy as np

from nnbook.checks import channels_first_hint, float_array, positive_int

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


# ---------------------------------------------------------------------------------------
# The doors of the plain convolution and pooling functions (conv_loops, conv.im2col): one
# call at the top of each, so that the lesson's code stays the lesson.


def _images(x, who, name="x"):
    """``x`` as a float batch of images (N, C, H, W), or a clear error naming ``who``."""
    x = float_array(x, name)
    if x.ndim != 4:
        raise ValueError(f"{who} expected {name} of shape (N, C, H, W), got {x.shape}"
                         f"{channels_first_hint(x.shape)}")
    return x


def _kernel(W, x, who):
    """``W`` as a float kernel (F, C, kh, kw) for the images ``x``, or a clear error."""
    W = float_array(W, "W")
    if W.ndim != 4:
        raise ValueError(f"{who} expected a kernel W of shape (F, C, kh, kw), got {W.shape}")
    if W.shape[1] != x.shape[1]:
        raise ValueError(f"{who}: W has {W.shape[1]} input channels but x has {x.shape[1]}"
                         f" (x of shape {x.shape}, W of shape {W.shape})")
    return W


def _conv_args(who, x, W, b=None, padding="valid", strides=1):
    """The arguments of a plain convolution, checked: x, W, b, padding, (sh, sw)."""
    x = _images(x, who)
    W = _kernel(W, x, who)
    if b is not None:
        b = float_array(b, "b")
        if b.shape != W.shape[:1]:
            raise ValueError(f"{who}: b must have one entry per filter, shape {W.shape[:1]},"
                             f" got {b.shape}")
    strides = _pair(strides, "strides")
    for axis in (0, 1):  # the kernel must fit (with its padding), along H and along W
        conv_output_size(x.shape[2 + axis], W.shape[2 + axis], padding, strides[axis])
    return x, W, b, padding, strides


def _conv_backward_args(x, W, grad_out, padding, strides):
    """conv2d_backward's arguments, checked: x, W, grad_out (of the output's shape), (sh, sw)."""
    x, W, _, padding, (sh, sw) = _conv_args("conv2d_backward", x, W, None, padding, strides)
    shape = (x.shape[0], W.shape[0], conv_output_size(x.shape[2], W.shape[2], padding, sh),
             conv_output_size(x.shape[3], W.shape[3], padding, sw))
    return x, W, _grad_out(grad_out, shape, "conv2d_backward"), (sh, sw)


def _grad_out(grad_out, shape, who):
    """``grad_out`` as floats of ``shape`` (the output's), or a clear error."""
    grad_out = float_array(grad_out, "grad_out")
    if grad_out.shape != tuple(shape):
        raise ValueError(f"{who} expected grad_out of shape {tuple(shape)} (the output's),"
                         f" got {grad_out.shape}")
    return grad_out


def _patches_args(who, x, kernel_size, strides):
    """im2col's arguments, checked: the images, (kh, kw) and (sh, sw), the kernel fitting."""
    x = _images(x, who)
    (kh, kw), (sh, sw) = _pair(kernel_size, "kernel_size"), _pair(strides, "strides")
    conv_output_size(x.shape[2], kh, "valid", sh)
    conv_output_size(x.shape[3], kw, "valid", sw)
    return x, (kh, kw), (sh, sw)


def _pool_args(who, x, pool_size, strides, padding, grad_out=None):
    """A plain max-pool's x and grad_out (if given, of the output's shape), checked with the
    pool's geometry."""
    x = _images(x, who)
    ph, pw = _pair(pool_size, "pool_size")
    sh, sw = (ph, pw) if strides is None else _pair(strides, "strides")
    _check_padding(padding, POOL_PADDINGS, who)
    shape = (*x.shape[:2], conv_output_size(x.shape[2], ph, padding, sh),
             conv_output_size(x.shape[3], pw, padding, sw))
    return x, None if grad_out is None else _grad_out(grad_out, shape, who)


def _col2im_args(cols, x_shape, kernel_size, strides):
    """col2im's arguments, checked: cols (N, C·kh·kw, Ho·Wo), x_shape, (kh, kw), (sh, sw)."""
    if not isinstance(x_shape, (tuple, list)) or len(x_shape) != 4:
        raise ValueError(f"col2im expected x_shape (N, C, H, W), got {x_shape!r}")
    n, c, h, w = (positive_int(size, "x_shape") for size in x_shape)
    (kh, kw), (sh, sw) = _pair(kernel_size, "kernel_size"), _pair(strides, "strides")
    shape = (n, c * kh * kw, conv_output_size(h, kh, "valid", sh)
             * conv_output_size(w, kw, "valid", sw))
    cols = float_array(cols, "cols")
    if cols.shape != shape:
        raise ValueError(f"col2im expected cols of shape {shape} (N, C·kh·kw, Ho·Wo) for x_shape"
                         f" {tuple(x_shape)}, got {cols.shape}")
    return cols, (n, c, h, w), (kh, kw), (sh, sw)


def _example_or_batch(input_shape, who):
    """``input_shape`` (C, H, W) or (N, C, H, W) as a tuple of ints, or a clear error."""
    if not isinstance(input_shape, (tuple, list)):
        raise TypeError(f"{who} expected input_shape (C, H, W) or (N, C, H, W), got"
                        f" {input_shape!r}")
    if len(input_shape) not in (3, 4):  # noqa: the batch N may be given or not
        raise ValueError(f"{who} expected input_shape (C, H, W) or (N, C, H, W), got"
                         f" {tuple(input_shape)}")
    return tuple(positive_int(n, f"{who}'s input_shape") for n in input_shape)


def _pad_args(x, pads, value):
    """pad2d's arguments, checked: the images, ((top, bottom), (left, right)), the value."""
    x = _images(x, "pad2d")
    if not (isinstance(pads, (tuple, list)) and len(pads) == 2
            and all(isinstance(p, (tuple, list)) and len(p) == 2 for p in pads)
            and all(isinstance(n, numbers.Integral) and not isinstance(n, (bool, np.bool_))
                    and n >= 0 for p in pads for n in p)):
        raise ValueError(f"pad2d expected pads ((top, bottom), (left, right)), whole numbers"
                         f" ≥ 0, got {pads!r}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"pad2d expected value, a number that is not NaN, got {value!r}")
    if np.isnan(value):
        raise ValueError(f"pad2d expected value, a number that is not NaN, got {value!r}")
    return x
