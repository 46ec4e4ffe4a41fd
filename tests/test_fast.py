"""nnbook.fast computes what the plain code computes: each fast routine against its plain
reference, to 1e-12 in float64; and the speed room depends on no lesson."""

import ast
import itertools
from pathlib import Path

import numpy as np
import pytest

from nnbook import conv_loops
from nnbook.conv import Conv2D, col2im, conv2d_im2col, conv_padding, im2col
from nnbook.fast import conv as fast_conv
from nnbook.fast import pool as fast_pool
from nnbook.fast import backprop, split
from nnbook.layers import Dense, Flatten, LeakyReLU, RandomLayer, Sigmoid, Softmax, Tanh
from nnbook.model import Sequential
from nnbook.optimizers import SGD
from nnbook.pooling import MaxPooling2D

AGREE = 1e-12
ROOT = Path(__file__).resolve().parents[1] / "nnbook"


def random(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


# --- the plain im2col a chapter shows --------------------------------------------------------


@pytest.mark.parametrize("kernel, strides", [((3, 3), (1, 1)), ((2, 3), (2, 1)), ((1, 1), (1, 1))])
def test_plain_im2col_times_the_kernel_is_the_loops_convolution(kernel, strides):
    x, W = random((2, 3, 7, 6)), random((4, 3, *kernel), 1)
    cols = im2col(x, kernel, strides)
    out = (W.reshape(4, -1) @ cols).reshape(conv_loops.correlate2d(x, W, strides).shape)
    np.testing.assert_allclose(out, conv_loops.correlate2d(x, W, strides), atol=AGREE)


def test_plain_col2im_is_the_adjoint_of_im2col():
    x = random((2, 3, 7, 6))
    cols = im2col(x, (3, 2), (2, 1))
    c = random(cols.shape, 1)
    assert np.sum(cols * c) == pytest.approx(np.sum(x * col2im(c, x.shape, (3, 2), (2, 1))),
                                             rel=1e-12)


CASES = list(itertools.product([(3, 3), (2, 3), (1, 1)], ["valid", "same", "full"],
                               [(1, 1), (2, 2), (1, 2)]))


@pytest.mark.parametrize("kernel, padding, strides", CASES)
def test_fast_convolution_matches_im2col_and_the_loops(kernel, padding, strides):
    x, W, b = random((3, 2, 7, 6)), random((4, 2, *kernel), 1), random(4, 2)
    pads = tuple(conv_padding(n, k, padding, s) for n, k, s in zip(x.shape[2:], kernel, strides))
    work = {}
    out = fast_conv.conv2d_forward(x, W, b, pads, strides, work)
    np.testing.assert_allclose(out, conv2d_im2col(x, W, b, padding, strides), atol=AGREE)
    np.testing.assert_allclose(out, conv_loops.conv2d_forward(x, W, b, padding, strides),
                               atol=AGREE)
    grad_out = random(out.shape, 3)
    fast = fast_conv.conv2d_backward(grad_out, x.shape, W, pads, strides, work)
    loops = conv_loops.conv2d_backward(x, W, grad_out, padding, strides)
    for got, expected in zip(fast, loops):
        np.testing.assert_allclose(got, expected, atol=AGREE)


@pytest.mark.parametrize("pool, strides, padding", [
    ((2, 2), (2, 2), "valid"), ((2, 2), (2, 2), "same"), ((3, 3), (2, 2), "same"),
    ((3, 2), (1, 1), "valid")])
def test_fast_pooling_matches_the_loops(pool, strides, padding):
    x = random((2, 3, 7, 6))
    pads = tuple(conv_padding(n, k, padding, s) for n, k, s in zip(x.shape[2:], pool, strides))
    out, saved = fast_pool.max_pool_forward(x, pool, strides, pads, {})
    np.testing.assert_array_equal(out, conv_loops.max_pool_forward(x, pool, strides, padding))
    grad_out = random(out.shape, 1)
    np.testing.assert_allclose(fast_pool.max_pool_backward(grad_out, saved),  # overlapping
                               conv_loops.max_pool_backward(x, grad_out, pool, strides, padding),
                               atol=AGREE)  # windows add in another order


# --- stale work arrays (issue: a padded border left from another input size) -----------------


def test_a_padded_border_never_outlives_its_input_size():
    c = Conv2D(1, 3, padding="same", strides=2, kernel_initializer="uniform", seed=0)
    c.forward(np.full((1, 1, 8, 8), 100.0))
    assert c.forward(np.zeros((1, 1, 7, 7))).max() == 0.0
    m = MaxPooling2D(3, strides=2, padding="same")
    m.forward(np.full((1, 1, 8, 8), 100.0))
    assert m.forward(np.zeros((1, 1, 7, 7))).max() == 0.0


LAYERS = {
    "conv-same-s2": lambda: Conv2D(2, 3, padding="same", strides=2, seed=0),
    "conv-full": lambda: Conv2D(2, 3, padding="full", seed=0),
    "conv-valid": lambda: Conv2D(2, 2, seed=0),
    "pool-same-s2": lambda: MaxPooling2D(3, strides=2, padding="same"),
    "pool-2": lambda: MaxPooling2D(2, padding="same"),
    "flatten": Flatten, "tanh": Tanh, "softmax": Softmax,
}


@pytest.mark.parametrize("make", list(LAYERS.values()), ids=list(LAYERS))
def test_inputs_of_changing_sizes_give_what_a_fresh_layer_gives(make):
    layer = make()
    for k, shape in enumerate([(2, 1, 8, 8), (1, 1, 7, 7), (3, 1, 8, 7), (2, 1, 7, 8),
                               (2, 1, 8, 8), (1, 1, 6, 9)]):
        x = random(shape, k) + 50 * (k % 2)
        fresh = make()
        if layer.params:
            fresh.build(shape[1:])
            for name in layer.params:
                fresh.params[name][...] = layer.params[name]
        out, expected = layer.forward(x), fresh.forward(x)
        np.testing.assert_allclose(out, expected, rtol=AGREE, atol=AGREE)  # BLAS may round
        grad = random(out.shape, 10 + k)  # differently in another buffer: not bit-equal
        np.testing.assert_allclose(layer.backward(grad), fresh.backward(grad), atol=AGREE)
        for name in layer.grads:
            np.testing.assert_allclose(layer.grads[name], fresh.grads[name], atol=AGREE)


def test_an_all_minus_infinity_window_sends_its_gradient_to_the_input():
    """As PyTorch: the padding of 'same' never takes the gradient, even from −∞ inputs."""
    layer = MaxPooling2D(2, padding="same")
    x = np.full((1, 1, 3, 3), -np.inf)
    out = layer.forward(x)
    grad = layer.backward(np.ones_like(out))
    assert np.all(out == -np.inf) and grad.sum() == out.size


# --- the two-thread step is the plain step ----------------------------------------------------


def cnn(threads, seed=0, extra=()):
    model = Sequential([Conv2D(3, 3, input_shape=(1, 8, 8), seed=seed), Tanh(), *extra,
                        MaxPooling2D(), Flatten(), Dense(4, seed=seed + 1), Softmax()],
                       dtype="float64", seed=seed)
    model.threads = threads
    model.compile(SGD(0.1, momentum=0.9, nesterov=True), "categorical_crossentropy")
    return model


def data(n=96, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 1, 8, 8)), np.eye(4)[rng.integers(0, 4, n)]


