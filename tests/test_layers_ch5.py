"""Tests of Chapter 5's layers: Dropout, PReLU and LeakyReLU."""

import ast
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from nnbook.conv import Conv2D
from nnbook.fast import split
from nnbook.gradcheck import check_layer
from nnbook.layers import Dense, Dropout, Flatten, Layer, LeakyReLU, PReLU, Softmax, Tanh
from nnbook.model import Sequential
from nnbook.optimizers import SGD
from nnbook.pooling import MaxPooling2D

TOL = 1e-7  # worst relative error a correct backward must beat in float64
AGREE = 1e-12  # one thread and two threads agree this closely in float64
LAYERS = Path(__file__).resolve().parents[1] / "nnbook" / "layers"


def random_input(shape, seed=0, dtype=np.float64):
    """Normal inputs at least 1e-3 away from 0, the kink of PReLU and LeakyReLU."""
    x = 2.0 * np.random.default_rng(seed).standard_normal(shape)
    return np.where(x >= 0, x + 1e-3, x - 1e-3).astype(dtype)


# --- the house rules: chapter tags, exports ------------------------------------------------


@pytest.mark.parametrize("module", ["dropout.py", "prelu.py", "leaky_relu.py"])
def test_each_module_says_it_is_introduced_in_chapter_5(module):
    docstring = ast.get_docstring(ast.parse((LAYERS / module).read_text(encoding="utf-8")))
    assert docstring.startswith("Introduced in Chapter 5.")


@pytest.mark.parametrize("cls", [Dropout, PReLU, LeakyReLU])
def test_each_class_says_it_is_explained_in_chapter_5(cls):
    assert cls.__doc__.rstrip().endswith("Explained in Chapter 5.")
    assert cls.splittable  # each example on its own: a batch may be cut (Chapter 4)
    assert issubclass(cls, Layer)


# --- gradient checks ------------------------------------------------------------------------


class HeldMask(Layer):
    """Dropout in training mode with one mask for every call: its generator is re-seeded
    before each forward, so the numerical gradient sees the function backward differentiates."""

    def __init__(self, rate, seed=0):
        super().__init__()
        self.dropout, self.seed = Dropout(rate, seed=seed), seed

    def forward(self, x, training=False):
        self.dropout.rng = np.random.default_rng(self.seed)
        return self.dropout.forward(x, training=True)

    def backward(self, grad_out):
        return self.dropout.backward(grad_out)


@pytest.mark.parametrize("rate", [0.0, 0.2, 0.5, 0.9])
@pytest.mark.parametrize("shape", [(4, 3), (2, 3, 4, 5)])
def test_gradcheck_dropout_with_its_mask_held(rate, shape):
    layer = HeldMask(rate)
    x = random_input(shape, seed=sum(shape))
    result = check_layer(layer, x, seed=1)
    assert set(result) == {"x"} and result.worst < TOL, result
    out = layer.forward(x)
    if rate > 0:  # the check saw a real mask: some units dropped, some kept
        assert 0 < np.count_nonzero(out) < out.size or out.size < 10


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


# --- Dropout ----------------------------------------------------------------------------------


def test_dropout_is_the_identity_when_not_training():
    layer = Dropout(0.5, seed=0)
    x, grad = random_input((4, 5)), random_input((4, 5), seed=1)
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.backward(grad), grad)
    np.testing.assert_array_equal(layer.forward(x, training=False), x)


def test_dropout_backward_passes_through_after_a_predict_even_when_it_trained_before():
    layer = Dropout(0.5, seed=0)
    x, grad = random_input((4, 5)), random_input((4, 5), seed=1)
    layer.forward(x, training=True)
    layer.forward(x)
    np.testing.assert_array_equal(layer.backward(grad), grad)


def test_dropout_rate_zero_is_the_identity_while_training():
    x = random_input((4, 5))
    layer = Dropout(0)
    np.testing.assert_array_equal(layer.forward(x, training=True), x)
    np.testing.assert_array_equal(layer.backward(x), x)


