"""Tests of Chapter 3's figures and explorer (nnbook.viz.ch3)."""

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook.history import History  # noqa: E402
from nnbook.viz import ch3 as viz3  # noqa: E402
from nnbook.viz.style import COLORS, LABELS  # noqa: E402
from figure_style import figures_keep_the_book_style  # noqa: E402, F401 (autouse)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def images(n):
    return np.random.default_rng(0).random((n, 1, 28, 28), dtype=np.float32)


def titles(fig):
    return [ax.get_title() for ax in fig.axes if ax.get_title()]


def test_image_grid_titles_each_image_with_its_label():
    fig = viz3.image_grid(images(12), np.arange(12) % 10, columns=5)
    assert len(fig.axes) == 15  # 3 rows of 5; the last three stay empty
    assert titles(fig) == [str(i % 10) for i in range(12)]
    assert sum(bool(ax.images) for ax in fig.axes) == 12


def test_image_grid_takes_images_without_a_channel_axis():
    fig = viz3.image_grid(images(3)[:, 0], [1, 2, 3])
    assert titles(fig) == ["1", "2", "3"]


def test_image_grid_shows_predicted_and_true_and_marks_mistakes_in_red():
    fig = viz3.image_grid(images(2), [3, 5], predicted=[3, 8])
    right, wrong = [ax for ax in fig.axes if ax.get_title()]
    assert right.get_title() == "3 (3)" and wrong.get_title() == "8 (5)"
    assert matplotlib.colors.to_hex(wrong.title.get_color()) == COLORS["wrong"]
    assert matplotlib.colors.to_hex(right.title.get_color()) == "#000000"


@pytest.mark.parametrize("shape", [(4, 3, 28, 28), (4, 784), (0, 28, 28)])
def test_image_grid_refuses_other_shapes_and_no_images(shape):
    with pytest.raises(ValueError, match="image_grid"):
        viz3.image_grid(np.zeros(shape), np.zeros(shape[0], dtype=int))


def test_image_grid_refuses_a_label_count_that_does_not_match():
    with pytest.raises(ValueError, match="3 images, 2 labels"):
        viz3.image_grid(images(3), [1, 2])


def history(with_validation=True, with_accuracy=True):
    h = History()
    for epoch in range(3):
        logs = {"loss": 1.0 / (epoch + 1)}
        if with_accuracy:
            logs["accuracy"] = 0.5 + 0.1 * epoch
        if with_validation:
            logs["val_loss"] = 1.2 / (epoch + 1)
            if with_accuracy:
                logs["val_accuracy"] = 0.45 + 0.1 * epoch
        h.record(epoch, logs)
    return h


def test_learning_curves_draw_train_and_validation_for_loss_and_accuracy():
    fig = viz3.plot_learning_curves(history())
    ax_loss, ax_acc = fig.axes
    assert ax_loss.get_ylabel() == LABELS["loss"] and ax_acc.get_ylabel() == LABELS["accuracy"]
    for ax, key in ((ax_loss, "loss"), (ax_acc, "accuracy")):
        train, validation = ax.get_lines()
        assert list(train.get_xdata()) == [1, 2, 3]
        assert np.allclose(train.get_ydata(), history().history[key])
        assert np.allclose(validation.get_ydata(), history().history[f"val_{key}"])


def test_learning_curves_take_the_dict_and_skip_what_is_missing():
    fig = viz3.plot_learning_curves(history(with_validation=False, with_accuracy=False).history)
    assert len(fig.axes) == 1 and len(fig.axes[0].get_lines()) == 1


def test_learning_curves_refuse_a_history_without_loss():
    with pytest.raises(ValueError, match="'loss'"):
        viz3.plot_learning_curves({"accuracy": [0.5]})


def test_loss_curves_over_p_mark_the_values_at_p():
    ax_loss, ax_grad = viz3.loss_curves_over_p(p=0.25)
    marks = {tuple(np.round([*line.get_xdata(), *line.get_ydata()], 6))
             for ax in (ax_loss, ax_grad) for line in ax.get_lines() if len(line.get_xdata()) == 1}
    assert marks == {(0.25, 0.5625), (0.25, round(-np.log(0.25), 6)), (0.25, -1.5), (0.25, -4.0)}


def test_loss_curves_over_p_without_p_draw_only_the_curves():
    ax_loss, ax_grad = viz3.loss_curves_over_p()
    assert [len(ax.get_lines()) for ax in (ax_loss, ax_grad)] == [2, 2]


def test_loss_explorer_has_a_p_slider_starting_where_asked():
    box = viz3.loss_explorer(p=0.3)
    slider, output = box.children
    assert isinstance(slider, widgets.FloatSlider) and slider.value == 0.3
    assert (slider.min, slider.max) == (0.01, 0.99) and isinstance(output, widgets.Output)
