"""Tests of Chapter 2's figures and explorers (nnbook.viz.ch2)."""

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook.graph import Graph  # noqa: E402
from nnbook.toydata import xor_clusters  # noqa: E402
from nnbook.viz import ch2 as viz2  # noqa: E402
from nnbook.viz.style import LABELS  # noqa: E402
from figure_style import figures_keep_the_book_style  # noqa: E402, F401 (autouse)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def neuron():
    g = Graph().input("w", 0.8).input("x", 1.5).op("u", "mul", "w", "x")
    g.input("b", -0.5).op("z", "add", "u", "b").op("a", "sigmoid", "z")
    return g.input("y", 1.0).op("e", "sub", "a", "y").op("L", "square", "e")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_layout_puts_operations_in_a_row_and_inputs_beside_their_users():
    pos = viz2.graph_layout(neuron())
    assert [pos[n] for n in "uzaeL"] == [(1, 0.0), (2, 0.0), (3, 0.0), (4, 0.0), (5, 0.0)]
    assert pos["w"][0] == pos["x"][0] == 0 and pos["w"][1] == -pos["x"][1] != 0
    assert pos["b"][0] == 1 and pos["y"][0] == 3


def test_draw_graph_shows_values_and_gradients_once_known():
    g = neuron()
    ax = viz2.draw_graph(g)
    assert not any("0.11" in t for t in texts(ax))  # nothing computed yet: no numbers
    g.forward()
    ax = viz2.draw_graph(g, grads={})
    assert "L" in texts(ax) and "= 0.11" in texts(ax) and "\u22120.50" in texts(ax)
    assert "\u22120.22" not in texts(ax)
    g.backward()
    ax = viz2.draw_graph(g, active=("w",))
    assert "\u22120.22" in texts(ax) and "1.00" in texts(ax)
    assert ax.patches[0].get_linewidth() == 3.0  # w, the active node, is outlined


def test_every_label_comes_from_labels_or_symbols():
    g = neuron()
    g.forward()
    g.backward()
    ax = viz2.draw_graph(g)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [LABELS["value"], LABELS["gradient"]]
    for symbol in ("$\\times$", "$+$", "$\\sigma$", "$-$", "$(\\cdot)^2$"):
        assert symbol in texts(ax)


def test_plot_decision_boundary_shades_both_classes_and_draws_the_boundary():
    X, y = xor_clusters(40, seed=0)
    ax = viz2.plot_decision_boundary(lambda p: (p[:, :1] * p[:, 1:] < 0).astype(float), X, y,
                                      resolution=40)
    assert ax.get_xlabel() == LABELS["x1"] and ax.get_ylabel() == LABELS["x2"]
    assert len(ax.collections) >= 4  # filled regions, the 0.5 contour, two scatters


def test_plot_decision_boundary_with_a_constant_prediction_draws_no_line():
    X, y = xor_clusters(40, seed=0)
    ax = viz2.plot_decision_boundary(lambda p: np.full((len(p), 1), 0.9), X, y, resolution=20)
    assert ax.get_xlim()[0] < X[:, 0].min()


def test_graph_frames_fill_in_forward_then_backward():
    g = neuron()
    frames = viz2.graph_frames(g)
    assert len(frames) == 1 + 5 + 1 + 5
    assert set(frames[0]["values"]) == {"w", "x", "b", "y"} and frames[0]["grads"] == {}
    assert [f["phase"] for f in frames] == ["forward"] * 6 + ["backward"] * 6
    assert frames[6]["grads"] == {"L": 1.0}
    assert frames[7]["active"] == ("L", "e")
    assert frames[-1]["grads"] == {n: node.grad for n, node in g.nodes.items()}
    assert set(frames[-1]["values"]) == set(g.nodes)


def test_graph_animation_has_one_frame_per_step_and_plays_without_kernel():
    anim = viz2.graph_animation(neuron())
    html = anim.to_jshtml()
    assert html.count("frames[") >= 12 and "<img" in html


def test_graph_stepper_starts_at_the_last_step_and_leaves_the_graph_alone():
    g = neuron()
    panel = viz2.graph_stepper(g)
    assert isinstance(panel, widgets.VBox)
    play, step = panel.children[0].children
    assert step.value == step.max == 11 and play.value == 11
    sliders = [slider for pair in panel.children[1].children for slider in pair.children]
    assert [s.description for s in sliders] == ["w", "x", "b", "y"]
    sliders[0].value = 2.0  # recomputes a copy
    assert g["w"].value == 0.8


def test_play_gives_animation_html_without_network_links():
    import matplotlib.pyplot as plt
    from matplotlib import animation

    from nnbook.viz.ch1 import play

    fig, ax = plt.subplots()
    anim = animation.FuncAnimation(fig, lambda i: [], frames=2)
    html = play(anim).data
    plt.close(fig)
    assert "<script" in html and "http" not in html.split("<script")[0]
    assert "bootstrapcdn" not in html
