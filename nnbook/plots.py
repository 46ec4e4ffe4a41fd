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
    cell = '<{tag} style="padding:3px 14px;text-align:right">{text}</{tag}>'
    head = "".join(cell.format(tag="th", text=h) for h in TABLE_HEADERS)
    rows = "".join(
        "<tr>" + "".join(cell.format(tag="td", text=t) for t in (
            f"<code>{np.array2string(xi)}</code>", f"{yi:g}", f"{pi:.{decimals}f}",
            f"{abs(yi - pi):.{decimals}f}")) + "</tr>"
        for xi, yi, pi in zip(x, y_true, y_pred))
    return HTML(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


# ---------------------------------------------------------------------------------------
# Added in Chapter 2: computational graphs and decision boundaries.

LABELS.update({
    "value": "value",
    "gradient": r"$\partial L / \partial \cdot$",
    "forward": "forward",
    "backward": "backward",
    "x1": "$x_1$",
    "x2": "$x_2$",
    "forward_difference": "forward",
    "central_difference": "central",
})

# The symbol drawn inside each operation's circle, by nnbook.graph operation name.
OP_SYMBOLS = {"add": "$+$", "sub": "$-$", "mul": r"$\times$", "square": r"$(\cdot)^2$",
              "sigmoid": r"$\sigma$"}

COLORS.update({"value": "#2a6db0", "gradient": "#c0392b", "active": "#f0a030",
               "class0": "#4c72b0", "class1": "#dd8452"})


def graph_layout(graph):
    """Positions ``{name: (x, y)}`` for drawing a :class:`nnbook.graph.Graph`.

    Operations go left to right, one column per step of depth, all at ``y = 0``; each input
    sits one column left of its first user, above or below the operations. This suits the
    chains of this book; for a graph with two operations at one depth, pass your own
    positions to :func:`draw_graph`. Explained in Chapter 2.
    """
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


def _number(value, fmt):
    """``value`` formatted with ``fmt``, with a true minus sign (−) instead of a hyphen."""
    return fmt.format(value).replace("-", "\u2212")


def graph_figsize(graph, positions=None, scale=1.3):
    """The (width, height) in inches that shows ``graph`` with ``scale`` inches per column.

    Explained in Chapter 2.
    """
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
    positions = graph_layout(graph) if positions is None else positions
    if values is None:
        values = {name: node.value for name, node in graph.nodes.items()}
    if grads is None:
        grads = {name: node.grad for name, node in graph.nodes.items()}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    ax = _axes(ax, graph_figsize(graph, positions))
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
        top = dict(y=y + radius + 0.08, va="bottom", fontsize=11, color=COLORS["value"],
                   zorder=4, bbox=backing)
        if node.op is None or value is None:
            text = _number(value, fmt) if value is not None else name
            ax.text(x, s=text, ha="center", style="normal" if value is not None else "italic", **top)
        else:
            ax.text(x - 0.08, s=name, ha="right", style="italic", **top)
            ax.text(x - 0.01, s="= " + _number(value, fmt), ha="left", **top)
        if grad is not None:
            ax.text(x, y - radius - 0.08, _number(grad, fmt), ha="center", va="top", fontsize=11,
                    color=COLORS["gradient"], zorder=4, bbox=backing)
    ax.plot([], [], "s", color=COLORS["value"], label=LABELS["value"])
    ax.plot([], [], "s", color=COLORS["gradient"], label=LABELS["gradient"])
    ax.legend(loc="lower right", fontsize=9, frameon=False, ncol=2)
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.75, max(ys) + 0.65)
    ax.set_aspect("equal")
    ax.axis("off")
    if title is not None:
        ax.set_title(title, fontsize=11)
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

    ax = _axes(ax, (4, 4))
    X, y = np.asarray(X), np.ravel(y)
    (x_lo, y_lo), (x_hi, y_hi) = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, resolution))
    probs = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()]))).reshape(gx.shape)
    shades = ListedColormap([COLORS["class0"], COLORS["class1"]])
    ax.contourf(gx, gy, probs, levels=[0.0, 0.5, 1.0], cmap=shades, alpha=0.25)
    if probs.min() < 0.5 < probs.max():
        ax.contour(gx, gy, probs, levels=[0.5], colors="black", linewidths=1.2)
    for label in (0, 1):
        ax.scatter(*X[y == label].T, s=12, color=COLORS[f"class{label}"], edgecolor="white", linewidth=0.4)
    ax.set(xlim=(x_lo, x_hi), ylim=(y_lo, y_hi), xlabel=LABELS["x1"], ylabel=LABELS["x2"], aspect="equal")
    return ax


