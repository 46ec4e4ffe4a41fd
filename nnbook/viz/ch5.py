"""Introduced in Chapter 5. Chapter 5's figures and explorer: augmented digits, runs compared."""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from nnbook.checks import finite_array, finite_number, numeric_array, true_or_false
from nnbook.viz.style import COLORS, LABELS, TEXT_PT, _positive, new_figure


def _check_datagen(datagen, who):
    if not hasattr(datagen, "apply_transform"):
        raise TypeError(f"{who} expected datagen, an ImageDataGenerator, got {datagen!r}")


def _histories(histories, keys, who):
    """``histories`` as {name: history dict}, each holding ``keys``, or a clear error."""
    if not isinstance(histories, dict):
        raise TypeError(f"{who} expected histories, a dict of name to a fit's history, got"
                        f" {type(histories).__name__}")
    logs = {name: getattr(history, "history", history) for name, history in histories.items()}
    for name, history in logs.items():
        if not isinstance(history, dict) or not all(key in history for key in keys):
            got = f"keys {list(history)}" if isinstance(history, dict) else repr(history)
            raise ValueError(f"{who} expected the history of {name!r} to hold"
                             f" {' and '.join(map(repr, keys))}, got {got}")
    return logs


def image_row(images, titles, ax_size=1.1, symmetric=False):
    """Images (N, 1, H, W) side by side, each with its title (short, symbolic).

    Each image has its own grey scale: from its minimum to its maximum, or, with
    ``symmetric``, from −m to m around zero (standardised or whitened images). Returns
    the figure. Explained in Chapter 5.
    """
    images = finite_array(images, "images")
    ax_size = _positive(ax_size, "image_row ax_size")
    symmetric = true_or_false(symmetric, "image_row symmetric")
    if images.ndim != 4 or images.shape[1] != 1 or len(images) != len(titles) or not len(images):
        raise ValueError(f"image_row expected one-channel images (N, 1, H, W) and one title"
                         f" each, got shape {images.shape} and {len(titles)} titles")
    fig, axes = new_figure(1, len(images), figsize=(len(images) * ax_size, ax_size + 0.35),
                             squeeze=False)
    for ax, image, title in zip(axes[0], images[:, 0], titles):
        ax.axis("off")
        if symmetric:
            limit = float(np.abs(image).max()) or 1.0
            ax.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit)
        else:
            ax.imshow(image, cmap="gray_r")
        ax.set_title(title, fontsize=TEXT_PT["small"])
    fig.tight_layout(pad=0.2)
    return fig


def transform_gallery(datagen, image, angle=20, shift=4):
    """One digit (1, H, W) under each transform the classic script draws from.

    Rotations by ±``angle`` degrees, shifts by ``shift`` pixels along each axis, and the
    two flips, each applied alone with ``datagen.apply_transform``. Returns the figure.
    Explained in Chapter 5.
    """
    _check_datagen(datagen, "transform_gallery")
    finite_number(angle, "transform_gallery angle")
    finite_number(shift, "transform_gallery shift")
    cases = [({}, LABELS["original"]),
             ({"theta": angle}, LABELS["theta"].format(value=angle)),
             ({"theta": -angle}, LABELS["theta"].format(value=-angle)),
             ({"tx": shift}, LABELS["shift_rows"].format(value=shift)),
             ({"ty": -shift}, LABELS["shift_columns"].format(value=-shift)),
             ({"flip_horizontal": True}, LABELS["flip_horizontal"]),
             ({"flip_vertical": True}, LABELS["flip_vertical"])]
    moved = np.stack([datagen.apply_transform(image, params) for params, _ in cases])
    return image_row(moved, [title for _, title in cases])


def plot_runs(histories, ax_size=(4.2, 2.9)):
    """Validation accuracy, and the train − validation accuracy gap, per epoch, per run.

    ``histories`` maps a key of ``LABELS`` and ``COLORS`` (e.g. ``"none"``, ``"script"``) to
    the ``history`` dict of a ``fit`` with ``metrics=["accuracy"]`` and validation data.
    Returns the figure. Explained in Chapter 5.
    """
    histories = _histories(histories, ("accuracy", "val_accuracy"), "plot_runs")
    fig, (left, right) = new_figure(1, 2, figsize=(2 * ax_size[0], ax_size[1]))
    for key, logs in histories.items():
        epochs = np.arange(1, len(logs["val_accuracy"]) + 1)
        style = {"color": COLORS.get(key), "label": LABELS.get(key, key), "marker": "."}
        left.plot(epochs, logs["val_accuracy"], **style)
        right.plot(epochs, np.subtract(logs["accuracy"], logs["val_accuracy"]), **style)
    left.set(xlabel=LABELS["epoch"], ylabel=LABELS["val_accuracy"])
    right.set(xlabel=LABELS["epoch"], ylabel=LABELS["gap"])
    right.axhline(0, color="0.6", linewidth=0.8)
    for ax in (left, right):
        ax.grid(alpha=0.3)
    left.legend(fontsize=TEXT_PT["small"])
    fig.tight_layout()
    return fig


def plot_race(histories, ax=None):
    """Training loss per epoch of several optimizers on one model, log scale.

    ``histories`` maps a key of ``LABELS`` and ``COLORS`` (``"adam"``, ...) to a ``history``
    dict. Returns the axes. Explained in Chapter 5.
    """
    histories = _histories(histories, ("loss",), "plot_race")
    if ax is None:
        _, ax = new_figure(figsize=(5.5, 3.2))
    for key, logs in histories.items():
        epochs = np.arange(1, len(logs["loss"]) + 1)
        ax.plot(epochs, logs["loss"], marker=".", color=COLORS.get(key),
                label=LABELS.get(key, key))
    ax.set(xlabel=LABELS["epoch"], ylabel=LABELS["train_loss"], yscale="log")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=TEXT_PT["small"])
    return ax


def augment_explorer(datagen, image):
    """Sliders for a rotation and two shifts, and boxes for the flips, applied to ``image``
    (1, H, W) with ``datagen.apply_transform``. Explained in Chapter 5."""
    _check_datagen(datagen, "augment_explorer")
    shape = numeric_array(image, "image").shape
    if len(shape) != 3:
        raise ValueError(f"augment_explorer expected image, one image (C, H, W), got shape"
                         f" {shape}")
    h, w = shape[1:]

    def show(theta, tx, ty, flip_horizontal, flip_vertical):
        params = {"theta": theta, "tx": tx, "ty": ty, "flip_horizontal": flip_horizontal,
                  "flip_vertical": flip_vertical}
        fig, ax = new_figure(figsize=(2.4, 2.4))
        ax.imshow(datagen.apply_transform(image, params)[0], cmap="gray_r")
        ax.axis("off")
        plt.show()

    return widgets.interactive(
        show,
        theta=widgets.IntSlider(0, -45, 45, 5, description="θ (°)"),
        tx=widgets.IntSlider(0, -h // 3, h // 3, 1, description="tx (px)"),
        ty=widgets.IntSlider(0, -w // 3, w // 3, 1, description="ty (px)"),
        flip_horizontal=widgets.Checkbox(False, description="flip ↔"),
        flip_vertical=widgets.Checkbox(False, description="flip ↕"))
