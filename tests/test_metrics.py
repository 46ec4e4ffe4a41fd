"""nnbook.metrics: accuracy (Chapter 3) and the confusion matrix (Chapter 4)."""

import numpy as np
import pytest

from nnbook.metrics import accuracy, confusion_matrix


def test_accuracy_of_one_hot_rows_compares_the_largest_output():
    y_true = np.eye(3)[[0, 1, 2, 1]]
    y_pred = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.5, 0.3, 0.2], [0.1, 0.6, 0.3]])
    assert accuracy(y_pred, y_true) == 0.75


def test_accuracy_of_one_column_uses_the_threshold():
    y_true = np.array([[1.0], [0.0], [1.0], [0.0]])
    y_pred = np.array([[0.9], [0.4], [0.6], [0.7]])
    assert accuracy(y_pred, y_true) == 0.75
    assert accuracy(y_pred, y_true, threshold=0.65) == 0.5
    assert accuracy(y_pred.ravel(), y_true.ravel()) == 0.75


def test_accuracy_binary_compares_element_by_element():
    y_true = np.array([[1.0, 0.0], [0.0, 0.0]])
    y_pred = np.array([[0.9, 0.8], [0.1, 0.2]])
    assert accuracy(y_pred, y_true, binary=True) == 0.75
    assert accuracy(y_pred, y_true) == 0.5  # as rows of classes: argmax


def test_accuracy_agrees_with_the_copy_sequential_uses():
    from nnbook.model import accuracy as model_accuracy

    rng = np.random.default_rng(0)
    y_true = np.eye(4)[rng.integers(0, 4, 50)]
    y_pred = rng.random((50, 4))
    assert accuracy(y_pred, y_true) == model_accuracy(y_pred, y_true)


def test_confusion_matrix_counts_true_against_predicted():
    cm = confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0], classes=3)
    assert cm.tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 2]]
    assert confusion_matrix([3], [3]).shape == (10, 10)


def test_confusion_matrix_refuses_a_count_that_does_not_match():
    with pytest.raises(ValueError, match="as many predictions"):
        confusion_matrix([0, 1], [0])
