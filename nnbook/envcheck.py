"""Introduced in Chapter 1. Is this machine ready for the book? The check for a first session.

``python -m nnbook.envcheck`` in a terminal, or ``check_environment()`` in a notebook, takes
a few seconds. It prints the versions that matter, then does a little of what the book
does: trains Chapter 1's network on its four rows, trains a small convolutional network on
the bundled MNIST digits, and draws a figure. It ends with one plain line: ready, or not
ready and what to fix. The minimum versions are nnbook's own requirements (its
``pyproject.toml``), read from the installed package, so there is one list, not two.
"""

import importlib.metadata
import importlib.util
import io
import platform
import re
import sys
import time

from nnbook.lang import ByLanguage

# Every text the check prints, in one table per language (nnbook.lang picks one).
MESSAGES_EN = {
    "title": "nnbook environment check",
    "ok": "ok",
    "python": "Python {version}",
    "python_old": "Python {version} is older than 3.10: install Python 3.10 or newer.",
    "package": "{name} {version} (needs {minimum})",
    "missing": "{name} is not installed: run  pip install \"{name}>={minimum}\"",
    "too_old": "{name} {version} is older than {minimum}: run  pip install -U \"{name}>={minimum}\"",
    "nnbook": "nnbook {version}",
    "kernel": "a Jupyter kernel (ipykernel) to run the notebooks",
    "no_kernel": "no Jupyter kernel (ipykernel) is installed: run  pip install jupyterlab",
    "step": "{what} ({seconds:.1f} s)",
    "ch1": "Chapter 1's network learns its four rows",
    "cnn": "a small CNN trains on the bundled MNIST digits",
    "figure": "matplotlib draws a figure",
    "failed": "{what} failed: {error}",
    "ready": "READY: this machine can run every chapter of the book (checked in {seconds:.1f} s).",
    "not_ready": "NOT READY: fix the {n} problem(s) marked ✗ above, then run the check again.",
}
"""The check's texts, by key, in English. Explained in Chapter 1."""

MESSAGES_ZH = {
    "title": "nnbook 环境检查",
    "ok": "正常",
    "python": "Python {version}",
    "python_old": "Python {version} 早于 3.10：请安装 Python 3.10 或更新的版本。",
    "package": "{name} {version}（需要 {minimum}）",
    "missing": "{name} 没有安装：运行  pip install \"{name}>={minimum}\"",
    "too_old": "{name} {version} 早于 {minimum}：运行  pip install -U \"{name}>={minimum}\"",
    "nnbook": "nnbook {version}",
    "kernel": "运行 notebook 所需的 Jupyter 内核（ipykernel）",
    "no_kernel": "没有安装 Jupyter 内核（ipykernel）：运行  pip install jupyterlab",
    "step": "{what}（{seconds:.1f} 秒）",
    "ch1": "第 1 章的网络学会了它的四行数据",
    "cnn": "一个小型 CNN 在随书的 MNIST 数字上完成训练",
    "figure": "matplotlib 能画出图（含中文字体）",
    "failed": "{what}失败：{error}",
    "ready": "就绪：这台机器可以运行本书的每一章（检查用时 {seconds:.1f} 秒）。",
    "not_ready": "未就绪：请修正上面标有 ✗ 的 {n} 个问题，然后再运行一次检查。",
}
"""The check's texts, by key, in Chinese. Explained in Chapter 1."""

MESSAGES = ByLanguage(en=MESSAGES_EN, zh_CN=MESSAGES_ZH)
"""The check's texts, by key, in the book's language. Explained in Chapter 1."""


class EnvironmentReport:
    """What :func:`check_environment` found: ``ready`` (also its truth value), ``lines`` and
    ``problems``. Explained in Chapter 1.
    """

    def __init__(self, lines, problems, seconds):
        self.lines, self.problems, self.seconds = lines, problems, seconds
        self.ready = not problems

    def __bool__(self):
        return self.ready

    def __repr__(self):
        return "\n".join(self.lines)


def _version_tuple(text):
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _packages():
    """(name, installed version or None, minimum) for each of nnbook's requirements."""
    for requirement in importlib.metadata.requires("nnbook") or []:
        name, minimum = re.match(r"([A-Za-z0-9_.\-]+)\s*>=\s*([0-9.]+)", requirement).groups()
        try:
            yield name, importlib.metadata.version(name), minimum
        except importlib.metadata.PackageNotFoundError:
            yield name, None, minimum


