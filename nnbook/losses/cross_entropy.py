"""Introduced in Chapter 3. Cross-entropy: the loss of a model that outputs probabilities."""

import numpy as np

from nnbook.activations import sigmoid, softmax
from nnbook.losses.base import Loss, _check_bool, _check_eps, _check_in_unit_range

# ---------------------------------------------------------------------------------------
# Chapter 3: cross-entropy. A probability p of exactly 0 or 1 would make log(p) infinite,
# so the losses on probabilities clip p to [eps, 1 - eps] first, as Keras does. Clipping
# is part of the function: where p was clipped the loss is flat, and the gradient is 0.
# In float16 the largest number below 1 is 1 - 2**-11, so 1 - 1e-7 rounds to 1 and would
# clip nothing: there eps is raised to 2**-11 (np.finfo(dtype).epsneg, the gap below 1).


def _clipped(probs, eps):
    """``probs`` clipped to [eps, 1 - eps], and the mask of entries left unchanged.

    ``eps`` is raised to the gap below 1 of ``probs``'s dtype where it is smaller, so that
    1 - eps < 1 in every float dtype.
    """
    eps = max(eps, float(np.finfo(probs.dtype).epsneg))
    inside = (probs >= eps) & (probs <= 1 - eps)
    return np.clip(probs, eps, 1 - eps), inside


class BinaryCrossentropy(Loss):
    r"""Binary cross-entropy, for outputs that are each a probability of "yes".

    With :math:`\tilde p = \mathrm{clip}(\hat y, \epsilon, 1 - \epsilon)` and n the number of
    elements of ``y_pred``:

    .. math::

        L = -\frac{1}{n} \sum_i \big[ y_i \log \tilde p_i + (1 - y_i) \log(1 - \tilde p_i) \big],
        \qquad
        \frac{\partial L}{\partial \hat y_i} = \frac{1}{n}
            \frac{\tilde p_i - y_i}{\tilde p_i (1 - \tilde p_i)}

    (0 where :math:`\hat y_i` was clipped). With ``from_logits=True`` the input is the
    logit z, with :math:`\hat y = \sigma(z)`, and the loss is computed without ever
    forming :math:`\log \sigma(z)`:

    .. math::

        L = \frac{1}{n} \sum_i \big[ \max(z_i, 0) - z_i y_i + \log(1 + e^{-|z_i|}) \big],
        \qquad
        \frac{\partial L}{\partial z_i} = \frac{\sigma(z_i) - y_i}{n}

    Parameters
    ----------
    from_logits : bool
        False (default): ``y_pred`` holds probabilities, e.g. a Sigmoid layer's output.
    eps : float
        The clipping margin for probabilities (Keras's ``epsilon()``, 1e-7); in float16,
        where 1 - 1e-7 rounds to 1, the margin is 2**-11 (4.9e-4) instead.

    ``y_pred`` and ``y_true`` have one shape, e.g. (N, 1); targets are 0 or 1 (any value
    in [0, 1] works). The mean over all n elements is Keras's ``binary_crossentropy``.
    Finite, without warnings, for p exactly 0 or 1 (in float16, float32 and float64) and
    for logits of ±1e4. Explained in Chapter 3.
    """

    reduction = "mean"

    def __init__(self, from_logits=False, eps=1e-7):
        super().__init__()
        _check_eps(type(self).__name__, eps)
        _check_bool(type(self).__name__, "from_logits", from_logits)
        self.from_logits = bool(from_logits)
        self.eps = eps
        self.fuses_with = None if self.from_logits else "sigmoid"

    def _check_values(self, y_pred, y_true):
        """Targets in [0, 1]; probabilities too, unless ``from_logits``."""
        name = type(self).__name__
        _check_in_unit_range(name, y_true, "y_true", "targets", " (binary targets are 0 or 1)")
        if not self.from_logits:
            _check_in_unit_range(
                name, y_pred, "y_pred", "probabilities",
                f"; if these are logits (a layer's output without its sigmoid), use {name}"
                f"(from_logits=True), or end the model with a Sigmoid")

    def forward(self, y_pred, y_true):
        """Return the mean binary cross-entropy of ``y_pred`` (probabilities or logits)."""
        y_pred, y_true = self._keep(y_pred, y_true)
        if self.from_logits:
            z = y_pred
            return float(np.mean(np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))))
        p, _ = _clipped(y_pred, self.eps)
        return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))

    def backward(self):
        """Return ∂L/∂y_pred of the last ``forward``, shape of ``y_pred``."""
        self._check_forward_called()
        y_pred, y_true, n = self.y_pred, self.y_true, self.y_pred.size
        if self.from_logits:
            return (sigmoid(y_pred) - y_true) / n
        p, inside = _clipped(y_pred, self.eps)
        return np.where(inside, (p - y_true) / (p * (1 - p)), 0) / n

    def backward_logits(self):
        r"""∂L/∂z for the logits z of a sigmoid that output ``y_pred``: :math:`(\hat y - y)/n`.

        The sigmoid's slope :math:`\hat y(1-\hat y)` cancels the denominator of
        ``backward``. ``Sequential`` uses this when its last layer is a sigmoid (the
        loss's ``fuses_with``): one subtraction instead of two divisions, and it does not
        stall where the sigmoid has saturated to exactly 0 or 1.
        """
        self._check_forward_called()
        return (self.y_pred - self.y_true) / self.y_pred.size

    def __repr__(self):
        return ("BinaryCrossentropy(from_logits=True)" if self.from_logits
                else "BinaryCrossentropy()")


