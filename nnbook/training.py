"""Introduced in Chapter 3. fit and evaluate: Sequential's loop over epochs and batches.

``Sequential`` inherits these from ``Training``. Every check of the data happens here,
before the first step: the shapes of x and y against the model's output, NaN and inf,
the validation data. An error never comes after some weights have changed.
"""

import itertools
import time

import numpy as np

from nnbook.checks import (NonFiniteError, all_finite, finite_number, numeric_array, positive_int,
                           true_or_false)
from nnbook.fast.blas import single_blas_thread
from nnbook.history import History
from nnbook.progbar import Progbar


class Training:
    """``fit``, ``evaluate`` and the checks of what they are given. Explained in Chapter 3."""

    PREDICT_CHUNK = 1024
    """The most examples ``predict`` and ``evaluate`` send through the layers at once, so
    that a large ``batch_size`` never holds more work memory than this many need."""

    def fit(self, x, y=None, batch_size=32, epochs=1, verbose=1, validation_split=0.0,
            validation_data=None, shuffle=True, steps_per_epoch=None):
        """Train for ``epochs`` passes over the data; return a ``History``.

        Parameters
        ----------
        x, y : arrays (N, ...) and (N, ...) matching the model's output; or ``x`` an
            iterable of ``(x_batch, y_batch)`` pairs and ``y`` None (Keras's
            ``fit(datagen.flow(x, y), steps_per_epoch=...)``).
        batch_size : int
            Examples per update, for arrays.
        epochs : int
        verbose : int
            0 silent; 1 a progress bar per epoch (Keras's ``Progbar``: examples seen and
            the running means of the loss and metrics); 2 one line per epoch.
        validation_split : float in [0, 1)
            Hold out this fraction of the examples, *the last ones, taken before any
            shuffling* (as Keras), and report ``val_loss`` and ``val_accuracy`` on them.
        validation_data : (x_val, y_val), optional
            Used instead of ``validation_split``.
        shuffle : bool
            Reshuffle the training examples before each epoch (seeded by the model's seed).
        steps_per_epoch : int, optional
            For a stream of batches: how many make an epoch. Needed when the stream is an
            iterator (read once) and ``epochs > 1``; otherwise each epoch is one full pass.

        Everything is checked before the first step. If the loss or a gradient stops being
        finite, fit stops with an error naming the epoch and batch; the weights stay as
        they were before that step.
        """
        self._check_compiled("fit")
        batch_size = self._check_batch_size(batch_size)
        epochs = positive_int(epochs, "epochs")
        if verbose not in (0, 1, 2) or isinstance(verbose, bool):
            raise ValueError(f"fit's verbose must be 0, 1 or 2, got {verbose!r}")
        validation_split = finite_number(validation_split, "validation_split", 0, 1, True)
        shuffle = true_or_false(shuffle, "fit's shuffle")
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError("validation_data must be a pair (x_val, y_val), got"
                                 f" {type(validation_data).__name__}")
            validation_data = self._prepared(*validation_data, "fit's validation_data")
        if y is None:
            if isinstance(x, np.ndarray):
                raise ValueError(
                    "fit got x but no labels y (or give x as an iterable of (x, y) batches)")
            if validation_split:
                raise ValueError("validation_split needs arrays x and y; for a stream of "
                                 "batches give validation_data=(x_val, y_val)")
            epoch_batches = self._stream(x, steps_per_epoch, epochs)
        else:
            x, y = self._prepared(x, y, "fit")
            if validation_split and validation_data is None:
                split_at = int(len(x) * (1 - validation_split))
                if split_at == len(x) or split_at == 0:
                    raise ValueError(
                        f"validation_split={validation_split} of {len(x)} examples leaves"
                        f" {len(x) - split_at} for validation and {split_at} for training;"
                        " both need at least one (use a larger split, or more data)")
                validation_data = (x[split_at:], y[split_at:])
                x, y = x[:split_at], y[:split_at]

            def epoch_batches():
                order = self.rng.permutation(len(x)) if shuffle else np.arange(len(x))
                for start in range(0, len(x), batch_size):
                    batch = order[start:start + batch_size]
                    yield x[batch], y[batch]

        with single_blas_thread():
            history = History()
            for epoch in range(epochs):
                started = time.perf_counter()
                totals, seen = {}, 0
                bar = self._epoch_bar(epoch, epochs, verbose,
                                      steps_per_epoch if y is None else len(x))
                for number, (x_batch, y_batch) in enumerate(epoch_batches(), 1):
                    if y is None:  # a stream's batches are checked one by one
                        x_batch, y_batch = self._prepared(x_batch, y_batch, "fit (a batch)")
                    try:
                        loss, y_pred = self._train_batch(x_batch, y_batch)
                    except (FloatingPointError, NonFiniteError) as error:  # diverged
                        raise FloatingPointError(
                            f"fit stopped in epoch {epoch + 1}, batch {number}: {error}") from None
                    batch_logs = self._logs(loss, y_pred, y_batch)
                    for key, value in batch_logs.items():
                        totals[key] = totals.get(key, 0.0) + value * len(x_batch)
                    seen += len(x_batch)
                    if bar is not None:  # counts examples, or a stream's batches
                        bar.update(number if y is None else seen, list(batch_logs.items()),
                                   finalize=False)  # validation scores come last
                if seen == 0:
                    raise ValueError(f"fit got no training batches in epoch {epoch + 1}")
                logs = {key: total / seen for key, total in totals.items()}
                if validation_data is not None:
                    scores = self.evaluate(*validation_data, batch_size=batch_size, verbose=0,
                                           return_dict=True)
                    logs.update({"val_" + key: value for key, value in scores.items()})
                history.record(epoch, logs)
                if bar is not None:  # the validation scores join the bar's last line
                    bar.update(bar.seen, [(k, v) for k, v in logs.items() if k.startswith("val_")],
                               finalize=True)
                elif verbose:
                    seconds = time.perf_counter() - started
                    print(f"Epoch {epoch + 1}/{epochs} - {seconds:.1f}s - " + _format(logs))
            return history

    @staticmethod
    def _epoch_bar(epoch, epochs, verbose, target):
        """Keras's per-batch bar for ``verbose=1`` (None for 0 and 2: a line per epoch);
        ``target`` counts examples, or the batches of a stream (None if unknown)."""
        if verbose != 1:
            return None
        print(f"Epoch {epoch + 1}/{epochs}")
        return Progbar(target)

    def _stream(self, batches, steps_per_epoch, epochs):
        """A function giving one epoch's batches from an iterable of (x, y) pairs."""
        try:
            stream = iter(batches)
        except TypeError:
            raise TypeError(f"fit expected arrays x and y, or x as an iterable of (x, y)"
                            f" batches, got {type(batches).__name__}") from None
        if steps_per_epoch is not None:
            steps = positive_int(steps_per_epoch, "steps_per_epoch")
            if stream is not batches:  # a list (re-iterable): restart it every epoch
                return lambda: itertools.islice(iter(batches), steps)
            return lambda: itertools.islice(stream, steps)
        if stream is batches and epochs > 1:
            raise ValueError("an iterator of batches can be read only once: give fit"
                             " steps_per_epoch, e.g. len(x) // batch_size")
        return lambda: iter(batches)

    def evaluate(self, x, y, batch_size=32, verbose=1, return_dict=False):
        """Loss (and metrics) on ``x``, ``y`` without training.

        Returns the loss as a float, or ``[loss, accuracy]`` when compiled with metrics
        (a dict with ``return_dict=True``), as Keras. Batch means are weighted by batch size.
        """
        self._check_compiled("evaluate")
        batch_size = min(self._check_batch_size(batch_size), self.PREDICT_CHUNK)
        if verbose not in (0, 1, 2) or isinstance(verbose, bool):
            raise ValueError(f"evaluate's verbose must be 0, 1 or 2, got {verbose!r}")
        true_or_false(return_dict, "evaluate's return_dict")
        x, y = self._prepared(x, y, "evaluate")
        totals = {}
        with single_blas_thread():
            for start in range(0, len(x), batch_size):
                x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
                y_pred = self.forward(x_batch)
                batch = self._logs(self.loss.forward(y_pred, y_batch), y_pred, y_batch)
                for key, value in batch.items():
                    totals[key] = totals.get(key, 0.0) + value * len(x_batch)
        self.release_work()
        logs = {key: total / len(x) for key, total in totals.items()}
        if verbose:
            print(_format(logs))
        return logs if return_dict else self._as_keras_result(logs)

    # --- checks ----------------------------------------------------------------------------

    @staticmethod
    def _check_batch_size(batch_size):
        return positive_int(batch_size, "batch_size")

    def _prepared_x(self, x, who):
        """x as a non-empty, finite array of the model's dtype."""
        if not self.layers:
            raise RuntimeError(f"Sequential.{who}: the model has no layers yet: add some first")
        x = all_finite(numeric_array(x, f"{who}'s x", self.dtype), f"{who}'s x")
        if x.ndim == 0 or len(x) == 0:
            raise ValueError(f"Sequential.{who} got no examples: x has shape {x.shape}")
        return x

    def _prepared(self, x, y, who):
        """x and y cast to the model's dtype, finite, as many of each, y shaped as the
        model's output for x."""
        x = self._prepared_x(x, who)
        y = all_finite(numeric_array(y, f"{who}'s y", self.dtype), f"{who}'s y")
        if y.ndim == 0 or len(x) != len(y):
            raise ValueError(f"Sequential.{who} expected as many labels as examples, got x of"
                             f" shape {x.shape} and y of shape {y.shape}")
        output_shape = self._output_shape(x.shape[1:])
        if y.shape[1:] != output_shape:
            hint = ""
            if y.ndim == 1 and output_shape[-1:] != (1,):
                hint = (" (integer labels become one-hot with"
                        f" nnbook.data.to_categorical(y, {output_shape[-1]}))")
            elif y.ndim == 1:
                hint = " (a flat list of labels becomes a column with y.reshape(-1, 1))"
            raise ValueError(f"Sequential.{who}: the model's output has shape"
                             f" {(len(x), *output_shape)} but y has shape {y.shape}{hint}")
        return x, y

    def _output_shape(self, example_shape):
        """The model's output shape for one example of ``example_shape`` (kept per shape)."""
        known = self.__dict__.setdefault("_output_shapes", {})
        if example_shape not in known:
            known[example_shape] = self.output_shapes(example_shape)[-1][1:]
        return known[example_shape]


def _format(logs):
    return " - ".join(f"{key}: {value:.4f}" for key, value in logs.items())
