"""Tests of nnbook.optimizers: SGD's steps computed by hand, in place, frozen layers skipped."""

import numpy as np
import pytest

from nnbook.layers import Dense, Layer, Tanh
from nnbook.optimizers import (
    OPTIMIZERS,
    SGD,
    Optimizer,
    get_optimizer,
    trainable_params_and_grads,
)


def run(optimizer, w0, grads):
    """Apply ``grads`` one after another to a copy of ``w0``; return every w along the way."""
    w = np.array(w0, dtype=np.float64)
    path = []
    for g in grads:
        optimizer.update([(w, np.array(g, dtype=np.float64))])
        path.append(w.copy())
    return path


# --- steps computed by hand -----------------------------------------------------------------


def test_plain_sgd_step():
    path = run(SGD(learning_rate=0.1), [1.0, 2.0], [[0.5, -1.0], [1.0, 1.0]])
    np.testing.assert_allclose(path, [[0.95, 2.1], [0.85, 2.0]], rtol=1e-15)


def test_momentum_steps():
    # v1 = 0.9·0 − 0.1·0.5 = −0.05,  w1 = 1 − 0.05 = 0.95
    # v2 = 0.9·(−0.05) − 0.1·(−1) = 0.055,  w2 = 0.95 + 0.055 = 1.005
    path = run(SGD(learning_rate=0.1, momentum=0.9), [1.0], [[0.5], [-1.0]])
    np.testing.assert_allclose(path, [[0.95], [1.005]], rtol=1e-14)


def test_nesterov_steps():
    # v1 = −0.05,  w1 = 1 + 0.9·(−0.05) − 0.1·0.5 = 0.905
    # v2 = 0.055,  w2 = 0.905 + 0.9·0.055 − 0.1·(−1) = 1.0545
    path = run(SGD(learning_rate=0.1, momentum=0.9, nesterov=True), [1.0], [[0.5], [-1.0]])
    np.testing.assert_allclose(path, [[0.905], [1.0545]], rtol=1e-14)


def test_decay_divides_the_learning_rate_by_one_plus_decay_times_t():
    sgd = SGD(learning_rate=0.1, decay=0.5)
    # t = 0, 1, 2: lr_t = 0.1, 0.1/1.5, 0.1/2
    path = run(sgd, [1.0], [[1.0], [1.0], [1.0]])
    expected = [[0.9], [0.9 - 0.1 / 1.5], [0.9 - 0.1 / 1.5 - 0.05]]
    np.testing.assert_allclose(path, expected, rtol=1e-14)
    assert sgd.iterations == 3
    assert sgd.current_learning_rate() == pytest.approx(0.1 / 2.5)


def test_momentum_with_decay():
    # lr_0 = 0.1:        v1 = −0.1,                    w1 = 0.9
    # lr_1 = 0.1/2 = 0.05: v2 = 0.5·(−0.1) − 0.05 = −0.1, w2 = 0.8
    path = run(SGD(learning_rate=0.1, momentum=0.5, decay=1.0), [1.0], [[1.0], [1.0]])
    np.testing.assert_allclose(path, [[0.9], [0.8]], rtol=1e-14)


def test_nesterov_without_momentum_is_plain_sgd():
    grads = [[0.5, -1.0], [0.25, 2.0]]
    plain = run(SGD(learning_rate=0.2), [1.0, 1.0], grads)
    nesterov = run(SGD(learning_rate=0.2, nesterov=True), [1.0, 1.0], grads)
    np.testing.assert_array_equal(nesterov, plain)


def test_each_parameter_has_its_own_velocity():
    sgd = SGD(learning_rate=0.1, momentum=0.9)
    w, b = np.array([1.0]), np.array([1.0])
    sgd.update([(w, np.array([1.0])), (b, np.array([-1.0]))])
    sgd.update([(w, np.array([1.0])), (b, np.array([-1.0]))])
    # w: v = −0.1, then −0.19;  b mirrors it
    np.testing.assert_allclose(w, [1 - 0.1 - 0.19])
    np.testing.assert_allclose(b, [1 + 0.1 + 0.19])
    assert sgd.iterations == 2  # one per update call, not per parameter


def test_two_optimizers_keep_separate_state():
    first, second = SGD(learning_rate=0.1, momentum=0.9), SGD(learning_rate=0.1, momentum=0.9)
    w = np.array([0.0])
    first.update([(w, np.array([1.0]))])
    second.update([(w, np.array([1.0]))])  # a fresh velocity: the same step again
    np.testing.assert_allclose(w, [-0.2])


# --- in place, dtype kept ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sgd", [SGD(0.1), SGD(0.1, momentum=0.9), SGD(0.1, momentum=0.9, nesterov=True)],
    ids=["plain", "momentum", "nesterov"])
