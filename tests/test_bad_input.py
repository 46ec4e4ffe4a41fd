"""The rule behind nnbook's doors (issue 9), swept over the whole public API.

Every public entry point checks what it is given before it changes anything. An error
names what was expected and what was received, and says how to fix it when the fix is
known. No NaN or inf passes in silently; no wrong shape is reinterpreted; no state is
half-changed when an error is raised.

``CASES`` maps every public function, class and method of nnbook (by its dotted name,
where it is defined) to bad calls, each made with one bad value: a wrong shape, a wrong
dtype, NaN or inf, an empty array, a wrong Python type, a size of zero, an unknown name.
Each must raise one named exception type (exactly that type: an IndexError, KeyError,
AttributeError or ZeroDivisionError leaking from inside never passes) with a message
that names the argument, and without a warning on the way. A call on an object that
holds state (a layer, a model, an optimizer, a folder) must leave that state as it was.
The self-checks of ``nnbook.exercises`` promise never to raise: for them a bad call must
return a failing verdict instead (and their helpers that describe a value must return).

NaN is refused everywhere. ±inf is refused wherever data comes in (a model's doors, the
losses, metrics, optimizers' gradients, figures); layers and activations take it, as IEEE
arithmetic defines what they make of it (a max-pool of −∞, a dropped inf, sigmoid(inf)).

``EXEMPT`` lists, with a reason, the public names that take no user input. A test fails
for every public name in neither, so a new function or class needs its cases here (one
block per module below: add yours beside them).

Public names are found by walking the package: functions and classes defined in a
module (not imported into it) and not starting with "_", and the methods defined in a
public class that take an argument besides ``self`` (properties take none). Since a
method is listed where it is defined, ``Sequential.fit`` is ``nnbook.training.Training.fit``.
"""

import importlib
import inspect
import pkgutil
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot
# ruff: noqa: E402 (the imports below come after choosing the backend)
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnbook
from nnbook.checks import NonFiniteError
from nnbook import augment_flow, augment_geometry, checks, data
from nnbook.activations import (relu, relu_derivative, sigmoid, sigmoid_derivative, softmax,
                                tanh, tanh_derivative)
from nnbook.augment import ImageDataGenerator
from nnbook.augment_flow import NumpyArrayIterator
from nnbook.conv import Conv2D, col2im, conv2d_im2col, im2col
from nnbook.conv_loops import (conv2d_backward, conv2d_forward, correlate2d,
                               max_pool_backward, max_pool_forward, pad2d)
from nnbook.conv_shapes import conv_output_size, conv_padding
from nnbook.download import download
from nnbook.envcheck import check_environment
from nnbook.exercises import core
from nnbook.exercises.ch1 import check_sigmoid_derivative
from nnbook.exercises.ch2 import check_dense_backward
from nnbook.exercises.ch3 import check_softmax
from nnbook.exercises.ch4 import check_max_pool_backward, check_output_size
from nnbook.exercises.ch5 import adagrad_reference, check_adagrad_step, check_dropout_mask
from nnbook.exercises.ch6 import check_d_loss, check_g_step, d_loss_reference, g_step_reference
from nnbook.gradcheck import check_layer, check_loss, numerical_gradient, relative_error
from nnbook.graph import Graph
from nnbook.image_folder import load_image_folder
from nnbook.layers import (Activation, Dense, Dropout, Flatten, LeakyReLU, Layer, PReLU,
                           RandomLayer, Softmax, Tanh, initializers)
from nnbook.layers.base import as_float_array, float_dtype
from nnbook.losses import (MSE, SSE, BinaryCrossentropy, CategoricalCrossentropy, get_loss)
from nnbook.metrics import accuracy, confusion_matrix
from nnbook.model import Sequential
from nnbook.optimizers import (SGD, Adadelta, Adagrad, Adam, RMSprop, get_optimizer,
                               trainable_params_and_grads)
from nnbook.pooling import MaxPooling2D
from nnbook.progbar import Progbar
from nnbook.toydata import two_moons, xor_clusters
from nnbook.twolayer import NeuralNetwork
from nnbook.viz import ch1 as viz1, ch2 as viz2, ch3 as viz3, ch4 as viz4, ch5 as viz5
from nnbook.viz import ch6 as viz6


# --- the public API ------------------------------------------------------------------------


def _takes_input(member):
    """True for a method that takes an argument besides ``self`` (or ``cls``)."""
    function = member.__func__ if isinstance(member, (staticmethod, classmethod)) else member
    if not inspect.isfunction(function):
        return False
    parameters = list(inspect.signature(function).parameters.values())
    return len(parameters) > (0 if isinstance(member, staticmethod) else 1)


def public_api():
    """Every public name of nnbook, dotted where it is defined (see the module docstring)."""
    found = set()
    for info in pkgutil.walk_packages(nnbook.__path__, "nnbook."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != info.name:
                continue
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue  # constants (dicts, tuples) are no entry points
            found.add(f"{info.name}.{name}")
            if inspect.isclass(obj):
                found.update(f"{info.name}.{name}.{attr}" for attr, member in vars(obj).items()
                             if not attr.startswith("_") and _takes_input(member))
    return found


# --- the kinds of case ---------------------------------------------------------------------


@dataclass
class Bad:
    """One bad call. ``call()`` makes it; with ``make``, ``call(make())`` does, and the state
    of what ``make`` made must be the same afterwards. ``error`` is the exception type the
    call must raise, or "verdict" (a self-check's failing verdict) or "returns" (a helper
    that must return, never raise); ``match`` is a regex its message must contain."""

    call: Callable
    error: object
    match: str
    make: Optional[Callable] = None


def raises(error, match, call, make=None):
    return Bad(call, error, match, make)


def verdict(match, call):
    return Bad(call, "verdict", match)


def returns(call):
    return Bad(call, "returns", "")


# --- small inputs --------------------------------------------------------------------------

NAN = np.array([[0.5, np.nan], [1.0, 0.0]])
INF = np.array([[0.5, np.inf], [1.0, 0.0]])
STRINGS = np.array([["a", "b"], ["c", "d"]])
NONES = np.array([[None, 1.0], [1.0, 0.0]], dtype=object)
COMPLEX = np.array([[1 + 2j, 0], [0, 1]])
RAGGED = [[1.0, 2.0], [3.0]]
SHA = "0" * 64
X64 = np.linspace(-1, 1, 6).reshape(2, 3)
Y2 = np.array([[1.0, 0.0], [0.0, 1.0]])
P2 = np.array([[0.8, 0.2], [0.3, 0.7]])
IMAGES = np.linspace(-1, 1, 50).reshape(2, 1, 5, 5)
KERNEL = np.linspace(-1, 1, 18).reshape(2, 1, 3, 3)
DIGITS = np.linspace(0, 1, 50).reshape(2, 1, 5, 5)
RNG = np.random.default_rng(0)
XOR_X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)


def nan_in(array, where=None, value=np.nan):
    """A float copy of ``array`` with ``value`` at ``where`` (the first entry by default)."""
    array = np.array(array, dtype=float)
    array[where if where is not None else (0,) * array.ndim] = value
    return array


def mlp(compiled=True):
    model = Sequential([Dense(4, input_dim=3, seed=0), Tanh(), Dense(2, seed=1), Softmax()],
                       seed=0)
    if compiled:
        model.compile(SGD(0.1), "categorical_crossentropy", metrics=["accuracy"])
    return model


def trained(model):
    """``model`` after one step, so that its optimizer has state and iterations."""
    model.train_on_batch(*xy())
    return model


def xy(n=8):
    rng = np.random.default_rng(0)
    return rng.standard_normal((n, 3)), np.eye(2)[rng.integers(0, 2, n)]


def forwarded(layer, x):
    layer.forward(x)
    return layer


def graph():
    return Graph().input("x", 2.0).input("w", 3.0).op("u", "mul", "w", "x").op("L", "square", "u")


class Tmp:
    """The test's temporary folder (set for each test by a fixture)."""

    path = None


def folder():
    """A folder inside the test's temporary folder, not made yet: nothing may create it."""
    return Tmp.path / "cache"


def garbage_file():
    path = Tmp.path / "garbage"
    path.write_bytes(b"not an IDX file")
    return path


def parameter_layer(grads=True):
    layer = Layer()
    layer.params = {"W": np.ones((2, 2))}
    layer.grads = {"W": np.ones((2, 2))} if grads else {}
    return layer


def sgd_and_pair():
    return SGD(0.1), np.ones((2, 2)), np.full((2, 2), 0.5)


# --- the cases, one block per module ---------------------------------------------------------

CASES = {}


def cases(module, by_name):
    for name, bad_calls in by_name.items():
        CASES[f"{module}.{name}"] = bad_calls


def _array_doors(function, arg):
    """The bad arrays every function of arrays refuses, ``arg`` naming its argument."""
    return [
        raises(TypeError, rf"{arg} must be an array of numbers, got dtype <U1",
               lambda: function(STRINGS)),
        raises(TypeError, rf"{arg} must be an array of numbers, got dtype object",
               lambda: function(None)),
        raises(TypeError, rf"{arg} must be an array of numbers, got dtype object",
               lambda: function(NONES)),
        raises(TypeError, rf"{arg} must be an array of real numbers, got dtype complex",
               lambda: function(COMPLEX)),
        raises(ValueError, rf"{arg} must be a rectangular array", lambda: function(RAGGED)),
        raises(ValueError, rf"{arg} holds 1 NaN value\(s\), the first at index \(0, 1\)",
               lambda: function(NAN)),
    ]


cases("nnbook.activations", {
    "sigmoid": _array_doors(sigmoid, "z"),
    "sigmoid_derivative": _array_doors(sigmoid_derivative, "a"),
    "tanh": _array_doors(tanh, "z"),
    "tanh_derivative": _array_doors(tanh_derivative, "a"),
    "relu": _array_doors(relu, "z"),
    "relu_derivative": _array_doors(relu_derivative, "a"),
    "softmax": _array_doors(softmax, "logits") + [
        raises(ValueError, r"softmax axis 2 is out of range for logits of shape \(2, 2\)",
               lambda: softmax(P2, axis=2)),
        raises(TypeError, r"softmax axis must be an integer, got '1'",
               lambda: softmax(P2, axis="1")),
        raises(ValueError, r"softmax needs at least one logit along axis -1, got logits of"
                           r" shape \(2, 0\)", lambda: softmax(np.zeros((2, 0)))),
    ],
})

cases("nnbook.checks", {
    "positive_int": [
        raises(TypeError, r"units must be a positive integer, got '3'",
               lambda: checks.positive_int("3", "units")),
        raises(TypeError, r"units must be a positive integer, got None",
               lambda: checks.positive_int(None, "units")),
        raises(TypeError, r"units must be a positive integer, got True",
               lambda: checks.positive_int(True, "units")),
        raises(ValueError, r"units must be a positive integer, got 0",
               lambda: checks.positive_int(0, "units")),
        raises(ValueError, r"units must be a positive integer, got 2.5",
               lambda: checks.positive_int(2.5, "units")),
        raises(ValueError, r"units must be a positive integer, got nan",
               lambda: checks.positive_int(np.nan, "units")),
    ],
    "non_negative_int": [
        raises(ValueError, r"iterations must be a whole number ≥ 0, got -1",
               lambda: checks.non_negative_int(-1, "iterations")),
        raises(ValueError, r"iterations must be a whole number ≥ 0, got inf",
               lambda: checks.non_negative_int(np.inf, "iterations")),
        raises(TypeError, r"iterations must be a whole number ≥ 0, got '3'",
               lambda: checks.non_negative_int("3", "iterations")),
    ],
    "true_or_false": [
        raises(TypeError, r"shuffle must be True or False, got 'no'",
               lambda: checks.true_or_false("no", "shuffle")),
        raises(TypeError, r"shuffle must be True or False, got 1",
               lambda: checks.true_or_false(1, "shuffle")),
    ],
    "random_seed": [
        raises(TypeError, r"seed must be a whole number ≥ 0 or None, got 'abc'",
               lambda: checks.random_seed("abc", "seed")),
        raises(TypeError, r"seed must be a whole number ≥ 0 or None, got 1.5",
               lambda: checks.random_seed(1.5, "seed")),
        raises(ValueError, r"seed must be a whole number ≥ 0 or None, got -1",
               lambda: checks.random_seed(-1, "seed")),
    ],
    "finite_number": [
        raises(TypeError, r"rate must be a number, got '0.1'",
               lambda: checks.finite_number("0.1", "rate")),
        raises(ValueError, r"rate must be finite, got nan",
               lambda: checks.finite_number(np.nan, "rate")),
        raises(ValueError, r"rate must be finite, got inf",
               lambda: checks.finite_number(np.inf, "rate")),
        raises(ValueError, r"rate must be in \[0, 1\), got 1.0",
               lambda: checks.finite_number(1, "rate", 0, 1, True)),
    ],
    "one_of": [
        raises(ValueError, r"unknown padding 'bogus'; known: 'valid', 'same'",
               lambda: checks.one_of("bogus", ("valid", "same"), "padding")),
        raises(ValueError, r"unknown padding None", lambda: checks.one_of(None, ("valid",),
                                                                          "padding")),
    ],
    "numeric_array": _array_doors(lambda x: checks.numeric_array(x, "x"), "x")[:5],
    "float_array": _array_doors(lambda x: checks.float_array(x, "x"), "x"),
    "finite_array": _array_doors(lambda x: checks.finite_array(x, "x"), "x")[:5] + [
        raises(ValueError, r"x holds 1 non-finite value\(s\).*index \(0, 1\)",
               lambda: checks.finite_array(INF, "x")),
    ],
    "all_finite": [
        raises(ValueError, r"x holds 1 non-finite value\(s\).*index \(1,\)",
               lambda: checks.all_finite([1.0, np.nan], "x")),
        raises(TypeError, r"x must be an array of numbers", lambda: checks.all_finite("ab", "x")),
    ],
    "channels_first_hint": [
        raises(TypeError, r"channels_first_hint expected shape, a tuple of sizes, got None",
               lambda: checks.channels_first_hint(None)),
        raises(TypeError, r"channels_first_hint expected shape, a tuple of sizes, got 5",
               lambda: checks.channels_first_hint(5)),
    ],
})


def conv_layer():
    return Conv2D(2, 3, seed=0)


def built_conv():
    return Conv2D(2, 3, input_shape=(1, 5, 5), seed=0).build()