class CategoricalCrossentropy(Loss):
    r"""Categorical cross-entropy, for a row of C class probabilities per example.

    For N rows, one-hot targets y, and each row of ``y_pred`` first divided by its sum (as
    Keras does; a softmax output already sums to one) then clipped,
    :math:`\tilde p = \mathrm{clip}(\hat y / \textstyle\sum_k \hat y_k, \epsilon, 1-\epsilon)`:

    .. math::

        L = -\frac{1}{N} \sum_{n} \sum_{k} y_{nk} \log \tilde p_{nk}

    With ``from_logits=True`` the input is the logits z, :math:`\hat y = \mathrm{softmax}(z)`,
    and the loss uses the stable :math:`\log \mathrm{softmax}(z) = z - \max z -
    \log \sum_k e^{z_k - \max z}`. Its gradient is the famous

    .. math::

        \frac{\partial L}{\partial z} = \frac{\mathrm{softmax}(z) - y}{N}

    (for targets whose rows sum to one; in general :math:`(\hat y \sum_k y_k - y)/N`).

    Parameters
    ----------
    from_logits : bool
        False (default): ``y_pred`` holds probabilities, e.g. a Softmax layer's output.
    eps : float
        The clipping margin for probabilities (1e-7, as Keras); in float16, where
        1 - 1e-7 rounds to 1, the margin is 2**-11 (4.9e-4) instead.

    ``y_pred`` and ``y_true`` both have shape (N, C): integer labels become one-hot with
    ``nnbook.data.to_categorical``. Finite, without warnings, for probabilities of exactly
    0 or 1 (in float16, float32 and float64) and logits of ±1e4. Explained in Chapter 3.
    """

    reduction = "mean"

    def __init__(self, from_logits=False, eps=1e-7):
        super().__init__()
        _check_eps(type(self).__name__, eps)
        _check_bool(type(self).__name__, "from_logits", from_logits)
        self.from_logits = bool(from_logits)
        self.eps = eps
        self.fuses_with = None if self.from_logits else "softmax"

    def _check_values(self, y_pred, y_true):
        """Targets in [0, 1]; probabilities not negative, unless ``from_logits``."""
        name = type(self).__name__
        _check_in_unit_range(name, y_true, "y_true", "targets",
                             " (class labels become one-hot with nnbook.data.to_categorical)")
        if not self.from_logits and y_pred.min() < 0:
            raise ValueError(
                f"{name} expected probabilities y_pred >= 0, got a minimum of {y_pred.min()};"
                f" if these are logits (a layer's output without its softmax), use {name}"
                f"(from_logits=True), or end the model with a Softmax")

    def _keep(self, y_pred, y_true):
        """As ``Loss._keep``, and refuse anything but (N, C) with one-hot-shaped targets."""
        shape, true_shape = np.shape(y_pred), np.shape(y_true)
        if len(shape) != 2:
            raise ValueError(
                f"{type(self).__name__} expected y_pred of shape (N, C), one row of C class"
                f" scores per example, got {shape}")
        if true_shape != shape:
            hint = ""
            if true_shape[:1] == shape[:1] and true_shape[1:] in ((), (1,)):
                hint = (" (integer labels become one-hot with"
                        f" nnbook.data.to_categorical(y, {shape[1]}))")
            raise ValueError(f"{type(self).__name__} expected one-hot y_true of shape {shape}"
                             f" (the shape of y_pred), got {true_shape}{hint}")
        return super()._keep(y_pred, y_true)

    def forward(self, y_pred, y_true):
        """Return the mean categorical cross-entropy of ``y_pred`` and ``y_true``, both (N, C)."""
        y_pred, y_true = self._keep(y_pred, y_true)
        n_rows = y_pred.shape[0]
        if self.from_logits:
            return float(-np.sum(y_true * _log_softmax(y_pred)) / n_rows)
        p, _ = _clipped(self._normalised(y_pred), self.eps)
        return float(-np.sum(y_true * np.log(p)) / n_rows)

    def backward(self):
        """Return ∂L/∂y_pred of the last ``forward``, shape (N, C)."""
        self._check_forward_called()
        y_pred, y_true, n_rows = self.y_pred, self.y_true, self.y_pred.shape[0]
        if self.from_logits:
            probs = softmax(y_pred)
            return (probs * y_true.sum(axis=1, keepdims=True) - y_true) / n_rows
        # Through the clip (0 where clipped), then through the division by the row sum S:
        # with q = p / S, ∂q_k/∂p_j = (δ_kj − q_k) / S,
        # so ∂L/∂p = (g − Σ_k g_k q_k) / S, where g = ∂L/∂q.
        q = self._normalised(y_pred)
        p, inside = _clipped(q, self.eps)
        grad_q = np.where(inside, -y_true / p, 0) / n_rows
        row_sums = np.maximum(y_pred.sum(axis=1, keepdims=True), np.finfo(y_pred.dtype).tiny)
        return (grad_q - np.sum(grad_q * q, axis=1, keepdims=True)) / row_sums

    def backward_logits(self):
        r"""∂L/∂z for the logits z of a softmax that output ``y_pred``: :math:`(\hat y - y)/N`.

        Backpropagating ``backward`` through the softmax's Jacobian gives the same (where
        nothing was clipped), with more work and more rounding. ``Sequential`` uses this
        when its last layer is a softmax (the loss's ``fuses_with``).
        """
        self._check_forward_called()
        y_pred, y_true = self.y_pred, self.y_true
        return (y_pred * y_true.sum(axis=1, keepdims=True) - y_true) / y_pred.shape[0]

    @staticmethod
    def _normalised(probs):
        row_sums = probs.sum(axis=1, keepdims=True)
        return probs / np.maximum(row_sums, np.finfo(probs.dtype).tiny)

    def __repr__(self):
        return ("CategoricalCrossentropy(from_logits=True)" if self.from_logits
                else "CategoricalCrossentropy()")


def _log_softmax(logits):
    """log softmax(logits) along the last axis, without exp overflowing or log(0)."""
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