def test_updates_in_place_and_float32_stays_float32(sgd):
    w = np.ones((3, 2), dtype=np.float32)
    before = w
    sgd.update([(w, np.full((3, 2), 0.5, dtype=np.float32))])
    assert w is before and w.dtype == np.float32
    assert np.all(w < 1)
    for state in sgd._state.values():
        for array in state[1].values():
            assert array.dtype == np.float32


def test_update_does_not_change_the_gradient():
    grad = np.array([0.5, -1.0])
    run(SGD(0.1, momentum=0.9, nesterov=True), [1.0, 1.0], [grad, grad])
    np.testing.assert_array_equal(grad, [0.5, -1.0])


def test_gradient_of_another_shape_refused():
    with pytest.raises(ValueError, match=r"\(3,\).*got \(4, 3\)"):
        SGD().update([(np.zeros(3), np.zeros((4, 3)))])


# --- layers: step skips frozen ones ---------------------------------------------------------


def trained_layers():
    first, second = Dense(3, seed=0), Dense(2, seed=1)
    x = np.random.default_rng(0).standard_normal((4, 5))
    out = second.forward(Tanh().forward(first.forward(x)))
    grad = second.backward(np.ones_like(out))
    first.backward(np.ones((4, 3)) * grad.sum())
    return first, second


def test_step_updates_every_trainable_layer():
    first, second = trained_layers()
    expected = {id(p): p - 0.1 * g for layer in (first, second)
                for p, g in zip(layer.params.values(), layer.grads.values())}
    SGD(0.1).step([first, Tanh(), second])
    for layer in (first, second):
        for p in layer.params.values():
            np.testing.assert_allclose(p, expected[id(p)], rtol=1e-15)


def test_step_skips_layers_with_trainable_false():
    first, second = trained_layers()
    second.trainable = False
    frozen = {name: p.copy() for name, p in second.params.items()}
    moving = first.params["W"].copy()
    SGD(0.1).step([first, second])
    for name, p in second.params.items():
        np.testing.assert_array_equal(p, frozen[name])
    assert not np.array_equal(first.params["W"], moving)


def test_trainable_params_and_grads():
    first, second = trained_layers()
    first.trainable = False
    pairs = trainable_params_and_grads([first, Layer(), second])
    assert len(pairs) == 2
    for (param, grad), name in zip(pairs, ["W", "b"]):
        assert param is second.params[name] and grad is second.grads[name]


# --- construction and names ------------------------------------------------------------------


def test_lr_is_the_2016_spelling_of_learning_rate():
    classic = SGD(lr=0.02, decay=1e-6, momentum=0.9, nesterov=True)
    assert classic.learning_rate == 0.02 and classic.decay == 1e-6
    with pytest.raises(ValueError, match="learning_rate=0.5 and lr=0.02"):
        SGD(learning_rate=0.5, lr=0.02)


def test_keras_defaults():
    sgd = SGD()
    assert (sgd.learning_rate, sgd.momentum, sgd.nesterov, sgd.decay) == (0.01, 0.0, False, 0.0)
    assert sgd.iterations == 0


@pytest.mark.parametrize("kwargs, word", [({"learning_rate": -0.1}, "learning_rate"),
                                          ({"momentum": 1.0}, "momentum"),
                                          ({"momentum": -0.5}, "momentum"),
                                          ({"decay": -1e-6}, "decay")])
def test_bad_settings_refused(kwargs, word):
    with pytest.raises(ValueError, match=word):
        SGD(**kwargs)


def test_get_optimizer():
    sgd = get_optimizer("sgd")
    assert type(sgd) is SGD and sgd.learning_rate == 0.01
    assert get_optimizer("SGD") is not sgd  # a name makes a new optimizer each time
    assert get_optimizer(sgd) is sgd
    with pytest.raises(ValueError, match="'nadam'") as info:  # not one of nnbook's
        get_optimizer("nadam")
    for name in OPTIMIZERS:
        assert name in str(info.value)
    with pytest.raises(TypeError, match="optimizer name or an Optimizer"):
        get_optimizer(0.01)


def test_base_class_needs_an_update_rule():
    with pytest.raises(NotImplementedError):
        Optimizer().update([(np.zeros(1), np.zeros(1))])


def test_repr():
    assert repr(SGD()) == "SGD(learning_rate=0.01)"
    assert repr(SGD(lr=0.1, momentum=0.9, nesterov=True, decay=1e-6)) == (
        "SGD(learning_rate=0.1, momentum=0.9, nesterov=True, decay=1e-06)")


# --- clear refusals of what is not a setting (issue 9) ------------------------------------------


