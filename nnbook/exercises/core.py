"""Introduced in Chapter 1. What every self-check shares: the verdict, and calling the learner.

A check calls the learner's function on inputs chosen to catch the usual slips, compares
with the reference, and returns a :class:`Verdict`. It never raises, whatever the learner
wrote or returned, so a notebook keeps running; the verdict says what is right, or the
first thing that is wrong, with the input, the expected value and the value received.
When the learner's function raises, the verdict names the error and the line of the
learner's code it came from.
"""

import functools
import os
import sysconfig
import traceback
import warnings

import numpy as np

from nnbook.exercises.messages import MESSAGES

# Code that is not the learner's: nnbook itself, Python's library, installed packages.
_LIBRARY = tuple(sorted({os.path.realpath(path) + os.sep for path in (
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    *(sysconfig.get_paths().get(key) for key in ("stdlib", "platstdlib", "purelib", "platlib")),
) if path}))


class Verdict:
    """The result of a self-check: ``passed`` (also its truth value) and a ``message``.

    Explained in Chapter 1.
    """

    def __init__(self, passed, message):
        self.passed = bool(passed)
        self.message = message

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return ("✅ " if self.passed else "❌ ") + self.message

    def _repr_html_(self):
        # A coloured box rather than an emoji: not every browser font has the emoji.
        color = "#1b7a3a" if self.passed else "#a4262c"
        return (f'<p style="color:{color};font-weight:600;border-left:4px solid {color};'
                f'padding:4px 10px">{self.message}</p>')


def learner_name(fn):
    """The name a verdict calls the learner's function by."""
    return getattr(fn, "__name__", None) or "your function"


def self_check(body):
    """Make ``body(fn)`` a check that never raises: it refuses what is not a function, runs
    with numpy's warnings silenced (the verdict, not a warning, explains an overflow), and
    turns any error of its own into a failing verdict.
    """
    if not callable(body):
        raise TypeError(f"self_check expected the check's body, a function, got {body!r}")

    @functools.wraps(body)
    def check(fn):
        if not callable(fn):
            return Verdict(False, MESSAGES["not_callable"].format(received=describe(fn)))
        try:
            with np.errstate(all="ignore"):
                return body(fn)
        except Exception as error:  # the last guard: a check reports, it never crashes
            return Verdict(False, MESSAGES["check_failed"].format(name=learner_name(fn),
                                                                  error=_error_text(error)))
    return check


def run(fn, name, *args):
    """Run the learner's function; return (output, None) or (None, Verdict of what went wrong)."""
    try:
        out = fn(*args)
    except NotImplementedError:
        return None, Verdict(False, MESSAGES["not_implemented"].format(name=name))
    except Exception as error:  # a check must report any mistake, never crash the notebook
        return None, Verdict(False, _raised(name, error))
    if out is None:
        return None, Verdict(False, MESSAGES["returned_none"].format(name=name))
    return out, None


def call(fn, name, *args, shape=None):
    """:func:`run`, then :func:`read_array` on the output."""
    out, problem = run(fn, name, *args)
    return (None, problem) if problem is not None else read_array(out, name, shape=shape)


def read_array(value, name, which=None, shape=None):
    """``value`` as a float64 array, and None; or None and the Verdict saying why it is not one.

    Real numbers in any array-like form are fine (lists, ints, bools, float32); strings,
    None, ragged lists, complex numbers and objects are not. ``which`` names a part of the
    output ("grad_b") in the message; ``shape``, when known, is said as the one expected.
    """
    array = None
    if value is not None and not isinstance(value, (str, bytes)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an older numpy warns on ragged lists
                array = np.asarray(value)
        except Exception:  # a ragged list, or an object numpy cannot read
            pass
    if array is not None and array.dtype.kind in "biuf":  # bool, int, unsigned, float
        return array.astype(np.float64), None
    expected = "" if shape is None else MESSAGES["of_shape"].format(shape=shape)
    template = "not_array" if which is None else "not_array_part"
    return None, Verdict(False, MESSAGES[template].format(name=name, which=which, shape=expected,
                                                          received=describe(value)))


def describe(value):
    """A short text for a value a check cannot use: an array's shape and dtype, else its repr."""
    if isinstance(value, np.ndarray):
        return MESSAGES["an_array"].format(shape=value.shape, dtype=value.dtype)
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    if value is None or isinstance(value, (str, bytes)):
        return text
    if isinstance(value, (list, tuple)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                np.asarray(value, dtype=np.float64)
        except ValueError as error:
            if "sequence" in str(error) or "inhomogeneous" in str(error):
                return MESSAGES["ragged"].format(value=text)
        except Exception:
            pass
        return text
    return MESSAGES["of_type"].format(value=text, type=type(value).__name__)


def one_line(array):
    """An array printed on one line, four decimals; anything else as its repr (never raises)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an older numpy warns on ragged lists
            text = np.array2string(np.asarray(array), precision=4, separator=", ")
    except Exception:  # a ragged list, an object numpy cannot print: say what it is
        text = repr(array)
    return text.replace("\n", "")


def _error_text(error):
    """``"ValueError: the message"`` without a closing full stop (the message adds its own)."""
    text = str(error).strip().rstrip(".")
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _raised(name, error):
    """The message for an error the learner's function raised, at its line when known."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        filename = frame.filename or ""
        if filename.startswith("<frozen") or os.path.realpath(filename).startswith(_LIBRARY):
            continue
        code = (frame.line or "").strip()
        template = "raised_at" if code else "raised_at_line"
        return MESSAGES[template].format(name=name, error=_error_text(error), line=frame.lineno,
                                         code=code)
    return MESSAGES["raised"].format(name=name, error=_error_text(error))
