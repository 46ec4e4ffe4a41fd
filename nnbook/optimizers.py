"""Introduced in Chapter 3. Optimizers: how gradients become a step.

Backpropagation fills every layer's ``grads``; an optimizer turns them into a change of
its ``params``. At heart it is an update rule applied to ``(param, grad)`` pairs:

    optimizer.update([(W, dW), (b, db)])    change each param in place
    optimizer.step(layers)                  the same for every parameter of every layer
                                            whose ``trainable`` is True

The updates are in place: a layer keeps its arrays (so anyone holding ``params["W"]``
sees the new weights), and a float32 parameter stays float32. A layer with
``trainable = False`` is skipped, which is how Chapter 6 trains a generator through a
frozen discriminator.

An optimizer may keep state for each parameter (momentum's velocity), looked up by the
parameter array itself. So each model gets its own optimizer object: Chapter 6 trains
two models, each with its own. Chapter 3 uses plain SGD; Chapter 4 turns on momentum,
Nesterov momentum and learning-rate decay, with Keras's formulas.
"""

import math
import numbers

import numpy as np


def trainable_params_and_grads(layers):
    """The ``(param, grad)`` pairs of every layer with ``trainable = True``, in order.

    Explained in Chapter 3.
    """
    pairs = []
    for layer in layers:
        if layer.trainable:
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
        pairs = list(params_and_grads)
        for number, (param, grad) in enumerate(pairs, start=1):
            self._check_pair(param, grad, f"pair {number} of {len(pairs)}")
        for param, grad in pairs:
            self.update_param(param, grad)
        self.iterations += 1

    def _check_pair(self, param, grad, where):
        name = type(self).__name__
        for what, array in (("param", param), ("grad", grad)):
            if not isinstance(array, np.ndarray):
                raise TypeError(f"{name} expected (param, grad) pairs of numpy arrays, got a "
                                f"{type(array).__name__} as {what} ({where})")
        if not np.issubdtype(param.dtype, np.floating):
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


_DEFAULT_LEARNING_RATE = _KerasDefault(0.01)


class SGD(Optimizer):
    r"""Stochastic gradient descent, with Keras's momentum, Nesterov and decay options.

    At update t (t = 0, 1, 2, ... counts the updates made so far), with gradient g:

    .. math::

        \eta_t = \frac{\eta}{1 + \mathrm{decay} \cdot t}

    - plain (``momentum=0``): :math:`w \leftarrow w - \eta_t g`
    - momentum :math:`\mu`: :math:`v \leftarrow \mu v - \eta_t g`, then :math:`w \leftarrow w + v`
      (v starts at 0, one v per parameter)
    - Nesterov: the same v, then :math:`w \leftarrow w + \mu v - \eta_t g`

    Parameters
    ----------
    learning_rate : float
        :math:`\eta`, 0.01 by default (as Keras).
    momentum : float in [0, 1)
    nesterov : bool
    decay : float >= 0
        The per-update decay :math:`\eta / (1 + \mathrm{decay} \cdot t)` of Keras 1 and 2,
        the legacy form that lasted until tf.keras 2.11 rewrote its optimizers (which
        now take a learning-rate schedule instead); the classic script uses 1e-6.
    lr : float, optional
        The 2016 Keras spelling of ``learning_rate``: ``SGD(lr=0.01, decay=1e-6,
        momentum=0.9, nesterov=True)`` works as the classic script wrote it. Give one of
        the two, not both.

    Each setting must be a finite number (``nesterov`` True or False); anything else is
    refused with the setting's name.

    Explained in Chapter 3 (plain SGD) and Chapter 4 (momentum, Nesterov, decay).
    """

    def __init__(self, learning_rate=_DEFAULT_LEARNING_RATE, momentum=0.0, nesterov=False,
                 decay=0.0, *, lr=None):
        super().__init__()
        rate_name = "learning_rate"
        if lr is not None:
            if learning_rate is not _DEFAULT_LEARNING_RATE:  # given, even if 0.01
                raise ValueError(f"SGD got learning_rate={learning_rate!r} and lr={lr!r};"
                                 " give one (lr is the 2016 Keras name of learning_rate)")
            learning_rate, rate_name = lr, "lr"
        learning_rate = _number("SGD", rate_name, learning_rate)
        momentum = _number("SGD", "momentum", momentum)
        decay = _number("SGD", "decay", decay)
        if not isinstance(nesterov, (bool, np.bool_)):
            raise TypeError(f"SGD expected nesterov to be True or False, got {nesterov!r} "
                            f"({type(nesterov).__name__})")
        if not learning_rate >= 0:
            raise ValueError(f"SGD {rate_name} must be >= 0, got {learning_rate!r}")
        if not 0 <= momentum < 1:
            raise ValueError(f"SGD momentum must be in [0, 1), got {momentum!r}")
        if not decay >= 0:
            raise ValueError(f"SGD decay must be >= 0, got {decay!r}")
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.nesterov = bool(nesterov)
        self.decay = decay

    def current_learning_rate(self):
        """:math:`\\eta_t`, the learning rate the next update will use."""
        return self.learning_rate / (1.0 + self.decay * self.iterations)

    def update_param(self, param, grad):
        """One SGD step for ``param``, in place."""
        lr_t = self.current_learning_rate()
        if self.momentum == 0.0:
            param -= lr_t * grad
            return
        state = self.state(param)
        if "velocity" not in state:
            state["velocity"] = np.zeros_like(param)
        velocity = state["velocity"]
        velocity *= self.momentum
        velocity -= lr_t * grad
        if self.nesterov:
            param += self.momentum * velocity - lr_t * grad
        else:
            param += velocity

    def __repr__(self):
        parts = [f"learning_rate={self.learning_rate!r}"]
        if self.momentum:
            parts.append(f"momentum={self.momentum!r}")
        if self.nesterov:
            parts.append("nesterov=True")
        if self.decay:
            parts.append(f"decay={self.decay!r}")
        return f"SGD({', '.join(parts)})"


OPTIMIZERS = {"sgd": SGD}
"""Optimizer classes by their Keras names, for ``get_optimizer``; Chapter 5 adds
``"adagrad"`` and ``"adadelta"``. Explained in Chapter 3."""


def get_optimizer(optimizer):
    """Return an optimizer: a name in ``OPTIMIZERS`` makes a new one with Keras's defaults;
    an ``Optimizer`` is returned as is.

    ``Sequential.compile(optimizer="sgd", ...)`` calls this. Unknown names are refused with
    the list of known ones. Explained in Chapter 3.
    """
    if isinstance(optimizer, Optimizer):
        return optimizer
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        raise TypeError(f"expected an optimizer name or an Optimizer object, got the class "
                        f"{optimizer.__name__}; make one: {optimizer.__name__}()")
    if not isinstance(optimizer, str):
        raise TypeError(f"expected an optimizer name or an Optimizer object, got {optimizer!r} "
                        f"({type(optimizer).__name__}); known names: {', '.join(OPTIMIZERS)}")
    if optimizer.lower() not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; known: {', '.join(OPTIMIZERS)}")
    return OPTIMIZERS[optimizer.lower()]()
