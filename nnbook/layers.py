"""Introduced in Chapter 2. Layers: the network as a chain of small, separate pieces.

Chapter 1 wrote a whole network in one class. Backpropagation is the chain rule, and the
chain rule lets us cut the network into links that each know only their own derivative.
Every layer here does the same two things:

    forward(x)            computes the output from the input x and keeps what backward needs
    backward(grad_out)    receives ∂L/∂output, fills ``grads`` with ∂L/∂param for each
                          parameter, and returns ∂L/∂x for the layer below

A layer's parameters live in ``params`` and their gradients in ``grads``, two dicts keyed
the same (both empty for a layer without parameters). Running ``backward`` on the layers
in reverse order, each passing its ∂L/∂x down as the next one's ``grad_out``, is
backpropagation.

Two promises hold for every layer:

* No layer changes the arrays it is given: not ``x``, not ``grad_out``.
* A layer computes in the dtype of its input. A layer with parameters makes them when it
  is built (on its first ``forward``, or by ``build()``) in that input's dtype, or in the
  ``dtype`` it was given; float64 if built before any input is seen. After that, an input
  of another floating dtype is refused (never silently promoted): cast the input, or the
  layer with ``layer.astype(dtype)``. So float32 in gives float32 out, and gradient
  checks run the same code in float64.
Chapter 3 adds two layers without parameters: ``Softmax`` (also ``Activation("softmax")``)
and ``Flatten``, which turns (N, 1, 28, 28) images into (N, 784) rows for ``Dense``.
"""

import copy

import numpy as np

from nnbook.activations import (
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    tanh,
    tanh_derivative,
)


def _as_float_array(x, dtype=None):
    """``x`` as an ndarray; integer or boolean input becomes ``dtype`` (float64 if None)."""
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64 if dtype is None else dtype)
    return x


def _float_dtype(dtype):
    """``dtype`` as a numpy dtype; refuse anything but a float type."""
    dtype = np.dtype(dtype)
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(f"a layer's dtype must be a float type (float32, float64), got {dtype}")
    return dtype


class Layer:
    """The base of every layer: empty ``params`` and ``grads``, ``trainable``, ``astype``.

    Attributes
    ----------
    params : dict of str to ndarray
        The layer's parameters, e.g. ``{"W": ..., "b": ...}``; empty if it has none.
    grads : dict of str to ndarray
        ∂L/∂param from the last ``backward``, keyed like ``params``.
    trainable : bool
        True by default. An optimizer leaves the parameters of a layer with
        ``trainable = False`` unchanged (Chapter 6 freezes a discriminator this way);
        ``backward`` still returns the gradient with respect to the input.
    dtype : numpy dtype or None
        The dtype of the parameters, once fixed.
    needs_input_grad : bool
        True by default. A layer may skip computing ∂L/∂x, and return None from
        ``backward``, while this is False; its ``grads`` are filled as usual. ``Sequential``
        sets it to False on its first layer with parameters while it trains, where nobody
        uses ∂L/∂input (Chapter 4: it is a good part of the first convolution's backward).
    worth_a_thread : bool
        False by default; True for a layer with so much work per example (``Conv2D``)
        that ``Sequential`` trains a model holding one on two threads (see ``twin``).

    Explained in Chapter 2.
    """

    needs_input_grad = True
    worth_a_thread = False

    def __init__(self, dtype=None):
        self.params = {}
        self.grads = {}
        self.trainable = True
        self.dtype = None if dtype is None else _float_dtype(dtype)

    def forward(self, x):
        """Compute the output for input ``x`` and keep what ``backward`` needs."""
        raise NotImplementedError

    def backward(self, grad_out):
        """Take ∂L/∂output, fill ``grads``, and return ∂L/∂x."""
        raise NotImplementedError

    def __call__(self, x):
        return self.forward(x)

    def twin(self, k=1):
        """A copy of this layer for another thread (number ``k``) to train on.

        It shares the parameters (the same arrays, so one update serves both) and every
        setting, but keeps its own caches and ``grads``: two threads can run forward and
        backward on two halves of a batch at once (``Sequential``, Chapter 4).
        """
        twin = copy.copy(self)
        twin.grads = {}
        if hasattr(self, "_work"):  # batch-sized work arrays (Conv2D): one set per twin,
            twins_work = self.__dict__.setdefault("_twin_work", {})  # kept between steps
            twin._work = twins_work.setdefault(k, {})
        return twin

    def astype(self, dtype):
        """Cast the parameters (and their gradients) to ``dtype``; return the layer.

        ``layer.astype(np.float64)`` readies a float32 layer for a gradient check.
        """
        self.dtype = _float_dtype(dtype)
        for name in self.params:
            self.params[name] = self.params[name].astype(self.dtype)
            self.grads[name] = self.grads[name].astype(self.dtype)
        return self

    def _check_grad_out(self, grad_out, shape):
        """``grad_out`` as an array of the last output's ``shape``; refuse anything else."""
        if shape is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        grad_out = np.asarray(grad_out)
        if grad_out.shape != shape:
            raise ValueError(
                f"{type(self).__name__}.backward expected grad_out of shape {shape}"
                f" (the shape of its last output), got {grad_out.shape}"
            )
        return grad_out

    def __repr__(self):
        return f"{type(self).__name__}()"


