"""Introduced in Chapter 5. Progbar: the Keras progress bar, drawn by tqdm.

The classic script trains by hand and reports each batch with Keras's ``Progbar``:

    progbar = Progbar(target=len(x))
    for x_batch, y_batch in batches:
        loss, acc = model.train_on_batch(x_batch, y_batch)
        progbar.add(len(x_batch), values=[("train loss", loss), ("accuracy", acc)])

It shows, for every named value, the running mean over what has been seen so far, each
batch weighted by its size (as Keras's does). The drawing is tqdm's, a well-kept progress
bar that draws in a terminal and, as a widget, in a notebook.
"""

import numbers
import sys

import numpy as np

from nnbook.checks import one_of, positive_int

BAR = ".>="  # tqdm draws the bar with these: empty, partial, full, like Keras's [==>...]


class Progbar:
    """A progress bar with running means, Keras's ``Progbar(target, width=30, verbose=1)``.

    Parameters
    ----------
    target : int or None
        The count at which the work is done (images, or steps); None if unknown.
    width : int
        The bar's width in characters.
    verbose : {0, 1, 2}
        0 silent, 1 a live bar, 2 one line when the work is done.
    display : {"auto", "terminal", "notebook"}
        Where to draw: "auto" picks tqdm's notebook widget inside Jupyter, else text.
    file : a text stream, optional
        Where the text goes (default ``sys.stdout``).

    ``update(current, values)`` sets the count, ``add(n, values)`` advances it by ``n``;
    ``values`` is a list of ``(name, number)`` pairs. ``means()`` gives the running means.
    Explained in Chapter 5.
    """

    def __init__(self, target, width=30, verbose=1, display="auto", file=None):
        self.target = positive_int(target, "Progbar target", allow_none=True)
        self.width = positive_int(width, "Progbar width")
        if verbose not in (0, 1, 2) or isinstance(verbose, bool):
            raise ValueError(f"Progbar verbose must be 0, 1 or 2, got {verbose!r}")
        self.verbose = verbose
        self.display = one_of(display, ("auto", "terminal", "notebook"), "Progbar display")
        if file is not None and not callable(getattr(file, "write", None)):
            raise TypeError(f"Progbar file must be a text stream (with write), got {file!r}")
        self.file = sys.stdout if file is None else file
        self.seen = 0
        self._sums, self._weights = {}, {}
        self._bar = None
        self._closed = False  # a closed bar is not drawn again

    def means(self):
        """The running mean of every value, weighted by the count each came with."""
        return {name: self._sums[name] / self._weights[name] for name in self._sums}

    def text(self):
        """The values as Keras writes them: ``loss: 0.1234 - accuracy: 0.9000``."""
        return " - ".join(f"{name}: {_format(value)}" for name, value in self.means().items())

    def add(self, n, values=None):
        """Advance the count by ``n`` and take in ``values``."""
        self.update(self.seen + positive_int(n, "Progbar.add's n"), values)

    def update(self, current, values=None, finalize=None):
        """Set the count to ``current`` and take in ``values`` [(name, number), ...]; each
        counts with weight current − (the previous count)."""
        if isinstance(current, bool) or not isinstance(current, numbers.Integral) \
                or current < self.seen:
            raise ValueError(f"Progbar.update expected a whole count ≥ {self.seen} (it only"
                             f" moves forward), got {current!r}")
        pairs = _checked_values(values)
        if finalize is not None and not isinstance(finalize, (bool, np.bool_)):
            raise TypeError(f"Progbar.update's finalize must be True, False or None, got"
                            f" {finalize!r}")
        step = max(int(current) - self.seen, 1)
        for name, value in pairs:
            self._sums[name] = self._sums.get(name, 0.0) + value * step
            self._weights[name] = self._weights.get(name, 0) + step
        self.seen = int(current)
        done = finalize if finalize is not None else (
            self.target is not None and self.seen >= self.target)
        if self._closed:
            return
        self._closed = bool(done)
        if self.verbose == 1:
            self._draw(done)
        elif self.verbose == 2 and done:
            print(f"{self.seen}/{self.target or self.seen} - {self.text()}", file=self.file)

    def _draw(self, done):
        if self._bar is None:
            self._bar = self._make_bar()
        self._bar.n = self.seen
        self._bar.set_description_str(f" - {self.text()}" if self._sums else "", refresh=False)
        self._bar.refresh()
        if done:
            self._bar.close()
            self._bar = None

    def _make_bar(self):
        if self.display == "notebook" or (self.display == "auto" and _in_notebook()):
            from tqdm.notebook import tqdm
            return tqdm(total=self.target, mininterval=0.1,  # the widget draws the bar itself
                        bar_format="{n_fmt}/{total_fmt} {bar} {elapsed}{desc}")
        from tqdm import tqdm
        return tqdm(total=self.target, file=self.file, ascii=BAR, mininterval=0.1,
                    bar_format=_bar_format(self.target, self.width))

    def __repr__(self):
        return f"Progbar(target={self.target}, seen={self.seen}, {self.text() or 'no values'})"


def _bar_format(target, width):
    if target is None:
        return "{n_fmt} - {elapsed}{desc}"
    return "{n_fmt}/{total_fmt} [{bar:%d}] - {elapsed}{desc}" % width


def _format(value):
    return f"{value:.4f}" if abs(value) >= 1e-3 or value == 0 else f"{value:.4e}"


def _checked_values(values):
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"Progbar values must be a list of (name, number) pairs, got"
                        f" {type(values).__name__}")
    pairs = []
    for pair in values:
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and isinstance(pair[0], str)):
            raise TypeError(f"Progbar values must be (name, number) pairs, got {pair!r}")
        value = np.asarray(pair[1])
        if value.size != 1 or not np.issubdtype(value.dtype, np.number) \
                or not np.isfinite(value):
            raise ValueError(f"Progbar value {pair[0]!r} must be one finite number, got"
                             f" {pair[1]!r}")
        pairs.append((pair[0], float(value)))
    return pairs


def _in_notebook():
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"
