"""Introduced in Chapter 2. Initializers: the numbers a layer's weights start from.

Each takes ``(rng, shape, fan_in, fan_out)`` and returns float64 numbers; the layer casts
them to its dtype (``Layer.add_weight``), so a float32 and a float64 layer with one seed
hold the same weights, up to rounding.
"""

import numbers

import numpy as np


def glorot_uniform(rng, shape, fan_in, fan_out):
    """Uniform on [−l, l], l = √(6 / (fan_in + fan_out)): Keras's default. Explained in Chapter 2."""
    _check(rng, shape, "glorot_uniform", fan_in=fan_in, fan_out=fan_out)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)


def fan_in_uniform(rng, shape, fan_in, fan_out=None):
    """Uniform on [−l, l], l = 1/√fan_in: PyTorch's default for its linear and convolution
    layers (Keras: ``VarianceScaling(1/3, "fan_in", "uniform")``). Explained in Chapter 6."""
    _check(rng, shape, "fan_in_uniform", fan_in=fan_in)
    limit = 1.0 / np.sqrt(fan_in)
    return rng.uniform(-limit, limit, size=shape)


def normal(rng, shape, fan_in=None, fan_out=None):
    """Normal, mean 0, standard deviation 0.05 (Keras's RandomNormal). Explained in Chapter 2."""
    _check(rng, shape, "normal")
    return rng.normal(0.0, 0.05, size=shape)


def uniform(rng, shape, fan_in=None, fan_out=None):
    """Uniform on [0, 1), Chapter 1's choice, drawn as ``rng.random(shape)``. Explained in Chapter 2."""
    _check(rng, shape, "uniform")
    return rng.random(shape)


def zeros(rng, shape, fan_in=None, fan_out=None):
    """All zero. Explained in Chapter 2."""
    return np.zeros(_weight_shape(shape, "zeros"))


def _weight_shape(shape, who):
    """``shape`` as a tuple of positive ints (a weight's shape), or an error naming ``who``."""
    if not isinstance(shape, (tuple, list)) or not all(
            isinstance(n, numbers.Integral) and not isinstance(n, (bool, np.bool_))
            for n in shape):
        raise TypeError(f"{who} expected shape, a tuple of positive integers, got {shape!r}")
    if not all(n >= 1 for n in shape):
        raise ValueError(f"{who} expected shape, a tuple of positive integers, got {shape!r}")
    return tuple(int(n) for n in shape)


def _check(rng, shape, who, **fans):
    """Refuse what a random initializer cannot draw from, draw into, or scale by."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{who} expected rng, a numpy Generator (np.random.default_rng(seed)),"
                        f" got {rng!r}")
    _weight_shape(shape, who)
    for name, fan in fans.items():
        if isinstance(fan, (bool, np.bool_)) or not isinstance(fan, numbers.Integral):
            raise TypeError(f"{who} expected {name}, a positive integer, got {fan!r}")
        if fan < 1:
            raise ValueError(f"{who} expected {name}, a positive integer, got {fan!r}")


INITIALIZERS = {"glorot_uniform": glorot_uniform, "fan_in_uniform": fan_in_uniform,
                "normal": normal, "uniform": uniform, "zeros": zeros}
"""Kernel initializers by name, for ``Dense(kernel_initializer=...)`` and ``Conv2D``.

- ``"glorot_uniform"``: uniform on :math:`[-l, l]`, :math:`l = \\sqrt{6 / (n_{in} + n_{out})}`
  (Keras's default).
- ``"fan_in_uniform"``: uniform on :math:`[-1/\\sqrt{n_{in}}, 1/\\sqrt{n_{in}}]`, PyTorch's
  default (Chapter 6's GAN starts from it).
- ``"normal"``: normal with mean 0 and standard deviation 0.05 (Keras's ``RandomNormal``).
- ``"uniform"``: uniform on [0, 1), Chapter 1's choice.
- ``"zeros"``: all zero (then every hidden unit computes the same thing and gets the
  same update, so they never become different).

Explained in Chapter 2.
"""


def get_initializer(name):
    """The initializer called ``name``; an unknown name is refused with the known ones.
    Explained in Chapter 2."""
    if not isinstance(name, str) or name not in INITIALIZERS:
        raise ValueError(f"unknown kernel_initializer {name!r};"
                         f" known: {', '.join(sorted(INITIALIZERS))}")
    return INITIALIZERS[name]