cases("nnbook.conv", {
    "im2col": [
        raises(ValueError, r"im2col expected x of shape \(N, C, H, W\), got \(1, 5, 5\)",
               lambda: im2col(np.zeros((1, 5, 5)), (3, 3))),
        raises(TypeError, r"x must be an array of numbers", lambda: im2col(STRINGS, (1, 1))),
        raises(ValueError, r"x holds 1 NaN", lambda: im2col(nan_in(IMAGES), (3, 3))),
        raises(ValueError, r"kernel_size must be a positive integer or a pair of them",
               lambda: im2col(IMAGES, (3, 3, 3))),
        raises(ValueError, r"kernel_size must be a positive integer, got 0",
               lambda: im2col(IMAGES, (0, 3))),
        raises(ValueError, r"strides must be a positive integer, got 0",
               lambda: im2col(IMAGES, (3, 3), (0, 1))),
        raises(ValueError, r"a kernel of 7 does not fit an input of 5",
               lambda: im2col(IMAGES, (7, 7))),
    ],
    "col2im": [
        raises(ValueError, r"col2im expected cols of shape \(2, 9, 9\).*got \(2, 9, 10\)",
               lambda: col2im(np.zeros((2, 9, 10)), (2, 1, 5, 5), (3, 3))),
        raises(ValueError, r"col2im expected x_shape \(N, C, H, W\), got \(5, 5\)",
               lambda: col2im(np.zeros((2, 9, 9)), (5, 5), (3, 3))),
        raises(ValueError, r"x_shape must be a positive integer, got 0",
               lambda: col2im(np.zeros((2, 9, 9)), (2, 0, 5, 5), (3, 3))),
        raises(ValueError, r"cols holds 1 NaN",
               lambda: col2im(nan_in(np.zeros((2, 9, 9))), (2, 1, 5, 5), (3, 3))),
        raises(TypeError, r"cols must be an array of numbers",
               lambda: col2im(STRINGS, (2, 1, 5, 5), (3, 3))),
    ],
    "conv2d_im2col": [
        raises(ValueError, r"conv2d_im2col expected x of shape \(N, C, H, W\), got \(5, 5\)",
               lambda: conv2d_im2col(np.zeros((5, 5)), KERNEL)),
        raises(ValueError, r"conv2d_im2col expected a kernel W of shape \(F, C, kh, kw\),"
                           r" got \(3, 3\)", lambda: conv2d_im2col(IMAGES, np.zeros((3, 3)))),
        raises(ValueError, r"W has 3 input channels but x has 1",
               lambda: conv2d_im2col(IMAGES, np.zeros((2, 3, 3, 3)))),
        raises(ValueError, r"b must have one entry per filter, shape \(2,\), got \(3,\)",
               lambda: conv2d_im2col(IMAGES, KERNEL, np.zeros(3))),
        raises(ValueError, r"unknown padding 'bogus'",
               lambda: conv2d_im2col(IMAGES, KERNEL, padding="bogus")),
        raises(ValueError, r"strides must be a positive integer",
               lambda: conv2d_im2col(IMAGES, KERNEL, strides=0)),
        raises(ValueError, r"x holds 1 NaN", lambda: conv2d_im2col(nan_in(IMAGES), KERNEL)),
        raises(ValueError, r"W holds 1 NaN", lambda: conv2d_im2col(IMAGES, nan_in(KERNEL))),
        raises(ValueError, r"a kernel of 3 does not fit an input of 2",
               lambda: conv2d_im2col(np.zeros((1, 1, 2, 2)), KERNEL)),
    ],
    "Conv2D": [
        raises(ValueError, r"Conv2D filters must be a positive integer, got 0",
               lambda: Conv2D(0, 3)),
        raises(TypeError, r"Conv2D filters must be a positive integer, got '4'",
               lambda: Conv2D("4", 3)),
        raises(TypeError, r"Conv2D kernel_size must be a positive integer, got None",
               lambda: Conv2D(4, None)),
        raises(ValueError, r"Conv2D kernel_size must be a positive integer or a pair",
               lambda: Conv2D(4, (3, 3, 3))),
        raises(ValueError, r"unknown padding 'bogus' for Conv2D", lambda: Conv2D(4, 3, "bogus")),
        raises(ValueError, r"Conv2D strides must be a positive integer, got 0",
               lambda: Conv2D(4, 3, strides=0)),
        raises(ValueError, r"Conv2D input_shape must be \(C, H, W\)",
               lambda: Conv2D(4, 3, input_shape=(28, 28))),
        raises(ValueError, r"Conv2D got input_shape=\(28, 28, 1\); this looks channels-last",
               lambda: Conv2D(4, 3, input_shape=(28, 28, 1))),
        raises(ValueError, r"unknown kernel_initializer 'bogus'",
               lambda: Conv2D(4, 3, kernel_initializer="bogus")),
        raises(TypeError, r"Conv2D use_bias must be True or False, got 'no'",
               lambda: Conv2D(4, 3, use_bias="no")),
        raises(TypeError, r"Conv2D seed must be a whole number ≥ 0 or None, got 'abc'",
               lambda: Conv2D(4, 3, seed="abc")),
        raises(ValueError, r"dtype must be a float type \(float32, float64\), got int32",
               lambda: Conv2D(4, 3, dtype="int32")),
    ],
    "Conv2D.compute_output_shape": [
        raises(ValueError, r"Conv2D.compute_output_shape expected input_shape \(C, H, W\) or"
                           r" \(N, C, H, W\), got \(5, 5\)",
               lambda: Conv2D(2, 3).compute_output_shape((5, 5))),
        raises(TypeError, r"Conv2D.compute_output_shape expected input_shape .*got None",
               lambda: Conv2D(2, 3).compute_output_shape(None)),
        raises(ValueError, r"needs inputs of at least 3x3, got 2x2",
               lambda: Conv2D(2, 3).compute_output_shape((1, 2, 2))),
    ],
    "Conv2D.build": [
        raises(ValueError, r"Conv2D.build needs input_shape \(C, H, W\)",
               lambda c: c.build(), make=conv_layer),
        raises(ValueError, r"Conv2D input_shape must be \(C, H, W\), channels first, got"
                           r" \(5, 5\)", lambda c: c.build((5, 5)), make=conv_layer),
        raises(TypeError, r"Conv2D input_shape must be a positive integer, got 'a'",
               lambda c: c.build(("a", 5, 5)), make=conv_layer),
        raises(ValueError, r"dtype must be a float type \(float32, float64\), got int32",
               lambda c: c.build((1, 5, 5), dtype="int32"), make=conv_layer),
    ],
    "Conv2D.forward": [
        raises(ValueError, r"Conv2D expects a 4-D input \(N, C, H, W\), got shape \(1, 5, 5\)"
                           r" \(a batch of one-channel images",
               lambda c: c.forward(np.zeros((1, 5, 5))), make=conv_layer),
        raises(TypeError, r"x must be an array of numbers", lambda c: c.forward(STRINGS),
               make=conv_layer),
        raises(ValueError, r"x holds 1 NaN", lambda c: c.forward(nan_in(IMAGES)),
               make=conv_layer),
        raises(ValueError, r"Conv2D got input of shape \(2, 28, 28, 1\); this looks"
                           r" channels-last", lambda c: c.forward(np.zeros((2, 28, 28, 1))),
               make=conv_layer),
        raises(ValueError, r"Conv2D expected 1 input channels, got 3",
               lambda c: c.forward(np.zeros((2, 3, 5, 5))), make=built_conv),
        raises(ValueError, r"needs inputs of at least 3x3, got 2x2",
               lambda c: c.forward(np.zeros((1, 1, 2, 2))), make=conv_layer),
        raises(TypeError, r"Conv2D holds float64 parameters but got float32 input",
               lambda c: c.forward(IMAGES.astype(np.float32)), make=built_conv),
    ],
    "Conv2D.backward": [
        raises(RuntimeError, r"call forward before backward",
               lambda c: c.backward(np.zeros((2, 2, 3, 3))), make=built_conv),
        raises(ValueError, r"Conv2D.backward expected grad_out of shape \(2, 2, 3, 3\)",
               lambda c: c.backward(np.zeros((2, 2, 3, 4))),
               make=lambda: forwarded(built_conv(), IMAGES)),
        raises(ValueError, r"grad_out holds 1 NaN",
               lambda c: c.backward(nan_in(np.zeros((2, 2, 3, 3)))),
               make=lambda: forwarded(built_conv(), IMAGES)),
        raises(TypeError, r"grad_out must be an array of numbers",
               lambda c: c.backward(STRINGS), make=lambda: forwarded(built_conv(), IMAGES)),
    ],
})

cases("nnbook.conv_loops", {
    "pad2d": [
        raises(ValueError, r"pad2d expected x of shape \(N, C, H, W\), got \(5, 5\)",
               lambda: pad2d(np.zeros((5, 5)), ((1, 1), (1, 1)))),
        raises(ValueError, r"pad2d expected pads \(\(top, bottom\), \(left, right\)\), whole"
                           r" numbers ≥ 0, got \(\(1, 1\),\)", lambda: pad2d(IMAGES, ((1, 1),))),
        raises(ValueError, r"pad2d expected pads .*got \(\(-1, 0\), \(0, 0\)\)",
               lambda: pad2d(IMAGES, ((-1, 0), (0, 0)))),
        raises(ValueError, r"x holds 1 NaN", lambda: pad2d(nan_in(IMAGES), ((1, 1), (1, 1)))),
        raises(ValueError, r"pad2d expected value, a number that is not NaN, got nan",
               lambda: pad2d(IMAGES, ((1, 1), (1, 1)), value=np.nan)),
        raises(TypeError, r"pad2d expected value, a number that is not NaN, got 'a'",
               lambda: pad2d(IMAGES, ((1, 1), (1, 1)), value="a")),
    ],
    "correlate2d": [
        raises(ValueError, r"correlate2d expected x of shape \(N, C, H, W\), got \(5, 5\)",
               lambda: correlate2d(np.zeros((5, 5)), KERNEL)),
        raises(ValueError, r"W has 3 input channels but x has 1",
               lambda: correlate2d(IMAGES, np.zeros((2, 3, 3, 3)))),
        raises(ValueError, r"a kernel of 7 does not fit an input of 5",
               lambda: correlate2d(IMAGES, np.zeros((1, 1, 7, 7)))),
        raises(ValueError, r"strides must be a positive integer, got 0",
               lambda: correlate2d(IMAGES, KERNEL, (0, 1))),
        raises(ValueError, r"W holds 1 NaN", lambda: correlate2d(IMAGES, nan_in(KERNEL))),
    ],
    "conv2d_forward": [
        raises(ValueError, r"conv2d_forward expected a kernel W of shape \(F, C, kh, kw\)",
               lambda: conv2d_forward(IMAGES, np.zeros((3, 3)))),
        raises(ValueError, r"b must have one entry per filter, shape \(2,\), got \(1, 2\)",
               lambda: conv2d_forward(IMAGES, KERNEL, np.zeros((1, 2)))),
        raises(ValueError, r"unknown padding 'bogus'",
               lambda: conv2d_forward(IMAGES, KERNEL, padding="bogus")),
        raises(ValueError, r"x holds 1 NaN", lambda: conv2d_forward(nan_in(IMAGES), KERNEL)),
        raises(ValueError, r"b holds 1 NaN",
               lambda: conv2d_forward(IMAGES, KERNEL, np.array([np.nan, 0.0]))),
    ],
    "conv2d_backward": [
        raises(ValueError, r"conv2d_backward expected grad_out of shape \(2, 2, 3, 3\)"
                           r" \(the output.s\), got \(2, 2, 5, 5\)",
               lambda: conv2d_backward(IMAGES, KERNEL, np.zeros((2, 2, 5, 5)))),
        raises(ValueError, r"grad_out holds 1 NaN",
               lambda: conv2d_backward(IMAGES, KERNEL, nan_in(np.zeros((2, 2, 3, 3))))),
        raises(ValueError, r"W has 3 input channels but x has 1",
               lambda: conv2d_backward(IMAGES, np.zeros((2, 3, 3, 3)),
                                       np.zeros((2, 2, 3, 3)))),
    ],
    "max_pool_forward": [
        raises(ValueError, r"max_pool_forward expected x of shape \(N, C, H, W\)",
               lambda: max_pool_forward(np.zeros((5, 5)))),
        raises(ValueError, r"pool_size must be a positive integer, got 0",
               lambda: max_pool_forward(IMAGES, 0)),
        raises(ValueError, r"unknown padding 'full'",
               lambda: max_pool_forward(IMAGES, padding="full")),
        raises(ValueError, r"a kernel of 7 does not fit an input of 5",
               lambda: max_pool_forward(IMAGES, 7)),
        raises(ValueError, r"x holds 1 NaN", lambda: max_pool_forward(nan_in(IMAGES))),
    ],
    "max_pool_backward": [
        raises(ValueError, r"max_pool_backward expected grad_out of shape \(2, 1, 2, 2\)"
                           r" \(the output.s\), got \(2, 1, 3, 3\)",
               lambda: max_pool_backward(IMAGES, np.zeros((2, 1, 3, 3)))),
        raises(ValueError, r"grad_out holds 1 NaN",
               lambda: max_pool_backward(IMAGES, nan_in(np.zeros((2, 1, 2, 2))))),
        raises(ValueError, r"strides must be a positive integer, got 0",
               lambda: max_pool_backward(IMAGES, np.zeros((2, 1, 2, 2)), strides=0)),
    ],
})

cases("nnbook.conv_shapes", {
    "conv_output_size": [
        raises(TypeError, r"conv_output_size expected n \(the input length\) to be an"
                          r" integer, got '28'", lambda: conv_output_size("28", 5)),
        raises(TypeError, r"expected n .* got 28.0", lambda: conv_output_size(28.0, 5)),
        raises(TypeError, r"expected n .* got None", lambda: conv_output_size(None, 5)),
        raises(ValueError, r"expected n .* positive integer, got 0",
               lambda: conv_output_size(0, 5)),
        raises(ValueError, r"expected k .* positive integer, got 0",
               lambda: conv_output_size(28, 0)),
        raises(ValueError, r"expected stride .* positive integer, got 0",
               lambda: conv_output_size(28, 5, "valid", 0)),
        raises(ValueError, r"unknown padding 'bogus' for conv_output_size",
               lambda: conv_output_size(28, 5, "bogus")),
        raises(ValueError, r"a kernel of 5 does not fit an input of 3",
               lambda: conv_output_size(3, 5)),
    ],
    "conv_padding": [
        raises(TypeError, r"conv_padding expected k \(the kernel length\) to be an integer",
               lambda: conv_padding(28, "5")),
        raises(ValueError, r"unknown padding None for conv_padding",
               lambda: conv_padding(28, 5, None)),
        raises(ValueError, r"conv_padding expected stride .* got -1",
               lambda: conv_padding(28, 5, "same", -1)),
    ],
})

cases("nnbook.data", {
    "load_mnist": [
        raises(ValueError, r"load_mnist expected which='bundled' or 'full', got 'bogus'",
               lambda: data.load_mnist("bogus")),
        raises(ValueError, r"load_mnist expected which='bundled' or 'full', got None",
               lambda: data.load_mnist(None)),
        raises(ValueError, r"load_mnist expected dtype float32, float64 or uint8, got int32",
               lambda: data.load_mnist(dtype="int32")),
        raises(TypeError, r"load_mnist expected path, a folder \(str or Path\), got 5",
               lambda: data.load_mnist(path=5)),
        raises(FileNotFoundError, r"expected train-images-idx3-ubyte or"
                                  r" train-images-idx3-ubyte.gz in .*cache",
               lambda folder: data.load_mnist(path=folder), make=folder),
        raises(TypeError, r"load_mnist expected cache_dir, a folder \(str or Path\), got 5",
               lambda: data.load_mnist("full", cache_dir=5)),
        raises(TypeError, r"load_mnist progress must be True or False, got 'yes'",
               lambda folder: data.load_mnist("full", cache_dir=folder, progress="yes"),
               make=folder),
    ],
    "read_idx": [
        raises(TypeError, r"read_idx expected filename, a path \(str or Path\), got None",
               lambda: data.read_idx(None)),
        raises(FileNotFoundError, r"missing", lambda: data.read_idx(Tmp.path / "missing")),
        raises(ValueError, r"garbage: not an IDX file", lambda path: data.read_idx(path),
               make=garbage_file),
    ],
    "to_categorical": [
        raises(TypeError, r"to_categorical expected y, integer class labels, got dtype <U1",
               lambda: data.to_categorical(["a"])),
        raises(TypeError, r"to_categorical expected y, integer class labels, got dtype object",
               lambda: data.to_categorical(None)),
        raises(TypeError, r"to_categorical expected y, integer class labels, got dtype bool",
               lambda: data.to_categorical([True, False])),
        raises(TypeError, r"to_categorical expected y, .* got dtype complex128",
               lambda: data.to_categorical([1 + 1j])),
        raises(ValueError, r"to_categorical expected y, whole-number class labels, got 1"
                           r" other value, such as 0.5", lambda: data.to_categorical([0.5])),
        raises(ValueError, r"to_categorical expected y, whole-number class labels.*nan",
               lambda: data.to_categorical([0.0, np.nan])),
        raises(ValueError, r"to_categorical expected y, labels in \[0, 3\), got values from"
                           r" -1 to 1", lambda: data.to_categorical([-1, 1], 3)),
        raises(ValueError, r"to_categorical expected y, labels in \[0, 3\), got values from"
                           r" 0 to 5", lambda: data.to_categorical([0, 5], 3)),
        raises(ValueError, r"num_classes, a positive integer, got 0",
               lambda: data.to_categorical([0, 1], 0)),
        raises(TypeError, r"num_classes, a positive integer, got '2'",
               lambda: data.to_categorical([0, 1], "2")),
        raises(ValueError, r"cannot infer num_classes from no labels",
               lambda: data.to_categorical([])),
    ],
    "train_test_split": [
        raises(ValueError, r"as many labels as examples, got 4 examples and 3 labels",
               lambda: data.train_test_split(XOR_X, XOR_Y[:3])),
        raises(ValueError, r"test_fraction in \(0, 1\), got 1.5",
               lambda: data.train_test_split(XOR_X, XOR_Y, test_fraction=1.5)),
        raises(ValueError, r"test_fraction in \(0, 1\), got nan",
               lambda: data.train_test_split(XOR_X, XOR_Y, test_fraction=np.nan)),
        raises(TypeError, r"test_fraction, a number in \(0, 1\), got '0.2'",
               lambda: data.train_test_split(XOR_X, XOR_Y, test_fraction="0.2")),
        raises(TypeError, r"stratify to be True or False, got 'yes'",
               lambda: data.train_test_split(XOR_X, XOR_Y, stratify="yes")),
        raises(TypeError, r"train_test_split seed must be a whole number ≥ 0 or None, got"
                          r" 'abc'", lambda: data.train_test_split(XOR_X, XOR_Y, seed="abc")),
        raises(ValueError, r"labels y without NaN or inf, got 1 such value",
               lambda: data.train_test_split(XOR_X, nan_in(XOR_Y))),
        raises(TypeError, r"expected x with a first axis of examples, got a scalar 5",
               lambda: data.train_test_split(5, XOR_Y)),
        raises(ValueError, r"labels y of shape \(N,\) or one-hot \(N, C\), got \(4, 1, 1\)",
               lambda: data.train_test_split(XOR_X, XOR_Y[:, :, None])),
        raises(ValueError, r"at least one example, got x of shape \(0, 3\)",
               lambda: data.train_test_split(np.zeros((0, 3)), np.zeros(0))),
    ],
})

cases("nnbook.download", {
    "download": [
        raises(ValueError, r"download expected filename, a plain file name .* got '../x.gz'",
               lambda folder: download("../x.gz", SHA, folder, ["http://127.0.0.1:9/"]),
               make=folder),
        raises(ValueError, r"download expected sha256, .* got 'abc'",
               lambda folder: download("x.gz", "abc", folder, ["http://127.0.0.1:9/"]),
               make=folder),
        raises(TypeError, r"download expected mirrors, a list of URLs, got a str",
               lambda folder: download("x.gz", SHA, folder, "http://127.0.0.1:9/"),
               make=folder),
        raises(TypeError, r"download expected mirrors, a list of URLs \(str\), got None",
               lambda folder: download("x.gz", SHA, folder, None), make=folder),
        raises(ValueError, r"download expected mirrors to hold at least one URL",
               lambda folder: download("x.gz", SHA, folder, []), make=folder),
        raises(ValueError, r"download expected timeout, a positive number of seconds, got 0",
               lambda folder: download("x.gz", SHA, folder, ["http://127.0.0.1:9/"],
                                       timeout=0), make=folder),
        raises(TypeError, r"download expected max_seconds, a number of seconds, got '9'",
               lambda folder: download("x.gz", SHA, folder, ["http://127.0.0.1:9/"],
                                       max_seconds="9"), make=folder),
        raises(TypeError, r"download expected cache_dir, a folder \(str or Path\), got 5",
               lambda: download("x.gz", SHA, 5, ["http://127.0.0.1:9/"])),
        raises(TypeError, r"download progress must be True or False, got 'yes'",
               lambda folder: download("x.gz", SHA, folder, ["http://127.0.0.1:9/"],
                                       progress="yes"), make=folder),
        raises(TypeError, r"download expected hint, a str, got 5",
               lambda folder: download("x.gz", SHA, folder, ["http://127.0.0.1:9/"], hint=5),
               make=folder),
    ],
})


def raising(*args):
    raise ZeroDivisionError("the learner's slip")


