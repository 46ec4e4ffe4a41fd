"""Tests of nnbook.model.Sequential (and the Flatten layer it needs for images)."""

import time
import warnings

import numpy as np
import pytest

from nnbook.data import load_mnist, to_categorical, train_test_split
from nnbook.gradcheck import check_layer, numerical_gradient, relative_error
from nnbook.layers import Activation, Dense, Flatten, Layer, ReLU, Sigmoid, Softmax, Tanh
from nnbook.losses import CategoricalCrossentropy
from nnbook.fast import split
from nnbook.history import History
from nnbook.metrics import accuracy
from nnbook.model import Sequential
from nnbook.optimizers import SGD

TOL = 1e-7


def three_blobs(n_per_class=100, seed=0, spread=0.7):
    """Three seeded Gaussian clouds in the plane, at 0°, 120° and 240°, radius 2."""
    rng = np.random.default_rng(seed)
    angles = np.array([0.0, 2.0, 4.0]) * np.pi / 3
    centres = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    labels = np.repeat(np.arange(3), n_per_class)
    x = centres[labels] + spread * rng.standard_normal((3 * n_per_class, 2))
    order = rng.permutation(len(x))
    return x[order], to_categorical(labels[order], 3)


def mlp(seed=0, dtype="float32", last=Softmax, hidden=16, outputs=3):
    return Sequential([Dense(hidden, seed=seed), Tanh(), Dense(outputs, seed=seed + 1), last()],
                      dtype=dtype, seed=seed)


def same_weights(model, other):
    for layer, twin in zip(model.layers, other.layers):
        for name in layer.params:
            twin.params[name][...] = layer.params[name]


# --- it learns ------------------------------------------------------------------------------


