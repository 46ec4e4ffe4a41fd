"""Introduced in Chapter 5. The self-checks of Chapter 5: a dropout mask, an Adagrad step."""

import numpy as np

from nnbook.checks import finite_array, finite_number
from nnbook.exercises.core import (Verdict, call, float32_slip, learner_name, one_line, pair,
                                   run, self_check)
from nnbook.exercises.messages import MESSAGES


@self_check
def check_dropout_mask(fn):
    """Check a learner's ``dropout_mask(rng, shape, rate)``: the inverted-dropout multiplier.

    Each entry must be 0 (dropped, with probability ``rate``) or 1/(1 − rate) (kept), drawn
    from the generator ``rng`` it is given. Explained in Chapter 5 (exercise 1).
    """
    name = learner_name(fn)
    for rate in (0.5, 0.2, 0.0):
        shape = (100, 1000)
        inp = MESSAGES["mask_inp"].format(rate=rate, shape=shape)
        out, problem = call(fn, name, np.random.default_rng(0), shape, rate, shape=shape, inp=inp)
        if problem is not None:
            return problem
        if out.shape != shape:
            return Verdict(False, MESSAGES["shape"].format(name=name, expected=shape,
                                                           received=out.shape))
        scale = 1 / (1 - rate)
        odd = out[~(np.isclose(out, 0) | np.isclose(out, scale))]
        if odd.size:
            message = MESSAGES["mask_values"].format(rate=rate, scale=scale, name=name,
                                                     received=one_line(np.unique(odd)[:3]))
            if rate and np.all(np.isclose(out, 0) | np.isclose(out, 1)):
                message += " " + MESSAGES["hint_not_scaled"]
            elif rate and np.all(np.isclose(out, 0) | np.isclose(out, 1 / rate)):
                message += " " + MESSAGES["hint_scaled_by_rate"]
            return Verdict(False, message)
        dropped = float(np.mean(np.isclose(out, 0)))
        if abs(dropped - rate) > 0.01:  # 100,000 draws: the standard deviation is ≤ 0.0016
            message = MESSAGES["mask_rate"].format(rate=rate, name=name, dropped=dropped)
            if abs(dropped - (1 - rate)) < 0.01:
                message += " " + MESSAGES["hint_rate_flipped"]
            return Verdict(False, message)
    masks = []
    for seed in (7, 7, 8):
        inp = MESSAGES["mask_inp"].format(rate=0.5, shape=(50,))
        mask, problem = call(fn, name, np.random.default_rng(seed), (50,), 0.5, inp=inp)
        if problem is not None:
            return problem
        masks.append(mask)
    first, again, other = masks
    if not np.array_equal(first, again):
        return Verdict(False, MESSAGES["mask_rng"].format(name=name))
    if np.array_equal(first, other):
        return Verdict(False, MESSAGES["mask_seed"].format(name=name))
    return Verdict(True, MESSAGES["pass_mask"].format(name=name))


def adagrad_reference(w, g, accumulator, learning_rate=0.001, epsilon=1e-7):
    """One Adagrad step as Keras takes it: (new_w, new_accumulator). Explained in Chapter 5."""
    w, g, accumulator = _adagrad_args(w, g, accumulator, learning_rate, epsilon)
    accumulator = accumulator + g * g
    return w - learning_rate * g / np.sqrt(accumulator + epsilon), accumulator


