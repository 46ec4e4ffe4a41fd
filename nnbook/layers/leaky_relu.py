"""Introduced in Chapter 5. LeakyReLU: a rectifier whose negative side keeps a small slope.

A ReLU unit whose input is negative for every example passes no gradient back and never
learns again (a "dead" unit). Maas, Hannun and Ng (2013) let a little through: slope 1
for x > 0, a small fixed slope below. PReLU (He et al. 2015) learns that slope instead.
"""

import numpy as np

from nnbook.checks import finite_number
from nnbook.layers.base import Layer, as_float_array

NEGATIVE_SLOPE = 0.3
"""LeakyReLU's default slope below 0, as in Keras (2 and 3). Explained in Chapter 5."""


class LeakyReLU(Layer):
    r"""The leaky rectifier: :math:`f(x) = \max(0, x) + s \min(0, x)`, a fixed slope s ≥ 0.

    Backward: :math:`\partial L/\partial x = \partial L/\partial y \odot f'(x)`, with
    :math:`f'(x) = 1` for :math:`x > 0` and :math:`s` otherwise. Since :math:`s \ge 0`,
    the output is positive exactly where the input is, so :math:`f'` is computed from
    the kept output, as for the other activations.

    Parameters
    ----------
    negative_slope : float ≥ 0 or None
        The slope s below 0. None: ``NEGATIVE_SLOPE``, 0.3, Keras's default.
    alpha : float ≥ 0 or None
        Keras 2's name for the same number (``LeakyReLU(alpha=0.3)`` in the classic
        script); give one of the two, not both.

    Works on any shape; the output has the shape and dtype of the input (integer input
    becomes float64). No parameters. Explained in Chapter 5.
    """

    splittable = True

    def __init__(self, negative_slope=None, *, alpha=None):
        super().__init__()
        if negative_slope is not None and alpha is not None:
            raise TypeError("LeakyReLU takes negative_slope or alpha (Keras 2's name for it),"
                            f" not both: got negative_slope={negative_slope!r},"
                            f" alpha={alpha!r}")
        name = "alpha" if alpha is not None else "negative_slope"
        slope = alpha if alpha is not None else negative_slope
        self.negative_slope = NEGATIVE_SLOPE if slope is None else finite_number(
            slope, f"LeakyReLU {name}", low=0.0)
        self.output = None  # the cached output, kept from forward for backward

    def forward(self, x, training=False):
        """Return ``max(0, x) + negative_slope * min(0, x)``, same shape as ``x``."""
        x = as_float_array(x)
        slope = x.dtype.type(self.negative_slope)  # float32 input stays float32
        if slope <= 1:  # then it is max(x, slope * x): the same numbers, in half the time
            self.output = np.maximum(x, slope * x)
        else:
            self.output = np.maximum(x, 0) + slope * np.minimum(x, 0)
        return self.output

    def backward(self, grad_out):
        """Return ``grad_out`` times 1 where the input was positive, the slope elsewhere."""
        shape = None if self.output is None else self.output.shape
        grad_out = self._check_grad_out(grad_out, shape)
        positive = self.output > 0
        slope = self.output.dtype.type(self.negative_slope)
        # 1 + 0 where positive, 0 + slope elsewhere: arithmetic on the mask, as np.where
        # took six times longer on a mask of random signs (measured for Chapter 6's GAN)
        return grad_out * (positive + slope * ~positive)

    def __repr__(self):
        return f"LeakyReLU(negative_slope={self.negative_slope!r})"
