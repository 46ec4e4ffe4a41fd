"""Introduced in Chapter 4. Convolution: the shape arithmetic, im2col, and Conv2D.

A convolution slides a small kernel over an image and, at every position, takes the dot
product of the kernel with the patch under it. Images are stored NCHW, as in the classic
script's ``input_shape=(1, 28, 28)``: x[n, c, i, j] is row i, column j of channel c of
image n. With a kernel W of shape (F, C, kh, kw), a bias b of shape (F,) and stride s,

    out[n, f, i, j] = b[f] + Σ_c Σ_p Σ_q  W[f, c, p, q] · x_pad[n, c, i·s + p, j·s + q]

where x_pad is x with zeros added around it as the ``padding`` asks (what deep learning
calls convolution is, strictly, cross-correlation: the kernel is not flipped).

``nnbook.conv_loops`` writes this sum, and its derivatives, as plain loops. ``im2col``
here turns it into one matrix product: copy every kernel-sized patch into a column, and
the kernel as an (F, C·kh·kw) matrix times those columns is the convolution at every
position. ``Conv2D`` computes the same numbers with ``nnbook.fast.conv``, the same idea
arranged for speed (flat images, cache-sized chunks); a test checks that they agree.
"""

import numpy as np

from nnbook.checks import channels_first_hint, positive_int, random_seed, true_or_false
from nnbook.conv_shapes import (PADDINGS, _check_padding, _col2im_args, _conv_args,  # noqa: F401
                                _example_or_batch, _pair, _patches_args, conv_output_size,
                                conv_padding)  # (Chapter 4 imports these two from here)
from nnbook.fast import conv as fast_conv
from nnbook.layers.base import Layer, as_float_array, float_dtype
from nnbook.layers.dense import weight_settings
from nnbook.layers.initializers import get_initializer

# ---------------------------------------------------------------------------------------
# im2col: a convolution as one matrix product


def im2col(x, kernel_size, strides=(1, 1)):
    """Every kernel-sized patch of ``x`` (N, C, H, W) as a column: (N, C·kh·kw, Ho·Wo).

    Row (c, p, q) of the columns holds pixel x[n, c, i·s + p, j·s + q] for every output
    position (i, j), so the kernel W (F, C, kh, kw) as an (F, C·kh·kw) matrix times the
    columns of image n is the "valid" convolution at every position:
    ``W.reshape(F, -1) @ im2col(x, (kh, kw))[n]``. One loop over the kh·kw kernel offsets,
    each copying a strided block of the whole batch. Explained in Chapter 4.
    """
    x, (kh, kw), (sh, sw) = _patches_args("im2col", x, kernel_size, strides)  # the checks
    n, c, h, w = x.shape
    ho, wo = (h - kh) // sh + 1, (w - kw) // sw + 1
    cols = np.empty((n, c, kh, kw, ho, wo), dtype=x.dtype)
    for p in range(kh):
        for q in range(kw):
            cols[:, :, p, q] = x[:, :, p:p + (ho - 1) * sh + 1:sh, q:q + (wo - 1) * sw + 1:sw]
    return cols.reshape(n, c * kh * kw, ho * wo)


def col2im(cols, x_shape, kernel_size, strides=(1, 1)):
    """The adjoint of ``im2col``: add every column entry back onto the pixel it came from.

    ``cols`` (N, C·kh·kw, Ho·Wo) → an array of ``x_shape`` (N, C, H, W). A pixel that lay
    in several patches receives the sum of its entries: this is how backward turns the
    gradient of the columns into ∂L/∂x. Explained in Chapter 4.
    """
    cols, (n, c, h, w), (kh, kw), (sh, sw) = _col2im_args(cols, x_shape, kernel_size, strides)
    ho, wo = (h - kh) // sh + 1, (w - kw) // sw + 1
    cols = cols.reshape(n, c, kh, kw, ho, wo)
    x = np.zeros(x_shape, dtype=cols.dtype)
    for p in range(kh):
        for q in range(kw):
            x[:, :, p:p + (ho - 1) * sh + 1:sh, q:q + (wo - 1) * sw + 1:sw] += cols[:, :, p, q]
    return x


def conv2d_im2col(x, W, b=None, padding="valid", strides=1):
    """Conv2D's output through ``im2col``: pad, make the columns, one matrix product.

    The plain version of what ``Conv2D.forward`` computes (with ``nnbook.fast.conv``).
    Returns (N, F, Ho, Wo). Explained in Chapter 4.
    """
    x, W, b, padding, (sh, sw) = _conv_args("conv2d_im2col", x, W, b, padding, strides)
    (f, c, kh, kw), (n, _, h, w) = W.shape, x.shape
    pads = conv_padding(h, kh, padding, sh), conv_padding(w, kw, padding, sw)
    x_pad = np.pad(x, ((0, 0), (0, 0), *pads))
    cols = im2col(x_pad, (kh, kw), (sh, sw))
    out = W.reshape(f, c * kh * kw) @ cols  # (N, F, Ho·Wo): already channels-first
    if b is not None:
        out += b[:, None]
    return out.reshape(n, f, conv_output_size(h, kh, padding, sh),
                       conv_output_size(w, kw, padding, sw))


