"""Tests of nnbook.layers (and the activation functions the layers are made of)."""

import warnings

import numpy as np
import pytest

from nnbook import activations
from nnbook.gradcheck import check_layer
from nnbook.layers import (
    ACTIVATIONS,
    INITIALIZERS,
    Activation,
    Dense,
    Layer,
    ReLU,
    Sigmoid,
    Tanh,
)
from nnbook.losses import SSE
from nnbook.twolayer import NeuralNetwork

TOL = 1e-7  # worst relative error a correct backward must beat in float64

# name -> a function making a fresh layer; Dense layers want 2-D input, the rest any shape
DENSE_LAYERS = {
    "Dense(4)": lambda: Dense(4, seed=0),
    "Dense(1, use_bias=False)": lambda: Dense(1, use_bias=False, seed=1),
    "Dense(7, normal)": lambda: Dense(7, kernel_initializer="normal", seed=2),
    "Dense(3, uniform)": lambda: Dense(3, kernel_initializer="uniform", seed=3),
}
ACTIVATION_LAYERS = {
    "Sigmoid": Sigmoid,
    "Tanh": Tanh,
    "ReLU": ReLU,
    "Activation('sigmoid')": lambda: Activation("sigmoid"),
    "Activation('tanh')": lambda: Activation("tanh"),
    "Activation('relu')": lambda: Activation("relu"),
}
ALL_LAYERS = {**DENSE_LAYERS, **ACTIVATION_LAYERS}
DENSE_SHAPES = [(1, 3), (5, 3), (8, 10)]
ACTIVATION_SHAPES = [(1, 1), (4, 3), (2, 3, 4, 5)]


def random_input(shape, seed=0, dtype=np.float64):
    """Normal inputs pushed at least 1e-3 away from 0.

    ReLU has a kink at 0: a central difference whose ±eps straddles 0 sees slope 1/2,
    while backward uses 0 or 1. Keeping |x| >= 1e-3 (far more than eps = 1e-6) keeps the
    check away from the kink; test_gradcheck shows the disagreement right at 0.
    """
    x = 2.0 * np.random.default_rng(seed).standard_normal(shape)
    return np.where(x >= 0, x + 1e-3, x - 1e-3).astype(dtype)


def layer_cases():
    for name, make in DENSE_LAYERS.items():
        for shape in DENSE_SHAPES:
            yield pytest.param(make, shape, id=f"{name}-{shape}")
    for name, make in ACTIVATION_LAYERS.items():
        for shape in ACTIVATION_SHAPES:
            yield pytest.param(make, shape, id=f"{name}-{shape}")


# --- gradient checks --------------------------------------------------------------------


@pytest.mark.parametrize("make, shape", list(layer_cases()))
def test_gradcheck_every_layer(make, shape):
    layer = make()
    result = check_layer(layer, random_input(shape, seed=sum(shape)), seed=1)
    assert set(result) == {"x", *layer.params}
    assert result.worst < TOL, result


@pytest.mark.parametrize("initializer", sorted(INITIALIZERS))
def test_gradcheck_dense_every_initializer(initializer):
    layer = Dense(5, kernel_initializer=initializer, seed=0)
    result = check_layer(layer, random_input((6, 4)), seed=2)
    assert set(result) == {"x", "W", "b"}
    assert result.worst < TOL, result


def test_gradcheck_dense_with_nonzero_bias():
    layer = Dense(3, input_dim=4, seed=0).build()
    layer.params["b"][...] = [0.5, -1.0, 2.0]
    assert check_layer(layer, random_input((5, 4))).worst < TOL


# --- no layer changes what it is given -----------------------------------------------------


@pytest.mark.parametrize("make, shape", list(layer_cases()))
def test_no_layer_mutates_input_or_upstream_gradient(make, shape):
    layer = make()
    x = random_input(shape)
    x_copy = x.copy()
    out = layer.forward(x)
    grad_out = np.random.default_rng(5).standard_normal(out.shape)
    grad_out_copy = grad_out.copy()
    grad_in = layer.backward(grad_out)
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(grad_out, grad_out_copy)
    assert grad_in.shape == x.shape
    assert grad_in is not grad_out


# --- the protocol ---------------------------------------------------------------------------