# ---------------------------------------------------------------------------------------
# Initializers: each takes (rng, shape) and returns float64 numbers; the layer then casts
# them to its dtype, so a float32 and a float64 layer with one seed hold the same weights
# (up to rounding).


def _glorot_uniform(rng, shape):
    fan_in, fan_out = shape
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)


def _normal(rng, shape):
    return rng.normal(0.0, 0.05, size=shape)


def _uniform(rng, shape):
    return rng.random(shape)


def _zeros(rng, shape):
    return np.zeros(shape)


INITIALIZERS = {
    "glorot_uniform": _glorot_uniform,
    "normal": _normal,
    "uniform": _uniform,
    "zeros": _zeros,
}
"""Kernel initializers by name, for ``Dense(kernel_initializer=...)``.

- ``"glorot_uniform"``: uniform on :math:`[-l, l]`, :math:`l = \\sqrt{6 / (n_{in} + n_{out})}`
  (Keras's default).
- ``"normal"``: normal with mean 0 and standard deviation 0.05 (Keras's ``RandomNormal``).
- ``"uniform"``: uniform on [0, 1), Chapter 1's choice, drawn as ``rng.random(shape)``.
- ``"zeros"``: all zero (then every hidden unit computes the same thing and gets the
  same update, so they never become different).

Explained in Chapter 2.
"""


