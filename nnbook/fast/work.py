"""Introduced in Chapter 4. Work arrays: batch-sized buffers a layer keeps between calls.

Allocating a few megabytes for every batch costs time (fresh pages from the system), so
the fast convolution and pooling keep their buffers in a dict (``layer._work``) and reuse
them while the batch keeps its shape. Each buffer is tagged with the geometry it was made
for (batch shape, padding): a buffer whose border was filled once (zeros, −∞) is reused
only for exactly the same geometry, so an old border can never leak into a new input.
"""

import numpy as np


def work_array(store, name, shape, dtype, fill=None, tag=None):
    """The array ``store[name]`` if it was made for this shape, dtype and ``tag``; else a
    new one, kept there.

    ``fill`` sets a new array's values (a padding border the caller never writes over
    stays as filled); ``tag`` is any value that must also match, e.g. the input's shape
    (two inputs of different sizes can pad to the same size, with the border elsewhere).
    Explained in Chapter 4.
    """
    kept = store.get(name)
    key = (tuple(shape), np.dtype(dtype), tag)
    if kept is not None and kept[0] == key:
        return kept[1]
    array = np.empty(shape, dtype=dtype)
    if fill is not None:
        array.fill(fill)
    store[name] = (key, array)
    return array


def release(store):
    """Forget every work array in ``store`` (after a large predict, say). Explained in Chapter 4."""
    store.clear()


def nbytes(store):
    """The bytes held by the work arrays in ``store``. Explained in Chapter 4."""
    return sum(array.nbytes for _, array in store.values())
