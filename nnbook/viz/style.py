"""Introduced in Chapter 1. The one place figure text and colours are set.

Figure text is kept short and symbolic, and all of it is in ``LABELS`` (or, for the
symbols of a computational graph, ``OP_SYMBOLS``), with one table per language
(``nnbook.lang``), so the Chinese edition's figures need no other change. Each chapter's
figures (``nnbook.viz.ch1`` ...) draw with these.
"""

import numbers

import matplotlib.pyplot as plt
import numpy as np

from nnbook.checks import finite_number
from nnbook.lang import ByLanguage, language
from nnbook.viz.fonts import cjk_fonts

LABELS_EN = {
    # Chapter 1: a loss curve, predictions against the truth.
    "iteration": "iteration",
    "loss": "loss $L$",
    "example": "example",
    "truth": "$y$",
    "prediction": r"$\hat{y}$",
    # Chapter 2: computational graphs, gradient checks, decision boundaries.
    "value": "value",
    "gradient": r"$\partial L / \partial \cdot$",
    "forward": "forward",
    "backward": "backward",
    "x1": "$x_1$",
    "x2": "$x_2$",
    "forward_difference": "forward",
    "central_difference": "central",
    # Chapter 3: digits, learning curves, losses over a probability.
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
    # Chapter 4: filters, feature maps, a confusion matrix, optimizer paths.
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
    # Chapter 5: augmentation, runs compared, optimizers raced.
    "original": "original",
    "theta": r"$\theta = {value:g}°$",
    "shift_rows": "$t_x = {value:g}$",
    "shift_columns": "$t_y = {value:g}$",
    "flip_horizontal": "flip ↔",
    "flip_vertical": "flip ↕",
    "val_accuracy": "validation accuracy",
    "gap": "train − validation",
    "train_loss": "training loss",
    "none": "none",
    "script": "script",
    "no_flips": "no flips",
    "mild": "mild",
    "dropout": "Dropout(0.5)",
    "sgd_nesterov": "SGD (Nesterov)",
    "adagrad": "Adagrad",
    "adadelta": "Adadelta",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    # Chapter 6: GAN losses, densities, a ring of Gaussians.
    "d_of_fake": "$D(G(z))$",
    "minimax": r"$\log(1 - D(G(z)))$",
    "non_saturating": r"$-\log D(G(z))$",
    "logit_gradient": r"$|\partial \ell / \partial s|$",
    "p_data": r"$p_{data}$",
    "p_g": "$p_g$",
    "d_curve": "$D(x)$",
    "x": "$x$",
    "step": "step {step}",
    "real": "real",
    "fake": "$G(z)$",
}
"""Every text drawn in a figure, by key, in English. Explained in Chapter 1."""

# The Chinese edition translates the words; symbols, names and formats stay as they are.
LABELS = ByLanguage(en=LABELS_EN, zh_CN={**LABELS_EN, **{
    "iteration": "迭代",
    "loss": "损失",
    "example": "样本",
    "value": "值",
    "forward": "前向",
    "backward": "反向",
    "forward_difference": "前向差分",
    "central_difference": "中心差分",
    "epoch": "轮",
    "accuracy": "准确率",
    "train": "训练",
    "validation": "验证",
    "true_class": "真实类别",
    "predicted_class": "预测类别",
    "class": "类别",
    "probability": "概率",
    "momentum": "动量",
    "original": "原图",
    "flip_horizontal": "水平翻转 ↔",
    "flip_vertical": "垂直翻转 ↕",
    "val_accuracy": "验证准确率",
    "gap": "训练 − 验证",
    "train_loss": "训练损失",
    "none": "不增强",
    "script": "原脚本",
    "no_flips": "不翻转",
    "mild": "轻度",
    "step": "第 {step} 步",
    "real": "真实",
}})
"""Every text drawn in a figure, by key, in the book's language (``nnbook.lang``): symbols
stay symbols, words are translated. Explained in Chapter 1."""

TABLE_HEADERS = ("x", "y", "ŷ", "|y − ŷ|")
"""Column heads of ``prediction_table``, in plain text: tables are HTML, where TeX is not
typeset. Explained in Chapter 1."""

OP_SYMBOLS = {"add": "$+$", "sub": "$-$", "mul": r"$\times$", "square": r"$(\cdot)^2$",
              "sigmoid": r"$\sigma$"}
"""The symbol drawn inside each operation's circle, by ``nnbook.graph`` operation name.
Explained in Chapter 2."""