def test_dropout_keeps_units_scaled_by_one_over_keep_probability():
    x = random_input((50, 40))
    layer = Dropout(0.25, seed=1)
    out = layer.forward(x, training=True)
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / 0.75, rtol=1e-15)
    grad = random_input(x.shape, seed=2)
    back = layer.backward(grad)  # the same mask as the forward, the same scale
    np.testing.assert_allclose(back[kept], grad[kept] / 0.75, rtol=1e-15)
    assert np.all(back[~kept] == 0)


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.9])
def test_dropout_drops_a_fraction_rate_and_keeps_the_expected_value(rate):
    # 10^6 units: the dropped fraction has standard deviation sqrt(r(1-r)/n) <= 5e-4,
    # the mean of x ~ U(1, 3) after dropout about sqrt(13/3/(1-r) - 4)/1000 <= 6.3e-3
    # (r = 0.9). Tolerances: about 5 standard deviations.
    x = np.random.default_rng(0).uniform(1.0, 3.0, (1000, 1000))
    out = Dropout(rate, seed=2).forward(x, training=True)
    assert np.mean(out == 0) == pytest.approx(rate, abs=2.5e-3)
    assert np.mean(out) == pytest.approx(np.mean(x), abs=0.032 if rate == 0.9 else 0.012)


def test_a_seeded_dropout_repeats_and_draws_fresh_noise_every_batch():
    x = random_input((8, 10))
    a, b = Dropout(0.5, seed=3), Dropout(0.5, seed=3)
    first = a.forward(x, training=True)
    np.testing.assert_array_equal(first, b.forward(x, training=True))
    second = a.forward(x, training=True)
    np.testing.assert_array_equal(second, b.forward(x, training=True))
    assert not np.array_equal(first, second)  # a new mask for the next batch


def test_dropout_draws_its_mask_through_noise():
    """The two-thread step replaces ``noise``: the layer must draw through it."""
    layer = Dropout(0.5)
    layer.noise = lambda shape: np.arange(np.prod(shape)).reshape(shape) % 2 == 0
    out = layer.forward(np.ones((2, 3)), training=True)
    np.testing.assert_array_equal(out, [[2, 0, 2], [0, 2, 0]])


def test_dropout_draw_is_deterministic_given_the_generator():
    layer = Dropout(0.3)
    one = layer.draw(np.random.default_rng(5), (4, 6))
    two = layer.draw(np.random.default_rng(5), (4, 6))
    np.testing.assert_array_equal(one, two)
    assert one.shape == (4, 6)


def test_a_model_gives_an_unseeded_dropout_a_generator_from_its_seed():
    def masks(seed):
        model = Sequential([Dense(8, input_dim=3, seed=0), Dropout(0.5)], seed=seed,
                           dtype="float64")
        return model.forward(np.ones((5, 3)), training=True) != 0
    np.testing.assert_array_equal(masks(0), masks(0))
    assert not np.array_equal(masks(0), masks(1))


def test_dropout_never_changes_its_input_and_drops_infinities_cleanly():
    x = random_input((20, 20))
    x[0, :] = np.inf
    saved = x.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = Dropout(0.5, seed=0).forward(x, training=True)
    np.testing.assert_array_equal(x, saved)
    assert not np.isnan(out).any()  # a dropped inf is 0, not inf * 0 = NaN


def cnn(threads, *, prelu=False):
    """A small CNN, cut in two halves per batch when threads=2, with Dropout after Dense/Tanh
    (and with PReLU and LeakyReLU in it, if asked)."""
    first = PReLU(shared_axes=[2, 3], alpha_initializer=0.25) if prelu else Tanh()
    middle = LeakyReLU(0.1) if prelu else Tanh()
    model = Sequential([Conv2D(3, 3, input_shape=(1, 8, 8), seed=0), first, MaxPooling2D(),
                        Flatten(), Dense(16, seed=1), middle, Dropout(0.5), Dense(4, seed=2),
                        Softmax()], dtype="float64", seed=0)
    model.threads = threads
    model.compile(SGD(0.1, momentum=0.9), "categorical_crossentropy")
    return model


def data(n=96, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 1, 8, 8)), np.eye(4)[rng.integers(0, 4, n)]


def weights(model):
    return [p.copy() for p in model.params.values()]


