"""Models nest, and freezing means what Keras 2 users expect (read when compiling)."""

import io

import numpy as np
import pytest

from nnbook.conv import Conv2D
from nnbook.gradcheck import numerical_gradient, relative_error
from nnbook.layers import Dense, Flatten, Sigmoid, Tanh
from nnbook.losses import BinaryCrossentropy
from nnbook.model import Sequential
from nnbook.optimizers import SGD


def generator(seed=0):
    return Sequential([Dense(8, input_dim=2, seed=seed), Tanh(), Dense(3, seed=seed + 1)],
                      dtype="float64")


def discriminator(seed=10):
    return Sequential([Dense(8, input_dim=3, seed=seed), Tanh(), Dense(1, seed=seed + 1),
                       Sigmoid()], dtype="float64")


def snapshot(model):
    return {name: p.copy() for name, p in model.params.items()}


def changed(before, model):
    return {name for name, p in model.params.items() if not np.array_equal(p, before[name])}


def test_a_model_is_a_layer_with_params_grads_forward_and_backward():
    G = generator()
    assert set(G.params) == {"0.W", "0.b", "2.W", "2.b"} and G.params.keys() == G.grads.keys()
    outer = Sequential([G, discriminator()], dtype="float64")
    assert "0.2.W" in outer.params and "1.2.b" in outer.params
    z = np.random.default_rng(0).standard_normal((5, 2))
    loss = BinaryCrossentropy()

    def f(z_in):
        return loss.forward(outer.forward(z_in), np.ones((5, 1)))

    f(z)
    grad_z = outer.backward(loss.backward())
    assert relative_error(grad_z, numerical_gradient(f, z.copy())) < 1e-7


def test_the_keras_2_gan_pattern_freezes_d_in_the_gan_but_not_in_its_own_training():
    G, D = generator(), discriminator()
    D.compile(SGD(0.1), "binary_crossentropy")
    D.trainable = False
    gan = Sequential([G, D], dtype="float64")
    gan.compile(SGD(0.1), "binary_crossentropy")
    rng = np.random.default_rng(1)
    z, x = rng.standard_normal((16, 2)), rng.standard_normal((16, 3))
    g_before, d_before = snapshot(G), snapshot(D)
    gan.train_on_batch(z, np.ones((16, 1)))
    assert changed(g_before, G) == set(G.params) and not changed(d_before, D)
    g_before = snapshot(G)
    D.train_on_batch(x, np.ones((16, 1)))
    assert changed(d_before, D) == set(D.params) and not changed(g_before, G)


def test_trainable_is_read_at_compile_time():
    D = discriminator()
    D.compile(SGD(0.1), "binary_crossentropy")
    D.trainable = False  # after compile: D still trains, as in Keras 2
    x = np.random.default_rng(2).standard_normal((8, 3))
    before = snapshot(D)
    D.train_on_batch(x, np.zeros((8, 1)))
    assert changed(before, D) == set(D.params)
    D.compile(SGD(0.1), "binary_crossentropy")  # compiled frozen: nothing moves
    before = snapshot(D)
    D.train_on_batch(x, np.zeros((8, 1)))
    assert not changed(before, D)


def test_summary_and_count_params_show_the_nested_model():
    G, D = generator(), discriminator()
    D.trainable = False
    gan = Sequential([G, D], dtype="float64")
    out = io.StringIO()
    gan.summary(print_fn=lambda text: out.write(text))
    text = out.getvalue()
    assert "Sequential (3 layers)" in text and "Sequential (4 layers)" in text
    assert "  Dense(8, input_dim=3" in text  # D's layers, indented under it
    g, d = 2 * 8 + 8 + 8 * 3 + 3, 3 * 8 + 8 + 8 + 1
    assert gan.count_params() == g + d and gan.count_params(trainable_only=True) == g
    assert f"Non-trainable params: {d:,}" in text


def test_a_layer_given_its_input_shape_is_built_when_added():
    model = Sequential([Conv2D(4, 5, input_shape=(1, 28, 28), seed=0), Flatten(), Dense(10)])
    assert model.layers[0].built and model.layers[2].built
    assert model.count_params() == (4 * 25 + 4) + (4 * 24 * 24 * 10 + 10)
    model.add(Dense(3))
    assert model.layers[-1].params["W"].shape == (10, 3)


def test_a_model_cannot_hold_itself_and_refuses_classes():
    model = generator()
    with pytest.raises(ValueError, match="cannot hold itself"):
        model.add(model)
    with pytest.raises(TypeError, match=r"the class Dense: make one first, e.g. Dense\(...\)"):
        model.add(Dense)
