"""Introduced in Chapter 1. Explorers: change a setting, watch the network respond.

Each explorer comes in two forms. With a running kernel, an ipywidgets control panel
retrains the network whenever a slider moves. Without one (the web book), a matplotlib
animation rendered to self-contained HTML plays the training back in the browser.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import animation

from nnbook.plots import COLORS, LABELS, plot_loss, plot_predictions
from nnbook.twolayer import NeuralNetwork


def _train_two_layer(x, y, hidden, learning_rate, iterations, seed):
    nn = NeuralNetwork(x, y, hidden=hidden, seed=seed, learning_rate=learning_rate)
    losses = nn.train(iterations)
    return nn, losses


def two_layer_explorer(x, y, hidden=4, learning_rate=1.0, iterations=1500, seed=0):
    """Sliders for hidden units, learning rate, iterations and seed of Chapter 1's network.

    Every change retrains from scratch and redraws the loss curve and the predictions.
    The arguments set the sliders' starting values. Explained in Chapter 1.
    """

    def show(hidden, learning_rate, iterations, seed):
        nn, losses = _train_two_layer(x, y, hidden, learning_rate, iterations, seed)
        fig, (ax_loss, ax_pred) = plt.subplots(1, 2, figsize=(9, 3.2), width_ratios=(3, 2))
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


def snapshot_iterations(iterations, frames):
    """The iterations to draw: denser at the start, where most of the change happens."""
    steps = np.unique(np.round(np.geomspace(1, iterations + 1, frames)).astype(int) - 1)
    return steps


def watch_it_learn(x, y, hidden=4, learning_rate=1.0, iterations=1500, seed=0, frames=40):
    """An animation of training: the loss curve grows as the predictions move to the truth.

    Returns a :class:`matplotlib.animation.FuncAnimation`; in a notebook, show it with
    ``IPython.display.HTML(anim.to_jshtml())``, which plays without a kernel.
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
    fig, (ax_loss, ax_pred) = plt.subplots(1, 2, figsize=(9, 3.2), width_ratios=(3, 2), dpi=72)
    line, = ax_loss.plot([], [], color=COLORS["loss"])
    ax_loss.set(xlim=(0, iterations), ylim=(min(losses) * 0.8, max(losses) * 1.2), yscale="log",
                xlabel=LABELS["iteration"], ylabel=LABELS["loss"])
    ax_loss.grid(alpha=0.3)
    plot_predictions(y, predictions[0], ax=ax_pred)
    bars = ax_pred.containers[1]
    title = ax_pred.set_title("")
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
