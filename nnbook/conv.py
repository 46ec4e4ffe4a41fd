"""Introduced in Chapter 4. Convolution and max-pooling layers, fast enough to train on.

A convolution slides a small kernel over an image and, at every position, takes the dot
product of the kernel with the patch under it. Images are stored NCHW, as in the classic
script's ``input_shape=(1, 28, 28)``: x[n, c, i, j] is row i, column j of channel c of
image n. With a kernel W of shape (F, C, kh, kw), a bias b of shape (F,) and stride s,

    out[n, f, i, j] = b[f] + Σ_c Σ_p Σ_q  W[f, c, p, q] · x_pad[n, c, i·s + p, j·s + q]

where x_pad is x with zeros added around it as the ``padding`` asks (what deep learning
calls convolution is, strictly, cross-correlation: the kernel is not flipped).

``nnbook.conv_loops`` writes this sum, and its derivatives, as plain loops. This module
computes the same numbers with a few large array operations:

1. im2col: copy the padded images, shifted once for every kernel offset (p, q), into one
   matrix ``cols`` per image (one copy, from ``sliding_window_view``);
2. one matrix product per image, all in one batched call: the kernel as an (F, kh·kw·C)
   matrix times ``cols``, whose result (N, F, positions) is already NCHW, so no transpose
   follows.

Backward uses ``cols`` again: ∂L/∂W is a product of the upstream gradient with ``cols``,
and ∂L/∂x spreads ``Wᵀ @ grad_out`` back over the positions it came from (col2im). Two
habits make this fast: images are handled flat, row after row, so that every copy and
addition runs over long stretches of memory (see ``im2col``); and a batch is taken a few
images at a time, so that their columns are still in the cache when they are used
(see ``CHUNK_BYTES``).

Max-pooling keeps the largest value of each window. The common 2×2 pool with stride 2
compares strided views: horizontal neighbours x[..., 0::2] and x[..., 1::2] first, then
vertical neighbours of the result (fewer, longer steps than the four views of a window);
other pool sizes copy their windows out. No argmax is needed. The gradient goes to the
one input that was the maximum, the first in row-major window order when several tie (as
PyTorch does), so a window of zeros on a digit's background passes its gradient to one
pixel only.

Everything computes in the input's dtype: float32 in gives float32 work, outputs and
gradients, and float64 runs the same code for gradient checks.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from nnbook.layers import (INITIALIZERS, Layer, _as_float_array, _float_dtype,
                           _weight_settings)

PADDINGS = ("valid", "same", "full")
"""Padding names for Conv2D: no padding, output as large as the input (at stride 1), and
every position where kernel and input overlap at all. Explained in Chapter 4."""

POOL_PADDINGS = ("valid", "same")
"""Padding names for MaxPooling2D. Explained in Chapter 4."""


def _pair(value, what):
    """``value`` (an int or a pair of ints) as a pair of positive ints, or a clear error."""
    pair = (value, value) if np.isscalar(value) else tuple(value)
    if len(pair) != 2 or any(int(v) != v or v < 1 for v in pair):
        raise ValueError(f"{what} must be a positive integer or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


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
# im2col and col2im on flat images: the two data movements a fast convolution is made of.
#
# A padded channel of Hp rows and Wp columns, followed by one spare row of zeros, is kept
# as one flat vector of R = (Hp + 1)·Wp numbers, row after row. Pixel (u, v) sits at u·Wp + v,
# so moving the kernel by (p, q) is a shift by o = p·Wp + q along the vector, and output
# (i, j) of a stride-1 convolution sits at t = i·Wp + j. Each output row then has Wp − Wo
# extra positions past its right edge (the kernel hanging over into the next row); they
# are computed along with the rest and dropped. The spare row keeps every shift inside the
# vector. Working on whole rows like this, every copy and every addition below runs over
# long contiguous stretches of memory, which is what numpy does fastest.


def im2col(x_flat, kernel_size, pitch, length, out=None):
    """Copy the kernel-shifted rows of flat images into one matrix per image.

    Parameters
    ----------
    x_flat : ndarray (N, C, R)
        Flat images of row length ``pitch`` (see above); R ≥ (kh·pitch + length − 1).
    kernel_size : (kh, kw)
    pitch : int
        Wp, the row length of the padded images.
    length : int
        How many output positions to make, (Hp − kh + 1)·Wp for a whole stride-1 output.
    out : ndarray, optional
        A preallocated array of N·kh·kw·C·length elements in the input's dtype.

    Returns
    -------
    cols : ndarray (N, kh·kw·C, length)
        Row (p, q, c) of image n is x_flat[n, c, o : o + length] with o = p·pitch + q, so
        ``W_rows @ cols[n]``, with W_rows the kernel as an (F, kh·kw·C) matrix ordered the
        same way, is the convolution at every position. ``sliding_window_view`` gives all
        the shifted rows as a view; one ``copyto`` lays out the kh·kw·C of them needed.

    Explained in Chapter 4.
    """
    kh, kw = kernel_size
    n, c, _ = x_flat.shape
    windows = sliding_window_view(x_flat, length, axis=2)  # [n, c, o] is x_flat[n, c, o:o+length]
    shifted = windows[:, :, :kh * pitch].reshape(n, c, kh, pitch, length)[:, :, :, :kw]
    if out is None:
        out = np.empty((n, kh, kw, c, length), dtype=x_flat.dtype)
    out = out.reshape(n, kh, kw, c, length)
    np.copyto(out, shifted.transpose(0, 2, 3, 1, 4))
    return out.reshape(n, kh * kw * c, length)


def col2im(cols, kernel_size, pitch, out=None):
    """The adjoint of ``im2col``: add every row of ``cols`` back at the shift it came from.

    Parameters
    ----------
    cols : ndarray (N, kh·kw·C, R)
        Rows ordered (p, q, c) as ``im2col`` makes them, each as long as a flat image.
        Entries t ≥ R − ((kh − 1)·pitch + kw − 1) must be zero (they would be shifted past
        the end of their image); a stride-1 gradient padded with zeros to length R is.
    kernel_size : (kh, kw)
    pitch : int
    out : ndarray, optional
        A preallocated flat array of N·C·R + (kh − 1)·pitch + kw − 1 elements.

    Returns
    -------
    ndarray (N, C, R): image[n, c, o + t] = Σ over offsets of cols[n, (p, q, c), t],
    o = p·pitch + q. A pixel that lay in several patches receives the sum of its entries.
    The loop runs over the kh·kw kernel offsets; since all images and channels are laid
    end to end, each step is one addition of a whole batch-sized block.

    Explained in Chapter 4.
    """
    kh, kw = kernel_size
    n, rows, length = cols.shape
    c = rows // (kh * kw)
    size = n * c * length
    if out is None:
        out = np.empty(size + (kh - 1) * pitch + kw - 1, dtype=cols.dtype)
    # The rows of offset (0, 0) are copied rather than added to zeros: one pass fewer.
    np.copyto(out[:size].reshape(n, c * length), cols[:, :c].reshape(n, c * length))
    out[size:] = 0
    for r in range(1, kh * kw):
        p, q = divmod(r, kw)
        o = p * pitch + q
        target = out[o:o + size].reshape(n, c * length)
        target += cols[:, r * c:(r + 1) * c].reshape(n, c * length)
    return out[:size].reshape(n, c, length)


CHUNK_BYTES = 2**21
"""Conv2D goes through a batch a few images at a time, as many as have im2col columns
of about this many bytes (2 MiB), so that the columns are still in the processor's cache
when the matrix product reads them. (1 MiB measured as fast on one thread, and slower
when two threads train at once: more, shorter steps.) Explained in Chapter 4."""


def _work_array(store, name, shape, dtype, fill=None):
    """The array ``store[name]`` if it has this shape and dtype, else a new one kept there.

    Layers keep their batch-sized work arrays between calls this way, so that training
    does not allocate them afresh for every batch. ``fill`` sets a new array's values
    (a padding border that the layer never writes over stays as filled).
    """
    array = store.get(name)
    if array is None or array.shape != shape or array.dtype != dtype:
        array = np.empty(shape, dtype=dtype)
        if fill is not None:
            array.fill(fill)
        store[name] = array
    return array


# ---------------------------------------------------------------------------------------
# Conv2D


class Conv2D(Layer):
    r"""A 2-D convolution layer over NCHW batches, Keras's ``Conv2D``.

    .. math::

        \mathrm{out}_{n,f,i,j} = b_f + \sum_{c,p,q} W_{f,c,p,q}\, x^{pad}_{n,c,\,i s + p,\,j s + q}

    Forward, for each image n: ``cols_n = im2col(x_n)`` holds the kernel-shifted copies of
    the padded image (flat, see ``im2col``), and one matrix product ``W_rows @ cols_n`` with
    the kernel as an (F, kh·kw·C) matrix gives all F output channels at every stride-1
    position, already in NCHW order. A stride s keeps every s-th row and column of that
    (simple, and s² times the work of computing only those; the classic model uses s = 1).
    The batch goes through a few images at a time (``CHUNK_BYTES``); backward makes those
    images' columns again rather than keeping the whole batch's, which would not stay in
    the cache.

    Backward, with G_n = ∂L/∂out for image n laid out the same way (zeros where positions
    were dropped):

    .. math::

        \frac{\partial L}{\partial W} = \sum_n G_n\, \mathrm{cols}_n^\top, \qquad
        \frac{\partial L}{\partial b_f} = \sum_{n,i,j} G_{n,f,i,j}, \qquad
        \frac{\partial L}{\partial x_n} = \mathrm{col2im}\big(W_{rows}^\top G_n\big)

    The last formula is the "full" convolution of G with the flipped kernel that
    ``conv_loops.conv2d_backward`` computes: pixel x[c, u, v] met kernel entry W[f, c, p, q]
    at exactly the outputs (i, j) with i·s + p = u and j·s + q = v, so its gradient is the
    sum of G[f, i, j]·W[f, c, p, q] over those. Summing by kernel offset (col2im: for each
    (p, q), add the products back at the shift they came from) or by output position (the
    full convolution: for each (u, v), i = (u − p)/s) adds the same products. col2im is used
    here because it measured faster: its matrix product has C·kh·kw rows where the full
    convolution copies F·kh·kw shifted rows of G, and F ≥ C in every layer of the classic
    model.

    Parameters
    ----------
    filters : int
        F, the number of output channels.
    kernel_size : int or (kh, kw)
    padding : {"valid", "same", "full"}
        See ``conv_output_size``.
    strides : int or (sh, sw)
    input_shape : (C, H, W) or None
        The shape of one input image, as in the classic script's ``input_shape=(1, 28, 28)``.
        When given, other inputs are refused. None: taken from the first input.
    kernel_initializer : str
        A name in ``nnbook.layers.INITIALIZERS``. ``"glorot_uniform"`` (the default) uses
        fan_in = C·kh·kw and fan_out = F·kh·kw as Keras does; ``"normal"`` has standard
        deviation 0.05. Biases start at zero.
    use_bias : bool
    seed : int or None
        Seeds the initial weights.
    dtype : float dtype or None
        The parameters' dtype. None: the dtype of the first input (float64 if ``build``
        is called first).

    Attributes
    ----------
    params : dict
        Once built, ``{"W": array (F, C, kh, kw), "b": array (F,)}``; ``grads`` likewise.

    Input (N, C, H, W); output (N, F, Ho, Wo) with Ho = ``conv_output_size(H, kh, padding,
    sh)``. The layer keeps batch-sized work arrays between calls. Explained in Chapter 4.
    """

    worth_a_thread = True

    def __init__(self, filters, kernel_size, padding="valid", strides=1, input_shape=None,
                 kernel_initializer="glorot_uniform", use_bias=True, seed=None, dtype=None):
        super().__init__(dtype)
        if int(filters) != filters or filters < 1:
            raise ValueError(f"Conv2D filters must be a positive integer, got {filters!r}")
        if kernel_initializer not in INITIALIZERS:
            raise ValueError(
                f"unknown kernel_initializer {kernel_initializer!r};"
                f" known: {', '.join(sorted(INITIALIZERS))}"
            )
        if input_shape is not None:
            if len(input_shape) != 3 or any(int(v) != v or v < 1 for v in input_shape):
                raise ValueError(
                    "Conv2D input_shape must be (C, H, W) of positive integers,"
                    f" got {input_shape!r}")
            input_shape = tuple(int(v) for v in input_shape)
        self.filters = int(filters)
        self.kernel_size = _pair(kernel_size, "Conv2D kernel_size")
        self.padding = _check_padding(padding, PADDINGS, "Conv2D")
        self.strides = _pair(strides, "Conv2D strides")
        self.input_shape = input_shape
        self.kernel_initializer = kernel_initializer
        self.use_bias = bool(use_bias)
        self.seed = seed
        self.channels = None if input_shape is None else input_shape[0]
        self.built = False
        self._cache = None  # what backward needs from the last forward
        self._work = {}  # batch-sized work arrays kept between calls, by name

    # -- shapes ------------------------------------------------------------------------------

    def compute_output_shape(self, input_shape):
        """The output shape for ``input_shape`` (C, H, W), or (N, C, H, W) with N kept."""
        *batch, _, h, w = input_shape
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
        if self.channels is not None and x.shape[1] != self.channels:
            raise ValueError(f"Conv2D expected {self.channels} input channels, got {x.shape[1]}")
        if self.input_shape is not None and x.shape[1:] != self.input_shape:
            raise ValueError(
                f"Conv2D expected input of shape (N, {', '.join(map(str, self.input_shape))}),"
                f" got {x.shape}")
        self._check_size(*x.shape[2:])

    # -- parameters --------------------------------------------------------------------------

    def build(self, input_shape=None, dtype=None):
        """Make ``W`` from the initializer and ``b`` as zeros; return the layer.

        Parameters
        ----------
        input_shape : (C, H, W) or None
            Only C matters for the weights. Defaults to the ``input_shape`` given at
            construction.
        dtype : float dtype or None
            Defaults to the layer's ``dtype``, else float64.
        """
        input_shape = self.input_shape if input_shape is None else tuple(input_shape)
        if input_shape is None:
            raise ValueError(
                "Conv2D.build needs input_shape (C, H, W): pass it here or to Conv2D(...)")
        if dtype is None:
            dtype = np.float64 if self.dtype is None else self.dtype
        self.dtype = _float_dtype(dtype)
        self.channels = int(input_shape[0])
        kh, kw = self.kernel_size
        shape = (self.filters, self.channels, kh, kw)
        rng = np.random.default_rng(self.seed)
        if self.kernel_initializer == "glorot_uniform":
            fan_in, fan_out = self.channels * kh * kw, self.filters * kh * kw
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            kernel = rng.uniform(-limit, limit, size=shape)
        else:
            kernel = INITIALIZERS[self.kernel_initializer](rng, shape)
        self.params = {"W": kernel.astype(self.dtype)}
        if self.use_bias:
            self.params["b"] = np.zeros(self.filters, dtype=self.dtype)
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.built = True
        return self

    # -- forward and backward ----------------------------------------------------------------

    def _geometry(self, h, w):
        """For an h×w input: the zeros added before (top, left), the padded size (hp, wp),
        and the index of the output's positions within the flat stride-1 output grid."""
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        (top, _), (left, _) = pads = (conv_padding(h, kh, self.padding, sh),
                                      conv_padding(w, kw, self.padding, sw))
        hp, wp = h + sum(pads[0]), w + sum(pads[1])
        ho = conv_output_size(h, kh, self.padding, sh)
        wo = conv_output_size(w, kw, self.padding, sw)
        # Every s-th row and column of the stride-1 grid, without the overhang:
        kept = np.s_[:, :, 0:(ho - 1) * sh + 1:sh, 0:(wo - 1) * sw + 1:sw]
        return (top, left), (hp, wp), kept

    def _kept(self, name, shape, fill=None):
        return _work_array(self._work, name, shape, self.dtype, fill)

    def _W_rows(self):
        """The kernel as an (F, kh·kw·C) matrix, columns in im2col's (p, q, c) order."""
        return self.params["W"].transpose(0, 2, 3, 1).reshape(self.filters, -1)

    def _chunk(self, c, hp, wp):
        """How many images to handle at a time: their columns should fit in CHUNK_BYTES."""
        kh, kw = self.kernel_size
        image_bytes = kh * kw * c * (hp + 1) * wp * self.dtype.itemsize
        return max(1, CHUNK_BYTES // image_bytes)

    def forward(self, x):
        """Return the convolution of ``x`` (N, C, H, W): shape (N, F, Ho, Wo)."""
        x = _as_float_array(x, self.dtype)
        self._check_input(x)
        if not self.built:
            self.build(x.shape[1:], x.dtype if self.dtype is None else self.dtype)
        if x.dtype != self.dtype:
            raise TypeError(
                f"Conv2D holds {self.dtype} parameters but got {x.dtype} input;"
                f" cast the input with x.astype(np.{self.dtype}) or the layer with"
                f" layer.astype(np.{x.dtype})"
            )
        n, c, h, w = x.shape
        f, (kh, kw) = self.filters, self.kernel_size
        (top, left), (hp, wp), kept = self._geometry(h, w)
        length = (hp - kh + 1) * wp  # every stride-1 output position, overhang included
        # The padded images with a spare row, flat: the border stays zero (kept between
        # calls, only the middle is ever written). Backward reads them too.
        x_flat = self._kept("x_flat", (n, c, hp + 1, wp), fill=0)
        out_flat = self._kept("out", (n, f, length))
        out = np.empty((n, *self.compute_output_shape((c, h, w))), dtype=self.dtype)
        W_rows = self._W_rows()
        bias = self.params["b"][:, None] if self.use_bias else None
        chunk = self._chunk(c, hp, wp)
        cols_work = self._kept("cols", (chunk, kh * kw * c, length))
        for start in range(0, n, chunk):
            images, count = slice(start, start + chunk), min(chunk, n - start)
            # Each step works on the same few images from start to end, in the cache.
            x_flat[images, :, top:top + h, left:left + w] = x[images]
            cols = im2col(x_flat[images].reshape(count, c, -1), (kh, kw), wp, length,
                          out=cols_work[:count])
            np.matmul(W_rows, cols, out=out_flat[images])
            if bias is not None:
                out_flat[images] += bias
            out[images] = out_flat[images].reshape(count, f, hp - kh + 1, wp)[kept]
        self._cache = (x.shape, out.shape)
        return out

    def backward(self, grad_out):
        """Fill ``grads["W"]`` (and ``grads["b"]``), return ∂L/∂x of shape (N, C, H, W).

        Returns None instead when ``needs_input_grad`` is False (see ``Layer``).

        ``grad_out`` is used in the layer's dtype (a float64 gradient reaching a float32
        layer is cast, so float32 stays float32 all the way down).
        """
        grad_out = self._check_grad_out(grad_out, None if self._cache is None else self._cache[-1])
        grad_out = np.asarray(grad_out, dtype=self.dtype)
        (n, c, h, w), _ = self._cache
        f, (kh, kw) = self.filters, self.kernel_size
        (top, left), (hp, wp), kept = self._geometry(h, w)
        length, size = (hp - kh + 1) * wp, (hp + 1) * wp  # output positions, flat image size
        x_flat = self._work["x_flat"].reshape(n, c, size)  # as the last forward left it
        # G on the flat stride-1 grid, as long as a flat image: the gradient at the kept
        # positions, zero at the overhang, at the positions a stride skipped and on the
        # spare rows (kept between calls, only the kept positions are ever written).
        grad_flat = self._kept("grad_flat", (n, f, hp + 1, wp), fill=0)
        W_rows = self._W_rows()
        grad_W_rows = np.zeros(W_rows.shape, dtype=self.dtype)
        grad_x = np.empty((n, c, h, w), dtype=self.dtype) if self.needs_input_grad else None
        chunk = self._chunk(c, hp, wp)
        spill = (kh - 1) * wp + kw - 1  # col2im's room past the last image
        cols_work = self._kept("cols", (chunk, kh * kw * c, length))
        if grad_x is not None:
            grad_cols_work = self._kept("grad_cols", (chunk, kh * kw * c, size))
            grad_x_work = self._kept("grad_x_flat", (chunk * c * size + spill,))
        for start in range(0, n, chunk):
            images, count = slice(start, start + chunk), min(chunk, n - start)
            grad_flat[images][kept] = grad_out[images]
            grad = grad_flat[images].reshape(count, f, size)
            # These images' columns again: remaking a few costs less than keeping the
            # whole batch's from forward, which would not stay in the cache.
            cols = im2col(x_flat[images], (kh, kw), wp, length, out=cols_work[:count])
            # ∂L/∂W = Σ_n G_n cols_nᵀ: one small product per image, in one batched call.
            grad_W_rows += np.matmul(grad[:, :, :length], cols.transpose(0, 2, 1)).sum(axis=0)
            if grad_x is None:  # the first layer of a model in training: not wanted
                continue
            # ∂L/∂x: row (p, q, c) of W_rowsᵀ G_n is what the copy of channel c shifted by
            # (p, q) sent back; col2im adds the shifted rows back together.
            grad_cols = np.matmul(W_rows.T, grad, out=grad_cols_work[:count])
            grad_x_flat = col2im(grad_cols, (kh, kw), wp,
                                 out=grad_x_work[:count * c * size + spill])
            grad_x_flat = grad_x_flat.reshape(count, c, hp + 1, wp)
            grad_x[images] = grad_x_flat[:, :, top:top + h, left:left + w]
        grad_W = grad_W_rows.reshape(f, kh, kw, c).transpose(0, 3, 1, 2)  # to (F, C, kh, kw)
        self.grads["W"] = np.ascontiguousarray(grad_W)
        if self.use_bias:
            self.grads["b"] = grad_out.sum(axis=(0, 2, 3))
        return grad_x

    def __repr__(self):
        parts = [str(self.filters), str(self.kernel_size)]
        if self.padding != "valid":
            parts.append(f"padding={self.padding!r}")
        if self.strides != (1, 1):
            parts.append(f"strides={self.strides}")
        if self.input_shape is not None:
            parts.append(f"input_shape={self.input_shape}")
        return f"Conv2D({', '.join(parts + _weight_settings(self))})"


# ---------------------------------------------------------------------------------------
# MaxPooling2D


def _max_pool_2x2(x):
    """Max over 2×2 windows at stride 2 of ``x`` (N, C, H, W), H and W even.

    Two steps over strided views: the larger of each horizontal pair (x[.., 2j], x[.., 2j+1]),
    then the larger of each vertical pair of those. Returns the output and, for backward,
    two boolean arrays: where the right one of a pair won and where the bottom one won.
    A later entry wins only if strictly larger, so a tie goes to the first maximum in
    row-major window order: [[a, b], [c, d]] with b == c > a, d gives b.
    """
    n, c, h, w = x.shape
    pairs = np.ascontiguousarray(x).reshape(-1, 2)
    left, right = pairs[:, 0], pairs[:, 1]
    right_wins = right > left
    pair_max = np.maximum(left, right).reshape(-1, 2, w // 2)  # rows 2i and 2i + 1
    top, bottom = pair_max[:, 0], pair_max[:, 1]
    bottom_wins = bottom > top
    out = np.maximum(top, bottom).reshape(n, c, h // 2, w // 2)
    return out, (right_wins, bottom_wins)


def _max_pool_2x2_backward(grad_out, winners, shape):
    """The gradient of ``_max_pool_2x2`` for an input of ``shape``: the two steps in reverse."""
    right_wins, bottom_wins = winners
    n, c, h, w = shape
    grad = np.ascontiguousarray(grad_out).reshape(-1, w // 2)
    grad_pairs = np.empty((grad.shape[0], 2, w // 2), dtype=grad.dtype)  # at each pair's maximum
    np.multiply(grad, bottom_wins, out=grad_pairs[:, 1])
    np.subtract(grad, grad_pairs[:, 1], out=grad_pairs[:, 0])  # exactly grad where top won, else 0
    grad_pairs = grad_pairs.reshape(-1)
    grad_x = np.empty(shape, dtype=grad.dtype)
    grad_x_pairs = grad_x.reshape(-1, 2)
    np.multiply(grad_pairs, right_wins, out=grad_x_pairs[:, 1])
    np.subtract(grad_pairs, grad_x_pairs[:, 1], out=grad_x_pairs[:, 0])
    return grad_x


def _max_pool_windows(x, pool_size, strides):
    """Max over any windows: copy them out, take the first argmax. Returns out, winner index."""
    (ph, pw), (sh, sw) = pool_size, strides
    windows = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::sh, ::sw]
    flat = windows.reshape(*windows.shape[:4], ph * pw)  # (N, C, Ho, Wo, ph·pw), a copy
    winner = flat.argmax(axis=-1)  # the first maximum in row-major window order
    return np.take_along_axis(flat, winner[..., None], axis=-1)[..., 0], winner


def _max_pool_windows_backward(grad_out, winner, pool_size, strides, grad_x):
    """Add each window's gradient to its winner in ``grad_x`` (zeros on entry)."""
    (ph, pw), (sh, sw) = pool_size, strides
    ho, wo = grad_out.shape[2:]
    for k in range(ph * pw):
        p, q = divmod(k, pw)
        window_entry = grad_x[:, :, p:p + (ho - 1) * sh + 1:sh, q:q + (wo - 1) * sw + 1:sw]
        window_entry += grad_out * (winner == k)


class MaxPooling2D(Layer):
    r"""Max-pooling over NCHW batches, Keras's ``MaxPooling2D``.

    .. math::

        \mathrm{out}_{n,c,i,j} = \max_{0 \le p < p_h,\ 0 \le q < p_w}
            x_{n,c,\,i s_h + p,\,j s_w + q}

    The output is as large as its largest input, so ∂out/∂x is 1 for that input and 0 for
    the rest: backward routes each window's gradient to its maximum. Where several entries
    tie for the maximum the function has no derivative; this layer (as PyTorch) gives the
    whole gradient to the first of them in row-major window order, so the gradient keeps
    its size (sending it to every tied entry would multiply it).

    Parameters
    ----------
    pool_size : int or (ph, pw)
        Window size; 2 by default, as in the classic script's ``pool_size=(2, 2)``.
    strides : int, (sh, sw) or None
        None: the pool size (windows side by side, not overlapping).
    padding : {"valid", "same"}
        "valid" drops a last row or column that does not fill a window (11 → 5 for a pool
        of 2); "same" pads with −∞ so that Ho = ⌈H / sh⌉ (11 → 6).

    Input (N, C, H, W); output (N, C, Ho, Wo) in the input's dtype. A 2×2 pool with stride 2
    takes the fast path of four strided views; other sizes copy their windows out.
    No parameters. Explained in Chapter 4.
    """

    def __init__(self, pool_size=2, strides=None, padding="valid"):
        super().__init__()
        self.pool_size = _pair(pool_size, "MaxPooling2D pool_size")
        self.strides = self.pool_size if strides is None else _pair(strides, "MaxPooling2D strides")
        self.padding = _check_padding(padding, POOL_PADDINGS, "MaxPooling2D")
        self._cache = None
        self._work = {}

    def compute_output_shape(self, input_shape):
        """The output shape for ``input_shape`` (C, H, W), or (N, C, H, W) with N kept."""
        *rest, h, w = input_shape
        self._check_size(h, w)
        (ph, pw), (sh, sw) = self.pool_size, self.strides
        return (*rest, conv_output_size(h, ph, self.padding, sh),
                conv_output_size(w, pw, self.padding, sw))

    def _check_size(self, h, w):
        ph, pw = self.pool_size
        if self.padding == "valid" and (h < ph or w < pw):
            raise ValueError(
                f"MaxPooling2D with a {ph}x{pw} pool and padding 'valid' needs inputs of at least"
                f" {ph}x{pw}, got {h}x{w}")

    def forward(self, x):
        """Return the window maxima of ``x`` (N, C, H, W): shape (N, C, Ho, Wo)."""
        x = _as_float_array(x)
        if x.ndim != 4:
            raise ValueError(f"MaxPooling2D expects a 4-D input (N, C, H, W), got shape {x.shape}")
        n, c, h, w = x.shape
        self._check_size(h, w)
        (ph, pw), (sh, sw) = self.pool_size, self.strides
        (top, bottom), (left, right) = (conv_padding(h, ph, self.padding, sh),
                                        conv_padding(w, pw, self.padding, sw))
        x_padded = x
        if top or bottom or left or right:
            padded_shape = (n, c, h + top + bottom, w + left + right)
            x_padded = _work_array(self._work, "x_padded", padded_shape, x.dtype, fill=-np.inf)
            x_padded[:, :, top:top + h, left:left + w] = x
        if self.pool_size == self.strides == (2, 2):
            # "valid" drops an odd last row or column: pool the even part.
            even = x_padded[:, :, :x_padded.shape[2] // 2 * 2, :x_padded.shape[3] // 2 * 2]
            out, winners = _max_pool_2x2(even)
            winners = (even.shape, winners)
        else:
            out, winners = _max_pool_windows(x_padded, self.pool_size, self.strides)
        self._cache = (x_padded.shape, x.dtype, (top, left), (h, w), winners, out.shape)
        return out

    def backward(self, grad_out):
        """Return ∂L/∂x (N, C, H, W): each window's gradient at its (first) maximum, else 0."""
        grad_out = self._check_grad_out(grad_out, None if self._cache is None else self._cache[-1])
        padded_shape, dtype, (top, left), (h, w), winners, _ = self._cache
        grad_out = np.asarray(grad_out, dtype=dtype)  # the gradient comes back in the input's dtype
        if self.pool_size == self.strides == (2, 2):
            even_shape, winners = winners
            grad_padded = _max_pool_2x2_backward(grad_out, winners, even_shape)
            if even_shape != padded_shape:
                grad_even, grad_padded = grad_padded, np.zeros(padded_shape, dtype=dtype)
                grad_padded[:, :, :even_shape[2], :even_shape[3]] = grad_even
        else:
            grad_padded = np.zeros(padded_shape, dtype=dtype)
            _max_pool_windows_backward(grad_out, winners, self.pool_size, self.strides, grad_padded)
        if grad_padded.shape[2:] == (h, w):
            return grad_padded
        return np.ascontiguousarray(grad_padded[:, :, top:top + h, left:left + w])

    def __repr__(self):
        parts = []
        if self.pool_size != (2, 2):
            parts.append(f"pool_size={self.pool_size}")
        if self.strides != self.pool_size:
            parts.append(f"strides={self.strides}")
        if self.padding != "valid":
            parts.append(f"padding={self.padding!r}")
        return f"MaxPooling2D({', '.join(parts)})"
