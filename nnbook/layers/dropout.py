"""Introduced in Chapter 5. Dropout: while training, silence a random part of the units.

Srivastava, Hinton et al. (2014): a network that cannot count on any one unit being there
must spread what it learns over many, and overfits less. Each training batch drops every
unit with probability ``rate`` (a new draw for every batch); at prediction time every
unit is there. This is *inverted* dropout, as in Keras: the kept units are multiplied by
1/(1 − rate) while training, so each unit's expected value is the same in training and
in prediction, and prediction needs no change at all.
"""

import numpy as np

from nnbook.checks import finite_number
from nnbook.layers.base import RandomLayer, as_float_array


class Dropout(RandomLayer):
    r"""Inverted dropout: while training, :math:`y = x \odot m / (1 - r)`.

    :math:`m` is a fresh random mask for every batch, each entry 1 (keep) with probability
    :math:`1 - r` and 0 (drop) with probability :math:`r`, the ``rate``. So
    :math:`E[y] = x`. Backward uses the same mask: :math:`\partial L/\partial x =
    \partial L/\partial y \odot m / (1 - r)`. Outside training (``training=False``, as in
    ``predict`` and ``evaluate``) the layer is the identity, forward and backward.

    Parameters
    ----------
    rate : float in [0, 1)
        The probability of dropping a unit; 0 keeps them all.
    seed : int or None
        Seeds the masks; without one, the model the layer is added to gives it a
        generator from the model's seed (see ``RandomLayer``).

    The mask is drawn through ``noise(shape)`` once per batch, for the whole batch, so
    Chapter 4's two-thread step gives the same masks as one thread. A dropped unit is
    exactly 0, even where the input is inf. No parameters. Explained in Chapter 5.
    """

    splittable = True

    def __init__(self, rate, seed=None):
        super().__init__(seed)
        self.rate = finite_number(rate, "Dropout rate", low=0.0, high=1.0, high_open=True)
        self.keep = None  # the last training mask (True: kept), kept for backward
        self.shape = None  # the shape of the last input

    def draw(self, rng, shape):
        """The keep mask of ``shape``: True with probability 1 − rate, from ``rng``."""
        return rng.random(shape) >= self.rate

    def forward(self, x, training=False):
        """While training, return ``x`` with dropped units 0 and kept ones scaled by
        1/(1 − rate); else ``x`` itself."""
        x = as_float_array(x)
        self.shape, self.keep = x.shape, None
        if not training or self.rate == 0:
            return x
        self.keep = self.noise(x.shape)
        return np.where(self.keep, x, 0) * self._scale(x.dtype)

    def backward(self, grad_out):
        """Return ∂L/∂x: ``grad_out`` through the last forward's mask and scale (or
        unchanged, if that forward was not training)."""
        grad_out = self._check_grad_out(grad_out, self.shape)
        if self.keep is None:
            return grad_out
        return np.where(self.keep, grad_out, 0) * self._scale(grad_out.dtype)

    def _scale(self, dtype):
        """1/(1 − rate) in ``dtype``, so a float32 batch stays float32."""
        return dtype.type(1.0 / (1.0 - self.rate))

    def __repr__(self):
        seed = "" if self.seed is None else f", seed={self.seed!r}"
        return f"Dropout({self.rate!r}{seed})"
