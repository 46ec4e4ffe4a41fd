"""Tests of nnbook.gradcheck: it passes correct gradients, and it CAN fail."""

import numpy as np
import pytest

from nnbook.gradcheck import (
    GradCheckResult,
    check_layer,
    check_loss,
    numerical_gradient,
    relative_error,
)
from nnbook.layers import Dense, ReLU, Sigmoid
from nnbook.losses import SSE

TOL = 1e-7


# --- deliberately wrong layers and losses: the check must catch each ------------------------


class SigmoidForgetsOneMinusA(Sigmoid):
    """backward uses a instead of a (1 - a)."""

    def backward(self, grad_out):
        return grad_out * self.output


class DenseDoublesW(Dense):
    """∂L/∂W twice too large; ∂L/∂x and ∂L/∂b right."""

    def backward(self, grad_out):
        grad_in = super().backward(grad_out)
        self.grads["W"] = 2 * self.grads["W"]
        return grad_in


class DenseMeansBias(Dense):
    """∂L/∂b as the mean over the batch instead of the sum."""

    def backward(self, grad_out):
        grad_in = super().backward(grad_out)
        self.grads["b"] = np.asarray(grad_out).mean(axis=0)
        return grad_in


class DenseTransposesNothing(Dense):
    """∂L/∂x computed with W instead of Wᵀ (only possible for a square W)."""

    def backward(self, grad_out):
        super().backward(grad_out)
        return grad_out @ self.params["W"]


class SSEForgetsTheTwo(SSE):
    def backward(self):
        return self.y_pred - self.y_true


def x_away_from_zero(shape, seed=0):
    x = np.random.default_rng(seed).standard_normal(shape)
    return np.where(x >= 0, x + 0.1, x - 0.1)


def test_catches_a_wrong_activation_derivative():
    result = check_layer(SigmoidForgetsOneMinusA(), x_away_from_zero((4, 3)))
    assert result["x"] > 1e-2


def test_catches_a_wrong_weight_gradient_and_names_it():
    result = check_layer(DenseDoublesW(3, seed=0), x_away_from_zero((5, 4)))
    assert result["W"] == pytest.approx(1 / 3, rel=1e-6)  # |2a - a| / (|2a| + |a|)
    assert result["x"] < TOL and result["b"] < TOL
    assert result.worst == result["W"]


def test_catches_a_wrong_bias_gradient():
    result = check_layer(DenseMeansBias(3, seed=0), x_away_from_zero((5, 4)))
    assert result["b"] > 0.5
    assert result["x"] < TOL and result["W"] < TOL


def test_catches_a_missing_transpose():
    result = check_layer(DenseTransposesNothing(4, seed=0), x_away_from_zero((5, 4)))
    assert result["x"] > 1e-2


def test_catches_a_wrong_loss_gradient():
    y_pred, y_true = x_away_from_zero((4, 2), seed=1), x_away_from_zero((4, 2), seed=2)
    result = check_loss(SSEForgetsTheTwo(), y_pred, y_true)
    assert result["y_pred"] == pytest.approx(1 / 3, rel=1e-6)
    assert check_loss(SSE(), y_pred, y_true).worst < TOL


def test_relu_fails_right_at_its_kink():
    """Why the layer tests keep |x| >= 1e-3: at x = 0 the central difference sees slope 1/2."""
    at_kink = np.array([[0.0, 1.0, -1.0, 0.0]])
    assert check_layer(ReLU(), at_kink).worst > 1e-2
    assert check_layer(ReLU(), at_kink + np.array([[1e-3, 0, 0, -1e-3]])).worst < TOL


# --- numerical_gradient ------------------------------------------------------------------------


def test_numerical_gradient_of_a_known_function():
    x = np.random.default_rng(0).standard_normal((3, 4))
    numerical = numerical_gradient(lambda v: np.sum(v ** 3), x)
    assert relative_error(3 * x ** 2, numerical) < 1e-9


def test_numerical_gradient_leaves_x_unchanged_bit_for_bit():
    x = np.random.default_rng(0).standard_normal((5,)) * 1e3
    x_copy = x.copy()
    numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    np.testing.assert_array_equal(x, x_copy)


