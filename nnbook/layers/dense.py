"""Introduced in Chapter 2. Dense: the fully connected layer."""

import numpy as np

from nnbook.checks import positive_int, random_seed, true_or_false
from nnbook.layers.base import Layer, as_float_array, float_dtype
from nnbook.layers.initializers import get_initializer


def weight_settings(layer):
    """The settings a layer with weights (Dense, Conv2D) shows in its repr, when not default."""
    parts = []
    if layer.kernel_initializer != "glorot_uniform":
        parts.append(f"kernel_initializer={layer.kernel_initializer!r}")
    if not layer.use_bias:
        parts.append("use_bias=False")
    if layer.seed is not None:
        parts.append(f"seed={layer.seed!r}")
    if layer.dtype is not None:
        parts.append(f"dtype={layer.dtype.name}")
    return parts


def _first(*dtypes):
    """The first of ``dtypes`` that is not None (a numpy dtype is falsy: no ``or`` here)."""
    return next(d for d in dtypes if d is not None)


class Dense(Layer):
    r"""A fully connected layer, :math:`z = x W + b`.

    For a batch of N rows and G = ∂L/∂z:

    .. math::

        \frac{\partial L}{\partial W} = x^\top G, \qquad
        \frac{\partial L}{\partial b} = \sum_{n} G_{n}, \qquad
        \frac{\partial L}{\partial x} = G W^\top

    Parameters
    ----------
    units : int
        Number of outputs per row (``n_out``).
    input_dim : int or None
        Number of input features (``n_in``). None: taken from the first input.
    kernel_initializer : str
        A name in ``INITIALIZERS``: ``"glorot_uniform"`` (default), ``"normal"``,
        ``"uniform"`` or ``"zeros"``. Biases always start at zero.
    use_bias : bool
        False leaves out ``b``, as Chapter 1's network does.
    seed : int or None
        Seeds the initial weights; one seed always gives one set of weights.
    dtype : float dtype or None
        The parameters' dtype. None: the dtype of the first input (float64 if ``build``
        is called first).

    Once built, ``params`` is ``{"W": (n_in, n_out), "b": (n_out,)}`` (no ``"b"`` when
    ``use_bias=False``). The weights are made on the first ``forward`` or by ``build()``;
    to start from given weights, build and then write into them,
    ``layer.params["W"][...] = W1``. A built layer refuses inputs of another width.
    Explained in Chapter 2.
    """

    splittable = True

    def __init__(self, units, input_dim=None, kernel_initializer="glorot_uniform",
                 use_bias=True, seed=None, dtype=None):
        super().__init__(dtype)
        self.units = positive_int(units, "Dense units")
        self.input_dim = positive_int(input_dim, "Dense input_dim", allow_none=True)
        get_initializer(kernel_initializer)  # refuse an unknown name now, not at build
        self.kernel_initializer = kernel_initializer
        self.use_bias = true_or_false(use_bias, "Dense use_bias")
        self.seed = random_seed(seed, "Dense seed")
        self.built = False
        self.x = None  # the cached input, kept from forward for backward

    @property
    def input_shape(self):
        """One example's shape, ``(input_dim,)``, or None while unknown."""
        return None if self.input_dim is None else (self.input_dim,)

    def build(self, input_dim=None, dtype=None):
        """Make ``W`` from the initializer and ``b`` as zeros; return the layer."""
        input_dim = self.input_dim if input_dim is None else input_dim
        if input_dim is None:
            raise ValueError("Dense.build needs input_dim: pass it here or to Dense(...)")
        if isinstance(input_dim, tuple) and len(input_dim) == 1:
            input_dim = input_dim[0]
        input_dim = positive_int(input_dim, "Dense input_dim")
        dtype = float_dtype(_first(dtype, self.dtype, np.float64))
        self.input_dim, self.dtype = input_dim, dtype  # both checked: now change the layer
        rng = np.random.default_rng(self.seed)
        shape = (self.input_dim, self.units)
        self.params, self.grads = {}, {}
        self.add_weight("W", shape, self.kernel_initializer, *shape, rng=rng)
        if self.use_bias:
            self.add_weight("b", (self.units,), "zeros")
        self.built = True
        return self

    def forward(self, x, training=False):
        """Return ``x @ W + b``, shape (N, units), for ``x`` of shape (N, input_dim)."""
        x = as_float_array(x, self.dtype)
        if x.ndim != 2:
            hint = (" (a single example becomes a batch of one with x.reshape(1, -1))"
                    if x.ndim == 1 else " (did you forget Flatten?)")
            raise ValueError(
                f"Dense expects a 2-D input (batch, features), got shape {x.shape}{hint}")
        if self.input_dim is not None and x.shape[1] != self.input_dim:
            raise ValueError(
                f"Dense expected input with {self.input_dim} features, got {x.shape[1]}")
        if not self.built:
            self.build(x.shape[1], _first(self.dtype, x.dtype))
        self._same_dtype(x)
        self.x = x
        z = x @ self.params["W"]
        if self.use_bias:
            z += self.params["b"]  # in place: z is a new array, x @ W
        return z

    def backward(self, grad_out, input_grad=True, param_grads=True):
        """Fill ``grads["W"]`` (and ``grads["b"]``) and return ∂L/∂x, shape (N, input_dim).

        ``input_grad=False`` skips ∂L/∂x and returns None (a model's first layer: nobody
        uses it; Chapter 4's fast training step asks for this). ``param_grads=False``
        skips ``grads`` and leaves them as they were (a frozen layer: Chapter 6's
        discriminator while the generator trains through it).
        """
        shape = None if self.x is None else (self.x.shape[0], self.units)
        grad_out = self._check_grad_out(grad_out, shape)
        if param_grads:
            self.grads["W"] = self.x.T @ grad_out
            if self.use_bias:
                self.grads["b"] = grad_out.sum(axis=0)
        # np.dot is @ here, but @ takes a slow path when units is 1 (a GAN's discriminator)
        return np.dot(grad_out, self.params["W"].T) if input_grad else None

    def __repr__(self):
        parts = [str(self.units)]
        if self.input_dim is not None:
            parts.append(f"input_dim={self.input_dim}")
        return f"Dense({', '.join(parts + weight_settings(self))})"
