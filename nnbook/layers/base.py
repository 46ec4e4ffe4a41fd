"""Introduced in Chapter 2. The Layer protocol: what every layer of nnbook does."""

import numpy as np

from nnbook.checks import float_array, random_seed
from nnbook.layers.initializers import get_initializer, _weight_shape


def as_float_array(x, dtype=None, name="x"):
    """``x`` as an ndarray of floats; integer or boolean input becomes ``dtype`` (float64
    if None). Strings, objects, complex numbers, ragged lists and NaN are refused by name
    (``nnbook.checks.float_array``)."""
    return float_array(x, name, dtype)


def float_dtype(dtype, who="a layer's dtype"):
    """``dtype`` as a numpy dtype; refuse anything but a float type, naming ``who``."""
    try:
        if dtype is None:  # np.dtype(None) would quietly be float64
            raise TypeError
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{who} must be a float type (float32, float64),"
                        f" got {dtype!r}") from None
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(f"{who} must be a float type (float32, float64), got {dtype}")
    return dtype


class Layer:
    """The base of every layer.

    A layer does two things: ``forward(x, training=False)`` computes the output from the
    input and keeps what backward needs; ``backward(grad_out)`` takes ∂L/∂output, fills
    ``grads`` with ∂L/∂param for each parameter, and returns ∂L/∂x. ``training`` is True
    only while a model trains (Chapter 5's Dropout acts only then).

    Attributes
    ----------
    params, grads : dict of str to ndarray
        The parameters, e.g. ``{"W": ..., "b": ...}``, and ∂L/∂param from the last
        ``backward``, keyed the same; both empty for a layer without parameters.
    trainable : bool
        True by default. A model reads it when it is *compiled* (as Keras 2 does) and
        updates only the layers that were trainable then; ``backward`` still returns
        ∂L/∂x. Chapter 6 freezes a discriminator this way.
    dtype : numpy dtype or None
        The parameters' dtype, once fixed.
    splittable : bool
        True when the layer treats every example of a batch on its own, so that a batch
        may be cut in pieces (Chapter 4's two-thread step). False by default, for a layer
        nnbook does not know.

    Explained in Chapter 2.
    """

    splittable = False

    def __init__(self, dtype=None):
        self.params = {}
        self.grads = {}
        self.trainable = True
        self.dtype = None if dtype is None else float_dtype(dtype)

    def forward(self, x, training=False):
        """Compute the output for input ``x`` and keep what ``backward`` needs."""
        raise NotImplementedError

    def backward(self, grad_out):
        """Take ∂L/∂output, fill ``grads``, and return ∂L/∂x."""
        raise NotImplementedError

    def __call__(self, x, training=False):
        return self.forward(x, training=training)

    def add_weight(self, name, shape, initializer, fan_in=None, fan_out=None, rng=None):
        """Make parameter ``name`` of ``shape`` from an initializer (a name in
        ``INITIALIZERS``), in the layer's dtype, with a zero gradient; return it."""
        if not isinstance(name, str):
            raise TypeError(f"add_weight expected name, a str, got {name!r}")
        shape = _weight_shape(shape, "add_weight")
        values = get_initializer(initializer)(rng, shape, fan_in, fan_out)
        self.params[name] = values.astype(self.dtype)
        self.grads[name] = np.zeros_like(self.params[name])
        return self.params[name]

    def astype(self, dtype):
        """Cast the parameters (and their gradients) to ``dtype``; return the layer."""
        self.dtype = float_dtype(dtype)
        for name in self.params:
            self.params[name] = self.params[name].astype(self.dtype)
            self.grads[name] = self.grads[name].astype(self.dtype)
        return self

    def count_params(self):
        """The number of numbers in ``params``."""
        return sum(param.size for param in self.params.values())

    def _same_dtype(self, x):
        """Refuse an input of another float dtype than the parameters' (never promote)."""
        if self.dtype is not None and x.dtype != self.dtype:
            name = type(self).__name__
            raise TypeError(f"{name} holds {self.dtype} parameters but got {x.dtype} input;"
                            f" cast the input with x.astype(np.{self.dtype}) or the layer"
                            f" with layer.astype(np.{x.dtype})")

    def _check_grad_out(self, grad_out, shape):
        """``grad_out`` as an array of the last output's ``shape``; refuse anything else."""
        if shape is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        grad_out = as_float_array(grad_out, name=f"{type(self).__name__}.backward's grad_out")
        if grad_out.shape != shape:
            raise ValueError(
                f"{type(self).__name__}.backward expected grad_out of shape {shape}"
                f" (the shape of its last output), got {grad_out.shape}")
        return grad_out

    def __repr__(self):
        return f"{type(self).__name__}()"


class RandomLayer(Layer):
    """A layer that draws random numbers while training (Chapter 5's Dropout).

    It draws them through ``noise(shape)``, once per batch, for the whole batch. With a
    ``seed`` it has its own generator; without one, the model it is added to gives it one
    from the model's seed, so a seeded model repeats its training exactly. Chapter 4's
    two-thread step draws the batch's noise once and gives each half its rows, so one or
    two threads draw the same numbers. A subclass writes ``draw(rng, shape)``.
    Explained in Chapter 5.
    """

    splittable = True

    def __init__(self, seed=None, dtype=None):
        super().__init__(dtype)
        self.seed = random_seed(seed, f"{type(self).__name__} seed")
        self.rng = None if seed is None else np.random.default_rng(seed)

    def draw(self, rng, shape):
        """Random numbers of ``shape`` from ``rng``."""
        raise NotImplementedError

    def noise(self, shape):
        """This batch's random numbers, of ``shape`` (the batch's)."""
        if self.rng is None:
            self.rng = np.random.default_rng()
        return self.draw(self.rng, shape)
