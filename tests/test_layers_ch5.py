"""Tests of Chapter 5's layers: Dropout, PReLU and LeakyReLU."""

import ast
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from nnbook.conv import Conv2D
from nnbook.gradcheck import check_layer
from nnbook.layers import Dense, Layer, LeakyReLU, PReLU
from nnbook.model import Sequential

TOL = 1e-7  # worst relative error a correct backward must beat in float64
LAYERS = Path(__file__).resolve().parents[1] / "nnbook" / "layers"


def random_input(shape, seed=0, dtype=np.float64):
    """Normal inputs at least 1e-3 away from 0, the kink of PReLU and LeakyReLU."""
    x = 2.0 * np.random.default_rng(seed).standard_normal(shape)
    return np.where(x >= 0, x + 1e-3, x - 1e-3).astype(dtype)


# --- the house rules: chapter tags, exports ------------------------------------------------


@pytest.mark.parametrize("module", ["prelu.py", "leaky_relu.py"])
def test_each_module_says_it_is_introduced_in_chapter_5(module):
    docstring = ast.get_docstring(ast.parse((LAYERS / module).read_text(encoding="utf-8")))
    assert docstring.startswith("Introduced in Chapter 5.")


@pytest.mark.parametrize("cls", [PReLU, LeakyReLU])
def test_each_class_says_it_is_explained_in_chapter_5(cls):
    assert cls.__doc__.rstrip().endswith("Explained in Chapter 5.")
    assert cls.splittable  # each example on its own: a batch may be cut (Chapter 4)
    assert issubclass(cls, Layer)


# --- gradient checks ------------------------------------------------------------------------


def prelu_cases():
    yield pytest.param(lambda: PReLU(), (5, 4), id="PReLU-(5,4)")
    yield pytest.param(lambda: PReLU(), (2, 3, 4, 5), id="PReLU-(2,3,4,5)")
    yield pytest.param(lambda: PReLU(shared_axes=[2, 3]), (2, 3, 4, 5), id="shared[2,3]")
    yield pytest.param(lambda: PReLU(shared_axes=1), (6, 3), id="shared1-dense")
    yield pytest.param(lambda: PReLU(shared_axes=(1, 3)), (2, 3, 4, 5), id="shared(1,3)")


@pytest.mark.parametrize("make, shape", list(prelu_cases()))
def test_gradcheck_prelu_with_random_nonzero_slopes(make, shape):
    layer = make().build(shape[1:])
    alpha = layer.params["alpha"]
    alpha[...] = np.random.default_rng(3).uniform(0.1, 1.5, alpha.shape) * np.where(
        np.arange(alpha.size).reshape(alpha.shape) % 2, -1, 1)  # some negative slopes too
    result = check_layer(layer, random_input(shape, seed=7), seed=2)
    assert set(result) == {"x", "alpha"}
    assert result.worst < TOL, result


@pytest.mark.parametrize("make", [lambda: LeakyReLU(), lambda: LeakyReLU(0.2),
                                  lambda: LeakyReLU(negative_slope=0.01),
                                  lambda: LeakyReLU(alpha=0.2), lambda: LeakyReLU(0.0)],
                         ids=["default", "0.2", "negative_slope", "alpha", "zero"])
@pytest.mark.parametrize("shape", [(1, 1), (4, 3), (2, 3, 4, 5)])
def test_gradcheck_leaky_relu(make, shape):
    result = check_layer(make(), random_input(shape, seed=len(shape)), seed=1)
    assert set(result) == {"x"} and result.worst < TOL, result


# --- PReLU ----------------------------------------------------------------------------------


def test_prelu_is_max_plus_alpha_min_with_one_alpha_per_input_element():
    layer = PReLU()
    x = random_input((5, 2, 3))
    layer.build(x.shape[1:])
    assert layer.params["alpha"].shape == (2, 3)
    np.testing.assert_array_equal(layer.params["alpha"], 0)  # Keras's default: zeros, a ReLU
    np.testing.assert_array_equal(layer.forward(x), np.maximum(x, 0))
    alpha = np.linspace(-1, 2, 6).reshape(2, 3)
    layer.params["alpha"][...] = alpha
    np.testing.assert_allclose(layer.forward(x), np.where(x > 0, x, alpha * x), rtol=1e-15)


@pytest.mark.parametrize("shared, shape, alpha_shape", [
    (None, (3, 4, 5), (3, 4, 5)), ([2, 3], (3, 4, 5), (3, 1, 1)), (1, (3, 4, 5), (1, 4, 5)),
    ([1, 2, 3], (3, 4, 5), (1, 1, 1)), (None, (7,), (7,)), ([1], (7,), (1,))])
def test_prelu_shares_alpha_over_shared_axes(shared, shape, alpha_shape):
    layer = PReLU(shared_axes=shared).build(shape)
    assert layer.params["alpha"].shape == alpha_shape
    assert layer.grads["alpha"].shape == alpha_shape
    assert layer.count_params() == int(np.prod(alpha_shape))


def test_prelu_alpha_gradient_sums_over_the_batch_and_shared_axes():
    layer = PReLU(shared_axes=[2, 3], alpha_initializer=0.25)
    x, grad = random_input((4, 3, 5, 6)), random_input((4, 3, 5, 6), seed=1)
    layer.forward(x)
    layer.backward(grad)
    expected = np.sum(np.where(x <= 0, grad * x, 0), axis=(0, 2, 3)).reshape(3, 1, 1)
    np.testing.assert_allclose(layer.grads["alpha"], expected, rtol=1e-12)


