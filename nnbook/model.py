"""Introduced in Chapter 3. Sequential: a stack of layers that trains itself, in Keras's words.

Chapter 2 wrote the training loop by hand: forward through the layers, the loss, backward
through the layers in reverse, then a step for every parameter. ``Sequential`` is that
loop, with Keras's names:

    model = Sequential([Flatten(), Dense(64), Tanh(), Dense(10), Softmax()], seed=0)
    model.compile(optimizer=SGD(learning_rate=0.1), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, batch_size=32, epochs=5, validation_split=0.2)
    loss, accuracy = model.evaluate(x_test, y_test)

``train_step`` is one step of that loop, as Chapter 2 wrote it. A model is itself a layer
(``forward``, ``backward``, ``params``, ``grads``, ``trainable``), so models nest:
Chapter 6 stacks a generator and a discriminator, ``Sequential([G, D])``.

The model computes in one dtype, float32 by default: inputs and labels are cast to it
once, as they come in, and layers build their parameters in it.
"""

import numpy as np

from nnbook.checks import float_array, one_of, random_seed, true_or_false
from nnbook.fast import split
from nnbook.fast.blas import single_blas_thread
from nnbook.fast.work import release
from nnbook.layers import Activation, Layer, RandomLayer
from nnbook.layers.base import float_dtype
from nnbook.losses import BinaryCrossentropy, get_loss
from nnbook.metrics import accuracy
from nnbook.summary import Summary
from nnbook.training import Training
from nnbook.optimizers import get_optimizer

METRICS = ("accuracy", "acc")
"""Metric names ``compile`` knows; ``"acc"`` is the 2016 Keras spelling. Explained in Chapter 3."""


