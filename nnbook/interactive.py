"""Introduced in Chapter 1. Explorers: change a setting, watch the network respond.

Each explorer comes in two forms. With a running kernel, an ipywidgets control panel
retrains the network whenever a slider moves. Without one (the web book), a matplotlib
animation rendered to self-contained HTML plays the training back in the browser.
"""

import copy
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import animation

from nnbook.plots import (COLORS, LABELS, draw_graph, graph_figsize, loss_curves_over_p, plot_loss,
                          plot_predictions)
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


def play(anim):
    """An animation as self-contained HTML: it plays in the web book, no kernel needed.

    matplotlib's ``to_jshtml`` also links a Font Awesome stylesheet from a CDN; the book's
    theme already ships Font Awesome, so the link is dropped and the page needs no network.
    Explained in Chapter 1.
    """
    from IPython.display import HTML

    html = anim.to_jshtml()
    return HTML(re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">', "", html))


def snapshot_iterations(iterations, frames):
    """The iterations to draw: denser at the start, where most of the change happens."""
    steps = np.unique(np.round(np.geomspace(1, iterations + 1, frames)).astype(int) - 1)
    return steps


def watch_it_learn(x, y, hidden=4, learning_rate=1.0, iterations=1500, seed=0, frames=40):
    """An animation of training: the loss curve grows as the predictions move to the truth.

    Returns a :class:`matplotlib.animation.FuncAnimation`; in a notebook, show it with
    ``interactive.play(anim)``, which plays without a kernel.
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


# ---------------------------------------------------------------------------------------
# Added in Chapter 2: step through the forward and backward pass of a computational graph.


def graph_frames(graph):
    """Replay ``graph``'s forward then backward pass, one node at a time.

    Returns a list of frames, each a dict with ``values`` and ``grads`` (the numbers known
    after that step, by node name), ``active`` (the node just computed, as a tuple) and
    ``phase`` (``"forward"`` or ``"backward"``). Frame 0 shows only the inputs; the last
    shows every value and gradient. Leaves ``graph`` fully computed. Explained in Chapter 2.
    """
    def snapshot(phase, active, grads_known):
        values = {name: node.value for name, node in graph.nodes.items()
                  if node.op is None or name in computed}
        grads = {name: graph[name].grad for name in grads_known}
        return {"values": values, "grads": grads, "active": active, "phase": phase}

    computed, frames = set(), []
    frames.append(snapshot("forward", (), set()))
    for node in graph.forward_steps():
        computed.add(node.name)
        frames.append(snapshot("forward", (node.name,), set()))
    known = set()
    for node in graph.backward_steps():
        # The first step only sets ∂L/∂L = 1; each later one hands a node's inputs their share.
        handed = node.inputs if known else ()
        known.update((node.name, *handed))
        frames.append(snapshot("backward", (node.name, *handed), known))
    return frames


def _draw_frame(graph, frame, ax):
    step_name = ", ".join(frame["active"][:1])
    title = LABELS[frame["phase"]] + (f": ${step_name}$" if step_name else "")
    draw_graph(graph, values=frame["values"], grads=frame["grads"], active=frame["active"],
               title=title, ax=ax)


def graph_animation(graph, interval=1200):
    """An animation of :func:`graph_frames`: the numbers fill in forward, then backward.

    Returns a :class:`matplotlib.animation.FuncAnimation`; show it with
    ``interactive.play(anim)``, whose buttons step one node at a time
    without a kernel. Explained in Chapter 2.
    """
    frames = graph_frames(graph)
    # Few pixels per frame keep the page light; a smaller figure at a higher dpi keeps
    # the numbers as large as in the book's other figures.
    fig, ax = plt.subplots(figsize=graph_figsize(graph, scale=1.05), dpi=96)

    def draw(i):
        ax.clear()
        _draw_frame(graph, frames[i], ax)
        return []

    draw(len(frames) - 1)
    fig.tight_layout()
    anim = animation.FuncAnimation(fig, draw, frames=len(frames), interval=interval, blit=False)
    plt.close(fig)
    return anim


def graph_stepper(graph, limit=3.0):
    """Step through ``graph``'s forward and backward pass, and change its inputs.

    A Play button and a ``step`` slider walk through :func:`graph_frames`; one slider per
    input node sets its value (between ``-limit`` and ``limit``) and recomputes every
    number. The step slider starts at the last step, so the saved page shows the fully
    computed graph. The sliders work on a copy: ``graph`` itself is left as it was.
    Explained in Chapter 2.
    """
    graph = copy.deepcopy(graph)  # the sliders change this copy, never the caller's graph
    inputs = [name for name, node in graph.nodes.items() if node.op is None]
    last = len(graph_frames(graph)) - 1
    step = widgets.IntSlider(value=last, min=0, max=last, description="step")
    play = widgets.Play(value=last, min=0, max=last, interval=900, description="play")
    widgets.jslink((play, "value"), (step, "value"))
    sliders = {name: widgets.FloatSlider(value=graph[name].value, min=-limit, max=limit, step=0.1,
                                         description=name, continuous_update=False,
                                         layout=widgets.Layout(width="300px"),
                                         style={"description_width": "30px"})
               for name in inputs}

    def show(step, **values):
        for name, value in values.items():
            graph[name].value = value
        frames = graph_frames(graph)
        fig, ax = plt.subplots(figsize=graph_figsize(graph))
        _draw_frame(graph, frames[min(step, len(frames) - 1)], ax)
        plt.show()

    output = widgets.interactive_output(show, {"step": step, **sliders})
    pairs = [widgets.HBox(list(sliders.values())[i:i + 2]) for i in range(0, len(sliders), 2)]
    return widgets.VBox([widgets.HBox([play, step]), widgets.VBox(pairs), output])


# ---------------------------------------------------------------------------------------
# Added in Chapter 3: how hard each loss pulls on a wrong probability.


def loss_explorer(p=0.2):
    """A slider over the predicted probability p of the true class (y = 1).

    Two small plots redraw as it moves: the loss, and its gradient with respect to p, for
    squared error and for cross-entropy, each with a marker at p. The saved page shows
    the starting value ``p``. Explained in Chapter 3.
    """
    def show(p):
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
        loss_curves_over_p(p, axes=axes)
        fig.tight_layout()
        plt.show()

    slider = widgets.FloatSlider(value=p, min=0.01, max=0.99, step=0.01, description="p",
                                 continuous_update=False)
    output = widgets.interactive_output(show, {"p": slider})
    return widgets.VBox([slider, output])


# ---------------------------------------------------------------------------------------
# Added in Chapter 4: inside a trained convolutional network.


def feature_map_explorer(model, images, labels, layers, index=0, layer=0):
    """Pick a digit and a layer; see that layer's feature maps for the digit.

    ``layers`` maps a short row label to the index of a layer in ``model.layers``, e.g.
    ``{"conv1": 1, "pool2": 7}``. ``index`` and ``layer`` (a position in ``layers``) set
    the starting values, which the saved page shows. Explained in Chapter 4.
    """
    from nnbook.plots import layer_outputs, plot_feature_maps

    names = list(layers)

    def show(index, layer):
        name = names[layer]
        maps = layer_outputs(model, images[index])[layers[name]]
        fig = plot_feature_maps([images[index], maps], [str(labels[index]), name])
        fig.set_size_inches(fig.get_size_inches()[0], 1.6)
        plt.show()

    digit = widgets.IntSlider(value=index, min=0, max=len(images) - 1, description="digit",
                              continuous_update=False)
    choice = widgets.Dropdown(options=[(n, i) for i, n in enumerate(names)], value=layer,
                              description="layer")
    output = widgets.interactive_output(show, {"index": digit, "layer": choice})
    return widgets.VBox([widgets.HBox([digit, choice]), output])


def probability_explorer(model, images, labels, index=0):
    """Pick a digit; see it beside the network's ten probabilities as bars.

    ``index`` sets the starting digit, which the saved page shows. Explained in Chapter 4.
    """
    from nnbook.plots import plot_probabilities

    def show(index):
        fig, (ax_image, ax_bars) = plt.subplots(1, 2, figsize=(6.5, 2.4),
                                                width_ratios=(1, 2.6))
        ax_image.imshow(np.asarray(images[index]).reshape(images.shape[-2:]), cmap="gray_r")
        ax_image.set_title(LABELS["digit"].format(label=labels[index]), fontsize=10)
        ax_image.axis("off")
        plot_probabilities(model.predict(images[index:index + 1])[0], ax=ax_bars)
        fig.tight_layout()
        plt.show()

    digit = widgets.IntSlider(value=index, min=0, max=len(images) - 1, description="digit",
                              continuous_update=False)
    output = widgets.interactive_output(show, {"index": digit})
    return widgets.VBox([digit, output])
