"""Progbar: Keras's running means, drawn by tqdm in a terminal and in a notebook."""

import io

import pytest

from nnbook.progbar import Progbar


def test_running_means_are_weighted_by_the_count_each_value_came_with():
    out = io.StringIO()
    bar = Progbar(100, display="terminal", file=out)
    bar.add(20, values=[("train loss", 1.0), ("accuracy", 0.5)])
    bar.add(60, values=[("train loss", 0.5), ("accuracy", 1.0)])
    assert bar.means() == pytest.approx({"train loss": (20 + 30) / 80,
                                         "accuracy": (10 + 60) / 80})
    bar.update(100, values=[("train loss", 0.25), ("accuracy", 0.0)])
    assert bar.means() == pytest.approx({"train loss": (20 + 30 + 5) / 100,
                                         "accuracy": 70 / 100})
    text = out.getvalue()
    states = text.strip().split("\r")
    assert states[-1] == ("100/100 [==============================] - 00:00"
                          " - train loss: 0.5500 - accuracy: 0.7000")
    assert "80/100 [========================......] - 00:00 - train loss: 0.6250" in text
    assert text.endswith("\n")  # closed at the target


def test_verbose_2_writes_one_line_at_the_end_and_0_nothing():
    out = io.StringIO()
    bar = Progbar(4, verbose=2, file=out)
    bar.add(2, [("loss", 2.0)])
    assert out.getvalue() == ""
    bar.add(2, [("loss", 1.0)])
    assert out.getvalue() == "4/4 - loss: 1.5000\n"
    quiet = io.StringIO()
    Progbar(4, verbose=0, file=quiet).add(4, [("loss", 1.0)])
    assert quiet.getvalue() == ""


def test_draws_as_a_widget_in_a_notebook():
    pytest.importorskip("ipywidgets")
    bar = Progbar(10, display="notebook")
    bar.add(5, [("loss", 0.5)])
    widget = bar._bar
    assert widget.container.children[1].value == 5  # the FloatProgress bar
    left, right = (w.value.replace("\u2007", " ") for w in widget.container.children[::2])
    assert left.strip() == "5/10" and right.endswith("00:00 - loss: 0.5000")
    bar.add(5, [("loss", 0.25)])
    assert bar._bar is None  # closed at the target


def test_an_unknown_target_counts_without_a_bar():
    out = io.StringIO()
    bar = Progbar(None, display="terminal", file=out)
    bar.add(3, [("loss", 1.0)])
    bar.update(6, [("loss", 0.0)], finalize=True)
    assert out.getvalue().strip().split("\r")[-1] == "6 - 00:00 - loss: 0.5000"


@pytest.mark.parametrize("call, error, message", [
    (lambda: Progbar(0), ValueError, "target must be a positive integer"),
    (lambda: Progbar("10"), TypeError, "target must be a positive integer"),
    (lambda: Progbar(10, verbose=3), ValueError, "verbose must be 0, 1 or 2"),
    (lambda: Progbar(10, display="web"), ValueError, "unknown Progbar display 'web'"),
    (lambda: Progbar(10, verbose=0).add(-1), ValueError, "n must be a positive integer"),
    (lambda: Progbar(10, verbose=0).update(-2), ValueError, "only moves forward"),
    (lambda: Progbar(10, verbose=0).add(1, [("loss", float("nan"))]), ValueError,
     "'loss' must be one finite number"),
    (lambda: Progbar(10, verbose=0).add(1, {"loss": 1.0}), TypeError, "list of"),
    (lambda: Progbar(10, verbose=0).add(1, [("loss",)]), TypeError, r"\(name, number\) pairs"),
])
def test_bad_input_is_refused_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_closed_bar_is_not_drawn_again_and_fit_draws_one_bar_per_epoch(capsys):
    import numpy as np

    from nnbook.layers import Dense, Softmax
    from nnbook.model import Sequential

    out = io.StringIO()
    bar = Progbar(2, display="terminal", file=out)
    bar.add(2, [("loss", 1.0)])
    drawn = out.getvalue()
    bar.add(1, [("loss", 0.0)])
    assert out.getvalue() == drawn and bar.means() == {"loss": 2 / 3}
    model = Sequential([Dense(2, input_dim=3, seed=0), Softmax()])
    model.compile("sgd", "categorical_crossentropy")
    rng = np.random.default_rng(0)
    batches = [(rng.random((4, 3)), np.eye(2)[[0, 1, 0, 1]]) for _ in range(5)]
    model.fit(batches, epochs=2, steps_per_epoch=5, verbose=1)
    text = capsys.readouterr().out
    assert text.count("0/5 [") == 2 and text.count("5/5 [") >= 2  # steps of a stream
    assert text.count("\n") == 4  # "Epoch k/2" and one closed bar per epoch
