"""Tests of Chapter 5's optimizers: Adagrad, Adadelta, RMSprop and Adam.

Each rule is checked twice: against steps written out here by hand from the update rules
(Keras 3's semantics, including where epsilon sits), and against numbers Keras 3 itself
publishes in its own tests (keras/src/optimizers/*_test.py) and docstrings.
"""

import math
import tracemalloc

import numpy as np
import pytest

from nnbook.layers import Dense, Softmax, Tanh
from nnbook.model import Sequential
from nnbook.optimizers import (
    OPTIMIZERS,
    SGD,
    Adadelta,
    Adagrad,
    Adam,
    Optimizer,
    RMSprop,
    get_optimizer,
)

ADAPTIVE = [Adagrad, Adadelta, RMSprop, Adam]
EPS = 1e-7  # Keras's default epsilon for all four


def run(optimizer, w0, grads, dtype=np.float64):
    """Apply ``grads`` one after another to a copy of ``w0``; return every w along the way."""
    w = np.array(w0, dtype=dtype)
    path = []
    for g in grads:
        optimizer.update([(w, np.array(g, dtype=dtype))])
        path.append(w.copy())
    return path


# --- steps computed by hand, with Keras's defaults ------------------------------------------


def test_adagrad_steps_by_hand():
    # a_t = a_{t-1} + g_t²  (a_0 = 0.1);   w_t = w_{t-1} − η g_t / √(a_t + ε),  η = 0.001
    a1 = 0.1 + 0.5**2
    w1 = 1.0 - 0.001 * 0.5 / math.sqrt(a1 + EPS)
    a2 = a1 + (-1.0) ** 2
    w2 = w1 - 0.001 * (-1.0) / math.sqrt(a2 + EPS)
    a3 = a2 + 2.0**2
    w3 = w2 - 0.001 * 2.0 / math.sqrt(a3 + EPS)
    path = run(Adagrad(), [1.0], [[0.5], [-1.0], [2.0]])
    np.testing.assert_allclose(path, [[w1], [w2], [w3]], rtol=1e-14)


def test_adadelta_steps_by_hand():
    # E[g²]_t = ρ E[g²]_{t−1} + (1−ρ) g_t²
    # Δ_t = −√(E[Δ²]_{t−1} + ε) / √(E[g²]_t + ε) · g_t
    # E[Δ²]_t = ρ E[Δ²]_{t−1} + (1−ρ) Δ_t²
    # w_t = w_{t−1} + η Δ_t,   with η = 1, ρ = 0.95
    rho = 0.95
    eg, ed, w, expected = 0.0, 0.0, 1.0, []
    for g in (0.5, -1.0, 2.0):
        eg = rho * eg + (1 - rho) * g * g
        delta = -math.sqrt(ed + EPS) / math.sqrt(eg + EPS) * g
        ed = rho * ed + (1 - rho) * delta * delta
        w = w + 1.0 * delta
        expected.append([w])
    # The first step, written out: √ε / √(0.05·0.25 + ε) · 0.5 ≈ 0.00141
    assert expected[0][0] == pytest.approx(1 - math.sqrt(EPS) / math.sqrt(0.0125 + EPS) * 0.5)
    path = run(Adadelta(), [1.0], [[0.5], [-1.0], [2.0]])
    np.testing.assert_allclose(path, expected, rtol=1e-14)


def test_rmsprop_steps_by_hand():
    # v_t = ρ v_{t−1} + (1−ρ) g_t²
    # w_t = w_{t−1} − η g_t / √(v_t + ε),   with η = 0.001, ρ = 0.9
    v1 = 0.1 * 0.5**2
    w1 = 1.0 - 0.001 * 0.5 / math.sqrt(v1 + EPS)
    v2 = 0.9 * v1 + 0.1 * (-1.0) ** 2
    w2 = w1 - 0.001 * (-1.0) / math.sqrt(v2 + EPS)
    v3 = 0.9 * v2 + 0.1 * 2.0**2
    w3 = w2 - 0.001 * 2.0 / math.sqrt(v3 + EPS)
    path = run(RMSprop(), [1.0], [[0.5], [-1.0], [2.0]])
    np.testing.assert_allclose(path, [[w1], [w2], [w3]], rtol=1e-14)


