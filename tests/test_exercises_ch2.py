"""Chapter 2's self-check accepts right answers and names exactly which gradient is wrong."""

import numpy as np

from nnbook.exercises.ch2 import check_dense_backward


def right(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out.sum(axis=0)


def test_right_answer_passes():
    verdict = check_dense_backward(right)
    assert verdict and "Well done" in verdict.message and "2 test cases" in verdict.message


def test_a_list_and_other_array_likes_are_fine():
    assert check_dense_backward(lambda x, W, g: [*right(x, W, g)])
    assert check_dense_backward(lambda x, W, g: tuple(a.tolist() for a in right(x, W, g)))


def test_placeholder_is_recognised():
    def dense_backward(x, W, grad_out):
        raise NotImplementedError

    verdict = check_dense_backward(dense_backward)
    assert not verdict and "placeholder" in verdict.message and "dense_backward" in verdict.message


def test_transposed_grad_w_is_named_with_both_shapes():
    verdict = check_dense_backward(lambda x, W, g: (g @ W.T, g.T @ x, g.sum(axis=0)))
    assert not verdict
    assert verdict.message.startswith("grad_W should have shape (4, 2)")
    assert "has shape (2, 4)" in verdict.message and "x.T @ grad_out" in verdict.message


def test_transposed_grad_x_is_named():
    verdict = check_dense_backward(lambda x, W, g: (W @ g.T, x.T @ g, g.sum(axis=0)))
    assert not verdict and verdict.message.startswith("grad_x should have shape (3, 4)")
    assert "grad_out @ W.T" in verdict.message


def test_bias_mean_instead_of_sum_gets_the_hint():
    verdict = check_dense_backward(lambda x, W, g: (g @ W.T, x.T @ g, g.mean(axis=0)))
    assert not verdict and verdict.message.startswith("grad_b is wrong")
    assert "don't average" in verdict.message


def test_bias_not_summed_or_kept_2d_is_a_shape_verdict():
    unsummed = check_dense_backward(lambda x, W, g: (g @ W.T, x.T @ g, g))
    assert not unsummed and "grad_b should have shape (2,)" in unsummed.message
    assert "axis 0" in unsummed.message
    keepdims = check_dense_backward(lambda x, W, g: (g @ W.T, x.T @ g, g.sum(axis=0, keepdims=True)))
    assert not keepdims and "(1, 2)" in keepdims.message and "keepdims" in keepdims.message


def test_wrong_values_show_shapes_expected_and_received_and_a_scale_hint():
    verdict = check_dense_backward(lambda x, W, g: (g @ W.T, 2 * x.T @ g, g.sum(axis=0)))
    assert not verdict and verdict.message.startswith("grad_W is wrong")
    for part in ("x of shape (3, 4)", "W of shape (4, 2)", "grad_out of shape (3, 2)", "2 times"):
        assert part in verdict.message


def test_only_the_first_wrong_gradient_is_named():
    verdict = check_dense_backward(lambda x, W, g: (g @ W.T, -x.T @ g, -g.sum(axis=0)))
    assert "grad_W" in verdict.message and "grad_b" not in verdict.message


def test_wrong_number_of_results():
    two = check_dense_backward(lambda x, W, g: right(x, W, g)[:2])
    assert not two and "three arrays" in two.message and "2 items" in two.message
    one = check_dense_backward(lambda x, W, g: g @ W.T)
    assert not one and "one value, an array of shape (3, 4)" in one.message


def test_missing_return_crash_and_garbage_are_reported_never_raised():
    assert "return" in check_dense_backward(lambda x, W, g: None).message
    assert "ZeroDivisionError" in check_dense_backward(lambda x, W, g: 1 / 0).message
    garbage = check_dense_backward(lambda x, W, g: (g @ W.T, x.T @ g, "abc"))
    assert not garbage and "grad_b" in garbage.message


def test_changing_an_input_in_place_is_named():
    def sneaky(x, W, grad_out):
        grad_out *= 1.0
        grad_out[0, 0] += 1.0
        return right(x, W, grad_out)

    verdict = check_dense_backward(sneaky)
    assert not verdict and "changed its input grad_out in place" in verdict.message


def test_nan_results_are_wrong_values_not_crashes():
    verdict = check_dense_backward(lambda x, W, g: (g @ W.T, np.full(W.shape, np.nan), g.sum(axis=0)))
    assert not verdict and verdict.message.startswith("grad_W is wrong")


def test_html_shows_the_verdict():
    assert "Well done" in check_dense_backward(right)._repr_html_()
    assert "return" in check_dense_backward(lambda x, W, g: None)._repr_html_()