# ---------------------------------------------------------------------------------------
# Added in Chapter 3: digits, learning curves, and losses over a probability.

LABELS.update({
    "epoch": "epoch",
    "accuracy": "accuracy",
    "train": "train",
    "validation": "validation",
    "p": "$p$",
    "squared_error": "$(1-p)^2$",
    "cross_entropy": r"$-\log p$",
    "loss_at_p": "$L(p)$",
    "grad_at_p": r"$\partial L / \partial p$",
    "digit": "{label}",
    "digit_wrong": "{predicted} ({label})",
})

COLORS.update({"train": "#4c72b0", "validation": "#dd8452", "wrong": "#c0392b",
               "squared_error": "#8172b3", "cross_entropy": "#c44e52"})


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
    images = np.asarray(images)
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
    fig, axes = plt.subplots(rows, columns, figsize=(columns * ax_size, rows * (ax_size + 0.25)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= len(images):
            continue
        ax.imshow(images[i], cmap="gray_r", vmin=0, vmax=max(1.0, float(images.max())))
        if predicted is None:
            ax.set_title(LABELS["digit"].format(label=labels[i]), fontsize=10)
        else:
            guess = np.ravel(predicted)[i]
            color = COLORS["wrong"] if guess != labels[i] else "black"
            ax.set_title(LABELS["digit_wrong"].format(predicted=guess, label=labels[i]),
                         fontsize=10, color=color)
    fig.tight_layout(pad=0.3)
    return fig


def plot_learning_curves(history):
    """Loss and accuracy per epoch, training beside validation, from a ``History``.

    ``history`` is what ``Sequential.fit`` returns (or its ``history`` dict). The accuracy
    panel is drawn only when the history has ``"accuracy"``. Returns the figure.
    Explained in Chapter 3.
    """
    logs = getattr(history, "history", history)
    if "loss" not in logs:
        raise ValueError(f"plot_learning_curves expected a History with 'loss', got keys {list(logs)}")
    panels = ["loss"] + (["accuracy"] if "accuracy" in logs else [])
    fig, axes = plt.subplots(1, len(panels), figsize=(4.5 * len(panels), 3.2), squeeze=False)
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
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9, 3.2))
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


# ---------------------------------------------------------------------------------------
# Added in Chapter 4: filters, feature maps, a confusion matrix, optimizer paths.

LABELS.update({
    "true_class": "true",
    "predicted_class": "predicted",
    "w1": "$w_1$",
    "w2": "$w_2$",
    "class": "class",
    "probability": "probability",
    "map": "{index}",
    "plain": "SGD",
    "momentum": "momentum",
    "nesterov": "Nesterov",
})

COLORS.update({"plain": "#4c72b0", "momentum": "#dd8452", "nesterov": "#55a868",
               "bar": "#4c72b0", "bar_top": "#c44e52"})


