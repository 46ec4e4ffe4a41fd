"""Tests of Chapter 3's cross-entropy losses, get_loss, and the Softmax layer they pair with."""

import warnings

import numpy as np
import pytest

from nnbook.activations import sigmoid, softmax
from nnbook.gradcheck import check_layer, check_loss, numerical_gradient, relative_error
from nnbook.layers import ACTIVATIONS, Activation, Sigmoid, Softmax
from nnbook.losses import (
    LOSSES,
    MSE,
    SSE,
    BinaryCrossentropy,
    CategoricalCrossentropy,
    Loss,
    get_loss,
)

TOL = 1e-7
EPS = 1e-7


def probabilities(shape, seed=0, low=0.05, high=0.95):
    """Probabilities well inside (eps, 1 - eps), so no clipping happens near them."""
    return np.random.default_rng(seed).uniform(low, high, size=shape)


def one_hot(n_rows, n_classes, seed=0):
    labels = np.random.default_rng(seed).integers(0, n_classes, size=n_rows)
    return np.eye(n_classes)[labels]


def logits(shape, seed=0, scale=2.0):
    return scale * np.random.default_rng(seed).standard_normal(shape)


# --- gradient checks of every new loss ------------------------------------------------------


@pytest.mark.parametrize("shape", [(1, 1), (6, 1), (4, 3), (2, 3, 4)])
def test_gradcheck_binary_crossentropy_on_probabilities(shape):
    y_true = (np.random.default_rng(1).random(shape) > 0.5).astype(float)
    result = check_loss(BinaryCrossentropy(), probabilities(shape), y_true)
    assert result.worst < TOL, result


@pytest.mark.parametrize("shape", [(1, 1), (6, 1), (4, 3)])
def test_gradcheck_binary_crossentropy_on_logits(shape):
    y_true = np.random.default_rng(2).random(shape)  # soft targets are allowed too
    result = check_loss(BinaryCrossentropy(from_logits=True), logits(shape), y_true)
    assert result.worst < TOL, result


@pytest.mark.parametrize("n_rows, n_classes", [(1, 2), (5, 3), (8, 10)])
def test_gradcheck_categorical_crossentropy_on_probabilities(n_rows, n_classes):
    # rows that do not sum to one exercise the division by the row sum
    y_pred = probabilities((n_rows, n_classes), seed=n_rows, low=0.1, high=0.5)
    result = check_loss(CategoricalCrossentropy(), y_pred, one_hot(n_rows, n_classes))
    assert result.worst < TOL, result


@pytest.mark.parametrize("n_rows, n_classes", [(1, 2), (5, 3), (8, 10)])
def test_gradcheck_categorical_crossentropy_on_logits(n_rows, n_classes):
    z = logits((n_rows, n_classes), seed=n_rows)
    assert check_loss(CategoricalCrossentropy(from_logits=True), z,
                      one_hot(n_rows, n_classes)).worst < TOL
    soft = probabilities((n_rows, n_classes), seed=3)  # rows not summing to one
    assert check_loss(CategoricalCrossentropy(from_logits=True), z, soft).worst < TOL


# --- values ---------------------------------------------------------------------------------


def test_binary_crossentropy_value_is_the_mean_over_elements():
    y_pred = np.array([[0.9], [0.2], [0.6], [0.5]])
    y_true = np.array([[1.0], [0.0], [0.0], [1.0]])
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.4) + np.log(0.5)) / 4
    assert BinaryCrossentropy().forward(y_pred, y_true) == pytest.approx(expected, rel=1e-12)
    z = np.log(y_pred / (1 - y_pred))  # the logits of those probabilities
    on_logits = BinaryCrossentropy(from_logits=True).forward(z, y_true)
    assert on_logits == pytest.approx(expected, rel=1e-12)


def test_categorical_crossentropy_value():
    y_pred = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    y_true = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    expected = -(np.log(0.7) + np.log(0.8)) / 2
    assert CategoricalCrossentropy().forward(y_pred, y_true) == pytest.approx(expected, rel=1e-12)