def test_rmsprop_momentum_steps_by_hand():
    # the step of plain RMSprop is fed into a velocity: m_t = μ m_{t−1} + step_t, w −= m_t
    v1 = 0.1 * 0.5**2
    m1 = 0.001 * 0.5 / math.sqrt(v1 + EPS)
    v2 = 0.9 * v1 + 0.1 * 1.0
    m2 = 0.5 * m1 + 0.001 * (-1.0) / math.sqrt(v2 + EPS)
    path = run(RMSprop(momentum=0.5), [1.0], [[0.5], [-1.0]])
    np.testing.assert_allclose(path, [[1.0 - m1], [1.0 - m1 - m2]], rtol=1e-14)


def test_centered_rmsprop_steps_by_hand():
    # also a mean of the gradients, ḡ_t = ρ ḡ_{t−1} + (1−ρ) g_t, and the root of the
    # variance estimate: w_t = w_{t−1} − η g_t / √(v_t − ḡ_t² + ε)
    v1, mean1 = 0.1 * 0.5**2, 0.1 * 0.5
    w1 = 1.0 - 0.001 * 0.5 / math.sqrt(v1 - mean1**2 + EPS)
    v2, mean2 = 0.9 * v1 + 0.1 * 1.0, 0.9 * mean1 + 0.1 * (-1.0)
    w2 = w1 + 0.001 / math.sqrt(v2 - mean2**2 + EPS)
    path = run(RMSprop(centered=True), [1.0], [[0.5], [-1.0]])
    np.testing.assert_allclose(path, [[w1], [w2]], rtol=1e-14)


def test_adam_steps_by_hand():
    # m_t = β1 m_{t−1} + (1−β1) g_t;   v_t = β2 v_{t−1} + (1−β2) g_t²
    # α_t = η √(1 − β2^t) / (1 − β1^t);   w_t = w_{t−1} − α_t m_t / (√v_t + ε)
    # (Keras's form: the bias corrections folded into α_t, ε added to the uncorrected √v_t)
    b1, b2, lr = 0.9, 0.999, 0.001
    m1, v1 = 0.1 * 0.5, 0.001 * 0.5**2
    w1 = 1.0 - lr * math.sqrt(1 - b2) / (1 - b1) * m1 / (math.sqrt(v1) + EPS)
    m2, v2 = b1 * m1 + 0.1 * (-1.0), b2 * v1 + 0.001 * 1.0
    w2 = w1 - lr * math.sqrt(1 - b2**2) / (1 - b1**2) * m2 / (math.sqrt(v2) + EPS)
    m3, v3 = b1 * m2 + 0.1 * 2.0, b2 * v2 + 0.001 * 4.0
    w3 = w2 - lr * math.sqrt(1 - b2**3) / (1 - b1**3) * m3 / (math.sqrt(v3) + EPS)
    path = run(Adam(), [1.0], [[0.5], [-1.0], [2.0]])
    np.testing.assert_allclose(path, [[w1], [w2], [w3]], rtol=1e-14)
    # Adam's first step is η in the direction of −sign(g), whatever the size of g
    assert path[0][0] == pytest.approx(1.0 - lr, rel=1e-6)


# --- Keras 3's own numbers (its tests and docstrings) -----------------------------------------


@pytest.mark.parametrize("optimizer, expected", [
    (Adagrad(learning_rate=0.5), [0.5233, 1.5007, 2.5005, 3.5061]),
    (Adadelta(learning_rate=0.5), [0.9993, 1.9993, 2.9993, 3.9993]),
    (RMSprop(learning_rate=0.5), [-0.5811, 0.4189, 1.4189, 2.4189]),
    (Adam(learning_rate=0.5), [0.5, 1.5, 2.5, 3.5]),
], ids=lambda p: type(p).__name__ if isinstance(p, Optimizer) else None)
def test_a_single_step_matches_keras(optimizer, expected):
    w = np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float32)
    optimizer.update([(w, np.array([1.0, 6.0, 7.0, 2.0], dtype=np.float32))])
    np.testing.assert_allclose(w, expected, rtol=1e-4, atol=1e-4)


