"""Introduced in Chapter 3. Looking at a model: shapes, parameter counts, the summary table.

``Sequential`` inherits these from ``Summary``. A model nested in another shows as one
row with its layers indented under it.
"""

import numbers

import numpy as np

from nnbook.checks import true_or_false


class Summary:
    """``build``, ``output_shapes``, ``count_params`` and ``summary``. Explained in Chapter 3."""

    def build(self, input_shape):
        """Build every layer for examples of ``input_shape``, e.g. (1, 28, 28); return the model."""
        self._shapes(input_shape, "build")
        return self

    def output_shapes(self, input_shape=None):
        """Each layer's output shape, Keras-style with None for the batch: [(None, 784), ...].

        ``input_shape`` is one example's shape; by default the one the model was given
        (a first layer's ``input_shape`` or ``input_dim``) or last saw. Runs one example
        of zeros through the layers, which builds any layer not built yet. If a layer
        refuses the shape, every layer is left as it was (none half-built).
        """
        return self._shapes(input_shape, "output_shapes")

    def _shapes(self, input_shape, who):
        if not self.layers:
            raise RuntimeError("this Sequential has no layers yet: add some first")
        if input_shape is None:
            input_shape = self.input_shape
            if input_shape is None:
                raise ValueError("the model has not seen an input yet: give input_shape, e.g."
                                 " model.build((1, 28, 28)), or the first layer an input_shape")
        input_shape = _example_shape(input_shape, who)
        saved = [(obj, dict(vars(obj))) for obj in _everything(self)]
        try:
            x = np.zeros((1, *input_shape), dtype=self.dtype)
            shapes = []
            for layer in self.layers:  # one layer at a time, to see every shape
                x = layer.forward(x, training=False)
                shapes.append((None, *x.shape[1:]))
        except BaseException:  # a layer refused the shape: unbuild what was built on the way
            for obj, attributes in saved:
                vars(obj).clear()
                vars(obj).update(attributes)
            raise
        self.input_shape = input_shape
        return shapes

    def count_params(self, trainable_only=False):
        """The number of parameters (of layers trainable now only, if asked)."""
        true_or_false(trainable_only, "count_params's trainable_only")
        if not all(getattr(layer, "built", True) for layer in self.layers):
            self.output_shapes()
        count = 0
        for layer in self.layers:
            if hasattr(layer, "layers"):
                count += layer.count_params(trainable_only)
            elif layer.trainable or not trainable_only:
                count += sum(param.size for param in layer.params.values())
        return count

    def _rows(self, indent=""):
        rows = []
        for layer, shape in zip(self.layers, self.output_shapes()):
            count = sum(param.size for param in layer.params.values())
            name = f"Sequential ({len(layer.layers)} layers)" if hasattr(layer, "layers") \
                else repr(layer)
            rows.append((indent + name, str(shape), f"{count:,}"))
            if hasattr(layer, "layers"):
                rows += layer._rows(indent + "  ")
        return rows

    def summary(self, input_shape=None, print_fn=print):
        """Print a table of the layers, their output shapes and parameter counts."""
        if not callable(print_fn):
            raise TypeError(f"summary expected print_fn, a function such as print, got"
                            f" {print_fn!r}")
        self._shapes(input_shape, "summary")
        rows = [("Layer", "Output shape", "Params"), *self._rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}" for a, b, c in rows]
        rule = "=" * len(lines[0])
        total, trainable = self.count_params(), self.count_params(trainable_only=True)
        print_fn("\n".join([lines[0], rule, *lines[1:], rule, f"Total params: {total:,}",
                            f"Trainable params: {trainable:,}",
                            f"Non-trainable params: {total - trainable:,}"]))

    def _check_layer(self, layer):
        """Refuse what cannot be a layer here, before the model changes."""
        if isinstance(layer, type):
            raise TypeError(f"Sequential.add expected a layer, got the class {layer.__name__}:"
                            f" make one first, e.g. {layer.__name__}(...)")
        if not (hasattr(layer, "forward") and hasattr(layer, "backward")):
            raise TypeError(
                f"Sequential.add expected a layer (with forward and backward), got {layer!r}")
        if layer is self or (hasattr(layer, "layers") and self in _all_models(layer)):
            raise ValueError("a model cannot hold itself")


def _example_shape(input_shape, who):
    """``input_shape`` as a tuple of positive ints (one example's shape), or a clear error."""
    if not isinstance(input_shape, (tuple, list)) or not all(
            isinstance(n, numbers.Integral) and not isinstance(n, (bool, np.bool_))
            for n in input_shape):
        raise TypeError(f"{who} expected input_shape, one example's shape as a tuple of"
                        f" positive integers such as (1, 28, 28), got {input_shape!r}")
    if not all(n >= 1 for n in input_shape):
        raise ValueError(f"{who} expected input_shape, one example's shape as a tuple of"
                         f" positive integers such as (1, 28, 28), got {tuple(input_shape)}")
    return tuple(int(n) for n in input_shape)


def _everything(model):
    """The model, its layers, and theirs: every object whose attributes a build may set."""
    yield model
    for layer in model.layers:
        if hasattr(layer, "layers"):
            yield from _everything(layer)
        elif hasattr(layer, "__dict__"):
            yield layer


def _all_models(model):
    yield model
    for layer in model.layers:
        if hasattr(layer, "layers"):
            yield from _all_models(layer)
