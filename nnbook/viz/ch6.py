"""Introduced in Chapter 6. Chapter 6's figures and explorer: GAN losses, densities, samples."""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import animation

from nnbook.checks import finite_array, positive_int
from nnbook.viz.style import COLORS, LABELS, TEXT_PT, new_figure


def _curves(xs, p_data, who):
    """``xs`` and ``p_data`` as finite 1-D arrays of one length (≥ 2), or a clear error."""
    xs, p_data = finite_array(xs, "xs"), finite_array(p_data, "p_data")
    if xs.ndim != 1 or len(xs) < 2 or p_data.shape != xs.shape:
        raise ValueError(f"{who} expected xs, at least two points, and p_data, one density"
                         f" per point, got shapes {xs.shape} and {p_data.shape}")
    return xs, p_data


def _stages(stages, who):
    """``stages`` as a non-empty list of (step, fake_samples, d_values), or a clear error."""
    if not isinstance(stages, (list, tuple)) or not stages or not all(
            isinstance(stage, (list, tuple)) and len(stage) == 3 for stage in stages):
        raise ValueError(f"{who} expected stages, a list of (step, fake_samples, d_values),"
                         f" got {stages!r:.80}")
    return stages


def plot_saturation():
    """G's two losses against D(G(z)), and the size of their gradients at D's logit.

    With d = D(G(z)) = σ(s): the minimax loss log(1 − d) has slope −d with respect to s,
    the non-saturating −log d has slope −(1 − d). Returns the figure. Explained in Chapter 6.
    """
    d = np.linspace(0.001, 0.999, 400)
    fig, (left, right) = new_figure(1, 2, figsize=(8.4, 3.0))
    for key, loss, slope in (("minimax", np.log1p(-d), d), ("non_saturating", -np.log(d), 1 - d)):
        left.plot(d, loss, color=COLORS[key], label=LABELS[key])
        right.plot(d, slope, color=COLORS[key], label=LABELS[key])
    left.set(xlabel=LABELS["d_of_fake"], ylabel=LABELS["loss"])
    right.set(xlabel=LABELS["d_of_fake"], ylabel=LABELS["logit_gradient"])
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=TEXT_PT["small"])
    fig.tight_layout()
    return fig


def density_stage(ax, xs, p_data, fake_samples, d_values, bins=60, title=None):
    """One panel in the style of Goodfellow et al.'s Figure 1: the data's density (dotted),
    G's (a histogram of its samples, solid) and D's curve (dashed). Explained in Chapter 6."""
    if not callable(getattr(ax, "plot", None)):
        raise TypeError(f"density_stage expected ax, matplotlib axes, got {ax!r}")
    xs, p_data = _curves(xs, p_data, "density_stage")
    fake_samples, d_values = finite_array(fake_samples, "fake_samples"), finite_array(
        d_values, "d_values")
    if d_values.shape != xs.shape:
        raise ValueError(f"density_stage expected d_values, D's output at each of xs"
                         f" {xs.shape}, got {d_values.shape}")
    bins = positive_int(bins, "density_stage bins")
    ax.plot(xs, p_data, ":", color=COLORS["p_data"], label=LABELS["p_data"])
    density, edges = np.histogram(fake_samples, bins=bins, range=(xs[0], xs[-1]), density=True)
    ax.plot((edges[:-1] + edges[1:]) / 2, density, color=COLORS["p_g"], label=LABELS["p_g"])
    ax.plot(xs, d_values, "--", color=COLORS["d_curve"], label=LABELS["d_curve"])
    ax.set(xlim=(xs[0], xs[-1]), ylim=(0, max(1.05, float(np.max(p_data)) * 1.2)),
           xlabel=LABELS["x"])
    if title is not None:
        ax.set_title(title, fontsize=TEXT_PT["small"])
    return ax


def plot_stages(stages, xs, p_data):
    """Several ``density_stage`` panels side by side. ``stages`` is a list of
    ``(step, fake_samples, d_values)``. Returns the figure. Explained in Chapter 6."""
    stages = _stages(stages, "plot_stages")
    _curves(xs, p_data, "plot_stages")
    fig, axes = new_figure(1, len(stages), figsize=(2.6 * len(stages), 2.6), sharey=True,
                             squeeze=False)
    for ax, (step, samples, d_values) in zip(axes[0], stages):
        density_stage(ax, xs, p_data, samples, d_values, title=LABELS["step"].format(step=step))
    axes[0, 0].legend(fontsize=TEXT_PT["small"], loc="upper left")
    fig.tight_layout()
    return fig


def gan_animation(stages, xs, p_data, interval=150):
    """The 1-D GAN's training as an animation of ``density_stage`` frames; show it with
    ``nnbook.viz.ch1.play``. Explained in Chapter 6."""
    stages = _stages(stages, "gan_animation")  # checked now: the frames are drawn later
    xs, p_data = _curves(xs, p_data, "gan_animation")
    for _, samples, d_values in stages:
        finite_array(samples, "fake_samples")
        if finite_array(d_values, "d_values").shape != xs.shape:
            raise ValueError(f"gan_animation expected d_values, D's output at each of xs"
                             f" {xs.shape}, in every stage, got {np.shape(d_values)}")
    interval = positive_int(interval, "gan_animation interval")
    fig, ax = new_figure(figsize=(5, 2.8), dpi=72)

    def draw(frame):
        ax.clear()
        step, samples, d_values = stages[frame]
        density_stage(ax, xs, p_data, samples, d_values, title=LABELS["step"].format(step=step))
        ax.legend(fontsize=TEXT_PT["small"], loc="upper left")
        return []

    anim = animation.FuncAnimation(fig, draw, frames=len(stages), interval=interval)
    plt.close(fig)
    return anim


def plot_ring(real, fake, centers, ax=None):
    """2-D samples: real ones in grey, G's in red, the ring's centres as crosses.
    Returns the axes. Explained in Chapter 6."""
    real, fake, centers = (finite_array(real, "real"), finite_array(fake, "fake"),
                           finite_array(centers, "centers"))
    for name, points in (("real", real), ("fake", fake), ("centers", centers)):
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"plot_ring expected {name}, points (N, 2), got shape"
                             f" {points.shape}")
    if ax is None:
        _, ax = new_figure(figsize=(3.2, 3.2))
    ax.scatter(*real.T, s=3, color=COLORS["real"], alpha=0.4, label=LABELS["real"])
    ax.scatter(*fake.T, s=3, color=COLORS["fake"], alpha=0.6, label=LABELS["fake"])
    ax.scatter(*centers.T, marker="x", color="black", s=30)
    ax.set_aspect("equal")
    ax.set(xlim=(-3, 3), ylim=(-3, 3), xticks=[], yticks=[])
    return ax


def gan_stepper(step_once, draw_state, label="D then G"):
    """A button that runs ``step_once()`` (one D/G round, or a few) and redraws with
    ``draw_state(ax)``. Explained in Chapter 6."""
    for name, function in (("step_once", step_once), ("draw_state", draw_state)):
        if not callable(function):
            raise TypeError(f"gan_stepper expected {name}, a function, got {function!r}")
    if not isinstance(label, str):
        raise TypeError(f"gan_stepper expected label, a str, got {label!r}")
    output = widgets.Output()
    button = widgets.Button(description=label, layout=widgets.Layout(width="auto"))

    def redraw():
        with output:
            output.clear_output(wait=True)
            fig, ax = new_figure(figsize=(5, 2.8))
            draw_state(ax)
            plt.show()

    def on_click(_):
        step_once()
        redraw()

    button.on_click(on_click)
    redraw()
    return widgets.VBox([button, output])
