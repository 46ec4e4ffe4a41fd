"""Chapter 6's self-checks: right answers pass; each usual slip fails with its hint."""

import numpy as np
import pytest

from nnbook.exercises import ch6
from nnbook.losses import BinaryCrossentropy


def d_loss(d_real, d_fake):
    real = np.clip(d_real, 1e-7, 1 - 1e-7)
    fake = np.clip(d_fake, 1e-7, 1 - 1e-7)
    return (-np.mean(np.log(real)) - np.mean(np.log(1 - fake))) / 2


def g_step(G, D, z, optimizer):
    loss = BinaryCrossentropy()
    loss.forward(D.forward(G.forward(z, training=True), training=True), np.ones((len(z), 1)))
    G.backward(D.backward(loss.backward()))
    optimizer.update([(G.params[name], G.grads[name]) for name in G.params])


def test_right_answers_pass():
    assert ch6.check_d_loss(d_loss)
    assert ch6.check_g_step(g_step)


@pytest.mark.parametrize("wrong, hint", [
    (lambda r, f: (-np.mean(np.log(r)) - np.mean(np.log(1 - f))) / 2, "clip D's outputs"),
    (lambda r, f: d_loss(f, r), "real images have the label 1"),
    (lambda r, f: 2 * d_loss(r, f), "take the mean over each batch"),
    (lambda r, f: np.array([1.0, 2.0]), "should return one number"),
    (lambda r, f: "loss", "should return an array of real numbers"),
])
def test_d_loss_slips(wrong, hint):
    verdict = ch6.check_d_loss(wrong)
    assert not verdict and hint in verdict.message


def _moves_d(G, D, z, optimizer):
    g_step(G, D, z, optimizer)
    optimizer.update([(D.params[name], D.grads[name]) for name in D.params])


def _minimax(G, D, z, optimizer):
    loss = BinaryCrossentropy()
    loss.forward(D.forward(G.forward(z, training=True), training=True), np.zeros((len(z), 1)))
    G.backward(D.backward(-loss.backward()))
    optimizer.update([(G.params[name], G.grads[name]) for name in G.params])


def _uphill(G, D, z, optimizer):
    loss = BinaryCrossentropy()
    loss.forward(D.forward(G.forward(z, training=True), training=True), np.ones((len(z), 1)))
    G.backward(D.backward(-loss.backward()))
    optimizer.update([(G.params[name], G.grads[name]) for name in G.params])


@pytest.mark.parametrize("wrong, hint", [
    (_moves_d, "changed D's weights"),
    (_minimax, "minimax loss"),
    (_uphill, "the wrong way"),
    (lambda G, D, z, optimizer: None, "did not change G's weights"),
    (lambda G, D, z, optimizer: 1 / 0, "ZeroDivisionError"),
])
def test_g_step_slips(wrong, hint):
    verdict = ch6.check_g_step(wrong)
    assert not verdict and hint in verdict.message
