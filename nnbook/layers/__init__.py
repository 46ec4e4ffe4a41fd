"""Introduced in Chapter 2. Layers: the network as a chain of small, separate pieces.

Chapter 1 wrote a whole network in one class. Backpropagation is the chain rule, and the
chain rule lets us cut the network into links that each know only their own derivative.
Every layer does the same two things (see ``Layer``):

    forward(x, training=False)   computes the output from the input x and keeps what
                                 backward needs
    backward(grad_out)           receives ∂L/∂output, fills ``grads`` with ∂L/∂param for
                                 each parameter, and returns ∂L/∂x for the layer below

Running ``backward`` on the layers in reverse order, each passing its ∂L/∂x down as the
next one's ``grad_out``, is backpropagation.

Two promises hold for every layer:

* No layer changes the arrays it is given: not ``x``, not ``grad_out``.
* A layer computes in the dtype of its input. A layer with parameters makes them when it
  is built (on its first ``forward``, or by ``build()``) in that input's dtype, or in the
  ``dtype`` it was given; float64 if built before any input is seen. After that, an input
  of another floating dtype is refused (never silently promoted): cast the input, or the
  layer with ``layer.astype(dtype)``.

Chapter 3 adds ``Softmax`` and ``Flatten``; Chapter 4's ``Conv2D`` and ``MaxPooling2D``
live in ``nnbook.conv``. Chapter 5 adds ``Dropout`` (a ``RandomLayer``: its noise is drawn
once per batch) and two rectifiers with a slope below 0, ``LeakyReLU`` (fixed) and
``PReLU`` (learned).
"""

from nnbook.layers.activation import (ACTIVATIONS, Activation, ReLU, Sigmoid, Softmax, Tanh)
from nnbook.layers.base import Layer, RandomLayer
from nnbook.layers.dense import Dense
from nnbook.layers.dropout import Dropout
from nnbook.layers.initializers import INITIALIZERS
from nnbook.layers.leaky_relu import LeakyReLU
from nnbook.layers.prelu import PReLU
from nnbook.layers.reshape import Flatten

__all__ = ["ACTIVATIONS", "INITIALIZERS", "Activation", "Dense", "Dropout", "Flatten", "Layer",
           "LeakyReLU", "PReLU", "RandomLayer", "ReLU", "Sigmoid", "Softmax", "Tanh"]
