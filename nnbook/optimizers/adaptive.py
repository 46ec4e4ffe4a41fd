r"""Introduced in Chapter 5. Adaptive optimizers: a step size for every parameter.

SGD moves every weight by the same :math:`\eta` times its gradient, so a weight whose
gradient is always large jumps while one whose gradient is small hardly moves. The four
rules here divide each weight's step by a running root mean square (RMS) of its own
gradients, so that every weight moves about as far:

- Adagrad (Duchi et al. 2011): the root of the *sum* of all past :math:`g^2`;
- RMSprop (Tieleman and Hinton 2012): the root of a moving *average* of :math:`g^2`;
- Adadelta (Zeiler 2012): RMSprop's divisor, with the RMS of past steps on top;
- Adam (Kingma and Ba 2015): a moving average of :math:`g` over the RMS, bias-corrected.

Names, defaults and formulas follow today's Keras (Keras 3, ``keras/src/optimizers/``),
down to where the small :math:`\epsilon` sits: *inside* the root for Adagrad, Adadelta
and RMSprop, :math:`\sqrt{s + \epsilon}`, and *outside* it for Adam,
:math:`\sqrt{v} + \epsilon`. Older Keras put it elsewhere (Keras 2.3's Adagrad and
RMSprop added it outside the root); it matters only while the gradients are tiny.
Products and powers of arrays are element by element. Every state array is one per
parameter, in the parameter's shape and dtype, and starts at 0 (Adagrad's at
``initial_accumulator_value``).
"""

import math

import numpy as np

from nnbook.optimizers.base import Optimizer, _flag, _KerasDefault, _learning_rate, _setting

_ADADELTA_LEARNING_RATE = _KerasDefault(1.0)
_LEARNING_RATE = _KerasDefault(0.001)


class _Adaptive(Optimizer):
    """What the four share: the learning rate (or ``lr``), epsilon, a repr of the settings."""

    _settings = ()  # the names repr shows, in order

    def __init__(self, learning_rate, default, lr, epsilon):
        super().__init__()
        owner = type(self).__name__
        self.learning_rate, _ = _learning_rate(owner, learning_rate, default, lr)
        self.epsilon = _setting(owner, "epsilon", epsilon, "> 0")

    def _grad(self, param, grad):
        """``grad`` in ``param``'s dtype (as Keras casts it), so float32 stays float32."""
        return grad.astype(param.dtype, copy=False)

    def __repr__(self):
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._settings)
        return f"{type(self).__name__}({parts})"


class Adagrad(_Adaptive):
    r"""Adagrad: divide each step by the root of the sum of all past squared gradients.

    Each weight keeps an accumulator :math:`a` of its squared gradients:

    .. math::

        a_t = a_{t-1} + g_t^2, \qquad
        w_t = w_{t-1} - \eta \, \frac{g_t}{\sqrt{a_t + \epsilon}}

    starting from :math:`a_0` = ``initial_accumulator_value``. For a steady gradient g,
    :math:`a_t \approx t g^2` and the step is about :math:`\eta / \sqrt{t}`, whatever the
    size of g: a learning rate that decays by itself, faster for weights with large
    gradients. Since :math:`a` only grows, the steps only shrink, which RMSprop and
    Adadelta change.

    Reference: Duchi, Hazan and Singer 2011 (references.bib: ``duchi2011adaptive``).

    Parameters
    ----------
    learning_rate : float >= 0
        :math:`\eta`, 0.001 (Keras's default; Keras notes Adagrad likes larger ones).
    initial_accumulator_value : float >= 0
        :math:`a_0`, 0.1.
    epsilon : float > 0
        1e-7, inside the root as in Keras 3.
    lr : float, optional
        The 2016 Keras spelling of ``learning_rate``; give one of the two, not both.

    Explained in Chapter 5.
    """

    _settings = ("learning_rate", "initial_accumulator_value", "epsilon")

    def __init__(self, learning_rate=_LEARNING_RATE, initial_accumulator_value=0.1,
                 epsilon=1e-7, *, lr=None):
        super().__init__(learning_rate, _LEARNING_RATE, lr, epsilon)
        self.initial_accumulator_value = _setting(
            "Adagrad", "initial_accumulator_value", initial_accumulator_value, ">= 0")

    def update_param(self, param, grad):
        """One Adagrad step for ``param``, in place."""
        grad = self._grad(param, grad)
        accumulator = self.state_array(param, "accumulator", self.initial_accumulator_value)
        accumulator += grad * grad
        param -= self.learning_rate * grad / np.sqrt(accumulator + self.epsilon)