def test_tiny_mlp_learns_three_blobs():
    x, y = three_blobs()
    (x_train, y_train), (x_test, y_test) = train_test_split(x, y, test_fraction=0.3, seed=0)
    model = mlp()
    model.compile(optimizer=SGD(learning_rate=0.5), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    before = model.evaluate(x_test, y_test, verbose=0)
    history = model.fit(x_train, y_train, batch_size=16, epochs=20, verbose=0)
    loss, acc = model.evaluate(x_test, y_test, verbose=0)
    assert acc > 0.9 and before[1] < 0.7
    assert loss < 0.5 * before[0]
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_mlp_on_bundled_mnist_reaches_90_percent_quickly():
    """Chapter 3's demo: 784 → 64 → 10 on 4,000 digits, tested on the held-out 1,000."""
    started = time.perf_counter()
    x, labels = load_mnist()
    (x_train, y_train), (x_test, y_test) = train_test_split(x, labels, test_fraction=0.2, seed=0)
    y_train, y_test = to_categorical(y_train, 10), to_categorical(y_test, 10)
    model = Sequential([Flatten(), Dense(64, seed=0), ReLU(), Dense(10, seed=1), Softmax()], seed=0)
    model.compile(optimizer=SGD(learning_rate=0.5), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=5, verbose=0)
    loss, acc = model.evaluate(x_test, y_test, verbose=0)
    seconds = time.perf_counter() - started
    assert acc >= 0.9, acc
    assert seconds < 10, seconds
    assert model.layers[1].params["W"].dtype == np.float32


def test_sigmoid_output_with_binary_crossentropy_learns():
    x, y = three_blobs(seed=1)
    y = y[:, :1]  # class 0 against the rest, one column
    model = mlp(last=Sigmoid, outputs=1)
    model.compile(optimizer=SGD(learning_rate=0.5), loss="binary_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, batch_size=16, epochs=15, verbose=0)
    assert history.history["accuracy"][-1] > 0.9


# --- fit, evaluate, predict, train_on_batch: shapes and results -----------------------------


def compiled(metrics=("accuracy",), learning_rate=0.1, **kwargs):
    model = mlp(**kwargs)
    model.compile(optimizer=SGD(learning_rate=learning_rate), loss="categorical_crossentropy",
                  metrics=list(metrics))
    return model


def test_predict_shape_and_dtype():
    x, _ = three_blobs(10)
    model = mlp()
    probs = model.predict(x, batch_size=7)  # batches of 7, 7, 7, 7, 2
    assert probs.shape == (30, 3) and probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(probs, model.predict(x, batch_size=30), rtol=1e-6)


def test_evaluate_returns_loss_and_accuracy_like_keras():
    x, y = three_blobs(10)
    model = compiled()
    loss, acc = model.evaluate(x, y, batch_size=7, verbose=0)
    probs = model.predict(x)
    expected = CategoricalCrossentropy().forward(probs, y.astype(np.float32))
    assert loss == pytest.approx(expected, rel=1e-5)
    assert acc == accuracy(probs, y)
    assert model.evaluate(x, y, verbose=0, return_dict=True) == pytest.approx(
        {"loss": loss, "accuracy": acc})
    only_loss = compiled(metrics=())
    assert isinstance(only_loss.evaluate(x, y, verbose=0), float)


def test_train_on_batch_returns_the_loss_before_the_update():
    x, y = three_blobs(5)
    model = compiled()
    loss_before = model.evaluate(x, y, verbose=0)[0]
    loss, acc = model.train_on_batch(x, y)
    assert loss == pytest.approx(loss_before, rel=1e-6)
    assert model.evaluate(x, y, verbose=0)[0] < loss_before
    assert isinstance(compiled(metrics=()).train_on_batch(x, y), float)


def test_history_keys_and_epochs():
    x, y = three_blobs(20)
    history = compiled().fit(x, y, epochs=3, verbose=0, validation_split=0.25)
    assert isinstance(history, History)
    assert history.epoch == [0, 1, 2]
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert all(len(values) == 3 for values in history.history.values())
    plain = compiled(metrics=()).fit(x, y, epochs=2, verbose=0)
    assert list(plain.history) == ["loss"]
    acc = compiled(metrics=["acc"]).fit(x, y, epochs=1, verbose=0, validation_data=(x, y))
    assert list(acc.history) == ["loss", "acc", "val_loss", "val_acc"]


def test_validation_split_takes_the_last_examples_before_shuffling():
    """With learning rate 0 nothing changes, so the reported losses are exact means over the
    examples used: the first 80% for training, the last 20% for validation."""
    x, y = three_blobs(20)  # 60 examples: 48 to train on, the last 12 to validate
    model = compiled(learning_rate=0.0)
    history = model.fit(x, y, batch_size=5, epochs=2, verbose=0, validation_split=0.2,
                        shuffle=True)
    first = model.evaluate(x[:48], y[:48], verbose=0)
    last = model.evaluate(x[48:], y[48:], verbose=0)
    assert history.history["loss"] == pytest.approx([first[0]] * 2, rel=1e-5)
    assert history.history["val_loss"] == pytest.approx([last[0]] * 2, rel=1e-5)
    assert history.history["val_accuracy"] == pytest.approx([last[1]] * 2)
    assert abs(first[0] - last[0]) > 1e-3  # the two parts are told apart
    other = model.evaluate(x[:12], y[:12], verbose=0)
    assert abs(other[0] - last[0]) > 1e-3


def test_validation_data_is_used_instead_of_a_split():
    x, y = three_blobs(20)
    model = compiled(learning_rate=0.0)
    history = model.fit(x, y, epochs=1, verbose=0, validation_split=0.5,
                        validation_data=(x[:7], y[:7]))
    assert history.history["loss"] == pytest.approx([model.evaluate(x, y, verbose=0)[0]], rel=1e-5)
    assert history.history["val_loss"] == pytest.approx(
        [model.evaluate(x[:7], y[:7], verbose=0)[0]], rel=1e-5)


def test_shuffling_is_seeded():
    x, y = three_blobs(20)
    runs = [compiled(seed=0).fit(x, y, batch_size=4, epochs=3, verbose=0).history["loss"]
            for _ in range(2)]
    assert runs[0] == runs[1]
    other = mlp(seed=0)
    other.rng = np.random.default_rng(99)
    other.compile(optimizer=SGD(learning_rate=0.1), loss="categorical_crossentropy")
    assert other.fit(x, y, batch_size=4, epochs=3, verbose=0).history["loss"] != runs[0]
    unshuffled = compiled(seed=0).fit(x, y, batch_size=4, epochs=3, verbose=0, shuffle=False)
    assert unshuffled.history["loss"] != runs[0]


def test_fit_leaves_the_callers_arrays_alone():
    x, y = three_blobs(10)
    x_copy, y_copy = x.copy(), y.copy()
    compiled().fit(x, y, epochs=2, verbose=0, validation_split=0.2)
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(y, y_copy)


def test_verbose_2_prints_one_line_per_epoch_and_1_a_bar_per_epoch(capsys):
    x, y = three_blobs(10)
    compiled().fit(x, y, epochs=2, verbose=2, validation_split=0.2)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Epoch 1/2")
    assert "loss: " in lines[0] and "val_accuracy: " in lines[0]
    history = compiled().fit(x, y, epochs=2, batch_size=4, verbose=1, validation_split=0.2)
    out = capsys.readouterr().out
    assert out.startswith("Epoch 1/2\n") and "Epoch 2/2\n" in out
    last = out.strip().split("\r")[-1]  # the bar's final state: all examples, exact means
    n = int(len(x) * 0.8)
    assert last.startswith(f"{n}/{n} [") and "=" * 30 in last
    loss = history.history["loss"][-1]
    assert f"loss: {loss:.4f}" in last
    assert f"val_accuracy: {history.history['val_accuracy'][-1]:.4f}" in last
    compiled().fit(x, y, epochs=2, verbose=0)
    compiled().evaluate(x, y, verbose=0)
    assert capsys.readouterr().out == ""


def test_accuracy_argmax_and_threshold():
    y_true = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 0, 1]])
    y_pred = np.array([[0.1, 0.8, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.5, 0.1, 0.4]])
    assert accuracy(y_pred, y_true) == 0.5
    column = np.array([[0.9], [0.4], [0.6], [0.1]])
    assert accuracy(column, np.array([[1], [1], [0], [0]])) == 0.5
    assert accuracy(np.array([[2.0], [-1.0]]), np.array([[1], [0]]), threshold=0.0) == 1.0