@pytest.mark.parametrize("learning_rate", [0.01, 0.02])
def test_both_spellings_of_the_learning_rate_refused_even_when_one_is_keras_default(
        learning_rate):
    # SGD(learning_rate=0.01, lr=0.5) used to take lr=0.5 silently: 0.01 looked like no
    # choice at all. Any learning_rate given beside lr is refused, equal or not.
    with pytest.raises(ValueError, match=rf"SGD got learning_rate={learning_rate} and lr=0.5;"
                                         r" give one \(lr is the 2016 Keras name"):
        SGD(learning_rate=learning_rate, lr=0.5)
    with pytest.raises(ValueError, match="give one"):
        SGD(learning_rate, lr=learning_rate)
    assert SGD(lr=0.5).learning_rate == 0.5 and SGD(0.01).learning_rate == 0.01


@pytest.mark.parametrize("kwargs, message", [
    ({"lr": "0.1"}, r"SGD expected lr, a number, got '0.1' \(str\); write lr=0.1"),
    ({"learning_rate": "fast"}, r"SGD expected learning_rate, a number, got 'fast' \(str\)$"),
    ({"learning_rate": True}, r"SGD expected learning_rate, a number, got True \(bool\)"),
    ({"momentum": True}, r"SGD expected momentum, a number, got True \(bool\)"),
    ({"decay": None}, r"SGD expected decay, a number, got None \(NoneType\)"),
    ({"learning_rate": np.array([0.1])}, r"SGD expected learning_rate, a number, got array"),
    ({"nesterov": "False"}, r"SGD expected nesterov to be True or False, got 'False' \(str\)"),
])
def test_settings_that_are_not_numbers_refused(kwargs, message):
    with pytest.raises(TypeError, match=message):
        SGD(**kwargs)


@pytest.mark.parametrize("kwargs, word", [
    ({"lr": float("inf")}, "lr"), ({"learning_rate": float("nan")}, "learning_rate"),
    ({"momentum": float("nan")}, "momentum"), ({"decay": float("inf")}, "decay"),
    ({"decay": float("nan")}, "decay"),
])
def test_non_finite_settings_refused(kwargs, word):
    value = next(iter(kwargs.values()))
    with pytest.raises(ValueError, match=rf"SGD expected {word}, a finite number, got {value}"):
        SGD(**kwargs)


def test_numpy_numbers_are_numbers():
    sgd = SGD(np.float32(0.1), momentum=np.float64(0.9), nesterov=np.bool_(True),
              decay=np.int64(0))
    assert (sgd.learning_rate, sgd.momentum, sgd.nesterov, sgd.decay) == (
        pytest.approx(0.1), 0.9, True, 0.0)
    assert type(sgd.learning_rate) is float and type(sgd.nesterov) is bool


def test_a_non_finite_gradient_is_refused_before_any_parameter_changes():
    sgd = SGD(0.1, momentum=0.9)
    w, b = np.array([1.0, 2.0]), np.array([3.0])
    with pytest.raises(ValueError, match=r"SGD got a gradient with NaN or inf for the parameter "
                                         r"of shape \(1,\) \(pair 2 of 2\)"):
        sgd.update([(w, np.array([0.5, 0.5])), (b, np.array([np.nan]))])
    np.testing.assert_array_equal(w, [1.0, 2.0])  # the first pair was not applied either
    assert sgd.iterations == 0 and sgd._state == {}


def test_a_shape_mismatch_in_a_later_pair_changes_nothing():
    w = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"\(3,\), got \(4,\)"):
        SGD(0.1).update([(w, np.ones(2)), (np.zeros(3), np.zeros(4))])
    np.testing.assert_array_equal(w, [1.0, 2.0])


def test_parameters_must_be_float_arrays_and_gradients_arrays():
    with pytest.raises(TypeError, match=r"SGD expected float parameters.*got int64.*"
                                        r"np.array\(\.\.\., dtype=float\)"):
        SGD(0.1).update([(np.array([1, 2]), np.array([0.5, 0.5]))])
    with pytest.raises(TypeError, match=r"SGD expected \(param, grad\) pairs of numpy arrays, "
                                        r"got a list as grad"):
        SGD(0.1).update([(np.ones(2), [0.5, 0.5])])


@pytest.mark.parametrize("given, message", [
    (SGD, r"got the class SGD; make one: SGD\(\)"),
    (None, r"optimizer name or an Optimizer object, got None \(NoneType\); known names: sgd"),
    (0.01, r"got 0.01 \(float\); known names: sgd"),
])
def test_get_optimizer_refuses_what_is_not_a_name_or_an_optimizer(given, message):
    with pytest.raises(TypeError, match=message):
        get_optimizer(given)
