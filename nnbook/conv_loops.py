"""Introduced in Chapter 4. Convolution and max-pooling as plain loops: the readable version.

These functions compute exactly what ``nnbook.conv``'s layers compute, written so that
each line can be checked against the formula. They are slow (a Python loop over output
positions or kernel offsets) and are used to explain, and to test, the fast layers.

Shapes are NCHW: x is (N, C, H, W), a kernel W is (F, C, kh, kw), a bias b is (F,).
The convolution of deep learning (strictly, a cross-correlation) is

    out[n, f, i, j] = b[f] + Σ_c Σ_p Σ_q  W[f, c, p, q] · x_pad[n, c, i·s + p, j·s + q]

Its backward pass is made of the same operation:

* ∂L/∂W[f, c, p, q] = Σ_n Σ_i Σ_j  G[n, f, i, j] · x_pad[n, c, i·s + p, j·s + q]
  with G = ∂L/∂out: one sum for every kernel offset (p, q);
* ∂L/∂x is a "full" convolution of G with the kernel flipped (rotated by 180°) and its
  two channel axes swapped. With a stride s, G is first spread out with s − 1 zeros
  between its entries, because output (i, j) saw the input from row i·s on.
"""

import numpy as np

from nnbook.conv_shapes import (_conv_args, _conv_backward_args, _pad_args, _pool_args,
                                conv_output_size, conv_padding)


def pad2d(x, pads, value=0.0):
    """``x`` (N, C, H, W) with ``pads = ((top, bottom), (left, right))`` rows and columns of
    ``value`` added around each image. Explained in Chapter 4."""
    x = _pad_args(x, pads, value)
    return np.pad(x, ((0, 0), (0, 0), *pads), constant_values=value)


def correlate2d(x, W, strides=(1, 1)):
    """The "valid" cross-correlation of ``x`` (N, C, H, W) with ``W`` (F, C, kh, kw).

    Loops over the output positions (i, j): each is the dot product of the kernel with the
    patch under it, for every image and filter at once. Returns (N, F, Ho, Wo).
    Explained in Chapter 4.
    """
    x, W, _, _, strides = _conv_args("correlate2d", x, W, strides=strides)  # the checks
    n, _, h, w = x.shape
    f, _, kh, kw = W.shape
    sh, sw = strides
    ho, wo = conv_output_size(h, kh, "valid", sh), conv_output_size(w, kw, "valid", sw)
    out = np.zeros((n, f, ho, wo), dtype=np.result_type(x, W))
    for i in range(ho):
        for j in range(wo):
            patch = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]  # (N, C, kh, kw)
            out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3]))  # (N, F)
    return out


def conv2d_forward(x, W, b=None, padding="valid", strides=1):
    """Conv2D's output for ``x`` (N, C, H, W), kernel ``W`` (F, C, kh, kw) and bias ``b`` (F,).

    Pads x as ``padding`` asks ("valid", "same" or "full"), then correlates.
    Returns (N, F, Ho, Wo). Explained in Chapter 4.
    """
    x, W, b, padding, (sh, sw) = _conv_args("conv2d_forward", x, W, b, padding, strides)
    kh, kw = W.shape[2:]
    pads = conv_padding(x.shape[2], kh, padding, sh), conv_padding(x.shape[3], kw, padding, sw)
    out = correlate2d(pad2d(x, pads), W, (sh, sw))
    if b is not None:
        out += b[:, None, None]
    return out


