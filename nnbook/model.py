"""Introduced in Chapter 3. Sequential: a stack of layers that trains itself, in Keras's words.

Chapter 2 wrote the training loop by hand: forward through the layers, the loss, backward
through the layers in reverse, then a step for every parameter. ``Sequential`` is that
loop, with Keras's names:

    model = Sequential([Flatten(), Dense(64), Tanh(), Dense(10), Softmax()], seed=0)
    model.compile(optimizer=SGD(learning_rate=0.1), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, batch_size=32, epochs=5, validation_split=0.2)
    loss, accuracy = model.evaluate(x_test, y_test)

``fit`` is made of smaller public pieces that later chapters use on their own:
``forward(x, training)``, ``backward(grad_out)`` (which returns ∂L/∂input, for Chapter 6's
generator), ``train_on_batch(x, y)``. ``fit`` also takes a stream of ``(x, y)`` batches
(Chapter 5's augmented images). Setting ``model.trainable = False`` freezes every layer.

The model computes in one dtype, float32 by default: inputs and labels are cast to it
once, as they come in, and layers build their parameters in it.
"""

import concurrent.futures
import contextlib
import copy
import itertools
import os
import time

import numpy as np

from nnbook.layers import Activation
from nnbook.losses import BinaryCrossentropy, get_loss
from nnbook.optimizers import get_optimizer

_blas = None  # threadpoolctl's controller of numpy's BLAS, made on first use
_pools = {}  # thread pools for training steps, by number of threads, made on first use

THREADS = min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
              else os.cpu_count() or 1)
"""How many threads a new ``Sequential`` trains on: 2 when the machine has two cores
for this program, else 1. Explained in Chapter 4."""

MIN_PIECE = 32
"""The fewest examples per thread for which ``Sequential`` splits a training batch."""


if hasattr(os, "register_at_fork"):  # a forked child inherits the pools but not
    os.register_at_fork(after_in_child=_pools.clear)  # their threads: start afresh


def _check_batch_size(batch_size):
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")


def _worker_pool(count):
    """A pool of ``count`` threads (kept for the next steps), or None for 0."""
    if count and count not in _pools:
        _pools[count] = concurrent.futures.ThreadPoolExecutor(count, "nnbook-train")
    return _pools.get(count)


@contextlib.contextmanager
def single_blas_thread():
    """Hold numpy's BLAS to one thread inside the ``with`` block; as it was outside.

    A network's matrix products are small: BLAS threads gain nothing on them, and when
    another program is busy on another core they wait for it (on a 2-core machine a
    training step of Chapter 4's CNN was measured at 68 ms with two BLAS threads against
    14 ms with one). So ``Sequential`` trains, evaluates and predicts on one.
    """
    global _blas
    if _blas is None:
        from threadpoolctl import ThreadpoolController
        _blas = ThreadpoolController()
    with _blas.limit(limits=1, user_api="blas"):
        yield


METRICS = ("accuracy", "acc")
"""Metric names ``compile`` knows; ``"acc"`` is the 2016 Keras spelling. Explained in Chapter 3."""


def accuracy(y_pred, y_true, binary=False, threshold=0.5):
    """The fraction of predictions that are right.

    Rows of several classes (N, C): right when the largest output sits where the one-hot
    label has its 1 (argmax). A single column (N, 1), or ``binary=True``: right when
    ``y_pred > threshold`` agrees with ``y_true > 0.5``, element by element.
    Explained in Chapter 3.
    """
    if binary or y_pred.ndim == 1 or y_pred.shape[-1] == 1:
        return float(np.mean((y_pred > threshold) == (y_true > 0.5)))
    return float(np.mean(np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)))


class History:
    """What ``fit`` returns, as in Keras.

    ``history`` maps ``"loss"`` (and each metric, and ``"val_loss"``, ``"val_accuracy"``
    when there is validation data) to a list with one number per epoch; ``epoch`` lists
    the epochs, 0, 1, 2, ... The training loss of an epoch is the mean of its batch losses,
    taken while the weights were changing. Explained in Chapter 3.
    """

    def __init__(self):
        self.history = {}
        self.epoch = []

    def record(self, epoch, logs):
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)

    def __repr__(self):
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"