cases("nnbook.exercises.ch1", {
    "check_sigmoid_derivative": [
        verdict(r"takes your function itself", lambda: check_sigmoid_derivative(5)),
        verdict(r"should return an array of real numbers, but returned 'abc'",
                lambda: check_sigmoid_derivative(lambda a: "abc")),
        verdict(r"raised ZeroDivisionError", lambda: check_sigmoid_derivative(raising)),
        verdict(r"returned None", lambda: check_sigmoid_derivative(lambda a: None)),
        verdict(r"should return", lambda: check_sigmoid_derivative(lambda a: np.nan * a)),
    ],
})

cases("nnbook.exercises.ch2", {
    "check_dense_backward": [
        verdict(r"takes your function itself", lambda: check_dense_backward(None)),
        verdict(r"should return three arrays", lambda: check_dense_backward(lambda *a: (1, 2))),
        verdict(r"raised ZeroDivisionError", lambda: check_dense_backward(raising)),
        verdict(r"grad_x should be an array of real numbers",
                lambda: check_dense_backward(lambda x, W, g: ("a", "b", "c"))),
    ],
})

cases("nnbook.exercises.ch3", {
    "check_softmax": [
        verdict(r"takes your function itself", lambda: check_softmax("softmax")),
        verdict(r"not a finite probability",
                lambda: check_softmax(lambda z: np.exp(z) / np.exp(z).sum(-1, keepdims=True))),
        verdict(r"should return an array", lambda: check_softmax(lambda z: [[1], [2, 3]])),
    ],
})

cases("nnbook.exercises.ch4", {
    "check_output_size": [
        verdict(r"takes your function itself", lambda: check_output_size(28)),
        verdict(r"should return a whole number", lambda: check_output_size(lambda *a: "24")),
        verdict(r"raised ZeroDivisionError", lambda: check_output_size(raising)),
    ],
    "check_max_pool_backward": [
        verdict(r"takes your function itself", lambda: check_max_pool_backward([1])),
        verdict(r"should return an array of shape \(1, 1, 2, 2\) \(the shape of x\)",
                lambda: check_max_pool_backward(lambda x, g: g)),
        verdict(r"returned None", lambda: check_max_pool_backward(lambda x, g: None)),
    ],
})

cases("nnbook.exercises.ch5", {
    "check_dropout_mask": [
        verdict(r"takes your function itself", lambda: check_dropout_mask(0.5)),
        verdict(r"should return an array of real numbers",
                lambda: check_dropout_mask(lambda rng, shape, rate: "mask")),
        verdict(r"raised ZeroDivisionError", lambda: check_dropout_mask(raising)),
    ],
    "check_adagrad_step": [
        verdict(r"takes your function itself", lambda: check_adagrad_step(None)),
        verdict(r"returned None", lambda: check_adagrad_step(lambda *a: None)),
        verdict(r"should return", lambda: check_adagrad_step(lambda *a: (1, 2, 3))),
    ],
    "adagrad_reference": [
        raises(ValueError, r"adagrad_reference expected w, g and accumulator of one shape, got"
                           r" \(2,\), \(3,\) and \(2,\)",
               lambda: adagrad_reference(np.ones(2), np.ones(3), np.ones(2))),
        raises(TypeError, r"w must be an array of numbers",
               lambda: adagrad_reference("w", np.ones(2), np.ones(2))),
        raises(ValueError, r"g holds 1 non-finite",
               lambda: adagrad_reference(np.ones(2), [np.nan, 0.0], np.ones(2))),
        raises(ValueError, r"accumulator must hold no negative value",
               lambda: adagrad_reference(np.ones(2), np.ones(2), -np.ones(2))),
        raises(ValueError, r"epsilon must be in \(0, ∞\), got 0",
               lambda: adagrad_reference(np.ones(2), np.ones(2), np.ones(2), epsilon=0)),
        raises(TypeError, r"learning_rate must be a number, got '0.1'",
               lambda: adagrad_reference(np.ones(2), np.ones(2), np.ones(2), "0.1")),
    ],
})

def tiny_gan():
    G = Sequential([Dense(2, input_dim=2, seed=1)], dtype="float64")
    D = Sequential([Dense(1, input_dim=2, seed=2), Activation("sigmoid")], dtype="float64")
    return G, D, SGD(0.1)


cases("nnbook.exercises.ch6", {
    "check_d_loss": [
        verdict(r"takes your function itself", lambda: check_d_loss("d_loss")),
        verdict(r"returned None", lambda: check_d_loss(lambda real, fake: None)),
        verdict(r"raised ZeroDivisionError", lambda: check_d_loss(raising)),
    ],
    "check_g_step": [
        verdict(r"takes your function itself", lambda: check_g_step(1)),
        verdict(r"raised ZeroDivisionError", lambda: check_g_step(raising)),
    ],
    "d_loss_reference": [
        raises(ValueError, r"d_loss_reference expected d_real, D's outputs: probabilities in"
                           r" \[0, 1\], at least one, got \[\[1.5\]\]",
               lambda: d_loss_reference([[1.5]], [[0.5]])),
        raises(ValueError, r"d_fake holds 1 non-finite",
               lambda: d_loss_reference([[0.5]], [[np.nan]])),
        raises(TypeError, r"d_real must be an array of numbers",
               lambda: d_loss_reference("real", [[0.5]])),
    ],
    "g_step_reference": [
        raises(TypeError, r"g_step_reference expected G, a model \(a Sequential\), got 5",
               lambda gan: g_step_reference(5, gan[1], X64[:, :2], gan[2]), make=tiny_gan),
        raises(TypeError, r"g_step_reference expected optimizer, an Optimizer, got 'sgd'",
               lambda gan: g_step_reference(gan[0], gan[1], X64[:, :2], "sgd"), make=tiny_gan),
        raises(ValueError, r"z holds 1 non-finite",
               lambda gan: g_step_reference(gan[0], gan[1], nan_in(X64[:, :2]), gan[2]),
               make=tiny_gan),
        raises(ValueError, r"Dense expected input with 2 features, got 3",
               lambda gan: g_step_reference(gan[0], gan[1], X64, gan[2]), make=tiny_gan),
    ],
})

cases("nnbook.exercises.core", {
    "learner_name": [returns(lambda: core.learner_name(5)),
                     returns(lambda: core.learner_name(None))],
    "self_check": [
        raises(TypeError, r"self_check expected the check's body, a function, got 5",
               lambda: core.self_check(5)),
    ],
    "run": [verdict(r"raised TypeError", lambda: core.run(5, "f")),
            verdict(r"f returned None", lambda: core.run(lambda: None, "f"))],
    "call": [verdict(r"f should return an array of real numbers",
                     lambda: core.call(lambda: "abc", "f")),
             verdict(r"raised ZeroDivisionError", lambda: core.call(raising, "f"))],
    "read_array": [
        verdict(r"f should return an array of real numbers, but returned 'abc'",
                lambda: core.read_array("abc", "f")),
        verdict(r"but returned None", lambda: core.read_array(None, "f")),
        verdict(r"whose rows have different lengths", lambda: core.read_array(RAGGED, "f")),
        verdict(r"dtype complex128", lambda: core.read_array(COMPLEX, "f")),
    ],
    "describe": [returns(lambda: core.describe(object())), returns(lambda: core.describe(RAGGED)),
                 returns(lambda: core.describe(NAN))],
    "one_line": [returns(lambda: core.one_line("abc")), returns(lambda: core.one_line(None)),
                 returns(lambda: core.one_line(RAGGED)),
                 returns(lambda: core.one_line(np.zeros((50, 50)), precision="4"))],
    # pair returns two texts; float32_slip and imitates say False ({False: ...} fails otherwise).
    "pair": [returns(lambda: " | ".join(core.pair(RAGGED, None))),
             returns(lambda: " | ".join(core.pair(NAN, "abc"))),
             returns(lambda: " | ".join(core.pair(COMPLEX, STRINGS)))],
    "float32_slip": [returns(lambda: {False: "no"}[core.float32_slip(None, "abc", RAGGED)]),
                     returns(lambda: {False: "no"}[core.float32_slip(NAN, NAN, np.zeros(3))]),
                     returns(lambda: {False: "no"}[core.float32_slip(object(), COMPLEX, STRINGS)])],
    "imitates": [returns(lambda: {False: "no"}[core.imitates(5, np.exp, [(1.0,)])]),
                 returns(lambda: {False: "no"}[core.imitates(raising, np.exp, [(1.0,)])]),
                 returns(lambda: {False: "no"}[core.imitates(np.exp, np.exp, 5)]),
                 returns(lambda: {False: "no"}[core.imitates(lambda z: "abc", np.exp, [(NAN,)])])],
})


def f_sum(x):
    return float(np.sum(x ** 2))


cases("nnbook.gradcheck", {
    "relative_error": [
        raises(ValueError, r"relative_error needs analytic and numerical of one shape, got"
                           r" \(2,\) and \(3,\)", lambda: relative_error([1, 2], [1, 2, 3])),
        raises(TypeError, r"analytic must be an array of numbers",
               lambda: relative_error("ab", [1.0])),
        raises(ValueError, r"analytic holds 1 non-finite", lambda: relative_error([np.nan], [1])),
        raises(ValueError, r"numerical holds 1 non-finite", lambda: relative_error([1], [np.inf])),
    ],
    "numerical_gradient": [
        raises(TypeError, r"numerical_gradient expected f, a function of x, got 5",
               lambda: numerical_gradient(5, X64.copy())),
        raises(TypeError, r"gradient checks need x as a float64 array, got float32",
               lambda: numerical_gradient(f_sum, X64.astype(np.float32))),
        raises(ValueError, r"x holds 1 non-finite", lambda: numerical_gradient(f_sum, nan_in(X64))),
        raises(ValueError, r"eps must be in \[1e-12, 1.0\], got 0.0",
               lambda: numerical_gradient(f_sum, X64.copy(), eps=0)),
        raises(TypeError, r"eps must be a number, got 'a'",
               lambda: numerical_gradient(f_sum, X64.copy(), eps="a")),
    ],
    "check_layer": [
        raises(TypeError, r"check_layer expected layer, a layer \(with forward and backward\),"
                          r" got 5", lambda: check_layer(5, X64)),
        raises(TypeError, r"check_layer expected layer, .* got the class Dense: make one",
               lambda: check_layer(Dense, X64)),
        raises(TypeError, r"gradient checks need the input x as a float64 array, got float32",
               lambda d: check_layer(d, X64.astype(np.float32)), make=lambda: Dense(2, seed=0)),
        raises(TypeError, r"check_layer seed must be a whole number ≥ 0 or None, got 'a'",
               lambda d: check_layer(d, X64, seed="a"), make=lambda: Dense(2, seed=0)),
        raises(ValueError, r"eps must be in \[1e-12, 1.0\], got 0.0",
               lambda d: check_layer(d, X64, eps=0), make=lambda: Dense(2, seed=0)),
        raises(ValueError, r"x holds 1 non-finite", lambda d: check_layer(d, nan_in(X64)),
               make=lambda: Dense(2, seed=0)),
    ],
    "check_loss": [
        raises(TypeError, r"check_loss expected loss, a loss \(with forward and backward\),"
                          r" got 5", lambda: check_loss(5, P2, Y2)),
        raises(TypeError, r"check_loss expected loss, .* got the class SSE: make one",
               lambda: check_loss(SSE, P2, Y2)),
        raises(TypeError, r"gradient checks need y_pred as a float64 array, got float32",
               lambda: check_loss(SSE(), P2.astype(np.float32), Y2)),
        raises(ValueError, r"SSE needs y_pred and y_true of the same shape",
               lambda: check_loss(SSE(), P2, Y2[:1])),
        raises(ValueError, r"eps must be in \[1e-12, 1.0\], got 0.0",
               lambda: check_loss(SSE(), P2, Y2, eps=0)),
    ],
})

cases("nnbook.graph", {
    "Graph.input": [
        raises(TypeError, r"Graph.input expected value, a number, got 'abc'",
               lambda g: g.input("y", "abc"), make=graph),
        raises(TypeError, r"Graph.input expected value, a number, got None",
               lambda g: g.input("y", None), make=graph),
        raises(ValueError, r"Graph.input expected value, a finite number, got nan",
               lambda g: g.input("y", np.nan), make=graph),
        raises(TypeError, r"Graph.input expected name, a str, got 5",
               lambda g: g.input(5, 1.0), make=graph),
        raises(ValueError, r"the graph already has a node named 'x'",
               lambda g: g.input("x", 1.0), make=graph),
    ],
    "Graph.op": [
        raises(ValueError, r"unknown operation 'bogus'; known: add, mul",
               lambda g: g.op("v", "bogus", "x"), make=graph),
        raises(ValueError, r"unknown operation \['mul'\]",
               lambda g: g.op("v", ["mul"], "x", "w"), make=graph),
        raises(ValueError, r"node 'v' uses \['missing'\], which are not in the graph yet",
               lambda g: g.op("v", "mul", "x", "missing"), make=graph),
        raises(ValueError, r"mul takes 2 input\(s\), got 1 for node 'v'",
               lambda g: g.op("v", "mul", "x"), make=graph),
        raises(TypeError, r"Graph.op expected name, a str, got None",
               lambda g: g.op(None, "square", "x"), make=graph),
    ],
})


def activation_cases(make, shape=(2, 2)):
    """The bad calls every activation layer's forward or backward refuses."""
    return {
        "forward": [
            raises(TypeError, r"x must be an array of numbers", lambda a: a.forward(STRINGS),
                   make=make),
            raises(TypeError, r"x must be an array of real numbers",
                   lambda a: a.forward(COMPLEX), make=make),
            raises(ValueError, r"x holds 1 NaN", lambda a: a.forward(NAN), make=make),
        ],
        "backward": [
            raises(RuntimeError, r"call forward before backward",
                   lambda a: a.backward(np.zeros(shape)), make=make),
            raises(ValueError, r"backward expected grad_out of shape \(2, 2\) \(the shape of"
                               r" its last output\), got \(3, 2\)",
                   lambda a: a.backward(np.zeros((3, 2))), make=lambda: forwarded(make(), P2)),
            raises(ValueError, r"grad_out holds 1 NaN", lambda a: a.backward(NAN),
                   make=lambda: forwarded(make(), P2)),
            raises(TypeError, r"grad_out must be an array of numbers",
                   lambda a: a.backward(STRINGS), make=lambda: forwarded(make(), P2)),
        ],
    }


_activation = activation_cases(lambda: Activation("tanh"))
cases("nnbook.layers.activation", {
    "Activation": [
        raises(ValueError, r"unknown activation 'bogus'; known: relu, sigmoid, softmax, tanh",
               lambda: Activation("bogus")),
        raises(ValueError, r"unknown activation None", lambda: Activation(None)),
        raises(ValueError, r"unknown activation \['relu'\]", lambda: Activation(["relu"])),
    ],
    "Activation.forward": _activation["forward"],
    "Activation.backward": _activation["backward"],
})


def built_dense():
    return Dense(2, input_dim=3, seed=0).build()


cases("nnbook.layers.base", {
    "as_float_array": _array_doors(as_float_array, "x"),
    "float_dtype": [
        raises(ValueError, r"dtype must be a float type \(float32, float64\), got int32",
               lambda: float_dtype("int32")),
        raises(TypeError, r"dtype must be a float type \(float32, float64\), got 'bogus'",
               lambda: float_dtype("bogus")),
        raises(TypeError, r"dtype must be a float type \(float32, float64\), got None",
               lambda: float_dtype(None)),
    ],
    "Layer": [
        raises(ValueError, r"dtype must be a float type .*got int32", lambda: Layer("int32")),
        raises(TypeError, r"dtype must be a float type .*got 'bogus'", lambda: Layer("bogus")),
    ],
    "Layer.add_weight": [
        raises(ValueError, r"unknown kernel_initializer 'bogus'",
               lambda layer: layer.add_weight("W", (2, 2), "bogus"), make=Layer),
        raises(ValueError, r"add_weight expected shape, a tuple of positive integers, got"
                           r" \(-1, 2\)", lambda layer: layer.add_weight("W", (-1, 2), "zeros"),
               make=Layer),
        raises(TypeError, r"add_weight expected shape, a tuple of positive integers, got 'ab'",
               lambda layer: layer.add_weight("W", "ab", "zeros"), make=Layer),
        raises(TypeError, r"add_weight expected name, a str, got 5",
               lambda layer: layer.add_weight(5, (2, 2), "zeros"), make=Layer),
        raises(TypeError, r"glorot_uniform expected fan_in, a positive integer, got None",
               lambda layer: layer.add_weight("W", (2, 2), "glorot_uniform",
                                              rng=np.random.default_rng(0)), make=Layer),
        raises(TypeError, r"normal expected rng, a numpy Generator.*got None",
               lambda layer: layer.add_weight("W", (2, 2), "normal"), make=Layer),
    ],
    "Layer.astype": [
        raises(ValueError, r"dtype must be a float type .*got int32",
               lambda d: d.astype("int32"), make=built_dense),
        raises(TypeError, r"dtype must be a float type .*got None",
               lambda d: d.astype(None), make=built_dense),
    ],
    "RandomLayer": [
        raises(TypeError, r"RandomLayer seed must be a whole number ≥ 0 or None, got 'abc'",
               lambda: RandomLayer(seed="abc")),
        raises(ValueError, r"RandomLayer seed must be a whole number ≥ 0 or None, got -1",
               lambda: RandomLayer(seed=-1)),
        raises(ValueError, r"dtype must be a float type .*got int32",
               lambda: RandomLayer(dtype="int32")),
    ],
})


def dense():
    return Dense(2, input_dim=3, seed=0)


