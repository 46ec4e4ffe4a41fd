"""Tests of nnbook.conv (the fast Conv2D and MaxPooling2D) and nnbook.conv_loops (the loops)."""

import itertools

import numpy as np
import pytest

from nnbook import conv_loops
from nnbook.conv import PADDINGS, Conv2D, conv_output_size, conv_padding
from nnbook.fast import conv as fast_conv
from nnbook.fast.conv import col2im_flat as col2im
from nnbook.fast.conv import im2col_flat as im2col
from nnbook.pooling import MaxPooling2D
from nnbook.gradcheck import check_layer, numerical_gradient, relative_error
from nnbook.layers import INITIALIZERS, Layer

TOL = 1e-7  # worst relative error a correct backward must beat in float64
AGREE = 1e-12  # loop and fast versions: the same sums, added in another order


def random_input(shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def built_conv(filters, kernel_size, channels, seed=0, **kwargs):
    """A float64 Conv2D with random weights and a nonzero bias."""
    layer = Conv2D(filters, kernel_size, seed=seed, **kwargs).build((channels, 1, 1))
    layer.params["b"][...] = random_input(filters, seed=seed + 100)
    return layer


# --- shape arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize("n, k, padding, stride, expected", [
    (28, 5, "valid", 1, 24), (24, 3, "valid", 1, 22), (11, 3, "valid", 1, 9),
    (5, 5, "valid", 1, 1), (7, 3, "valid", 2, 3), (8, 3, "valid", 2, 3), (8, 2, "valid", 2, 4),
    (28, 5, "same", 1, 28), (28, 4, "same", 1, 28), (7, 3, "same", 2, 4), (8, 3, "same", 2, 4),
    (1, 5, "same", 1, 1), (28, 5, "full", 1, 32), (3, 3, "full", 1, 5), (7, 3, "full", 2, 5),
    (11, 2, "valid", 2, 5), (11, 2, "same", 2, 6), (9, 2, "valid", 2, 4),
])
def test_conv_output_size(n, k, padding, stride, expected):
    assert conv_output_size(n, k, padding, stride) == expected


@pytest.mark.parametrize("n, k, padding, stride, expected", [
    (28, 5, "valid", 1, (0, 0)), (28, 5, "same", 1, (2, 2)), (28, 4, "same", 1, (1, 2)),
    (7, 3, "same", 2, (1, 1)), (8, 3, "same", 2, (0, 1)), (28, 5, "full", 1, (4, 4)),
    (11, 2, "same", 2, (0, 1)),
])
def test_conv_padding(n, k, padding, stride, expected):
    assert conv_padding(n, k, padding, stride) == expected


@pytest.mark.parametrize("n, k, stride",
                         list(itertools.product([1, 4, 7, 8, 28], [1, 2, 3, 5], [1, 2, 3])))
@pytest.mark.parametrize("padding", PADDINGS)
def test_padding_gives_exactly_the_promised_windows(n, k, padding, stride):
    if padding == "valid" and n < k:
        return
    before, after = conv_padding(n, k, padding, stride)
    out = conv_output_size(n, k, padding, stride)
    assert (n + before + after - k) // stride + 1 == out  # a valid convolution of the padded input
    assert before <= after <= before + 1


def test_shape_arithmetic_of_the_classic_script():
    """28 -conv5 valid-> 24 -conv3-> 22 -pool-> 11 -conv3-> 9 -pool-> 4; flatten: 16·4·4 = 256."""
    layers = [Conv2D(4, 5, padding="valid", input_shape=(1, 28, 28)), Conv2D(8, 3),
              MaxPooling2D((2, 2)), Conv2D(16, 3), MaxPooling2D((2, 2))]
    expected = [(4, 24, 24), (8, 22, 22), (8, 11, 11), (16, 9, 9), (16, 4, 4)]
    shape = (1, 28, 28)
    a = np.zeros((2, 1, 28, 28), dtype=np.float32)
    for layer, want in zip(layers, expected):
        shape = layer.compute_output_shape(shape)
        a = layer.forward(a)
        assert shape == want and a.shape == (2, *want)
    assert a.reshape(len(a), -1).shape == (2, 256)
    assert layers[0].compute_output_shape((100, 1, 28, 28)) == (100, 4, 24, 24)


