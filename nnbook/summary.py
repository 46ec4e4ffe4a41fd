"""Introduced in Chapter 3. Looking at a model: shapes, parameter counts, the summary table.

``Sequential`` inherits these from ``Summary``. A model nested in another shows as one
row with its layers indented under it.
"""

import numpy as np


class Summary:
    """``build``, ``output_shapes``, ``count_params`` and ``summary``. Explained in Chapter 3."""

    def build(self, input_shape):
        """Build every layer for examples of ``input_shape``, e.g. (1, 28, 28); return the model."""
        self.output_shapes(input_shape)
        return self

    def output_shapes(self, input_shape=None):
        """Each layer's output shape, Keras-style with None for the batch: [(None, 784), ...].

        ``input_shape`` is one example's shape; by default the one the model was given
        (a first layer's ``input_shape`` or ``input_dim``) or last saw. Runs one example
        of zeros through the layers, which builds any layer not built yet.
        """
        if not self.layers:
            raise RuntimeError("this Sequential has no layers yet: add some first")
        input_shape = self.input_shape if input_shape is None else input_shape
        if input_shape is None:
            raise ValueError("the model has not seen an input yet: give input_shape, e.g."
                             " model.build((1, 28, 28)), or the first layer an input_shape")
        self.input_shape = tuple(input_shape)
        x = np.zeros((1, *self.input_shape), dtype=self.dtype)
        shapes = []
        for layer in self.layers:  # one layer at a time, to see every shape
            x = layer.forward(x, training=False)
            shapes.append((None, *x.shape[1:]))
        return shapes

    def count_params(self, trainable_only=False):
        """The number of parameters (of layers trainable now only, if asked)."""
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
        self.output_shapes(input_shape)
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


def _all_models(model):
    yield model
    for layer in model.layers:
        if hasattr(layer, "layers"):
            yield from _all_models(layer)