cases("nnbook.layers.dense", {
    "Dense": [
        raises(ValueError, r"Dense units must be a positive integer, got 0", lambda: Dense(0)),
        raises(TypeError, r"Dense units must be a positive integer, got '4'",
               lambda: Dense("4")),
        raises(TypeError, r"Dense units must be a positive integer, got None",
               lambda: Dense(None)),
        raises(ValueError, r"Dense units must be a positive integer, got 2.5",
               lambda: Dense(2.5)),
        raises(ValueError, r"Dense input_dim must be a positive integer, got 0",
               lambda: Dense(2, input_dim=0)),
        raises(ValueError, r"unknown kernel_initializer 'bogus'",
               lambda: Dense(2, kernel_initializer="bogus")),
        raises(TypeError, r"Dense use_bias must be True or False, got 'no'",
               lambda: Dense(2, use_bias="no")),
        raises(TypeError, r"Dense seed must be a whole number ≥ 0 or None, got 'abc'",
               lambda: Dense(2, seed="abc")),
        raises(ValueError, r"dtype must be a float type .*got int32",
               lambda: Dense(2, dtype="int32")),
    ],
    "Dense.build": [
        raises(ValueError, r"Dense.build needs input_dim", lambda d: d.build(),
               make=lambda: Dense(2)),
        raises(ValueError, r"Dense input_dim must be a positive integer, got 0",
               lambda d: d.build(0), make=lambda: Dense(2)),
        raises(TypeError, r"Dense input_dim must be a positive integer, got '3'",
               lambda d: d.build("3"), make=lambda: Dense(2)),
        raises(ValueError, r"dtype must be a float type .*got int32",
               lambda d: d.build(3, dtype="int32"), make=lambda: Dense(2)),
    ],
    "Dense.forward": [
        raises(ValueError, r"Dense expects a 2-D input \(batch, features\), got shape \(3,\)"
                           r" \(a single example becomes a batch of one with"
                           r" x.reshape\(1, -1\)\)", lambda d: d.forward(np.zeros(3)), make=dense),
        raises(ValueError, r"Dense expects a 2-D input .*\(did you forget Flatten\?\)",
               lambda d: d.forward(IMAGES), make=dense),
        raises(ValueError, r"Dense expected input with 3 features, got 4",
               lambda d: d.forward(np.zeros((2, 4))), make=dense),
        raises(TypeError, r"x must be an array of numbers", lambda d: d.forward(STRINGS),
               make=dense),
        raises(ValueError, r"x holds 1 NaN", lambda d: d.forward(nan_in(X64)), make=dense),
        raises(TypeError, r"Dense holds float64 parameters but got float32 input",
               lambda d: d.forward(X64.astype(np.float32)), make=built_dense),
    ],
    "Dense.backward": [
        raises(RuntimeError, r"call forward before backward",
               lambda d: d.backward(np.zeros((2, 2))), make=built_dense),
        raises(ValueError, r"Dense.backward expected grad_out of shape \(2, 2\)",
               lambda d: d.backward(np.zeros((2, 3))), make=lambda: forwarded(dense(), X64)),
        raises(ValueError, r"grad_out holds 1 NaN", lambda d: d.backward(NAN),
               make=lambda: forwarded(dense(), X64)),
    ],
})

_dropout = activation_cases(lambda: Dropout(0.5, seed=0))
cases("nnbook.layers.dropout", {
    "Dropout": [
        raises(ValueError, r"Dropout rate must be in \[0.0, 1.0\), got 1.0",
               lambda: Dropout(1.0)),
        raises(TypeError, r"Dropout rate must be a number, got '0.5'", lambda: Dropout("0.5")),
        raises(ValueError, r"Dropout rate must be finite, got nan", lambda: Dropout(np.nan)),
        raises(TypeError, r"Dropout seed must be a whole number ≥ 0 or None, got 'abc'",
               lambda: Dropout(0.5, seed="abc")),
    ],
    "Dropout.forward": _dropout["forward"],
    "Dropout.backward": _dropout["backward"],
})

cases("nnbook.layers.initializers", {
    "glorot_uniform": [
        raises(TypeError, r"glorot_uniform expected rng, a numpy Generator"
                          r" \(np.random.default_rng\(seed\)\), got None",
               lambda: initializers.glorot_uniform(None, (2, 2), 2, 2)),
        raises(TypeError, r"glorot_uniform expected fan_in, a positive integer, got None",
               lambda: initializers.glorot_uniform(RNG, (2, 2), None, 2)),
        raises(ValueError, r"glorot_uniform expected fan_out, a positive integer, got 0",
               lambda: initializers.glorot_uniform(RNG, (2, 2), 2, 0)),
        raises(ValueError, r"glorot_uniform expected shape, a tuple of positive integers",
               lambda: initializers.glorot_uniform(RNG, (-1, 2), 2, 2)),
    ],
    "fan_in_uniform": [
        raises(TypeError, r"fan_in_uniform expected fan_in, a positive integer, got None",
               lambda: initializers.fan_in_uniform(RNG, (2, 2), None)),
        raises(ValueError, r"fan_in_uniform expected fan_in, a positive integer, got 0",
               lambda: initializers.fan_in_uniform(RNG, (2, 2), 0)),
        raises(TypeError, r"fan_in_uniform expected rng, a numpy Generator",
               lambda: initializers.fan_in_uniform(0, (2, 2), 2)),
    ],
    "normal": [
        raises(TypeError, r"normal expected rng, a numpy Generator",
               lambda: initializers.normal(None, (2, 2))),
        raises(TypeError, r"normal expected shape, a tuple of positive integers, got 'ab'",
               lambda: initializers.normal(RNG, "ab")),
    ],
    "uniform": [
        raises(TypeError, r"uniform expected rng, a numpy Generator",
               lambda: initializers.uniform(5, (2, 2))),
        raises(ValueError, r"uniform expected shape, a tuple of positive integers, got"
                           r" \(2, 0\)", lambda: initializers.uniform(RNG, (2, 0))),
    ],
    "zeros": [
        raises(ValueError, r"zeros expected shape, a tuple of positive integers, got \(-1,\)",
               lambda: initializers.zeros(None, (-1,))),
        raises(TypeError, r"zeros expected shape, a tuple of positive integers, got None",
               lambda: initializers.zeros(None, None)),
    ],
    "get_initializer": [
        raises(ValueError, r"unknown kernel_initializer 'bogus'; known: .*glorot_uniform",
               lambda: initializers.get_initializer("bogus")),
        raises(ValueError, r"unknown kernel_initializer None",
               lambda: initializers.get_initializer(None)),
    ],
})

_leaky = activation_cases(lambda: LeakyReLU())
cases("nnbook.layers.leaky_relu", {
    "LeakyReLU": [
        raises(ValueError, r"LeakyReLU negative_slope must be in \[0.0, ∞\], got -1.0",
               lambda: LeakyReLU(-1)),
        raises(TypeError, r"LeakyReLU negative_slope must be a number, got '0.3'",
               lambda: LeakyReLU("0.3")),
        raises(ValueError, r"LeakyReLU alpha must be finite, got nan",
               lambda: LeakyReLU(alpha=np.nan)),
        raises(TypeError, r"LeakyReLU takes negative_slope or alpha .* not both",
               lambda: LeakyReLU(0.1, alpha=0.2)),
    ],
    "LeakyReLU.forward": _leaky["forward"],
    "LeakyReLU.backward": _leaky["backward"],
})

_prelu = activation_cases(lambda: PReLU())
cases("nnbook.layers.prelu", {
    "PReLU": [
        raises(ValueError, r"unknown PReLU alpha_initializer 'bogus'",
               lambda: PReLU("bogus")),
        raises(ValueError, r"PReLU alpha_initializer must be finite, got nan",
               lambda: PReLU(np.nan)),
        raises(ValueError, r"PReLU shared_axes counts an example's axes from 1",
               lambda: PReLU(shared_axes=0)),
        raises(TypeError, r"PReLU shared_axes must be an int or a list of ints",
               lambda: PReLU(shared_axes="1")),
        raises(TypeError, r"PReLU input_shape must be one example's shape as a tuple",
               lambda: PReLU(input_shape=5)),
        raises(TypeError, r"PReLU seed must be a whole number ≥ 0 or None, got 'abc'",
               lambda: PReLU(seed="abc")),
        raises(ValueError, r"dtype must be a float type .*got int32",
               lambda: PReLU(dtype="int32")),
    ],
    "PReLU.build": [
        raises(ValueError, r"PReLU.build needs input_shape", lambda p: p.build(), make=PReLU),
        raises(ValueError, r"PReLU input_shape must be a positive integer, got 0",
               lambda p: p.build((0,)), make=PReLU),
        raises(ValueError, r"PReLU shared_axes=\[2\] names axis 2, but examples of shape \(3,\)",
               lambda p: p.build((3,)), make=lambda: PReLU(shared_axes=2)),
        raises(ValueError, r"dtype must be a float type .*got int32",
               lambda p: p.build((3,), dtype="int32"), make=PReLU),
    ],
    "PReLU.forward": _prelu["forward"] + [
        raises(ValueError, r"PReLU was built for examples of shape \(2,\), got input of shape"
                           r" \(2, 3\)", lambda p: p.forward(X64),
               make=lambda: PReLU().build((2,))),
        raises(ValueError, r"PReLU expects a batch \(N, ...\), got a scalar",
               lambda p: p.forward(1.0), make=PReLU),
    ],
    "PReLU.backward": _prelu["backward"],
})

_flatten = activation_cases(Flatten)
cases("nnbook.layers.reshape", {
    "Flatten.forward": _flatten["forward"] + [
        raises(ValueError, r"Flatten expects a batch \(N, ...\), got a scalar",
               lambda f: f.forward(3.0), make=Flatten),
    ],
    "Flatten.backward": _flatten["backward"],
})

cases("nnbook.losses", {
    "get_loss": [
        raises(ValueError, r"unknown loss 'bogus'; known: sse, mse",
               lambda: get_loss("bogus")),
        raises(TypeError, r"expected a loss name or a Loss object, got None",
               lambda: get_loss(None)),
        raises(TypeError, r"got the class SSE; make one: SSE\(\)", lambda: get_loss(SSE)),
    ],
})


def loss_cases(make, extra=()):
    """The bad calls every loss's forward refuses, with the loss's own ones."""
    name = type(make()).__name__
    return [
        raises(ValueError, rf"{name} needs y_pred and y_true of the same shape, got y_pred"
                           r" \(2, 2\) and y_true \(2,\)",
               lambda loss: loss.forward(P2, np.array([0.0, 1.0])), make=make),
        raises(ValueError, rf"{name} got 1 NaN or infinite value in y_pred",
               lambda loss: loss.forward(nan_in(P2), Y2), make=make),
        raises(ValueError, rf"{name} got 1 NaN or infinite value in y_true",
               lambda loss: loss.forward(P2, nan_in(Y2, value=np.inf)), make=make),
        raises(TypeError, rf"{name} expected numbers in y_pred, got dtype <U1",
               lambda loss: loss.forward(STRINGS, Y2), make=make),
        raises(TypeError, rf"{name} expected numbers in y_true, got dtype object",
               lambda loss: loss.forward(P2, NONES), make=make),
        raises(TypeError, rf"{name} expected numbers in y_pred, got dtype complex128",
               lambda loss: loss.forward(COMPLEX, Y2), make=make),
        raises(ValueError, rf"{name} expected at least one prediction",
               lambda loss: loss.forward(np.zeros((0, 2)), np.zeros((0, 2))), make=make),
        *extra,
    ]


cases("nnbook.losses.base", {
    "SSE.forward": loss_cases(SSE),
    "MSE.forward": loss_cases(MSE),
})

cases("nnbook.losses.cross_entropy", {
    "BinaryCrossentropy": [
        raises(TypeError, r"BinaryCrossentropy expected from_logits to be True or False, got"
                          r" 'yes'", lambda: BinaryCrossentropy(from_logits="yes")),
        raises(ValueError, r"eps must be in \(0, 0.5\), got 0",
               lambda: BinaryCrossentropy(eps=0)),
        raises(TypeError, r"BinaryCrossentropy expected eps, a number, got 'a'",
               lambda: BinaryCrossentropy(eps="a")),
    ],
    "BinaryCrossentropy.forward": loss_cases(BinaryCrossentropy, [
        raises(ValueError, r"BinaryCrossentropy expected targets y_true in \[0, 1\], got"
                           r" values from 0.0 to 2.0",
               lambda loss: loss.forward(P2, 2 * Y2), make=BinaryCrossentropy),
        raises(ValueError, r"expected probabilities y_pred in \[0, 1\].*from_logits=True",
               lambda loss: loss.forward(3 * P2, Y2), make=BinaryCrossentropy),
    ]),
    "CategoricalCrossentropy": [
        raises(TypeError, r"CategoricalCrossentropy expected from_logits to be True or False",
               lambda: CategoricalCrossentropy(from_logits=1)),
        raises(ValueError, r"eps must be in \(0, 0.5\), got 0.7",
               lambda: CategoricalCrossentropy(eps=0.7)),
    ],
    "CategoricalCrossentropy.forward": loss_cases(CategoricalCrossentropy)[1:] + [
        raises(ValueError, r"CategoricalCrossentropy expected one-hot y_true of shape"
                           r" \(2, 2\) .*got \(2,\) \(integer labels become one-hot with"
                           r" nnbook.data.to_categorical\(y, 2\)\)",
               lambda loss: loss.forward(P2, np.array([0, 1])),
               make=CategoricalCrossentropy),
        raises(ValueError, r"CategoricalCrossentropy expected y_pred of shape \(N, C\)",
               lambda loss: loss.forward(np.array([0.2, 0.8]), np.array([0.0, 1.0])),
               make=CategoricalCrossentropy),
    ],
})

cases("nnbook.metrics", {
    "accuracy": [
        raises(TypeError, r"y_pred must be an array of numbers", lambda: accuracy(STRINGS, Y2)),
        raises(TypeError, r"y_true must be an array of numbers", lambda: accuracy(P2, NONES)),
        raises(ValueError, r"accuracy needs y_pred and y_true of the same shape, got y_pred"
                           r" \(2, 2\) and y_true \(2,\)", lambda: accuracy(P2, np.array([0, 1]))),
        raises(ValueError, r"y_pred holds 1 non-finite", lambda: accuracy(nan_in(P2), Y2)),
        raises(ValueError, r"accuracy expected at least one prediction",
               lambda: accuracy(np.zeros((0, 2)), np.zeros((0, 2)))),
        raises(TypeError, r"accuracy threshold must be a number, got '0.5'",
               lambda: accuracy(P2, Y2, threshold="0.5")),
        raises(TypeError, r"accuracy binary must be True or False, got 'yes'",
               lambda: accuracy(P2, Y2, binary="yes")),
    ],
    "confusion_matrix": [
        raises(ValueError, r"confusion_matrix expected as many predictions as labels: 2"
                           r" labels, 3 predictions", lambda: confusion_matrix([0, 1], [0, 1, 1])),
        raises(ValueError, r"confusion_matrix expected y_true, whole-number class labels in"
                           r" \[0, 10\), got 1 other value, such as 1.5",
               lambda: confusion_matrix([0, 1.5], [0, 1])),
        raises(ValueError, r"confusion_matrix expected y_pred, whole-number class labels in"
                           r" \[0, 10\), got 1 other value, such as 10",
               lambda: confusion_matrix([0, 1], [0, 10])),
        raises(ValueError, r"confusion_matrix expected y_true, .* such as -1",
               lambda: confusion_matrix([-1, 1], [0, 1])),
        raises(ValueError, r"y_true holds 1 non-finite", lambda: confusion_matrix([np.nan], [0])),
        raises(TypeError, r"y_pred must be an array of numbers",
               lambda: confusion_matrix([0], ["a"])),
        raises(ValueError, r"confusion_matrix classes must be a positive integer, got 0",
               lambda: confusion_matrix([0], [0], classes=0)),
        raises(TypeError, r"confusion_matrix classes must be a positive integer, got '10'",
               lambda: confusion_matrix([0], [0], classes="10")),
    ],
})

cases("nnbook.model", {
    "Sequential": [
        raises(TypeError, r"Sequential expected a list of layers, got int",
               lambda: Sequential(5)),
        raises(TypeError, r"Sequential.add expected a layer \(with forward and backward\),"
                          r" got 5", lambda: Sequential([5])),
        raises(TypeError, r"Sequential.add expected a layer, got the class Dense",
               lambda: Sequential([Dense])),
        raises(ValueError, r"Sequential dtype must be a float type \(float32, float64\), got"
                           r" int32", lambda: Sequential(dtype="int32")),
        raises(TypeError, r"Sequential dtype must be a float type \(float32, float64\), got"
                          r" 'bogus'", lambda: Sequential(dtype="bogus")),
        raises(TypeError, r"Sequential seed must be a whole number ≥ 0 or None, got 'abc'",
               lambda: Sequential(seed="abc")),
    ],
    "Sequential.add": [
        raises(TypeError, r"Sequential.add expected a layer \(with forward and backward\),"
                          r" got 5", lambda m: m.add(5), make=mlp),
        raises(TypeError, r"Sequential.add expected a layer, got the class Dense: make one"
                          r" first, e.g. Dense\(...\)", lambda m: m.add(Dense), make=mlp),
        raises(ValueError, r"a model cannot hold itself", lambda m: m.add(m), make=mlp),
        raises(ValueError, r"Dense expected input with 7 features, got 2",
               lambda m: m.add(Dense(3, input_dim=7)), make=mlp),
    ],
    "Sequential.forward": [
        raises(RuntimeError, r"this Sequential has no layers yet: add some first",
               lambda m: m.forward(X64), make=Sequential),
        raises(TypeError, r"x must be an array of numbers", lambda m: m.forward(STRINGS),
               make=mlp),
        raises(ValueError, r"x holds 1 NaN", lambda m: m.forward(nan_in(X64)), make=mlp),
        raises(ValueError, r"Dense expected input with 3 features, got 4",
               lambda m: m.forward(np.zeros((2, 4))), make=mlp),
    ],
    "Sequential.backward": [
        raises(ValueError, r"backward expected grad_out of shape \(2, 2\)",
               lambda m: m.backward(np.zeros((3, 2))), make=lambda: forwarded(mlp(), X64)),
        raises(ValueError, r"grad_out holds 1 NaN", lambda m: m.backward(NAN),
               make=lambda: forwarded(mlp(), X64)),
    ],
    "Sequential.compile": [
        raises(ValueError, r"unknown optimizer 'bogus'; known: sgd",
               lambda m: m.compile("bogus", "mse"), make=mlp),
        raises(ValueError, r"unknown loss 'bogus'", lambda m: m.compile("sgd", "bogus"),
               make=mlp),
        raises(ValueError, r"unknown metric 'bogus'; known: 'accuracy', 'acc'",
               lambda m: m.compile("sgd", "mse", metrics=["bogus"]), make=mlp),
        raises(TypeError, r"compile expected metrics, a list of names such as"
                          r" \['accuracy'\], got 5",
               lambda m: m.compile("sgd", "mse", metrics=5), make=mlp),
        raises(TypeError, r"compile's fuse must be True or False, got 'no'",
               lambda m: m.compile("sgd", "mse", fuse="no"), make=mlp),
    ],
    "Sequential.train_step": [
        raises(RuntimeError, r"Sequential.train_step needs a loss and an optimizer: call"
                             r" compile", lambda m: m.train_step(*xy()),
               make=lambda: mlp(compiled=False)),
        raises(ValueError, r"CategoricalCrossentropy expected one-hot y_true of shape \(8, 2\)",
               lambda m: m.train_step(xy()[0], xy()[1][:, :1]), make=lambda: trained(mlp())),
        raises(ValueError, r"x holds 1 NaN", lambda m: m.train_step(nan_in(xy()[0]), xy()[1]),
               make=lambda: trained(mlp())),
    ],
})