# --- gradient checks -------------------------------------------------------------------------

CONV_CASES = [
    pytest.param(padding, strides, channels, filters, batch, kernel,
                 id=f"{padding}-s{strides}-{channels}to{filters}-n{batch}-k{kernel}")
    for padding, strides, (channels, filters), batch, kernel in itertools.product(
        PADDINGS, [1, 2], [(1, 4), (3, 2)], [1, 3], [3, 2, (2, 3)])
]


@pytest.mark.parametrize("padding, strides, channels, filters, batch, kernel", CONV_CASES)
def test_gradcheck_conv2d(padding, strides, channels, filters, batch, kernel):
    layer = built_conv(filters, kernel, channels, padding=padding, strides=strides)
    x = random_input((batch, channels, 6, 5), seed=batch + channels)
    result = check_layer(layer, x, seed=1)
    assert set(result) == {"x", "W", "b"}
    assert result.worst < TOL, result


def test_gradcheck_conv2d_without_bias_and_with_a_5x5_kernel():
    layer = Conv2D(2, 5, use_bias=False, seed=3)
    result = check_layer(layer, random_input((2, 2, 7, 8)))
    assert set(result) == {"x", "W"} and result.worst < TOL, result


def tie_free_input(shape, seed=0):
    """A random permutation of distinct numbers: no window has two equal maxima."""
    values = np.random.default_rng(seed).permutation(int(np.prod(shape))).astype(np.float64)
    return (values / values.size - 0.5).reshape(shape)


POOL_CASES = [
    pytest.param(pool, strides, padding, shape, id=f"p{pool}-s{strides}-{padding}-{shape}")
    for (pool, strides), padding, shape in itertools.product(
        [(2, None), (3, None), (2, 1), (3, 2), ((2, 3), None), ((1, 2), (1, 2))],
        ["valid", "same"], [(1, 1, 4, 4), (2, 3, 7, 6), (3, 2, 5, 9)])
]


@pytest.mark.parametrize("pool, strides, padding, shape", POOL_CASES)
def test_gradcheck_max_pooling(pool, strides, padding, shape):
    layer = MaxPooling2D(pool, strides, padding)
    x = tie_free_input(shape, seed=sum(shape))
    result = check_layer(layer, x, seed=2)
    assert set(result) == {"x"}
    assert result.worst < TOL, result


# --- max-pooling ties: the gradient goes to one maximum, the first ------------------------------


def test_all_zero_windows_send_the_gradient_to_their_first_entry_only():
    layer = MaxPooling2D(2)
    x = np.zeros((2, 3, 4, 6))  # a digit's background
    layer.forward(x)
    grad_out = random_input((2, 3, 2, 3), seed=1)
    grad_x = layer.backward(grad_out)
    expected = np.zeros_like(x)
    expected[:, :, 0::2, 0::2] = grad_out
    np.testing.assert_array_equal(grad_x, expected)
    windows = (grad_x != 0).reshape(2, 3, 2, 2, 3, 2).sum(axis=(3, 5))
    np.testing.assert_array_equal(windows, 1)  # one entry per window


