"""Nothing silent at the model's doors: every check comes before any weight changes."""

import numpy as np
import pytest

from nnbook.conv import Conv2D
from nnbook.fast.work import nbytes
from nnbook.layers import Activation, Dense, Flatten, Layer, Softmax, Tanh
from nnbook.model import Sequential
from nnbook.optimizers import SGD


def mlp(metrics=None, lr=0.1):
    model = Sequential([Dense(4, input_dim=3, seed=0), Tanh(), Dense(2, seed=1), Softmax()],
                       seed=0)
    model.compile(SGD(lr), "categorical_crossentropy", metrics=metrics)
    return model


def data(n=8, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 3)), np.eye(2)[rng.integers(0, 2, n)]


def weights(model):
    return [p.copy() for p in model.params.values()]


def unchanged(model, before):
    return all(np.array_equal(a, b) for a, b in zip(weights(model), before))


@pytest.mark.parametrize("metrics", [None, ["accuracy"]])
def test_train_on_batch_compares_lengths_before_any_step(metrics):
    model, (x, y) = mlp(metrics), data()
    before = weights(model)
    with pytest.raises(ValueError, match=r"as many labels as examples.*\(8, 3\).*\(9, 2\)"):
        model.train_on_batch(x, np.vstack([y, y[:1]]))
    assert unchanged(model, before)


def test_a_stream_batch_of_mismatched_lengths_is_refused_before_its_step():
    model, (x, y) = mlp(), data()
    before = weights(model)
    with pytest.raises(ValueError, match="fit \\(a batch\\) expected as many labels"):
        model.fit([(x, y[:5])], epochs=1, verbose=0)
    assert unchanged(model, before)


@pytest.mark.parametrize("method", ["fit", "train_on_batch", "evaluate", "predict"])
@pytest.mark.parametrize("where", ["x", "y"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_data_is_refused_at_the_door(method, where, bad):
    model, (x, y) = mlp(), data()
    x, y = x.copy(), y.copy()
    (x if where == "x" else y)[2, 1] = bad
    if method == "predict" and where == "y":
        return
    before = weights(model)
    args = (x,) if method == "predict" else (x, y)
    kwargs = {"verbose": 0} if method in ("fit", "evaluate") else {}
    with pytest.raises(ValueError, match=rf"{where} holds 1 non-finite value.*index \(2, 1\)"):
        getattr(model, method)(*args, **kwargs)
    assert unchanged(model, before)


def test_none_in_an_object_array_is_refused_by_name():
    model, (x, y) = mlp(), data()
    x = x.astype(object)
    x[0, 0] = None
    with pytest.raises(TypeError, match="x must be an array of numbers, got dtype object"):
        model.fit(x, y, verbose=0)


def test_a_diverging_run_stops_naming_epoch_and_batch_and_keeps_the_last_good_weights():
    model = Sequential([Dense(1, input_dim=1, seed=0)], dtype="float64", seed=0)
    model.compile(SGD(1e6), "mse")
    x = np.linspace(-1, 1, 16)[:, None] * 100
    kept = []
    with np.errstate(over="ignore", invalid="ignore"), pytest.raises(FloatingPointError, match=r"epoch \d+, batch \d+.*learning rate is too large"):
        for _ in range(100):
            kept = weights(model)
            model.fit(x, 3 * x, batch_size=4, epochs=1, verbose=0, shuffle=False)
    assert all(np.isfinite(p).all() for p in weights(model))
    assert all(np.isfinite(p).all() for p in kept)


def test_bad_validation_data_is_reported_before_the_first_step():
    model, (x, y) = mlp(), data()
    before = weights(model)
    with pytest.raises(ValueError, match="validation_data.*output has shape"):
        model.fit(x, y, validation_data=(x, np.argmax(y, axis=1)), verbose=0)
    with pytest.raises(ValueError, match="validation_data.*as many labels"):
        model.fit(x, y, validation_data=(x, y[:3]), verbose=0)
    with pytest.raises(ValueError, match="leaves 0 for validation"):
        model.fit(x, y, validation_split=1e-20, verbose=0)
    assert unchanged(model, before)


def test_predict_chunks_a_large_batch_and_lets_go_of_its_work_memory():
    model = Sequential([Conv2D(4, 5, input_shape=(1, 28, 28), seed=0), Flatten(),
                        Dense(10, seed=1), Softmax()])
    seen = []

    class Spy(Layer):
        splittable = True

        def forward(self, x, training=False):
            seen.append(len(x))
            return x

    model.layers.insert(0, Spy())
    x = np.zeros((2500, 1, 28, 28), dtype=np.float32)
    assert model.predict(x, batch_size=10000).shape == (2500, 10)
    assert max(seen) <= model.PREDICT_CHUNK
    assert nbytes(model.layers[1]._work) == 0


@pytest.mark.parametrize("make, message", [
    (lambda: Conv2D(4, 3, input_shape=(28, 28, 1)), r"channels-first.*input_shape=\(1, 28, 28\)"),
    (lambda: Conv2D(4, 3).forward(np.zeros((2, 28, 28, 3))), r"channels-last.*transpose\(0, 3, 1, 2\)"),
])
def test_channels_last_input_is_refused_with_the_transpose(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("make, error, message", [
    (lambda: Dense(None), TypeError, "Dense units must be a positive integer, got None"),
    (lambda: Conv2D(4, None), TypeError, "kernel_size must be a positive integer"),
    (lambda: Activation(["relu"]), ValueError, r"unknown activation \['relu'\]; known"),
    (lambda: mlp().fit(*data(), epochs="2"), TypeError, "epochs must be a positive integer"),
    (lambda: mlp().fit(*data(), epochs=0), ValueError, "epochs must be a positive integer, got 0"),
    (lambda: mlp().fit(*data(), epochs=-1), ValueError, "epochs must be a positive integer"),
    (lambda: mlp().fit(*data(), batch_size=None), TypeError, "batch_size must be a positive"),
    (lambda: mlp().add(Dense), TypeError, "got the class Dense"),
    (lambda: mlp().train_on_batch(np.zeros((0, 3)), np.zeros((0, 2))), ValueError,
     "got no examples"),
])
def test_unclear_errors_are_now_clear(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_metrics_as_a_string_is_accepted_as_keras_does():
    model = mlp(metrics="accuracy")
    assert model.metrics == ["accuracy"]
    assert len(model.train_on_batch(*data())) == 2


def test_nan_born_inside_the_network_is_reported_with_epoch_and_batch():
    class Unstable(Layer):  # makes NaN only while training, as a diverging layer would
        def forward(self, x, training=False):
            return x * np.nan if training else x

        def backward(self, grad_out):
            return grad_out

    model = Sequential([Dense(2, input_dim=2, seed=0), Unstable(), Tanh(), Dense(2, seed=1),
                        Softmax()], dtype="float64", seed=0)
    model.compile(SGD(0.1), "categorical_crossentropy")
    before = weights(model)
    with pytest.raises(FloatingPointError, match=r"epoch 1, batch 1: .*NaN.*smaller learning rate"):
        model.fit(np.ones((4, 2)), np.eye(2)[[0, 1, 0, 1]], batch_size=4, verbose=0)
    assert unchanged(model, before)
