"""Introduced in Chapter 5. PReLU: a rectifier that learns the slope of its negative side.

He, Zhang, Ren and Sun, "Delving Deep into Rectifiers: Surpassing Human-Level Performance
on ImageNet Classification" (ICCV 2015), let each unit learn the slope α of its negative
side by gradient descent, like any weight:

    f(x) = max(0, x) + α min(0, x)

α = 0 is ReLU; a fixed small α is LeakyReLU. The paper starts α at 0.25 and shares one α
per channel of a convolution; Keras starts at 0 and, by default, gives every input
element its own α (``shared_axes`` shares them).
"""

import numbers

import numpy as np

from nnbook.checks import finite_number, one_of, positive_int, random_seed
from nnbook.layers.base import Layer, as_float_array, float_dtype
from nnbook.layers.initializers import INITIALIZERS


def _example_shape(shape, name):
    """``shape`` as a tuple of positive ints (one example's shape), or a clear error."""
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"{name} must be one example's shape as a tuple, e.g. (784,) or"
                        f" (32, 26, 26), got {shape!r}")
    return tuple(positive_int(n, name) for n in shape)


def _shared_axes(axes):
    """``axes`` (None, an int or a list of ints ≥ 1) as a tuple, or a clear error."""
    if axes is None:
        return ()
    single = isinstance(axes, numbers.Real) and not isinstance(axes, (bool, np.bool_))
    if not single and not isinstance(axes, (tuple, list)):
        raise TypeError(f"PReLU shared_axes must be an int or a list of ints (axes of one"
                        f" example, counted from 1), got {axes!r}")
    axes = (axes,) if single else tuple(axes)
    for axis in axes:
        if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
            raise TypeError(f"PReLU shared_axes must hold ints, got {axis!r}"
                            f" ({type(axis).__name__})")
        if axis < 1:
            raise ValueError(f"PReLU shared_axes counts an example's axes from 1 (axis 0 is"
                             f" the batch, never shared), got {axis}")
    if len(set(axes)) != len(axes):
        raise ValueError(f"PReLU shared_axes names an axis twice: {list(axes)}")
    return tuple(int(axis) for axis in axes)


