"""Chapter 3's self-check accepts a stable softmax and says exactly what is wrong otherwise."""

import warnings

import numpy as np
import pytest

from nnbook.exercises.ch3 import check_softmax
from nnbook.exercises.messages import MESSAGES


def stable(logits):
    exps = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return exps / np.sum(exps, axis=-1, keepdims=True)


def test_right_answer_passes():
    verdict = check_softmax(stable)
    assert verdict and "Well done" in verdict.message and "6 test inputs" in verdict.message


def test_a_list_is_fine():
    assert check_softmax(lambda z: stable(z).tolist())


def test_placeholder_is_recognised():
    def softmax(logits):
        raise NotImplementedError

    verdict = check_softmax(softmax)
    assert not verdict and "placeholder" in verdict.message and "softmax" in verdict.message


def test_naive_softmax_fails_on_large_logits_with_the_overflow_hint_and_no_warning():
    def naive(logits):
        return np.exp(logits) / np.sum(np.exp(logits), axis=-1, keepdims=True)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        verdict = check_softmax(naive)
    assert not verdict and "1000" in verdict.message and "not a finite" in verdict.message
    assert MESSAGES["hint_overflow"] in verdict.message


def test_max_and_sum_over_the_whole_batch_gets_the_axis_hint():
    def whole(logits):
        exps = np.exp(logits - logits.max())
        return exps / exps.sum()

    verdict = check_softmax(whole)
    assert not verdict and MESSAGES["hint_axis"] in verdict.message


def test_forgetting_to_divide_gets_the_normalising_hint():
    verdict = check_softmax(lambda z: np.exp(z - np.max(z, axis=-1, keepdims=True)))
    assert not verdict and MESSAGES["hint_not_normalised"] in verdict.message
    assert "[1., 2., 3.]" in verdict.message


def test_changing_the_input_in_place_is_named():
    def in_place(logits):
        logits -= np.max(logits, axis=-1, keepdims=True)
        return stable(logits)

    verdict = check_softmax(in_place)
    assert not verdict and "in place" in verdict.message


@pytest.mark.parametrize("fn, words", [
    (lambda z: None, "returned None"),
    (lambda z: 1 / 0, "ZeroDivisionError"),
    (lambda z: stable(z)[..., :2], "shape"),
])
def test_other_mistakes_are_reported_never_raised(fn, words):
    verdict = check_softmax(fn)
    assert not verdict and words in verdict.message
