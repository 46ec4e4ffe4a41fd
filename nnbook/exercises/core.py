"""Introduced in Chapter 1. What every self-check shares: the verdict, and calling the learner.

A check calls the learner's function on inputs chosen to catch the usual slips, compares
with the reference, and returns a :class:`Verdict`. It never raises, whatever the learner
wrote or returned, so a notebook keeps running; the verdict says what is right, or the
first thing that is wrong, with the input, the expected value and the value received.
When the learner's function raises, the verdict names the error and the line of the
learner's code it came from.
"""

import functools
import html
import os
import re
import sysconfig
import traceback
import warnings

import numpy as np

from nnbook.exercises.messages import MESSAGES

# A verdict is read at a glance: a value is shown in at most _WIDEST characters, a message
# in at most _LONGEST (a longer one loses its middle, never its hint at the end).
_WIDEST, _LONGEST = 160, 700

# Code that is not the learner's: nnbook itself, Python's library, installed packages.
_LIBRARY = tuple(sorted({os.path.realpath(path) + os.sep for path in (
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    *(sysconfig.get_paths().get(key) for key in ("stdlib", "platstdlib", "purelib", "platlib")),
) if path}))


class Verdict:
    """The result of a self-check: ``passed`` (also its truth value) and a ``message``.

    Explained in Chapter 1.
    """

    def __init__(self, passed, message, error=None):
        self.passed = bool(passed)
        self.message = _capped(str(message))
        self.error = error  # the exception the learner's function raised, if it did

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return ("✅ " if self.passed else "❌ ") + self.message

    def _repr_html_(self):
        # A coloured box rather than an emoji: not every browser font has the emoji.
        color = "#1b7a3a" if self.passed else "#a4262c"
        return (f'<p style="color:{color};font-weight:600;border-left:4px solid {color};'
                f'padding:4px 10px">{html.escape(self.message)}</p>')


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


def run(fn, name, *args, inp=None):
    """Run the learner's function; return (output, None) or (None, Verdict of what went wrong).

    ``inp``, a short text for the arguments, is named when the function raises or returns
    None: a mistake in one branch shows only for some inputs.
    """
    try:
        out = fn(*args)
    except NotImplementedError:
        return None, Verdict(False, MESSAGES["not_implemented"].format(name=name))
    except Exception as error:  # a check must report any mistake, never crash the notebook
        return None, Verdict(False, _raised(name, error, inp), error=error)
    if out is None:
        template = "returned_none" if inp is None else "returned_none_for"
        return None, Verdict(False, MESSAGES[template].format(name=name, inp=inp))
    return out, None


def call(fn, name, *args, shape=None, inp=None):
    """:func:`run`, then :func:`read_array` on the output."""
    out, problem = run(fn, name, *args, inp=inp)
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


