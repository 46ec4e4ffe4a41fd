"""Chapter 4's self-checks accept right answers and name the usual wrong ones."""

import numpy as np

from nnbook.conv_loops import max_pool_backward
from nnbook.exercises.ch4 import check_max_pool_backward, check_output_size
from nnbook.exercises.messages import MESSAGES


def output_size(n, k, padding="valid", stride=1):
    if padding == "valid":
        return (n - k) // stride + 1
    if padding == "same":
        return -(-n // stride)
    return (n + 2 * (k - 1) - k) // stride + 1


def test_right_output_size_passes():
    verdict = check_output_size(output_size)
    assert verdict and "Well done" in verdict.message and "13 cases" in verdict.message


def test_placeholder_output_size_is_recognised():
    def output_size(n, k, padding, stride):
        raise NotImplementedError

    verdict = check_output_size(output_size)
    assert not verdict and "placeholder" in verdict.message


def test_forgetting_the_plus_one_is_named():
    verdict = check_output_size(lambda n, k, padding, stride: (n - k) // stride)
    assert not verdict and "n = 28, k = 5" in verdict.message and "return 24" in verdict.message
    assert MESSAGES["hint_plus_one"] in verdict.message


def test_rounding_up_gets_the_floor_hint():
    def ceil_size(n, k, padding, stride):
        return -(-(n - k) // stride) + 1 if padding == "valid" else output_size(n, k, padding, stride)

    verdict = check_output_size(ceil_size)
    assert not verdict and "stride = 2" in verdict.message and MESSAGES["hint_floor"] in verdict.message


def test_same_as_valid_gets_the_same_hint():
    verdict = check_output_size(lambda n, k, padding, stride: (n - k) // stride + 1)
    assert not verdict and "'same'" in verdict.message and MESSAGES["hint_same"] in verdict.message


def test_wrong_full_gets_the_full_hint():
    def no_full(n, k, padding, stride):
        return (n + k - 1) // stride + 1 if padding == "full" else output_size(n, k, padding, stride)

    verdict = check_output_size(no_full)
    assert not verdict and MESSAGES["hint_full"] in verdict.message


def test_a_float_answer_is_named_and_an_error_is_reported():
    verdict = check_output_size(lambda n, k, padding, stride: (n - k) / stride + 1)
    assert not verdict and "whole number" in verdict.message
    verdict = check_output_size(lambda n, k, padding, stride: n // 0)
    assert not verdict and "ZeroDivisionError" in verdict.message


def reference_pool_backward(x, grad_out):
    return max_pool_backward(x, grad_out)


def loop_pool_backward(x, grad_out):
    grad = np.zeros_like(x)
    n, c, h, w = grad_out.shape
    for i in range(h):
        for j in range(w):
            window = x[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2].reshape(n, c, 4)
            p, q = np.divmod(window.argmax(axis=-1), 2)
            for a in range(n):
                for b in range(c):
                    grad[a, b, 2 * i + p[a, b], 2 * j + q[a, b]] = grad_out[a, b, i, j]
    return grad


def test_right_max_pool_backward_passes():
    for fn in (reference_pool_backward, loop_pool_backward):
        verdict = check_max_pool_backward(fn)
        assert verdict and "5 test cases" in verdict.message


def test_placeholder_pool_is_recognised():
    def max_pool_backward(x, grad_out):
        raise NotImplementedError

    verdict = check_max_pool_backward(max_pool_backward)
    assert not verdict and "placeholder" in verdict.message


def every_maximum(x, grad_out):
    h, w = grad_out.shape[2] * 2, grad_out.shape[3] * 2
    windows = x[:, :, :h, :w].reshape(*x.shape[:2], h // 2, 2, w // 2, 2)
    is_max = windows == windows.max(axis=(3, 5), keepdims=True)
    grad = np.zeros_like(x)
    spread = np.repeat(np.repeat(grad_out, 2, axis=2), 2, axis=3)
    grad[:, :, :h, :w] = is_max.reshape(*x.shape[:2], h, w) * spread
    return grad


def test_gradient_to_every_tied_maximum_gets_the_ties_hint():
    verdict = check_max_pool_backward(every_maximum)
    assert not verdict and MESSAGES["hint_ties"] in verdict.message
    assert "x = [[1." in verdict.message  # the tied 4 x 4 case, shown as its grid


def test_average_pooling_gradient_gets_the_average_hint():
    def average(x, grad_out):
        return np.repeat(np.repeat(grad_out, 2, axis=2), 2, axis=3) / 4

    verdict = check_max_pool_backward(average)
    assert not verdict and MESSAGES["hint_average"] in verdict.message


def test_wrong_shape_on_an_odd_size_is_named():
    def cropped(x, grad_out):
        return every_maximum(x, grad_out)[:, :, :2 * grad_out.shape[2], :2 * grad_out.shape[3]] \
            if x.shape[2] % 2 else reference_pool_backward(x, grad_out)

    verdict = check_max_pool_backward(cropped)
    assert not verdict and "(1, 1, 5, 5)" in verdict.message and "(1, 1, 4, 4)" in verdict.message


def test_changing_grad_out_in_place_is_named():
    def in_place(x, grad_out):
        result = reference_pool_backward(x, grad_out)
        grad_out *= 0
        return result

    verdict = check_max_pool_backward(in_place)
    assert not verdict and "grad_out" in verdict.message and "in place" in verdict.message