def test_categorical_crossentropy_divides_rows_by_their_sum_as_keras():
    y_true = np.array([[0.0, 1.0]])
    unnormalised = np.array([[1.0, 3.0]])
    assert CategoricalCrossentropy().forward(unnormalised, y_true) == pytest.approx(-np.log(0.75))


def test_from_logits_equals_probabilities_of_the_softmax():
    z, y = logits((6, 4)), one_hot(6, 4)
    on_logits = CategoricalCrossentropy(from_logits=True).forward(z, y)
    assert CategoricalCrossentropy().forward(softmax(z), y) == pytest.approx(on_logits, rel=1e-12)
    z1, y1 = logits((6, 1)), (probabilities((6, 1)) > 0.5).astype(float)
    on_logits = BinaryCrossentropy(from_logits=True).forward(z1, y1)
    assert BinaryCrossentropy().forward(sigmoid(z1), y1) == pytest.approx(on_logits, rel=1e-12)


def test_gradient_with_respect_to_logits_is_p_minus_y_over_n():
    z, y = logits((5, 3)), one_hot(5, 3)
    loss = CategoricalCrossentropy(from_logits=True)
    loss.forward(z, y)
    np.testing.assert_allclose(loss.backward(), (softmax(z) - y) / 5, rtol=1e-12, atol=1e-15)
    z1, y1 = logits((5, 2)), one_hot(5, 2)
    loss = BinaryCrossentropy(from_logits=True)
    loss.forward(z1, y1)
    np.testing.assert_allclose(loss.backward(), (sigmoid(z1) - y1) / 10, rtol=1e-12)


# --- softmax followed by cross-entropy ----------------------------------------------------


@pytest.mark.parametrize("make", [Softmax, lambda: Activation("softmax")],
                         ids=["Softmax", "Activation"])
@pytest.mark.parametrize("shape", [(1, 1), (4, 3), (2, 3, 5)])
def test_gradcheck_softmax_layer(make, shape):
    layer = make()
    result = check_layer(layer, logits(shape, seed=sum(shape)), seed=1)
    assert set(result) == {"x"} and result.worst < TOL, result


def test_softmax_layer_computes_softmax_along_the_last_axis():
    z = logits((2, 3, 4))
    np.testing.assert_array_equal(Softmax().forward(z), softmax(z))
    np.testing.assert_array_equal(Activation("softmax").forward(z), softmax(z))


