"""Tests of Chapter 4's figures and explorers (nnbook.viz.ch4)."""

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook.conv import Conv2D  # noqa: E402
from nnbook.pooling import MaxPooling2D  # noqa: E402
from nnbook.layers import Activation, Dense, Flatten, Softmax  # noqa: E402
from nnbook.model import Sequential  # noqa: E402
from nnbook.viz import ch4 as viz4  # noqa: E402
from figure_style import figures_keep_the_book_style  # noqa: E402, F401 (autouse)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def small_model():
    model = Sequential([Conv2D(4, 5, seed=1), Activation("tanh"), MaxPooling2D(2), Flatten(),
                        Dense(10, seed=2), Softmax()], seed=0)
    model.build((1, 28, 28))
    return model


def digits(n):
    return np.random.default_rng(0).random((n, 1, 28, 28), dtype=np.float32)


def test_plot_filters_draws_one_image_per_filter():
    fig = viz4.plot_filters(np.random.default_rng(0).standard_normal((6, 1, 5, 5)), columns=4)
    assert len(fig.axes) == 8 and sum(bool(ax.images) for ax in fig.axes) == 6
    with pytest.raises(ValueError, match=r"\(F, C, kh, kw\)"):
        viz4.plot_filters(np.zeros((5, 5)))


def test_layer_outputs_and_feature_maps():
    model = small_model()
    outputs = viz4.layer_outputs(model, digits(1)[0])
    assert [o.shape for o in outputs] == [(4, 24, 24), (4, 24, 24), (4, 12, 12), (576,), (10,),
                                          (10,)]
    fig = viz4.plot_feature_maps([outputs[0], outputs[2]], ["a", "b"], columns=4)
    assert len(fig.axes) == 8 and sum(bool(ax.images) for ax in fig.axes) == 8
    with pytest.raises(ValueError, match="one name per layer"):
        viz4.plot_feature_maps([outputs[0]], ["a", "b"])


def test_plot_confusion_matrix_writes_each_count():
    cm = np.array([[1, 0, 0], [0, 1, 1], [1, 0, 2]])
    ax = viz4.plot_confusion_matrix(cm)
    assert sorted(t.get_text() for t in ax.texts) == ["1", "1", "1", "1", "2"]


def test_plot_optimizer_paths_draws_each_path():
    def loss(w1, w2):
        return 0.5 * (w1 ** 2 + 10 * w2 ** 2)

    paths = {"plain": np.zeros((5, 2)), "momentum": np.ones((5, 2)) * 0.1}
    ax = viz4.plot_optimizer_paths(loss, paths)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["SGD", "momentum"]


def test_plot_probabilities_marks_the_largest():
    p = np.full(10, 0.05)
    p[3] = 0.55
    ax = viz4.plot_probabilities(p)
    bars = ax.patches
    assert len(bars) == 10 and bars[3].get_facecolor() != bars[0].get_facecolor()


def test_explorers_return_widgets():
    model = small_model()
    images, labels = digits(3), np.array([1, 2, 3])
    box = viz4.feature_map_explorer(model, images, labels, {"conv": 0, "pool": 2},
                                           index=1, layer=1)
    assert isinstance(box, widgets.VBox)
    slider, dropdown = box.children[0].children
    assert slider.value == 1 and slider.max == 2 and dropdown.value == 1
    box = viz4.probability_explorer(model, images, labels, index=2)
    assert isinstance(box, widgets.VBox) and box.children[0].value == 2
