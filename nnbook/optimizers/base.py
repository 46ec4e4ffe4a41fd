"""Introduced in Chapter 3. The base of every optimizer: the loop over pairs, state, settings.

``Optimizer.update(pairs)`` checks every ``(param, grad)`` pair, then hands each to the one
method a subclass writes, ``update_param(param, grad)``, and counts the update. State kept
for a parameter (momentum's velocity, Adam's moments) is looked up by the parameter array
itself. The helpers at the end check an optimizer's settings, so that every optimizer
words its errors the same way.
"""

import math
import numbers

import numpy as np


def trainable_params_and_grads(layers):
    """The ``(param, grad)`` pairs of every layer with ``trainable = True``, in order.

    Explained in Chapter 3.
    """
    if not isinstance(layers, (list, tuple)):
        raise TypeError(f"trainable_params_and_grads expected layers, a list of layers, got"
                        f" {layers!r}")
    pairs = []
    for layer in layers:
        if not all(hasattr(layer, name) for name in ("params", "grads", "trainable")):
            raise TypeError(f"trainable_params_and_grads expected layers (with params, grads"
                            f" and trainable), got {layer!r}")
        if layer.trainable:
            if any(name not in layer.grads for name in layer.params):
                raise ValueError(f"{layer!r} has params {sorted(layer.params)} but grads"
                                 f" {sorted(layer.grads)}: run its backward first")
            pairs.extend((layer.params[name], layer.grads[name]) for name in layer.params)
    return pairs


class Optimizer:
    """The base of every optimizer: the loop over pairs, the step count, per-parameter state.

    A subclass writes one method, ``update_param(param, grad)``, which changes ``param``
    in place.

    Attributes
    ----------
    iterations : int
        How many updates have been made: Keras's ``iterations``, the t of decay formulas.

    Explained in Chapter 3.
    """

    def __init__(self):
        self.iterations = 0
        self._state = {}  # id(param) -> (param, {name: array}); keeping param pins its id

    def update(self, params_and_grads):
        """Apply the update rule to each ``(param, grad)`` pair, then count one iteration.

        Every pair is checked before any is applied: each param a float array (it is changed
        in place), each grad an array of its shape holding no NaN or inf (a step along it
        would spoil the parameter for good).
        """
        name = type(self).__name__
        if isinstance(params_and_grads, (str, bytes, np.ndarray)) or not hasattr(
                params_and_grads, "__iter__"):
            raise TypeError(f"{name}.update expected params_and_grads, a list of (param, grad)"
                            f" pairs, got {params_and_grads!r}")
        pairs = list(params_and_grads)
        for number, pair in enumerate(pairs, start=1):
            where = f"pair {number} of {len(pairs)}"
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                got = (f"a {type(pair).__name__} of {len(pair)}"
                       if isinstance(pair, (tuple, list)) else repr(pair))
                raise TypeError(f"{name} expected (param, grad) pairs, got {got} ({where})")
            self._check_pair(*pair, where)
        for param, grad in pairs:
            self.update_param(param, grad)
        self.iterations += 1

    def _check_pair(self, param, grad, where):
        name = type(self).__name__
        for what, array in (("param", param), ("grad", grad)):
            if not isinstance(array, np.ndarray):
                raise TypeError(f"{name} expected (param, grad) pairs of numpy arrays, got a "
                                f"{type(array).__name__} as {what} ({where})")
        if param.dtype.kind != "f":
            raise TypeError(f"{name} expected float parameters, as they are updated in place, "
                            f"got {param.dtype} for the parameter of shape {param.shape} "
                            f"({where}); make it with np.array(..., dtype=float)")
        if grad.shape != param.shape:
            raise ValueError(
                f"{name} expected a gradient of the parameter's shape"
                f" {param.shape}, got {grad.shape} ({where})")
        if not np.isfinite(grad).all():
            raise ValueError(
                f"{name} got a gradient with NaN or inf for the parameter of shape "
                f"{param.shape} ({where}), at iteration {self.iterations}; nothing was "
                f"updated. The forward pass overflowed somewhere: try a smaller learning rate.")

    def step(self, layers):
        """Update the parameters of every trainable layer in ``layers`` from its ``grads``."""
        self.update(trainable_params_and_grads(layers))

    def update_param(self, param, grad):
        """Change one ``param`` in place, given its ``grad``."""
        raise NotImplementedError

    def state(self, param):
        """This optimizer's dict of state arrays for ``param`` (empty the first time)."""
        return self._state.setdefault(id(param), (param, {}))[1]

    def state_array(self, param, name, initial=0.0):
        """The state array ``name`` of ``param``: made the first time, filled with
        ``initial``, in the shape and dtype of ``param`` (a float32 parameter gets float32
        state). Explained in Chapter 5."""
        state = self.state(param)
        if name not in state:
            state[name] = np.full_like(param, initial)
        return state[name]

    def __repr__(self):
        return f"{type(self).__name__}()"


def _number(owner, name, value):
    """``value`` as a float, or a clear error: bools, strings and NaN or inf are refused."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        hint = ""
        if isinstance(value, str):
            try:
                hint = f"; write {name}={float(value)!r} without quotes"
            except ValueError:
                pass
        raise TypeError(f"{owner} expected {name}, a number, got {value!r} "
                        f"({type(value).__name__}){hint}")
    if not math.isfinite(value):
        raise ValueError(f"{owner} expected {name}, a finite number, got {value!r}")
    return float(value)


class _KerasDefault(float):
    """A float that can be told apart from the same number given explicitly (by ``is``)."""




def _learning_rate(owner, learning_rate, default, lr):
    """``(value, name)`` of the learning rate given as ``learning_rate`` or as ``lr``.

    ``default`` is the class's ``_KerasDefault``: ``learning_rate is default`` means it was
    not given, so any ``learning_rate`` beside ``lr`` is refused, even one equal to it.
    """
    name = "learning_rate"
    if lr is not None:
        if learning_rate is not default:
            raise ValueError(f"{owner} got learning_rate={learning_rate!r} and lr={lr!r};"
                             " give one (lr is the 2016 Keras name of learning_rate)")
        learning_rate, name = lr, "lr"
    learning_rate = _number(owner, name, learning_rate)
    if not learning_rate >= 0:
        raise ValueError(f"{owner} {name} must be >= 0, got {learning_rate!r}")
    return learning_rate, name


_RULES = {
    ">= 0": lambda value: value >= 0,
    "> 0": lambda value: value > 0,
    "in [0, 1)": lambda value: 0 <= value < 1,
}


def _setting(owner, name, value, rule):
    """``value`` as a float obeying ``rule`` (a key of ``_RULES``), or a clear error."""
    value = _number(owner, name, value)
    if not _RULES[rule](value):
        raise ValueError(f"{owner} {name} must be {rule}, got {value!r}")
    return value


def _flag(owner, name, value):
    """``value`` as a bool; anything but True or False (numpy's too) is refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner} expected {name} to be True or False, got {value!r} "
                        f"({type(value).__name__})")
    return bool(value)