def conv2d_backward(x, W, grad_out, padding="valid", strides=1):
    """The gradients of ``conv2d_forward``: ``(grad_x, grad_W, grad_b)`` for G = ``grad_out``.

    grad_W loops over the kernel offsets (p, q): entry W[f, c, p, q] multiplied the strided
    block x_pad[:, c, p::s, q::s] (one input pixel for each output position), so its
    gradient is that block times G, summed over images and positions.

    grad_x is the full convolution of G with the flipped kernel: G is spread to stride 1
    (s − 1 zeros between entries), padded with k − 1 zeros on every side, and correlated
    with W[:, :, ::-1, ::-1] with the F and C axes swapped. That gives the gradient of the
    padded input; the padding is then cut away. Explained in Chapter 4.
    """
    x, W, grad_out, (sh, sw) = _conv_backward_args(x, W, grad_out, padding, strides)
    n, c, h, w = x.shape
    f, _, kh, kw = W.shape
    ho, wo = grad_out.shape[2:]
    pads = conv_padding(h, kh, padding, sh), conv_padding(w, kw, padding, sw)
    x_pad = pad2d(x, pads)

    grad_b = grad_out.sum(axis=(0, 2, 3))

    grad_W = np.zeros(W.shape, dtype=np.result_type(x, grad_out))
    for p in range(kh):
        for q in range(kw):
            # The pixels W[:, :, p, q] multiplied, one per output position: (N, C, Ho, Wo)
            block = x_pad[:, :, p:p + (ho - 1) * sh + 1:sh, q:q + (wo - 1) * sw + 1:sw]
            grad_W[:, :, p, q] = np.tensordot(grad_out, block, axes=([0, 2, 3], [0, 2, 3]))

    spread = np.zeros((n, f, (ho - 1) * sh + 1, (wo - 1) * sw + 1), dtype=grad_out.dtype)
    spread[:, :, ::sh, ::sw] = grad_out
    flipped = W[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)  # (C, F, kh, kw)
    reached = correlate2d(pad2d(spread, ((kh - 1, kh - 1), (kw - 1, kw - 1))), flipped)
    # The kernel reached the first (Ho − 1)·s + kh rows of x_pad; rows past them (left over
    # by a stride that does not divide evenly) got no gradient.
    grad_x_pad = np.zeros(x_pad.shape, dtype=reached.dtype)
    grad_x_pad[:, :, :reached.shape[2], :reached.shape[3]] = reached
    (top, _), (left, _) = pads
    grad_x = grad_x_pad[:, :, top:top + h, left:left + w]
    return grad_x, grad_W, grad_b


def max_pool_forward(x, pool_size=2, strides=None, padding="valid"):
    """MaxPooling2D's output for ``x`` (N, C, H, W): the maximum of each window.

    ``padding="same"`` pads with −∞, which never wins. Returns (N, C, Ho, Wo).
    Explained in Chapter 4.
    """
    x, _ = _pool_args("max_pool_forward", x, pool_size, strides, padding)  # the checks
    (ph, pw), (sh, sw), pads = _pool_geometry(x.shape, pool_size, strides, padding)
    x_pad = pad2d(x, pads, value=-np.inf)
    ho = conv_output_size(x.shape[2], ph, padding, sh)
    wo = conv_output_size(x.shape[3], pw, padding, sw)
    out = np.zeros((*x.shape[:2], ho, wo), dtype=x.dtype)
    for i in range(ho):
        for j in range(wo):
            window = x_pad[:, :, i * sh:i * sh + ph, j * sw:j * sw + pw]  # (N, C, ph, pw)
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out


def max_pool_backward(x, grad_out, pool_size=2, strides=None, padding="valid"):
    """The gradient of ``max_pool_forward`` with respect to ``x``, for ``grad_out`` (N, C, Ho, Wo).

    Each window's gradient goes to the position of its maximum; where several entries tie,
    to the first in row-major order (``argmax`` returns the first). Windows that overlap add
    their gradients. Explained in Chapter 4.
    """
    x, grad_out = _pool_args("max_pool_backward", x, pool_size, strides, padding, grad_out)
    (ph, pw), (sh, sw), pads = _pool_geometry(x.shape, pool_size, strides, padding)
    x_pad = pad2d(x, pads, value=-np.inf)
    n, c = x.shape[:2]
    images, channels = np.ogrid[:n, :c]  # index arrays (N, 1) and (1, C)
    grad_x_pad = np.zeros(x_pad.shape, dtype=grad_out.dtype)
    for i in range(grad_out.shape[2]):
        for j in range(grad_out.shape[3]):
            window = x_pad[:, :, i * sh:i * sh + ph, j * sw:j * sw + pw]
            first = window.reshape(n, c, ph * pw).argmax(axis=-1)  # (N, C)
            p, q = np.divmod(first, pw)
            grad_x_pad[images, channels, i * sh + p, j * sw + q] += grad_out[:, :, i, j]
    (top, _), (left, _) = pads
    return grad_x_pad[:, :, top:top + x.shape[2], left:left + x.shape[3]]


def _pool_geometry(shape, pool_size, strides, padding):
    ph, pw = (pool_size, pool_size) if np.isscalar(pool_size) else pool_size
    strides = (ph, pw) if strides is None else strides
    sh, sw = (strides, strides) if np.isscalar(strides) else strides
    pads = conv_padding(shape[2], ph, padding, sh), conv_padding(shape[3], pw, padding, sw)
    return (ph, pw), (sh, sw), pads
