"""Introduced in Chapter 3. Metrics: how often a classifier is right, and where it is wrong.

``accuracy`` is the metric ``Sequential.compile(metrics=["accuracy"])`` reports (Chapter 3);
``confusion_matrix`` counts which class is taken for which (Chapter 4).
"""

import numpy as np

from nnbook.checks import finite_array, finite_number, positive_int, true_or_false


def accuracy(y_pred, y_true, binary=False, threshold=0.5):
    """The fraction of predictions that are right.

    Rows of several classes (N, C): right when the largest output sits where the one-hot
    label has its 1 (argmax). A single column (N, 1), or ``binary=True``: right when
    ``y_pred > threshold`` agrees with ``y_true > 0.5``, element by element.
    Explained in Chapter 3.
    """
    y_pred, y_true = finite_array(y_pred, "y_pred"), finite_array(y_true, "y_true")
    if y_pred.shape != y_true.shape:
        raise ValueError(f"accuracy needs y_pred and y_true of the same shape, got y_pred"
                         f" {y_pred.shape} and y_true {y_true.shape}")
    if y_pred.size == 0:
        raise ValueError(f"accuracy expected at least one prediction, got y_pred of shape"
                         f" {y_pred.shape}")
    binary = true_or_false(binary, "accuracy binary")
    threshold = finite_number(threshold, "accuracy threshold")
    if binary or y_pred.ndim == 1 or y_pred.shape[-1] == 1:
        return float(np.mean((y_pred > threshold) == (y_true > 0.5)))
    return float(np.mean(np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)))


def confusion_matrix(y_true, y_pred, classes=10):
    """Counts ``cm[t, p]`` of examples of true class t predicted as p. Explained in Chapter 4."""
    classes = positive_int(classes, "confusion_matrix classes")
    y_true = np.ravel(finite_array(y_true, "y_true"))
    y_pred = np.ravel(finite_array(y_pred, "y_pred"))
    if len(y_true) != len(y_pred):
        raise ValueError(f"confusion_matrix expected as many predictions as labels:"
                         f" {len(y_true)} labels, {len(y_pred)} predictions")
    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        bad = labels[(labels != np.round(labels)) | (labels < 0) | (labels >= classes)]
        if bad.size:
            raise ValueError(f"confusion_matrix expected {name}, whole-number class labels in"
                             f" [0, {classes}), got {bad.size} other value"
                             f"{'s' if bad.size > 1 else ''}, such as {bad[0]}")
    y_true, y_pred = y_true.astype(int), y_pred.astype(int)
    cm = np.zeros((classes, classes), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