def model_doors(method, who):
    """The bad data every door of a model (fit, evaluate, train_on_batch) refuses."""
    x, y = xy()
    kwargs = {"verbose": 0} if method in ("fit", "evaluate") else {}

    def call(*args, **more):
        return lambda m: getattr(m, method)(*args, **kwargs, **more)

    return [
        raises(RuntimeError, rf"Sequential.{method} needs a loss and an optimizer",
               call(x, y), make=lambda: mlp(compiled=False)),
        raises(ValueError, rf"Sequential.{who} expected as many labels as examples, got x of"
                           r" shape \(8, 3\) and y of shape \(7, 2\)",
               call(x, y[:7]), make=lambda: trained(mlp())),
        raises(ValueError, rf"Sequential.{who}: the model's output has shape \(8, 2\) but y has"
                           r" shape \(8,\) \(integer labels become one-hot with"
                           r" nnbook.data.to_categorical\(y, 2\)\)",
               call(x, np.argmax(y, axis=1)), make=lambda: trained(mlp())),
        raises(ValueError, rf"{who}'s x holds 1 non-finite value.*index \(2, 1\)",
               call(nan_in(x, (2, 1)), y), make=lambda: trained(mlp())),
        raises(ValueError, rf"{who}'s y holds 1 non-finite value.*index \(0, 0\)",
               call(x, nan_in(y, value=np.inf)), make=lambda: trained(mlp())),
        raises(TypeError, rf"{who}'s x must be an array of numbers, got dtype object",
               call(np.where(x > 0, x, None), y), make=lambda: trained(mlp())),
        raises(TypeError, rf"{who}'s y must be an array of real numbers, got dtype complex",
               call(x, y + 0j), make=lambda: trained(mlp())),
        raises(ValueError, rf"Sequential.{who} got no examples: x has shape \(0, 3\)",
               call(np.zeros((0, 3)), np.zeros((0, 2))), make=lambda: trained(mlp())),
        raises(ValueError, r"Dense expected input with 3 features, got 4",
               call(np.zeros((8, 4)), y), make=lambda: trained(mlp())),
    ]


cases("nnbook.model", {
    "Sequential.train_on_batch": model_doors("train_on_batch", "train_on_batch"),
    "Sequential.predict": [
        raises(RuntimeError, r"Sequential.predict: the model has no layers yet",
               lambda m: m.predict(X64), make=Sequential),
        raises(ValueError, r"batch_size must be a positive integer, got 0",
               lambda m: m.predict(X64, batch_size=0), make=mlp),
        raises(TypeError, r"batch_size must be a positive integer, got '32'",
               lambda m: m.predict(X64, batch_size="32"), make=mlp),
        raises(ValueError, r"predict's x holds 1 non-finite", lambda m: m.predict(nan_in(X64)),
               make=mlp),
        raises(TypeError, r"predict's x must be an array of numbers",
               lambda m: m.predict(STRINGS), make=mlp),
        raises(ValueError, r"Sequential.predict got no examples",
               lambda m: m.predict(np.zeros((0, 3))), make=mlp),
        raises(ValueError, r"Dense expected input with 3 features, got 2",
               lambda m: m.predict(P2), make=mlp),
    ],
})

cases("nnbook.training", {
    "Training.fit": model_doors("fit", "fit") + [
        raises(ValueError, r"batch_size must be a positive integer, got 0",
               lambda m: m.fit(*xy(), batch_size=0, verbose=0), make=lambda: trained(mlp())),
        raises(TypeError, r"epochs must be a positive integer, got '2'",
               lambda m: m.fit(*xy(), epochs="2", verbose=0), make=lambda: trained(mlp())),
        raises(ValueError, r"fit's verbose must be 0, 1 or 2, got 3",
               lambda m: m.fit(*xy(), verbose=3), make=lambda: trained(mlp())),
        raises(ValueError, r"validation_split must be in \[0, 1\), got 1.0",
               lambda m: m.fit(*xy(), validation_split=1, verbose=0),
               make=lambda: trained(mlp())),
        raises(ValueError, r"validation_split=1e-20 of 8 examples leaves 0 for validation",
               lambda m: m.fit(*xy(), validation_split=1e-20, verbose=0),
               make=lambda: trained(mlp())),
        raises(ValueError, r"validation_data must be a pair \(x_val, y_val\), got ndarray",
               lambda m: m.fit(*xy(), validation_data=X64, verbose=0),
               make=lambda: trained(mlp())),
        raises(ValueError, r"fit's validation_data's y holds 1 non-finite",
               lambda m: m.fit(*xy(), validation_data=(xy()[0], nan_in(xy()[1])), verbose=0),
               make=lambda: trained(mlp())),
        raises(TypeError, r"fit's shuffle must be True or False, got 'no'",
               lambda m: m.fit(*xy(), shuffle="no", verbose=0), make=lambda: trained(mlp())),
        raises(ValueError, r"fit got x but no labels y",
               lambda m: m.fit(xy()[0], verbose=0), make=lambda: trained(mlp())),
        raises(TypeError, r"fit expected arrays x and y, or x as an iterable of \(x, y\)"
                          r" batches, got int", lambda m: m.fit(5, verbose=0),
               make=lambda: trained(mlp())),
        raises(ValueError, r"steps_per_epoch must be a positive integer, got 0",
               lambda m: m.fit([xy()], steps_per_epoch=0, verbose=0),
               make=lambda: trained(mlp())),
        raises(ValueError, r"fit \(a batch\) expected as many labels as examples",
               lambda m: m.fit([(xy()[0], xy()[1][:5])], verbose=0),
               make=lambda: trained(mlp())),
    ],
    "Training.evaluate": model_doors("evaluate", "evaluate") + [
        raises(ValueError, r"batch_size must be a positive integer, got -1",
               lambda m: m.evaluate(*xy(), batch_size=-1, verbose=0), make=mlp),
        raises(TypeError, r"evaluate's return_dict must be True or False, got 'yes'",
               lambda m: m.evaluate(*xy(), return_dict="yes", verbose=0), make=mlp),
        raises(ValueError, r"evaluate's verbose must be 0, 1 or 2, got -1",
               lambda m: m.evaluate(*xy(), verbose=-1), make=mlp),
    ],
})


def two_dense():
    return Sequential([Dense(4, seed=0), Dense(2, input_dim=5, seed=1)])


cases("nnbook.summary", {
    "Summary.build": [
        raises(TypeError, r"build expected input_shape, one example's shape as a tuple of"
                          r" positive integers such as \(1, 28, 28\), got 'abc'",
               lambda m: m.build("abc"), make=two_dense),
        raises(ValueError, r"build expected input_shape, .*got \(0,\)",
               lambda m: m.build((0,)), make=two_dense),
        raises(ValueError, r"Dense expected input with 5 features, got 4",
               lambda m: m.build((3,)), make=two_dense),
        raises(ValueError, r"Dense expected input with 3 features, got 4",
               lambda m: m.build((4,)), make=mlp),
    ],
    "Summary.output_shapes": [
        raises(ValueError, r"the model has not seen an input yet: give input_shape",
               lambda m: m.output_shapes(), make=two_dense),
        raises(ValueError, r"Dense expected input with 5 features, got 4",
               lambda m: m.output_shapes((3,)), make=two_dense),
        raises(TypeError, r"output_shapes expected input_shape, .*got 3",
               lambda m: m.output_shapes(3), make=two_dense),
    ],
    "Summary.count_params": [
        raises(TypeError, r"count_params's trainable_only must be True or False, got 'yes'",
               lambda m: m.count_params("yes"), make=mlp),
    ],
    "Summary.summary": [
        raises(TypeError, r"summary expected print_fn, a function such as print, got 5",
               lambda m: m.summary(print_fn=5), make=mlp),
        raises(ValueError, r"Dense expected input with 3 features, got 4",
               lambda m: m.summary((4,)), make=mlp),
    ],
})

cases("nnbook.optimizers", {
    "get_optimizer": [
        raises(ValueError, r"unknown optimizer 'bogus'; known: sgd",
               lambda: get_optimizer("bogus")),
        raises(TypeError, r"expected an optimizer name or an Optimizer object, got 5",
               lambda: get_optimizer(5)),
        raises(TypeError, r"got the class SGD; make one: SGD\(\)", lambda: get_optimizer(SGD)),
    ],
})

cases("nnbook.optimizers.base", {
    "trainable_params_and_grads": [
        raises(TypeError, r"trainable_params_and_grads expected layers, a list of layers,"
                          r" got 5", lambda: trainable_params_and_grads(5)),
        raises(TypeError, r"trainable_params_and_grads expected layers \(with params, grads"
                          r" and trainable\), got 5", lambda: trainable_params_and_grads([5])),
        raises(ValueError, r"Layer\(\) has params \['W'\] but grads \[\]",
               lambda: trainable_params_and_grads([parameter_layer(grads=False)])),
    ],
    "Optimizer.update": [
        raises(TypeError, r"SGD.update expected params_and_grads, a list of \(param, grad\)"
                          r" pairs, got 5", lambda s: s[0].update(5), make=sgd_and_pair),
        raises(TypeError, r"SGD expected \(param, grad\) pairs, got a tuple of 1 \(pair 1 of"
                          r" 1\)", lambda s: s[0].update([(s[1],)]), make=sgd_and_pair),
        raises(ValueError, r"SGD got a gradient with NaN or inf .*nothing was updated",
               lambda s: s[0].update([(s[1], s[2]), (s[1], nan_in(s[2]))]), make=sgd_and_pair),
        raises(TypeError, r"SGD expected float parameters.*got int64",
               lambda s: s[0].update([(np.ones(2, dtype=int), np.ones(2))]), make=sgd_and_pair),
        raises(TypeError, r"SGD expected \(param, grad\) pairs of numpy arrays, got a list as"
                          r" param", lambda s: s[0].update([([1.0], np.ones(1))]),
               make=sgd_and_pair),
        raises(ValueError, r"SGD expected a gradient of the parameter's shape \(2, 2\), got"
                           r" \(2,\)", lambda s: s[0].update([(s[1], np.ones(2))]),
               make=sgd_and_pair),
    ],
    "Optimizer.step": [
        raises(TypeError, r"trainable_params_and_grads expected layers, a list of layers,"
                          r" got 5", lambda s: s.step(5), make=lambda: SGD(0.1)),
        raises(TypeError, r"expected layers \(with params, grads and trainable\), got 'a'",
               lambda s: s.step(["a"]), make=lambda: SGD(0.1)),
    ],
})

cases("nnbook.optimizers.sgd", {
    "SGD": [
        raises(TypeError, r"SGD expected learning_rate, a number, got '0.1' \(str\); write"
                          r" learning_rate=0.1 without quotes", lambda: SGD("0.1")),
        raises(ValueError, r"SGD expected learning_rate, a finite number, got nan",
               lambda: SGD(np.nan)),
        raises(ValueError, r"SGD learning_rate must be >= 0, got -1.0", lambda: SGD(-1)),
        raises(ValueError, r"SGD momentum must be in \[0, 1\), got 1.0",
               lambda: SGD(momentum=1)),
        raises(TypeError, r"SGD expected nesterov to be True or False, got 'yes'",
               lambda: SGD(nesterov="yes")),
        raises(ValueError, r"SGD decay must be >= 0, got -1.0", lambda: SGD(decay=-1)),
        raises(ValueError, r"SGD got learning_rate=0.1 and lr=0.2; give one",
               lambda: SGD(0.1, lr=0.2)),
        raises(TypeError, r"SGD expected lr, a number, got 'x'", lambda: SGD(lr="x")),
    ],
})


def adaptive_cases(cls, settings):
    """The bad settings every adaptive optimizer refuses, with its own ``settings``:
    (name, bad value, error, what the message says)."""
    owner = cls.__name__
    return [
        raises(TypeError, rf"{owner} expected learning_rate, a number, got '0.1' \(str\); write"
                          r" learning_rate=0.1 without quotes", lambda: cls("0.1")),
        raises(ValueError, rf"{owner} learning_rate must be >= 0, got -1.0", lambda: cls(-1)),
        raises(ValueError, rf"{owner} expected learning_rate, a finite number, got nan",
               lambda: cls(np.nan)),
        raises(ValueError, rf"{owner} epsilon must be > 0, got 0.0", lambda: cls(epsilon=0)),
        raises(ValueError, rf"{owner} got learning_rate=0.1 and lr=0.2; give one",
               lambda: cls(0.1, lr=0.2)),
        *(raises(error, rf"{owner} {message}", lambda name=name, value=value: cls(**{name: value}))
          for name, value, error, message in settings),
    ]


cases("nnbook.optimizers.adaptive", {
    "Adagrad": adaptive_cases(Adagrad, [
        ("initial_accumulator_value", -1, ValueError, r"initial_accumulator_value must be >= 0"),
        ("initial_accumulator_value", None, TypeError, r"expected initial_accumulator_value,"
                                                       r" a number, got None")]),
    "Adadelta": adaptive_cases(Adadelta, [("rho", 1, ValueError, r"rho must be in \[0, 1\)"),
                                          ("rho", "0.9", TypeError, r"expected rho, a number")]),
    "RMSprop": adaptive_cases(RMSprop, [
        ("rho", -0.1, ValueError, r"rho must be in \[0, 1\)"),
        ("momentum", 1.0, ValueError, r"momentum must be in \[0, 1\)"),
        ("centered", "yes", TypeError, r"expected centered to be True or False, got 'yes'")]),
    "Adam": adaptive_cases(Adam, [("beta_1", 1, ValueError, r"beta_1 must be in \[0, 1\)"),
                                  ("beta_2", np.inf, ValueError, r"expected beta_2, a finite")]),
})


def fitted():
    """A generator that standardises with statistics (so it must be fitted first)."""
    return ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True)


ONE = DIGITS[0]  # one image (1, 5, 5)

cases("nnbook.augment", {
    "ImageDataGenerator": [
        raises(TypeError, r"featurewise_center must be True or False, got 'yes'",
               lambda: ImageDataGenerator(featurewise_center="yes")),
        raises(ValueError, r"zca_epsilon must be > 0, got 0",
               lambda: ImageDataGenerator(zca_epsilon=0)),
        raises(ValueError, r"rotation_range must be in \[0, ∞\], got -1.0",
               lambda: ImageDataGenerator(rotation_range=-1)),
        raises(TypeError, r"width_shift_range must be a number, got '0.1'",
               lambda: ImageDataGenerator(width_shift_range="0.1")),
        raises(ValueError, r"unknown fill_mode 'bogus'; known: 'constant'",
               lambda: ImageDataGenerator(fill_mode="bogus")),
        raises(ValueError, r"cval must be finite, got nan",
               lambda: ImageDataGenerator(cval=np.nan)),
        raises(ValueError, r"seed must be None or an integer ≥ 0, got 'abc'",
               lambda: ImageDataGenerator(seed="abc")),
    ],
    "ImageDataGenerator.fit": [
        raises(ValueError, r"ImageDataGenerator.fit expects a 4-D batch of images \(N, C, H,"
                           r" W\), got shape \(2, 5, 5\) \(a batch of one-channel images",
               lambda g: g.fit(DIGITS[:, 0]), make=fitted),
        raises(ValueError, r"fit's x holds 1 non-finite", lambda g: g.fit(nan_in(DIGITS)),
               make=fitted),
        raises(ValueError, r"ImageDataGenerator.fit got no images",
               lambda g: g.fit(DIGITS[:0]), make=fitted),
        raises(TypeError, r"fit's x must be an array of numbers", lambda g: g.fit(STRINGS),
               make=fitted),
        raises(TypeError, r"augment must be True or False, got 1",
               lambda g: g.fit(DIGITS, augment=1), make=fitted),
        raises(ValueError, r"rounds must be a positive integer, got 0",
               lambda g: g.fit(DIGITS, augment=True, rounds=0), make=fitted),
    ],
    "ImageDataGenerator.standardize": [
        raises(RuntimeError, r"ImageDataGenerator.standardize: featurewise_center,"
                             r" featurewise_std_normalization need\(s\) the training images'"
                             r" statistics: call fit\(x_train\) first",
               lambda g: g.standardize(DIGITS), make=fitted),
        raises(ValueError, r"standardize's x holds 1 non-finite",
               lambda g: g.standardize(nan_in(DIGITS)), make=ImageDataGenerator),
        raises(ValueError, r"ImageDataGenerator.standardize expects a 4-D batch",
               lambda g: g.standardize(np.zeros((5, 5))), make=ImageDataGenerator),
    ],
    "ImageDataGenerator.get_random_transform": [
        raises(ValueError, r"img_shape must be one image's shape \(C, H, W\), got \(5, 5\)",
               lambda g: g.get_random_transform((5, 5)), make=ImageDataGenerator),
        raises(ValueError, r"seed must be None or an integer ≥ 0, got -1",
               lambda g: g.get_random_transform((1, 5, 5), seed=-1), make=ImageDataGenerator),
    ],
    "ImageDataGenerator.apply_transform": [
        raises(ValueError, r"apply_transform expects one image \(C, H, W\), got shape"
                           r" \(2, 1, 5, 5\)", lambda g: g.apply_transform(DIGITS, {}),
               make=ImageDataGenerator),
        raises(TypeError, r"transform_parameters must be a dict .*got int",
               lambda g: g.apply_transform(ONE, 5), make=ImageDataGenerator),
        raises(ValueError, r"unknown transform parameter\(s\) 'spin'",
               lambda g: g.apply_transform(ONE, {"spin": 1}), make=ImageDataGenerator),
        raises(TypeError, r"transform parameter 'theta' must be a number, got 'a'",
               lambda g: g.apply_transform(ONE, {"theta": "a"}), make=ImageDataGenerator),
        raises(ValueError, r"apply_transform's x holds 1 non-finite",
               lambda g: g.apply_transform(nan_in(ONE), {}), make=ImageDataGenerator),
    ],
    "ImageDataGenerator.random_transform": [
        raises(ValueError, r"random_transform expects one image \(C, H, W\), got shape"
                           r" \(5, 5\)", lambda g: g.random_transform(ONE[0]),
               make=ImageDataGenerator),
        raises(ValueError, r"seed must be None or an integer ≥ 0, got 1.5",
               lambda g: g.random_transform(ONE, seed=1.5), make=ImageDataGenerator),
        raises(TypeError, r"random_transform's x must be an array of numbers",
               lambda g: g.random_transform("abc"), make=ImageDataGenerator),
    ],
    "ImageDataGenerator.flow": [
        raises(ValueError, r"ImageDataGenerator.flow expected as many labels as images, got 2"
                           r" images and y of shape \(3,\)",
               lambda g: g.flow(DIGITS, [0, 1, 2]), make=ImageDataGenerator),
        raises(ValueError, r"flow's y holds 1 non-finite",
               lambda g: g.flow(DIGITS, [0, np.nan]), make=ImageDataGenerator),
        raises(TypeError, r"flow's y must be an array of numbers",
               lambda g: g.flow(DIGITS, ["a", "b"]), make=ImageDataGenerator),
        raises(ValueError, r"batch_size must be a positive integer, got 0",
               lambda g: g.flow(DIGITS, batch_size=0), make=ImageDataGenerator),
        raises(TypeError, r"shuffle must be True or False, got 'no'",
               lambda g: g.flow(DIGITS, shuffle="no"), make=ImageDataGenerator),
        raises(RuntimeError, r"ImageDataGenerator.flow: featurewise_center.* call"
                             r" fit\(x_train\) first", lambda g: g.flow(DIGITS), make=fitted),
    ],
})