class Adadelta(_Adaptive):
    r"""Adadelta: RMSprop's step, in the units of the weights, with no learning rate to pick.

    With :math:`\mathrm{RMS}[x]_t = \sqrt{E[x^2]_t + \epsilon}` and moving averages
    :math:`E[x^2]_t = \rho E[x^2]_{t-1} + (1 - \rho) x_t^2`:

    .. math::

        \Delta_t = -\frac{\mathrm{RMS}[\Delta]_{t-1}}{\mathrm{RMS}[g]_t} \, g_t, \qquad
        w_t = w_{t-1} + \eta \, \Delta_t

    Zeiler's argument: :math:`g / \mathrm{RMS}[g]` has no units, but a step should have
    the units of :math:`w`, so multiply by the RMS of the recent steps (the last one not
    yet known: :math:`t - 1`). :math:`E[\Delta^2]` averages the steps :math:`\Delta`
    before :math:`\eta` scales them, as Keras does. The first step is small,
    :math:`\sqrt{\epsilon / (1 - \rho)}` against the sign of g, and they grow as the steps
    build up.

    Reference: Zeiler 2012 (references.bib: ``zeiler2012adadelta``).

    Parameters
    ----------
    learning_rate : float >= 0
        :math:`\eta`, **1.0 here**: Zeiler's algorithm has none (:math:`\eta = 1`), and 1.0
        was Keras 1's default, which the classic script used. Keras 3's default is 0.001:
        write ``Adadelta(learning_rate=0.001)`` for today's Keras.
    rho : float in [0, 1)
        :math:`\rho`, 0.95.
    epsilon : float > 0
        1e-7, inside both roots as in Keras 3 (Zeiler used 1e-6).
    lr : float, optional
        The 2016 Keras spelling of ``learning_rate``; give one of the two, not both.

    Explained in Chapter 5.
    """

    _settings = ("learning_rate", "rho", "epsilon")

    def __init__(self, learning_rate=_ADADELTA_LEARNING_RATE, rho=0.95, epsilon=1e-7, *,
                 lr=None):
        super().__init__(learning_rate, _ADADELTA_LEARNING_RATE, lr, epsilon)
        self.rho = _setting("Adadelta", "rho", rho, "in [0, 1)")

    def update_param(self, param, grad):
        """One Adadelta step for ``param``, in place."""
        grad = self._grad(param, grad)
        rho, epsilon = self.rho, self.epsilon
        mean_square_grad = self.state_array(param, "accumulated_grad")
        mean_square_delta = self.state_array(param, "accumulated_delta_var")
        mean_square_grad *= rho
        mean_square_grad += (1 - rho) * grad * grad
        delta = -np.sqrt(mean_square_delta + epsilon) / np.sqrt(mean_square_grad + epsilon)
        delta *= grad
        mean_square_delta *= rho
        mean_square_delta += (1 - rho) * delta * delta
        param += self.learning_rate * delta


class RMSprop(_Adaptive):
    r"""RMSprop: divide each step by the root of a moving average of squared gradients.

    .. math::

        v_t = \rho v_{t-1} + (1 - \rho) g_t^2, \qquad
        w_t = w_{t-1} - \eta \, \frac{g_t}{\sqrt{v_t + \epsilon}}

    :math:`v_t = (1 - \rho) \sum_k \rho^{t-k} g_k^2` weighs recent gradients most: it is
    about the mean of :math:`g^2` over the last :math:`1 / (1 - \rho)` updates (10 for
    :math:`\rho = 0.9`). So the step is about :math:`\eta \, g / \mathrm{RMS}(g)`, near
    :math:`\eta` for a steady gradient, and unlike Adagrad's it does not die away.

    Reference: Tieleman and Hinton 2012, lecture 6.5 of the Coursera course *Neural
    Networks for Machine Learning* (references.bib: ``tieleman2012rmsprop``).

    Keras's two options, both off by default:

    - ``momentum`` :math:`\mu > 0`: the step goes into a velocity,
      :math:`m_t = \mu m_{t-1} + \eta g_t / \sqrt{v_t + \epsilon}`, and
      :math:`w_t = w_{t-1} - m_t`;
    - ``centered=True``: divide by an estimate of the *variance* instead,
      :math:`\sqrt{v_t - \bar g_t^2 + \epsilon}` with
      :math:`\bar g_t = \rho \bar g_{t-1} + (1 - \rho) g_t` (:math:`v_t - \bar g_t^2`,
      never below 0 in exact arithmetic, is held at 0 against rounding).

    Parameters
    ----------
    learning_rate : float >= 0
        :math:`\eta`, 0.001.
    rho : float in [0, 1)
        :math:`\rho`, 0.9.
    momentum : float in [0, 1)
        :math:`\mu`, 0.0.
    epsilon : float > 0
        1e-7, inside the root as in Keras 3.
    centered : bool
        False.
    lr : float, optional
        The 2016 Keras spelling of ``learning_rate``; give one of the two, not both.

    Explained in Chapter 5.
    """

    def __init__(self, learning_rate=_LEARNING_RATE, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, *, lr=None):
        super().__init__(learning_rate, _LEARNING_RATE, lr, epsilon)
        self.rho = _setting("RMSprop", "rho", rho, "in [0, 1)")
        self.momentum = _setting("RMSprop", "momentum", momentum, "in [0, 1)")
        self.centered = _flag("RMSprop", "centered", centered)

    @property
    def _settings(self):
        return (("learning_rate", "rho") + (("momentum",) if self.momentum else ())
                + ("epsilon",) + (("centered",) if self.centered else ()))

    def update_param(self, param, grad):
        """One RMSprop step for ``param``, in place."""
        grad = self._grad(param, grad)
        rho = self.rho
        mean_square = self.state_array(param, "velocity")
        mean_square *= rho
        mean_square += (1 - rho) * grad * grad
        if self.centered:
            mean = self.state_array(param, "average_gradient")
            mean *= rho
            mean += (1 - rho) * grad
            variance = np.maximum(mean_square - mean * mean, 0)
            step = self.learning_rate * grad / np.sqrt(variance + self.epsilon)
        else:
            step = self.learning_rate * grad / np.sqrt(mean_square + self.epsilon)
        if self.momentum:
            velocity = self.state_array(param, "momentum")
            velocity *= self.momentum
            velocity += step
            step = velocity
        param -= step


