"""Introduced in Chapter 5. The flow: an endless stream of augmented batches.

``ImageDataGenerator.flow(x, y)`` returns the iterator defined here. Each call to ``next``
takes the next ``batch_size`` images of the current pass over the data, moves each one at
random and standardises the batch; when a pass ends, the next one starts in a new random
order. It never stops, so ``Sequential.fit`` is told how many batches make an epoch:
``model.fit(datagen.flow(x, y, batch_size=32), steps_per_epoch=len(x) // 32, epochs=3)``.
"""

import numbers

import numpy as np

from nnbook.checks import finite_array, positive_int


class NumpyArrayIterator:
    """What ``ImageDataGenerator.flow`` returns: batches of augmented images, forever.

    ``iter(flow) is flow``; ``next(flow)`` gives the next batch; ``len(flow)`` is the
    number of batches in one pass, the last one possibly smaller (Keras's name and
    behaviour). Seeded by ``seed``, or else by a draw from the generator's own seed.
    Explained in Chapter 5.
    """

    def __init__(self, generator, x, y=None, batch_size=32, shuffle=True, seed=None):
        if not hasattr(generator, "_images"):
            raise TypeError(f"NumpyArrayIterator expected generator, an ImageDataGenerator,"
                            f" got {generator!r} (make one with ImageDataGenerator().flow)")
        x = generator._images(x, "flow")
        if y is not None:
            y = finite_array(y, "flow's y")
            if y.ndim == 0 or len(y) != len(x):
                raise ValueError("ImageDataGenerator.flow expected as many labels as images,"
                                 f" got {len(x)} images and y of shape {y.shape}")
        self.batch_size = positive_int(batch_size, "batch_size")
        self.shuffle = flag(shuffle, "shuffle")
        seed = seed_value(seed)
        generator._check_fitted("flow", x.shape)
        self.generator, self.y = generator, y
        self.x = np.ascontiguousarray(x, dtype=float_dtype(x.dtype))
        self.n = len(x)
        self.rng = np.random.default_rng(generator._rng.integers(2 ** 63) if seed is None
                                         else seed)
        self._order, self._position = None, 0

    def __iter__(self):
        return self

    def __len__(self):
        return -(-self.n // self.batch_size)

    def __next__(self):
        if self._order is None or self._position >= self.n:  # a new pass
            self._order = self.rng.permutation(self.n) if self.shuffle else np.arange(self.n)
            self._position = 0
        index = self._order[self._position:self._position + self.batch_size]
        self._position += self.batch_size
        batch = self.generator._standardized(self.generator._moved(self.x, index, self.rng))
        return batch if self.y is None else (batch, self.y[index])


def flag(value, name):
    """``value`` if it is True or False, else an error naming ``name``. Explained in Chapter 5."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)


def seed_value(seed):
    """``seed`` as None or an int ≥ 0, else a clear error. Explained in Chapter 5."""
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be None or an integer ≥ 0, got {seed!r}")
    return int(seed)


def float_dtype(dtype):
    """``dtype`` if it is a float type, else float32 (integer images become float32).
    Explained in Chapter 5."""
    try:
        kind = np.dtype(dtype).kind
    except TypeError:
        raise TypeError(f"float_dtype expected dtype, a numpy dtype, got {dtype!r}") from None
    return dtype if kind == "f" else np.dtype(np.float32)
