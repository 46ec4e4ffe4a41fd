"""Introduced in Chapter 2. The checks at nnbook's doors: one place for the words of an error.

Every public entry point checks what it is given before it changes anything. An error
names what was expected and what was received, and says how to fix it when the fix is
known. No NaN or inf passes in silently; no shape is reinterpreted. These helpers write
those errors once, so every layer, loss and model says them the same way. Each check
runs once per call (a whole-array ``np.isfinite(x).all()``), never per element in Python.
"""

import numbers

import numpy as np

from nnbook.fast import trust


def positive_int(value, name, allow_none=False):
    """``value`` as an int ≥ 1, or a clear error naming ``name``. Explained in Chapter 2."""
    if value is None and allow_none:
        return None
    return _whole_number(value, name, 1, "a positive integer")


def non_negative_int(value, name):
    """``value`` as an int ≥ 0 (a count that may be zero), or a clear error naming ``name``."""
    return _whole_number(value, name, 0, "a whole number ≥ 0")


def _whole_number(value, name, low, words):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {words}, got {value!r} ({type(value).__name__})")
    if not float(value).is_integer() or value < low:
        raise ValueError(f"{name} must be {words}, got {value!r}")
    return int(value)


def true_or_false(value, name):
    """``value`` if it is True or False; anything else (1, "no", None) is refused by name."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)


def random_seed(value, name):
    """``value`` if it can seed ``np.random.default_rng``: None or a whole number ≥ 0."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number ≥ 0 or None, got {value!r}"
                        f" ({type(value).__name__})")
    if value < 0:
        raise ValueError(f"{name} must be a whole number ≥ 0 or None, got {value!r}")
    return value


def finite_number(value, name, low=None, high=None, high_open=False):
    """``value`` as a finite float in [low, high] (or [low, high)), else a clear error."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if (low is not None and value < low) or (high is not None and (
            value > high or (high_open and value == high))):
        upper = ")" if high_open else "]"
        raise ValueError(f"{name} must be in [{low}, {'∞' if high is None else high}"
                         f"{upper}, got {value!r}")
    return value


def one_of(value, known, name):
    """``value`` if it is one of ``known`` (strings), else an error listing them."""
    if not isinstance(value, str) or value not in known:
        names = ", ".join(repr(k) for k in known)
        raise ValueError(f"unknown {name} {value!r}; known: {names}")
    return value


def numeric_array(x, name, dtype=None):
    """``x`` as a numeric ndarray (cast to ``dtype`` if given), refusing objects, strings,
    complex numbers and ragged lists with an error naming ``name``. Explained in Chapter 3."""
    try:
        array = np.asarray(x)
    except ValueError as error:  # a ragged list
        raise ValueError(f"{name} must be a rectangular array of numbers, got a ragged"
                         f" {type(x).__name__} ({error})") from None
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {array.dtype}"
                        " (take .real or abs() of complex data first)")
    if array.dtype.kind not in "biuf":  # bool, signed, unsigned, float
        raise TypeError(f"{name} must be an array of numbers, got dtype {array.dtype}"
                        " (None, strings or mixed objects in the data?)")
    return array if dtype is None else array.astype(dtype, copy=False)


class NonFiniteError(ValueError):
    """NaN (or ±inf where refused) found in an array: a ``ValueError`` that ``fit`` can
    tell apart, to say at which epoch and batch a training run diverged.
    Explained in Chapter 3."""


def float_array(x, name, dtype=None):
    """``x`` as an ndarray of floats, for a layer or an activation: integer or boolean input
    becomes ``dtype`` (float64 if None); strings, objects, complex numbers, ragged lists
    and NaN are refused with an error naming ``name``. ±inf passes, as IEEE arithmetic
    defines what a layer makes of it (a max-pool of −∞, a dropped inf); data for training
    is refused at a model's doors with ``all_finite``. Explained in Chapter 2."""
    array = numeric_array(x, name)
    if array.dtype.kind != "f":
        array = array.astype(np.float64 if dtype is None else dtype)
    # One pass without a temporary array: a NaN anywhere makes the minimum NaN.
    if array.size and not trust.active() and np.isnan(array.min()):
        bad = np.argwhere(np.isnan(array))
        first = tuple(int(i) for i in bad[0])
        raise NonFiniteError(f"{name} holds {len(bad)} NaN value(s), the first at index {first};"
                         " NaN is not a number to compute with: find where it came from"
                         " (np.isnan(x) marks it). Inside a model that is training, it"
                         " usually means the steps diverged: try a smaller learning rate")
    return array


def finite_array(x, name, dtype=None):
    """``x`` as a numeric ndarray (see ``numeric_array``) holding no NaN or ±inf."""
    return all_finite(numeric_array(x, name, dtype), name)


def all_finite(x, name):
    """Refuse an array holding NaN or ±inf, saying how many and where the first is."""
    x = numeric_array(x, name)
    finite = np.isfinite(x)
    if finite.all():
        return x
    bad = np.argwhere(~finite)
    first = tuple(int(i) for i in bad[0])
    raise NonFiniteError(f"{name} holds {len(bad)} non-finite value(s) (NaN or inf), the first"
                     f" at index {first}: {x[first]!r}; clean or drop them before training"
                     " (for example with np.isfinite)")


def channels_first_hint(shape):
    """A hint when an image batch or image shape looks channels-last (…, H, W, 1 or 3)."""
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"channels_first_hint expected shape, a tuple of sizes, got {shape!r}")
    shape = tuple(shape)
    if len(shape) >= 3 and shape[-1] in (1, 3) and shape[-3] not in (1, 3):
        axes = (0, 3, 1, 2) if len(shape) == 4 else (2, 0, 1)
        return (f"; this looks channels-last, but nnbook is channels-first (NCHW, like the"
                f" classic script's input_shape=(1, 28, 28)): use x.transpose{axes}")
    return ""
