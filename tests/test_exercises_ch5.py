"""Chapter 5's self-checks: right answers pass; each usual slip fails with its hint."""

import numpy as np
import pytest

from nnbook.exercises import ch5


def mask(rng, shape, rate):
    return (rng.random(shape) >= rate) / (1 - rate)


def adagrad(w, g, acc, learning_rate, epsilon):
    acc = acc + g * g
    return w - learning_rate * g / np.sqrt(acc + epsilon), acc


def test_right_answers_pass():
    assert ch5.check_dropout_mask(mask)
    assert ch5.check_adagrad_step(adagrad)


@pytest.mark.parametrize("wrong, hint", [
    (lambda rng, shape, rate: (rng.random(shape) < rate) / (1 - rate) if rate else np.ones(shape),
     "fraction dropped, not the fraction kept"),
    (lambda rng, shape, rate: (rng.random(shape) >= rate) * 1.0, "scaled by 1/(1 − rate)"),
    (lambda rng, shape, rate: mask(np.random.default_rng(), shape, rate), "not from np.random"),
    (lambda rng, shape, rate: np.ones(shape) / (1 - rate), "dropped"),
    (lambda rng, shape, rate: "a mask", "should return an array of real numbers"),
])
def test_dropout_mask_slips(wrong, hint):
    verdict = ch5.check_dropout_mask(wrong)
    assert not verdict and hint in verdict.message


def _first_divides_then_accumulates(w, g, acc, learning_rate, epsilon):
    return w - learning_rate * g / np.sqrt(acc + epsilon), acc + g * g


def _epsilon_outside(w, g, acc, learning_rate, epsilon):
    acc = acc + g * g
    return w - learning_rate * g / (np.sqrt(acc) + epsilon), acc


def _in_place(w, g, acc, learning_rate, epsilon):
    acc += g * g
    w -= learning_rate * g / np.sqrt(acc + epsilon)
    return w, acc


@pytest.mark.parametrize("wrong, hint", [
    (_first_divides_then_accumulates, "add g² to the accumulator first"),
    (_epsilon_outside, "epsilon inside the square root"),
    (_in_place, "changed its input w in place"),
    (lambda w, g, acc, learning_rate, epsilon: w, "should return two arrays"),
    (lambda w, g, acc, learning_rate, epsilon: ("w", acc), "should return an array of real"),
])
def test_adagrad_step_slips(wrong, hint):
    verdict = ch5.check_adagrad_step(wrong)
    assert not verdict and hint in verdict.message


def test_the_checks_adagrad_is_nnbooks_adagrad():
    from nnbook.optimizers import Adagrad

    rng = np.random.default_rng(0)
    w = rng.standard_normal(5)
    optimizer, mine, acc = Adagrad(), w.copy(), np.full(5, 0.1)
    for _ in range(3):
        g = rng.standard_normal(5)
        optimizer.update([(w, g)])
        mine, acc = ch5.adagrad_reference(mine, g, acc)
    np.testing.assert_allclose(w, mine, rtol=1e-13)