class Sequential:
    """A stack of layers, each feeding the next, trained by ``fit``.

    Parameters
    ----------
    layers : list of Layer, optional
        More can be added with ``add``.
    dtype : float dtype
        float32 (default, fast) or float64 (for gradient checks). Inputs and labels are
        cast to it; a layer already built in another dtype is refused by the layer.
    seed : int or None
        Seeds the shuffling in ``fit`` (layers take their own seeds for their weights).

    Attributes
    ----------
    threads : int
        ``THREADS`` (2 on a machine with two cores or more, else 1): a model with a
        convolution trains on the two halves of each batch at once, in two threads (see
        ``_train_step``). The step is the same up to float rounding, and repeats to the
        last bit. Set it to 1 to train on one.

    Explained in Chapter 3.
    """

    def __init__(self, layers=None, dtype="float32", seed=None):
        self.dtype = np.dtype(dtype)
        if not np.issubdtype(self.dtype, np.floating):
            raise ValueError(f"Sequential dtype must be a float type, got {self.dtype}")
        self.rng = np.random.default_rng(seed)
        self.layers = []
        self.loss = self.optimizer = None
        self.metrics = []
        self.fuse = True
        self.threads = THREADS
        self.input_shape = None  # the shape of one example, once the model has seen one
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        """Put ``layer`` on top of the stack."""
        if not (hasattr(layer, "forward") and hasattr(layer, "backward")):
            raise TypeError(
                f"Sequential.add expected a layer (with forward and backward), got {layer!r}")
        self.layers.append(layer)

    @property
    def trainable(self):
        """False when every layer is frozen. Setting it sets every layer's ``trainable``."""
        return any(layer.trainable for layer in self.layers)

    @trainable.setter
    def trainable(self, value):
        for layer in self.layers:
            layer.trainable = bool(value)

    def compile(self, optimizer, loss, metrics=None, fuse=True):
        """Choose the optimizer, the loss and the metrics (names or objects).

        A name makes a new optimizer for this model alone. ``fuse=True`` lets the training
        step take the shortcut ∂L/∂z = (p − y)/N when the last layer is the softmax (or
        sigmoid) that the cross-entropy loss was derived for; ``fuse=False`` backpropagates
        through the activation's own backward. Both give the same gradient, except where
        the loss clipped a probability (there the shortcut still pulls the model back).
        """
        metrics = list(metrics or [])
        for name in metrics:
            if name not in METRICS:
                raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
        self.optimizer = get_optimizer(optimizer)
        self.loss = get_loss(loss)
        self.metrics = metrics
        self.fuse = fuse

    # --- the pieces of a training step ---------------------------------------------------

    def forward(self, x, training=False):
        """Run ``x`` (N, ...) through every layer; return the last layer's output.

        ``training`` is handed to layers that act differently while training (Chapter 5's
        Dropout): a layer with a ``training`` attribute has it set before its forward.
        """
        if not self.layers:
            raise RuntimeError("this Sequential has no layers yet: add some first")
        x = np.asarray(x, dtype=self.dtype)
        self.input_shape = x.shape[1:]
        return self._forward(x, self.layers, training)

    def _forward(self, x, layers, training):
        for layer in layers:
            if hasattr(layer, "training"):
                layer.training = training
            x = layer.forward(x)
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

    def _fused(self):
        """True when the last layer is the activation the loss folds in (softmax + CE)."""
        last = self.layers[-1]
        return (self.fuse and isinstance(last, Activation)
                and last.activation == self.loss.fuses_with)

    def _train_step(self, x, y):
        """One batch: forward, loss, backward, update. Returns the batch's logs.

        The update needs only the parameters' gradients, not ∂L/∂input: backward stops at
        the first layer with parameters, and that layer is told (``needs_input_grad``) that
        its own ∂L/∂x is not wanted. ``backward`` computes the whole chain.

        With ``threads`` = 2 a large enough batch is cut in two halves (see ``_pieces``):
        this thread runs forward and backward of the first half on the model's layers,
        a second thread the other half on their twins (``Layer.twin``: the same
        parameters, their own caches and gradients), and the two gradients are added,
        always in the same order, before the one update.
        """
        self.input_shape = x.shape[1:]
        if not all(getattr(layer, "built", True) for layer in self.layers):
            # Build the weights here first: a twin of an unbuilt layer would make its own.
            self._forward(x[:1], self.layers, training=False)
        pieces = self._pieces(len(x))
        # Each piece's loss is weighted by its share of the batch (a mean loss) or not (a
        # sum): the weighted losses, and so their gradients, add up to the batch's.
        mean = self.loss.reduction == "mean"
        weights = [(p.stop - p.start) / len(x) if mean else 1 for p in pieces]
        stacks = [(self.layers, self.loss)]
        stacks += [([layer.twin(k) for layer in self.layers], copy.copy(self.loss))
                   for k in range(1, len(pieces))]
        pool = _worker_pool(len(pieces) - 1)
        others = [pool.submit(self._train_piece, *stack, x[piece], y[piece], weight)
                  for stack, piece, weight in zip(stacks[1:], pieces[1:], weights[1:])]
        results = [self._train_piece(*stacks[0], x[pieces[0]], y[pieces[0]], weights[0])]
        results += [other.result() for other in others]
        for twins, _ in stacks[1:]:
            for layer, twin in zip(self.layers, twins):
                for name in layer.grads:
                    layer.grads[name] = layer.grads[name] + twin.grads[name]
        self.optimizer.step(self.layers)  # skips frozen layers
        y_pred = np.concatenate([y_pred for y_pred, _ in results])
        logs = {"loss": sum(loss for _, loss in results)}
        for name in self.metrics:
            logs[name] = self._accuracy(y_pred, y)
        return logs

    def _pieces(self, n):
        """How ``_train_step`` cuts a batch of ``n`` examples: a list of slices.

        The whole batch, unless ``threads`` > 1, the batch has at least ``MIN_PIECE``
        examples per thread, the loss is a known mean or sum over examples, some layer
        is ``worth_a_thread`` (a model of Dense layers alone trains slower on two: its
        numpy calls are too short), and every layer is one of nnbook's own (which know
        how to ``twin``; a layer written in a notebook might keep state a copy would not
        share).
        """
        count = min(self.threads, n // MIN_PIECE)
        if (count > 1 and self.loss.reduction in ("mean", "sum")
                and any(getattr(layer, "worth_a_thread", False) for layer in self.layers)
                and all(type(layer).__module__.startswith("nnbook.") for layer in self.layers)):
            bounds = [k * n // count for k in range(count + 1)]
            return [slice(start, stop) for start, stop in zip(bounds, bounds[1:])]
        return [slice(0, n)]

    def _train_piece(self, layers, loss, x, y, weight):
        """Forward and backward of ``x``, ``y`` through ``layers``: return (y_pred, loss).

        The layers' ``grads`` are filled with the gradient of ``weight`` × the loss.
        """
        y_pred = self._forward(x, layers, training=True)
        value = loss.forward(y_pred, y)
        if self._fused():  # ∂L/∂logits = (p − y)/N: skip the last layer's backward
            grad, last = loss.backward_logits(), len(layers) - 1
        else:
            grad, last = loss.backward(), len(layers)
        if weight != 1:
            grad = grad * weight
        first = next((k for k, layer in enumerate(layers) if layer.params), last)
        layers = layers[first:last]
        if layers:
            wanted = getattr(layers[0], "needs_input_grad", True)
            layers[0].needs_input_grad = False
            try:
                self._backward(grad, layers)
            finally:
                layers[0].needs_input_grad = wanted
        return y_pred, weight * value

    def _accuracy(self, y_pred, y):
        binary = isinstance(self.loss, BinaryCrossentropy)
        threshold = 0.0 if binary and self.loss.from_logits else 0.5
        return accuracy(y_pred, y, binary=binary, threshold=threshold)

    def train_on_batch(self, x, y):
        """Train on one batch; return its loss (before the update), or [loss, *metrics]."""
        self._check_compiled("train_on_batch")
        x, y = np.asarray(x, dtype=self.dtype), np.asarray(y, dtype=self.dtype)
        with single_blas_thread():
            return self._as_keras_result(self._train_step(x, y))

    # --- training, evaluating, predicting ----------------------------------------------

    def fit(self, x, y=None, batch_size=32, epochs=1, verbose=1, validation_split=0.0,
            validation_data=None, shuffle=True, steps_per_epoch=None):
        """Train for ``epochs`` passes over the data; return a ``History``.

        Parameters
        ----------
        x, y : arrays (N, ...) and (N, ...) matching the model's output; or ``x`` an
            iterable of ``(x_batch, y_batch)`` pairs and ``y`` None (Keras's
            ``fit(datagen.flow(x, y), steps_per_epoch=...)``).
        batch_size : int
            Examples per update, for arrays.
        epochs : int
        verbose : int
            0 silent; otherwise one line per epoch.
        validation_split : float in [0, 1)
            Hold out this fraction of the examples, *the last ones, taken before any
            shuffling* (as Keras), and report ``val_loss`` and ``val_accuracy`` on them.
        validation_data : (x_val, y_val), optional
            Used instead of ``validation_split``.
        shuffle : bool
            Reshuffle the training examples before each epoch (seeded by the model's seed).
        steps_per_epoch : int, optional
            For a stream of batches: how many make an epoch. Needed when the stream is an
            iterator (read once) and ``epochs > 1``; otherwise each epoch is one full pass.
        """
        self._check_compiled("fit")
        if not 0 <= validation_split < 1:
            raise ValueError(f"validation_split must be in [0, 1), got {validation_split!r}")
        if y is None:
            if isinstance(x, np.ndarray):
                raise ValueError(
                    "fit got x but no labels y (or give x as an iterable of (x, y) batches)")
            if validation_split:
                raise ValueError("validation_split needs arrays x and y; for a stream of "
                                 "batches give validation_data=(x_val, y_val)")
            epoch_batches = self._stream(x, steps_per_epoch, epochs)
        else:
            _check_batch_size(batch_size)
            x, y = self._prepared(x, y, "fit")
            if validation_split and validation_data is None:
                split_at = int(len(x) * (1 - validation_split))
                validation_data = (x[split_at:], y[split_at:])
                x, y = x[:split_at], y[:split_at]

            def epoch_batches():
                order = self.rng.permutation(len(x)) if shuffle else np.arange(len(x))
                for start in range(0, len(x), batch_size):
                    batch = order[start:start + batch_size]
                    yield x[batch], y[batch]

        with single_blas_thread():
            history = History()
            for epoch in range(epochs):
                started = time.perf_counter()
                totals, seen = {}, 0
                for x_batch, y_batch in epoch_batches():
                    x_batch = np.asarray(x_batch, dtype=self.dtype)
                    logs = self._train_step(x_batch, np.asarray(y_batch, dtype=self.dtype))
                    for key, value in logs.items():
                        totals[key] = totals.get(key, 0.0) + value * len(x_batch)
                    seen += len(x_batch)
                if seen == 0:
                    raise ValueError(f"fit got no training batches in epoch {epoch + 1}")
                logs = {key: total / seen for key, total in totals.items()}
                if validation_data is not None:
                    x_val, y_val = validation_data
                    scores = self.evaluate(x_val, y_val, batch_size=batch_size, verbose=0,
                                           return_dict=True)
                    logs.update({"val_" + key: value for key, value in scores.items()})
                history.record(epoch, logs)
                if verbose:
                    seconds = time.perf_counter() - started
                    print(f"Epoch {epoch + 1}/{epochs} - {seconds:.1f}s - " + _format(logs))
            return history

    def _stream(self, batches, steps_per_epoch, epochs):
        """A function giving one epoch's batches from an iterable of (x, y) pairs."""
        try:
            stream = iter(batches)
        except TypeError:
            raise TypeError(f"fit expected arrays x and y, or x as an iterable of (x, y)"
                            f" batches, got {type(batches).__name__}") from None
        if steps_per_epoch is not None:
            if int(steps_per_epoch) != steps_per_epoch or steps_per_epoch < 1:
                raise ValueError(
                    f"steps_per_epoch must be a positive integer, got {steps_per_epoch!r}")
            if stream is not batches:  # a list (re-iterable): restart it every epoch
                return lambda: itertools.islice(iter(batches), int(steps_per_epoch))
            return lambda: itertools.islice(stream, int(steps_per_epoch))
        if stream is batches and epochs > 1:
            raise ValueError("an iterator of batches can be read only once: give fit"
                             " steps_per_epoch, e.g. len(x) // batch_size")
        return lambda: iter(batches)

    def evaluate(self, x, y, batch_size=32, verbose=1, return_dict=False):
        """Loss (and metrics) on ``x``, ``y`` without training.

        Returns the loss as a float, or ``[loss, accuracy]`` when compiled with metrics
        (a dict with ``return_dict=True``), as Keras. Batch means are weighted by batch size.
        """
        self._check_compiled("evaluate")
        _check_batch_size(batch_size)
        x, y = self._prepared(x, y, "evaluate")
        totals = {}
        with single_blas_thread():
            for start in range(0, len(x), batch_size):
                x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
                y_pred = self.forward(x_batch)
                batch = {"loss": self.loss.forward(y_pred, y_batch)}
                batch.update((name, self._accuracy(y_pred, y_batch)) for name in self.metrics)
                for key, value in batch.items():
                    totals[key] = totals.get(key, 0.0) + value * len(x_batch)
        logs = {key: total / len(x) for key, total in totals.items()}
        if verbose:
            print(_format(logs))
        return logs if return_dict else self._as_keras_result(logs)

    def predict(self, x, batch_size=32):
        """The model's outputs for ``x``, computed ``batch_size`` examples at a time."""
        _check_batch_size(batch_size)
        x = np.asarray(x, dtype=self.dtype)
        with single_blas_thread():
            outputs = [self.forward(x[start:start + batch_size])
                       for start in range(0, len(x), batch_size)]
        if not outputs:
            raise ValueError(f"predict got no examples: x has shape {x.shape}")
        return np.concatenate(outputs)

    # --- looking at the model --------------------------------------------------------------

    def build(self, input_shape):
        """Build every layer for examples of ``input_shape``, e.g. (1, 28, 28); return the model."""
        self.output_shapes(input_shape)
        return self

    def output_shapes(self, input_shape=None):
        """Each layer's output shape, Keras-style with None for the batch: [(None, 784), ...].

        ``input_shape`` is one example's shape; by default the one the model last saw (or
        the first layer's ``input_dim``). Runs one example of zeros through the layers.
        """
        if input_shape is None:
            input_shape = self.input_shape
        if input_shape is None and getattr(self.layers[0], "input_dim", None) is not None:
            input_shape = (self.layers[0].input_dim,)
        if input_shape is None:
            raise ValueError("the model has not seen an input yet: give input_shape, e.g."
                             " model.build((1, 28, 28)), or call fit or predict first")
        self.input_shape = tuple(input_shape)
        x = np.zeros((1, *input_shape), dtype=self.dtype)
        shapes = []
        for layer in self.layers:  # forward, one layer at a time, to see every shape
            if hasattr(layer, "training"):
                layer.training = False
            x = layer.forward(x)
            shapes.append((None, *x.shape[1:]))
        return shapes

    def count_params(self, trainable_only=False):
        """The number of parameters (of trainable layers only, if asked)."""
        if not all(getattr(layer, "built", True) for layer in self.layers):
            self.output_shapes()
        count = 0
        for layer in self.layers:
            if layer.trainable or not trainable_only:
                count += sum(param.size for param in layer.params.values())
        return count

    def summary(self, input_shape=None, print_fn=print):
        """Print a table of the layers, their output shapes and parameter counts."""
        shapes = self.output_shapes(input_shape)
        rows = [("Layer", "Output shape", "Params")]
        for layer, shape in zip(self.layers, shapes):
            count = sum(param.size for param in layer.params.values())
            rows.append((repr(layer), str(shape), f"{count:,}"))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}" for a, b, c in rows]
        rule = "=" * len(lines[0])
        total, trainable = self.count_params(), self.count_params(trainable_only=True)
        print_fn("\n".join([lines[0], rule, *lines[1:], rule, f"Total params: {total:,}",
                            f"Trainable params: {trainable:,}",
                            f"Non-trainable params: {total - trainable:,}"]))

    # --- helpers -------------------------------------------------------------------------

    def _check_compiled(self, who):
        if self.loss is None:
            raise RuntimeError(f"Sequential.{who} needs a loss and an optimizer: call"
                               " compile(optimizer=..., loss=...) first")

    def _prepared(self, x, y, who):
        """x and y cast to the model's dtype, and checked against the model's output."""
        x, y = np.asarray(x, dtype=self.dtype), np.asarray(y, dtype=self.dtype)
        if len(x) == 0 or len(x) != len(y):
            raise ValueError(f"Sequential.{who} expected as many labels as examples (at least"
                             f" one), got x of shape {x.shape} and y of shape {y.shape}")
        output_shape = self.forward(x[:1]).shape[1:]  # also: the first layer checks x
        if y.shape[1:] != output_shape:
            hint = ""
            if y.ndim == 1 and output_shape[-1:] != (1,):
                hint = (" (integer labels become one-hot with"
                        f" nnbook.data.to_categorical(y, {output_shape[-1]}))")
            raise ValueError(f"Sequential.{who}: the model's output has shape"
                             f" {(len(x), *output_shape)} but y has shape {y.shape}{hint}")
        return x, y

    def _as_keras_result(self, logs):
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def __repr__(self):
        return f"Sequential([{', '.join(repr(layer) for layer in self.layers)}])"


def _format(logs):
    return " - ".join(f"{key}: {value:.4f}" for key, value in logs.items())
