"""Tests of Chapter 5's layers: Dropout, PReLU and LeakyReLU."""

import ast
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from nnbook.gradcheck import check_layer
from nnbook.layers import Layer, LeakyReLU

TOL = 1e-7  # worst relative error a correct backward must beat in float64
LAYERS = Path(__file__).resolve().parents[1] / "nnbook" / "layers"


def random_input(shape, seed=0, dtype=np.float64):
    """Normal inputs at least 1e-3 away from 0, the kink of PReLU and LeakyReLU."""
    x = 2.0 * np.random.default_rng(seed).standard_normal(shape)
    return np.where(x >= 0, x + 1e-3, x - 1e-3).astype(dtype)


# --- the house rules: chapter tags, exports ------------------------------------------------


@pytest.mark.parametrize("module", ["leaky_relu.py"])
def test_each_module_says_it_is_introduced_in_chapter_5(module):
    docstring = ast.get_docstring(ast.parse((LAYERS / module).read_text(encoding="utf-8")))
    assert docstring.startswith("Introduced in Chapter 5.")


@pytest.mark.parametrize("cls", [LeakyReLU])
def test_each_class_says_it_is_explained_in_chapter_5(cls):
    assert cls.__doc__.rstrip().endswith("Explained in Chapter 5.")
    assert cls.splittable  # each example on its own: a batch may be cut (Chapter 4)
    assert issubclass(cls, Layer)


# --- gradient checks ------------------------------------------------------------------------


@pytest.mark.parametrize("make", [lambda: LeakyReLU(), lambda: LeakyReLU(0.2),
                                  lambda: LeakyReLU(negative_slope=0.01),
                                  lambda: LeakyReLU(alpha=0.2), lambda: LeakyReLU(0.0)],
                         ids=["default", "0.2", "negative_slope", "alpha", "zero"])
@pytest.mark.parametrize("shape", [(1, 1), (4, 3), (2, 3, 4, 5)])
def test_gradcheck_leaky_relu(make, shape):
    result = check_layer(make(), random_input(shape, seed=len(shape)), seed=1)
    assert set(result) == {"x"} and result.worst < TOL, result


# --- LeakyReLU --------------------------------------------------------------------------------


def test_leaky_relu_values_and_both_spellings():
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 3.0]])
    np.testing.assert_allclose(LeakyReLU().forward(x), [[-0.6, -0.15, 0, 0.5, 3]], rtol=1e-15)
    assert LeakyReLU().negative_slope == 0.3  # Keras's default
    assert LeakyReLU(alpha=0.2).negative_slope == LeakyReLU(0.2).negative_slope == 0.2
    np.testing.assert_array_equal(LeakyReLU(alpha=0.2).forward(x),
                                  LeakyReLU(negative_slope=0.2).forward(x))
    layer = LeakyReLU(0.2)
    layer.forward(x)
    np.testing.assert_allclose(layer.backward(np.ones_like(x)), [[0.2, 0.2, 0.2, 1, 1]])
    assert repr(LeakyReLU()) == "LeakyReLU(negative_slope=0.3)"
    assert repr(LeakyReLU(alpha=0.1)) == "LeakyReLU(negative_slope=0.1)"


@pytest.mark.parametrize("kwargs, error, words", [
    ({"negative_slope": 0.2, "alpha": 0.2}, TypeError, "negative_slope.*alpha"),
    ({"negative_slope": math.nan}, ValueError, "negative_slope"),
    ({"negative_slope": math.inf}, ValueError, "negative_slope"),
    ({"alpha": -math.inf}, ValueError, "alpha"),
    ({"negative_slope": -0.1}, ValueError, "negative_slope"),
    ({"negative_slope": "0.2"}, TypeError, "negative_slope"),
    ({"alpha": "0.2"}, TypeError, "alpha"),
    ({"alpha": False}, TypeError, "alpha"),
])
def test_leaky_relu_refuses_bad_arguments_by_name(kwargs, error, words):
    with pytest.raises(error, match=words):
        LeakyReLU(**kwargs)


def test_leaky_relu_float32_stays_float32_and_integers_become_float64():
    x = random_input((3, 4), dtype=np.float32)
    layer = LeakyReLU(np.float64(0.1))
    assert layer.forward(x).dtype == np.float32
    assert layer.backward(np.ones_like(x)).dtype == np.float32
    assert LeakyReLU().forward(np.array([[1, -2]])).dtype == np.float64


def test_leaky_relu_backward_checks_order_and_shape():
    with pytest.raises(RuntimeError, match="forward before backward"):
        LeakyReLU().backward(np.ones((2, 2)))
    layer = LeakyReLU()
    layer.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        layer.backward(np.ones((2, 2)))


# --- huge inputs: finite, no warnings -------------------------------------------------------


HUGE = np.array([[1e300, -1e300, 1e-300, -1e-300, 0.0, -0.0]])


@pytest.mark.parametrize("make", [
    lambda: LeakyReLU(), lambda: LeakyReLU(5.0)], ids=["leaky", "leaky-5"])
def test_huge_inputs_give_finite_values_without_warnings(make):
    layer = make()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = layer.forward(HUGE, training=True)
        grad_in = layer.backward(np.ones_like(HUGE))
        assert np.isfinite(out).all() and np.isfinite(grad_in).all()
        assert all(np.isfinite(g).all() for g in layer.grads.values())
        x32 = np.array([[3e38, -3e37, 1.0, -1.0]], dtype=np.float32)
        fresh = make()
        out32 = fresh.forward(x32)  # not training: Dropout is the identity
        assert out32.dtype == np.float32 and np.isfinite(out32).all()
        assert np.isfinite(fresh.backward(np.ones_like(x32))).all()