@pytest.mark.parametrize("window, first", [
    ([[1, 1], [1, 1]], (0, 0)), ([[0, 1], [1, 0]], (0, 1)), ([[0, 0], [1, 1]], (1, 0)),
    ([[0, 1], [0, 1]], (0, 1)), ([[1, 0], [0, 1]], (0, 0)), ([[0, 0], [0, 1]], (1, 1)),
    ([[2, 1], [1, 2]], (0, 0)), ([[0, 3], [3, 3]], (0, 1)),
])
def test_a_tie_goes_to_the_first_maximum_in_row_major_order(window, first):
    x = np.array(window, dtype=float)[None, None]
    for layer in (MaxPooling2D(2), MaxPooling2D(2, strides=1), MaxPooling2D(2, padding="same")):
        layer.forward(x)
        grad_x = layer.backward(np.ones((1, 1, 1, 1)))
        expected = np.zeros_like(x)
        expected[0, 0][first] = 1.0
        np.testing.assert_array_equal(grad_x, expected, err_msg=repr(layer))
    np.testing.assert_array_equal(conv_loops.max_pool_backward(x, np.ones((1, 1, 1, 1))), expected)


def test_ties_in_larger_windows_go_to_one_entry():
    x = np.zeros((1, 1, 6, 6))
    x[0, 0, 1, 2] = x[0, 0, 2, 1] = 1.0  # a tie inside the top-left 3x3 window
    layer = MaxPooling2D(3)
    layer.forward(x)
    grad_x = layer.backward(np.ones((1, 1, 2, 2)))
    assert grad_x[0, 0, 1, 2] == 1.0 and grad_x[0, 0, 2, 1] == 0.0
    assert grad_x.sum() == 4.0 and np.count_nonzero(grad_x) == 4


def test_tied_inputs_fast_and_loop_versions_agree():
    """Rounded digits-like input: many zeros and repeated values."""
    rng = np.random.default_rng(7)
    x = np.where(rng.random((3, 2, 9, 10)) < 0.6, 0.0, rng.integers(1, 4, (3, 2, 9, 10)) / 4)
    for pool, strides, padding in [(2, None, "valid"), (2, None, "same"), (3, 1, "valid"),
                                   (3, 2, "same")]:
        layer = MaxPooling2D(pool, strides, padding)
        out = layer.forward(x)
        grad_out = random_input(out.shape, seed=3)
        np.testing.assert_array_equal(out, conv_loops.max_pool_forward(x, pool, strides, padding))
        loop_grad = conv_loops.max_pool_backward(x, grad_out, pool, strides, padding)
        np.testing.assert_allclose(layer.backward(grad_out), loop_grad, rtol=0, atol=AGREE)


def test_same_padding_never_picks_the_padding():
    x = -1.0 - tie_free_input((1, 2, 5, 5))  # all negative
    layer = MaxPooling2D(2, padding="same")
    out = layer.forward(x)
    assert out.shape == (1, 2, 3, 3) and np.all(out < 0)
    grad_x = layer.backward(np.ones_like(out))
    assert grad_x.sum() == out.size and np.count_nonzero(grad_x) == out.size


# --- the loop version and the fast version agree ----------------------------------------------

AGREE_CASES = [
    pytest.param(padding, strides, kernel, id=f"{padding}-s{strides}-k{kernel}")
    for padding, strides, kernel in itertools.product(
        PADDINGS, [1, 2, (2, 1), 3], [1, 3, 4, (2, 5)])
]


@pytest.mark.parametrize("padding, strides, kernel", AGREE_CASES)
def test_conv2d_fast_and_loop_versions_agree(padding, strides, kernel):
    layer = built_conv(4, kernel, 3, padding=padding, strides=strides, seed=5)
    x = random_input((3, 3, 9, 8), seed=6)
    out = layer.forward(x)
    W, b = layer.params["W"], layer.params["b"]
    loop_out = conv_loops.conv2d_forward(x, W, b, padding, strides)
    np.testing.assert_allclose(out, loop_out, rtol=0, atol=AGREE)
    grad_out = random_input(out.shape, seed=7)
    grad_x = layer.backward(grad_out)
    loop_x, loop_W, loop_b = conv_loops.conv2d_backward(x, W, grad_out, padding, strides)
    np.testing.assert_allclose(grad_x, loop_x, rtol=0, atol=AGREE)
    np.testing.assert_allclose(layer.grads["W"], loop_W, rtol=0, atol=AGREE)
    np.testing.assert_allclose(layer.grads["b"], loop_b, rtol=0, atol=AGREE)