def weights(model):
    return [p.copy() for p in model.params.values()]


def test_the_split_step_is_the_plain_train_step():
    x, y = data()
    plain, fast = cnn(1), cnn(2)
    assert len(split.pieces(fast, len(x))) == 2
    for _ in range(3):
        loss_plain, pred_plain = plain.train_step(x, y)
        loss_fast, pred_fast = split.train_step(fast, x, y)
        assert loss_fast == pytest.approx(loss_plain, rel=AGREE)
        np.testing.assert_allclose(pred_fast, pred_plain, atol=AGREE)
    for a, b in zip(weights(plain), weights(fast)):
        np.testing.assert_allclose(b, a, rtol=AGREE, atol=AGREE)


class Noise(RandomLayer):
    """A small random layer for the tests: multiplies by fresh noise while training."""

    def draw(self, rng, shape):
        return rng.uniform(0.5, 1.5, size=shape)

    def forward(self, x, training=False):
        self.mask = self.noise(x.shape) if training else np.ones_like(x)
        return x * self.mask

    def backward(self, grad_out):
        return grad_out * self.mask


def test_a_random_layer_trains_the_same_on_one_or_two_threads_every_run():
    x, y = data()
    runs = []
    for threads in (2, 2, 1):
        model = cnn(threads, extra=[Noise()])
        model.fit(x, y, batch_size=64, epochs=2, verbose=0)
        runs.append(weights(model))
    for a, b in zip(runs[0], runs[1]):
        np.testing.assert_array_equal(a, b)  # two threads: the same bits every run
    for a, b in zip(runs[0], runs[2]):
        np.testing.assert_allclose(a, b, rtol=AGREE, atol=AGREE)  # and the one-thread weights
    assert not np.allclose(runs[0][0], weights(cnn(1))[0])  # it trained


def test_a_random_layer_is_identity_outside_training_and_draws_from_the_model_seed():
    x, _ = data(4)
    model = cnn(1, extra=[Noise()])
    noise = model.layers[2]
    assert noise.rng is not None  # given by the model, from its seed
    np.testing.assert_array_equal(model.predict(x), model.predict(x))
    again = cnn(1, extra=[Noise()]).layers[2]
    assert noise.noise((3,)).tolist() == again.noise((3,)).tolist()


