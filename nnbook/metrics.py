"""Introduced in Chapter 3. Metrics: how often the model is right."""

import numpy as np


def accuracy(y_pred, y_true, binary=False, threshold=0.5):
    """The fraction of predictions that are right.

    Rows of several classes (N, C): right when the largest output sits where the one-hot
    label has its 1 (argmax). A single column (N, 1), or ``binary=True``: right when
    ``y_pred > threshold`` agrees with ``y_true > 0.5``, element by element.
    Explained in Chapter 3.
    """
    if binary or y_pred.ndim == 1 or y_pred.shape[-1] == 1:
        return float(np.mean((y_pred > threshold) == (y_true > 0.5)))
    return float(np.mean(np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)))
