"""Chapter 1's activations: values, the derivative against finite differences, extremes."""

import warnings

import numpy as np
import pytest

from nnbook.activations import sigmoid, sigmoid_derivative


def test_sigmoid_known_values():
    z = np.array([-np.log(3.0), 0.0, np.log(3.0)])
    np.testing.assert_allclose(sigmoid(z), [0.25, 0.5, 0.75], rtol=1e-15)


def test_sigmoid_is_symmetric():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(sigmoid(-z), 1 - sigmoid(z), atol=1e-15)


def test_sigmoid_derivative_matches_central_differences():
    z = np.linspace(-8, 8, 33)
    h = 1e-6
    numerical = (sigmoid(z + h) - sigmoid(z - h)) / (2 * h)
    analytic = sigmoid_derivative(sigmoid(z))
    np.testing.assert_allclose(analytic, numerical, rtol=1e-6, atol=1e-12)


def test_sigmoid_derivative_takes_the_output_not_z():
    # At z = 2, sigma(z)(1 - sigma(z)) = 0.10499..., while 2 * (1 - 2) = -2.
    assert sigmoid_derivative(sigmoid(2.0)) == pytest.approx(0.104993585, rel=1e-8)
    assert sigmoid_derivative(2.0) == -2.0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extremes_are_finite_without_warnings(dtype):
    z = np.array([-1000.0, -745.0, -50.0, 50.0, 745.0, 1000.0], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = sigmoid(z)
        slope = sigmoid_derivative(a)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(slope))
    assert a[0] == 0.0 and a[-1] == 1.0
    assert a.dtype == dtype


def test_scalars_and_integers():
    assert sigmoid(0) == 0.5
    assert sigmoid(np.array([0, 1])).dtype == np.float64