@pytest.mark.parametrize("pool, strides, padding", [
    (2, None, "valid"), (2, None, "same"), (3, None, "valid"), (3, None, "same"), (2, 1, "valid"),
    (3, 2, "same"), ((2, 3), None, "valid"), ((3, 1), (1, 2), "same"),
])
@pytest.mark.parametrize("shape", [(2, 3, 8, 8), (1, 2, 9, 7), (3, 1, 3, 4)])
def test_max_pooling_fast_and_loop_versions_agree(pool, strides, padding, shape):
    if padding == "valid" and min(shape[2:]) < max(np.atleast_1d(pool)):
        return
    x = random_input(shape, seed=8)
    layer = MaxPooling2D(pool, strides, padding)
    out = layer.forward(x)
    np.testing.assert_array_equal(out, conv_loops.max_pool_forward(x, pool, strides, padding))
    grad_out = random_input(out.shape, seed=9)
    np.testing.assert_allclose(layer.backward(grad_out),
                               conv_loops.max_pool_backward(x, grad_out, pool, strides, padding),
                               rtol=0, atol=AGREE)


def test_loop_forward_is_the_formula():
    """conv_loops.conv2d_forward against the sum written out in full, one number at a time."""
    x, W, b = random_input((2, 2, 5, 6), 1), random_input((3, 2, 3, 2), 2), random_input(3, 3)
    s = 2
    expected = np.zeros((2, 3, 2, 3))
    for n, f, i, j in np.ndindex(expected.shape):
        expected[n, f, i, j] = b[f] + sum(W[f, c, p, q] * x[n, c, i * s + p, j * s + q]
                                          for c in range(2) for p in range(3) for q in range(2))
    np.testing.assert_allclose(conv_loops.conv2d_forward(x, W, b, "valid", s), expected, rtol=1e-13)


@pytest.mark.parametrize("padding, strides", list(itertools.product(PADDINGS, [1, 2])))
def test_loop_backward_matches_numerical_gradients(padding, strides):
    """The loop backward is checked on its own, against its own forward."""
    x, W = random_input((2, 2, 5, 6), 4), random_input((3, 2, 3, 2), 5)
    b = random_input(3, 6)
    grad_out = random_input(conv_loops.conv2d_forward(x, W, b, padding, strides).shape, 7)

    def f(_):
        return np.sum(conv_loops.conv2d_forward(x, W, b, padding, strides) * grad_out)

    grad_x, grad_W, grad_b = conv_loops.conv2d_backward(x, W, grad_out, padding, strides)
    assert relative_error(grad_x, numerical_gradient(f, x)) < TOL
    assert relative_error(grad_W, numerical_gradient(f, W)) < TOL
    assert relative_error(grad_b, numerical_gradient(f, b)) < TOL


def test_loop_max_pool_backward_matches_numerical_gradients():
    x = tie_free_input((2, 2, 7, 6))
    grad_out = random_input(conv_loops.max_pool_forward(x, 3, 2, "same").shape)

    def f(x_in):
        return np.sum(conv_loops.max_pool_forward(x_in, 3, 2, "same") * grad_out)

    analytic = conv_loops.max_pool_backward(x, grad_out, 3, 2, "same")
    assert relative_error(analytic, numerical_gradient(f, x.copy())) < TOL


def test_im2col_and_col2im_are_adjoint():
    """<im2col(x), c> = <x, col2im(c)>: col2im is the transpose of im2col."""
    n, c, kh, kw, hp, wp = 2, 3, 3, 2, 5, 6
    length = (hp - kh + 1) * wp
    x_flat = random_input((n, c, (hp + 1) * wp), 1)
    cols = im2col(x_flat, (kh, kw), wp, length)
    assert cols.shape == (n, kh * kw * c, length)
    p, q, channel, o = 1, 1, 2, 1 * wp + 1  # row (p, q, c) is channel c shifted by p·wp + q
    row = (p * kw + q) * c + channel
    np.testing.assert_array_equal(cols[1, row], x_flat[1, channel, o:o + length])
    grad_cols = np.zeros((n, kh * kw * c, x_flat.shape[2]))
    grad_cols[:, :, :length] = random_input((n, kh * kw * c, length), 2)
    back = col2im(grad_cols, (kh, kw), wp)
    assert back.shape == x_flat.shape
    np.testing.assert_allclose(np.sum(cols * grad_cols[:, :, :length]), np.sum(x_flat * back),
                               rtol=1e-12)


