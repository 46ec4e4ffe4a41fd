"""Chapters 5 and 6's figures draw what they say, with the labels of nnbook.viz.style."""

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import animation  # noqa: E402

from nnbook.augment import ImageDataGenerator  # noqa: E402
from nnbook.viz import ch5, ch6  # noqa: E402
from nnbook.viz.style import LABELS  # noqa: E402
from figure_style import figures_keep_the_book_style  # noqa: E402, F401 (autouse)

DIGIT = np.zeros((1, 8, 8))
DIGIT[0, 2:6, 3] = 1.0


def test_transform_gallery_shows_seven_moves_titled():
    fig = ch5.transform_gallery(ImageDataGenerator(), DIGIT, shift=2)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == LABELS["original"] and titles[-1] == LABELS["flip_vertical"]
    flipped = fig.axes[5].images[0].get_array()
    np.testing.assert_array_equal(flipped, DIGIT[0, :, ::-1])
    plt.close(fig)


def test_plot_runs_draws_accuracy_and_gap_per_run():
    logs = {"accuracy": [0.5, 0.9], "val_accuracy": [0.4, 0.8]}
    fig = ch5.plot_runs({"none": logs, "script": logs})
    left, right = fig.axes
    assert left.get_ylabel() == LABELS["val_accuracy"] and right.get_ylabel() == LABELS["gap"]
    np.testing.assert_allclose(right.lines[0].get_ydata(), [0.1, 0.1])
    plt.close(fig)


def test_plot_race_and_explorers():
    ax = ch5.plot_race({"adam": {"loss": [1.0, 0.5]}})
    assert ax.get_yscale() == "log" and ax.get_legend().get_texts()[0].get_text() == "Adam"
    plt.close("all")
    assert isinstance(ch5.augment_explorer(ImageDataGenerator(), DIGIT), widgets.interactive)


def test_gan_figures():
    fig = ch6.plot_saturation()
    left, right = fig.axes
    assert right.get_ylabel() == LABELS["logit_gradient"]
    assert right.lines[0].get_ydata()[0] < 0.01 < 0.99 < right.lines[1].get_ydata()[0]
    xs = np.linspace(-1, 9, 50)
    stages = [(0, np.full(100, 4.0), np.full(50, 0.5)), (10, np.full(100, 5.0), np.full(50, 0.4))]
    fig = ch6.plot_stages(stages, xs, np.exp(-(xs - 4) ** 2))
    assert [ax.get_title() for ax in fig.axes] == ["step 0", "step 10"]
    anim = ch6.gan_animation(stages, xs, np.exp(-(xs - 4) ** 2))
    assert isinstance(anim, animation.Animation) and "<img" in anim.to_jshtml()
    ax = ch6.plot_ring(np.zeros((5, 2)), np.ones((5, 2)), np.eye(2))
    assert len(ax.collections) == 3
    plt.close("all")
    clicks = []
    box = ch6.gan_stepper(lambda: clicks.append(1), lambda ax: ax.plot([0, 1]))
    box.children[0].click()
    assert clicks == [1] and isinstance(box, widgets.VBox)
    plt.close("all")