@pytest.mark.parametrize("make", list(ALL_LAYERS.values()), ids=list(ALL_LAYERS))
def test_protocol_params_and_grads_keyed_the_same(make):
    layer = make()
    assert isinstance(layer, Layer)
    assert layer.trainable is True
    out = layer.forward(random_input((2, 3)))
    layer.backward(np.ones_like(out))
    assert set(layer.params) == set(layer.grads)
    for name in layer.params:
        assert layer.grads[name].shape == layer.params[name].shape
        assert layer.grads[name].dtype == layer.params[name].dtype


def test_parameter_free_layers_have_empty_dicts():
    for make in ACTIVATION_LAYERS.values():
        layer = make()
        layer.forward(np.ones((2, 2)))
        assert layer.params == {} and layer.grads == {}


def test_dense_param_shapes():
    layer = Dense(4, input_dim=3).build()
    assert layer.params["W"].shape == (3, 4)
    assert layer.params["b"].shape == (4,)
    np.testing.assert_array_equal(layer.params["b"], 0.0)
    assert set(Dense(4, input_dim=3, use_bias=False).build().params) == {"W"}


def test_dense_computes_x_w_plus_b():
    layer = Dense(2, input_dim=3).build()
    W = np.arange(6.0).reshape(3, 2)
    layer.params["W"][...] = W
    layer.params["b"][...] = [10.0, 20.0]
    x = np.array([[1.0, 0.0, -1.0]])
    np.testing.assert_array_equal(layer.forward(x), x @ W + [10.0, 20.0])


@pytest.mark.parametrize("make", list(ALL_LAYERS.values()), ids=list(ALL_LAYERS))
def test_backward_before_forward_refused(make):
    with pytest.raises(RuntimeError, match="forward before backward"):
        make().backward(np.ones((2, 3)))


@pytest.mark.parametrize("make", list(ALL_LAYERS.values()), ids=list(ALL_LAYERS))
def test_grad_out_of_wrong_shape_refused(make):
    layer = make()
    out = layer.forward(random_input((2, 3)))
    wrong = (out.shape[0] + 1, out.shape[1])
    expected_then_received = rf"{out.shape[0]}, {out.shape[1]}.*{wrong[0]}, {wrong[1]}"
    with pytest.raises(ValueError, match=expected_then_received):
        layer.backward(np.ones(wrong))


def test_every_class_has_a_readable_repr():
    assert repr(Layer()) == "Layer()"
    assert repr(Sigmoid()) == "Sigmoid()"
    assert repr(Tanh()) == "Tanh()"
    assert repr(ReLU()) == "ReLU()"
    assert repr(Activation("tanh")) == "Activation('tanh')"
    assert repr(Dense(4)) == "Dense(4)"
    assert repr(Dense(4, input_dim=3, kernel_initializer="uniform", use_bias=False, seed=1)) == (
        "Dense(4, input_dim=3, kernel_initializer='uniform', use_bias=False, seed=1)"
    )
    assert repr(Dense(4).build(3)) == "Dense(4, input_dim=3, dtype=float64)"


# --- Dense: width inference and clear refusals ---------------------------------------------


def test_dense_infers_input_dim_then_refuses_another_width():
    layer = Dense(3)
    assert layer.params == {}
    layer.forward(np.zeros((2, 5)))
    assert layer.input_dim == 5
    assert layer.params["W"].shape == (5, 3)
    with pytest.raises(ValueError, match="Dense expected input with 5 features, got 7"):
        layer.forward(np.zeros((2, 7)))


def test_dense_with_input_dim_refuses_another_width_on_first_forward():
    layer = Dense(10, input_dim=256)
    with pytest.raises(ValueError, match="Dense expected input with 256 features, got 784"):
        layer.forward(np.zeros((2, 784)))


def test_dense_refuses_images_and_single_rows_with_a_hint():
    with pytest.raises(ValueError, match=r"\(2, 1, 28, 28\).*Flatten"):
        Dense(10).forward(np.zeros((2, 1, 28, 28)))
    with pytest.raises(ValueError, match=r"\(3,\).*reshape\(1, -1\)"):
        Dense(10).forward(np.zeros(3))


def test_dense_build_needs_input_dim():
    with pytest.raises(ValueError, match="input_dim"):
        Dense(3).build()


@pytest.mark.parametrize("bad", [0, -1, 2.5])
def test_dense_refuses_bad_units(bad):
    with pytest.raises(ValueError, match=str(bad)):
        Dense(bad)


# --- initializers ---------------------------------------------------------------------------