# --- dtypes: float32 stays float32 -------------------------------------------------------------


FLOAT32_LAYERS = {
    "conv": lambda: Conv2D(3, 3, seed=0),
    "conv-same-s2": lambda: Conv2D(2, 2, padding="same", strides=2),
    "conv-full": lambda: Conv2D(2, 3, padding="full"),
    "pool": lambda: MaxPooling2D(2),
    "pool-same": lambda: MaxPooling2D(2, padding="same"),
    "pool3": lambda: MaxPooling2D(3, 1),
}


@pytest.mark.parametrize("make", list(FLOAT32_LAYERS.values()), ids=list(FLOAT32_LAYERS))
def test_float32_in_float32_out_and_float32_gradients(make):
    layer = make()
    out = layer.forward(random_input((2, 2, 7, 7), dtype=np.float32))
    assert out.dtype == np.float32
    for grad_dtype in (np.float32, np.float64):  # a float64 gradient does not promote the layer
        grad_in = layer.backward(np.ones(out.shape, dtype=grad_dtype))
        assert grad_in.dtype == np.float32
        for name in layer.params:
            assert layer.params[name].dtype == layer.grads[name].dtype == np.float32
    for _, array in getattr(layer, "_work", {}).values():
        assert array.dtype == np.float32  # no silent float64 work arrays


def test_float32_and_float64_agree():
    x = random_input((2, 3, 8, 8))
    for make in (lambda: Conv2D(4, 3, padding="same", seed=1), lambda: MaxPooling2D(2)):
        out64, out32 = make().forward(x), make().forward(x.astype(np.float32))
        np.testing.assert_allclose(out32, out64, rtol=1e-5, atol=1e-5)


def test_conv2d_refuses_a_second_dtype_naming_both():
    layer = Conv2D(2, 3).build((1, 5, 5))
    with pytest.raises(TypeError, match="float64 parameters but got float32 input"):
        layer.forward(np.ones((1, 1, 5, 5), dtype=np.float32))
    layer = Conv2D(2, 3, dtype=np.float32)
    with pytest.raises(TypeError, match="float32 parameters but got float64 input"):
        layer.forward(np.ones((1, 1, 5, 5)))


def test_integer_input_becomes_float64():
    x = np.arange(32).reshape(1, 2, 4, 4)
    assert Conv2D(1, 3).forward(x).dtype == np.float64
    assert MaxPooling2D().forward(x).dtype == np.float64


def test_astype_readies_a_float32_conv_for_gradient_checking():
    layer = Conv2D(2, 3, seed=0)
    layer.forward(random_input((1, 2, 5, 5), dtype=np.float32))
    layer.astype(np.float64)
    assert check_layer(layer, random_input((2, 2, 5, 5))).worst < TOL


# --- no layer changes what it is given; kept work arrays never leak ------------------------------


MUTATION_LAYERS = {
    "conv-same": lambda: Conv2D(3, 3, padding="same", seed=0),
    "conv": lambda: Conv2D(2, 2),
    "pool": lambda: MaxPooling2D(2),
    "pool3-same": lambda: MaxPooling2D(3, 1, "same"),
}


