"""Introduced in Chapter 2. Losses: one number that says how wrong the predictions are.

A loss is the last link of the chain, and it works like a layer:

    value = loss.forward(y_pred, y_true)    a Python float; also ``loss(y_pred, y_true)``
    grad = loss.backward()                  ∂L/∂y_pred, the shape and dtype of y_pred

``backward`` takes no argument: the loss is where backpropagation starts, with
∂L/∂L = 1. Its result is the ``grad_out`` handed to the last layer's ``backward``.

``y_pred`` and ``y_true`` must have the same shape. numpy would happily broadcast a
column (4, 1) against a flat (4,) into a (4, 4) table of every pair, giving a wrong loss
without complaint, so a loss refuses that instead.

Chapter 3 adds the cross-entropy losses, with the same two methods, and ``get_loss``,
which turns a Keras name such as ``"categorical_crossentropy"`` into a loss object.
Like Keras, every cross-entropy is a *mean* over the examples of a batch (the classic
derivation sums them; the mean keeps the loss, and so the step size, independent of the
batch size).
"""

import numbers

import numpy as np

from nnbook.activations import sigmoid, softmax


class Loss:
    """The base of every loss: checks shapes, keeps the inputs for ``backward``.

    ``fuses_with`` names the activation (``"softmax"``, ``"sigmoid"``) whose Jacobian
    this loss's ``backward_logits`` has already folded in (Chapter 3); None for most losses.

    ``reduction`` says how the examples of a batch are combined: ``"mean"`` (MSE and the
    cross-entropies), ``"sum"`` (SSE), or None when unknown (a loss written elsewhere).
    ``Sequential`` uses it to split a batch into smaller pieces exactly (Chapter 4).

    Explained in Chapter 2.
    """

    fuses_with = None
    reduction = None

    def __init__(self):
        self.y_pred = None  # the cached inputs, kept from forward for backward
        self.y_true = None

    def __call__(self, y_pred, y_true):
        return self.forward(y_pred, y_true)

    def _keep(self, y_pred, y_true):
        """Check and keep the inputs: ``y_true`` is brought to ``y_pred``'s dtype.

        Refused, before anything is kept: arrays that are not numbers, of two shapes, empty,
        or holding NaN or inf (a loss of them would be NaN, and so would every gradient).
        A subclass adds its own checks of the values in ``_check_values``.
        """
        name = type(self).__name__
        y_pred, y_true = np.asarray(y_pred), np.asarray(y_true)
        for which, array in (("y_pred", y_pred), ("y_true", y_true)):
            if array.dtype.kind not in "biuf":  # bool, integers, floats
                raise TypeError(f"{name} expected numbers in {which}, got dtype {array.dtype}")
        if not np.issubdtype(y_pred.dtype, np.floating):
            y_pred = y_pred.astype(np.float64)
        y_true = y_true.astype(y_pred.dtype, copy=False)
        if y_pred.shape != y_true.shape:
            raise ValueError(
                f"{name} needs y_pred and y_true of the same shape, got"
                f" y_pred {y_pred.shape} and y_true {y_true.shape}"
                " (a flat list of targets becomes a column with np.reshape(y, (-1, 1)))"
            )
        if y_pred.size == 0:
            raise ValueError(f"{name} expected at least one prediction, got y_pred of shape "
                             f"{y_pred.shape}")
        _check_finite(name, y_pred, "y_pred")
        _check_finite(name, y_true, "y_true")
        self._check_values(y_pred, y_true)
        self.y_pred, self.y_true = y_pred, y_true
        return y_pred, y_true

    def _check_values(self, y_pred, y_true):
        """Refuse values this loss has no meaning for (nothing, for SSE and MSE)."""

    def _check_forward_called(self):
        if self.y_pred is None:
            raise RuntimeError(f"{self!r}: call forward before backward")

    def __repr__(self):
        return f"{type(self).__name__}()"


