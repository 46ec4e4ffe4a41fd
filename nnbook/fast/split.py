"""Introduced in Chapter 4. One training step on two threads, each on half of the batch.

A step's gradient is a mean (or a sum) over the examples of the batch, and the examples
do not meet until the loss adds them up. So the batch can be cut in two halves: each
half goes forward and backward on its own copy of the model, and the two gradients,
each weighted by its half's share of the batch, add up to the whole batch's gradient.
numpy lets other threads run while it computes, so on a machine with two cores the two
halves run at the same time. ``Sequential.train_step`` is the plain step; ``train_step``
here gives the same numbers up to float rounding, and repeats to the last bit (the
halves are always cut, and their gradients added, in the same order).

The copies are *twins*: a twin shares its layer's parameters (the same arrays, so the
one update serves both) and every setting, but keeps its own caches, gradients and work
arrays. A random layer (Chapter 5's Dropout) draws its noise once for the whole batch,
and each twin takes its half's rows: the step then draws exactly what the plain step
draws, and one or two threads give the same weights.

Which layers may be cut this way is the layer's ``splittable`` attribute (a layer that
mixes the examples of a batch, like a batch normalisation, may not); whether it pays is
``worth_a_thread`` (Conv2D: much work per example; a model of Dense layers alone trains
slower on two threads, its numpy calls being too short).
"""

import concurrent.futures
import copy
import functools
import inspect
import os
import threading
import weakref

import numpy as np

from nnbook.fast import trust

THREADS = min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
              else os.cpu_count() or 1)
"""How many threads a new ``Sequential`` trains on: 2 when the machine has two cores
for this program, else 1. Explained in Chapter 4."""

MIN_PIECE = 32
"""The fewest examples per thread for which a training batch is cut. Explained in Chapter 4."""

_pools = {}  # thread pools by number of threads, made on first use
_twin_work = weakref.WeakKeyDictionary()  # layer -> {k: work arrays of its twin k}

if hasattr(os, "register_at_fork"):  # a forked child inherits the pools but not
    os.register_at_fork(after_in_child=_pools.clear)  # their threads: start afresh


def leaves(layer):
    """The layers of ``layer`` that hold no layers themselves (a model's, nested or not)."""
    if hasattr(layer, "layers"):
        return [leaf for sub in layer.layers for leaf in leaves(sub)]
    return [layer]


def worth_splitting(model):
    """True when ``train_step`` here should train ``model``: some layer is worth a thread,
    every layer may be split, and the loss is a known mean or sum over examples."""
    layers = leaves(model)
    return (getattr(model.loss, "reduction", None) in ("mean", "sum")
            and any(getattr(layer, "worth_a_thread", False) for layer in layers)
            and all(getattr(layer, "splittable", False) for layer in layers))


def pieces(model, n):
    """How a batch of ``n`` examples is cut: a list of slices, one per thread.

    As many as ``model.threads``, with at least ``MIN_PIECE`` examples each, when
    ``worth_splitting(model)``; else the whole batch. Explained in Chapter 4.
    """
    count = min(model.threads, n // MIN_PIECE) if worth_splitting(model) else 1
    bounds = [k * n // max(count, 1) for k in range(max(count, 1) + 1)]
    return [slice(start, stop) for start, stop in zip(bounds, bounds[1:])]


def twin(layer, k=0):
    """A copy of ``layer`` for thread ``k``: the same parameters (the same arrays), its own
    ``grads``, caches and work arrays (kept from step to step). Explained in Chapter 4."""
    twin = copy.copy(layer)
    twin.grads = {}
    if hasattr(layer, "_work"):
        twin._work = layer._work if k == 0 else _twin_work.setdefault(layer, {}).setdefault(k, {})
    return twin


class _BatchNoise:
    """A random layer's noise for one whole batch, drawn once by whichever piece asks
    first (under a lock), then sliced per piece."""

    def __init__(self, layer, n):
        self.layer, self.n, self.noise = layer, n, None
        self.lock = threading.Lock()

    def rows(self, piece):
        def noise(shape):
            with self.lock:
                if self.noise is None:
                    self.noise = self.layer.noise((self.n, *shape[1:]))
            return self.noise[piece]
        return noise


def _skips_input_grad(layer):
    """True when ``layer.backward`` takes ``input_grad=False`` (Dense, Conv2D)."""
    return _takes_input_grad(type(layer)) if "backward" not in vars(layer) else (
        "input_grad" in inspect.signature(layer.backward).parameters)


@functools.lru_cache(maxsize=None)
def _takes_input_grad(cls):
    return "input_grad" in inspect.signature(cls.backward).parameters


def _worker_pool(count):
    if count not in _pools:
        _pools[count] = concurrent.futures.ThreadPoolExecutor(count, "nnbook-train")
    return _pools[count]


def _piece_step(model, layers, loss, x, y, weight):
    """Forward and backward of one piece; the layers' ``grads`` get ``weight`` × the
    gradient of its loss. Returns (y_pred, weight × loss)."""
    for layer in layers:
        x = layer.forward(x, training=True)
    y_pred, value = x, loss.forward(x, y)
    if model._fused():  # ∂L/∂logits = (p − y)/N: skip the last layer's backward
        grad, layers = loss.backward_logits(), layers[:-1]
    else:
        grad = loss.backward()
    if weight != 1:
        grad = grad * weight
    # The update needs only the parameters' gradients: stop at the first layer that has
    # any, and tell it (where it can listen) that its own ∂L/∂x is not wanted.
    first = next((k for k, layer in enumerate(layers) if layer.params), len(layers))
    for k in range(len(layers) - 1, first - 1, -1):
        if k == first and _skips_input_grad(layers[k]):
            layers[k].backward(grad, input_grad=False)
        else:
            grad = layers[k].backward(grad)
    return y_pred, weight * value


def train_step(model, x, y):
    """``model.train_step(x, y)`` with the batch cut by ``pieces``: each piece on its own
    thread, on twins of the model's layers; then the gradients added, in order, and one
    update. Returns (loss, y_pred). Explained in Chapter 4.
    """
    n, layers = len(x), leaves(model)
    cuts = pieces(model, n)
    mean = model.loss.reduction == "mean"
    weights = [(p.stop - p.start) / n if mean else 1 for p in cuts]
    # Thread 0 runs on the layers themselves (a random layer on a twin, for its noise).
    stacks = [[layer if k == 0 and not hasattr(layer, "draw") else twin(layer, k)
               for layer in layers] for k in range(len(cuts))]
    noises = {id(layer): _BatchNoise(layer, n) for layer in layers if hasattr(layer, "draw")}
    for k, piece in enumerate(cuts):
        for layer, copy_k in zip(layers, stacks[k]):
            if id(layer) in noises:
                copy_k.noise = noises[id(layer)].rows(piece)
    args = [(model, stacks[k], copy.copy(model.loss), x[p], y[p], weights[k])
            for k, p in enumerate(cuts)]
    with trust.checked_at_the_door():  # the model checked x and y; the loss is checked below
        others = [_worker_pool(len(cuts) - 1).submit(_piece_step, *a) for a in args[1:]]
        results = [_piece_step(*args[0])] + [other.result() for other in others]
    for k, layer in enumerate(layers):
        for name in stacks[0][k].grads:
            total = stacks[0][k].grads[name]
            for stack in stacks[1:]:
                total = total + stack[k].grads[name]
            layer.grads[name] = total
    loss = sum(value for _, value in results)
    model._check_finite(loss)  # as train_step: before a NaN reaches the weights
    model.optimizer.update(model._trained_pairs())
    return loss, np.concatenate([y_pred for y_pred, _ in results])