@pytest.mark.parametrize("make", list(MUTATION_LAYERS.values()), ids=list(MUTATION_LAYERS))
def test_no_mutation_and_no_shared_outputs(make):
    layer = make()
    x = random_input((2, 2, 7, 6))
    x_copy = x.copy()
    out = layer.forward(x)
    out_copy = out.copy()
    grad_out = random_input(out.shape, seed=1)
    grad_copy = grad_out.copy()
    grad_x = layer.backward(grad_out)
    grad_x_copy = grad_x.copy()
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(grad_out, grad_copy)
    layer.forward(random_input((2, 2, 7, 6), seed=2))  # another batch through the same layer
    layer.backward(random_input(out.shape, seed=3))
    np.testing.assert_array_equal(out, out_copy)  # earlier results are not overwritten
    np.testing.assert_array_equal(grad_x, grad_x_copy)
    assert grad_x.shape == x.shape and grad_x.flags.c_contiguous and out.flags.c_contiguous


def test_work_arrays_are_remade_for_new_shapes():
    """Batches and images of other sizes through one layer, in turn, give the loops' results."""
    layer = built_conv(3, 3, 2, padding="same", seed=1)
    for shape in [(2, 2, 6, 6), (3, 2, 7, 5), (2, 2, 6, 6), (1, 2, 4, 9), (2, 2, 5, 7)]:
        x = random_input(shape, seed=shape[3])
        out = layer.forward(x)
        W, b = layer.params["W"], layer.params["b"]
        np.testing.assert_allclose(out, conv_loops.conv2d_forward(x, W, b, "same"), atol=AGREE)
        grad_out = random_input(out.shape)
        loop_grad_x = conv_loops.conv2d_backward(x, W, grad_out, "same")[0]
        np.testing.assert_allclose(layer.backward(grad_out), loop_grad_x, atol=AGREE)


