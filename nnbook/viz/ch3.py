"""Introduced in Chapter 3. Chapter 3's figures and explorer: digits, learning curves, losses over p."""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from nnbook.checks import finite_array, finite_number, positive_int
from nnbook.viz.style import COLORS, LABELS, TEXT_PT, _positive, _slider, new_figure


def image_grid(images, labels, predicted=None, columns=10, ax_size=0.9):
    """A grid of small greyscale images, each titled with its label.

    Parameters
    ----------
    images : array (N, 1, H, W) or (N, H, W)
    labels : array (N,) of integer labels
    predicted : array (N,) or None
        When given, each title reads "predicted (true)", in red where they differ.
    columns : images per row
    ax_size : inches per image

    Returns the figure. Explained in Chapter 3.
    """
    images = finite_array(images, "images")
    columns = positive_int(columns, "image_grid columns")
    ax_size = _positive(ax_size, "image_grid ax_size")
    if images.ndim == 4:
        if images.shape[1] != 1:
            raise ValueError(f"image_grid expected one channel (N, 1, H, W), got {images.shape}")
        images = images[:, 0]
    if images.ndim != 3:
        raise ValueError(f"image_grid expected images (N, H, W) or (N, 1, H, W), got {images.shape}")
    labels = np.ravel(labels)
    if len(labels) != len(images) or (predicted is not None and len(np.ravel(predicted)) != len(images)):
        raise ValueError(f"image_grid expected one label per image: {len(images)} images,"
                         f" {len(labels)} labels"
                         + ("" if predicted is None else f", {len(np.ravel(predicted))} predictions"))
    if len(images) == 0:
        raise ValueError("image_grid got no images")
    columns = min(columns, len(images))
    rows = -(-len(images) // columns)
    fig, axes = new_figure(rows, columns, figsize=(columns * ax_size, rows * (ax_size + 0.25)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= len(images):
            continue
        ax.imshow(images[i], cmap="gray_r", vmin=0, vmax=max(1.0, float(images.max())))
        if predicted is None:
            ax.set_title(LABELS["digit"].format(label=labels[i]), fontsize=TEXT_PT["small"])
        else:
            guess = np.ravel(predicted)[i]
            color = COLORS["wrong"] if guess != labels[i] else "black"
            ax.set_title(LABELS["digit_wrong"].format(predicted=guess, label=labels[i]),
                         fontsize=TEXT_PT["small"], color=color)
    fig.tight_layout(pad=0.3)
    return fig


def plot_learning_curves(history):
    """Loss and accuracy per epoch, training beside validation, from a ``History``.

    ``history`` is what ``Sequential.fit`` returns (or its ``history`` dict). The accuracy
    panel is drawn only when the history has ``"accuracy"``. Returns the figure.
    Explained in Chapter 3.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError(f"plot_learning_curves expected history, a History or its dict, got"
                        f" {history!r}")
    if "loss" not in logs:
        raise ValueError(f"plot_learning_curves expected a History with 'loss', got keys {list(logs)}")
    panels = ["loss"] + (["accuracy"] if "accuracy" in logs else [])
    fig, axes = new_figure(1, len(panels), figsize=(4.5 * len(panels), 3.2), squeeze=False)
    for ax, key in zip(axes.flat, panels):
        epochs = np.arange(1, len(logs[key]) + 1)
        ax.plot(epochs, logs[key], "o-", color=COLORS["train"], label=LABELS["train"])
        if f"val_{key}" in logs:
            ax.plot(epochs, logs[f"val_{key}"], "s--", color=COLORS["validation"],
                    label=LABELS["validation"])
        ax.set(xlabel=LABELS["epoch"], ylabel=LABELS[key], xticks=epochs)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    return fig


def loss_curves_over_p(p=None, axes=None):
    """Loss and gradient of squared error and cross-entropy over the probability p of the truth.

    For a true label y = 1 and a predicted probability p: squared error (1 − p)², gradient
    −2(1 − p); cross-entropy −log p, gradient −1/p. The left panel shows the losses, the
    right their gradients with respect to p. With ``p`` given, a marker sits on each curve
    at that p. Returns the two axes. Explained in Chapter 3.
    """
    if p is not None:
        p = finite_number(p, "loss_curves_over_p p")
        if not 0 < p <= 1:
            raise ValueError(f"loss_curves_over_p p must be in (0, 1], got {p:g}")
    if axes is not None and not (isinstance(axes, (tuple, list, np.ndarray)) and len(axes) == 2):
        raise TypeError(f"loss_curves_over_p expected axes, a pair of matplotlib axes, got"
                        f" {axes!r}")
    if axes is None:
        _, axes = new_figure(1, 2, figsize=(9, 3.2))
    ax_loss, ax_grad = axes
    ps = np.linspace(0.01, 0.999, 400)
    curves = {"squared_error": ((1 - ps) ** 2, -2 * (1 - ps)),
              "cross_entropy": (-np.log(ps), -1 / ps)}
    for key, (loss, grad) in curves.items():
        ax_loss.plot(ps, loss, color=COLORS[key], label=LABELS[key])
        ax_grad.plot(ps, grad, color=COLORS[key], label=LABELS[key])
        if p is not None:
            at = {"squared_error": ((1 - p) ** 2, -2 * (1 - p)),
                  "cross_entropy": (-np.log(p), -1 / p)}[key]
            ax_loss.plot([p], [at[0]], "o", color=COLORS[key])
            ax_grad.plot([p], [at[1]], "o", color=COLORS[key])
    ax_loss.set(xlabel=LABELS["p"], ylabel=LABELS["loss_at_p"], ylim=(0, 4.7))
    ax_grad.set(xlabel=LABELS["p"], ylabel=LABELS["grad_at_p"], ylim=(-20, 1))
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.legend()
    return axes


def loss_explorer(p=0.2):
    """A slider over the predicted probability p of the true class (y = 1).

    Two small plots redraw as it moves: the loss, and its gradient with respect to p, for
    squared error and for cross-entropy, each with a marker at p. The saved page shows
    the starting value ``p``. Explained in Chapter 3.
    """
    _slider(p, 0.01, 0.99, "loss_explorer p")
    def show(p):
        fig, axes = new_figure(1, 2, figsize=(9, 3.2))
        loss_curves_over_p(p, axes=axes)
        fig.tight_layout()
        plt.show()

    slider = widgets.FloatSlider(value=p, min=0.01, max=0.99, step=0.01, description="p",
                                 continuous_update=False)
    output = widgets.interactive_output(show, {"p": slider})
    return widgets.VBox([slider, output])

