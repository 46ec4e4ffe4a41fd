"""Introduced in Chapter 1. Chapter 1's figures, animation and explorer: a two-layer network learning.

Every figure draws on an ``ax`` you pass, or on a new figure, and returns the axes (or
figure) so a chapter can add to it. Each explorer comes in two forms: with a running
kernel, an ipywidgets panel retrains the network whenever a slider moves; without one
(the web book), a matplotlib animation, shown with :func:`play`, plays the training back.
"""

import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import animation

from nnbook.checks import finite_array, non_negative_int, positive_int
from nnbook.twolayer import NeuralNetwork
from nnbook.viz.style import (COLORS, LABELS, TABLE_HEADERS, TEXT_PT, _same_length, _slider,
                             axes_or_new, new_figure)


def draw_network(layer_sizes=(3, 4, 1), layer_labels=(r"$x$", r"$a_1$", r"$\hat{y}$"),
                 weight_labels=(r"$W_1$", r"$W_2$"), ax=None):
    """Draw a fully connected network as circles in columns joined by lines.

    ``layer_sizes`` gives the units per layer, input first. Each column is labelled with
    ``layer_labels`` (its units are numbered from 1) and each band of connections with
    ``weight_labels``. Explained in Chapter 1.
    """
    if not isinstance(layer_sizes, (tuple, list)):
        raise TypeError(f"draw_network expected layer_sizes, a tuple of unit counts, got"
                        f" {layer_sizes!r}")
    layer_sizes = [positive_int(n, "draw_network layer_sizes") for n in layer_sizes]
    for name, labels, count, where in (("layer_labels", layer_labels, len(layer_sizes),
                                        "one per layer"),
                                       ("weight_labels", weight_labels, len(layer_sizes) - 1,
                                        "one between each two layers")):
        if not isinstance(labels, (tuple, list)) or len(labels) != count:
            raise ValueError(f"draw_network expected {count} {name}, {where}, got {labels!r}")
    ax = axes_or_new(ax, (6, 3.6))
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
            ax.text(x, y, str(i + 1), ha="center", va="center", fontsize=TEXT_PT["small"], zorder=3)
        ax.text(col * 2.0, -tallest / 2 - 0.35, layer_labels[col], ha="center", va="top", fontsize=14)
    ax.set_xlim(-0.6, 2.0 * (len(layer_sizes) - 1) + 0.6)
    ax.set_ylim(-tallest / 2 - 1.0, tallest / 2 + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_loss(losses, ax=None, logy=False, label=None, **line_kwargs):
    """Plot one loss value per iteration (or epoch). Explained in Chapter 1."""
    losses = finite_array(losses, "losses")
    if losses.ndim != 1:
        raise ValueError(f"plot_loss expected losses, one number per step, got shape"
                         f" {losses.shape}")
    ax = axes_or_new(ax, (6, 3.2))
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
    y_true = np.ravel(finite_array(y_true, "y_true"))
    y_pred = np.ravel(finite_array(y_pred, "y_pred"))
    _same_length("plot_predictions", "one prediction per example", y_true=y_true, y_pred=y_pred)
    ax = axes_or_new(ax, (4, 3.2))
    idx = np.arange(len(y_true))
    ax.bar(idx - 0.2, y_true, width=0.4, color=COLORS["truth"], label=LABELS["truth"])
    ax.bar(idx + 0.2, y_pred, width=0.4, color=COLORS["prediction"], label=LABELS["prediction"])
    ax.set_xticks(idx)
    ax.set_xlabel(LABELS["example"])
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper left", fontsize=TEXT_PT["small"])
    return ax


def prediction_table(x, y_true, y_pred, decimals=3):
    """A table of each example's input, truth ``y``, prediction ``ŷ`` and error ``|y − ŷ|``.

    Returns an object that Jupyter and the built book show as an HTML table.
    Explained in Chapter 1.
    """
    from IPython.display import HTML

    x, y_true, y_pred = np.asarray(x), np.ravel(y_true), np.ravel(y_pred)
    _same_length("prediction_table", "one row per example", x=np.atleast_1d(x), y_true=y_true,
                 y_pred=y_pred)
    decimals = non_negative_int(decimals, "prediction_table decimals")
    cell = '<{tag} style="padding:3px 14px;text-align:right">{text}</{tag}>'
    head = "".join(cell.format(tag="th", text=h) for h in TABLE_HEADERS)
    rows = "".join(
        "<tr>" + "".join(cell.format(tag="td", text=t) for t in (
            f"<code>{np.array2string(xi)}</code>", f"{yi:g}", f"{pi:.{decimals}f}",
            f"{abs(yi - pi):.{decimals}f}")) + "</tr>"
        for xi, yi, pi in zip(x, y_true, y_pred))
    return HTML(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def _train_two_layer(x, y, hidden, learning_rate, iterations, seed):
    nn = NeuralNetwork(x, y, hidden=hidden, seed=seed, learning_rate=learning_rate)
    losses = nn.train(iterations)
    return nn, losses


def two_layer_explorer(x, y, hidden=4, learning_rate=1.0, iterations=1500, seed=0):
    """Sliders for hidden units, learning rate, iterations and seed of Chapter 1's network.

    Every change retrains from scratch and redraws the loss curve and the predictions.
    The arguments set the sliders' starting values. Explained in Chapter 1.
    """
    NeuralNetwork(x, y, hidden=hidden, seed=seed, learning_rate=learning_rate)  # the checks
    for name, value, low, high in (("hidden", hidden, 1, 10), ("learning_rate", learning_rate,
                                                               0.01, 10),
                                   ("iterations", iterations, 0, 5000), ("seed", seed, 0, 20)):
        _slider(value, low, high, f"two_layer_explorer {name}")

    def show(hidden, learning_rate, iterations, seed):
        nn, losses = _train_two_layer(x, y, hidden, learning_rate, iterations, seed)
        fig, (ax_loss, ax_pred) = new_figure(1, 2, figsize=(9, 3.2), width_ratios=(3, 2))
        if losses:
            plot_loss(losses, ax=ax_loss, logy=True)
        plot_predictions(y, nn.output, ax=ax_pred)
        fig.tight_layout()
        plt.show()

    controls = {
        "hidden": widgets.IntSlider(value=hidden, min=1, max=10, description="hidden"),
        "learning_rate": widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-2, max=1, step=0.1, description="lr"),
        "iterations": widgets.IntSlider(
            value=iterations, min=0, max=5000, step=100, description="iterations"),
        "seed": widgets.IntSlider(value=seed, min=0, max=20, description="seed"),
    }
    for control in controls.values():
        control.continuous_update = False
    output = widgets.interactive_output(show, controls)
    return widgets.VBox([widgets.HBox([controls["hidden"], controls["learning_rate"]]),
                         widgets.HBox([controls["iterations"], controls["seed"]]),
                         output])


def play(anim):
    """An animation as self-contained HTML: it plays in the web book, no kernel needed.

    matplotlib's ``to_jshtml`` also links a Font Awesome stylesheet from a CDN; the book's
    theme already ships Font Awesome, so the link is dropped and the page needs no network.
    Explained in Chapter 1.
    """
    from IPython.display import HTML

    if not isinstance(anim, animation.Animation):
        raise TypeError(f"play expected anim, a matplotlib animation, got {anim!r}")
    html = anim.to_jshtml()
    return HTML(re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">', "", html))


def snapshot_iterations(iterations, frames):
    """About ``frames`` iterations out of ``iterations`` to draw, denser at the start, where
    most of the change happens: 0 first, ``iterations`` last. Explained in Chapter 1."""
    iterations = non_negative_int(iterations, "iterations")
    frames = positive_int(frames, "frames")
    steps = np.unique(np.round(np.geomspace(1, iterations + 1, frames)).astype(int) - 1)
    return steps


def watch_it_learn(x, y, hidden=4, learning_rate=1.0, iterations=1500, seed=0, frames=40):
    """An animation of training: the loss curve grows as the predictions move to the truth.

    Returns a :class:`matplotlib.animation.FuncAnimation`; in a notebook, show it with
    ``nnbook.viz.ch1.play(anim)``, which plays without a kernel.
    Explained in Chapter 1.
    """
    nn = NeuralNetwork(x, y, hidden=hidden, seed=seed, learning_rate=learning_rate)
    shown = set(snapshot_iterations(iterations, frames).tolist())
    losses, predictions = [], {}
    for step in range(iterations + 1):
        nn.feedforward()
        losses.append(nn.loss())
        if step in shown:
            predictions[step] = nn.output.ravel().copy()
        if step < iterations:
            nn.backprop()

    # A modest resolution keeps the page light: every frame is stored as an image.
    fig, (ax_loss, ax_pred) = new_figure(1, 2, figsize=(9, 3.2), width_ratios=(3, 2), dpi=72)
    line, = ax_loss.plot([], [], color=COLORS["loss"])
    ax_loss.set(xlim=(0, iterations), ylim=(min(losses) * 0.8, max(losses) * 1.2), yscale="log",
                xlabel=LABELS["iteration"], ylabel=LABELS["loss"])
    ax_loss.grid(alpha=0.3)
    plot_predictions(y, predictions[0], ax=ax_pred)
    bars = ax_pred.containers[1]
    # tight_layout makes room only for text that is there: lay out with the widest title
    # the frames will show, or the title is cut off at the top of every frame.
    title = ax_pred.set_title(f"{iterations}")
    fig.tight_layout()

    def draw(step):
        line.set_data(np.arange(step + 1), losses[: step + 1])
        for bar, height in zip(bars, predictions[step]):
            bar.set_height(height)
        title.set_text(f"{step}")
        return [line, *bars, title]

    anim = animation.FuncAnimation(fig, draw, frames=sorted(predictions), interval=150, blit=False)
    plt.close(fig)
    return anim

