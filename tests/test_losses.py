"""Tests of nnbook.losses."""

import warnings

import numpy as np
import pytest

from nnbook.gradcheck import check_loss
from nnbook.losses import MSE, SSE, Loss
from nnbook.twolayer import NeuralNetwork

TOL = 1e-7
LOSSES = {"SSE": SSE, "MSE": MSE}
SHAPES = [(1, 1), (4, 1), (8, 3), (2, 3, 4)]


def pair(shape, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(dtype), rng.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("make", list(LOSSES.values()), ids=list(LOSSES))
def test_gradcheck_every_loss(make, shape):
    y_pred, y_true = pair(shape, seed=len(shape))
    result = check_loss(make(), y_pred, y_true)
    assert set(result) == {"y_pred"}
    assert result.worst < TOL, result


def test_values_on_a_small_example():
    y_pred = np.array([[1.0], [2.0], [0.0], [0.5]])
    y_true = np.array([[0.0], [0.0], [0.0], [1.0]])
    assert SSE().forward(y_pred, y_true) == 1.0 + 4.0 + 0.0 + 0.25
    assert MSE().forward(y_pred, y_true) == (1.0 + 4.0 + 0.0 + 0.25) / 4


def test_gradients_in_closed_form():
    y_pred, y_true = pair((5, 3))
    sse, mse = SSE(), MSE()
    sse.forward(y_pred, y_true)
    mse.forward(y_pred, y_true)
    np.testing.assert_array_equal(sse.backward(), 2 * (y_pred - y_true))
    np.testing.assert_allclose(mse.backward(), 2 * (y_pred - y_true) / 15, rtol=1e-15)


def test_mse_is_keras_mean_over_last_axis_then_batch():
    y_pred, y_true = pair((6, 4))
    keras_style = np.mean(np.mean((y_pred - y_true) ** 2, axis=-1))
    assert MSE().forward(y_pred, y_true) == pytest.approx(keras_style, rel=1e-14)


def test_sse_is_chapter_1s_loss():
    x = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    y = np.array([[0], [1], [1], [0]])
    net = NeuralNetwork(x, y, seed=0)
    y_pred = net.feedforward()
    assert SSE().forward(y_pred, y) == net.loss()


@pytest.mark.parametrize("make", list(LOSSES.values()), ids=list(LOSSES))
def test_forward_returns_a_float_and_call_is_forward(make):
    y_pred, y_true = pair((3, 2))
    loss = make()
    value = loss.forward(y_pred, y_true)
    assert type(value) is float
    assert loss(y_pred, y_true) == value


@pytest.mark.parametrize("make", list(LOSSES.values()), ids=list(LOSSES))
@pytest.mark.parametrize(
    "pred_shape, true_shape", [((4, 1), (4,)), ((3, 2), (2, 3)), ((4, 1), (1, 4))])
def test_shape_mismatch_refused_naming_both_shapes(make, pred_shape, true_shape):
    with pytest.raises(ValueError, match=rf"y_pred \({pred_shape[0]}, .*y_true \({true_shape[0]},"):
        make().forward(np.zeros(pred_shape), np.zeros(true_shape))


@pytest.mark.parametrize("make", list(LOSSES.values()), ids=list(LOSSES))
def test_backward_before_forward_refused(make):
    with pytest.raises(RuntimeError, match="forward before backward"):
        make().backward()


@pytest.mark.parametrize("make", list(LOSSES.values()), ids=list(LOSSES))
def test_no_loss_mutates_its_inputs(make):
    y_pred, y_true = pair((4, 3))
    pred_copy, true_copy = y_pred.copy(), y_true.copy()
    loss = make()
    loss.forward(y_pred, y_true)
    grad = loss.backward()
    np.testing.assert_array_equal(y_pred, pred_copy)
    np.testing.assert_array_equal(y_true, true_copy)
    assert grad is not y_pred


@pytest.mark.parametrize("make", list(LOSSES.values()), ids=list(LOSSES))
def test_gradient_has_y_preds_shape_and_dtype(make):
    y_pred, _ = pair((4, 3), dtype=np.float32)
    y_true = np.random.default_rng(1).integers(0, 2, size=(4, 3))  # integer targets are fine
    loss = make()
    loss.forward(y_pred, y_true)
    grad = loss.backward()
    assert grad.shape == y_pred.shape
    assert grad.dtype == np.float32
    loss.forward(y_pred, y_true.astype(np.float64))
    assert loss.backward().dtype == np.float32


@pytest.mark.parametrize("make", list(LOSSES.values()), ids=list(LOSSES))
def test_large_values_finite_without_warnings(make):
    y_pred = np.array([[1000.0], [-1000.0]])
    y_true = np.array([[0.0], [1.0]])
    loss = make()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = loss.forward(y_pred, y_true)
        grad = loss.backward()
    assert np.isfinite(value) and np.all(np.isfinite(grad))


def test_repr():
    assert repr(SSE()) == "SSE()"
    assert repr(MSE()) == "MSE()"
    assert isinstance(SSE(), Loss) and isinstance(MSE(), Loss)
