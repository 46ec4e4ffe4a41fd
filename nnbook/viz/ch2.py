"""Introduced in Chapter 2. Chapter 2's figures and explorers: computational graphs, decision boundaries.

A graph is drawn with the numbers known so far; :func:`graph_frames` replays its forward
and backward pass one node at a time, as an animation (no kernel needed) or as a stepper
with sliders for its inputs.
"""

import copy
import numbers

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import animation

from nnbook.checks import finite_array, positive_int
from nnbook.graph import Graph
from nnbook.viz.style import (COLORS, LABELS, OP_SYMBOLS, TEXT_PT, _positive, axes_or_new,
                             new_figure, number)


def _check_graph(graph, who, positions=None):
    """Refuse what is not a ``Graph``, and ``positions`` that leave out some of its nodes."""
    if not isinstance(graph, Graph):
        raise TypeError(f"{who} expected graph, a nnbook.graph.Graph, got {graph!r}")
    if positions is not None:
        if not isinstance(positions, dict):
            raise TypeError(f"{who} expected positions, a dict of name to (x, y), got"
                            f" {positions!r}")
        missing = [name for name in graph.nodes if name not in positions]
        if missing:
            raise ValueError(f"{who} expected positions for every node, missing {missing}")


def graph_layout(graph):
    """Positions ``{name: (x, y)}`` for drawing a :class:`nnbook.graph.Graph`.

    Operations go left to right, one column per step of depth, all at ``y = 0``; each input
    sits one column left of its first user, above or below the operations. This suits the
    chains of this book; for a graph with two operations at one depth, pass your own
    positions to :func:`draw_graph`. Explained in Chapter 2.
    """
    _check_graph(graph, "graph_layout")
    nodes = graph.nodes
    column = {}
    for name, node in nodes.items():  # inputs come before their users, so one pass will do
        if node.op is not None:
            column[name] = 1 + max((column[i] for i in node.inputs if nodes[i].op is not None),
                                   default=0)
    positions = {name: (col, 0.0) for name, col in column.items()}
    inputs_per_column = {}
    for name, node in nodes.items():
        if node.op is None:
            users = [column[user] for user, other in nodes.items() if name in other.inputs]
            col = min(users, default=1) - 1
            k = inputs_per_column.get(col, 0)
            inputs_per_column[col] = k + 1
            positions[name] = (col, (1.4, -1.4, 2.8, -2.8)[k % 4])
    return positions


def graph_figsize(graph, positions=None, scale=1.3):
    """The (width, height) in inches that shows ``graph`` with ``scale`` inches per column.

    Explained in Chapter 2.
    """
    _check_graph(graph, "graph_figsize", positions)
    scale = _positive(scale, "graph_figsize scale")
    positions = graph_layout(graph) if positions is None else positions
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    return scale * (max(xs) - min(xs) + 1.2), scale * (max(ys) - min(ys) + 1.4)


def draw_graph(graph, values=None, grads=None, active=(), title=None, positions=None, ax=None,
               fmt="{:.2f}"):
    """Draw a computational graph with the numbers known so far.

    Inputs are squares holding their name; operations are circles holding their symbol.
    Above each node its name and value (blue), below it the gradient ∂L/∂node (red).

    Parameters
    ----------
    graph : nnbook.graph.Graph
    values, grads : dict of name to float, or None
        The numbers to show; None shows the graph's own ``value`` and ``grad``. A name left
        out (or None) is not known yet and shows no number.
    active : names of nodes to highlight (the step just taken).
    title : str or None
    positions : dict of name to (x, y), or None for :func:`graph_layout`.

    Explained in Chapter 2.
    """
    _check_graph(graph, "draw_graph", positions)
    for name, given in (("values", values), ("grads", grads)):
        if given is not None and not isinstance(given, dict):
            raise TypeError(f"draw_graph expected {name}, a dict of name to number, or None,"
                            f" got {given!r}")
    positions = graph_layout(graph) if positions is None else positions
    if values is None:
        values = {name: node.value for name, node in graph.nodes.items()}
    if grads is None:
        grads = {name: node.grad for name, node in graph.nodes.items()}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    ax = axes_or_new(ax, graph_figsize(graph, positions))
    radius = 0.27
    backing = dict(facecolor="white", edgecolor="none", pad=0.5)
    for name, node in graph.nodes.items():
        x1, y1 = positions[name]
        for source in node.inputs:
            x0, y0 = positions[source]
            dx, dy = x1 - x0, y1 - y0
            length = np.hypot(dx, dy)
            ux, uy = dx / length, dy / length
            ax.annotate("", xy=(x1 - radius * ux, y1 - radius * uy),
                        xytext=(x0 + radius * ux, y0 + radius * uy),
                        arrowprops=dict(arrowstyle="-|>", color="#6b6b6b", lw=1.1))
    for name, node in graph.nodes.items():
        x, y = positions[name]
        edge = COLORS["active"] if name in active else "black"
        width = 3.0 if name in active else 1.0
        if node.op is None:
            shape = plt.Rectangle((x - radius, y - radius), 2 * radius, 2 * radius,
                                  facecolor=COLORS["node"], edgecolor=edge, lw=width, zorder=2)
            inside = name
        else:
            shape = plt.Circle((x, y), radius, facecolor=COLORS["node"], edgecolor=edge, lw=width, zorder=2)
            inside = OP_SYMBOLS.get(node.op, node.op)
        ax.add_patch(shape)
        ax.text(x, y, inside, ha="center", va="center", fontsize=12, zorder=3,
                style="italic" if node.op is None else "normal")
        value, grad = values.get(name), grads.get(name)
        # Above the node: "u = 1.20" (an input shows only its value). Names are italic plain
        # text, not TeX: re-typesetting TeX for every frame of an animation is slow.
        # White boxes behind the numbers keep them readable where an arrow passes.
        top = dict(y=y + radius + 0.08, va="bottom", fontsize=TEXT_PT["small"],
                   color=COLORS["value"], zorder=4, bbox=backing)
        if node.op is None or value is None:
            text = number(value, fmt) if value is not None else name
            ax.text(x, s=text, ha="center", style="normal" if value is not None else "italic", **top)
        else:
            ax.text(x - 0.08, s=name, ha="right", style="italic", **top)
            ax.text(x - 0.01, s="= " + number(value, fmt), ha="left", **top)
        if grad is not None:
            ax.text(x, y - radius - 0.08, number(grad, fmt), ha="center", va="top",
                    fontsize=TEXT_PT["small"], color=COLORS["gradient"], zorder=4, bbox=backing)
    ax.plot([], [], "s", color=COLORS["value"], label=LABELS["value"])
    ax.plot([], [], "s", color=COLORS["gradient"], label=LABELS["gradient"])
    ax.legend(loc="lower right", fontsize=TEXT_PT["small"], frameon=False, ncol=2)
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.75, max(ys) + 0.65)
    ax.set_aspect("equal")
    ax.axis("off")
    if title is not None:
        ax.set_title(title, fontsize=TEXT_PT["small"])
    return ax


