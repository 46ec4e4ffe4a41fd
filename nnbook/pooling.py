"""Introduced in Chapter 4. Max-pooling: keep the largest value of each window."""

import numpy as np

from nnbook.conv_shapes import (_check_padding, _example_or_batch, _pair, conv_output_size,
                                conv_padding)
from nnbook.fast import pool as fast_pool
from nnbook.layers.base import Layer, as_float_array

POOL_PADDINGS = ("valid", "same")
"""Padding names for MaxPooling2D. Explained in Chapter 4."""


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
    ``nnbook.conv_loops.max_pool_forward`` and ``max_pool_backward`` are the plain loops;
    the layer runs ``nnbook.fast.pool``, which computes the same numbers faster.

    Parameters
    ----------
    pool_size : int or (ph, pw)
        Window size; 2 by default, as in the classic script's ``pool_size=(2, 2)``.
    strides : int, (sh, sw) or None
        None: the pool size (windows side by side, not overlapping).
    padding : {"valid", "same"}
        "valid" drops a last row or column that does not fill a window (11 → 5 for a pool
        of 2); "same" pads with −∞ so that Ho = ⌈H / sh⌉ (11 → 6).

    Input (N, C, H, W); output (N, C, Ho, Wo) in the input's dtype. No parameters.
    Explained in Chapter 4.
    """

    splittable = True

    def __init__(self, pool_size=2, strides=None, padding="valid"):
        super().__init__()
        self.pool_size = _pair(pool_size, "MaxPooling2D pool_size")
        self.strides = self.pool_size if strides is None else _pair(strides, "MaxPooling2D strides")
        self.padding = _check_padding(padding, POOL_PADDINGS, "MaxPooling2D")
        self._cache = None
        self._work = {}  # the −∞-padded input, kept between calls (nnbook.fast.work)

    def compute_output_shape(self, input_shape):
        """The output shape for ``input_shape`` (C, H, W), or (N, C, H, W) with N kept."""
        *rest, h, w = _example_or_batch(input_shape, "MaxPooling2D.compute_output_shape")
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

    def forward(self, x, training=False):
        """Return the window maxima of ``x`` (N, C, H, W): shape (N, C, Ho, Wo)."""
        x = as_float_array(x)
        if x.ndim != 4:
            raise ValueError(f"MaxPooling2D expects a 4-D input (N, C, H, W), got shape {x.shape}")
        h, w = x.shape[2:]
        self._check_size(h, w)
        (ph, pw), (sh, sw) = self.pool_size, self.strides
        pads = conv_padding(h, ph, self.padding, sh), conv_padding(w, pw, self.padding, sw)
        # conv_loops.max_pool_forward(x, pool_size, strides, padding), arranged for speed:
        out, saved = fast_pool.max_pool_forward(x, self.pool_size, self.strides, pads, self._work)
        self._cache = (saved, x.dtype, out.shape)
        return out

    def backward(self, grad_out):
        """Return ∂L/∂x (N, C, H, W): each window's gradient at its (first) maximum, else 0."""
        grad_out = self._check_grad_out(grad_out, None if self._cache is None else self._cache[-1])
        saved, dtype, _ = self._cache
        return fast_pool.max_pool_backward(np.asarray(grad_out, dtype=dtype), saved)

    def __repr__(self):
        parts = []
        if self.pool_size != (2, 2):
            parts.append(f"pool_size={self.pool_size}")
        if self.strides != self.pool_size:
            parts.append(f"strides={self.strides}")
        if self.padding != "valid":
            parts.append(f"padding={self.padding!r}")
        return f"MaxPooling2D({', '.join(parts)})"