@self_check
def check_adagrad_step(fn):
    """Check a learner's ``adagrad_step(w, g, accumulator, learning_rate, epsilon)``, which
    returns ``(new_w, new_accumulator)`` without changing its inputs, for four steps with
    Keras's defaults. Explained in Chapter 5 (exercise 2).
    """
    name = learner_name(fn)
    rng = np.random.default_rng(5)
    # Keras's start (0.1), then an empty accumulator with tiny gradients, where epsilon's
    # place (inside the square root) matters.
    starts = [(rng.standard_normal(4), np.full(4, 0.1), 1.0), (rng.standard_normal(4),
                                                               np.zeros(4), 1e-4)]
    for step in range(1, 5):
        if step in (1, 3):
            w, acc, size = starts[step // 3]
        g = rng.standard_normal(4) * size
        inputs = (w.copy(), g.copy(), acc.copy())
        inp = MESSAGES["adagrad_inp"].format(step=step, w=_precise(w), g=_precise(g),
                                             acc=_precise(acc))
        out, problem = run(fn, name, *inputs, 0.001, 1e-7, inp=inp)
        if problem is not None:
            return problem
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            return Verdict(False, MESSAGES["not_two"].format(name=name, received=repr(out)[:60]))
        for arg, given, original in zip(("w", "g", "accumulator"), inputs, (w, g, acc)):
            if not np.array_equal(given, original):
                return Verdict(False, MESSAGES["mutated_adagrad"].format(name=name, arg=arg))
        expected = adagrad_reference(w, g, acc)
        for which, raw, want in zip(("new_w", "new_accumulator"), out, expected):
            got, problem = call(lambda value=raw: value, name, shape=want.shape)
            if problem is not None:
                return problem
            if got.shape != want.shape or not np.allclose(got, want, rtol=1e-9, atol=1e-12):
                shown = pair(want, got) if got.shape == want.shape else (_precise(want),
                                                                          _precise(got))
                message = MESSAGES["adagrad_value"].format(
                    step=step, w=_precise(w), g=_precise(g), name=name, which=which,
                    expected=shown[0], received=shown[1])
                hint = _adagrad_hint(which, raw, got, want, w, g, acc)
                return Verdict(False, message if hint is None else message + " " + MESSAGES[hint])
        w, acc = expected
    return Verdict(True, MESSAGES["pass_adagrad"].format(name=name, n=4))


def _adagrad_hint(which, raw, got, want, w, g, acc):
    """The key of the hint for a wrong ``which`` of one Adagrad step, or None."""
    new_acc = acc + g * g
    slips = {"hint_accumulate_first": w - 0.001 * g / np.sqrt(acc + 1e-7),
             "hint_epsilon": w - 0.001 * g / (np.sqrt(new_acc) + 1e-7),
             "hint_no_epsilon": w - 0.001 * g / np.sqrt(new_acc),
             "hint_sqrt": w - 0.001 * g / (new_acc + 1e-7)}
    if got.shape != want.shape:
        return None
    # float32 is refused, not excused: the step keeps the weights' dtype, float64 here.
    if float32_slip(raw, got, want):
        return "hint_float32"
    if which == "new_accumulator":
        return "hint_accumulator_old" if np.allclose(got, acc, rtol=1e-12, atol=0) else None
    return next((key for key, slip in slips.items()
                 if np.allclose(got, slip, rtol=1e-12, atol=0)), None)


def _adagrad_args(w, g, accumulator, learning_rate, epsilon):
    """adagrad_reference's arguments, checked: three finite arrays of one shape, and numbers."""
    w, g, accumulator = (finite_array(w, "w"), finite_array(g, "g"),
                         finite_array(accumulator, "accumulator"))
    if not w.shape == g.shape == accumulator.shape:
        raise ValueError(f"adagrad_reference expected w, g and accumulator of one shape, got"
                         f" {w.shape}, {g.shape} and {accumulator.shape}")
    if (accumulator < 0).any():
        raise ValueError("adagrad_reference: accumulator must hold no negative value (a sum"
                         " of squares)")
    finite_number(learning_rate, "learning_rate", 0)
    if not finite_number(epsilon, "epsilon") > 0:
        raise ValueError(f"epsilon must be in (0, ∞), got {epsilon!r}")
    return w, g, accumulator


def _precise(array):
    """An array on one line with up to 8 decimals: an Adagrad step is small."""
    return one_line(array, 8)