# --- streams of batches (Chapter 5's augmented data) ----------------------------------------


def test_fit_on_an_endless_stream_with_steps_per_epoch():
    x, y = three_blobs(20)
    drawn = []

    def flow(batch_size=10):
        rng = np.random.default_rng(0)
        while len(drawn) < 50:  # endless for fit; finite so that a bug fails, not hangs
            batch = rng.choice(len(x), batch_size, replace=False)
            drawn.append(batch_size)
            yield x[batch], y[batch]

    model = compiled()
    history = model.fit(flow(), steps_per_epoch=4, epochs=3, verbose=0, validation_data=(x, y))
    assert len(drawn) == 12  # 4 batches per epoch, no more
    assert history.epoch == [0, 1, 2] and "val_loss" in history.history


def test_fit_on_a_list_of_batches_reads_it_every_epoch():
    x, y = three_blobs(20)
    batches = [(x[i:i + 10], y[i:i + 10]) for i in range(0, 60, 10)]
    model = compiled(learning_rate=0.0)
    history = model.fit(batches, epochs=2, verbose=0)
    full_pass = model.evaluate(x, y, verbose=0)[0]
    assert history.history["loss"] == pytest.approx([full_pass] * 2, rel=1e-5)


def test_stream_refusals():
    x, y = three_blobs(5)
    model = compiled()
    one_pass = iter([(x, y)])
    with pytest.raises(ValueError, match="steps_per_epoch"):
        model.fit(one_pass, epochs=2, verbose=0)
    with pytest.raises(ValueError, match="validation_split needs arrays"):
        model.fit([(x, y)], validation_split=0.2, verbose=0)
    with pytest.raises(ValueError, match="no labels y"):
        model.fit(x, verbose=0)
    with pytest.raises(TypeError, match="iterable of \\(x, y\\) batches, got int"):
        model.fit(3, verbose=0)
    with pytest.raises(ValueError, match="no training batches in epoch 2"):
        model.fit(iter([(x, y)]), steps_per_epoch=1, epochs=2, verbose=0)


# --- gradients: the model's backward, fused and unfused ------------------------------------


def test_model_backward_gives_the_gradient_with_respect_to_its_input():
    """Chapter 6 needs ∂L/∂input: check it, and every parameter gradient, numerically."""
    x, y = three_blobs(4, seed=2)
    model = mlp(dtype="float64")
    loss = CategoricalCrossentropy()

    def total(_):
        return loss.forward(model.forward(x_in), y)

    x_in = x.copy()
    total(None)
    grad_in = model.backward(loss.backward())
    assert grad_in.shape == x.shape
    params = {(i, n): (p, layer.grads[n].copy()) for i, layer in enumerate(model.layers)
              for n, p in layer.params.items()}
    assert relative_error(grad_in, numerical_gradient(total, x_in)) < TOL
    for (param, analytic) in params.values():
        assert relative_error(analytic, numerical_gradient(total, param)) < TOL


class Spy(Layer):
    """A layer without parameters that passes everything through and remembers its calls."""

    splittable = True

    def __init__(self):
        super().__init__()
        self.backward_calls, self.blas_threads = 0, []

    def forward(self, x, training=False):
        from threadpoolctl import threadpool_info
        if len(x) > 1:  # not the one-example shape checks of fit and evaluate
            self.blas_threads.append(max([lib["num_threads"] for lib in threadpool_info()
                                          if lib["user_api"] == "blas"], default=1))
        return x

    def backward(self, grad_out):
        self.backward_calls += 1
        return grad_out