# --- the backward pass that skips unused gradients (Chapter 6) --------------------------------


def discriminator(inner=False):
    """A small discriminator; ``inner`` nests its hidden layers in a model of their own."""
    hidden = [Dense(6, input_dim=5, seed=3), LeakyReLU(0.2), Dense(4, seed=4), Tanh()]
    layers = [Sequential(hidden, dtype="float64")] if inner else hidden
    return Sequential(layers + [Dense(1, seed=5), Sigmoid()], dtype="float64")


def grads(model):
    return {name: g.copy() for name, g in model.grads.items()}


@pytest.mark.parametrize("inner", [False, True], ids=["flat", "nested"])
def test_the_partial_backward_computes_what_backward_computes(inner):
    model, x = discriminator(inner), random((7, 5))
    grad_out = random((7, 1), 1)
    model.forward(x, training=True)
    grad_x = model.backward(grad_out)
    full = grads(model)
    # param_grads=False: the same ∂L/∂x; every layer's grads left exactly as they were
    for layer in split.leaves(model):
        for name in layer.grads:
            layer.grads[name] = np.full_like(layer.grads[name], 7.0)
    model.forward(x, training=True)
    np.testing.assert_allclose(backprop.backward(model, grad_out, param_grads=False), grad_x,
                               rtol=AGREE, atol=AGREE)
    assert all(np.all(g == 7.0) for g in model.grads.values())
    # input_grad=False: the same parameter gradients, and None for ∂L/∂x
    model.forward(x, training=True)
    assert backprop.backward(model, grad_out, input_grad=False) is None
    for name, g in grads(model).items():
        np.testing.assert_allclose(g, full[name], rtol=AGREE, atol=AGREE)
    # both asked for: model.backward itself
    model.forward(x, training=True)
    np.testing.assert_allclose(backprop.backward(model, grad_out), grad_x, rtol=AGREE, atol=AGREE)


def test_the_partial_backward_skips_the_products_it_is_told_to():
    model, x = discriminator(), random((3, 5))
    calls = []
    for layer in split.leaves(model):
        if isinstance(layer, Dense):
            def spy(grad_out, input_grad=True, param_grads=True, original=layer.backward):
                calls.append((input_grad, param_grads))
                return original(grad_out, input_grad, param_grads)
            layer.backward = spy
    model.forward(x, training=True)
    backprop.backward(model, random((3, 1)), param_grads=False)
    assert calls == [(True, False)] * 3
    calls.clear()
    backprop.backward(model, random((3, 1)), input_grad=False)
    assert calls == [(True, True), (True, True), (False, True)]


# --- the rooms' walls ---------------------------------------------------------------------------


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nnbook"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("nnbook"))
    return found


def _module_name(path):
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in ROOT.rglob("*.py")}


def test_fast_imports_no_teaching_module():
    for name, path in MODULES.items():
        if name.startswith("nnbook.fast"):
            outside = {m for m in _imports(path) if m in MODULES and not m.startswith("nnbook.fast")}
            assert not outside, f"{name} imports teaching modules {outside}"


def test_the_import_graph_has_no_cycles():
    graph = {name: {m for m in _imports(path) if m in MODULES and m != name}
             for name, path in MODULES.items()}
    state = {}

    def visit(name, trail):
        if state.get(name) == "done":
            return
        assert state.get(name) != "open", f"import cycle: {' -> '.join(trail + [name])}"
        state[name] = "open"
        for other in graph[name]:
            if not name.startswith(other + "."):  # a package's own __init__ is not a cycle
                visit(other, trail + [name])
        state[name] = "done"

    for name in graph:
        visit(name, [])


def test_teaching_modules_fit_one_sitting():
    long = {name: n for name, path in MODULES.items()
            if not name.startswith("nnbook.fast")
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > 330}
    assert not long, f"teaching modules over ~300 lines: {long}"


def test_the_split_step_stops_before_a_non_finite_loss_reaches_the_weights():
    x, y = data()
    model = cnn(2)
    model.layers[0].params["W"][0, 0, 0, 0] = np.nan  # NaN born inside the network
    before = weights(model)
    from nnbook.checks import NonFiniteError

    with np.errstate(all="ignore"), pytest.raises((FloatingPointError, NonFiniteError)):
        split.train_step(model, x, y)
    for a, b in zip(before, weights(model)):
        np.testing.assert_array_equal(a, b)


def test_layers_skip_their_nan_pass_only_inside_a_checked_step():
    from nnbook.checks import NonFiniteError
    from nnbook.fast import trust

    layer = Tanh()
    with pytest.raises(NonFiniteError):
        layer.forward(np.array([[np.nan]]))
    with trust.checked_at_the_door():
        assert np.isnan(layer.forward(np.array([[np.nan]]))).all()
    assert not trust.active()