def _weight_settings(layer):
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

    Attributes
    ----------
    params : dict
        Once built, ``{"W": array (n_in, n_out), "b": array (n_out,)}``; no ``"b"``
        when ``use_bias=False``. ``grads`` holds arrays of the same shapes.

    The weights are made on the first ``forward`` or by ``build()``. To start from given
    weights, build and then write into them, e.g. ``layer.params["W"][...] = W1``.
    A built layer refuses inputs of another width. Explained in Chapter 2.
    """

    def __init__(self, units, input_dim=None, kernel_initializer="glorot_uniform",
                 use_bias=True, seed=None, dtype=None):
        super().__init__(dtype)
        if int(units) != units or units < 1:
            raise ValueError(f"Dense units must be a positive integer, got {units!r}")
        if input_dim is not None and (int(input_dim) != input_dim or input_dim < 1):
            raise ValueError(
                f"Dense input_dim must be None or a positive integer, got {input_dim!r}")
        if kernel_initializer not in INITIALIZERS:
            raise ValueError(
                f"unknown kernel_initializer {kernel_initializer!r};"
                f" known: {', '.join(sorted(INITIALIZERS))}"
            )
        self.units = int(units)
        self.input_dim = None if input_dim is None else int(input_dim)
        self.kernel_initializer = kernel_initializer
        self.use_bias = bool(use_bias)
        self.seed = seed
        self.built = False
        self.x = None  # the cached input, kept from forward for backward

    def build(self, input_dim=None, dtype=None):
        """Make the parameters: ``W`` from the initializer, ``b`` zeros; return the layer.

        Parameters
        ----------
        input_dim : int or None
            Defaults to the ``input_dim`` given at construction.
        dtype : float dtype or None
            Defaults to the layer's ``dtype``, else float64.
        """
        input_dim = self.input_dim if input_dim is None else int(input_dim)
        if input_dim is None:
            raise ValueError("Dense.build needs input_dim: pass it here or to Dense(...)")
        if dtype is None:
            dtype = np.float64 if self.dtype is None else self.dtype
        self.input_dim = input_dim
        self.dtype = _float_dtype(dtype)
        rng = np.random.default_rng(self.seed)
        init = INITIALIZERS[self.kernel_initializer]
        self.params = {"W": init(rng, (input_dim, self.units)).astype(self.dtype)}
        if self.use_bias:
            self.params["b"] = np.zeros(self.units, dtype=self.dtype)
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.built = True
        return self

    def forward(self, x):
        """Return ``x @ W + b``, shape (N, units), for ``x`` of shape (N, input_dim)."""
        x = _as_float_array(x, self.dtype)
        if x.ndim != 2:
            hint = (" (a single example becomes a batch of one with x.reshape(1, -1))"
                    if x.ndim == 1 else " (did you forget Flatten?)")
            raise ValueError(
                f"Dense expects a 2-D input (batch, features), got shape {x.shape}{hint}")
        expected = self.input_dim
        if expected is not None and x.shape[1] != expected:
            raise ValueError(f"Dense expected input with {expected} features, got {x.shape[1]}")
        if not self.built:
            self.build(x.shape[1], x.dtype if self.dtype is None else self.dtype)
        if x.dtype != self.dtype:
            raise TypeError(
                f"Dense holds {self.dtype} parameters but got {x.dtype} input;"
                f" cast the input with x.astype(np.{self.dtype}) or the layer with"
                f" layer.astype(np.{x.dtype})"
            )
        self.x = x
        z = x @ self.params["W"]
        if self.use_bias:
            z = z + self.params["b"]
        return z

    def backward(self, grad_out):
        """Fill ``grads["W"]`` (and ``grads["b"]``) and return ∂L/∂x, shape (N, input_dim).

        Returns None instead when ``needs_input_grad`` is False (see ``Layer``).
        """
        shape = None if self.x is None else (self.x.shape[0], self.units)
        grad_out = self._check_grad_out(grad_out, shape)
        self.grads["W"] = self.x.T @ grad_out
        if self.use_bias:
            self.grads["b"] = grad_out.sum(axis=0)
        if not self.needs_input_grad:
            return None
        return grad_out @ self.params["W"].T

    def __repr__(self):
        parts = [str(self.units)]
        if self.input_dim is not None:
            parts.append(f"input_dim={self.input_dim}")
        return f"Dense({', '.join(parts + _weight_settings(self))})"


# ---------------------------------------------------------------------------------------
# Activation layers: no parameters, applied element by element. Each derivative is written
# with the activation's output a (as sigmoid_derivative is), so a layer keeps only a.

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

    def __init__(self, activation):
        super().__init__()
        if activation not in ACTIVATIONS and activation != "softmax":
            known = ", ".join(sorted([*ACTIVATIONS, "softmax"]))
            raise ValueError(f"unknown activation {activation!r}; known: {known}")
        self.activation = activation
        # softmax (Chapter 3) has no element-wise derivative: backward goes its own way.
        self.function, self.derivative = ACTIVATIONS.get(activation, (softmax, None))
        self.output = None  # the cached output a, kept from forward for backward

    def forward(self, x):
        """Return ``f(x)``, same shape as ``x``."""
        self.output = self.function(_as_float_array(x))
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


class Flatten(Layer):
    """Flatten each example into one row: (N, C, H, W) -> (N, C·H·W); any (N, ...) works.

    The features come in numpy's row-major order, channel by channel, then row by row
    (NCHW, "channels first", as the classic script's Theano ordering). Backward reshapes
    ∂L/∂output back to the input's shape. No parameters, so the gradient check only
    checks the input gradient: a reshape passes every number through unchanged.

    The output is a reshaped view of the input, not a copy. Explained in Chapter 3.
    """

    def __init__(self):
        super().__init__()
        self.input_shape = None  # the shape of the last input, kept for backward

    def forward(self, x):
        """Return ``x`` reshaped to (N, features)."""
        x = _as_float_array(x)
        if x.ndim < 1:
            raise ValueError(f"Flatten expects a batch (N, ...), got a scalar of shape {x.shape}")
        self.input_shape = x.shape
        return x.reshape(x.shape[0], int(np.prod(x.shape[1:], dtype=np.int64)))

    def backward(self, grad_out):
        """Return ``grad_out`` reshaped to the last input's shape."""
        shape = None
        if self.input_shape is not None:
            shape = (self.input_shape[0], int(np.prod(self.input_shape[1:], dtype=np.int64)))
        grad_out = self._check_grad_out(grad_out, shape)
        return grad_out.reshape(self.input_shape)

    def __repr__(self):
        return "Flatten()"