def test_the_fast_step_skips_the_input_gradient_that_backward_still_computes():
    """The two-thread step (nnbook.fast.split) needs no ∂L/∂input: the first layer with
    parameters is asked for none (``input_grad=False``) and layers below it are not run
    backward. model.backward (Chapter 6) computes the whole chain, and the parameter
    gradients are the same either way."""
    from nnbook.conv import Conv2D

    rng = np.random.default_rng(3)
    x, y = rng.random((8, 1, 6, 6)), np.eye(3)[rng.integers(0, 3, 8)]
    returned = []

    class Recording(Conv2D):
        def backward(self, grad_out, input_grad=True):
            returned.append(super().backward(grad_out, input_grad))
            return returned[-1]

    spy = Spy()
    model = Sequential([spy, Recording(2, 3, seed=0), Tanh(), Flatten(), Dense(3, seed=1),
                        Softmax()], dtype="float64")
    model.compile(SGD(learning_rate=0.0), "categorical_crossentropy", fuse=False)
    model.train_on_batch(x, y)
    assert len(returned) == 1 and returned[0] is None and spy.backward_calls == 0
    in_training = {(k, name): grad.copy() for k, layer in enumerate(model.layers)
                   for name, grad in layer.grads.items()}
    loss = CategoricalCrossentropy()
    loss.forward(model.forward(x), y)
    grad_in = model.backward(loss.backward())
    assert grad_in.shape == x.shape and spy.backward_calls == 1
    assert returned[-1] is grad_in
    for (k, name), grad in in_training.items():
        np.testing.assert_allclose(model.layers[k].grads[name], grad, rtol=1e-12, atol=1e-15)


def test_the_plain_step_runs_the_whole_chain_and_works_without_parameters():
    x, y = three_blobs(4, seed=4)
    model = Sequential([Flatten(), Softmax()], dtype="float64")  # nothing to train
    model.compile("sgd", "categorical_crossentropy")
    assert np.isfinite(model.train_on_batch(2.0 * y, y))
    spy = Spy()
    model = Sequential([spy, Dense(3, seed=0), Softmax()], dtype="float64")
    model.compile("sgd", "categorical_crossentropy")
    loss, y_pred = model.train_step(x, y)
    assert spy.backward_calls == 1 and y_pred.shape == y.shape and np.isfinite(loss)


def test_training_holds_blas_to_one_thread_and_gives_it_back():
    from threadpoolctl import threadpool_info, threadpool_limits

    def blas_threads():
        return max([lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"],
                   default=1)

    x, y = three_blobs(4, seed=5)
    spy = Spy()
    model = Sequential([spy, Dense(3, seed=0), Softmax()])
    model.compile("sgd", "categorical_crossentropy")
    with threadpool_limits(limits=2, user_api="blas"):
        before = blas_threads()
        model.fit(x, y, batch_size=4, epochs=1, verbose=0)
        model.train_on_batch(x, y)
        model.evaluate(x, y, verbose=0)
        model.predict(x)
        assert blas_threads() == before
    assert len(spy.blas_threads) == 3 + 1 + 1 + 1 and set(spy.blas_threads) == {1}


def test_same_seed_same_cnn_training_to_the_last_bit():
    from nnbook.conv import Conv2D
    from nnbook.pooling import MaxPooling2D

    def trained():
        images = load_mnist().x[:40]
        labels = to_categorical(np.arange(40) % 10, 10)
        model = Sequential([Conv2D(2, 3, input_shape=(1, 28, 28), seed=0), Tanh(),
                            MaxPooling2D(2), Flatten(), Dense(10, seed=1), Softmax()], seed=3)
        model.compile(SGD(0.05, momentum=0.9, nesterov=True, decay=1e-6),
                      "categorical_crossentropy")
        model.fit(images, labels, batch_size=8, epochs=2, verbose=0)
        return [p.copy() for layer in model.layers for p in layer.params.values()]

    for a, b in zip(trained(), trained()):
        assert a.dtype == np.float32
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("last, loss, outputs", [
    (Softmax, "categorical_crossentropy", 3),
    (lambda: Activation("softmax"), "categorical_crossentropy", 3),
    (Sigmoid, "binary_crossentropy", 2),
])
def test_fused_and_unfused_training_steps_give_the_same_gradients(last, loss, outputs):
    x, y = three_blobs(4, seed=3)
    y = y[:, :outputs]
    models = []
    for fuse in (True, False):
        model = mlp(dtype="float64", last=last, outputs=outputs)
        model.compile(optimizer=SGD(learning_rate=0.0), loss=loss, fuse=fuse)
        models.append(model)
    models[0].build((2,))
    models[1].build((2,))
    same_weights(*models)
    assert models[0]._fused() and not models[1]._fused()
    for model in models:
        model.train_on_batch(x, y)
    for fused, unfused in zip(models[0].layers, models[1].layers):
        for name in fused.grads:
            np.testing.assert_allclose(fused.grads[name], unfused.grads[name],
                                       rtol=1e-9, atol=1e-14)


def test_no_fusion_for_another_loss_or_last_layer():
    model = mlp()
    model.compile(optimizer="sgd", loss="mse")
    assert not model._fused()
    model = mlp(last=Tanh)
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    assert not model._fused()
    model = mlp(last=Softmax)
    model.compile(optimizer="sgd", loss=CategoricalCrossentropy(from_logits=True))
    assert not model._fused()


def test_fused_training_is_finite_when_the_softmax_saturates():
    x = np.array([[50.0, -50.0], [-50.0, 50.0]], dtype=np.float32)
    y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=np.float32)
    model = mlp()
    model.compile(optimizer=SGD(learning_rate=1.0), loss="categorical_crossentropy")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(3):
            assert np.isfinite(model.train_on_batch(x * 100, y))
    assert all(np.all(np.isfinite(p)) for layer in model.layers for p in layer.params.values())