def test_unknown_initializer_refused_listing_known_names():
    with pytest.raises(ValueError, match="'he_normal'") as info:
        Dense(3, kernel_initializer="he_normal")
    for name in INITIALIZERS:
        assert name in str(info.value)


def test_initializers_are_seeded():
    for name in INITIALIZERS:
        first = Dense(6, kernel_initializer=name, seed=3).build(5).params["W"]
        again = Dense(6, kernel_initializer=name, seed=3).build(5).params["W"]
        np.testing.assert_array_equal(first, again)
    other = Dense(6, seed=4).build(5).params["W"]
    assert not np.array_equal(Dense(6, seed=3).build(5).params["W"], other)


def test_glorot_uniform_fills_its_limit():
    W = Dense(300, seed=0).build(200).params["W"]
    limit = np.sqrt(6.0 / (200 + 300))
    assert np.all(np.abs(W) <= limit)
    assert np.abs(W).max() > 0.99 * limit
    assert abs(W.mean()) < 0.01 * limit


def test_normal_has_std_0_05():
    W = Dense(200, kernel_initializer="normal", seed=0).build(200).params["W"]
    assert abs(W.std() - 0.05) < 0.002
    assert abs(W.mean()) < 0.002


def test_uniform_is_chapter_1s_draw():
    W = Dense(4, kernel_initializer="uniform", seed=7).build(3).params["W"]
    assert np.all((W >= 0) & (W < 1))
    x, y = np.zeros((4, 3)), np.zeros((4, 1))
    np.testing.assert_array_equal(W, NeuralNetwork(x, y, hidden=4, seed=7).weights1)


def test_zeros_initializer():
    np.testing.assert_array_equal(Dense(3, kernel_initializer="zeros").build(2).params["W"], 0.0)


# --- dtypes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("make", list(ALL_LAYERS.values()), ids=list(ALL_LAYERS))
def test_float32_in_float32_out(make):
    layer = make()
    out = layer.forward(random_input((4, 3), dtype=np.float32))
    assert out.dtype == np.float32
    grad_in = layer.backward(np.ones(out.shape, dtype=np.float32))
    assert grad_in.dtype == np.float32
    for name in layer.params:
        assert layer.params[name].dtype == np.float32
        assert layer.grads[name].dtype == np.float32


@pytest.mark.parametrize("make", list(ALL_LAYERS.values()), ids=list(ALL_LAYERS))
def test_float32_and_float64_run_the_same_code(make):
    x = random_input((4, 3))
    out64 = make().forward(x)
    out32 = make().forward(x.astype(np.float32))
    np.testing.assert_allclose(out32, out64, rtol=1e-5, atol=1e-6)


def test_integer_input_becomes_float64():
    x = [[0, 0, 1], [0, 1, 1]]
    for make in ALL_LAYERS.values():
        assert make().forward(x).dtype == np.float64


def test_dense_refuses_a_second_dtype_naming_both():
    layer = Dense(2).build(3)  # float64, since no input has been seen
    with pytest.raises(TypeError, match="float64 parameters but got float32 input"):
        layer.forward(np.ones((1, 3), dtype=np.float32))
    layer = Dense(2, dtype=np.float32)
    with pytest.raises(TypeError, match="float32 parameters but got float64 input"):
        layer.forward(np.ones((1, 3)))


def test_astype_casts_params_and_grads():
    layer = Dense(2, seed=0)
    layer.forward(np.ones((1, 3), dtype=np.float32))
    W32 = layer.params["W"].copy()
    assert layer.astype(np.float64) is layer
    assert layer.params["W"].dtype == layer.grads["W"].dtype == np.float64
    assert layer.forward(np.ones((1, 3))).dtype == np.float64
    np.testing.assert_array_equal(layer.params["W"], W32)


def test_non_float_dtype_refused():
    with pytest.raises(ValueError, match="int32"):
        Dense(2, dtype=np.int32)


# --- activations: names, values, extremes ---------------------------------------------------


def test_unknown_activation_refused_listing_known_names():
    with pytest.raises(ValueError, match="'softplus'") as info:
        Activation("softplus")
    for name in ("sigmoid", "tanh", "relu"):
        assert name in str(info.value)
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu"}


def test_named_activation_layers_are_activations():
    assert Sigmoid().activation == "sigmoid" and isinstance(Sigmoid(), Activation)
    assert Tanh().activation == "tanh" and isinstance(Tanh(), Activation)
    assert ReLU().activation == "relu" and isinstance(ReLU(), Activation)


