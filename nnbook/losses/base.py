"""Introduced in Chapter 2. The Loss protocol, and the squared errors of Chapters 1 and 2."""

import numbers

import numpy as np

from nnbook.checks import NonFiniteError


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
    raise NonFiniteError(
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