# --- freezing, optimizers per model -----------------------------------------------------------


def test_a_frozen_layer_is_not_updated_but_passes_gradients():
    x, y = three_blobs(5)
    model = compiled(learning_rate=0.5)
    model.build((2,))
    model.layers[0].trainable = False
    frozen, moving = model.layers[0].params["W"].copy(), model.layers[2].params["W"].copy()
    model.train_on_batch(x, y)  # compiled before the freeze: all layers train (Keras 2)
    assert not np.array_equal(model.layers[0].params["W"], frozen)
    frozen = model.layers[0].params["W"].copy()
    model.compile(model.optimizer, model.loss)  # trainable is read here
    model.train_on_batch(x, y)
    np.testing.assert_array_equal(model.layers[0].params["W"], frozen)
    assert not np.array_equal(model.layers[2].params["W"], moving)
    assert np.any(model.layers[0].grads["W"] != 0)  # computed, just not applied


def test_a_frozen_model_stays_put_and_still_returns_input_gradients():
    x, y = three_blobs(5)
    model = compiled(learning_rate=0.5)
    model.build((2,))
    model.trainable = False
    model.compile(model.optimizer, model.loss)
    assert model.trainable is False and all(not layer.trainable for layer in model.layers)
    before = [p.copy() for layer in model.layers for p in layer.params.values()]
    model.train_on_batch(x, y)
    after = [p for layer in model.layers for p in layer.params.values()]
    for b, a in zip(before, after):
        np.testing.assert_array_equal(a, b)
    probs = model.forward(x, training=True)
    assert np.all(np.isfinite(model.backward(np.ones_like(probs))))
    assert model.count_params(trainable_only=True) == 0
    model.trainable = True
    n_params = (2 * 16 + 16) + (16 * 3 + 3)
    assert model.count_params(trainable_only=True) == model.count_params() == n_params


def test_each_model_gets_its_own_optimizer():
    first, second = mlp(), mlp()
    first.compile(optimizer="sgd", loss="categorical_crossentropy")
    second.compile(optimizer="sgd", loss="categorical_crossentropy")
    assert first.optimizer is not second.optimizer
    sgd = SGD(0.3)
    first.compile(optimizer=sgd, loss="mse")
    assert first.optimizer is sgd


def test_training_flag_reaches_layers_that_ask_for_it():
    class Spy(Layer):
        def __init__(self):
            super().__init__()
            self.seen = []

        def forward(self, x, training=False):
            self.seen.append(training)
            return x

        def backward(self, grad_out):
            return grad_out

    spy = Spy()
    model = Sequential([Dense(3, seed=0), spy, Softmax()])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    x, y = three_blobs(2)
    model.train_on_batch(x, y)
    spy.seen.clear()
    model.train_on_batch(x, y)
    model.predict(x)
    assert spy.seen == [True, False]


# --- dtypes -------------------------------------------------------------------------------------


def test_float32_is_the_default_and_stays_float32():
    x, y = three_blobs(10)  # float64 data, cast once by the model
    model = compiled()
    model.fit(x, y, epochs=1, verbose=0)
    assert model.dtype == np.float32
    for layer in model.layers:
        for name in layer.params:
            assert layer.params[name].dtype == layer.grads[name].dtype == np.float32
    assert model.forward(x).dtype == np.float32
    assert model.backward(np.ones((30, 3), dtype=np.float32)).dtype == np.float32


def test_float64_model():
    x, y = three_blobs(5)
    model = compiled(dtype="float64")
    model.fit(x, y, verbose=0)
    assert model.layers[0].params["W"].dtype == np.float64
    assert model.predict(x).dtype == np.float64


def test_a_layer_built_in_another_dtype_is_refused_by_the_layer():
    with pytest.raises(TypeError, match="float64 parameters but got float32 input"):
        Sequential([Dense(3, input_dim=2).build(), Softmax()])  # float64 parameters
    model = Sequential([Flatten(), Dense(3).build(2), Softmax()])  # refused at first use
    with pytest.raises(TypeError, match="float64 parameters but got float32 input"):
        model.predict(np.zeros((1, 2)))