def _chapter_1():
    import numpy as np

    from nnbook.twolayer import NeuralNetwork
    x = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    network = NeuralNetwork(x, y, hidden=4, seed=1)
    losses = network.train(1500)
    assert np.all(np.diff(losses) < 0), "the loss did not fall at every iteration"
    assert np.array_equal(network.feedforward().round(), y), "the predictions are not [0, 1, 1, 0]"


def _cnn():
    import numpy as np

    from nnbook.conv import Conv2D
    from nnbook.data import load_mnist, to_categorical
    from nnbook.layers import Activation, Dense, Flatten, Softmax
    from nnbook.model import Sequential
    from nnbook.pooling import MaxPooling2D
    x, y = load_mnist()
    x, y = x[:500], to_categorical(y[:500], 10)
    model = Sequential([Conv2D(4, 5, input_shape=(1, 28, 28), seed=1), Activation("tanh"),
                        MaxPooling2D(2), Flatten(), Dense(10, seed=2), Softmax()], seed=0)
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    before = model.evaluate(x, y, verbose=0)
    model.fit(x, y, batch_size=50, epochs=2, verbose=0)
    assert model.evaluate(x, y, verbose=0) < before, "the loss did not fall"


def _figure():
    import matplotlib
    matplotlib.use("Agg", force=False)  # a notebook keeps its own backend
    from matplotlib.figure import Figure
    figure = Figure(figsize=(2, 2))
    figure.add_subplot().plot([0, 1], [1, 0])
    figure.savefig(io.BytesIO(), format="png")
    from nnbook.lang import language
    if language() != "en":  # the labels need a font with the language's characters
        from nnbook.viz.fonts import cjk_fonts
        cjk_fonts()


def check_environment(out=sys.stdout):
    """Check this machine for the book, print what was found to ``out`` (None: print
    nothing), and return an :class:`EnvironmentReport`. Explained in Chapter 1.
    """
    if out is not None and not callable(getattr(out, "write", None)):
        raise TypeError(f"check_environment expected out, a stream with write() (such as"
                        f" sys.stdout) or None, got {out!r}")
    start = time.perf_counter()
    lines, problems = [MESSAGES["title"]], []

    def report(text, problem=None):
        lines.append(f"  ✗ {problem}" if problem else f"  ✓ {text}")
        if problem:
            problems.append(problem)

    version = platform.python_version()
    report(MESSAGES["python"].format(version=version),
           None if sys.version_info >= (3, 10) else MESSAGES["python_old"].format(version=version))
    report(MESSAGES["nnbook"].format(version=importlib.metadata.version("nnbook")))
    for name, installed, minimum in _packages():
        if installed is None:
            report(None, MESSAGES["missing"].format(name=name, minimum=minimum))
        elif _version_tuple(installed) < _version_tuple(minimum):
            report(None, MESSAGES["too_old"].format(name=name, version=installed, minimum=minimum))
        else:
            report(MESSAGES["package"].format(name=name, version=installed, minimum=minimum))
    has_kernel = importlib.util.find_spec("ipykernel") is not None
    report(MESSAGES["kernel"], None if has_kernel else MESSAGES["no_kernel"])
    if not problems:  # the steps import those packages: with one missing they cannot run
        for key, step in (("ch1", _chapter_1), ("cnn", _cnn), ("figure", _figure)):
            began = time.perf_counter()
            try:
                step()
            except Exception as error:  # the check reports every failure, it never crashes
                report(None, MESSAGES["failed"].format(what=MESSAGES[key], error=error))
            else:
                report(MESSAGES["step"].format(what=MESSAGES[key],
                                               seconds=time.perf_counter() - began))
    seconds = time.perf_counter() - start
    lines.append(MESSAGES["ready"].format(seconds=seconds) if not problems
                 else MESSAGES["not_ready"].format(n=len(problems)))
    result = EnvironmentReport(lines, problems, seconds)
    if out is not None:
        print(result, file=out)
    return result


if __name__ == "__main__":
    sys.exit(0 if check_environment() else 1)