def plot_decision_boundary(predict, X, y, ax=None, resolution=150, margin=0.5):
    """Shade where ``predict`` says class 1 (ŷ > 0.5), draw the boundary ŷ = 0.5, and the points.

    Parameters
    ----------
    predict : callable mapping an (M, 2) array of points to (M, 1) probabilities
    X : array (N, 2); y : array (N, 1) of 0s and 1s
    resolution : grid points per side

    Explained in Chapter 2.
    """
    from matplotlib.colors import ListedColormap

    X, y = _decision_args(predict, X, y, resolution, margin)
    ax = axes_or_new(ax, (4, 4))
    (x_lo, y_lo), (x_hi, y_hi) = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, resolution))
    probs = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()])))
    if probs.shape not in ((gx.size, 1), (gx.size,)):
        raise ValueError(f"plot_decision_boundary expected predict to return one probability"
                         f" per point, {(gx.size, 1)} or {(gx.size,)}, got {probs.shape}")
    probs = probs.reshape(gx.shape)
    shades = ListedColormap([COLORS["class0"], COLORS["class1"]])
    ax.contourf(gx, gy, probs, levels=[0.0, 0.5, 1.0], cmap=shades, alpha=0.25)
    if probs.min() < 0.5 < probs.max():
        ax.contour(gx, gy, probs, levels=[0.5], colors="black", linewidths=1.2)
    for label in (0, 1):
        ax.scatter(*X[y == label].T, s=12, color=COLORS[f"class{label}"], edgecolor="white", linewidth=0.4)
    ax.set(xlim=(x_lo, x_hi), ylim=(y_lo, y_hi), xlabel=LABELS["x1"], ylabel=LABELS["x2"], aspect="equal")
    return ax


def _decision_args(predict, X, y, resolution, margin):
    """plot_decision_boundary's arguments, checked: X (N, 2) and y (N,) as arrays."""
    if not callable(predict):
        raise TypeError(f"plot_decision_boundary expected predict, a function of points, got"
                        f" {predict!r}")
    X, y = finite_array(X, "X"), np.ravel(finite_array(y, "y"))
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary expected X of shape (N, 2), got {X.shape}")
    if len(y) != len(X) or len(X) == 0:
        raise ValueError(f"plot_decision_boundary expected one label per point: {len(X)}"
                         f" points, {len(y)} labels")
    if isinstance(resolution, bool) or not isinstance(resolution, numbers.Integral) \
            or resolution < 2:
        raise ValueError(f"resolution must be an integer ≥ 2, got {resolution!r}")
    if not (isinstance(margin, numbers.Real) and np.isfinite(margin) and margin >= 0):
        raise ValueError(f"margin must be a finite number ≥ 0, got {margin!r}")
    return X, y


def graph_frames(graph):
    """Replay ``graph``'s forward then backward pass, one node at a time.

    Returns a list of frames, each a dict with ``values`` and ``grads`` (the numbers known
    after that step, by node name), ``active`` (the node just computed, as a tuple) and
    ``phase`` (``"forward"`` or ``"backward"``). Frame 0 shows only the inputs; the last
    shows every value and gradient. Leaves ``graph`` fully computed. Explained in Chapter 2.
    """
    _check_graph(graph, "graph_frames")
    if all(node.op is None for node in graph.nodes.values()):
        raise ValueError(f"graph_frames expected a graph with at least one operation, got"
                         f" {graph!r}")
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
    ``nnbook.viz.ch1.play(anim)``, whose buttons step one node at a time
    without a kernel. Explained in Chapter 2.
    """
    _check_graph(graph, "graph_animation")
    interval = positive_int(interval, "graph_animation interval")
    frames = graph_frames(graph)
    # Few pixels per frame keep the page light; a smaller figure at a higher dpi keeps
    # the numbers as large as in the book's other figures.
    fig, ax = new_figure(figsize=graph_figsize(graph, scale=1.05), dpi=96)

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
    _check_graph(graph, "graph_stepper")
    limit = _positive(limit, "graph_stepper limit")
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
        fig, ax = new_figure(figsize=graph_figsize(graph))
        _draw_frame(graph, frames[min(step, len(frames) - 1)], ax)
        plt.show()

    output = widgets.interactive_output(show, {"step": step, **sliders})
    pairs = [widgets.HBox(list(sliders.values())[i:i + 2]) for i in range(0, len(sliders), 2)]
    return widgets.VBox([widgets.HBox([play, step]), widgets.VBox(pairs), output])