def test_integer_dtype_refused():
    with pytest.raises(ValueError, match="int32"):
        Sequential(dtype="int32")


# --- summary and shapes -------------------------------------------------------------------------


def mnist_mlp():
    return Sequential([Flatten(), Dense(64, seed=0), ReLU(), Dense(10, seed=1), Softmax()])


def test_output_shapes_and_count_params():
    model = mnist_mlp()
    assert model.output_shapes((1, 28, 28)) == [
        (None, 784), (None, 64), (None, 64), (None, 10), (None, 10)]
    assert model.count_params() == 784 * 64 + 64 + 64 * 10 + 10 == 50890
    assert model.output_shapes() == model.output_shapes((1, 28, 28))  # remembered
    flat = Sequential([Flatten(), Dense(10)]).build((16, 4, 4))
    assert flat.output_shapes()[0] == (None, 256)


def test_summary_table(capsys):
    model = mnist_mlp()
    model.summary((1, 28, 28))
    text = capsys.readouterr().out
    assert "Total params: 50,890" in text and "Trainable params: 50,890" in text
    assert "Non-trainable params: 0" in text
    names = ("Flatten", "Dense", "ReLU", "Softmax")
    rows = [line for line in text.splitlines() if line.startswith(names)]
    assert len(rows) == 5
    assert "(None, 784)" in rows[0] and rows[0].rstrip().endswith(" 0")
    assert "(None, 64)" in rows[1] and rows[1].rstrip().endswith("50,240")
    assert rows[3].rstrip().endswith("650")
    lines = []
    model.layers[1].trainable = False
    model.summary(print_fn=lines.append)
    assert "Non-trainable params: 50,240" in lines[0]


def test_summary_from_input_dim_and_refused_without_a_shape():
    assert Sequential([Dense(4, input_dim=3), Tanh()]).count_params() == 16
    with pytest.raises(ValueError, match=r"input_shape.*build\(\(1, 28, 28\)\)"):
        mnist_mlp().summary()


# --- refusals ------------------------------------------------------------------------------------


def test_fit_evaluate_train_before_compile_refused():
    x, y = three_blobs(2)
    calls = (lambda m: m.fit(x, y), lambda m: m.evaluate(x, y), lambda m: m.train_on_batch(x, y))
    for call in calls:
        with pytest.raises(RuntimeError, match=r"compile\(optimizer=\.\.\., loss=\.\.\.\) first"):
            call(mlp())


def test_labels_that_do_not_match_the_output_refused_naming_both_shapes():
    x, y = three_blobs(10)
    model = compiled()
    with pytest.raises(ValueError, match=r"output has shape \(30, 3\) but y has shape \(30,\)"
                                         r".*to_categorical\(y, 3\)"):
        model.fit(x, y.argmax(axis=1), verbose=0)
    with pytest.raises(ValueError, match=r"output has shape \(30, 3\) but y has shape \(30, 10\)"):
        model.evaluate(x, np.zeros((30, 10)), verbose=0)
    with pytest.raises(ValueError, match=r"\(30, 3\).*\(30,\)"):
        model.train_on_batch(x, y.argmax(axis=1))
    with pytest.raises(ValueError, match="x of shape \\(30, 2\\) and y of shape \\(29, 3\\)"):
        model.fit(x, y[:29], verbose=0)


def test_input_width_mismatch_propagates_dense_message():
    model = Sequential([Dense(10, input_dim=256), Softmax()])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    with pytest.raises(ValueError, match="Dense expected input with 256 features, got 784"):
        model.fit(np.zeros((4, 784)), np.zeros((4, 10)), verbose=0)
    with pytest.raises(ValueError, match="Flatten"):
        model.predict(np.zeros((4, 1, 28, 28)))


def test_unknown_names_refused():
    model = mlp()
    with pytest.raises(ValueError, match="unknown loss 'crossentropy'"):
        model.compile(optimizer="sgd", loss="crossentropy")
    with pytest.raises(ValueError, match="unknown optimizer 'nadam'.*sgd"):
        model.compile(optimizer="nadam", loss="mse")
    with pytest.raises(ValueError, match="unknown metric 'precision'.*accuracy"):
        model.compile(optimizer="sgd", loss="mse", metrics=["precision"])


def test_bad_fit_arguments_refused():
    x, y = three_blobs(2)
    model = compiled()
    with pytest.raises(ValueError, match="validation_split"):
        model.fit(x, y, validation_split=1.0)
    with pytest.raises(ValueError, match="batch_size"):
        model.fit(x, y, batch_size=0)
    with pytest.raises(RuntimeError, match="no layers"):
        Sequential().predict(x)
    with pytest.raises(TypeError, match="expected a layer"):
        Sequential().add("dense")