def plot_filters(W, columns=8, ax_size=1.0, title=None):
    """The kernels of a convolution layer as small images, one per filter.

    ``W`` is (F, C, kh, kw); channel 0 of each filter is drawn (the first layer of an
    image network has C = 1). Each filter has its own colour scale, symmetric around zero:
    red positive, blue negative, white zero. Returns the figure. Explained in Chapter 4.
    """
    W = np.asarray(W)
    if W.ndim != 4:
        raise ValueError(f"plot_filters expected a kernel (F, C, kh, kw), got shape {W.shape}")
    count = len(W)
    columns = min(columns, count)
    rows = -(-count // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(columns * ax_size, rows * ax_size + 0.3),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= count:
            continue
        limit = float(np.abs(W[i, 0]).max()) or 1.0
        ax.imshow(W[i, 0], cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(LABELS["map"].format(index=i), fontsize=9)
    if title is not None:
        fig.suptitle(title)
    fig.tight_layout(pad=0.3)
    return fig


def plot_feature_maps(maps, names, columns=16, ax_size=0.55):
    """Feature maps of one image, one row of small images per layer.

    ``maps`` is a list of arrays (C, H, W), one per layer, and ``names`` their row labels
    (short, symbolic). Each map has its own grey scale. Returns the figure.
    Explained in Chapter 4.
    """
    if len(maps) != len(names) or not maps:
        raise ValueError(f"plot_feature_maps expected one name per layer: {len(maps)} layers,"
                         f" {len(names)} names")
    columns = max(columns, max(len(m) for m in maps))
    fig, axes = plt.subplots(len(maps), columns,
                             figsize=(columns * ax_size, len(maps) * ax_size + 0.2),
                             squeeze=False)
    for row, (layer_maps, name) in enumerate(zip(maps, names)):
        for col, ax in enumerate(axes[row]):
            ax.set_xticks([])
            ax.set_yticks([])
            if col >= len(layer_maps):
                ax.axis("off")
                continue
            ax.imshow(layer_maps[col], cmap="gray_r")
        axes[row, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=9)
    fig.tight_layout(pad=0.2)
    return fig


def confusion_matrix(y_true, y_pred, classes=10):
    """Counts ``cm[t, p]`` of examples of true class t predicted as p. Explained in Chapter 4."""
    y_true, y_pred = np.ravel(y_true).astype(int), np.ravel(y_pred).astype(int)
    if len(y_true) != len(y_pred):
        raise ValueError(f"confusion_matrix expected as many predictions as labels:"
                         f" {len(y_true)} labels, {len(y_pred)} predictions")
    cm = np.zeros((classes, classes), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def plot_confusion_matrix(cm, ax=None):
    """A confusion matrix as a table of counts, darker for more; the diagonal is right.

    Rows are true classes, columns predicted ones. Returns the axes. Explained in Chapter 4.
    """
    cm = np.asarray(cm)
    ax = _axes(ax, (4.6, 4.2))
    ax.imshow(cm, cmap="Blues")
    classes = np.arange(len(cm))
    ax.set(xticks=classes, yticks=classes, xlabel=LABELS["predicted_class"],
           ylabel=LABELS["true_class"])
    limit = cm.max() / 2
    for t in classes:
        for p in classes:
            if cm[t, p]:
                ax.text(p, t, str(cm[t, p]), ha="center", va="center", fontsize=8,
                        color="white" if cm[t, p] > limit else "black")
    return ax


def plot_optimizer_paths(loss, paths, ax=None, limits=((-2.2, 2.2), (-1.2, 1.2))):
    """Paths of parameter vectors (w1, w2) over the contours of a 2-D loss surface.

    ``loss(w1, w2)`` works on arrays; ``paths`` maps a name (a key of ``COLORS`` and of
    ``LABELS``, or any label) to an array (steps, 2). Returns the axes.
    Explained in Chapter 4.
    """
    ax = _axes(ax, (7, 3.8))
    (x0, x1), (y0, y1) = limits
    w1, w2 = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
    ax.contour(w1, w2, loss(w1, w2), levels=np.geomspace(0.01, 30, 14), colors="0.75",
               linewidths=0.8)
    for name, path in paths.items():
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], ".-", color=COLORS.get(name), markersize=4,
                linewidth=1.2, label=LABELS.get(name, name))
    ax.plot([0], [0], "k*", markersize=10)
    ax.set(xlabel=LABELS["w1"], ylabel=LABELS["w2"], xlim=(x0, x1), ylim=(y0, y1))
    ax.set_aspect("equal")
    ax.legend(loc="upper right")
    return ax


def plot_probabilities(probabilities, ax=None):
    """Ten class probabilities as bars, the largest in red. Returns the axes.
    Explained in Chapter 4."""
    probabilities = np.ravel(probabilities)
    ax = _axes(ax, (4, 2.6))
    colors = [COLORS["bar"]] * len(probabilities)
    colors[int(np.argmax(probabilities))] = COLORS["bar_top"]
    ax.bar(np.arange(len(probabilities)), probabilities, color=colors)
    ax.set(xticks=np.arange(len(probabilities)), ylim=(0, 1), xlabel=LABELS["class"],
           ylabel=LABELS["probability"])
    return ax


def layer_outputs(model, image):
    """The output of every layer of ``model`` for one ``image`` (C, H, W), in order.

    Runs the image through ``model.layers`` one at a time and keeps each output, without
    the batch axis. Explained in Chapter 4.
    """
    x = np.asarray(image, dtype=model.dtype)[None]
    outputs = []
    for layer in model.layers:
        x = layer.forward(x)
        outputs.append(x[0])
    return outputs