def test_numerical_gradient_restores_x_when_f_fails():
    x = np.arange(4.0)
    x_copy = x.copy()
    calls = []

    def f(v):
        calls.append(1)
        if len(calls) == 3:
            raise ArithmeticError("boom")
        return np.sum(v)

    with pytest.raises(ArithmeticError):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, x_copy)


def test_numerical_gradient_through_a_held_reference():
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    x = np.array([1.0, -1.0])
    numerical = numerical_gradient(lambda _: np.sum(x @ W), W)  # f reads W, not its argument
    np.testing.assert_allclose(numerical, [[1.0, 1.0], [-1.0, -1.0]], rtol=1e-8)


def test_numerical_gradient_refuses_float32_and_lists():
    with pytest.raises(TypeError, match="float64.*float32"):
        numerical_gradient(np.sum, np.ones(3, dtype=np.float32))
    with pytest.raises(TypeError, match="float64.*list"):
        numerical_gradient(np.sum, [1.0, 2.0])


# --- relative_error ----------------------------------------------------------------------------


def test_relative_error_values():
    a = np.array([1.0, -2.0, 3.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(a, -a) == pytest.approx(1.0)
    assert relative_error(a, 2 * a) == pytest.approx(1 / 3)
    assert relative_error(np.zeros(3), a) == pytest.approx(1.0)


def test_relative_error_refuses_two_shapes():
    with pytest.raises(ValueError, match=r"\(3,\).*\(3, 1\)"):
        relative_error(np.zeros(3), np.zeros((3, 1)))


# --- check_layer / check_loss: float64 only, and nothing left changed -----------------------


def test_check_layer_refuses_float32_input():
    with pytest.raises(TypeError, match="float64.*float32"):
        check_layer(Sigmoid(), np.ones((2, 2), dtype=np.float32))


def test_check_layer_refuses_a_float32_layer():
    layer = Dense(2, dtype=np.float32)
    with pytest.raises(TypeError, match="float32 parameters.*astype"):
        check_layer(layer, np.ones((2, 3)))
    assert check_layer(layer.astype(np.float64), x_away_from_zero((2, 3))).worst < TOL


def test_check_loss_refuses_float32():
    with pytest.raises(TypeError, match="float64.*float32"):
        check_loss(SSE(), np.ones((2, 1), dtype=np.float32), np.ones((2, 1)))


def test_check_layer_leaves_params_and_input_unchanged():
    layer = Dense(3, seed=0)
    x = x_away_from_zero((4, 5))
    x_copy = x.copy()
    layer.forward(x)
    params_before = {name: p.copy() for name, p in layer.params.items()}
    check_layer(layer, x)
    np.testing.assert_array_equal(x, x_copy)
    for name, before in params_before.items():
        np.testing.assert_array_equal(layer.params[name], before)


def test_check_layer_leaves_the_layer_as_after_forward_and_backward():
    layer = Dense(3, seed=0)
    x = x_away_from_zero((4, 5))
    check_layer(layer, x, seed=3)
    upstream = np.random.default_rng(3).standard_normal((4, 3))
    np.testing.assert_array_equal(layer.grads["W"], x.T @ upstream)
    np.testing.assert_array_equal(layer.x, x)
    sigmoid = Sigmoid()
    check_layer(sigmoid, x)  # its last nudged forward must not stay in the cache
    np.testing.assert_array_equal(sigmoid.output, Sigmoid().forward(x))


def test_check_loss_leaves_y_pred_unchanged():
    y_pred, y_true = x_away_from_zero((3, 2), 1), x_away_from_zero((3, 2), 2)
    y_copy = y_pred.copy()
    check_loss(SSE(), y_pred, y_true)
    np.testing.assert_array_equal(y_pred, y_copy)


def test_check_layer_is_seeded():
    x = x_away_from_zero((4, 3))
    assert check_layer(Dense(2, seed=0), x, seed=5) == check_layer(Dense(2, seed=0), x, seed=5)


# --- the result -------------------------------------------------------------------------------


def test_result_worst_and_repr():
    result = GradCheckResult(x=3e-10, W=1e-10, b=2e-11)
    assert result.worst == 3e-10
    assert result["W"] == 1e-10
    assert repr(result) == "GradCheckResult(x=3.0e-10, W=1.0e-10, b=2.0e-11; worst=3.0e-10)"
    assert GradCheckResult().worst == 0.0
