"""Introduced in Chapter 4. Chapter 4's figures and explorers: inside a trained convolutional network.

Filters, feature maps, a confusion matrix, optimizer paths over a loss surface, and the
ten class probabilities of one digit.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from nnbook.checks import finite_array, positive_int
from nnbook.viz.style import (COLORS, LABELS, TEXT_PT, _index, _positive, _same_length, axes_or_new,
                             new_figure)


def _check_model(model, who):
    """Refuse what is not a model with layers (a Sequential)."""
    if not (hasattr(model, "layers") and hasattr(model, "dtype")):
        raise TypeError(f"{who} expected model, a Sequential, got {model!r}")


def plot_filters(W, columns=8, ax_size=1.0, title=None):
    """The kernels of a convolution layer as small images, one per filter.

    ``W`` is (F, C, kh, kw); channel 0 of each filter is drawn (the first layer of an
    image network has C = 1). Each filter has its own colour scale, symmetric around zero:
    red positive, blue negative, white zero. Returns the figure. Explained in Chapter 4.
    """
    W = finite_array(W, "W")
    if W.ndim != 4:
        raise ValueError(f"plot_filters expected a kernel (F, C, kh, kw), got shape {W.shape}")
    if len(W) == 0:
        raise ValueError(f"plot_filters expected at least one filter, got shape {W.shape}")
    columns = positive_int(columns, "plot_filters columns")
    ax_size = _positive(ax_size, "plot_filters ax_size")
    count = len(W)
    columns = min(columns, count)
    rows = -(-count // columns)
    fig, axes = new_figure(rows, columns, figsize=(columns * ax_size, rows * ax_size + 0.3),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= count:
            continue
        limit = float(np.abs(W[i, 0]).max()) or 1.0
        ax.imshow(W[i, 0], cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(LABELS["map"].format(index=i), fontsize=TEXT_PT["small"])
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
    if not isinstance(maps, (list, tuple)) or not isinstance(names, (list, tuple)):
        raise TypeError(f"plot_feature_maps expected maps, a list of arrays (C, H, W), and"
                        f" names, a list of labels, got {maps!r:.60} and {names!r:.60}")
    if len(maps) != len(names) or not maps:
        raise ValueError(f"plot_feature_maps expected one name per layer: {len(maps)} layers,"
                         f" {len(names)} names")
    maps = [finite_array(m, "maps") for m in maps]
    for layer_maps, name in zip(maps, names):
        if layer_maps.ndim != 3:
            raise ValueError(f"plot_feature_maps expected maps of one image (C, H, W), got"
                             f" shape {layer_maps.shape} for {name!r}")
    columns = positive_int(columns, "plot_feature_maps columns")
    ax_size = _positive(ax_size, "plot_feature_maps ax_size")
    columns = max(columns, max(len(m) for m in maps))
    fig, axes = new_figure(len(maps), columns,
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
        axes[row, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=TEXT_PT["small"])
    fig.tight_layout(pad=0.2)
    return fig


def plot_confusion_matrix(cm, ax=None):
    """A confusion matrix as a table of counts, darker for more; the diagonal is right.

    Rows are true classes, columns predicted ones. Returns the axes. Explained in Chapter 4.
    """
    cm = finite_array(cm, "cm")
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"plot_confusion_matrix expected a square matrix of counts (classes,"
                         f" classes), got shape {cm.shape}")
    ax = axes_or_new(ax, (4.6, 4.2))
    ax.imshow(cm, cmap="Blues")
    classes = np.arange(len(cm))
    ax.set(xticks=classes, yticks=classes, xlabel=LABELS["predicted_class"],
           ylabel=LABELS["true_class"])
    limit = cm.max() / 2
    for t in classes:
        for p in classes:
            if cm[t, p]:
                ax.text(p, t, str(cm[t, p]), ha="center", va="center", fontsize=TEXT_PT["small"],
                        color="white" if cm[t, p] > limit else "black")
    return ax


def plot_optimizer_paths(loss, paths, ax=None, limits=((-2.2, 2.2), (-1.2, 1.2))):
    """Paths of parameter vectors (w1, w2) over the contours of a 2-D loss surface.

    ``loss(w1, w2)`` works on arrays; ``paths`` maps a name (a key of ``COLORS`` and of
    ``LABELS``, or any label) to an array (steps, 2). Returns the axes.
    Explained in Chapter 4.
    """
    if not callable(loss):
        raise TypeError(f"plot_optimizer_paths expected loss, a function loss(w1, w2), got"
                        f" {loss!r}")
    if not isinstance(paths, dict):
        raise TypeError(f"plot_optimizer_paths expected paths, a dict of name to path, got"
                        f" {type(paths).__name__}")
    paths = {name: finite_array(path, f"path {name!r}") for name, path in paths.items()}
    for name, path in paths.items():
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"plot_optimizer_paths expected path {name!r} of shape (steps, 2),"
                             f" got {path.shape}")
    ax = axes_or_new(ax, (7, 3.8))
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
    probabilities = np.ravel(finite_array(probabilities, "probabilities"))
    if probabilities.size == 0:
        raise ValueError("plot_probabilities expected at least one probability, got none")
    ax = axes_or_new(ax, (4, 2.6))
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
    _check_model(model, "layer_outputs")
    x = finite_array(image, "image", model.dtype)[None]
    outputs = []
    for layer in model.layers:
        x = layer.forward(x)
        outputs.append(x[0])
    return outputs


def feature_map_explorer(model, images, labels, layers, index=0, layer=0):
    """Pick a digit and a layer; see that layer's feature maps for the digit.

    ``layers`` maps a short row label to the index of a layer in ``model.layers``, e.g.
    ``{"conv1": 1, "pool2": 7}``. ``index`` and ``layer`` (a position in ``layers``) set
    the starting values, which the saved page shows. Explained in Chapter 4.
    """
    _check_model(model, "feature_map_explorer")
    _same_length("feature_map_explorer", "one label per image", images=images, labels=labels)
    if not isinstance(layers, dict) or not layers:
        raise TypeError(f"feature_map_explorer expected layers, a dict of name to layer index,"
                        f" got {layers!r}")
    for name, k in layers.items():
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < len(model.layers):
            raise ValueError(f"feature_map_explorer expected layers to map names to indexes of"
                             f" model.layers (0 to {len(model.layers) - 1}), got {name!r}: {k!r}")
    _index(index, len(images), "feature_map_explorer index")
    _index(layer, len(layers), "feature_map_explorer layer")
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
    _check_model(model, "probability_explorer")
    _same_length("probability_explorer", "one label per image", images=images, labels=labels)
    _index(index, len(images), "probability_explorer index")
    def show(index):
        fig, (ax_image, ax_bars) = new_figure(1, 2, figsize=(6.5, 2.4),
                                                width_ratios=(1, 2.6))
        ax_image.imshow(np.asarray(images[index]).reshape(images.shape[-2:]), cmap="gray_r")
        ax_image.set_title(LABELS["digit"].format(label=labels[index]), fontsize=TEXT_PT["small"])
        ax_image.axis("off")
        plot_probabilities(model.predict(images[index:index + 1])[0], ax=ax_bars)
        fig.tight_layout()
        plt.show()

    digit = widgets.IntSlider(value=index, min=0, max=len(images) - 1, description="digit",
                              continuous_update=False)
    output = widgets.interactive_output(show, {"index": digit})
    return widgets.VBox([digit, output])

