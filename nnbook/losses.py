"""Introduced in Chapter 2. Losses: one number that says how wrong the predictions are.

A loss is the last link of the chain, and it works like a layer:

    value = loss.forward(y_pred, y_true)    a Python float; also ``loss(y_pred, y_true)``
    grad = loss.backward()                  ∂L/∂y_pred, the shape and dtype of y_pred

``backward`` takes no argument: the loss is where backpropagation starts, with
∂L/∂L = 1. Its result is the ``grad_out`` handed to the last layer's ``backward``.

``y_pred`` and ``y_true`` must have the same shape. numpy would happily broadcast a
column (4, 1) against a flat (4,) into a (4, 4) table of every pair, giving a wrong loss
without complaint, so a loss refuses that instead. Chapter 3 adds cross-entropy losses
with the same two methods.
"""

import numpy as np


class Loss:
    """The base of every loss: checks shapes, keeps the inputs for ``backward``.

    Explained in Chapter 2.
    """

    def __init__(self):
        self.y_pred = None  # the cached inputs, kept from forward for backward
        self.y_true = None

    def __call__(self, y_pred, y_true):
        return self.forward(y_pred, y_true)

    def _keep(self, y_pred, y_true):
        """Check and keep the inputs: ``y_true`` is brought to ``y_pred``'s dtype."""
        y_pred = np.asarray(y_pred)
        if not np.issubdtype(y_pred.dtype, np.floating):
            y_pred = y_pred.astype(np.float64)
        y_true = np.asarray(y_true, dtype=y_pred.dtype)
        if y_pred.shape != y_true.shape:
            raise ValueError(
                f"{type(self).__name__} needs y_pred and y_true of the same shape, got"
                f" y_pred {y_pred.shape} and y_true {y_true.shape}"
                " (a flat list of targets becomes a column with np.reshape(y, (-1, 1)))"
            )
        self.y_pred, self.y_true = y_pred, y_true
        return y_pred, y_true

    def _check_forward_called(self):
        if self.y_pred is None:
            raise RuntimeError(f"{self!r}: call forward before backward")

    def __repr__(self):
        return f"{type(self).__name__}()"


class SSE(Loss):
    r"""Sum of squared errors, Chapter 1's loss.

    .. math::

        L = \sum_i (\hat y_i - y_i)^2, \qquad
        \frac{\partial L}{\partial \hat y_i} = 2 (\hat y_i - y_i)

    The sum runs over every element, so the loss grows with the batch size.
    Chapter 1's update adds ``2 (y - ŷ) ...``: the *negative* of this gradient.

    Explained in Chapter 2.
    """

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

    def forward(self, y_pred, y_true):
        """Return the loss for ``y_pred`` and ``y_true`` of one shape, e.g. (N, K)."""
        y_pred, y_true = self._keep(y_pred, y_true)
        return float(np.mean((y_pred - y_true) ** 2))

    def backward(self):
        """Return ∂L/∂y_pred of the last ``forward``, shape of ``y_pred``."""
        self._check_forward_called()
        return 2.0 * (self.y_pred - self.y_true) / self.y_pred.size