@pytest.mark.parametrize("prelu", [False, True], ids=["tanh", "prelu-leaky"])
def test_dropout_trains_the_same_on_one_or_two_threads_every_run(prelu):
    x, y = data()
    assert len(split.pieces(cnn(2, prelu=prelu), 64)) == 2  # the model is really split
    runs = []
    for threads in (2, 2, 1):
        model = cnn(threads, prelu=prelu)
        model.fit(x, y, batch_size=64, epochs=2, verbose=0)
        runs.append(weights(model))
    for a, b in zip(runs[0], runs[1]):
        np.testing.assert_array_equal(a, b)  # two threads: the same bits every run
    for a, b in zip(runs[0], runs[2]):
        np.testing.assert_allclose(a, b, rtol=AGREE, atol=AGREE)  # and one thread's weights
    untrained = weights(cnn(1, prelu=prelu))
    assert not np.allclose(runs[0][-2], untrained[-2])  # it trained
    no_dropout = cnn(1, prelu=prelu)
    no_dropout.layers[6] = Dropout(0.0)
    no_dropout.compile(SGD(0.1, momentum=0.9), "categorical_crossentropy")
    no_dropout.fit(x, y, batch_size=64, epochs=2, verbose=0)
    assert not np.allclose(runs[2][-2], weights(no_dropout)[-2])  # and Dropout dropped


def test_predict_through_dropout_is_deterministic():
    x, _ = data(8)
    model = cnn(1)
    np.testing.assert_array_equal(model.predict(x), model.predict(x))


@pytest.mark.parametrize("rate, error", [
    (-0.1, ValueError), (1.0, ValueError), (1.5, ValueError), (math.nan, ValueError),
    (math.inf, ValueError), ("0.5", TypeError), (None, TypeError), (True, TypeError),
    ([0.5], TypeError)])
def test_dropout_refuses_a_bad_rate_by_name(rate, error):
    with pytest.raises(error, match="rate"):
        Dropout(rate)


def test_dropout_repr_and_float32():
    assert repr(Dropout(0.5)) == "Dropout(0.5)"
    assert repr(Dropout(0.25, seed=3)) == "Dropout(0.25, seed=3)"
    x = random_input((6, 7), dtype=np.float32)
    layer = Dropout(0.5, seed=0)
    out = layer.forward(x, training=True)
    assert out.dtype == np.float32
    assert layer.backward(np.ones_like(x)).dtype == np.float32
    assert layer.forward(x).dtype == np.float32


def test_dropout_backward_checks_order_and_shape():
    with pytest.raises(RuntimeError, match="forward before backward"):
        Dropout(0.5).backward(np.ones((2, 2)))
    layer = Dropout(0.5, seed=0)
    layer.forward(np.ones((2, 3)), training=True)
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        layer.backward(np.ones((3, 2)))


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


@pytest.mark.parametrize("slope", [0.0, 0.2, 1.0, 1.5])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_leaky_relu_is_its_formula_exactly_for_every_slope(slope, dtype):
    # forward takes max(x, slope x) for slopes up to 1, and the formula itself above
    x = np.random.default_rng(0).standard_normal((16, 9)).astype(dtype)
    x[0, :3] = 0.0
    s = dtype(slope)
    layer = LeakyReLU(slope)
    np.testing.assert_array_equal(layer.forward(x), np.maximum(x, 0) + s * np.minimum(x, 0))
    grad = np.random.default_rng(1).standard_normal(x.shape).astype(dtype)
    np.testing.assert_array_equal(layer.backward(grad), grad * np.where(x > 0, 1, s).astype(dtype))


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
    lambda: PReLU(alpha_initializer=1.5), lambda: PReLU(), lambda: Dropout(0.5, seed=0)],
    ids=["leaky", "leaky-5", "prelu-0.25", "prelu-1.5", "prelu-0", "dropout"])
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


def test_fan_in_uniform_is_pytorchs_default_range():
    from nnbook.layers import Dense

    layer = Dense(500, input_dim=400, kernel_initializer="fan_in_uniform", seed=0).build()
    W = layer.params["W"]
    limit = 1 / np.sqrt(400)
    assert np.abs(W).max() <= limit and np.abs(W).max() > 0.99 * limit
    assert abs(W.std() - limit / np.sqrt(3)) < 1e-3 and np.all(layer.params["b"] == 0)