def test_softmax_backward_is_the_jacobian_times_grad_out():
    z, g = logits((1, 4)), logits((1, 4), seed=9)
    p = softmax(z)[0]
    jacobian = np.diag(p) - np.outer(p, p)  # dp_k / dz_j = p_k (δ_kj − p_j)
    layer = Softmax()
    layer.forward(z)
    np.testing.assert_allclose(layer.backward(g)[0], jacobian.T @ g[0], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("n_rows, n_classes", [(1, 3), (6, 4), (8, 10)])
def test_softmax_then_crossentropy_gradcheck_and_equals_the_fused_p_minus_y(n_rows, n_classes):
    """The unfused chain (Softmax.backward of CCE.backward) and the fused backward_logits both
    match the numerical gradient of CCE(softmax(z)) with respect to the logits z."""
    z, y = logits((n_rows, n_classes), seed=n_classes), one_hot(n_rows, n_classes, seed=n_rows)
    layer, loss = Softmax(), CategoricalCrossentropy()

    def total(z_in):
        return loss.forward(layer.forward(z_in), y)

    numerical = numerical_gradient(total, z.copy())
    total(z)
    unfused = layer.backward(loss.backward())
    fused = loss.backward_logits()
    assert relative_error(unfused, numerical) < TOL
    assert relative_error(fused, numerical) < TOL
    np.testing.assert_allclose(fused, (softmax(z) - y) / n_rows, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(unfused, fused, rtol=1e-9, atol=1e-15)


def test_sigmoid_then_binary_crossentropy_equals_the_fused_p_minus_y():
    z, y = logits((6, 2), seed=4), one_hot(6, 2, seed=5)
    layer, loss = Sigmoid(), BinaryCrossentropy()

    def total(z_in):
        return loss.forward(layer.forward(z_in), y)

    numerical = numerical_gradient(total, z.copy())
    total(z)
    unfused = layer.backward(loss.backward())
    assert relative_error(unfused, numerical) < TOL
    assert relative_error(loss.backward_logits(), numerical) < TOL


def test_fuses_with_names_the_activation_only_for_probabilities():
    assert CategoricalCrossentropy().fuses_with == "softmax"
    assert BinaryCrossentropy().fuses_with == "sigmoid"
    assert CategoricalCrossentropy(from_logits=True).fuses_with is None
    assert BinaryCrossentropy(from_logits=True).fuses_with is None
    assert MSE().fuses_with is None and SSE().fuses_with is None


# --- extreme inputs: finite, no warnings ----------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_crossentropy_at_p_exactly_0_and_1(dtype):
    y_pred = np.array([[0.0], [1.0], [0.0], [1.0]], dtype=dtype)
    y_true = np.array([[0.0], [1.0], [1.0], [0.0]], dtype=dtype)  # right, right, wrong, wrong
    loss = BinaryCrossentropy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = loss.forward(y_pred, y_true)
        grad = loss.backward()
        fused = loss.backward_logits()
    assert np.isfinite(value) and np.all(np.isfinite(grad)) and np.all(np.isfinite(fused))
    # two confidently wrong answers cost -log(eps) each; the clip bounds the loss
    assert value == pytest.approx(2 * -np.log(EPS) / 4, rel=1e-2)
    assert grad.dtype == fused.dtype == dtype
    np.testing.assert_array_equal(grad, 0.0)  # clipped: the clipped loss is flat there
    np.testing.assert_array_equal(fused, [[0.0], [0.0], [-0.25], [0.25]])  # still pulls back


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_categorical_crossentropy_at_p_exactly_0_and_1(dtype):
    y_pred = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]], dtype=dtype)
    y_true = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], dtype=dtype)
    loss = CategoricalCrossentropy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = loss.forward(y_pred, y_true)
        grad = loss.backward()
        fused = loss.backward_logits()
    assert np.isfinite(value) and np.all(np.isfinite(grad)) and np.all(np.isfinite(fused))
    assert value == pytest.approx(2 * -np.log(EPS) / 3, rel=1e-2)
    assert grad.dtype == fused.dtype == dtype


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("size", [1e4, 1e3, 30.0])
def test_crossentropy_on_huge_logits(dtype, size):
    z = np.array([[size, -size], [-size, size], [size, -size]], dtype=dtype)
    y = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=dtype)  # right, wrong, wrong
    for loss in (CategoricalCrossentropy(from_logits=True), BinaryCrossentropy(from_logits=True)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value = loss.forward(z, y)
            grad = loss.backward()
        assert np.isfinite(value) and np.all(np.isfinite(grad)) and grad.dtype == dtype
    # on logits nothing is clipped: each wrong row costs 2·size exactly
    value = CategoricalCrossentropy(from_logits=True).forward(z, y)
    assert value == pytest.approx(4 * size / 3, rel=1e-6)
    layer = Softmax()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probs = layer.forward(z)
        value = CategoricalCrossentropy().forward(probs, y)
        grad = layer.backward(np.ones_like(z))
    assert np.isfinite(value) and np.all(np.isfinite(grad)) and np.all(np.isfinite(probs))


# --- dtypes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [BinaryCrossentropy, CategoricalCrossentropy,
                                  lambda: BinaryCrossentropy(from_logits=True),
                                  lambda: CategoricalCrossentropy(from_logits=True)])
