"""Introduced in Chapter 1. The matplotlib figures that chapters share.

Figure text is kept short and symbolic, and all of it is set in ``LABELS`` below, so a
translated edition changes one dictionary. Every function draws on an ``ax`` you pass,
or on a new figure, and returns the axes (or figure) so a chapter can add to it.
"""

import matplotlib.pyplot as plt
import numpy as np

LABELS = {
    "iteration": "iteration",
    "loss": "loss $L$",
    "example": "example",
    "truth": "$y$",
    "prediction": r"$\hat{y}$",
}

# Column heads of prediction_table, in plain text: tables are HTML, where TeX is not typeset.
TABLE_HEADERS = ("x", "y", "ŷ", "|y − ŷ|")

COLORS = {"truth": "#4c72b0", "prediction": "#dd8452", "loss": "#c44e52", "node": "#f5f5f5"}


def _axes(ax, figsize):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def draw_network(layer_sizes=(3, 4, 1), layer_labels=(r"$x$", r"$a_1$", r"$\hat{y}$"),
                 weight_labels=(r"$W_1$", r"$W_2$"), ax=None):
    """Draw a fully connected network as circles in columns joined by lines.

    ``layer_sizes`` gives the units per layer, input first. Each column is labelled with
    ``layer_labels`` (its units are numbered from 1) and each band of connections with
    ``weight_labels``. Explained in Chapter 1.
    """
    ax = _axes(ax, (6, 3.6))
    tallest = max(layer_sizes)
    positions = []
    for col, size in enumerate(layer_sizes):
        ys = np.arange(size)[::-1] - (size - 1) / 2
        positions.append([(col * 2.0, y) for y in ys])
    for col, (left, right) in enumerate(zip(positions, positions[1:])):
        for x0, y0 in left:
            for x1, y1 in right:
                ax.plot([x0, x1], [y0, y1], color="#8c8c8c", lw=0.9, zorder=1)
        ax.text(col * 2.0 + 1.0, tallest / 2 + 0.15, weight_labels[col], ha="center", fontsize=13)
    for col, column in enumerate(positions):
        for i, (x, y) in enumerate(column):
            ax.add_patch(plt.Circle((x, y), 0.28, facecolor=COLORS["node"], edgecolor="black", zorder=2))
            ax.text(x, y, str(i + 1), ha="center", va="center", fontsize=9, zorder=3)
        ax.text(col * 2.0, -tallest / 2 - 0.35, layer_labels[col], ha="center", va="top", fontsize=14)
    ax.set_xlim(-0.6, 2.0 * (len(layer_sizes) - 1) + 0.6)
    ax.set_ylim(-tallest / 2 - 1.0, tallest / 2 + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_loss(losses, ax=None, logy=False, label=None, **line_kwargs):
    """Plot one loss value per iteration (or epoch). Explained in Chapter 1."""
    ax = _axes(ax, (6, 3.2))
    line_kwargs.setdefault("color", COLORS["loss"] if label is None else None)
    ax.plot(np.arange(len(losses)), losses, label=label, **line_kwargs)
    ax.set_xlabel(LABELS["iteration"])
    ax.set_ylabel(LABELS["loss"])
    if logy:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    if label is not None:
        ax.legend()
    return ax


def plot_predictions(y_true, y_pred, ax=None):
    """Bars of the truth ``y`` beside the prediction ``ŷ`` for each example. Explained in Chapter 1."""
    ax = _axes(ax, (4, 3.2))
    y_true = np.ravel(y_true)
    y_pred = np.ravel(y_pred)
    idx = np.arange(len(y_true))
    ax.bar(idx - 0.2, y_true, width=0.4, color=COLORS["truth"], label=LABELS["truth"])
    ax.bar(idx + 0.2, y_pred, width=0.4, color=COLORS["prediction"], label=LABELS["prediction"])
    ax.set_xticks(idx)
    ax.set_xlabel(LABELS["example"])
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper left", fontsize=9)
    return ax


def prediction_table(x, y_true, y_pred, decimals=3):
    """A table of each example's input, truth ``y``, prediction ``ŷ`` and error ``|y − ŷ|``.

    Returns an object that Jupyter and the built book show as an HTML table.
    Explained in Chapter 1.
    """
    from IPython.display import HTML

    x, y_true, y_pred = np.asarray(x), np.ravel(y_true), np.ravel(y_pred)
    head = "".join(f"<th>{h}</th>" for h in TABLE_HEADERS)
    rows = "".join(
        f"<tr><td><code>{np.array2string(xi)}</code></td><td>{yi:g}</td>"
        f"<td>{pi:.{decimals}f}</td><td>{abs(yi - pi):.{decimals}f}</td></tr>"
        for xi, yi, pi in zip(x, y_true, y_pred))
    return HTML(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