ADAGRAD_GOLDEN = [
    [0.9963] * 10,
    [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
    [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
    [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
    [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
]


@pytest.mark.parametrize("optimizer, golden", [
    (Adagrad(learning_rate=0.2, initial_accumulator_value=0.3, epsilon=1e-6), ADAGRAD_GOLDEN),
    (Adadelta(learning_rate=1.0, rho=0.8, epsilon=1e-6),
     [[0.9978], [0.9947], [0.9915], [0.9882], [0.9849]]),
    (RMSprop(centered=True), [[0.9967], [0.9933], [0.9908], [0.9885], [0.9864]]),
    # Keras's golden run is Adam(amsgrad=True); here v never falls, so AMSGrad's
    # max(v̂, v) is v and plain Adam takes the same steps
    (Adam(), [[0.999], [0.9982], [0.9974], [0.9965], [0.9955]]),
], ids=lambda p: type(p).__name__ if isinstance(p, Optimizer) else None)
def test_golden_runs_match_keras(optimizer, golden):
    w = np.ones(10)
    optimizer.update([(w, np.full(10, 0.01))])
    grads = np.arange(1, 11) / 10
    for expected in golden:
        np.testing.assert_allclose(w, np.broadcast_to(expected, (10,)), rtol=5e-4, atol=5e-4)
        optimizer.update([(w, grads)])


def test_rmsprop_docstring_example_of_keras():
    # var1 = 10, loss = var1² / 2, so the gradient is var1; one step at learning_rate 0.1
    w = np.array(10.0, dtype=np.float32)
    RMSprop(learning_rate=0.1).update([(w, w.copy())])
    assert float(w) == pytest.approx(9.683772, abs=1e-6)


# --- in place, dtype kept, state per parameter ----------------------------------------------


def every_variant():
    return [Adagrad(), Adadelta(), RMSprop(), RMSprop(momentum=0.9, centered=True), Adam()]


@pytest.mark.parametrize("optimizer", every_variant(), ids=repr)
@pytest.mark.parametrize("grad_dtype", [np.float32, np.float64])
def test_updates_in_place_and_float32_stays_float32(optimizer, grad_dtype):
    w = np.ones((3, 2), dtype=np.float32)
    before = w
    grad = np.full((3, 2), 0.5, dtype=grad_dtype)
    for _ in range(3):
        optimizer.update([(w, grad)])
    assert w is before and w.dtype == np.float32
    assert np.all(w < 1)
    np.testing.assert_array_equal(grad, 0.5)  # the gradient is left alone
    states = [array for _, slots in optimizer._state.values() for array in slots.values()]
    assert states and all(array.dtype == np.float32 for array in states)


@pytest.mark.parametrize("make", [Adagrad, Adadelta, RMSprop,
                                  lambda: RMSprop(momentum=0.9, centered=True), Adam],
                         ids=["Adagrad", "Adadelta", "RMSprop", "RMSprop-centered", "Adam"])
def test_state_is_per_parameter(make):
    together = make()
    w, b = np.array([1.0, -1.0]), np.array([0.5])
    alone_w, alone_b = make(), make()
    w2, b2 = w.copy(), b.copy()
    for gw, gb in [([0.5, -1.0], [2.0]), ([1.0, 0.25], [-3.0]), ([-0.5, 0.5], [1.0])]:
        together.update([(w, np.array(gw)), (b, np.array(gb))])
        alone_w.update([(w2, np.array(gw))])
        alone_b.update([(b2, np.array(gb))])
    np.testing.assert_array_equal(w, w2)
    np.testing.assert_array_equal(b, b2)
    assert together.iterations == 3 and len(together._state) == 2


def test_adam_makes_no_array_the_size_of_a_parameter_once_its_state_exists():
    # the in-place update (a quarter of a GAN's step was spent making such arrays)
    w = np.zeros(250_000, dtype=np.float32)
    grad = np.full_like(w, 0.5)
    adam = Adam()
    adam.update([(w, grad)])  # the first update makes the state
    expected = w.copy()
    m, v = 0.1 * 0.5 + 0.9 * 0.05, 0.001 * 0.25 + 0.999 * 0.00025
    expected -= 0.001 * math.sqrt(1 - 0.999**2) / (1 - 0.9**2) * m / (math.sqrt(v) + EPS)
    tracemalloc.start()
    try:
        adam.update([(w, grad)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < w.nbytes / 2  # the check for NaN and inf makes a boolean array, a quarter
    np.testing.assert_allclose(w, expected, rtol=1e-6)


def test_two_optimizers_keep_separate_state():
    first, second = Adam(), Adam()
    w = np.array([0.0])
    first.update([(w, np.array([1.0]))])
    second.update([(w, np.array([1.0]))])  # a fresh start: t = 1 again, the same step
    np.testing.assert_allclose(w, [-0.002], rtol=1e-5)  # ε shortens each step a little


def test_a_non_finite_gradient_changes_no_parameter_and_no_state():
    adam = Adam()
    w, b = np.array([1.0, 2.0]), np.array([3.0])
    with pytest.raises(ValueError, match=r"Adam got a gradient with NaN or inf"):
        adam.update([(w, np.array([0.5, 0.5])), (b, np.array([np.inf]))])
    np.testing.assert_array_equal(w, [1.0, 2.0])
    assert adam.iterations == 0 and adam._state == {}


# --- construction: defaults, lr, refusals, names ----------------------------------------------


def test_keras_defaults():
    adagrad, adadelta, rmsprop, adam = Adagrad(), Adadelta(), RMSprop(), Adam()
    assert (adagrad.learning_rate, adagrad.initial_accumulator_value, adagrad.epsilon) == (
        0.001, 0.1, 1e-7)
    assert (adadelta.learning_rate, adadelta.rho, adadelta.epsilon) == (1.0, 0.95, 1e-7)
    assert (rmsprop.learning_rate, rmsprop.rho, rmsprop.momentum, rmsprop.epsilon,
            rmsprop.centered) == (0.001, 0.9, 0.0, 1e-7, False)
    assert (adam.learning_rate, adam.beta_1, adam.beta_2, adam.epsilon) == (
        0.001, 0.9, 0.999, 1e-7)
    for optimizer in (adagrad, adadelta, rmsprop, adam):
        assert optimizer.iterations == 0 and type(optimizer.learning_rate) is float


def test_repr():
    assert repr(Adagrad()) == (
        "Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07)")
    assert repr(Adadelta()) == "Adadelta(learning_rate=1.0, rho=0.95, epsilon=1e-07)"
    assert repr(RMSprop()) == "RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-07)"
    assert repr(RMSprop(momentum=0.9, centered=True)) == (
        "RMSprop(learning_rate=0.001, rho=0.9, momentum=0.9, epsilon=1e-07, centered=True)")
    assert repr(Adam(lr=0.01)) == (
        "Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-07)")


@pytest.mark.parametrize("cls", ADAPTIVE, ids=lambda c: c.__name__)
def test_lr_is_the_2016_spelling_of_learning_rate(cls):
    assert cls(lr=0.02).learning_rate == 0.02
    default = cls().learning_rate
    for given in (default, 0.5):  # refused even when it equals the default
        with pytest.raises(ValueError, match=rf"{cls.__name__} got learning_rate={given} and "
                                             r"lr=0.02; give one \(lr is the 2016 Keras name"):
            cls(learning_rate=given, lr=0.02)
    with pytest.raises(ValueError, match="give one"):
        cls(0.02, lr=0.02)
    with pytest.raises(ValueError, match=rf"{cls.__name__} lr must be >= 0, got -0.1"):
        cls(lr=-0.1)


@pytest.mark.parametrize("cls, kwargs, message", [
    (Adagrad, {"learning_rate": -1.0}, r"Adagrad learning_rate must be >= 0, got -1.0"),
    (Adagrad, {"initial_accumulator_value": -0.1},
     r"Adagrad initial_accumulator_value must be >= 0, got -0.1"),
    (Adagrad, {"epsilon": 0.0}, r"Adagrad epsilon must be > 0, got 0.0"),
    (Adadelta, {"rho": 1.0}, r"Adadelta rho must be in \[0, 1\), got 1.0"),
    (Adadelta, {"rho": -0.1}, r"Adadelta rho must be in \[0, 1\), got -0.1"),
    (Adadelta, {"epsilon": -1e-7}, r"Adadelta epsilon must be > 0, got -1e-07"),
    (RMSprop, {"rho": 1.5}, r"RMSprop rho must be in \[0, 1\), got 1.5"),
    (RMSprop, {"momentum": 1.0}, r"RMSprop momentum must be in \[0, 1\), got 1.0"),
    (RMSprop, {"momentum": -0.5}, r"RMSprop momentum must be in \[0, 1\), got -0.5"),
    (Adam, {"beta_1": 1.0}, r"Adam beta_1 must be in \[0, 1\), got 1.0"),
    (Adam, {"beta_2": -0.5}, r"Adam beta_2 must be in \[0, 1\), got -0.5"),
    (Adam, {"epsilon": 0}, r"Adam epsilon must be > 0, got 0.0"),
    (Adam, {"beta_1": float("nan")}, r"Adam expected beta_1, a finite number, got nan"),
    (RMSprop, {"epsilon": float("inf")}, r"RMSprop expected epsilon, a finite number, got inf"),
    (Adagrad, {"lr": float("inf")}, r"Adagrad expected lr, a finite number, got inf"),
])
def test_bad_settings_refused(cls, kwargs, message):
    with pytest.raises(ValueError, match=message):
        cls(**kwargs)


@pytest.mark.parametrize("cls, kwargs, message", [
    (Adam, {"beta_1": "0.9"}, r"Adam expected beta_1, a number, got '0.9' \(str\); "
                              r"write beta_1=0.9"),
    (Adagrad, {"epsilon": None}, r"Adagrad expected epsilon, a number, got None \(NoneType\)"),
    (Adadelta, {"rho": True}, r"Adadelta expected rho, a number, got True \(bool\)"),
    (RMSprop, {"learning_rate": [0.1]}, r"RMSprop expected learning_rate, a number, got \[0.1\]"),
    (RMSprop, {"centered": "False"},
     r"RMSprop expected centered to be True or False, got 'False' \(str\)"),
])
def test_settings_that_are_not_numbers_refused(cls, kwargs, message):
    with pytest.raises(TypeError, match=message):
        cls(**kwargs)


def test_numpy_numbers_are_numbers():
    adam = Adam(np.float32(0.5), beta_1=np.float64(0.5), beta_2=np.float64(0.75),
                epsilon=np.float32(1e-6))
    assert type(adam.beta_1) is float and adam.learning_rate == 0.5
    rmsprop = RMSprop(centered=np.bool_(True))
    assert rmsprop.centered is True


def test_get_optimizer_knows_the_chapter_5_names():
    assert list(OPTIMIZERS) == ["sgd", "adagrad", "adadelta", "rmsprop", "adam"]
    for name, cls in [("adagrad", Adagrad), ("Adadelta", Adadelta), ("RMSprop", RMSprop),
                      ("adam", Adam), ("sgd", SGD)]:
        optimizer = get_optimizer(name)
        assert type(optimizer) is cls
        assert repr(optimizer) == repr(cls())  # Keras's defaults
        assert get_optimizer(name) is not optimizer  # a new one each time
    with pytest.raises(ValueError, match=r"unknown optimizer 'nadam'; known: sgd, adagrad, "
                                         r"adadelta, rmsprop, adam"):
        get_optimizer("nadam")


# --- they train a model ----------------------------------------------------------------------


def blobs(seed=0):
    """Three seeded clouds in the plane, one-hot labels."""
    rng = np.random.default_rng(seed)
    centres = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    labels = rng.integers(0, 3, size=120)
    return centres[labels] + 0.6 * rng.standard_normal((120, 2)), np.eye(3)[labels]


@pytest.mark.parametrize("optimizer", [
    "adagrad", Adagrad(learning_rate=0.1), "adadelta", "rmsprop", RMSprop(momentum=0.9),
    RMSprop(learning_rate=0.01, centered=True), "adam", Adam(learning_rate=0.01)],
    ids=lambda o: o if isinstance(o, str) else repr(o))
def test_a_small_model_trains_with_each(optimizer):
    x, y = blobs()
    model = Sequential([Dense(8, seed=0), Tanh(), Dense(3, seed=1), Softmax()], seed=0)
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    before = model.evaluate(x, y, verbose=0)[0]
    history = model.fit(x, y, batch_size=16, epochs=10, verbose=0)
    after = model.evaluate(x, y, verbose=0)[0]
    losses = history.history["loss"]
    assert losses[-1] < losses[0] and after < before
    if not isinstance(optimizer, str):  # a learning rate fit for this toy: it is learned
        assert history.history["accuracy"][-1] > 0.95
    assert model.layers[0].params["W"].dtype == np.float32
