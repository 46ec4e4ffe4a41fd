"""Introduced in Chapter 1. Activation functions, written as plain numpy functions.

An activation squashes a unit's weighted input ``z`` into its output ``a``. Every
function here keeps the dtype of its input (float32 in, float32 out) and stays finite,
without overflow warnings, for inputs as large as ±1000.
"""

import numbers

import numpy as np

from nnbook.checks import float_array


def sigmoid(z):
    r"""The logistic sigmoid, :math:`\sigma(z) = 1 / (1 + e^{-z})`.

    ``exp`` only ever sees ``-|z|``: for ``z < 0`` we use the equal form
    :math:`e^{z} / (1 + e^{z})`, since the naive form overflows at z = -1000.

    Parameters
    ----------
    z : float or ndarray, any shape

    Returns
    -------
    ndarray of the same shape, values in [0, 1]. Explained in Chapter 1.
    """
    z = float_array(z, "z")  # refuses strings, None and NaN by name
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(a):
    r"""The sigmoid's slope, written with its *output* :math:`a = \sigma(z)`.

    Since :math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`, a network that kept
    ``a`` from its forward pass gets the slope as ``a * (1 - a)``, without
    recomputing the sigmoid. So pass the sigmoid's output, not ``z``.
    Derived in Chapter 2.

    Parameters
    ----------
    a : float or ndarray, values of ``sigmoid(z)``

    Returns
    -------
    ndarray of the same shape, values in [0, 0.25].
    """
    a = float_array(a, "a")
    return a * (1.0 - a)


def tanh(z):
    r"""The hyperbolic tangent, :math:`\tanh(z) = (e^{z} - e^{-z}) / (e^{z} + e^{-z})`.

    A sigmoid stretched to [-1, 1] and centred on zero: :math:`\tanh(z) = 2\sigma(2z) - 1`.
    numpy's ``tanh`` is already stable: it returns ±1 at ±1000 without warnings.

    Parameters
    ----------
    z : float or ndarray, any shape

    Returns
    -------
    ndarray of the same shape, values in [-1, 1]. Explained in Chapter 2.
    """
    z = float_array(z, "z")  # refuses strings, None and NaN by name
    return np.tanh(z)


def tanh_derivative(a):
    r"""The derivative of tanh, written with its *output* :math:`a = \tanh(z)`.

    :math:`\tanh'(z) = 1 - \tanh^2(z) = 1 - a^2`. As with ``sigmoid_derivative``,
    pass the output, not ``z``. Explained in Chapter 2.

    Parameters
    ----------
    a : float or ndarray, values of ``tanh(z)``

    Returns
    -------
    ndarray of the same shape, values in [0, 1].
    """
    a = float_array(a, "a")
    return 1.0 - a * a


def relu(z):
    r"""The rectified linear unit, :math:`\mathrm{relu}(z) = \max(z, 0)`.

    Parameters
    ----------
    z : float or ndarray, any shape

    Returns
    -------
    ndarray of the same shape, values in [0, ∞). Explained in Chapter 2.
    """
    z = float_array(z, "z")  # refuses strings, None and NaN by name
    return np.maximum(z, 0.0)


def relu_derivative(a):
    r"""The derivative of relu, written with its *output* :math:`a = \mathrm{relu}(z)`.

    The slope is 1 where :math:`z > 0` and 0 where :math:`z < 0`; since
    :math:`a > 0` exactly when :math:`z > 0`, the output is enough. At the kink
    :math:`z = 0` the derivative does not exist; we use 0, as Keras does.
    Explained in Chapter 2.

    Parameters
    ----------
    a : float or ndarray, values of ``relu(z)``

    Returns
    -------
    ndarray of the same shape and dtype, values 0 or 1.
    """
    a = float_array(a, "a")
    return (a > 0).astype(a.dtype)


def softmax(logits, axis=-1):
    r"""The softmax, :math:`p_k = e^{z_k} / \sum_j e^{z_j}`, along ``axis``.

    Subtracting the largest logit first changes nothing (the factor :math:`e^{-\max z}`
    cancels) but keeps ``exp`` at or below 1, so logits of 1000 do not overflow.

    Parameters
    ----------
    logits : ndarray, e.g. shape (N, C)
    axis : int
        The axis that sums to one (the classes; the last axis by default).

    Returns
    -------
    ndarray of the same shape, each slice along ``axis`` a probability vector.
    Explained in Chapter 3.
    """
    logits = _softmax_input(logits, axis)
    exps = np.exp(logits - np.max(logits, axis=axis, keepdims=True))
    return exps / np.sum(exps, axis=axis, keepdims=True)


def _softmax_input(logits, axis):
    """``logits`` as floats with at least one logit along ``axis``, or a clear error."""
    logits = float_array(logits, "logits")
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"softmax axis must be an integer, got {axis!r}")
    if not -logits.ndim <= axis < max(logits.ndim, 1):
        raise ValueError(f"softmax axis {axis} is out of range for logits of shape"
                         f" {logits.shape}")
    if logits.ndim and logits.shape[axis] == 0:
        raise ValueError(f"softmax needs at least one logit along axis {axis}, got logits of"
                         f" shape {logits.shape}")
    return logits