def test_activation_values():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(Sigmoid().forward(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(Tanh().forward(z), np.tanh(z), rtol=1e-15)
    np.testing.assert_array_equal(ReLU().forward(z), [0.0, 0.0, 0.0, 0.5, 2.0])


def test_activation_derivatives_take_the_output():
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    np.testing.assert_allclose(activations.tanh_derivative(np.tanh(z)), 1 / np.cosh(z) ** 2)
    np.testing.assert_array_equal(activations.relu_derivative(activations.relu(z)), [0, 0, 1, 1])
    assert activations.relu_derivative(np.float32(3.0)).dtype == np.float32


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("make", list(ACTIVATION_LAYERS.values()), ids=list(ACTIVATION_LAYERS))
def test_activation_layers_finite_without_warnings_at_1000(make, dtype):
    z = np.array([[-1000.0, -30.0, 0.0, 30.0, 1000.0]], dtype=dtype)
    layer = make()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = layer.forward(z)
        grad_in = layer.backward(np.ones_like(z))
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(grad_in))
    assert out.dtype == grad_in.dtype == dtype


def test_extreme_values_are_the_limits():
    z = np.array([-1000.0, 1000.0])
    np.testing.assert_array_equal(Sigmoid().forward(z), [0.0, 1.0])
    np.testing.assert_array_equal(Tanh().forward(z), [-1.0, 1.0])
    np.testing.assert_array_equal(ReLU().forward(z), [0.0, 1000.0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_stable_and_normalised(dtype):
    logits = np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probs = activations.softmax(logits)
    assert probs.dtype == dtype
    assert np.all(np.isfinite(probs))
    np.testing.assert_allclose(probs.sum(axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(probs[0], [1.0, 0.0, 0.0])
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(probs[1], e / e.sum(), rtol=1e-6)
    np.testing.assert_allclose(activations.softmax(logits.T, axis=0), probs.T, rtol=1e-6)


# --- Chapter 1 rebuilt from layers ----------------------------------------------------------


def test_layers_reproduce_chapter_1_loss_curve():
    """Dense(no bias) → Sigmoid → Dense(no bias) → Sigmoid with SSE, started from Chapter 1's
    weights and stepped with learning rate 1, gives Chapter 1's losses to 1e-12."""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    y = np.array([[0], [1], [1], [0]])
    net = NeuralNetwork(X, y, hidden=4, seed=1)
    hidden = Dense(4, input_dim=3, use_bias=False).build()
    output = Dense(1, input_dim=4, use_bias=False).build()
    hidden.params["W"][...] = net.weights1
    output.params["W"][...] = net.weights2
    chapter_1_losses = net.train(1500)

    layers = [hidden, Sigmoid(), output, Sigmoid()]
    loss = SSE()
    losses = []
    for _ in range(1500):
        a = X
        for layer in layers:
            a = layer.forward(a)
        losses.append(loss.forward(a, y))
        grad = loss.backward()
        for layer in reversed(layers):
            grad = layer.backward(grad)
        for layer in layers:
            for name in layer.params:
                layer.params[name] -= 1.0 * layer.grads[name]
    np.testing.assert_allclose(losses, chapter_1_losses, rtol=0, atol=1e-12)
    assert losses[-1] < 0.1 * losses[0]


@pytest.mark.parametrize("make", [Tanh, Sigmoid, ReLU])
@pytest.mark.parametrize("dtypes", [("float32", "float32"), ("float64", "float64"),
                                    ("float32", "float64"), ("float64", "float32")])
def test_activation_backward_is_exactly_grad_out_times_the_derivative(make, dtypes):
    rng = np.random.default_rng(0)
    layer = make()
    a = layer.forward(rng.standard_normal((6, 5)).astype(dtypes[0]))
    a_copy = a.copy()
    grad_out = rng.standard_normal((6, 5)).astype(dtypes[1])
    grad_copy = grad_out.copy()
    grad = layer.backward(grad_out)
    expected = grad_out * layer.derivative(a)
    assert grad.dtype == expected.dtype
    np.testing.assert_array_equal(grad, expected)
    np.testing.assert_array_equal(grad_out, grad_copy)
    np.testing.assert_array_equal(layer.output, a_copy)
    assert grad is not grad_out and grad is not layer.output
