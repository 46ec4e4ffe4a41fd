"""Every self-check against the answers students really write, one table per check.

Each row is a small function written as a learner would write it (in a notebook cell,
named as the exercise names it), and the verdict it must get: the right answer passes;
the placeholder, a missing return, an error and the chapter's usual slips fail, each
with the message (and hint) of ``MESSAGES`` that names that mistake. Every message stays
short enough to read at a glance.
"""

import re

import numpy as np
import pytest

from nnbook.activations import sigmoid
from nnbook.exercises import ch1, ch2, ch3, ch4, ch5, ch6
from nnbook.exercises.messages import MESSAGES
from nnbook.losses import BinaryCrossentropy

ROWS = []


def row(check, key, *also, contains=()):
    """Register the learner below: ``check(learner)`` must show MESSAGES[key] (and every
    key of ``also``), with its fields filled in, and each text of ``contains``.
    """
    def register(learner):
        ROWS.append(pytest.param(check, learner, (key, *also), contains,
                                 id=f"{check.__name__}-{learner.__name__}"))
        return learner
    return register


def shows(message, key):
    """Whether ``message`` holds MESSAGES[key], whatever its ``{fields}`` were filled with."""
    pieces = [re.escape(piece) for piece in re.split(r"\{[^}]*\}", MESSAGES[key])]
    return re.search(".+?".join(pieces), message, re.DOTALL) is not None


@pytest.mark.parametrize("check, learner, keys, contains", ROWS)
def test_each_answer_gets_its_verdict(check, learner, keys, contains):
    verdict = check(learner)
    assert verdict.passed == keys[0].startswith("pass"), verdict.message
    for key in keys:
        assert shows(verdict.message, key), (key, verdict.message)
    for text in contains:
        assert text in verdict.message, (text, verdict.message)
    assert len(verdict.message) <= 600, verdict.message


def test_every_check_has_a_table_of_at_least_four_slips_besides_the_common_rows():
    common = {"pass", "not_implemented", "returned_none_for", "raised_at_for", "raised_at"}
    by_check = {}
    for param in ROWS:
        check, _, keys, _ = param.values
        by_check.setdefault(check.__name__, []).append(keys[0])
    assert len(by_check) == 9
    for name, keys in by_check.items():
        assert any(key.startswith("pass") for key in keys), name
        assert "not_implemented" in keys and ("raised_at_for" in keys or "raised_at" in keys), name
        assert len([key for key in keys if not any(key.startswith(c) for c in common)]) >= 4, name


# --- Chapter 1: sigmoid_derivative(a), a being the sigmoid's output -----------------------

@row(ch1.check_sigmoid_derivative, "pass")
def my_sigmoid_derivative(a):
    return a * (1 - a)


@row(ch1.check_sigmoid_derivative, "not_implemented")
def sigmoid_derivative_placeholder(a):
    raise NotImplementedError


@row(ch1.check_sigmoid_derivative, "returned_none_for", contains=["for input 0.5"])
def sigmoid_derivative_no_return(a):
    a * (1 - a)


@row(ch1.check_sigmoid_derivative, "raised_at_for", contains=["return a * (1 - b)"])
def sigmoid_derivative_typo(a):
    return a * (1 - b)  # noqa: F821


@row(ch1.check_sigmoid_derivative, "mutated_derivative")
def sigmoid_derivative_in_place(a):
    a *= 1 - a
    return a


@row(ch1.check_sigmoid_derivative, "value", "hint_sigmoid_twice")
def sigmoid_derivative_of_z(a):
    return sigmoid(a) * (1 - sigmoid(a))


@row(ch1.check_sigmoid_derivative, "value", "hint_derivative_sign", contains=["-0.25"])
def sigmoid_derivative_flipped(a):
    return a * (a - 1)


@row(ch1.check_sigmoid_derivative, "value", "hint_float32", contains=["should return 0.09,", "returned 0.0899999961"])
def sigmoid_derivative_float32(a):
    a = np.float32(a)
    return a * (1 - a)


@row(ch1.check_sigmoid_derivative, "value", contains=["for input 0.5", "0.25", "0.75"])
def sigmoid_derivative_plus(a):
    return a * (1 + a)


@row(ch1.check_sigmoid_derivative, "shape", contains=["(6,)"])
def sigmoid_derivative_one_number(a):
    return float(np.mean(a * (1 - a)))