cases("nnbook.augment_flow", {
    "NumpyArrayIterator": [
        raises(TypeError, r"NumpyArrayIterator expected generator, an ImageDataGenerator, got"
                          r" 5", lambda: NumpyArrayIterator(5, DIGITS)),
        raises(ValueError, r"flow's x holds 1 non-finite",
               lambda: NumpyArrayIterator(ImageDataGenerator(), nan_in(DIGITS))),
    ],
    "flag": [raises(TypeError, r"shuffle must be True or False, got 'no'",
                    lambda: augment_flow.flag("no", "shuffle"))],
    "seed_value": [raises(ValueError, r"seed must be None or an integer ≥ 0, got -1",
                          lambda: augment_flow.seed_value(-1)),
                   raises(ValueError, r"seed must be None or an integer ≥ 0, got 'a'",
                          lambda: augment_flow.seed_value("a"))],
    "float_dtype": [raises(TypeError, r"float_dtype expected dtype, a numpy dtype, got 'bogus'",
                           lambda: augment_flow.float_dtype("bogus"))],
})

_MAPS = augment_geometry.affine_maps((5, 5), theta=np.zeros(2))

cases("nnbook.augment_geometry", {
    "affine_maps": [
        raises(TypeError, r"affine_maps expected theta, numbers .*got dtype <U1",
               lambda: augment_geometry.affine_maps((5, 5), theta="a")),
        raises(ValueError, r"affine_maps expected tx, numbers .*1 non-finite",
               lambda: augment_geometry.affine_maps((5, 5), tx=[0.0, np.nan])),
        raises(ValueError, r"affine_maps expected shape, the images' \(H, W\), got \(5,\)",
               lambda: augment_geometry.affine_maps((5,))),
        raises(ValueError, r"affine_maps expected one value per image for every parameter,"
                           r" got sizes",
               lambda: augment_geometry.affine_maps((5, 5), theta=[0, 1], tx=[0, 1, 2])),
    ],
    "resample": [
        raises(ValueError, r"resample expected images \(M, C, H, W\) of numbers, got shape"
                           r" \(5, 5\)",
               lambda: augment_geometry.resample(np.zeros((5, 5)), *_MAPS)),
        raises(ValueError, r"unknown fill_mode 'bogus'",
               lambda: augment_geometry.resample(DIGITS, *_MAPS, fill_mode="bogus")),
        raises(ValueError, r"resample expected matrix \(N, 2, 2\) and offset \(N, 2\), got"
                           r" \(2, 2, 2\) and \(3, 2\)",
               lambda: augment_geometry.resample(DIGITS, _MAPS[0], np.zeros((3, 2)))),
        raises(ValueError, r"resample expected index, one image number in \[0, 2\) per map",
               lambda: augment_geometry.resample(DIGITS, *_MAPS, index=[0, 5])),
        raises(ValueError, r"images holds NaN or inf in the images read",
               lambda: augment_geometry.resample(nan_in(DIGITS), *_MAPS)),
        raises(ValueError, r"cval must be finite, got nan",
               lambda: augment_geometry.resample(DIGITS, *_MAPS, "constant", np.nan)),
    ],
    "shift_range": [
        raises(ValueError, r"width_shift_range must be in \[0, ∞\], got -1.0",
               lambda: augment_geometry.shift_range(-1, "width_shift_range")),
        raises(TypeError, r"width_shift_range must be a number, got None",
               lambda: augment_geometry.shift_range(None, "width_shift_range")),
    ],
    "random_shifts": [
        raises(TypeError, r"random_shifts expected rng, a numpy Generator, got None",
               lambda: augment_geometry.random_shifts(0.2, 28, 4, None)),
        raises(ValueError, r"random_shifts expected n, a whole number ≥ 0, got -1",
               lambda: augment_geometry.random_shifts(0.2, 28, -1, RNG)),
        raises(ValueError, r"random_shifts expected size, a positive integer, got 0",
               lambda: augment_geometry.random_shifts(0.2, 0, 4, RNG)),
        raises(ValueError, r"limit must be in \[0, ∞\], got -0.2",
               lambda: augment_geometry.random_shifts(-0.2, 28, 4, RNG)),
    ],
    "checked_transform": [
        raises(TypeError, r"transform_parameters must be a dict", 
               lambda: augment_geometry.checked_transform([("theta", 1)])),
        raises(ValueError, r"transform parameter 'flip_vertical' must be True or False, got 2",
               lambda: augment_geometry.checked_transform({"flip_vertical": 2})),
        raises(ValueError, r"transform parameter 'brightness' is not supported",
               lambda: augment_geometry.checked_transform({"brightness": 0.5})),
        raises(ValueError, r"transform parameter 'zx' must be finite, got inf",
               lambda: augment_geometry.checked_transform({"zx": np.inf})),
    ],
})


def image_tree():
    """A folder with one class folder holding one 2 x 2 grey image."""
    from PIL import Image
    (Tmp.path / "pets" / "cat").mkdir(parents=True)
    Image.fromarray(np.zeros((2, 2), dtype=np.uint8)).save(Tmp.path / "pets" / "cat" / "a.png")
    return Tmp.path / "pets"


cases("nnbook.image_folder", {
    "load_image_folder": [
        raises(TypeError, r"load_image_folder expected a path \(str or Path\), got 5",
               lambda: load_image_folder(5)),
        raises(FileNotFoundError, r"load_image_folder found no folder .*missing",
               lambda: load_image_folder(Tmp.path / "missing")),
        raises(NotADirectoryError, r"garbage is a file, not a folder",
               lambda path: load_image_folder(path), make=garbage_file),
        raises(ValueError, r"has no class folders", lambda folder: load_image_folder(folder),
               make=lambda: (Tmp.path / "empty").mkdir() or Tmp.path / "empty"),
        raises(ValueError, r"target_size must be \(height, width\), got \(28,\)",
               lambda folder: load_image_folder(folder, target_size=(28,)), make=image_tree),
        raises(ValueError, r"target_size\[0\] must be a positive integer, got 0",
               lambda folder: load_image_folder(folder, target_size=(0, 28)), make=image_tree),
        raises(ValueError, r"unknown color_mode 'cmyk'",
               lambda folder: load_image_folder(folder, color_mode="cmyk"), make=image_tree),
        raises(TypeError, r"resize must be True or False, got 'yes'",
               lambda folder: load_image_folder(folder, resize="yes"), make=image_tree),
        raises(ValueError, r"load_image_folder expected dtype float32, float64 or uint8, got"
                           r" int32", lambda folder: load_image_folder(folder, dtype="int32"),
               make=image_tree),
        raises(ValueError, r"resize=True needs target_size",
               lambda folder: load_image_folder(folder, resize=True), make=image_tree),
        raises(ValueError, r"a.png is 2 x 2 \(H x W\), expected 3 x 3",
               lambda folder: load_image_folder(folder, target_size=(3, 3)), make=image_tree),
    ],
})


def pool():
    return MaxPooling2D()


cases("nnbook.pooling", {
    "MaxPooling2D": [
        raises(ValueError, r"MaxPooling2D pool_size must be a positive integer, got 0",
               lambda: MaxPooling2D(0)),
        raises(TypeError, r"MaxPooling2D pool_size must be a positive integer, got '2'",
               lambda: MaxPooling2D("2")),
        raises(ValueError, r"MaxPooling2D strides must be a positive integer, got 0",
               lambda: MaxPooling2D(strides=0)),
        raises(ValueError, r"unknown padding 'full' for MaxPooling2D; known: 'valid', 'same'",
               lambda: MaxPooling2D(padding="full")),
    ],
    "MaxPooling2D.compute_output_shape": [
        raises(ValueError, r"MaxPooling2D.compute_output_shape expected input_shape \(C, H, W\)"
                           r" or \(N, C, H, W\), got \(5,\)",
               lambda: MaxPooling2D().compute_output_shape((5,))),
        raises(TypeError, r"MaxPooling2D.compute_output_shape expected input_shape .*got None",
               lambda: MaxPooling2D().compute_output_shape(None)),
        raises(ValueError, r"needs inputs of at least 2x2, got 1x1",
               lambda: MaxPooling2D().compute_output_shape((1, 1, 1))),
    ],
    "MaxPooling2D.forward": [
        raises(ValueError, r"MaxPooling2D expects a 4-D input \(N, C, H, W\), got shape"
                           r" \(5, 5\)", lambda p: p.forward(np.zeros((5, 5))), make=pool),
        raises(TypeError, r"x must be an array of numbers", lambda p: p.forward(STRINGS),
               make=pool),
        raises(ValueError, r"x holds 1 NaN", lambda p: p.forward(nan_in(IMAGES)), make=pool),
        raises(ValueError, r"needs inputs of at least 2x2, got 1x1",
               lambda p: p.forward(np.zeros((1, 1, 1, 1))), make=pool),
    ],
    "MaxPooling2D.backward": [
        raises(RuntimeError, r"call forward before backward",
               lambda p: p.backward(np.zeros((2, 1, 2, 2))), make=pool),
        raises(ValueError, r"MaxPooling2D.backward expected grad_out of shape \(2, 1, 2, 2\)",
               lambda p: p.backward(np.zeros((2, 1, 3, 3))),
               make=lambda: forwarded(pool(), IMAGES)),
        raises(ValueError, r"grad_out holds 1 NaN",
               lambda p: p.backward(nan_in(np.zeros((2, 1, 2, 2)))),
               make=lambda: forwarded(pool(), IMAGES)),
    ],
})


def progbar():
    return Progbar(10, verbose=0)


def _gan_pair():
    from nnbook.layers import Activation, Dense
    from nnbook.model import Sequential

    G = Sequential([Dense(2, input_dim=1, seed=0)], dtype="float64")
    D = Sequential([Dense(1, input_dim=2, seed=1), Activation("sigmoid")], dtype="float64")
    return G, D


def _gan():
    from nnbook.gan import GAN

    return GAN(*_gan_pair(), 1, seed=0)


def _gan_with_three_inputs():
    from nnbook.layers import Activation, Dense
    from nnbook.model import Sequential

    return Sequential([Dense(1, input_dim=3, seed=2), Activation("sigmoid")], dtype="float64")


def _gan_cases():
    from nnbook.gan import GAN, discriminator_loss, generator_loss, normal_noise

    rows = np.ones((4, 2))
    return {
        "GAN": [
            raises(ValueError, r"GAN latent_dim must be a positive integer, got 0",
                   lambda: GAN(*_gan_pair(), 0)),
            raises(ValueError, r"GAN latent_dim is 3, but the generator takes inputs of shape",
                   lambda: GAN(*_gan_pair(), 3)),
            raises(ValueError, r"unknown GAN g_loss 'wgan'", lambda: GAN(*_gan_pair(), 1,
                                                                         g_loss="wgan")),
            raises(ValueError, r"GAN d_steps must be a positive integer, got 0",
                   lambda: GAN(*_gan_pair(), 1, d_steps=0)),
            raises(TypeError, r"GAN latent_sampler must be a function",
                   lambda: GAN(*_gan_pair(), 1, latent_sampler=5)),
            raises(ValueError, r"generator makes examples of shape \(2,\), but the"
                               r" discriminator takes examples of shape \(3,\)",
                   lambda: GAN(_gan_pair()[0], _gan_with_three_inputs(), 1)),
            raises(TypeError, r"GAN generator must be a model or a layer",
                   lambda: GAN(5, _gan_pair()[1], 1)),
        ],
        "GAN.fit": [
            raises(ValueError, r"GAN.fit's x_real holds 4 non-finite", lambda g: g.fit(
                np.array([[np.nan, 1.0]] * 4), 1, batch_size=2), make=_gan),
            raises(ValueError, r"GAN.fit's x_real must have shape \(N, 2\)",
                   lambda g: g.fit(np.ones((4, 3)), 1, batch_size=2), make=_gan),
            raises(ValueError, r"GAN.fit steps must be a positive integer, got 0",
                   lambda g: g.fit(rows, 0, batch_size=2), make=_gan),
            raises(ValueError, r"GAN.fit batch_size=8 is more than the 4 real examples",
                   lambda g: g.fit(rows, 1, batch_size=8), make=_gan),
            raises(ValueError, r"GAN.fit verbose must be 0, 1 or 2, got 5",
                   lambda g: g.fit(rows, 1, batch_size=2, verbose=5), make=_gan),
        ],
        "GAN.generate": [
            raises(ValueError, r"GAN.generate n must be a positive integer, got 0",
                   lambda g: g.generate(0), make=_gan),
            raises(TypeError, r"GAN.generate seed must be a whole number",
                   lambda g: g.generate(2, seed="a"), make=_gan),
        ],
        "GAN.sample_latent": [
            raises(ValueError, r"GAN.sample_latent n must be a positive integer, got 0",
                   lambda g: g.sample_latent(0), make=_gan),
        ],
        "GAN.train_step": [
            raises(ValueError, r"GAN.train_step batch_size must be a positive integer, got 0",
                   lambda g: g.train_step(rows, 0), make=_gan),
            raises(ValueError, r"GAN.train_step's x_real must be an array \(N, 2\)",
                   lambda g: g.train_step(np.ones((4, 3)), 2), make=_gan),
        ],
        "discriminator_loss": [
            raises(ValueError, r"d_real must hold D's outputs, probabilities in \[0, 1\]",
                   lambda: discriminator_loss(np.array([[2.0]]), np.array([[0.5]]))),
            raises(ValueError, r"d_fake must hold D's outputs",
                   lambda: discriminator_loss(np.array([[0.5]]), np.array([[np.nan]]))),
        ],
        "generator_loss": [
            raises(ValueError, r"unknown generator loss 'max'",
                   lambda: generator_loss(np.array([[0.5]]), "max")),
            raises(TypeError, r"d_fake must be an array of numbers",
                   lambda: generator_loss("a")),
        ],
        "normal_noise": [
            raises(ValueError, r"normal_noise's n must be a positive integer, got 0",
                   lambda: normal_noise(np.random.default_rng(0), 0, 2)),
            raises(TypeError, r"normal_noise's rng must be a numpy Generator",
                   lambda: normal_noise(5, 2, 2)),
        ],
    }


cases("nnbook.gan", _gan_cases())

cases("nnbook.progbar", {
    "Progbar": [
        raises(ValueError, r"Progbar target must be a positive integer, got 0",
               lambda: Progbar(0)),
        raises(TypeError, r"Progbar target must be a positive integer, got '10'",
               lambda: Progbar("10")),
        raises(ValueError, r"Progbar width must be a positive integer, got 0",
               lambda: Progbar(10, width=0)),
        raises(ValueError, r"Progbar verbose must be 0, 1 or 2, got 3",
               lambda: Progbar(10, verbose=3)),
        raises(ValueError, r"unknown Progbar display 'bogus'",
               lambda: Progbar(10, display="bogus")),
        raises(TypeError, r"Progbar file must be a text stream \(with write\), got 5",
               lambda: Progbar(10, file=5)),
    ],
    "Progbar.add": [
        raises(ValueError, r"Progbar.add's n must be a positive integer, got 0",
               lambda p: p.add(0), make=progbar),
        raises(TypeError, r"Progbar values must be a list of \(name, number\) pairs, got int",
               lambda p: p.add(1, values=5), make=progbar),
        raises(ValueError, r"Progbar value 'loss' must be one finite number, got nan",
               lambda p: p.add(1, [("loss", np.nan)]), make=progbar),
    ],
    "Progbar.update": [
        raises(ValueError, r"Progbar.update expected a whole count ≥ 0 .*got -1",
               lambda p: p.update(-1), make=progbar),
        raises(ValueError, r"Progbar value 'loss' must be one finite number, got 'a'",
               lambda p: p.update(5, [("loss", "a")]), make=progbar),
        raises(TypeError, r"Progbar values must be \(name, number\) pairs, got \(5, 1.0\)",
               lambda p: p.update(5, [(5, 1.0)]), make=progbar),
        raises(TypeError, r"Progbar.update's finalize must be True, False or None, got 'yes'",
               lambda p: p.update(5, finalize="yes"), make=progbar),
    ],
})