class Adam(_Adaptive):
    r"""Adam: a moving average of the gradients over the root of one of their squares.

    Two moving averages, the first and second moments of :math:`g`, both starting at 0:

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2

    Starting at 0 pulls them toward 0 early on: for a steady g,
    :math:`m_t = (1 - \beta_1^t) g`. Dividing by :math:`1 - \beta^t` corrects that,
    :math:`\hat m_t = m_t / (1 - \beta_1^t)`, :math:`\hat v_t = v_t / (1 - \beta_2^t)`, and
    the step is :math:`\eta \hat m_t / (\sqrt{\hat v_t} + \epsilon)`. Keras (like the
    paper's Section 2) folds both corrections into the learning rate instead:

    .. math::

        \alpha_t = \eta \, \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}, \qquad
        w_t = w_{t-1} - \alpha_t \, \frac{m_t}{\sqrt{v_t} + \epsilon}

    the same step but for where :math:`\epsilon` sits: added to the *uncorrected*
    :math:`\sqrt{v_t}` (the paper's :math:`\hat\epsilon`). Here t = 1, 2, ... counts the
    updates including this one. The first step is :math:`\eta` against the sign of g,
    whatever its size.

    Reference: Kingma and Ba 2015 (references.bib: ``kingma2015adam``).

    Parameters
    ----------
    learning_rate : float >= 0
        :math:`\eta`, 0.001.
    beta_1, beta_2 : floats in [0, 1)
        0.9 and 0.999.
    epsilon : float > 0
        1e-7 (the paper: 1e-8), outside the root as in Keras.
    lr : float, optional
        The 2016 Keras spelling of ``learning_rate``; give one of the two, not both.

    Keras's ``amsgrad`` variant is not here.

    Explained in Chapter 5.
    """

    _settings = ("learning_rate", "beta_1", "beta_2", "epsilon")

    def __init__(self, learning_rate=_LEARNING_RATE, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 *, lr=None):
        super().__init__(learning_rate, _LEARNING_RATE, lr, epsilon)
        self.beta_1 = _setting("Adam", "beta_1", beta_1, "in [0, 1)")
        self.beta_2 = _setting("Adam", "beta_2", beta_2, "in [0, 1)")

    def update_param(self, param, grad):
        """One Adam step for ``param``, in place.

        Each of the three updates is built in ``work``, an array kept with the state, by
        numpy's in-place operations (``out=``, ``*=``): written as one expression, each
        would make two to four new arrays the size of ``param``, and for a GAN's large
        layers that cost a quarter of a training step (Chapter 6).
        """
        grad = self._grad(param, grad)
        t = self.iterations + 1  # this update's number, counting from 1
        alpha = self.learning_rate * math.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)
        m = self.state_array(param, "momentum")
        v = self.state_array(param, "velocity")
        work = self.state_array(param, "work")
        np.subtract(grad, m, out=work)  # m += (1 - beta_1) (g - m)
        work *= 1 - self.beta_1
        m += work
        np.multiply(grad, grad, out=work)  # v += (1 - beta_2) (g² - v)
        work -= v
        work *= 1 - self.beta_2
        v += work
        np.sqrt(v, out=work)  # param -= alpha m / (√v + epsilon)
        work += self.epsilon
        np.divide(m, work, out=work)
        work *= alpha
        param -= work