COLORS = {
    # Chapter 1
    "truth": "#4c72b0", "prediction": "#dd8452", "loss": "#c44e52", "node": "#f5f5f5",
    # Chapter 2
    "value": "#2a6db0", "gradient": "#c0392b", "active": "#f0a030",
    "class0": "#4c72b0", "class1": "#dd8452",
    # Chapter 3
    "train": "#4c72b0", "validation": "#dd8452", "wrong": "#c0392b",
    "squared_error": "#8172b3", "cross_entropy": "#c44e52",
    # Chapter 4
    "plain": "#4c72b0", "momentum": "#dd8452", "nesterov": "#55a868",
    "bar": "#4c72b0", "bar_top": "#c44e52",
    # Chapter 5
    "none": "#4c72b0", "script": "#c44e52", "no_flips": "#dd8452", "mild": "#8172b3",
    "dropout": "#55a868",
    "sgd_nesterov": "#55a868", "adagrad": "#8172b3", "adadelta": "#937860",
    "rmsprop": "#da8bc3", "adam": "#c44e52",
    # Chapter 6
    "minimax": "#c44e52", "non_saturating": "#4c72b0", "p_data": "#222222",
    "p_g": "#55a868", "d_curve": "#4c72b0", "real": "#888888", "fake": "#c44e52",
}
"""The colour of each kind of mark, by key. Explained in Chapter 1."""


# --- size and colours that read on a phone and in dark mode ---------------------------------
#
# A figure is shown at most as wide as the page's column: 688 px on a laptop, 358 px on a
# 390-px phone. Text of p points in a figure w inches wide is then p * 358 / (72 * w) px on
# the phone, whatever the dpi, so 11-pt text in a figure at most 6.4 in wide stays above
# 8 px. The browser test (browser_tests/) measures the same on every page.

SMALLEST_TEXT_PT = 11
"""The smallest text in any figure, in points. The figures' machinery, not explained in the book."""

MAX_WIDTH_IN = 6.4
"""The widest figure, in inches. The figures' machinery, not explained in the book."""

TEXT_PT = {"small": SMALLEST_TEXT_PT, "normal": 12, "large": 14}
"""Font sizes by role: ``small`` for ticks, legends and numbers inside marks. The figures'
machinery, not explained in the book."""

STYLE = {
    "font.size": TEXT_PT["normal"],
    "axes.titlesize": TEXT_PT["normal"],
    "axes.labelsize": TEXT_PT["normal"],
    "xtick.labelsize": TEXT_PT["small"],
    "ytick.labelsize": TEXT_PT["small"],
    "legend.fontsize": TEXT_PT["small"],
    "legend.title_fontsize": TEXT_PT["small"],
    "figure.titlesize": TEXT_PT["large"],
    "figure.figsize": (MAX_WIDTH_IN, 3.6),
    # Black text on white in the light and the dark theme alike (the web book's dark mode
    # shows figures on a white card): never a transparent background.
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
}
"""matplotlib settings every figure of the book is drawn with (applied on import of this
module). The figures' machinery, not explained in the book."""


def use_book_style():
    """Apply ``STYLE`` to matplotlib, with a Chinese font after the usual one when the book's
    language is Chinese (DejaVu Sans still draws the Latin letters and digits, as in the
    English figures). The figures' machinery, not explained in the book.
    """
    plt.rcParams.update(STYLE)
    if language() != "en":
        plt.rcParams["font.family"] = ["DejaVu Sans", *cjk_fonts()]


def fit_width(figsize):
    """``figsize`` (inches), scaled down to at most ``MAX_WIDTH_IN`` wide, aspect kept.

    The figures' machinery, not explained in the book.
    """
    width, height = figsize
    scale = min(1.0, MAX_WIDTH_IN / width)
    return (width * scale, height * scale)


def new_figure(rows=1, columns=1, figsize=(MAX_WIDTH_IN, 3.6), **kwargs):
    """``plt.subplots`` with ``figsize`` fitted to ``MAX_WIDTH_IN``: ``(fig, axes)``.

    The figures' machinery, not explained in the book.
    """
    return plt.subplots(rows, columns, figsize=fit_width(figsize), **kwargs)


def axes_or_new(ax, figsize):
    """``ax``, or the axes of a new figure of ``figsize`` inches when ``ax`` is None.

    The figures' machinery, not explained in the book.
    """
    if ax is None:
        _, ax = new_figure(figsize=figsize)
    return ax


use_book_style()


def number(value, fmt):
    """``value`` formatted with ``fmt``, with a true minus sign (−) instead of a hyphen.

    The figures' machinery, not explained in the book.
    """
    return fmt.format(value).replace("-", "\u2212")


# --- the figures' doors: checks of what a figure or an explorer is given ------------------


def _positive(value, name):
    """``value`` as a finite number > 0 (a size, a scale), or an error naming ``name``."""
    value = finite_number(value, name)
    if not value > 0:
        raise ValueError(f"{name} must be in (0, ∞), got {value:g}")
    return value


def _slider(value, low, high, name):
    """Refuse a starting ``value`` outside its slider's range (a slider would clamp it)."""
    finite_number(value, name)
    if not low <= value <= high:
        raise ValueError(f"{name} must be in [{low}, {high}] (its slider's range), got {value!r}")
    return value


def _index(value, count, name):
    """``value`` as an index in [0, count), or an error naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer in [0, {count - 1}], got {value!r}")
    if not 0 <= value < count:
        raise ValueError(f"{name} must be in [0, {count - 1}], got {value!r}")
    return int(value)


def _same_length(who, what, **arrays):
    """Refuse ``arrays`` (by name) that do not all have one length."""
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        counts = ", ".join(f"{n} in {name}" for name, n in lengths.items())
        raise ValueError(f"{who} expected {what}: {counts}")