cases("nnbook.toydata", {
    name: [
        raises(ValueError, r"n must be an even number of points, at least 2, got 3",
               lambda f=f: f(3)),
        raises(TypeError, r"n must be an even number of points, at least 2, got '4'",
               lambda f=f: f("4")),
        raises(TypeError, r"n must be an even number of points, at least 2, got None",
               lambda f=f: f(None)),
        raises(ValueError, r"n must be an even number of points, at least 2, got nan",
               lambda f=f: f(np.nan)),
        raises(ValueError, r"noise must be in \[0, ∞\], got -1.0", lambda f=f: f(10, -1)),
        raises(ValueError, r"noise must be finite, got nan", lambda f=f: f(10, np.nan)),
        raises(TypeError, r"seed must be a whole number ≥ 0 or None, got 'abc'",
               lambda f=f: f(10, seed="abc")),
    ]
    for name, f in (("xor_clusters", xor_clusters), ("two_moons", two_moons))
})


cases("nnbook.envcheck", {
    "check_environment": [
        raises(TypeError, r"check_environment expected out, a stream with write\(\) \(such as"
               r" sys.stdout\) or None, got 'stdout'", lambda: check_environment("stdout")),
        raises(TypeError, r"check_environment expected out, a stream .* got 3",
               lambda: check_environment(3)),
    ],
})


def _language_in(value):
    import os

    from nnbook.lang import ENV_VAR, language
    old = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = value
    try:
        return language()
    finally:
        if old is None:
            del os.environ[ENV_VAR]
        else:
            os.environ[ENV_VAR] = old


def _by_language(**tables):
    from nnbook.lang import ByLanguage
    return ByLanguage(**tables)


cases("nnbook.lang", {
    "language": [
        raises(ValueError, r"NNBOOK_LANG must be one of en, zh_CN \(or unset, for English\), "
               r"got 'fr'", lambda: _language_in("fr")),
        raises(ValueError, r"NNBOOK_LANG must be one of .* got 'zh_TW'",
               lambda: _language_in("zh_TW")),
    ],
    "ByLanguage": [
        raises(ValueError, r"a ByLanguage table needs one dict for each of en, zh_CN, got en",
               lambda: _by_language(en={"a": "x"})),
        raises(ValueError, r"the zh_CN table must have the English keys: missing \['b'\], "
               r"unknown \['c'\]",
               lambda: _by_language(en={"a": "x", "b": "y"}, zh_CN={"a": "x", "c": "z"})),
    ],
})


def network():
    return NeuralNetwork(XOR_X, XOR_Y, seed=0)


cases("nnbook.twolayer", {
    "NeuralNetwork": [
        raises(TypeError, r"x must be an array of numbers", lambda: NeuralNetwork(STRINGS, XOR_Y)),
        raises(ValueError, r"x holds 1 non-finite", lambda: NeuralNetwork(nan_in(XOR_X), XOR_Y)),
        raises(ValueError, r"y holds 1 non-finite",
               lambda: NeuralNetwork(XOR_X, nan_in(XOR_Y, value=np.inf))),
        raises(ValueError, r"y must be a column of shape \(N, 1\), got shape \(4,\)",
               lambda: NeuralNetwork(XOR_X, XOR_Y.ravel())),
        raises(ValueError, r"x must be a 2-D array \(rows = examples\), got shape \(3,\)",
               lambda: NeuralNetwork(XOR_X[0], XOR_Y)),
        raises(ValueError, r"x and y must have the same number of rows, got 4 rows in x and 3",
               lambda: NeuralNetwork(XOR_X, XOR_Y[:3])),
        raises(ValueError, r"hidden must be a positive integer, got 0",
               lambda: NeuralNetwork(XOR_X, XOR_Y, hidden=0)),
        raises(TypeError, r"hidden must be a positive integer, got None",
               lambda: NeuralNetwork(XOR_X, XOR_Y, hidden=None)),
        raises(TypeError, r"seed must be a whole number ≥ 0 or None, got 'abc'",
               lambda: NeuralNetwork(XOR_X, XOR_Y, seed="abc")),
        raises(TypeError, r"learning_rate must be a number, got '1'",
               lambda: NeuralNetwork(XOR_X, XOR_Y, learning_rate="1")),
        raises(ValueError, r"learning_rate must be finite, got nan",
               lambda: NeuralNetwork(XOR_X, XOR_Y, learning_rate=np.nan)),
    ],
    "NeuralNetwork.train": [
        raises(ValueError, r"iterations must be a whole number ≥ 0, got -1",
               lambda n: n.train(-1), make=network),
        raises(ValueError, r"iterations must be a whole number ≥ 0, got 2.5",
               lambda n: n.train(2.5), make=network),
        raises(TypeError, r"iterations must be a whole number ≥ 0, got 'abc'",
               lambda n: n.train("abc"), make=network),
    ],
})


def fake_predict(points):
    return np.full((len(points), 1), 0.5)


TWO_D = np.array([[0.0, 0.0], [1.0, 1.0]])
LABELS01 = np.array([[0.0], [1.0]])

cases("nnbook.viz.ch1", {
    "draw_network": [
        raises(ValueError, r"draw_network expected 4 layer_labels, one per layer, got \(",
               lambda: viz1.draw_network((2, 3, 4, 1))),
        raises(ValueError, r"draw_network expected 1 weight_labels, one between each two"
                           r" layers, got \(", lambda: viz1.draw_network((2, 1), ("a", "b"))),
        raises(ValueError, r"draw_network layer_sizes must be a positive integer, got 0",
               lambda: viz1.draw_network((3, 0, 1))),
        raises(TypeError, r"draw_network expected layer_sizes, a tuple of unit counts, got 5",
               lambda: viz1.draw_network(5)),
    ],
    "plot_loss": [
        raises(TypeError, r"losses must be an array of numbers", lambda: viz1.plot_loss("ab")),
        raises(ValueError, r"plot_loss expected losses, one number per step, got shape"
                           r" \(2, 2\)", lambda: viz1.plot_loss(P2)),
        raises(ValueError, r"losses holds 1 non-finite", lambda: viz1.plot_loss([1.0, np.nan])),
    ],
    "plot_predictions": [
        raises(ValueError, r"plot_predictions expected one prediction per example: 2 in"
                           r" y_true, 1 in y_pred", lambda: viz1.plot_predictions([0, 1], [0.5])),
        raises(TypeError, r"y_true must be an array of numbers",
               lambda: viz1.plot_predictions(["a"], [0.5])),
        raises(ValueError, r"y_pred holds 1 non-finite",
               lambda: viz1.plot_predictions([0], [np.nan])),
    ],
    "prediction_table": [
        raises(ValueError, r"prediction_table expected one row per example: 4 in x, 4 in"
                           r" y_true, 3 in y_pred",
               lambda: viz1.prediction_table(XOR_X, XOR_Y, XOR_Y[:3])),
        raises(ValueError, r"prediction_table decimals must be a whole number ≥ 0, got -1",
               lambda: viz1.prediction_table(XOR_X, XOR_Y, XOR_Y, decimals=-1)),
        raises(TypeError, r"prediction_table decimals must be a whole number ≥ 0, got '3'",
               lambda: viz1.prediction_table(XOR_X, XOR_Y, XOR_Y, decimals="3")),
    ],
    "two_layer_explorer": [
        raises(TypeError, r"x must be an array of numbers",
               lambda: viz1.two_layer_explorer(STRINGS, XOR_Y)),
        raises(ValueError, r"two_layer_explorer hidden must be in \[1, 10\] \(its slider's"
                           r" range\), got 20", lambda: viz1.two_layer_explorer(XOR_X, XOR_Y,
                                                                               hidden=20)),
        raises(ValueError, r"two_layer_explorer learning_rate must be in \[0.01, 10\]",
               lambda: viz1.two_layer_explorer(XOR_X, XOR_Y, learning_rate=100)),
        raises(ValueError, r"two_layer_explorer iterations must be in \[0, 5000\]",
               lambda: viz1.two_layer_explorer(XOR_X, XOR_Y, iterations=-1)),
        raises(ValueError, r"two_layer_explorer seed must be in \[0, 20\]",
               lambda: viz1.two_layer_explorer(XOR_X, XOR_Y, seed=99)),
    ],
    "play": [
        raises(TypeError, r"play expected anim, a matplotlib animation, got 5",
               lambda: viz1.play(5)),
    ],
    "snapshot_iterations": [
        raises(ValueError, r"iterations must be a whole number ≥ 0, got -1",
               lambda: viz1.snapshot_iterations(-1, 10)),
        raises(ValueError, r"frames must be a positive integer, got 0",
               lambda: viz1.snapshot_iterations(100, 0)),
        raises(TypeError, r"iterations must be a whole number ≥ 0, got '100'",
               lambda: viz1.snapshot_iterations("100", 10)),
    ],
    "watch_it_learn": [
        raises(TypeError, r"x must be an array of numbers",
               lambda: viz1.watch_it_learn(STRINGS, XOR_Y)),
        raises(ValueError, r"iterations must be a whole number ≥ 0, got -1",
               lambda: viz1.watch_it_learn(XOR_X, XOR_Y, iterations=-1)),
        raises(ValueError, r"frames must be a positive integer, got 0",
               lambda: viz1.watch_it_learn(XOR_X, XOR_Y, frames=0)),
    ],
})

cases("nnbook.viz.ch2", {
    "graph_layout": [
        raises(TypeError, r"graph_layout expected graph, a nnbook.graph.Graph, got 5",
               lambda: viz2.graph_layout(5)),
    ],
    "graph_figsize": [
        raises(TypeError, r"graph_figsize expected graph, a nnbook.graph.Graph, got None",
               lambda: viz2.graph_figsize(None)),
        raises(ValueError, r"graph_figsize scale must be in \(0, ∞\), got 0",
               lambda: viz2.graph_figsize(graph(), scale=0)),
        raises(ValueError, r"graph_figsize expected positions for every node, missing"
                           r" \['w', 'u', 'L'\]",
               lambda: viz2.graph_figsize(graph(), positions={"x": (0, 0)})),
    ],
    "draw_graph": [
        raises(TypeError, r"draw_graph expected graph, a nnbook.graph.Graph, got 'g'",
               lambda: viz2.draw_graph("g")),
        raises(ValueError, r"draw_graph expected positions for every node, missing",
               lambda: viz2.draw_graph(graph(), positions={"x": (0, 0)})),
        raises(TypeError, r"draw_graph expected values, a dict of name to number, or None,"
                          r" got 5", lambda: viz2.draw_graph(graph(), values=5)),
        raises(TypeError, r"draw_graph expected grads, a dict of name to number, or None,"
                          r" got \[1\]", lambda: viz2.draw_graph(graph(), grads=[1])),
    ],
    "plot_decision_boundary": [
        raises(TypeError, r"plot_decision_boundary expected predict, a function of points,"
                          r" got 5", lambda: viz2.plot_decision_boundary(5, TWO_D, LABELS01)),
        raises(ValueError, r"plot_decision_boundary expected X of shape \(N, 2\), got"
                           r" \(2, 3\)", lambda: viz2.plot_decision_boundary(fake_predict, X64,
                                                                            LABELS01)),
        raises(ValueError, r"plot_decision_boundary expected one label per point: 2 points,"
                           r" 1 labels",
               lambda: viz2.plot_decision_boundary(fake_predict, TWO_D, LABELS01[:1])),
        raises(ValueError, r"X holds 1 non-finite",
               lambda: viz2.plot_decision_boundary(fake_predict, nan_in(TWO_D), LABELS01)),
        raises(ValueError, r"resolution must be an integer ≥ 2, got 1",
               lambda: viz2.plot_decision_boundary(fake_predict, TWO_D, LABELS01,
                                                   resolution=1)),
        raises(ValueError, r"plot_decision_boundary expected predict to return one"
                           r" probability per point, \(22500, 1\) or \(22500,\), got \(3,\)",
               lambda: viz2.plot_decision_boundary(lambda p: np.zeros(3), TWO_D, LABELS01)),
    ],
    "graph_frames": [
        raises(TypeError, r"graph_frames expected graph, a nnbook.graph.Graph, got 5",
               lambda: viz2.graph_frames(5)),
        raises(ValueError, r"graph_frames expected a graph with at least one operation",
               lambda: viz2.graph_frames(Graph().input("x", 1.0))),
    ],
    "graph_animation": [
        raises(TypeError, r"graph_animation expected graph, a nnbook.graph.Graph, got 5",
               lambda: viz2.graph_animation(5)),
        raises(ValueError, r"graph_animation interval must be a positive integer, got 0",
               lambda: viz2.graph_animation(graph(), interval=0)),
    ],
    "graph_stepper": [
        raises(TypeError, r"graph_stepper expected graph, a nnbook.graph.Graph, got 5",
               lambda: viz2.graph_stepper(5)),
        raises(ValueError, r"graph_stepper limit must be in \(0, ∞\), got 0",
               lambda: viz2.graph_stepper(graph(), limit=0)),
    ],
})

cases("nnbook.viz.ch3", {
    "image_grid": [
        raises(ValueError, r"image_grid columns must be a positive integer, got 0",
               lambda: viz3.image_grid(DIGITS, [1, 2], columns=0)),
        raises(ValueError, r"image_grid expected one channel \(N, 1, H, W\), got \(2, 2, 5, 5\)",
               lambda: viz3.image_grid(np.zeros((2, 2, 5, 5)), [1, 2])),
        raises(ValueError, r"image_grid expected one label per image: 2 images, 1 labels",
               lambda: viz3.image_grid(DIGITS, [1])),
        raises(ValueError, r"images holds 1 non-finite", lambda: viz3.image_grid(nan_in(DIGITS),
                                                                                [1, 2])),
        raises(TypeError, r"images must be an array of numbers",
               lambda: viz3.image_grid("abc", [1])),
        raises(ValueError, r"image_grid ax_size must be in \(0, ∞\), got 0",
               lambda: viz3.image_grid(DIGITS, [1, 2], ax_size=0)),
    ],
    "plot_learning_curves": [
        raises(TypeError, r"plot_learning_curves expected history, a History or its dict,"
                          r" got 5", lambda: viz3.plot_learning_curves(5)),
        raises(ValueError, r"plot_learning_curves expected a History with 'loss', got keys"
                           r" \['acc'\]", lambda: viz3.plot_learning_curves({"acc": [1.0]})),
    ],
    "loss_curves_over_p": [
        raises(ValueError, r"loss_curves_over_p p must be in \(0, 1\], got 0",
               lambda: viz3.loss_curves_over_p(0)),
        raises(ValueError, r"loss_curves_over_p p must be in \(0, 1\], got 1.5",
               lambda: viz3.loss_curves_over_p(1.5)),
        raises(TypeError, r"loss_curves_over_p p must be a number, got 'a'",
               lambda: viz3.loss_curves_over_p("a")),
        raises(TypeError, r"loss_curves_over_p expected axes, a pair of matplotlib axes, got 5",
               lambda: viz3.loss_curves_over_p(axes=5)),
    ],
    "loss_explorer": [
        raises(ValueError, r"loss_explorer p must be in \[0.01, 0.99\] \(its slider's range\),"
                           r" got 0", lambda: viz3.loss_explorer(0)),
        raises(TypeError, r"loss_explorer p must be a number, got 'a'",
               lambda: viz3.loss_explorer("a")),
    ],
})


def cnn():
    return Sequential([Conv2D(2, 3, input_shape=(1, 5, 5), seed=0), Tanh(), Flatten(),
                       Dense(2, seed=1), Softmax()])


