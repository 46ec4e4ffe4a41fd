"""Introduced in Chapter 6. The self-checks of Chapter 6: D's loss, and G's step through a frozen D."""

import copy

import numpy as np

from nnbook.checks import finite_array
from nnbook.exercises.core import (Verdict, float32_slip, learner_name, one_line, pair,
                                   read_array, run, self_check)
from nnbook.exercises.messages import MESSAGES
from nnbook.layers import Activation, Dense
from nnbook.losses import BinaryCrossentropy
from nnbook.model import Sequential
from nnbook.optimizers import SGD


def d_loss_reference(d_real, d_fake):
    """D's loss: the mean of BCE(D(x), 1) and BCE(D(G(z)), 0). Explained in Chapter 6."""
    d_real, d_fake = _probabilities(d_real, "d_real"), _probabilities(d_fake, "d_fake")
    real = BinaryCrossentropy().forward(d_real, np.ones_like(d_real))
    fake = BinaryCrossentropy().forward(d_fake, np.zeros_like(d_fake))
    return (real + fake) / 2


def _probabilities(d, name):
    """``d`` as a non-empty array of D's outputs, probabilities in [0, 1], or a clear error."""
    d = finite_array(d, name)
    if d.size == 0 or d.min() < 0 or d.max() > 1:
        raise ValueError(f"d_loss_reference expected {name}, D's outputs: probabilities in"
                         f" [0, 1], at least one, got {one_line(d)}")
    return d


def _d_loss_cases():
    rng = np.random.default_rng(3)
    yield rng.uniform(0.1, 0.9, (5, 1)), rng.uniform(0.1, 0.9, (5, 1))
    yield np.full((4, 1), 0.9), np.full((6, 1), 0.2)  # batches of different sizes
    yield np.array([[1.0], [0.7]]), np.array([[0.0], [1.0]])  # D sure, and wrong once


@self_check
def check_d_loss(fn):
    """Check a learner's ``d_loss(d_real, d_fake)``: D's binary cross-entropy, real → 1 and
    fake → 0, each a mean over its batch, then their mean. Explained in Chapter 6 (exercise 1).
    """
    name = learner_name(fn)
    cases = list(_d_loss_cases())
    for real, fake in cases:
        inp = MESSAGES["d_loss_inp"].format(real=one_line(real.ravel()), fake=one_line(fake.ravel()))
        out, problem = run(fn, name, real.copy(), fake.copy(), inp=inp)
        if problem is not None:
            return problem
        value, problem = read_array(out, name)
        if problem is not None:
            return problem
        if value.size != 1:
            return Verdict(False, MESSAGES["not_number"].format(name=name,
                                                                received=one_line(value)))
        value, expected = float(value), d_loss_reference(real, fake)
        if not np.isfinite(value) or not np.isclose(value, expected, rtol=1e-6, atol=1e-9):
            shown = pair(expected, value)
            message = MESSAGES["d_loss_value"].format(inp=inp, name=name, expected=shown[0],
                                                      received=shown[1])
            hint = _d_loss_hint(out, value, expected, real, fake)
            return Verdict(False, message if hint is None else message + " " + MESSAGES[hint])
    return Verdict(True, MESSAGES["pass_d_loss"].format(name=name, n=len(cases)))


def _d_loss_hint(raw, value, expected, real, fake):
    """The key of the hint for a wrong value of D's loss, or None."""
    parts = np.concatenate([-np.log(np.clip(real, 1e-7, 1 - 1e-7)).ravel(),
                            -np.log(np.clip(1 - fake, 1e-7, 1 - 1e-7)).ravel()])
    if not np.isfinite(value):
        return "hint_clip"
    # float32 is refused, not excused: where D is sure, float32 rounds the clip's 1 − 1e-7
    # to 1 − 1.19e-7, and the loss is 1% off; elsewhere it passes, within rtol=1e-6.
    if float32_slip(raw, value, expected):
        return "hint_float32"
    if np.asarray(raw).dtype in (np.float32, np.float16):
        return "hint_float32_clip"
    if np.isclose(value, d_loss_reference(fake, real), rtol=1e-6):
        return "hint_labels_swapped"
    if np.isclose(value, -expected, rtol=1e-6):
        return "hint_loss_sign"
    if any(np.isclose(value, other, rtol=1e-6) for other in (
            2 * expected, len(real) * expected, parts.mean(), parts.sum())):
        return "hint_sum_not_mean"
    if np.any((real == 1) | (fake == 0) | (real == 0) | (fake == 1)):
        return "hint_clip_epsilon"
    return None