# --- Chapter 2: dense_backward(x, W, grad_out) -> (grad_x, grad_W, grad_b) -----------------

@row(ch2.check_dense_backward, "pass_dense")
def dense_backward(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out.sum(axis=0)


@row(ch2.check_dense_backward, "not_implemented")
def dense_backward_placeholder(x, W, grad_out):
    raise NotImplementedError


@row(ch2.check_dense_backward, "returned_none_for", contains=["x of shape (3, 4)"])
def dense_backward_no_return(x, W, grad_out):
    grad_x = grad_out @ W.T  # noqa: F841


@row(ch2.check_dense_backward, "raised_at_for", "hint_match_shapes",
     contains=["grad_x = grad_out @ W"])
def dense_backward_no_transpose(x, W, grad_out):
    grad_x = grad_out @ W
    return grad_x, x.T @ grad_out, grad_out.sum(axis=0)


@row(ch2.check_dense_backward, "grad_shape", "hint_transposed", contains=["grad_W"])
def dense_backward_grad_W_transposed(x, W, grad_out):
    return grad_out @ W.T, grad_out.T @ x, grad_out.sum(axis=0)


@row(ch2.check_dense_backward, "grad_value", "hint_mean")
def dense_backward_mean_bias(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out.mean(axis=0)


@row(ch2.check_dense_backward, "grad_shape", "hint_keepdims")
def dense_backward_keepdims(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out.sum(axis=0, keepdims=True)


@row(ch2.check_dense_backward, "grad_shape", "hint_no_sum")
def dense_backward_no_sum(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out


@row(ch2.check_dense_backward, "grad_value", "hint_scaled", contains=["0.333 times"])
def dense_backward_averaged_W(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out / len(x), grad_out.sum(axis=0)


@row(ch2.check_dense_backward, "mutated", contains=["grad_out"])
def dense_backward_in_place(x, W, grad_out):
    grad_b = grad_out.sum(axis=0)
    grad_out *= 1.0 / len(x)
    return grad_out @ W.T, x.T @ grad_out, grad_b


@row(ch2.check_dense_backward, "grad_value", "hint_float32")
def dense_backward_float32(x, W, grad_out):
    x, W, grad_out = x.astype(np.float32), W.astype(np.float32), grad_out.astype(np.float32)
    return grad_out @ W.T, x.T @ grad_out, grad_out.sum(axis=0)


# --- Chapter 3: a stable softmax(logits) ---------------------------------------------------

@row(ch3.check_softmax, "pass_softmax")
def my_softmax(logits):
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=-1, keepdims=True)


@row(ch3.check_softmax, "pass_softmax")  # float32 is excused: Keras's own softmax is float32
def my_softmax_float32(logits):
    logits = logits.astype(np.float32)
    exps = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return exps / np.sum(exps, axis=-1, keepdims=True)


@row(ch3.check_softmax, "not_implemented")
def softmax_placeholder(logits):
    raise NotImplementedError


@row(ch3.check_softmax, "returned_none_for", contains=["for input [[1., 2., 3.], [2., -1., 0.5]]"])
def softmax_one_vector_only(logits):
    if logits.ndim == 1:
        exps = np.exp(logits - logits.max())
        return exps / exps.sum()


@row(ch3.check_softmax, "raised_at_for", contains=["exps / total", "of softmax_helper_typo"])
def softmax_with_a_helper(logits):
    return softmax_helper_typo(np.exp(logits - np.max(logits, axis=-1, keepdims=True)))


def softmax_helper_typo(exps):
    return exps / total  # noqa: F821


@row(ch3.check_softmax, "not_finite", "hint_overflow", contains=["[0., 1000.]", "nan"])
def softmax_naive(logits):
    exps = np.exp(logits)
    return exps / np.sum(exps, axis=-1, keepdims=True)


@row(ch3.check_softmax, "not_finite", "hint_shift_max", contains=["[0., 1000.]", "[0., nan]"])
def softmax_minus_min(logits):
    exps = np.exp(logits - np.min(logits, axis=-1, keepdims=True))
    return exps / np.sum(exps, axis=-1, keepdims=True)


@row(ch3.check_softmax, "not_finite", "hint_shift_max", contains=["[-1000., 0., 1000.]"])
def softmax_minus_mean(logits):
    exps = np.exp(logits - np.mean(logits, axis=-1, keepdims=True))
    return exps / np.sum(exps, axis=-1, keepdims=True)


@row(ch3.check_softmax, "not_finite", "hint_max_per_row")
def softmax_max_of_batch(logits):
    exps = np.exp(logits - np.max(logits))
    return exps / np.sum(exps, axis=-1, keepdims=True)


@row(ch3.check_softmax, "value", "hint_axis_0")
def softmax_axis_0(logits):
    exps = np.exp(logits - np.max(logits, axis=0, keepdims=True))
    return exps / np.sum(exps, axis=0, keepdims=True)


@row(ch3.check_softmax, "value", "hint_axis")
def softmax_whole_array(logits):
    exps = np.exp(logits - np.max(logits))
    return exps / np.sum(exps)


@row(ch3.check_softmax, "raised_at_for", "hint_softmax_keepdims", contains=["broadcast"])
def softmax_no_keepdims(logits):
    exps = np.exp(logits - np.max(logits, axis=-1))
    return exps / np.sum(exps, axis=-1)


@row(ch3.check_softmax, "raised_at_for", "hint_last_axis", contains=["AxisError"])
def softmax_axis_1(logits):
    exps = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    return exps / np.sum(exps, axis=1, keepdims=True)


@row(ch3.check_softmax, "value", "hint_not_normalised", contains=["[1., 2., 3.]"])
def softmax_no_division(logits):
    return np.exp(logits - np.max(logits, axis=-1, keepdims=True))


@row(ch3.check_softmax, "value", "hint_exp")
def softmax_no_exp(logits):
    return logits / np.sum(logits, axis=-1, keepdims=True)


@row(ch3.check_softmax, "mutated_softmax")
def softmax_in_place(logits):
    logits -= np.max(logits, axis=-1, keepdims=True)
    exps = np.exp(logits)
    return exps / np.sum(exps, axis=-1, keepdims=True)


# --- Chapter 4: output_size(n, k, padding, stride) -----------------------------------------

@row(ch4.check_output_size, "pass_output_size")
def output_size(n, k, padding, stride):
    if padding == "same":
        return -(-n // stride)
    total = 0 if padding == "valid" else 2 * (k - 1)
    return (n + total - k) // stride + 1


@row(ch4.check_output_size, "not_implemented")
def output_size_placeholder(n, k, padding, stride):
    raise NotImplementedError


@row(ch4.check_output_size, "returned_none_for", contains=["padding = 'full'"])
def output_size_no_full(n, k, padding, stride):
    if padding == "valid":
        return (n - k) // stride + 1
    if padding == "same":
        return -(-n // stride)


@row(ch4.check_output_size, "raised_at_for", contains=["padding = 'same'", "pads[padding]"])
def output_size_missing_key(n, k, padding, stride):
    pads = {"valid": 0, "full": k - 1}
    return (n + 2 * pads[padding] - k) // stride + 1


@row(ch4.check_output_size, "output_size", "hint_same_even",
     contains=["n = 8, k = 4, padding = 'same', stride = 1", "return 8", "returned 7"])
def output_size_symmetric_padding(n, k, padding, stride):
    pad = {"valid": 0, "same": (k - 1) // 2, "full": k - 1}[padding]
    return (n + 2 * pad - k) // stride + 1


@row(ch4.check_output_size, "output_size", "hint_plus_one", contains=["n = 28, k = 5"])
def output_size_no_plus_one(n, k, padding, stride):
    return (n - k) // stride


@row(ch4.check_output_size, "output_size", "hint_floor", contains=["stride = 2"])
def output_size_rounds_up(n, k, padding, stride):
    if padding == "valid":
        return -(-(n - k) // stride) + 1
    return output_size(n, k, padding, stride)


@row(ch4.check_output_size, "output_size", "hint_same")
def output_size_same_ignores_stride(n, k, padding, stride):
    return n if padding == "same" else output_size(n, k, padding, stride)


@row(ch4.check_output_size, "output_size", "hint_full")
def output_size_full_one_side(n, k, padding, stride):
    if padding == "full":
        return (n + k - 1 - k) // stride + 1
    return output_size(n, k, padding, stride)


@row(ch4.check_output_size, "not_integer", "hint_int_division",
     contains=["n = 8, k = 3, padding = 'valid', stride = 2", "3.5"])
def output_size_true_division(n, k, padding, stride):
    if padding == "same":
        return -(-n // stride)
    return (n + (0 if padding == "valid" else 2 * (k - 1)) - k) / stride + 1


# --- Chapter 4: max_pool_backward(x, grad_out), 2 x 2 windows, stride 2 --------------------

def _pool_loop(x, grad_out, place=lambda p, q: (p, q), value=lambda g: g, images=None):
    grad_x = np.zeros_like(x)
    n, c, h, w = grad_out.shape
    for a in range(n if images is None else images):
        for b in range(c):
            for i in range(h):
                for j in range(w):
                    p, q = place(*divmod(x[a, b, 2 * i:2 * i + 2, 2 * j:2 * j + 2].argmax(), 2))
                    grad_x[a, b, 2 * i + p, 2 * j + q] = value(grad_out[a, b, i, j])
    return grad_x


@row(ch4.check_max_pool_backward, "pass_pool")
def my_max_pool_backward(x, grad_out):
    return _pool_loop(x, grad_out)


@row(ch4.check_max_pool_backward, "not_implemented")
def max_pool_backward_placeholder(x, grad_out):
    raise NotImplementedError


@row(ch4.check_max_pool_backward, "returned_none_for", contains=["x of shape (1, 1, 2, 2)"])
def max_pool_backward_no_return(x, grad_out):
    _pool_loop(x, grad_out)


@row(ch4.check_max_pool_backward, "raised_at_for", contains=["window = x[:, :, 0, 0].reshape"])
def max_pool_backward_bad_reshape(x, grad_out):
    window = x[:, :, 0, 0].reshape(len(x), -1, 4)
    return window


@row(ch4.check_max_pool_backward, "pool_value", "hint_ties", contains=["x = [[1., 1., 0., 0.]"])
def max_pool_backward_every_maximum(x, grad_out):
    grad_x = np.zeros_like(x)
    for i in range(grad_out.shape[2]):
        for j in range(grad_out.shape[3]):
            window = x[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2]
            is_max = window == window.max(axis=(2, 3), keepdims=True)
            grad_x[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2] = is_max * grad_out[:, :, i:i + 1, j:j + 1]
    return grad_x


@row(ch4.check_max_pool_backward, "pool_value", "hint_average", contains=["x = [[1., 3.], [2., 0.]]"])
def max_pool_backward_average(x, grad_out):
    return np.repeat(np.repeat(grad_out, 2, axis=2), 2, axis=3) / 4


@row(ch4.check_max_pool_backward, "pool_value", "hint_pool_place")
def max_pool_backward_row_column_swapped(x, grad_out):
    return _pool_loop(x, grad_out, place=lambda p, q: (q, p))


@row(ch4.check_max_pool_backward, "pool_value", "hint_pool_amount")
def max_pool_backward_ones(x, grad_out):
    return _pool_loop(x, grad_out, value=lambda g: 1.0)


@row(ch4.check_max_pool_backward, "pool_value_at", "hint_pool_batch", contains=["in image 1"])
def max_pool_backward_first_image(x, grad_out):
    return _pool_loop(x, grad_out, images=1)


@row(ch4.check_max_pool_backward, "pool_shape", contains=["(1, 1, 5, 5)", "(1, 1, 4, 4)"])
def max_pool_backward_cropped(x, grad_out):
    h, w = 2 * grad_out.shape[2], 2 * grad_out.shape[3]
    return _pool_loop(x[:, :, :h, :w], grad_out)


@row(ch4.check_max_pool_backward, "mutated_pool", contains=["grad_out"])
def max_pool_backward_in_place(x, grad_out):
    grad_x = _pool_loop(x, grad_out)
    grad_out *= 0
    return grad_x


# --- Chapter 5: dropout_mask(rng, shape, rate) ---------------------------------------------

@row(ch5.check_dropout_mask, "pass_mask")
def dropout_mask(rng, shape, rate):
    keep = rng.random(shape) >= rate
    return keep / (1 - rate)


@row(ch5.check_dropout_mask, "not_implemented")
def dropout_mask_placeholder(rng, shape, rate):
    raise NotImplementedError


@row(ch5.check_dropout_mask, "returned_none_for", contains=["rate = 0.5, shape = (100, 1000)"])
def dropout_mask_no_return(rng, shape, rate):
    keep = rng.random(shape) >= rate  # noqa: F841


@row(ch5.check_dropout_mask, "raised_at_for", contains=["rng.random(*shape)"])
def dropout_mask_unpacked_shape(rng, shape, rate):
    return (rng.random(*shape) >= rate) / (1 - rate)


@row(ch5.check_dropout_mask, "mask_rate", "hint_rate_flipped")
def dropout_mask_keeps_rate(rng, shape, rate):
    return (rng.random(shape) < rate) / (1 - rate) if rate else np.ones(shape)


@row(ch5.check_dropout_mask, "mask_values", "hint_not_scaled")
def dropout_mask_unscaled(rng, shape, rate):
    return (rng.random(shape) >= rate) * 1.0


@row(ch5.check_dropout_mask, "mask_values", "hint_scaled_by_rate", contains=["rate = 0.2"])
def dropout_mask_divided_by_rate(rng, shape, rate):
    return (rng.random(shape) >= rate) / rate if rate else np.ones(shape)


@row(ch5.check_dropout_mask, "mask_rng")
def dropout_mask_global_random(rng, shape, rate):
    return (np.random.random(shape) >= rate) / (1 - rate)


@row(ch5.check_dropout_mask, "mask_seed")
def dropout_mask_own_seed(rng, shape, rate):
    return (np.random.default_rng(0).random(shape) >= rate) / (1 - rate)


# --- Chapter 5: adagrad_step(w, g, accumulator, learning_rate, epsilon) ---------------------

@row(ch5.check_adagrad_step, "pass_adagrad")
def adagrad_step(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    accumulator = accumulator + g * g
    return w - learning_rate * g / np.sqrt(accumulator + epsilon), accumulator


@row(ch5.check_adagrad_step, "not_implemented")
def adagrad_step_placeholder(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    raise NotImplementedError


@row(ch5.check_adagrad_step, "returned_none_for", contains=["step 1: w = ["])
def adagrad_step_no_return(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    accumulator = accumulator + g * g


@row(ch5.check_adagrad_step, "raised_at_for", contains=["np.sqrt(accumulator, epsilon)"])
def adagrad_step_sqrt_typo(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    accumulator = accumulator + g * g
    return w - learning_rate * g / np.sqrt(accumulator, epsilon), accumulator


@row(ch5.check_adagrad_step, "adagrad_value", "hint_accumulate_first")
def adagrad_step_divides_first(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    return w - learning_rate * g / np.sqrt(accumulator + epsilon), accumulator + g * g


@row(ch5.check_adagrad_step, "adagrad_value", "hint_epsilon")
def adagrad_step_epsilon_outside(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    accumulator = accumulator + g * g
    return w - learning_rate * g / (np.sqrt(accumulator) + epsilon), accumulator


@row(ch5.check_adagrad_step, "adagrad_value", "hint_sqrt")
def adagrad_step_no_sqrt(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    accumulator = accumulator + g * g
    return w - learning_rate * g / (accumulator + epsilon), accumulator


@row(ch5.check_adagrad_step, "adagrad_value", "hint_accumulator_old")
def adagrad_step_old_accumulator(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    new = accumulator + g * g
    return w - learning_rate * g / np.sqrt(new + epsilon), accumulator


@row(ch5.check_adagrad_step, "mutated_adagrad", contains=["input w"])
def adagrad_step_in_place(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    accumulator += g * g
    w -= learning_rate * g / np.sqrt(accumulator + epsilon)
    return w, accumulator


@row(ch5.check_adagrad_step, "adagrad_value", "hint_float32")
def adagrad_step_float32(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    w, g, accumulator = (a.astype(np.float32) for a in (w, g, accumulator))
    accumulator = accumulator + g * g
    return w - learning_rate * g / np.sqrt(accumulator + epsilon), accumulator


# --- Chapter 6: d_loss(d_real, d_fake) -----------------------------------------------------

def _clip(d):
    return np.clip(d, 1e-7, 1 - 1e-7)


@row(ch6.check_d_loss, "pass_d_loss")
def d_loss(d_real, d_fake):
    return (-np.mean(np.log(_clip(d_real))) - np.mean(np.log(1 - _clip(d_fake)))) / 2


@row(ch6.check_d_loss, "not_implemented")
def d_loss_placeholder(d_real, d_fake):
    raise NotImplementedError


@row(ch6.check_d_loss, "returned_none_for", contains=["for input D(x) = ["])
def d_loss_no_return(d_real, d_fake):
    (-np.mean(np.log(_clip(d_real))) - np.mean(np.log(1 - _clip(d_fake)))) / 2


@row(ch6.check_d_loss, "raised_at_for", contains=["np.log(d_real) + np.log(1 - d_fake)"])
def d_loss_adds_batches(d_real, d_fake):
    return -np.mean(np.log(d_real) + np.log(1 - d_fake)) / 2


@row(ch6.check_d_loss, "d_loss_value", "hint_clip", contains=["D(x) = [1., 0.7]"])
def d_loss_unclipped(d_real, d_fake):
    return (-np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake))) / 2


@row(ch6.check_d_loss, "d_loss_value", "hint_labels_swapped")
def d_loss_labels_swapped(d_real, d_fake):
    return (-np.mean(np.log(1 - _clip(d_real))) - np.mean(np.log(_clip(d_fake)))) / 2


@row(ch6.check_d_loss, "d_loss_value", "hint_sum_not_mean")
def d_loss_summed(d_real, d_fake):
    return -np.mean(np.log(_clip(d_real))) - np.mean(np.log(1 - _clip(d_fake)))


@row(ch6.check_d_loss, "d_loss_value", "hint_sum_not_mean", contains=["[0.9, 0.9, 0.9, 0.9]"])
def d_loss_one_mean(d_real, d_fake):
    return -np.mean(np.concatenate([np.log(_clip(d_real)), np.log(1 - _clip(d_fake))]))


@row(ch6.check_d_loss, "d_loss_value", "hint_loss_sign")
def d_loss_no_minus(d_real, d_fake):
    return (np.mean(np.log(_clip(d_real))) + np.mean(np.log(1 - _clip(d_fake)))) / 2


@row(ch6.check_d_loss, "d_loss_value", "hint_clip_epsilon")
def d_loss_tiny_epsilon(d_real, d_fake):
    real, fake = np.clip(d_real, 1e-15, 1 - 1e-15), np.clip(d_fake, 1e-15, 1 - 1e-15)
    return (-np.mean(np.log(real)) - np.mean(np.log(1 - fake))) / 2


@row(ch6.check_d_loss, "d_loss_value", "hint_float32_clip")
def d_loss_float32(d_real, d_fake):
    return d_loss(d_real.astype(np.float32), d_fake.astype(np.float32))


# --- Chapter 6: g_step(G, D, z, optimizer) -------------------------------------------------

def _g_step(G, D, z, optimizer, labels=np.ones, sign=1.0):
    loss = BinaryCrossentropy()
    d_fake = D.forward(G.forward(z, training=True), training=True)
    loss.forward(d_fake, labels((len(z), 1)))
    G.backward(D.backward(sign * loss.backward()))
    optimizer.update([(G.params[name], G.grads[name]) for name in G.params])


@row(ch6.check_g_step, "pass_g_step")
def g_step(G, D, z, optimizer):
    _g_step(G, D, z, optimizer)


@row(ch6.check_g_step, "not_implemented")
def g_step_placeholder(G, D, z, optimizer):
    raise NotImplementedError


@row(ch6.check_g_step, "g_step_still")  # None is g_step's right return: a step that did nothing
def g_step_forgot_update(G, D, z, optimizer):
    loss = BinaryCrossentropy()
    loss.forward(D.forward(G.forward(z, training=True), training=True), np.ones((len(z), 1)))
    G.backward(D.backward(loss.backward()))


@row(ch6.check_g_step, "raised_at", contains=["G.backward(loss.backward())"])
def g_step_skips_d(G, D, z, optimizer):
    loss = BinaryCrossentropy()
    loss.forward(D.forward(G.forward(z, training=True), training=True), np.ones((len(z), 1)))
    G.backward(loss.backward())


@row(ch6.check_g_step, "g_step_moved_d")
def g_step_moves_d(G, D, z, optimizer):
    _g_step(G, D, z, optimizer)
    optimizer.update([(D.params[name], D.grads[name]) for name in D.params])


@row(ch6.check_g_step, "g_step_value", "hint_minimax")
def g_step_minimax(G, D, z, optimizer):
    _g_step(G, D, z, optimizer, labels=np.zeros, sign=-1.0)


@row(ch6.check_g_step, "g_step_value", "hint_wrong_sign")
def g_step_uphill(G, D, z, optimizer):
    _g_step(G, D, z, optimizer, sign=-1.0)


@row(ch6.check_g_step, "g_step_value", contains=["should be"])
def g_step_fake_labels(G, D, z, optimizer):
    _g_step(G, D, z, optimizer, labels=np.zeros)