cases("nnbook.viz.ch4", {
    "plot_filters": [
        raises(ValueError, r"plot_filters expected a kernel \(F, C, kh, kw\), got shape"
                           r" \(3, 3\)", lambda: viz4.plot_filters(np.zeros((3, 3)))),
        raises(ValueError, r"plot_filters columns must be a positive integer, got 0",
               lambda: viz4.plot_filters(KERNEL, columns=0)),
        raises(ValueError, r"plot_filters expected at least one filter, got shape"
                           r" \(0, 1, 3, 3\)", lambda: viz4.plot_filters(np.zeros((0, 1, 3, 3)))),
        raises(ValueError, r"W holds 1 non-finite", lambda: viz4.plot_filters(nan_in(KERNEL))),
    ],
    "plot_feature_maps": [
        raises(ValueError, r"plot_feature_maps expected one name per layer: 1 layers, 0 names",
               lambda: viz4.plot_feature_maps([IMAGES[0]], [])),
        raises(ValueError, r"plot_feature_maps expected maps of one image \(C, H, W\), got"
                           r" shape \(5, 5\) for 'a'",
               lambda: viz4.plot_feature_maps([np.zeros((5, 5))], ["a"])),
        raises(TypeError, r"plot_feature_maps expected maps, a list of arrays \(C, H, W\),"
                          r" .*got 5 and \['a'\]", lambda: viz4.plot_feature_maps(5, ["a"])),
    ],
    "plot_confusion_matrix": [
        raises(ValueError, r"plot_confusion_matrix expected a square matrix of counts"
                           r" \(classes, classes\), got shape \(3,\)",
               lambda: viz4.plot_confusion_matrix(np.zeros(3))),
        raises(ValueError, r"got shape \(2, 3\)",
               lambda: viz4.plot_confusion_matrix(np.zeros((2, 3)))),
        raises(TypeError, r"cm must be an array of numbers",
               lambda: viz4.plot_confusion_matrix([["a"]])),
    ],
    "plot_optimizer_paths": [
        raises(TypeError, r"plot_optimizer_paths expected loss, a function loss\(w1, w2\),"
                          r" got 5", lambda: viz4.plot_optimizer_paths(5, {})),
        raises(TypeError, r"plot_optimizer_paths expected paths, a dict of name to path, got"
                          r" list", lambda: viz4.plot_optimizer_paths(np.add, [])),
        raises(ValueError, r"plot_optimizer_paths expected path 'plain' of shape \(steps,"
                           r" 2\), got \(3, 3\)",
               lambda: viz4.plot_optimizer_paths(np.add, {"plain": np.zeros((3, 3))})),
    ],
    "plot_probabilities": [
        raises(ValueError, r"plot_probabilities expected at least one probability",
               lambda: viz4.plot_probabilities([])),
        raises(ValueError, r"probabilities holds 1 non-finite",
               lambda: viz4.plot_probabilities([0.5, np.nan])),
        raises(TypeError, r"probabilities must be an array of numbers",
               lambda: viz4.plot_probabilities("abc")),
    ],
    "layer_outputs": [
        raises(TypeError, r"layer_outputs expected model, a Sequential, got 5",
               lambda: viz4.layer_outputs(5, IMAGES[0])),
        raises(TypeError, r"image must be an array of numbers",
               lambda: viz4.layer_outputs(cnn(), "abc")),
    ],
    "feature_map_explorer": [
        raises(ValueError, r"feature_map_explorer expected layers to map names to indexes of"
                           r" model.layers \(0 to 4\), got 'c': 9",
               lambda: viz4.feature_map_explorer(cnn(), DIGITS, [1, 2], {"c": 9})),
        raises(ValueError, r"feature_map_explorer index must be in \[0, 1\], got 5",
               lambda: viz4.feature_map_explorer(cnn(), DIGITS, [1, 2], {"c": 0}, index=5)),
        raises(ValueError, r"feature_map_explorer layer must be in \[0, 0\], got 3",
               lambda: viz4.feature_map_explorer(cnn(), DIGITS, [1, 2], {"c": 0}, layer=3)),
        raises(ValueError, r"feature_map_explorer expected one label per image: 2 in images,"
                           r" 1 in labels", lambda: viz4.feature_map_explorer(cnn(), DIGITS, [1],
                                                                          {"c": 0})),
    ],
    "probability_explorer": [
        raises(ValueError, r"probability_explorer index must be in \[0, 1\], got -1",
               lambda: viz4.probability_explorer(cnn(), DIGITS, [1, 2], index=-1)),
        raises(ValueError, r"probability_explorer expected one label per image: 2 in images,"
                           r" 3 in labels", lambda: viz4.probability_explorer(cnn(), DIGITS,
                                                                          [1, 2, 3])),
    ],
})


HISTORY = {"loss": [1.0, 0.5], "accuracy": [0.5, 0.8], "val_accuracy": [0.4, 0.7]}

cases("nnbook.viz.ch5", {
    "image_row": [
        raises(ValueError, r"image_row expected one-channel images \(N, 1, H, W\) and one"
                           r" title each, got shape \(2, 1, 5, 5\) and 1 titles",
               lambda: viz5.image_row(DIGITS, ["a"])),
        raises(ValueError, r"images holds 1 non-finite",
               lambda: viz5.image_row(nan_in(DIGITS), ["a", "b"])),
        raises(ValueError, r"image_row ax_size must be in \(0, ∞\), got 0",
               lambda: viz5.image_row(DIGITS, ["a", "b"], ax_size=0)),
        raises(TypeError, r"image_row symmetric must be True or False, got 'yes'",
               lambda: viz5.image_row(DIGITS, ["a", "b"], symmetric="yes")),
    ],
    "transform_gallery": [
        raises(TypeError, r"transform_gallery expected datagen, an ImageDataGenerator, got 5",
               lambda: viz5.transform_gallery(5, ONE)),
        raises(ValueError, r"apply_transform expects one image \(C, H, W\)",
               lambda: viz5.transform_gallery(ImageDataGenerator(), DIGITS)),
        raises(TypeError, r"transform_gallery angle must be a number, got 'a'",
               lambda: viz5.transform_gallery(ImageDataGenerator(), ONE, angle="a")),
    ],
    "plot_runs": [
        raises(TypeError, r"plot_runs expected histories, a dict of name to a fit's history,"
                          r" got list", lambda: viz5.plot_runs([HISTORY])),
        raises(ValueError, r"plot_runs expected the history of 'none' to hold 'accuracy' and"
                           r" 'val_accuracy', got keys \['loss'\]",
               lambda: viz5.plot_runs({"none": {"loss": [1.0]}})),
    ],
    "plot_race": [
        raises(TypeError, r"plot_race expected histories, a dict of name to a fit's history,"
                          r" got int", lambda: viz5.plot_race(5)),
        raises(ValueError, r"plot_race expected the history of 'adam' to hold 'loss', got keys"
                           r" \['acc'\]", lambda: viz5.plot_race({"adam": {"acc": [1.0]}})),
    ],
    "augment_explorer": [
        raises(TypeError, r"augment_explorer expected datagen, an ImageDataGenerator, got None",
               lambda: viz5.augment_explorer(None, ONE)),
        raises(ValueError, r"augment_explorer expected image, one image \(C, H, W\), got"
                           r" shape \(5, 5\)",
               lambda: viz5.augment_explorer(ImageDataGenerator(), ONE[0])),
    ],
})


XS = np.linspace(-1, 1, 5)
STAGE = (0, np.zeros(10), np.full(5, 0.5))

cases("nnbook.viz.ch6", {
    "density_stage": [
        raises(TypeError, r"density_stage expected ax, matplotlib axes, got None",
               lambda: viz6.density_stage(None, XS, XS, np.zeros(3), XS)),
        raises(ValueError, r"density_stage expected xs, at least two points, and p_data, one"
                           r" density per point, got shapes \(5,\) and \(4,\)",
               lambda: viz6.density_stage(plt.gca(), XS, XS[:4], np.zeros(3), XS)),
        raises(ValueError, r"density_stage expected d_values, D's output at each of xs",
               lambda: viz6.density_stage(plt.gca(), XS, XS, np.zeros(3), XS[:2])),
        raises(ValueError, r"fake_samples holds 1 non-finite",
               lambda: viz6.density_stage(plt.gca(), XS, XS, [np.nan], XS)),
        raises(ValueError, r"density_stage bins must be a positive integer, got 0",
               lambda: viz6.density_stage(plt.gca(), XS, XS, np.zeros(3), XS, bins=0)),
    ],
    "plot_stages": [
        raises(ValueError, r"plot_stages expected stages, a list of \(step, fake_samples,"
                           r" d_values\)", lambda: viz6.plot_stages([], XS, XS)),
        raises(ValueError, r"plot_stages expected xs, at least two points",
               lambda: viz6.plot_stages([STAGE], XS[:1], XS[:1])),
    ],
    "gan_animation": [
        raises(ValueError, r"gan_animation expected stages, a list of \(step, fake_samples,"
                           r" d_values\)", lambda: viz6.gan_animation([(0, XS)], XS, XS)),
        raises(ValueError, r"gan_animation expected d_values, D's output at each of xs",
               lambda: viz6.gan_animation([(0, XS, XS[:3])], XS, XS)),
        raises(ValueError, r"gan_animation interval must be a positive integer, got 0",
               lambda: viz6.gan_animation([STAGE], XS, XS, interval=0)),
    ],
    "plot_ring": [
        raises(ValueError, r"plot_ring expected fake, points \(N, 2\), got shape \(5,\)",
               lambda: viz6.plot_ring(TWO_D, XS, TWO_D)),
        raises(ValueError, r"real holds 1 non-finite",
               lambda: viz6.plot_ring(nan_in(TWO_D), TWO_D, TWO_D)),
    ],
    "gan_stepper": [
        raises(TypeError, r"gan_stepper expected step_once, a function, got None",
               lambda: viz6.gan_stepper(None, lambda ax: None)),
        raises(TypeError, r"gan_stepper expected draw_state, a function, got 5",
               lambda: viz6.gan_stepper(lambda: None, 5)),
        raises(TypeError, r"gan_stepper expected label, a str, got 3",
               lambda: viz6.gan_stepper(lambda: None, lambda ax: None, 3)),
    ],
})


# --- what takes no user input ----------------------------------------------------------------

NO_ARGUMENT = "takes no argument"
ABSTRACT = "abstract: a subclass writes it, and its cases are the subclass's"
SPEED = "internal speed routine; its callers check their input"
MIXIN = "a mixin of Sequential: its methods are swept, on a Sequential"
MACHINERY = "the figures' machinery, called by nnbook's figures with their own values"
STATE = "a subclass's helper, for a param that update has checked"
RULE = "the rule update applies once it has checked every pair: call update([(param, grad)])"

EXEMPT = {
    "nnbook.envcheck.EnvironmentReport": "made by check_environment from what it found; not called by users",
    "nnbook.fast.trust.checked_at_the_door": "a context manager with no arguments",
    "nnbook.fast.trust.active": "takes no arguments",
    "nnbook.fast.backprop.backward": "internal speed routine; its callers check their input",
    "nnbook.gan_checks.probabilities": "GAN's own check; the loss functions' cases cover it",
    "nnbook.gan_checks.check_models": "GAN's own check; the GAN cases cover it",
    "nnbook.gan_checks.prepared": "GAN's own check; the GAN.fit cases cover it",
    "nnbook.gan_checks.check_step": "GAN's own check; the GAN.train_step cases cover it",
    "nnbook.checks.NonFiniteError": "an exception class: the checks raise it",
    "nnbook.data.Dataset": "a named tuple (x, y): a plain container, nothing to check",
    "nnbook.data.Split": "a named tuple (train, test): a plain container, nothing to check",
    "nnbook.image_folder.ImageFolder": "a named tuple (x, y, class_names): a plain container",
    "nnbook.download.DownloadError": "an exception class",
    "nnbook.exercises.core.Verdict": "what a self-check returns: a flag and a message",
    "nnbook.gradcheck.GradCheckResult": "a dict of results that check_layer and check_loss fill",
    "nnbook.graph.Node": "a record that Graph.input and Graph.op make (and check)",
    "nnbook.graph.Graph": NO_ARGUMENT,
    "nnbook.history.History": NO_ARGUMENT,
    "nnbook.history.History.record": "fit fills the history; not an entry point for user data",
    "nnbook.layers.activation.Sigmoid": NO_ARGUMENT,
    "nnbook.layers.activation.Tanh": NO_ARGUMENT,
    "nnbook.layers.activation.ReLU": NO_ARGUMENT,
    "nnbook.layers.activation.Softmax": NO_ARGUMENT,
    "nnbook.layers.reshape.Flatten": NO_ARGUMENT,
    "nnbook.layers.base.Layer.forward": ABSTRACT,
    "nnbook.layers.base.Layer.backward": ABSTRACT,
    "nnbook.layers.base.RandomLayer.draw": ABSTRACT,
    "nnbook.layers.base.RandomLayer.noise": "a random layer's forward asks it for its batch's"
                                            " noise; not an entry point for user data",
    "nnbook.layers.dropout.Dropout.draw": "RandomLayer.noise calls it with the layer's"
                                          " generator and the batch's shape",
    "nnbook.layers.dense.weight_settings": "a repr helper of Dense and Conv2D",
    "nnbook.losses.base.Loss": NO_ARGUMENT,
    "nnbook.losses.base.SSE": NO_ARGUMENT,
    "nnbook.losses.base.MSE": NO_ARGUMENT,
    "nnbook.optimizers.base.Optimizer": NO_ARGUMENT,
    "nnbook.optimizers.base.Optimizer.update_param": ABSTRACT,
    "nnbook.optimizers.base.Optimizer.state": STATE,
    "nnbook.optimizers.base.Optimizer.state_array": STATE,
    **{f"nnbook.optimizers.{name}.update_param": RULE for name in (
        "sgd.SGD", "adaptive.Adagrad", "adaptive.Adadelta", "adaptive.RMSprop", "adaptive.Adam")},
    "nnbook.source.show_source": "shows nnbook's own code; inspect refuses anything else",
    "nnbook.summary.Summary": MIXIN,
    "nnbook.training.Training": MIXIN,
    "nnbook.viz.style.axes_or_new": MACHINERY,
    "nnbook.viz.style.fit_width": MACHINERY,
    "nnbook.viz.style.new_figure": MACHINERY,
    "nnbook.viz.style.use_book_style": MACHINERY,
    "nnbook.viz.fonts.cjk_fonts": NO_ARGUMENT,
    "nnbook.viz.style.number": MACHINERY,
    "nnbook.viz.ch6.plot_saturation": NO_ARGUMENT,
    **{name: SPEED for name in (
        "nnbook.fast.blas.single_blas_thread",
        "nnbook.fast.conv.im2col_flat", "nnbook.fast.conv.col2im_flat",
        "nnbook.fast.conv.conv2d_forward", "nnbook.fast.conv.conv2d_backward",
        "nnbook.fast.pool.max_pool_forward", "nnbook.fast.pool.max_pool_backward",
        "nnbook.fast.split.leaves", "nnbook.fast.split.worth_splitting",
        "nnbook.fast.split.pieces", "nnbook.fast.split.twin", "nnbook.fast.split.train_step",
        "nnbook.fast.work.work_array", "nnbook.fast.work.release", "nnbook.fast.work.nbytes",
    )},
}


# --- the tests ---------------------------------------------------------------------------------

API = public_api()


def test_every_public_name_has_cases_or_a_reason():
    missing = sorted(API - set(CASES) - set(EXEMPT))
    assert not missing, (f"public names with no bad-input cases in tests/test_bad_input.py"
                         f" (add cases to CASES, or a reason to EXEMPT): {missing}")


def test_no_case_or_exemption_is_stale():
    stale = sorted((set(CASES) | set(EXEMPT)) - API)
    both = sorted(set(CASES) & set(EXEMPT))
    empty = sorted(name for name, bad_calls in CASES.items() if not bad_calls)
    assert not stale and not both and not empty, (
        f"not public names of nnbook: {stale}; both cased and exempt: {both}; no cases: {empty}")


def test_the_sweep_is_wide():
    assert len(API) > 150 and len(PARAMS) > 500


def _state(obj, seen=None):
    """What ``obj`` holds, as plain comparable values; forward's caches left out."""
    seen = set() if seen is None else seen
    if isinstance(obj, np.ndarray):
        return ("array", obj.dtype.str, obj.shape, obj.tobytes())
    if isinstance(obj, Path):
        return ("path", obj.exists(), sorted(str(p) for p in obj.rglob("*")) if obj.is_dir()
                else None)
    if isinstance(obj, np.random.Generator):
        return ("rng", repr(obj.bit_generator.state))
    if isinstance(obj, np.random.SeedSequence):
        return ("seeds", obj.entropy, obj.spawn_key, obj.n_children_spawned)
    if isinstance(obj, (float, np.floating)):
        return ("float", repr(obj))
    if obj is None or isinstance(obj, (str, bytes, int, np.integer, np.bool_, np.dtype, type)):
        return obj
    if isinstance(obj, dict):
        return ("dict", [(_state(k, seen), _state(v, seen)) for k, v in obj.items()])
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [_state(v, seen) for v in obj])
    if id(obj) in seen:
        return ("seen", id(obj))
    seen.add(id(obj))
    if type(obj).__module__.startswith("nnbook") and hasattr(obj, "__dict__"):
        return (type(obj).__name__, _state({k: v for k, v in vars(obj).items()
                                            if k not in CACHES}, seen))
    return ("object", type(obj).__name__, id(obj))


CACHES = frozenset({"x", "output", "x_shape", "shape", "keep", "_cache", "_work", "y_pred",
                    "y_true", "_output_shapes", "layer1"})
"""What forward keeps for backward (and a model's memo of output shapes): scratch, not state."""

PARAMS = [pytest.param(name, k, bad, id=f"{name}-{k}")
          for name, bad_calls in sorted(CASES.items()) for k, bad in enumerate(bad_calls)]


@pytest.fixture(autouse=True)
def _offline_and_tidy(tmp_path, monkeypatch):
    """No case may reach the network or the user's cache; figures are closed after each."""
    Tmp.path = tmp_path
    monkeypatch.setattr(data, "MIRRORS", ["http://127.0.0.1:9/"])
    monkeypatch.setenv("NNBOOK_DATA", str(tmp_path / "nnbook-data"))
    yield
    plt.close("all")


@pytest.mark.parametrize("name, k, bad", PARAMS)
def test_a_bad_call_is_refused_clearly(name, k, bad):
    target = bad.make() if bad.make is not None else None
    before = _state(target)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning on the way is no clear error
        try:
            result = bad.call(target) if bad.make is not None else bad.call()
        except Exception as error:
            assert bad.error not in ("verdict", "returns"), (
                f"{name} promises never to raise, but raised {type(error).__name__}: {error}")
            # Exactly the named type; NonFiniteError counts as the ValueError it is.
            assert type(error) is bad.error or (
                type(error) is NonFiniteError and bad.error is ValueError), (
                f"{name} raised {type(error).__name__} ({error}), not {bad.error.__name__}")
            assert re.search(bad.match, str(error)), (
                f"{name}'s message does not match {bad.match!r}: {error}")
        else:
            if bad.error == "verdict":
                verdict_ = result[1] if isinstance(result, tuple) else result
                assert isinstance(verdict_, core.Verdict) and not verdict_, (
                    f"{name} gave {result!r}, not a failing verdict")
                assert re.search(bad.match, verdict_.message), verdict_.message
            elif bad.error == "returns":
                assert isinstance(result, str), f"{name} returned {result!r}"
            else:
                pytest.fail(f"{name} accepted a bad call (expected {bad.error.__name__}"
                            f" matching {bad.match!r}) and returned {result!r:.200}")
    assert _state(target) == before, f"{name} changed its object's state before refusing"