@pytest.mark.parametrize("chunk_bytes", [1, 20_000, 2**20])
def test_a_batch_taken_a_few_images_at_a_time_gives_the_same_results(monkeypatch, chunk_bytes):
    """One image at a time, two at a time (7 = 2 + 2 + 2 + 1), and the whole batch at once."""
    monkeypatch.setattr(fast_conv, "CHUNK_BYTES", chunk_bytes)
    layer = built_conv(3, 3, 2, padding="same", seed=2)
    x = random_input((7, 2, 6, 5), seed=3)
    out = layer.forward(x)
    W, b = layer.params["W"], layer.params["b"]
    np.testing.assert_allclose(out, conv_loops.conv2d_forward(x, W, b, "same"), atol=AGREE)
    grad_out = random_input(out.shape, seed=4)
    grad_x = layer.backward(grad_out)
    loop_x, loop_W, loop_b = conv_loops.conv2d_backward(x, W, grad_out, "same")
    np.testing.assert_allclose(grad_x, loop_x, atol=AGREE)
    np.testing.assert_allclose(layer.grads["W"], loop_W, atol=AGREE)
    np.testing.assert_allclose(layer.grads["b"], loop_b, atol=AGREE)
    assert fast_conv._chunk((3, 3), 2, 8, 7, 8) == max(1, chunk_bytes // (9 * 2 * 9 * 7 * 8))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_without_the_input_gradient_backward_returns_none_and_the_same_parameter_gradients(dtype):
    """``input_grad=False`` (a model's first layer in training) skips only ∂L/∂x."""
    layer = built_conv(3, 3, 2, padding="same", seed=5).astype(dtype)
    x = random_input((7, 2, 6, 5), seed=6, dtype=dtype)
    grad_out = random_input(layer.forward(x).shape, seed=7, dtype=dtype)
    assert layer.backward(grad_out).dtype == dtype
    wanted = {name: grad.copy() for name, grad in layer.grads.items()}
    assert layer.backward(grad_out, input_grad=False) is None
    for name, grad in layer.grads.items():
        np.testing.assert_array_equal(grad, wanted[name])  # exactly: the same sums
        assert grad.dtype == dtype
    assert layer.backward(grad_out).shape == x.shape


@pytest.mark.parametrize("make", [lambda: built_conv(4, 5, 1).astype(np.float32),
                                  lambda: MaxPooling2D(2)])
def test_float32_stays_float32_in_every_work_array(make):
    """No silent promotion to float64 anywhere inside a float32 layer."""
    layer = make()
    x = random_input((5, 1, 28, 28), dtype=np.float32)
    out = layer.forward(x)
    grad = layer.backward(np.ones_like(out))
    assert out.dtype == grad.dtype == np.float32
    work = [array for _, array in layer._work.values()]
    for array in [*layer.params.values(), *layer.grads.values(), *work]:
        assert array.dtype == np.float32


# --- parameters and the protocol ----------------------------------------------------------------


def test_conv2d_params():
    layer = Conv2D(4, (5, 3), input_shape=(2, 28, 28)).build()
    assert isinstance(layer, Layer) and layer.trainable
    assert layer.params["W"].shape == layer.grads["W"].shape == (4, 2, 5, 3)
    assert layer.params["b"].shape == (4,)
    np.testing.assert_array_equal(layer.params["b"], 0.0)
    assert set(Conv2D(4, 3, use_bias=False).build((1, 5, 5)).params) == {"W"}
    assert MaxPooling2D().params == {} and MaxPooling2D().grads == {}


def test_conv2d_builds_in_the_first_inputs_dtype_and_channels():
    layer = Conv2D(3, 3)
    assert layer.params == {} and not layer.built
    layer.forward(np.zeros((1, 2, 5, 5), dtype=np.float32))
    assert layer.params["W"].shape == (3, 2, 3, 3) and layer.params["W"].dtype == np.float32


def test_glorot_uniform_uses_keras_fans():
    W = Conv2D(16, 3, seed=0).build((8, 11, 11)).params["W"]
    limit = np.sqrt(6.0 / (8 * 9 + 16 * 9))
    assert np.all(np.abs(W) <= limit) and np.abs(W).max() > 0.98 * limit


def test_normal_initializer_has_std_0_05_and_seeds_repeat():
    W = Conv2D(32, 5, kernel_initializer="normal", seed=0).build((8, 5, 5)).params["W"]
    assert abs(W.std() - 0.05) < 0.003
    for name in INITIALIZERS:
        first = Conv2D(3, 3, kernel_initializer=name, seed=4).build((2, 5, 5)).params["W"]
        again = Conv2D(3, 3, kernel_initializer=name, seed=4).build((2, 5, 5)).params["W"]
        np.testing.assert_array_equal(first, again)


def test_repr():
    assert repr(Conv2D(4, 5)) == "Conv2D(4, (5, 5))"
    layer = Conv2D(4, (5, 3), padding="same", strides=2, input_shape=(1, 28, 28), use_bias=False,
                   seed=1)
    assert repr(layer) == ("Conv2D(4, (5, 3), padding='same', strides=(2, 2),"
                           " input_shape=(1, 28, 28), use_bias=False, seed=1)")
    assert repr(Conv2D(2, 3).build((1, 5, 5))) == "Conv2D(2, (3, 3), dtype=float64)"
    assert repr(MaxPooling2D()) == "MaxPooling2D()"
    assert repr(MaxPooling2D((2, 2))) == "MaxPooling2D()"
    assert repr(MaxPooling2D(3, 1, "same")) == (
        "MaxPooling2D(pool_size=(3, 3), strides=(1, 1), padding='same')")


# --- clear errors ----------------------------------------------------------------------------


@pytest.mark.parametrize("shape, hint", [
    ((28, 28), r"x\[None, None\]"), ((5, 28, 28), r"x\[:, None\]"), ((2, 1, 1, 28, 28), ""),
])
def test_conv2d_refuses_non_4d_input_naming_both_shapes(shape, hint):
    with pytest.raises(ValueError, match=rf"\(N, C, H, W\), got shape {re_shape(shape)}.*{hint}"):
        Conv2D(4, 3).forward(np.zeros(shape))


def re_shape(shape):
    return str(shape).replace("(", r"\(").replace(")", r"\)")


def test_conv2d_refuses_other_channel_counts():
    layer = Conv2D(8, 3)
    layer.forward(np.zeros((1, 4, 6, 6)))
    with pytest.raises(ValueError, match="Conv2D expected 4 input channels, got 1"):
        layer.forward(np.zeros((1, 1, 6, 6)))


def test_conv2d_refuses_inputs_other_than_its_input_shape():
    with pytest.raises(ValueError, match=r"Conv2D expected 1 input channels, got 3"):
        Conv2D(4, 5, input_shape=(1, 28, 28)).forward(np.zeros((2, 3, 28, 28)))
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\), got \(2, 1, 32, 32\)"):
        Conv2D(4, 5, input_shape=(1, 28, 28)).forward(np.zeros((2, 1, 32, 32)))