def test_float32_gradients_stay_float32(make):
    y_pred = probabilities((4, 3)).astype(np.float32)
    loss = make()
    assert type(loss.forward(y_pred, one_hot(4, 3))) is float
    assert loss.backward().dtype == np.float32
    if loss.fuses_with:
        assert loss.backward_logits().dtype == np.float32
    layer = Softmax()
    assert layer.backward(np.ones_like(layer.forward(y_pred))).dtype == np.float32


# --- clear refusals -------------------------------------------------------------------------


def test_integer_labels_refused_with_a_hint_naming_both_shapes():
    loss = CategoricalCrossentropy()
    with pytest.raises(ValueError, match=r"\(4, 10\).*got \(4,\).*to_categorical\(y, 10\)"):
        loss.forward(np.full((4, 10), 0.1), np.arange(4))
    with pytest.raises(ValueError, match=r"\(4, 10\).*got \(4, 1\).*to_categorical"):
        loss.forward(np.full((4, 10), 0.1), np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"\(4, 10\).*got \(4, 3\)"):
        loss.forward(np.full((4, 10), 0.1), np.zeros((4, 3)))


def test_categorical_crossentropy_wants_rows_of_classes():
    with pytest.raises(ValueError, match=r"\(N, C\).*got \(10,\)"):
        CategoricalCrossentropy().forward(np.full(10, 0.1), np.eye(10)[0])


def test_binary_crossentropy_shape_mismatch_names_both():
    with pytest.raises(ValueError, match=r"y_pred \(4, 1\) and y_true \(4,\)"):
        BinaryCrossentropy().forward(np.full((4, 1), 0.5), np.zeros(4))


@pytest.mark.parametrize("make", [BinaryCrossentropy, CategoricalCrossentropy])
def test_backward_before_forward_refused(make):
    with pytest.raises(RuntimeError, match="forward before backward"):
        make().backward()
    with pytest.raises(RuntimeError, match="forward before backward"):
        make().backward_logits()


@pytest.mark.parametrize("bad", [0, -1e-7, 0.5])
def test_bad_eps_refused(bad):
    with pytest.raises(ValueError, match="eps"):
        BinaryCrossentropy(eps=bad)
    with pytest.raises(ValueError, match="eps"):
        CategoricalCrossentropy(eps=bad)


def test_unknown_activation_lists_softmax_too():
    with pytest.raises(ValueError, match="softmax") as info:
        Activation("softplus")
    assert "'softplus'" in str(info.value)
    assert "softmax" not in ACTIVATIONS  # not element-wise: no (f, f') pair


# --- get_loss -------------------------------------------------------------------------------


@pytest.mark.parametrize("name, cls", [
    ("sse", SSE), ("mse", MSE), ("mean_squared_error", MSE),
    ("binary_crossentropy", BinaryCrossentropy),
    ("categorical_crossentropy", CategoricalCrossentropy),
    ("Categorical_Crossentropy", CategoricalCrossentropy),
])
def test_get_loss_by_name_makes_a_new_object(name, cls):
    loss = get_loss(name)
    assert type(loss) is cls
    assert get_loss(name) is not loss


def test_get_loss_returns_a_loss_object_as_is():
    loss = CategoricalCrossentropy(from_logits=True)
    assert get_loss(loss) is loss
    assert isinstance(loss, Loss)


def test_get_loss_refuses_unknown_names_listing_the_known_ones():
    with pytest.raises(ValueError, match="'hinge'") as info:
        get_loss("hinge")
    for name in LOSSES:
        assert name in str(info.value)
    with pytest.raises(TypeError, match="loss name or a Loss object"):
        get_loss(3)


def test_reprs():
    assert repr(BinaryCrossentropy()) == "BinaryCrossentropy()"
    on_logits = CategoricalCrossentropy(from_logits=True)
    assert repr(on_logits) == "CategoricalCrossentropy(from_logits=True)"
    assert repr(Softmax()) == "Softmax()"
    assert repr(Activation("softmax")) == "Activation('softmax')"