def one_line(array, precision=4):
    """An array printed on one line, ``precision`` decimals at most, a large one summarised
    and any cut to a readable width; anything else as its repr (never raises).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an older numpy warns on ragged lists
            text = np.array2string(np.asarray(array), precision=int(precision), separator=", ",
                                   threshold=30, edgeitems=2)
    except Exception:  # a ragged list, an object numpy cannot print: say what it is
        text = repr(array)
    text = re.sub(r"\[ +", "[", re.sub(r" +([,\]])", r"\1", " ".join(text.split())))
    return text if len(text) <= _WIDEST else text[:_WIDEST - 1] + "…"


def pair(expected, received):
    """``expected`` and ``received`` on one line each, with the fewest decimals (4 to 17) at
    which they visibly differ: two numbers shown alike are never called different. Real
    numbers are shown as float64, so float32's rounding shows too.
    """
    expected, received = _as_float64(expected), _as_float64(received)
    for precision in (4, 6, 8, 10, 12, 14, 17):
        shown = one_line(expected, precision), one_line(received, precision)
        if shown[0] != shown[1]:
            break
    return shown


def _as_float64(value):
    """``value`` as a float64 array when it holds real numbers, else unchanged."""
    try:
        array = np.asarray(value)
        return array.astype(np.float64) if array.dtype.kind in "biuf" else value
    except Exception:  # a ragged list, an object numpy cannot read: shown as it is
        return value


def float32_slip(raw, got, expected):
    """Whether ``got`` differs from ``expected`` only as a float32 computation would: close to
    about six digits, and returned in float32 (or float16) or rounded to float32's values.
    ``raw`` is what the learner returned, before it was read as float64. Never raises.
    """
    try:
        got, expected = np.asarray(got, np.float64), np.asarray(expected, np.float64)
        if got.shape != expected.shape or np.array_equal(got, expected):
            return False
        scale = float(np.abs(expected).max(initial=0.0))
        if not np.allclose(got, expected, rtol=1e-5, atol=1e-6 * scale):
            return False
        low = getattr(np.asarray(raw), "dtype", None) in (np.float32, np.float16)
        rounded = (np.array_equal(got, got.astype(np.float32))
                   and not np.array_equal(expected, expected.astype(np.float32)))
        return bool(low or rounded)
    except Exception:  # a value numpy cannot read is no float32 slip
        return False


def imitates(fn, slip, cases):
    """Whether ``fn`` gives what ``slip`` gives, NaN for NaN, on every case (a tuple of
    arguments, passed as copies): how a check recognises a known mistake. Never raises.
    """
    try:
        for args in cases:
            args = [np.copy(arg) if isinstance(arg, np.ndarray) else arg for arg in args]
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                theirs = np.asarray(slip(*args), dtype=np.float64)
                mine = np.asarray(fn(*args), dtype=np.float64)
            if mine.shape != theirs.shape or not np.allclose(mine, theirs, rtol=1e-9,
                                                             atol=1e-12, equal_nan=True):
                return False
        return True
    except Exception:  # the learner's code raised, or returned what is no array: no match
        return False


def _capped(message):
    """``message`` cut in the middle to at most _LONGEST characters, keeping its end."""
    if len(message) <= _LONGEST:
        return message
    half = (_LONGEST - 3) // 2
    return message[:half] + " … " + message[-half:]


def _error_text(error):
    """``"ValueError: the message"`` on one line, without a closing full stop (the message
    adds its own), cut to a readable length.
    """
    text = " ".join(str(error).split()).rstrip(".")
    text = text if len(text) <= _WIDEST else text[:_WIDEST - 1] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _raised(name, error, inp=None):
    """The message for an error the learner's function raised, at its line when known."""
    suffix = "" if inp is None else "_for"
    frame = _learner_frame(error)
    if frame is None:
        return MESSAGES["raised" + suffix].format(name=name, error=_error_text(error), inp=inp)
    code = " ".join((frame.line or "").split())
    code = code if len(code) <= 100 else code[:99] + "…"
    template = ("raised_at" if code else "raised_at_line") + suffix
    return MESSAGES[template].format(name=name, error=_error_text(error), line=frame.lineno,
                                     code=code, func=frame.name, inp=inp)


def _learner_frame(error):
    """The innermost frame of the traceback in the learner's code, or None.

    Learner's code is outside nnbook, Python's library and installed packages, with its
    source at hand: a file, or a notebook cell, whose source IPython keeps in ``linecache``
    under a name like ``/tmp/ipykernel_…/….py`` (no such file need exist) or
    ``<ipython-input-…>``. Frames without source are skipped: ``<frozen …>``,
    ``<__array_function__ internals>``, a compiled module's ``numpy/random/_generator.pyx``.
    The innermost frame is the failing line, also inside a helper the learner wrote.
    """
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        filename = frame.filename or ""
        if not filename.startswith("<") and os.path.realpath(filename).startswith(_LIBRARY):
            continue
        if (frame.line or "").strip() or (not filename.startswith("<")
                                          and os.path.isabs(filename)
                                          and os.path.isfile(filename)):
            return frame
    return None