def test_conv2d_refuses_inputs_smaller_than_the_kernel():
    message = "Conv2D with a 5x5 kernel and padding 'valid' needs inputs of at least 5x5, got 3x3"
    with pytest.raises(ValueError, match=message):
        Conv2D(4, 5).forward(np.zeros((1, 1, 3, 3)))
    assert Conv2D(4, 5, padding="same").forward(np.zeros((1, 1, 3, 3))).shape == (1, 4, 3, 3)
    assert Conv2D(4, 5, padding="full").forward(np.zeros((1, 1, 3, 3))).shape == (1, 4, 7, 7)
    message = ("MaxPooling2D with a 2x2 pool and padding 'valid' needs inputs of at least 2x2,"
               " got 1x5")
    with pytest.raises(ValueError, match=message):
        MaxPooling2D().forward(np.zeros((1, 1, 1, 5)))
    with pytest.raises(ValueError, match="does not fit"):
        conv_output_size(3, 5)


def test_unknown_padding_refused_listing_known_names():
    with pytest.raises(ValueError, match="'half'") as info:
        Conv2D(4, 3, padding="half")
    for name in ("'valid'", "'same'", "'full'"):
        assert name in str(info.value)
    with pytest.raises(ValueError, match=r"'full'.*known: 'valid', 'same'"):
        MaxPooling2D(padding="full")
    with pytest.raises(ValueError, match="'causal'"):
        conv_output_size(5, 3, "causal")


@pytest.mark.parametrize("kwargs, match", [
    (dict(filters=0, kernel_size=3), "filters"), (dict(filters=2.5, kernel_size=3), "filters"),
    (dict(filters=4, kernel_size=0), "kernel_size"),
    (dict(filters=4, kernel_size=(3, 3, 3)), "kernel_size"),
    (dict(filters=4, kernel_size=3, strides=0), "strides"),
    (dict(filters=4, kernel_size=3, input_shape=(28, 28)), "input_shape"),
    (dict(filters=4, kernel_size=3, kernel_initializer="he_normal"), "he_normal"),
])
def test_conv2d_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Conv2D(**kwargs)


def test_max_pooling_refuses_bad_arguments_and_input():
    with pytest.raises(ValueError, match="pool_size"):
        MaxPooling2D(0)
    with pytest.raises(ValueError, match="strides"):
        MaxPooling2D(2, strides=(1, 0))
    with pytest.raises(ValueError, match=r"\(N, C, H, W\), got shape \(4, 4\)"):
        MaxPooling2D().forward(np.zeros((4, 4)))


@pytest.mark.parametrize("make", [lambda: Conv2D(2, 3), MaxPooling2D], ids=["conv", "pool"])
def test_backward_before_forward_and_wrong_grad_shape_refused(make):
    with pytest.raises(RuntimeError, match="forward before backward"):
        make().backward(np.ones((1, 2, 2, 2)))
    layer = make()
    out = layer.forward(np.zeros((1, 1, 6, 6)))
    with pytest.raises(ValueError, match=rf"{re_shape(out.shape)}.*\(1, 1, 1, 1\)"):
        layer.backward(np.ones((1, 1, 1, 1)))


def test_build_needs_an_input_shape():
    with pytest.raises(ValueError, match="input_shape"):
        Conv2D(2, 3).build()
