"""Introduced in Chapter 6. A backward pass that computes only what the step will use.

``model.backward(grad)`` computes everything: every layer's parameter gradients and
∂L/∂input. A GAN's step needs less. When the discriminator learns, nobody uses ∂L/∂x for
its input images; when the generator learns through a frozen discriminator, nobody uses
the discriminator's weight gradients. Each is a matrix product as large as a forward
pass, so skipping them saves about a fifth of a digits GAN's step. ``backward`` here is
``model.backward`` with those two products left out where a layer can leave them out
(``Dense.backward``'s ``input_grad`` and ``param_grads``); a layer that cannot computes
everything, as before. What it does compute is what ``model.backward`` computes.
"""

import inspect

from nnbook.fast.split import leaves

_options = {}  # a layer class -> the names among input_grad, param_grads its backward takes


def backward(model, grad, input_grad=True, param_grads=True):
    """``model.backward(grad)`` computing only what is asked for.

    Walks ``model``'s leaf layers in reverse, as ``Sequential.backward`` does.
    ``input_grad=False``: stop at the first layer with parameters, ask it (if it can
    listen) not to compute its ∂L/∂x, and return None. ``param_grads=False``: ask every
    layer that can listen to leave its ``grads`` as they were; return ∂L/∂input.
    Explained in Chapter 6.
    """
    layers = leaves(model)
    if not input_grad:  # the layers below the first with parameters have nothing to fill
        first = next((k for k, layer in enumerate(layers) if layer.params), len(layers))
        layers = layers[first:]
    for k in range(len(layers) - 1, -1, -1):
        layer, options = layers[k], {}
        if not param_grads and "param_grads" in _takes(layer):
            options["param_grads"] = False
        if not input_grad and k == 0 and "input_grad" in _takes(layer):
            options["input_grad"] = False
        grad = layer.backward(grad, **options)
    return grad if input_grad else None


def _takes(layer):
    """Which of ``input_grad`` and ``param_grads`` ``layer.backward`` accepts (kept per class)."""
    cls = type(layer)
    if cls not in _options:
        names = inspect.signature(cls.backward).parameters
        _options[cls] = {name for name in ("input_grad", "param_grads") if name in names}
    return _options[cls]