def test_prelu_initializers_and_seed():
    assert np.all(PReLU(alpha_initializer=0.25).build((3,)).params["alpha"] == 0.25)
    one = PReLU(alpha_initializer="normal", seed=4).build((10,)).params["alpha"]
    two = PReLU(alpha_initializer="normal", seed=4).build((10,)).params["alpha"]
    np.testing.assert_array_equal(one, two)
    assert np.std(one) > 0


def test_prelu_with_shared_axes_takes_other_sizes_there_but_not_elsewhere():
    layer = PReLU(shared_axes=[2, 3])
    layer.forward(random_input((2, 3, 4, 4)))
    assert layer.forward(random_input((2, 3, 6, 5))).shape == (2, 3, 6, 5)
    with pytest.raises(ValueError, match=r"\(3, 4, 4\).*\(2, 2, 4, 4\)"):
        layer.forward(random_input((2, 2, 4, 4)))
    with pytest.raises(ValueError, match="PReLU"):
        layer.forward(random_input((2, 3, 4)))
    with pytest.raises(ValueError, match="PReLU"):
        PReLU().build((3, 4)).forward(random_input((2, 3, 5)))


def test_prelu_is_built_when_a_model_knows_its_input_shape():
    model = Sequential([PReLU(input_shape=(3,)), Dense(2, seed=0)])
    assert model.layers[0].params["alpha"].shape == (3,)
    assert model.layers[0].params["alpha"].dtype == np.float32  # the model's dtype
    assert model.count_params() == 3 + 3 * 2 + 2
    lines = []
    model.summary(print_fn=lines.append)
    assert "PReLU(input_shape=(3,), dtype=float32)" in lines[0]
    model = Sequential([Conv2D(2, 3, input_shape=(1, 6, 6), seed=0), PReLU(shared_axes=[2, 3])])
    assert model.layers[1].params["alpha"].shape == (2, 1, 1)


def test_prelu_computes_in_its_dtype_and_refuses_another():
    layer = PReLU(alpha_initializer=0.25)
    x = random_input((4, 3), dtype=np.float32)
    out = layer.forward(x)
    assert out.dtype == layer.params["alpha"].dtype == np.float32
    assert layer.backward(np.ones_like(x)).dtype == np.float32
    assert layer.grads["alpha"].dtype == np.float32
    with pytest.raises(TypeError, match="float32.*float64"):
        layer.forward(x.astype(np.float64))
    assert PReLU(dtype="float64").build((3,)).params["alpha"].dtype == np.float64
    assert PReLU().forward(np.array([[1, -2]])).dtype == np.float64  # integers: float64
    layer.astype(np.float64)
    assert layer.forward(x.astype(np.float64)).dtype == np.float64


@pytest.mark.parametrize("kwargs, error, words", [
    ({"shared_axes": 0}, ValueError, "shared_axes"),
    ({"shared_axes": [-1]}, ValueError, "shared_axes"),
    ({"shared_axes": [2, 2]}, ValueError, "shared_axes"),
    ({"shared_axes": 1.5}, TypeError, "shared_axes"),
    ({"shared_axes": "2"}, TypeError, "shared_axes"),
    ({"shared_axes": [True]}, TypeError, "shared_axes"),
    ({"alpha_initializer": "ones"}, ValueError, "alpha_initializer"),
    ({"alpha_initializer": math.nan}, ValueError, "alpha_initializer"),
    ({"alpha_initializer": None}, ValueError, "alpha_initializer"),
    ({"input_shape": 3}, TypeError, "input_shape"),
    ({"input_shape": (3, 0)}, ValueError, "input_shape"),
    ({"dtype": "int32"}, ValueError, "dtype"),
])
def test_prelu_refuses_bad_arguments_by_name(kwargs, error, words):
    with pytest.raises(error, match=words):
        PReLU(**kwargs)


def test_prelu_refuses_a_shared_axis_beyond_the_example():
    layer = PReLU(shared_axes=[2, 3])
    with pytest.raises(ValueError, match=r"shared_axes.*3.*\(5,\)"):
        layer.forward(random_input((4, 5)))
    assert not layer.params and layer.x is None  # nothing half-built
    with pytest.raises(ValueError, match="shared_axes"):
        PReLU(shared_axes=2, input_shape=(5,))


def test_prelu_build_needs_a_shape_and_backward_a_forward():
    with pytest.raises(ValueError, match="input_shape"):
        PReLU().build()
    with pytest.raises(RuntimeError, match="forward before backward"):
        PReLU().backward(np.ones((2, 2)))
    with pytest.raises(ValueError, match="batch"):
        PReLU().forward(np.float64(3.0))


def test_prelu_repr():
    assert repr(PReLU()) == "PReLU()"
    assert repr(PReLU(shared_axes=[2, 3])) == "PReLU(shared_axes=[2, 3])"
    assert (repr(PReLU(alpha_initializer=0.25, seed=1, dtype="float32"))
            == "PReLU(alpha_initializer=0.25, seed=1, dtype=float32)")


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
    lambda: LeakyReLU(), lambda: LeakyReLU(5.0), lambda: PReLU(alpha_initializer=0.25),
    lambda: PReLU(alpha_initializer=1.5), lambda: PReLU()],
    ids=["leaky", "leaky-5", "prelu-0.25", "prelu-1.5", "prelu-0"])
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
