"""Introduced in Chapter 3. Flatten: images become rows for Dense."""

import numpy as np

from nnbook.layers.base import Layer, as_float_array

class Flatten(Layer):
    """Flatten each example into one row: (N, C, H, W) -> (N, C·H·W); any (N, ...) works.

    The features come in numpy's row-major order, channel by channel, then row by row
    (NCHW, "channels first", as the classic script's Theano ordering). Backward reshapes
    ∂L/∂output back to the input's shape. No parameters, so the gradient check only
    checks the input gradient: a reshape passes every number through unchanged.

    The output is a reshaped view of the input, not a copy. Explained in Chapter 3.
    """

    splittable = True

    def __init__(self):
        super().__init__()
        self.x_shape = None  # the shape of the last input, kept for backward

    def forward(self, x, training=False):
        """Return ``x`` reshaped to (N, features)."""
        x = as_float_array(x)
        if x.ndim < 1:
            raise ValueError(f"Flatten expects a batch (N, ...), got a scalar of shape {x.shape}")
        self.x_shape = x.shape
        return x.reshape(x.shape[0], int(np.prod(x.shape[1:], dtype=np.int64)))

    def backward(self, grad_out):
        """Return ``grad_out`` reshaped to the last input's shape."""
        shape = None
        if self.x_shape is not None:
            shape = (self.x_shape[0], int(np.prod(self.x_shape[1:], dtype=np.int64)))
        grad_out = self._check_grad_out(grad_out, shape)
        return grad_out.reshape(self.x_shape)

    def __repr__(self):
        return "Flatten()"
