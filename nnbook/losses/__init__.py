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

from nnbook.losses.base import MSE, SSE, Loss
from nnbook.losses.cross_entropy import BinaryCrossentropy, CategoricalCrossentropy, _log_softmax

__all__ = ["LOSSES", "BinaryCrossentropy", "CategoricalCrossentropy", "Loss", "MSE", "SSE",
           "get_loss", "_log_softmax"]

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
