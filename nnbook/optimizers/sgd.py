"""Introduced in Chapter 3. SGD: step against the gradient, with Keras's options.

Chapter 3 uses plain SGD; Chapter 4 turns on momentum, Nesterov momentum and
learning-rate decay, with Keras's formulas.
"""

import numpy as np

from nnbook.optimizers.base import (Optimizer, _flag, _KerasDefault, _learning_rate,
                                    _setting)

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
        # a learning_rate given beside lr is refused, even if it is 0.01
        self.learning_rate, _ = _learning_rate("SGD", learning_rate, _DEFAULT_LEARNING_RATE, lr)
        self.momentum = _setting("SGD", "momentum", momentum, "in [0, 1)")
        self.nesterov = _flag("SGD", "nesterov", nesterov)
        self.decay = _setting("SGD", "decay", decay, ">= 0")

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