def test_reprs():
    model = Sequential([Flatten(), Dense(3), Softmax()])
    assert repr(model) == "Sequential([Flatten(), Dense(3), Softmax()])"
    assert repr(History()) == "History(epochs=0, keys=[])"


# --- Flatten ----------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(2, 1, 4, 4), (3, 2, 3), (4, 5), (3,)])
def test_gradcheck_flatten(shape):
    x = np.random.default_rng(0).standard_normal(shape)
    result = check_layer(Flatten(), x)
    assert set(result) == {"x"} and result.worst < TOL, result


def test_flatten_is_channels_first_row_major():
    x = np.arange(2 * 3 * 2 * 2, dtype=np.float32).reshape(2, 3, 2, 2)  # (N, C, H, W)
    layer = Flatten()
    out = layer.forward(x)
    assert out.shape == (2, 12) and out.dtype == np.float32
    # example 1, channel 2, row 1, column 0 is feature 2·4 + 1·2 + 0 = 10
    assert out[1, 10] == x[1, 2, 1, 0]
    grad = layer.backward(np.arange(24.0, dtype=np.float32).reshape(2, 12))
    assert grad.shape == x.shape and grad.dtype == np.float32
    np.testing.assert_array_equal(grad, x)


def test_flatten_refusals_and_repr():
    layer = Flatten()
    with pytest.raises(RuntimeError, match="forward before backward"):
        layer.backward(np.ones((2, 4)))
    layer.forward(np.zeros((2, 1, 2, 2)))
    with pytest.raises(ValueError, match=r"\(2, 4\).*got \(2, 3\)"):
        layer.backward(np.ones((2, 3)))
    assert repr(layer) == "Flatten()" and layer.params == {} and layer.trainable


# --- training on two threads ----------------------------------------------------------------


def small_cnn(dtype="float64", threads=1, last=Softmax, seed=0):
    from nnbook.conv import Conv2D
    from nnbook.pooling import MaxPooling2D

    model = Sequential([Conv2D(3, 3, input_shape=(1, 10, 10), seed=seed), Tanh(),
                        MaxPooling2D(2), Conv2D(4, 3, seed=seed + 1), Sigmoid(), Flatten(),
                        Dense(5, seed=seed + 2), last()], dtype=dtype, seed=seed)
    model.threads = threads
    return model


def cnn_data(n, outputs=5, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 1, 10, 10)), to_categorical(rng.integers(0, outputs, n), outputs)


@pytest.mark.parametrize("loss, last, n", [
    ("categorical_crossentropy", Softmax, 64),  # fused, two halves of 32
    ("categorical_crossentropy", Softmax, 77),  # halves of 38 and 39
    ("mse", Tanh, 70),  # a mean over every element
    ("sse", Tanh, 70),  # a sum: the halves' gradients are not weighted
])
def test_a_step_on_two_threads_is_the_step_on_one(loss, last, n):
    x, y = cnn_data(n)
    models = [small_cnn(threads=threads, last=last) for threads in (1, 2)]
    for model in models:
        model.compile(SGD(learning_rate=0.1, momentum=0.9), loss)
        model.build((1, 10, 10))
    same_weights(*models)
    assert len(split.pieces(models[0], n)) == 1 and len(split.pieces(models[1], n)) == 2
    for _ in range(2):  # the second step also checks the update made from the summed grads
        losses = [model.train_on_batch(x, y) for model in models]
        assert losses[1] == pytest.approx(losses[0], rel=1e-12)
        for one, two in zip(models[0].layers, models[1].layers):
            assert one.grads.keys() == two.grads.keys()
            for name in one.grads:
                np.testing.assert_allclose(two.grads[name], one.grads[name],
                                           rtol=1e-12, atol=1e-15)
                np.testing.assert_allclose(two.params[name], one.params[name],
                                           rtol=1e-12, atol=1e-15)


def test_training_on_two_threads_repeats_to_the_last_bit_and_reports_metrics():
    x, y = cnn_data(96)

    def trained():
        model = small_cnn(dtype="float32", threads=2)
        model.compile(SGD(0.05, momentum=0.9, nesterov=True), "categorical_crossentropy",
                      metrics=["accuracy"])
        history = model.fit(x, y, batch_size=64, epochs=3, verbose=0)
        return history.history, [p.copy() for layer in model.layers
                                 for p in layer.params.values()]

    (history, params), (history_again, params_again) = trained(), trained()
    assert history == history_again and set(history) == {"loss", "accuracy"}
    for a, b in zip(params, params_again):
        assert a.dtype == np.float32
        np.testing.assert_array_equal(a, b)