# ---------------------------------------------------------------------------------------
# Conv2D


def _image_shape(input_shape, guess_layout=True):
    """``input_shape`` as one image's (C, H, W), or a clear error; with ``guess_layout``,
    a shape that looks channels-last, such as (28, 28, 1), is refused too."""
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3:
        raise ValueError("Conv2D input_shape must be (C, H, W), channels first, got"
                         f" {input_shape!r}")
    input_shape = tuple(positive_int(v, "Conv2D input_shape") for v in input_shape)
    if guess_layout and channels_first_hint(input_shape):
        raise ValueError(f"Conv2D got input_shape={input_shape}"
                         f"{channels_first_hint(input_shape)}, i.e. input_shape="
                         f"{(input_shape[2], input_shape[0], input_shape[1])}")
    return input_shape


class Conv2D(Layer):
    r"""A 2-D convolution layer over NCHW batches, Keras's ``Conv2D``.

    .. math::

        \mathrm{out}_{n,f,i,j} = b_f + \sum_{c,p,q} W_{f,c,p,q}\, x^{pad}_{n,c,\,i s + p,\,j s + q}

    Forward is ``conv2d_im2col``: the columns of every patch, times the kernel as a matrix.
    Backward, with G = ∂L/∂out laid out as the product's result and ``cols`` the columns:

    .. math::

        \frac{\partial L}{\partial W} = \sum_n G_n\, \mathrm{cols}_n^\top, \qquad
        \frac{\partial L}{\partial b_f} = \sum_{n,i,j} G_{n,f,i,j}, \qquad
        \frac{\partial L}{\partial x_n} = \mathrm{col2im}\big(W_{rows}^\top G_n\big)

    The last is the "full" convolution of G with the flipped kernel that
    ``conv_loops.conv2d_backward`` computes, summed by kernel offset instead of by position.
    Both directions run in ``nnbook.fast.conv`` (the same numbers, arranged for speed).

    Parameters
    ----------
    filters : int
        F, the number of output channels.
    kernel_size : int or (kh, kw)
    padding : {"valid", "same", "full"}
        See ``conv_output_size``.
    strides : int or (sh, sw)
    input_shape : (C, H, W) or None
        One input image's shape, as the classic script's ``input_shape=(1, 28, 28)``:
        channels first. Other inputs are refused. None: taken from the first input.
    kernel_initializer : str
        A name in ``nnbook.layers.INITIALIZERS``; ``"glorot_uniform"`` (the default) uses
        fan_in = C·kh·kw and fan_out = F·kh·kw as Keras does. Biases start at zero.
    use_bias : bool
    seed : int or None
        Seeds the initial weights.
    dtype : float dtype or None
        The parameters' dtype. None: the first input's (float64 if ``build`` comes first).

    Once built, ``params`` is ``{"W": (F, C, kh, kw), "b": (F,)}``. Input (N, C, H, W);
    output (N, F, Ho, Wo) with Ho = ``conv_output_size(H, kh, padding, sh)``. The layer
    keeps batch-sized work arrays between calls. Explained in Chapter 4.
    """

    splittable = True
    worth_a_thread = True  # much work per example: Chapter 4's two-thread step pays

    def __init__(self, filters, kernel_size, padding="valid", strides=1, input_shape=None,
                 kernel_initializer="glorot_uniform", use_bias=True, seed=None, dtype=None):
        super().__init__(dtype)
        self.filters = positive_int(filters, "Conv2D filters")
        self.kernel_size = _pair(kernel_size, "Conv2D kernel_size")
        self.padding = _check_padding(padding, PADDINGS, "Conv2D")
        self.strides = _pair(strides, "Conv2D strides")
        if input_shape is not None:
            input_shape = _image_shape(input_shape)
        get_initializer(kernel_initializer)  # refuse an unknown name now, not at build
        self.input_shape = input_shape
        self.kernel_initializer = kernel_initializer
        self.use_bias = true_or_false(use_bias, "Conv2D use_bias")
        self.seed = random_seed(seed, "Conv2D seed")
        self.channels = None if input_shape is None else input_shape[0]
        self.built = False
        self._cache = None  # (input shape, output shape) of the last forward
        self._work = {}  # batch-sized work arrays kept between calls (nnbook.fast.work)

    def compute_output_shape(self, input_shape):
        """The output shape for ``input_shape`` (C, H, W), or (N, C, H, W) with N kept."""
        *batch, _, h, w = _example_or_batch(input_shape, "Conv2D.compute_output_shape")
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        self._check_size(h, w)
        return (*batch, self.filters, conv_output_size(h, kh, self.padding, sh),
                conv_output_size(w, kw, self.padding, sw))

    def _check_size(self, h, w):
        kh, kw = self.kernel_size
        if self.padding == "valid" and (h < kh or w < kw):
            raise ValueError(
                f"Conv2D with a {kh}x{kw} kernel and padding 'valid' needs inputs of at least"
                f" {kh}x{kw}, got {h}x{w}")

    def _check_input(self, x):
        if x.ndim != 4:
            hints = {2: " (one image becomes a batch of one with x[None, None])",
                     3: " (a batch of one-channel images becomes (N, 1, H, W) with x[:, None])"}
            raise ValueError(f"Conv2D expects a 4-D input (N, C, H, W), got shape {x.shape}"
                             f"{hints.get(x.ndim, '')}")
        if self.channels is None and channels_first_hint(x.shape):
            raise ValueError(f"Conv2D got input of shape {x.shape}{channels_first_hint(x.shape)}")
        if self.channels is not None and x.shape[1] != self.channels:
            raise ValueError(f"Conv2D expected {self.channels} input channels, got {x.shape[1]}"
                             f" (input shape {x.shape}){channels_first_hint(x.shape)}")
        if self.input_shape is not None and x.shape[1:] != self.input_shape:
            raise ValueError(
                f"Conv2D expected input of shape (N, {', '.join(map(str, self.input_shape))}),"
                f" got {x.shape}")
        self._check_size(*x.shape[2:])

    def build(self, input_shape=None, dtype=None):
        """Make ``W`` from the initializer and ``b`` as zeros; return the layer.

        ``input_shape`` (C, H, W): only C matters for the weights; defaults to the one
        given at construction. ``dtype``: defaults to the layer's, else float64.
        """
        input_shape = (self.input_shape if input_shape is None  # (C, 1, 1) is fine here
                       else _image_shape(input_shape, guess_layout=False))
        if input_shape is None:
            raise ValueError(
                "Conv2D.build needs input_shape (C, H, W): pass it here or to Conv2D(...)")
        dtype = float_dtype(next(d for d in (dtype, self.dtype, np.float64) if d is not None))
        self.dtype, self.channels = dtype, input_shape[0]  # all checked: now change the layer
        (kh, kw), f, c = self.kernel_size, self.filters, self.channels
        rng = np.random.default_rng(self.seed)
        self.params, self.grads = {}, {}
        self.add_weight("W", (f, c, kh, kw), self.kernel_initializer, c * kh * kw, f * kh * kw,
                        rng=rng)
        if self.use_bias:
            self.add_weight("b", (f,), "zeros")
        self.built = True
        return self

    def _pads(self, h, w):
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        return conv_padding(h, kh, self.padding, sh), conv_padding(w, kw, self.padding, sw)

    def forward(self, x, training=False):
        """Return the convolution of ``x`` (N, C, H, W): shape (N, F, Ho, Wo)."""
        x = as_float_array(x, self.dtype)
        self._check_input(x)
        if not self.built:
            self.build(x.shape[1:], x.dtype if self.dtype is None else self.dtype)
        self._same_dtype(x)
        bias = self.params["b"] if self.use_bias else None
        # conv2d_im2col(x, W, b, padding, strides), arranged for speed:
        out = fast_conv.conv2d_forward(x, self.params["W"], bias, self._pads(*x.shape[2:]),
                                       self.strides, self._work)
        self._cache = (x.shape, out.shape)
        return out

    def backward(self, grad_out, input_grad=True):
        """Fill ``grads["W"]`` (and ``grads["b"]``), return ∂L/∂x of shape (N, C, H, W).

        ``input_grad=False`` skips ∂L/∂x and returns None (a model's first layer).
        """
        grad_out = self._check_grad_out(grad_out, None if self._cache is None else self._cache[1])
        grad_out = np.asarray(grad_out, dtype=self.dtype)  # float32 stays float32
        x_shape = self._cache[0]
        grad_x, self.grads["W"], grad_b = fast_conv.conv2d_backward(
            grad_out, x_shape, self.params["W"], self._pads(*x_shape[2:]), self.strides,
            self._work, input_grad)
        if self.use_bias:
            self.grads["b"] = grad_b
        return grad_x

    def __repr__(self):
        parts = [str(self.filters), str(self.kernel_size)]
        if self.padding != "valid":
            parts.append(f"padding={self.padding!r}")
        if self.strides != (1, 1):
            parts.append(f"strides={self.strides}")
        if self.input_shape is not None:
            parts.append(f"input_shape={self.input_shape}")
        return f"Conv2D({', '.join(parts + weight_settings(self))})"