def _tiny_gan():
    G = Sequential([Dense(3, input_dim=2, seed=1), Activation("tanh"), Dense(2, seed=2)],
                   dtype="float64")
    D = Sequential([Dense(4, input_dim=2, seed=3), Activation("tanh"), Dense(1, seed=4),
                    Activation("sigmoid")], dtype="float64")
    return G, D


def g_step_reference(G, D, z, optimizer):
    """One non-saturating generator step through a frozen D. Explained in Chapter 6."""
    for name, model in (("G", G), ("D", D)):
        if not all(hasattr(model, a) for a in ("forward", "backward", "params", "grads")):
            raise TypeError(f"g_step_reference expected {name}, a model (a Sequential), got"
                            f" {model!r}")
    if not callable(getattr(optimizer, "update", None)):
        raise TypeError(f"g_step_reference expected optimizer, an Optimizer, got {optimizer!r}")
    z = finite_array(z, "z")
    loss = BinaryCrossentropy()
    loss.forward(D.forward(G.forward(z, training=True), training=True), np.ones((len(z), 1)))
    G.backward(D.backward(loss.backward()))
    optimizer.update([(G.params[name], G.grads[name]) for name in G.params])


@self_check
def check_g_step(fn):
    """Check a learner's ``g_step(G, D, z, optimizer)``: one generator step with the
    non-saturating loss −log D(G(z)), backpropagated through D into G, updating only G.
    Explained in Chapter 6 (exercise 2).
    """
    name = learner_name(fn)
    G, D = _tiny_gan()
    z = np.random.default_rng(0).standard_normal((8, 2))
    G_ref, D_ref = copy.deepcopy(G), copy.deepcopy(D)
    d_before = {k: v.copy() for k, v in D.params.items()}
    g_before = {k: v.copy() for k, v in G.params.items()}
    _, problem = run(lambda *args: fn(*args) or True, name, G, D, z.copy(), SGD(0.5))
    if problem is not None:
        return problem
    if any(not np.array_equal(D.params[k], d_before[k]) for k in d_before):
        return Verdict(False, MESSAGES["g_step_moved_d"].format(name=name))
    if all(np.array_equal(G.params[k], g_before[k]) for k in g_before):
        return Verdict(False, MESSAGES["g_step_still"].format(name=name))
    g_step_reference(G_ref, D_ref, z, SGD(0.5))
    for param in G.params:
        if not np.allclose(G.params[param], G_ref.params[param], rtol=1e-9, atol=1e-12):
            shown = pair(G_ref.params[param].ravel()[:4], G.params[param].ravel()[:4])
            message = MESSAGES["g_step_value"].format(param=param, expected=shown[0],
                                                      received=shown[1])
            moved = G.params[param] - g_before[param]
            wanted = G_ref.params[param] - g_before[param]
            if np.allclose(moved, -wanted, rtol=1e-9, atol=1e-12):
                message += " " + MESSAGES["hint_wrong_sign"]
            elif np.allclose(G.params[param], _minimax_step(z)[param], rtol=1e-9, atol=1e-12):
                message += " " + MESSAGES["hint_minimax"]
            return Verdict(False, message)
    return Verdict(True, MESSAGES["pass_g_step"].format(name=name))


def _minimax_step(z):
    """G's parameters after one step down the minimax loss log(1 − D(G(z))), from the start."""
    G, D = _tiny_gan()
    loss = BinaryCrossentropy()
    loss.forward(D.forward(G.forward(z, training=True), training=True), np.zeros((len(z), 1)))
    G.backward(D.backward(-loss.backward()))
    SGD(0.5).update([(G.params[name], G.grads[name]) for name in G.params])
    return G.params