class PReLU(Layer):
    r"""The parametric rectifier (He et al. 2015): :math:`f(x) = \max(0, x) + \alpha
    \min(0, x)`, with :math:`\alpha` learned.

    For G = ∂L/∂output, backward gives

    .. math::

        \frac{\partial L}{\partial x} = G \odot \begin{cases} 1 & x > 0 \\
        \alpha & x \le 0 \end{cases}, \qquad
        \frac{\partial L}{\partial \alpha} = \sum G \odot \min(0, x)

    the sum running over the batch and over the shared axes (every position where that
    α was used).

    Parameters
    ----------
    alpha_initializer : str or float
        ``"zeros"`` (Keras's default: the layer starts as a ReLU), another name in
        ``INITIALIZERS``, or a number every α starts at (He et al.: 0.25). For
        ``"glorot_uniform"`` both fans are the number of α's.
    shared_axes : int, list of ints, or None
        Axes of one example, counted from 1 (axis 0 is the batch), along which one α is
        shared. None: one α per input element, ``params["alpha"]`` of the example's
        shape. For NCHW images, ``shared_axes=[2, 3]`` gives one α per channel, shape
        (C, 1, 1), as in the paper. A shared axis may have another size in later inputs.
    seed : int or None
        Seeds a random ``alpha_initializer``.
    dtype : float dtype or None
        The parameters' dtype. None: the dtype of the first input (float64 if ``build``
        is called first).
    input_shape : tuple or None
        One example's shape; given, a model builds the layer when it is added.

    Built on the first ``forward`` or by ``build(input_shape)``. Explained in Chapter 5.
    """

    splittable = True

    def __init__(self, alpha_initializer="zeros", shared_axes=None, seed=None, dtype=None,
                 input_shape=None):
        super().__init__(dtype)
        if isinstance(alpha_initializer, numbers.Real) and not isinstance(alpha_initializer,
                                                                          (bool, np.bool_)):
            alpha_initializer = finite_number(alpha_initializer, "PReLU alpha_initializer")
        else:
            one_of(alpha_initializer, sorted(INITIALIZERS), "PReLU alpha_initializer")
        self.alpha_initializer = alpha_initializer
        self.shared_axes = _shared_axes(shared_axes)
        self.seed = random_seed(seed, "PReLU seed")
        self.input_shape = None
        if input_shape is not None:
            self.input_shape = self._checked_shape(_example_shape(input_shape,
                                                                  "PReLU input_shape"))
        self.built = False
        self.shape = None  # the example shape the layer was built for
        self.x = None  # the cached input, kept from forward for backward

    def _checked_shape(self, shape):
        """``shape`` if every shared axis is one of its axes, else a clear error."""
        beyond = [axis for axis in self.shared_axes if axis > len(shape)]
        if beyond:
            raise ValueError(
                f"PReLU shared_axes={list(self.shared_axes)} names axis {beyond[0]}, but"
                f" examples of shape {shape} have axes 1 to {len(shape)} (axis 0 is the batch)")
        return shape

    def build(self, input_shape=None, dtype=None):
        """Make ``alpha`` for examples of ``input_shape``, e.g. (32, 26, 26); return the layer."""
        input_shape = self.input_shape if input_shape is None else input_shape
        if input_shape is None:
            raise ValueError("PReLU.build needs input_shape, one example's shape: pass it"
                             " here or to PReLU(...)")
        shape = self._checked_shape(_example_shape(input_shape, "PReLU input_shape"))
        self.dtype = float_dtype(next(d for d in (dtype, self.dtype, np.float64) if d is not None))
        alpha_shape = tuple(1 if axis in self.shared_axes else n
                            for axis, n in enumerate(shape, start=1))
        size = max(int(np.prod(alpha_shape, dtype=np.int64)), 1)
        self.params, self.grads = {}, {}
        if isinstance(self.alpha_initializer, str):
            self.add_weight("alpha", alpha_shape, self.alpha_initializer, size, size,
                            rng=np.random.default_rng(self.seed))
        else:
            self.add_weight("alpha", alpha_shape, "zeros")[...] = self.alpha_initializer
        self.shape, self.built = shape, True
        return self

    def forward(self, x, training=False):
        """Return ``max(0, x) + alpha * min(0, x)``, the shape of ``x`` (N, ...)."""
        x = as_float_array(x, self.dtype)
        if x.ndim < 1:
            raise ValueError(f"PReLU expects a batch (N, ...), got a scalar of shape {x.shape}")
        if self.built:
            self._same_shape(x)
        else:
            self._checked_shape(x.shape[1:])  # refuse before anything is made
            self.build(x.shape[1:], self.dtype if self.dtype is not None else x.dtype)
        self._same_dtype(x)
        self.x = x
        alpha = self.params["alpha"]
        return np.maximum(x, 0) + alpha * np.minimum(x, 0)

    def _same_shape(self, x):
        """Refuse an input whose examples differ from the built shape off the shared axes."""
        if x.ndim - 1 == len(self.shape) and all(
                n == m or axis in self.shared_axes
                for axis, (n, m) in enumerate(zip(x.shape[1:], self.shape), start=1)):
            return
        shared = f" (sizes may differ on shared_axes={list(self.shared_axes)})" \
            if self.shared_axes else ""
        raise ValueError(f"PReLU was built for examples of shape {self.shape}{shared}, got"
                         f" input of shape {x.shape}")

    def backward(self, grad_out):
        """Fill ``grads["alpha"]`` and return ∂L/∂x, the shape of ``x``."""
        grad_out = self._check_grad_out(grad_out, None if self.x is None else self.x.shape)
        x, alpha = self.x, self.params["alpha"]
        axes = (0, *self.shared_axes)
        self.grads["alpha"] = np.sum(grad_out * np.minimum(x, 0),
                                     axis=axes).reshape(alpha.shape)
        return grad_out * np.where(x > 0, x.dtype.type(1), alpha)

    def __repr__(self):
        parts = []
        if self.alpha_initializer != "zeros":
            parts.append(f"alpha_initializer={self.alpha_initializer!r}")
        if self.shared_axes:
            parts.append(f"shared_axes={list(self.shared_axes)}")
        if self.input_shape is not None:
            parts.append(f"input_shape={self.input_shape}")
        if self.seed is not None:
            parts.append(f"seed={self.seed!r}")
        if self.dtype is not None:
            parts.append(f"dtype={self.dtype.name}")
        return f"PReLU({', '.join(parts)})"