def test_which_batches_are_split():
    model = small_cnn(threads=2)
    model.compile("sgd", "categorical_crossentropy")
    assert split.pieces(model, 63) == [slice(0, 63)]  # under 32 per thread: one piece
    assert split.pieces(model, 64) == [slice(0, 32), slice(32, 64)]
    model.threads = 1
    assert split.pieces(model, 100) == [slice(0, 100)]
    dense_only = mlp()  # short numpy calls: no gain from a second thread
    dense_only.compile("sgd", "categorical_crossentropy")
    dense_only.threads = 2
    assert split.pieces(dense_only, 100) == [slice(0, 100)]

    class Mine(Layer):  # a layer that does not say it may be split: it is not
        def forward(self, x, training=False):
            return np.tanh(x)

    custom = small_cnn(threads=2)
    custom.layers[1] = Mine()
    custom.compile("sgd", "categorical_crossentropy")
    assert split.pieces(custom, 100) == [slice(0, 100)]

    class Unknown(CategoricalCrossentropy):  # a loss that does not say how it reduces
        reduction = None

    model = small_cnn(threads=2)
    model.compile("sgd", Unknown())
    assert split.pieces(model, 100) == [slice(0, 100)]


def test_a_twin_shares_the_parameters_but_not_the_gradients_or_caches():
    from nnbook.conv import Conv2D

    layer = Conv2D(2, 3, seed=0)
    x = np.random.default_rng(0).random((2, 1, 6, 6))
    out = layer.forward(x)
    grad_x = layer.backward(np.ones_like(out))
    twin = split.twin(layer, 1)
    assert twin.params is layer.params and twin.params["W"] is layer.params["W"]
    assert twin.grads is not layer.grads and twin._work is not layer._work
    assert split.twin(layer, 1)._work is twin._work  # a twin's work arrays are kept
    grad_W = layer.grads["W"].copy()
    twin.forward(2 * x)
    twin.backward(np.ones_like(out))
    np.testing.assert_array_equal(layer.grads["W"], grad_W)
    np.testing.assert_array_equal(layer.backward(np.ones_like(out)), grad_x)  # its own cache
    dense = Dense(3, input_dim=2, seed=0).build()
    assert split.twin(dense).params is dense.params and split.twin(dense).grads is not dense.grads


def _small_cnn(seed=None):
    from nnbook.conv import Conv2D
    from nnbook.layers import Dense, Flatten, Softmax

    return Sequential([Conv2D(2, 3, seed=seed), Flatten(), Dense(3, seed=seed), Softmax()],
                      dtype="float64")


def test_two_thread_first_step_on_an_unbuilt_model_uses_the_models_weights():
    # Twins made before the layers are built would build weights of their own.
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 1, 6, 6))
    y = np.eye(3)[rng.integers(0, 3, 64)]
    two, one = _small_cnn(), _small_cnn()
    for model, threads in ((two, 2), (one, 1)):
        model.threads = threads
        model.compile(optimizer=SGD(learning_rate=0.0), loss="categorical_crossentropy")
    two.train_on_batch(x, y)
    one.forward(x[:1])  # build, then take two's weights
    for a, b in zip(two.layers, one.layers):
        for name in a.params:
            b.params[name][...] = a.params[name]
    one.train_on_batch(x, y)
    for a, b in zip(two.layers, one.layers):
        for name in a.grads:
            np.testing.assert_allclose(a.grads[name], b.grads[name], rtol=1e-10, atol=1e-12)


def test_fit_restarts_a_list_of_batches_every_epoch():
    rng = np.random.default_rng(0)
    batches = [(rng.standard_normal((4, 3)), np.eye(2)[rng.integers(0, 2, 4)]) for _ in range(5)]
    model = Sequential([Dense(2, seed=0), Softmax()], dtype="float64")
    model.compile(optimizer=SGD(learning_rate=0.1), loss="categorical_crossentropy")
    steps = []
    model._train_batch = lambda x, y, _f=model._train_batch: steps.append(1) or _f(x, y)
    model.fit(batches, epochs=2, steps_per_epoch=5, verbose=0)
    assert len(steps) == 10


@pytest.mark.parametrize("method", ["evaluate", "predict"])
def test_batch_size_must_be_positive(method):
    model = Sequential([Dense(2, seed=0), Softmax()])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    x, y = np.zeros((4, 3)), np.eye(2)[[0, 1, 0, 1]]
    args = (x, y) if method == "evaluate" else (x,)
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got 0"):
        getattr(model, method)(*args, batch_size=0)


def test_a_forked_child_can_still_train_on_two_threads():
    import os
    import signal

    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 1, 6, 6))
    y = np.eye(3)[rng.integers(0, 3, 64)]
    model = _small_cnn(seed=0)
    model.threads = 2
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    model.train_on_batch(x, y)  # the parent makes its thread pool
    pid = os.fork()
    if pid == 0:  # the child inherits the pool object but not its thread
        signal.alarm(20)
        model.train_on_batch(x, y)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, "the child hung or failed"
