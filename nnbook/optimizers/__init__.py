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
Nesterov momentum and learning-rate decay, with Keras's formulas. Chapter 5 adds the
optimizers that adapt the step of each parameter to the size of its past gradients:
Adagrad, Adadelta, RMSprop and Adam.

The rooms: ``base`` (the ``Optimizer`` every rule builds on), ``sgd`` (Chapters 3 and 4)
and ``adaptive`` (Chapter 5). Everything is importable from here, as
``from nnbook.optimizers import SGD, Adam``.
"""

from nnbook.optimizers.adaptive import Adadelta, Adagrad, Adam, RMSprop
from nnbook.optimizers.base import Optimizer, trainable_params_and_grads
from nnbook.optimizers.sgd import SGD

__all__ = ["OPTIMIZERS", "SGD", "Adadelta", "Adagrad", "Adam", "Optimizer", "RMSprop",
           "get_optimizer", "trainable_params_and_grads"]

OPTIMIZERS = {"sgd": SGD, "adagrad": Adagrad, "adadelta": Adadelta, "rmsprop": RMSprop,
              "adam": Adam}
"""Optimizer classes by their Keras names, for ``get_optimizer`` (which ignores case, so
``"RMSprop"`` works too); Chapter 5 adds all but ``"sgd"``. Explained in Chapter 3."""


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
