"""Introduced in Chapter 3. Metrics: how often a classifier is right, and where it is wrong.

``accuracy`` is the metric ``Sequential.compile(metrics=["accuracy"])`` reports (Chapter 3);
``confusion_matrix`` counts which class is taken for which (Chapter 4).
"""

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


def confusion_matrix(y_true, y_pred, classes=10):
    """Counts ``cm[t, p]`` of examples of true class t predicted as p. Explained in Chapter 4."""
    y_true, y_pred = np.ravel(y_true).astype(int), np.ravel(y_pred).astype(int)
    if len(y_true) != len(y_pred):
        raise ValueError(f"confusion_matrix expected as many predictions as labels:"
                         f" {len(y_true)} labels, {len(y_pred)} predictions")
    cm = np.zeros((classes, classes), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
