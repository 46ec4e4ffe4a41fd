"""Introduced in Chapter 2. Activation layers: a = f(z), element by element (softmax: by row).

Each derivative is written with the activation's output a (as ``sigmoid_derivative`` is),
so a layer keeps only a.
"""

import numpy as np

from nnbook.activations import (relu, relu_derivative, sigmoid, sigmoid_derivative, softmax,
                                tanh, tanh_derivative)
from nnbook.layers.base import Layer, as_float_array

ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
}
"""Activation functions by name: ``(function, derivative written with the output)``.
``Activation`` also knows ``"softmax"`` (Chapter 3), which is not element-wise and so has
no entry here. Explained in Chapter 2."""


class Activation(Layer):
    r"""An activation layer, :math:`a = f(z)`, chosen by name.

    For the element-wise activations, backward multiplies element by element,
    :math:`\partial L/\partial z = \partial L/\partial a \odot f'(z)`, with :math:`f'`
    computed from the kept output ``a``. ``"softmax"`` (Chapter 3) mixes each row: see
    :class:`Softmax`.

    Parameters
    ----------
    activation : str
        ``"sigmoid"``, ``"tanh"``, ``"relu"`` or ``"softmax"``.

    Works on any shape (softmax: along the last axis); the output has the shape and dtype
    of the input (integer input becomes float64). Finite without warnings for inputs as
    large as ±1000. Explained in Chapter 2.
    """

    splittable = True

    def __init__(self, activation):
        super().__init__()
        if not isinstance(activation, str) or (activation not in ACTIVATIONS
                                               and activation != "softmax"):
            known = ", ".join(sorted([*ACTIVATIONS, "softmax"]))
            raise ValueError(f"unknown activation {activation!r}; known: {known}")
        self.activation = activation
        # softmax (Chapter 3) has no element-wise derivative: backward goes its own way.
        self.function, self.derivative = ACTIVATIONS.get(activation, (softmax, None))
        self.output = None  # the cached output a, kept from forward for backward

    def forward(self, x, training=False):
        """Return ``f(x)``, same shape as ``x``."""
        self.output = self.function(as_float_array(x))
        return self.output

    def backward(self, grad_out):
        """Return ``grad_out * f'(z)``, shape of ``grad_out`` (softmax: see :class:`Softmax`)."""
        shape = None if self.output is None else self.output.shape
        grad_out = self._check_grad_out(grad_out, shape)
        if self.derivative is None:
            return _softmax_backward(self.output, grad_out)
        return grad_out * self.derivative(self.output)

    def __repr__(self):
        return f"Activation({self.activation!r})"


class Sigmoid(Activation):
    r"""The sigmoid as a layer: :math:`a = \sigma(z)`, :math:`\partial L/\partial z =
    \partial L/\partial a \odot a(1 - a)`. Explained in Chapter 2."""

    def __init__(self):
        super().__init__("sigmoid")

    def __repr__(self):
        return "Sigmoid()"


class Tanh(Activation):
    r"""tanh as a layer: :math:`a = \tanh(z)`, :math:`\partial L/\partial z =
    \partial L/\partial a \odot (1 - a^2)`. Explained in Chapter 2."""

    def __init__(self):
        super().__init__("tanh")

    def __repr__(self):
        return "Tanh()"


class ReLU(Activation):
    r"""relu as a layer: :math:`a = \max(z, 0)`, :math:`\partial L/\partial z =
    \partial L/\partial a \odot [z > 0]`. Explained in Chapter 2."""

    def __init__(self):
        super().__init__("relu")

    def __repr__(self):
        return "ReLU()"


def _softmax_backward(probs, grad_out):
    """The softmax's Jacobian-vector product along the last axis: p ⊙ (g − Σ p ⊙ g)."""
    return probs * (grad_out - np.sum(probs * grad_out, axis=-1, keepdims=True))


class Softmax(Activation):
    r"""The softmax as a layer, along the last axis: :math:`p_k = e^{z_k} / \sum_j e^{z_j}`.

    Unlike the element-wise activations, every output of a row depends on every input of
    that row: :math:`\partial p_k / \partial z_j = p_k (\delta_{kj} - p_j)`. Backward never
    builds this C x C Jacobian; it applies it to ``grad_out`` = g directly:

    .. math::

        \frac{\partial L}{\partial z} = p \odot \Big(g - \sum_k p_k g_k\Big)

    Followed by categorical cross-entropy, whose gradient is :math:`g = -y / p`, this gives
    :math:`p - y` (divided by N for the batch mean), which ``Sequential`` computes directly.
    Same as ``Activation("softmax")``. Explained in Chapter 3.
    """

    def __init__(self):
        super().__init__("softmax")

    def __repr__(self):
        return "Softmax()"
