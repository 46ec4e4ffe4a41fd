"""Tests of Chapter 1's figures, animation and explorer (nnbook.viz.ch1)."""

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook.viz import ch1 as viz1  # noqa: E402
from nnbook.viz.style import LABELS, TABLE_HEADERS  # noqa: E402
from figure_style import figures_keep_the_book_style  # noqa: E402, F401 (autouse)

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_draw_network_draws_one_circle_per_unit_and_the_labels():
    ax = viz1.draw_network(layer_sizes=(3, 4, 1))
    assert len(ax.patches) == 3 + 4 + 1
    texts = [t.get_text() for t in ax.texts]
    assert {"$x$", "$a_1$", r"$\hat{y}$", "$W_1$", "$W_2$"} <= set(texts)


def test_plot_loss_labels_its_axes_and_can_be_logarithmic():
    ax = viz1.plot_loss([4.0, 2.0, 1.0], logy=True)
    assert ax.get_xlabel() == LABELS["iteration"] and ax.get_ylabel() == LABELS["loss"]
    assert ax.get_yscale() == "log" and list(ax.get_lines()[0].get_ydata()) == [4.0, 2.0, 1.0]
    ax = viz1.plot_loss([1.0, 0.5], ax=ax, label="b")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["b"]


def test_plot_predictions_draws_truth_beside_prediction():
    ax = viz1.plot_predictions(Y, [0.1, 0.9, 0.8, 0.2])
    truth, prediction = ax.containers
    assert [b.get_height() for b in truth] == [0, 1, 1, 0]
    assert [round(b.get_height(), 1) for b in prediction] == [0.1, 0.9, 0.8, 0.2]


def test_prediction_table_has_a_row_per_example_and_the_headers():
    html = viz1.prediction_table(X, Y, [0.1, 0.9, 0.8, 0.2]).data
    assert html.count("<tr>") == 1 + 4 and all(h in html for h in TABLE_HEADERS)
    assert "0.100" in html and "0.200" in html


def test_snapshot_iterations_start_at_zero_end_at_the_last_and_are_denser_early():
    steps = viz1.snapshot_iterations(1500, 40)
    assert steps[0] == 0 and steps[-1] == 1500 and len(steps) <= 40
    gaps = np.diff(steps)
    assert gaps[0] < gaps[-1] and np.all(gaps > 0)


def test_watch_it_learn_plays_without_a_kernel():
    anim = viz1.watch_it_learn(X, Y, iterations=50, frames=5, seed=1)
    html = viz1.play(anim).data
    assert "<img" in html and "font-awesome" not in html


def test_two_layer_explorer_starts_from_the_values_given():
    box = viz1.two_layer_explorer(X, Y, hidden=3, iterations=100, seed=2)
    assert isinstance(box, widgets.VBox)
    hidden, learning_rate = box.children[0].children
    iterations, seed = box.children[1].children
    assert (hidden.value, iterations.value, seed.value) == (3, 100, 2)
    assert learning_rate.value == pytest.approx(1.0)


def test_watch_it_learn_keeps_the_title_inside_every_frame():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    anim = viz1.watch_it_learn(X, Y, iterations=1500, frames=6, seed=1)
    fig = anim._fig
    renderer = FigureCanvasAgg(fig).get_renderer()  # the closed figure gets a canvas again
    title = fig.axes[1].title
    for step in viz1.snapshot_iterations(1500, 6):
        anim._func(step)
        fig.draw(renderer)
        box = title.get_window_extent(renderer)
        assert title.get_text() == str(step)
        assert box.y1 <= fig.bbox.y1 and box.y0 >= fig.bbox.y0, (
            f"frame {step}: the title reaches past the figure's top edge")
    anim._draw_was_started = True  # drawn by hand above: no "deleted without rendering" warning