def _check_finite(name, array, which):
    """Refuse an ``array`` holding NaN or inf, saying how many and where the first is."""
    if np.isfinite(array).all():
        return
    bad = ~np.isfinite(array)
    count = int(bad.sum())
    first = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), array.shape))
    raise ValueError(
        f"{name} got {count} NaN or infinite value{'s' if count > 1 else ''} in {which} "
        f"(of {array.size}), the first at index {first}; the loss and its gradient would be "
        f"NaN. In training this usually means the steps diverged: try a smaller learning "
        f"rate.")


def _check_in_unit_range(name, array, which, what, hint):
    """Refuse an ``array`` with values outside [0, 1]."""
    low, high = array.min(), array.max()
    if low < 0 or high > 1:
        raise ValueError(f"{name} expected {what} {which} in [0, 1], got values from {low} "
                         f"to {high}{hint}")


def _check_eps(name, eps):
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real):
        raise TypeError(f"{name} expected eps, a number, got {eps!r} ({type(eps).__name__})")
    if not 0 < eps < 0.5:
        raise ValueError(f"eps must be in (0, 0.5), got {eps!r}")


def _check_bool(name, setting, value):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} expected {setting} to be True or False, got {value!r} "
                        f"({type(value).__name__})")


class SSE(Loss):
    r"""Sum of squared errors, Chapter 1's loss.

    .. math::

        L = \sum_i (\hat y_i - y_i)^2, \qquad
        \frac{\partial L}{\partial \hat y_i} = 2 (\hat y_i - y_i)

    The sum runs over every element, so the loss grows with the batch size.
    Chapter 1's update adds ``2 (y - ŷ) ...``: the *negative* of this gradient.

    Explained in Chapter 2.
    """

    reduction = "sum"

    def forward(self, y_pred, y_true):
        """Return the loss for ``y_pred`` and ``y_true`` of one shape, e.g. (N, 1)."""
        y_pred, y_true = self._keep(y_pred, y_true)
        return float(np.sum((y_pred - y_true) ** 2))

    def backward(self):
        """Return ∂L/∂y_pred of the last ``forward``, shape of ``y_pred``."""
        self._check_forward_called()
        return 2.0 * (self.y_pred - self.y_true)


class MSE(Loss):
    r"""Mean squared error: the mean over all n elements of ``y_pred``.

    .. math::

        L = \frac{1}{n} \sum_i (\hat y_i - y_i)^2, \qquad
        \frac{\partial L}{\partial \hat y_i} = \frac{2}{n} (\hat y_i - y_i)

    This is Keras's ``mean_squared_error`` (the mean over the last axis, then the mean
    over the batch), since every row has the same number of columns. Unlike SSE, the
    loss does not grow with the batch size, so one learning rate suits any batch.

    Explained in Chapter 2.
    """

    reduction = "mean"

    def forward(self, y_pred, y_true):
        """Return the loss for ``y_pred`` and ``y_true`` of one shape, e.g. (N, K)."""
        y_pred, y_true = self._keep(y_pred, y_true)
        return float(np.mean((y_pred - y_true) ** 2))

    def backward(self):
        """Return ∂L/∂y_pred of the last ``forward``, shape of ``y_pred``."""
        self._check_forward_called()
        return 2.0 * (self.y_pred - self.y_true) / self.y_pred.size


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


LOSSES = {
    "sse": SSE,
    "mse": MSE,
    "mean_squared_error": MSE,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
}
"""Loss classes by their Keras names (and ``"sse"``), for ``get_loss``. Explained in Chapter 3."""


def get_loss(loss):
    """Return a loss object: a name in ``LOSSES`` makes a new one; a ``Loss`` is returned as is.

    ``Sequential.compile(loss="categorical_crossentropy", ...)`` calls this. Unknown names
    are refused with the list of known ones. Explained in Chapter 3.
    """
    if isinstance(loss, Loss):
        return loss
    if isinstance(loss, type) and issubclass(loss, Loss):
        raise TypeError(f"expected a loss name or a Loss object, got the class "
                        f"{loss.__name__}; make one: {loss.__name__}()")
    if not isinstance(loss, str):
        raise TypeError(f"expected a loss name or a Loss object, got {loss!r}")
    if loss.lower() not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; known: {', '.join(LOSSES)}")
    return LOSSES[loss.lower()]()