class Sequential(Training, Summary, Layer):
    """A stack of layers, each feeding the next, trained by ``fit``.

    Parameters
    ----------
    layers : list of layers (a model is a layer too), optional
        More can be added with ``add``.
    dtype : float dtype
        float32 (default, fast) or float64 (for gradient checks).
    seed : int or None
        Seeds the shuffling in ``fit``, and the noise of random layers (Chapter 5's
        Dropout) that have no seed of their own. Layers take their own seeds for weights.

    Attributes
    ----------
    threads : int
        2 on a machine with two cores or more, else 1: a model with a convolution trains
        on the two halves of each batch at once (``nnbook.fast.split``, Chapter 4). The
        numbers are those of ``train_step`` up to float rounding. Set it to 1 for one.

    Explained in Chapter 3.
    """

    def __init__(self, layers=None, dtype="float32", seed=None):
        self.dtype = float_dtype(dtype, "Sequential dtype")
        seed = random_seed(seed, "Sequential seed")
        self.rng = np.random.default_rng(seed)  # shuffles the examples in fit
        self._seeds = np.random.SeedSequence(seed)  # gives random layers their generators
        self.layers = []
        self.loss = self.optimizer = None
        self.metrics, self.fuse, self._trained = [], True, []
        self.threads = split.THREADS
        self.input_shape = None  # the shape of one example, once known
        if layers is not None and not isinstance(layers, (list, tuple)):
            raise TypeError(f"Sequential expected a list of layers, got {type(layers).__name__}")
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        """Put ``layer`` on top of the stack (built now if the input shape is known)."""
        self._check_layer(layer)
        input_shape = self.input_shape
        if input_shape is None and not self.layers:
            input_shape = getattr(layer, "input_shape", None)
        self.layers.append(layer)
        if input_shape is not None:
            try:  # builds the new layer, as Keras does; a layer that does not fit is refused
                self._shapes(input_shape, "add")
            except BaseException:
                self.layers.pop()
                raise
        self.input_shape = input_shape
        self.__dict__.pop("_output_shapes", None)  # the output shape may change
        for leaf in split.leaves(layer):  # a random layer without a seed: from the model's
            if isinstance(leaf, RandomLayer) and leaf.rng is None:
                leaf.rng = np.random.default_rng(self._seeds.spawn(1)[0])
        if self.loss is not None and layer.trainable:
            self._trained += split.leaves(layer)

    # --- a model is a layer ---------------------------------------------------------------

    @property
    def params(self):
        """Every layer's parameters, keyed ``"k.name"`` for layer k (nested: ``"k.j.name"``)."""
        return {f"{k}.{name}": p for k, layer in enumerate(self.layers)
                for name, p in layer.params.items()}

    @property
    def grads(self):
        """Every layer's gradients, keyed as ``params``."""
        return {f"{k}.{name}": g for k, layer in enumerate(self.layers)
                for name, g in layer.grads.items()}

    @property
    def trainable(self):
        """False when every layer is frozen. Setting it sets every layer's ``trainable``;
        as in Keras 2, it counts when a model is compiled."""
        return any(layer.trainable for layer in self.layers)

    @trainable.setter
    def trainable(self, value):
        for layer in self.layers:
            layer.trainable = bool(value)

    @property
    def splittable(self):
        return all(getattr(layer, "splittable", False) for layer in self.layers)

    def forward(self, x, training=False):
        """Run ``x`` (N, ...) through every layer; return the last layer's output."""
        if not self.layers:
            raise RuntimeError("this Sequential has no layers yet: add some first")
        x = float_array(x, "x", self.dtype).astype(self.dtype, copy=False)
        for layer in self.layers:
            x = layer.forward(x, training=training)
        return x

    def backward(self, grad_out):
        """Backpropagate ∂L/∂output through every layer; return ∂L/∂input.

        Fills each layer's ``grads`` (frozen layers too: freezing stops updates, not
        gradients). Chapter 6 passes the returned gradient on to a generator.
        """
        return self._backward(grad_out, self.layers)

    def _backward(self, grad, layers):
        for layer in reversed(layers):
            grad = layer.backward(grad)
        return grad

    # --- training -------------------------------------------------------------------------

    def compile(self, optimizer, loss, metrics=None, fuse=True):
        """Choose the optimizer, the loss and the metrics (names or objects).

        The layers trainable *now* are the ones training will update (Keras 2's rule):
        freeze a layer, or a whole model, before compiling the model that should leave it
        alone. A name makes a new optimizer for this model alone. ``fuse=True`` lets the
        step take the shortcut ∂L/∂z = (p − y)/N when the last layer is the softmax (or
        sigmoid) the cross-entropy loss was derived for (Chapter 3).
        """
        metrics = [metrics] if isinstance(metrics, str) else metrics
        if metrics is not None and not isinstance(metrics, (list, tuple)):
            raise TypeError(f"compile expected metrics, a list of names such as ['accuracy'],"
                            f" got {metrics!r}")
        metrics = [one_of(name, METRICS, "metric") for name in metrics or []]
        fuse = true_or_false(fuse, "compile's fuse")
        self.optimizer, self.loss = get_optimizer(optimizer), get_loss(loss)
        self.metrics, self.fuse = metrics, fuse
        self._trained = [leaf for leaf in split.leaves(self) if leaf.trainable]

    def train_step(self, x, y):
        """One step of gradient descent on the batch ``(x, y)``; returns (loss, y_pred)."""
        self._check_compiled("train_step")
        y_pred = self.forward(x, training=True)
        loss = self.loss.forward(y_pred, y)
        if self._fused():  # softmax + cross-entropy: ∂L/∂z = (p − y)/N, skip the softmax
            self._backward(self.loss.backward_logits(), self.layers[:-1])
        else:
            self.backward(self.loss.backward())
        self._check_finite(loss)  # before a NaN reaches the weights
        self.optimizer.update(self._trained_pairs())
        return loss, y_pred

    def _fused(self):
        """True when the last layer is the activation the loss folds in (softmax + CE)."""
        last = self.layers[-1]
        return (self.fuse and isinstance(last, Activation)
                and last.activation == self.loss.fuses_with)

    def _trained_pairs(self):
        """(param, grad) of every layer that was trainable when the model was compiled."""
        return [(layer.params[name], layer.grads[name])
                for layer in self._trained for name in layer.params]

    def _check_finite(self, loss):
        if not np.isfinite(loss) or not all(np.isfinite(g).all()
                                            for _, g in self._trained_pairs()):
            raise FloatingPointError(
                f"the loss or a gradient is not finite (loss = {loss!r}); the weights were"
                " left as they were before this step. Usually the learning rate is too large"
                " (try one ten times smaller), or the data holds extreme values")

    def _train_batch(self, x, y):
        """``train_step``, or the same step on two threads where that pays (Chapter 4)."""
        if split.worth_splitting(self):
            return split.train_step(self, x, y)  # the numbers of train_step, on 2 threads
        return self.train_step(x, y)

    def _logs(self, loss, y_pred, y):
        logs = {"loss": float(loss)}
        for name in self.metrics:
            binary = isinstance(self.loss, BinaryCrossentropy)
            threshold = 0.0 if binary and self.loss.from_logits else 0.5
            logs[name] = accuracy(y_pred, y, binary=binary, threshold=threshold)
        return logs

    def train_on_batch(self, x, y):
        """Train on one batch; return its loss (before the update), or [loss, *metrics]."""
        self._check_compiled("train_on_batch")
        x, y = self._prepared(x, y, "train_on_batch")
        with single_blas_thread():
            loss, y_pred = self._train_batch(x, y)
        return self._as_keras_result(self._logs(loss, y_pred, y))

    def predict(self, x, batch_size=32):
        """The model's outputs for ``x``, computed ``batch_size`` examples at a time (at most
        ``PREDICT_CHUNK``, so a large batch_size never holds more work memory than that)."""
        batch_size = min(self._check_batch_size(batch_size), self.PREDICT_CHUNK)
        x = self._prepared_x(x, "predict")
        with single_blas_thread():
            outputs = [self.forward(x[start:start + batch_size])
                       for start in range(0, len(x), batch_size)]
        self.release_work()
        return np.concatenate(outputs)

    def release_work(self):
        """Let go of the layers' work arrays (they are made again when needed)."""
        for leaf in split.leaves(self):
            if hasattr(leaf, "_work"):
                release(leaf._work)

    def _check_compiled(self, who):
        if self.loss is None:
            raise RuntimeError(f"Sequential.{who} needs a loss and an optimizer: call"
                               " compile(optimizer=..., loss=...) first")

    def _as_keras_result(self, logs):
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def __repr__(self):
        return f"Sequential([{', '.join(repr(layer) for layer in self.layers)}])"
