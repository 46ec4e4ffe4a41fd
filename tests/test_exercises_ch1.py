"""Self-checks must accept right answers and name exactly what is wrong in others."""

import numpy as np

from nnbook.activations import sigmoid
from nnbook.exercises.ch1 import check_sigmoid_derivative


def test_right_answer_passes():
    verdict = check_sigmoid_derivative(lambda a: a * (1 - a))
    assert verdict and "Well done" in verdict.message


def test_placeholder_is_recognised():
    def sigmoid_derivative(a):
        raise NotImplementedError

    verdict = check_sigmoid_derivative(sigmoid_derivative)
    assert not verdict and "placeholder" in verdict.message


def test_wrong_formula_names_input_expected_and_received():
    verdict = check_sigmoid_derivative(lambda a: a * (1 + a))
    assert not verdict
    assert "for input 0.5" in verdict.message and "0.25" in verdict.message and "0.75" in verdict.message


def test_applying_sigmoid_again_gets_the_hint():
    verdict = check_sigmoid_derivative(lambda a: sigmoid(a) * (1 - sigmoid(a)))
    assert not verdict and "applied the sigmoid" in verdict.message


def test_missing_return_and_crash_are_reported():
    assert "return" in check_sigmoid_derivative(lambda a: None).message
    assert "ZeroDivisionError" in check_sigmoid_derivative(lambda a: 1 / 0).message


def test_scalar_only_function_gets_a_shape_verdict():
    verdict = check_sigmoid_derivative(lambda a: float(np.mean(a * (1 - a))))
    assert not verdict and "shape (6,)" in verdict.message


def test_html_shows_the_verdict():
    html = check_sigmoid_derivative(lambda a: a * (1 - a))._repr_html_()
    assert "Well done" in html and "#1b7a3a" in html
    assert "#a4262c" in check_sigmoid_derivative(lambda a: a)._repr_html_()
