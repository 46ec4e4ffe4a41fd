"""Introduced in Chapter 5. Moving pixels: affine maps and bilinear resampling, a batch at once.

A rotated or shifted image is easiest to compute backwards. For every pixel ``p`` of the
output, ask where in the input it comes from, and read the input there:

    p_in = A p_out + b        (p = (row, column), one 2x2 matrix A and offset b per image)

``p_in`` is rarely a whole pixel, so the value there is interpolated from the four pixels
around it, each weighted by how near it is (bilinear interpolation, Keras's default
``interpolation_order=1``). Where ``p_in`` is a whole pixel, the weights are exactly 1 and
0 and the pixel is copied unchanged: a whole-pixel shift or a 90° turn moves values, it
does not blur them. A point outside the image reads from the image extended by
``fill_mode``:

    "constant"  k k k k | a b c d | k k k k   (k = cval)
    "nearest"   a a a a | a b c d | d d d d   (Keras's default)
    "reflect"   d c b a | a b c d | d c b a
    "wrap"      a b c d | a b c d | a b c d

Every image gets its own A and b, yet the whole batch is resampled at once: the four
neighbours of every output pixel of every image are one array of indices each, read with
one ``np.take`` from the flat array of all the images.

Keras describes one image's move as a dictionary (``theta``, ``tx``, ``ty``, ...):
``NEUTRAL`` holds its keys at the values that change nothing, ``checked_transform`` checks
one, and ``random_shifts`` draws shifts the way Keras reads a shift range.
"""

import numbers

import numpy as np

from nnbook.checks import finite_number

FILL_MODES = ("constant", "nearest", "reflect", "wrap")

NEUTRAL = {"theta": 0.0, "tx": 0.0, "ty": 0.0, "shear": 0.0, "zx": 1.0, "zy": 1.0,
           "flip_horizontal": False, "flip_vertical": False,
           "channel_shift_intensity": None, "brightness": None}
"""Keras's transform dictionary, each key at the value that changes nothing."""


def affine_maps(shape, theta=0.0, tx=0.0, ty=0.0, shear=0.0, zx=1.0, zy=1.0,
                flip_horizontal=False, flip_vertical=False):
    """Per-image maps from output to input pixels: ``A`` (N, 2, 2) and ``b`` (N, 2).

    ``shape`` is the images' (H, W); each parameter is a number or an array (N,), as in
    Keras's transform dictionary: ``theta`` degrees (positive turns the picture
    counter-clockwise as displayed, so 90 is ``np.rot90``), ``tx`` and ``ty`` pixels along
    rows (height) and columns (width) (positive moves the picture up / left), ``shear``
    degrees, ``zx`` and ``zy`` zoom of columns and rows (as in Keras, 2 shows twice as much
    of the picture at half the size), flips of the output. The pieces compose about the image centre ``o`` as Keras
    composes them (rotation, then shift, shear, zoom; flips last):

        p_in = o + R (t + S Z F (p_out - o)).

    Explained in Chapter 5.
    """
    theta, tx, ty, shear, zx, zy, flip_h, flip_v = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype=np.float64)) for v in
          (theta, tx, ty, shear, zx, zy, flip_horizontal, flip_vertical)))
    centre = np.array([(shape[0] - 1) / 2, (shape[1] - 1) / 2])
    one, zero = np.ones_like(theta), np.zeros_like(theta)
    cos, sin = _exact(np.cos(np.deg2rad(theta))), _exact(np.sin(np.deg2rad(theta)))
    rotation = _stack(cos, sin, -sin, cos)
    shear_cos, shear_sin = _exact(np.cos(np.deg2rad(shear))), _exact(np.sin(np.deg2rad(shear)))
    rest = (_stack(shear_cos, zero, -shear_sin, one)                     # S
            @ _stack(zy, zero, zero, zx)                                 # Z
            @ _stack(np.where(flip_v, -1.0, 1.0), zero, zero, np.where(flip_h, -1.0, 1.0)))
    matrix = rotation @ rest
    shift = rotation @ np.stack([tx, ty], axis=-1)[..., None]
    offset = centre + shift[..., 0] - matrix @ centre
    return matrix, offset


def _exact(values):
    """cos 90° is 6e-17 in floating point; make it 0 so a quarter turn moves whole pixels."""
    nearest = np.rint(values)
    return np.where(np.abs(values - nearest) < 1e-12, nearest, values)


def _stack(a, b, c, d):
    """The 2x2 matrices [[a, b], [c, d]], one per image: shape (N, 2, 2)."""
    return np.stack([np.stack([a, b], -1), np.stack([c, d], -1)], -2)


def resample(images, matrix, offset, fill_mode="nearest", cval=0.0, index=None):
    """Each output image read from its input through its map ``p_in = A p_out + b``.

    ``images`` (M, C, H, W); ``matrix`` (N, 2, 2) and ``offset`` (N, 2) from
    :func:`affine_maps`; ``index`` (N,) says which of the M images each map reads (default:
    image i for map i), so a batch can be drawn from a whole dataset without copying it
    first. Returns (N, C, H, W) in the images' float dtype (float32 for integer images).
    Bilinear, with the outside read as ``fill_mode`` and ``cval`` say. Explained in Chapter 5.
    """
    m, channels, h, w = images.shape
    dtype = images.dtype if images.dtype.kind == "f" else np.dtype(np.float32)
    n = len(matrix)
    index = np.arange(n) if index is None else np.asarray(index)
    rows, cols = np.indices((h, w), dtype=dtype).reshape(2, 1, h * w)
    a, b = matrix.astype(dtype), offset.astype(dtype)
    row_in = a[:, 0, :1] * rows + a[:, 0, 1:] * cols + b[:, :1]   # (N, H*W) each
    col_in = a[:, 1, :1] * rows + a[:, 1, 1:] * cols + b[:, 1:]
    r0, r1, row_weight, row_inside = _neighbours(row_in, h, fill_mode)
    c0, c1, col_weight, col_inside = _neighbours(col_in, w, fill_mode)
    # flat index of pixel (image, channel, row, column) in images.reshape(-1)
    base = (index * (channels * h * w))[:, None, None] + (np.arange(channels) * (h * w))[:, None]
    r0, r1 = (r0 * w)[:, None], (r1 * w)[:, None]
    c0, c1 = c0[:, None], c1[:, None]
    flat = np.ascontiguousarray(images).reshape(-1)
    values = [np.take(flat, base + r + c) for r in (r0, r1) for c in (c0, c1)]
    if fill_mode == "constant":  # a neighbour outside the image reads cval
        corners = [r & c for r in row_inside for c in col_inside]
        values = [np.where(inside[:, None], v, dtype.type(cval))
                  for inside, v in zip(corners, values)]
    row_weight, col_weight = row_weight[:, None], col_weight[:, None]
    top = (1 - col_weight) * values[0] + col_weight * values[1]
    bottom = (1 - col_weight) * values[2] + col_weight * values[3]
    out = (1 - row_weight) * top + row_weight * bottom
    return out.reshape(n, channels, h, w)


def _neighbours(coordinate, size, fill_mode):
    """The two whole pixels around each coordinate along one axis (indices into the
    image, after the edge rule), the weight of the second, and for "constant" whether
    each of the two lies inside the image."""
    if fill_mode == "nearest":  # clamping the point first is the same, and cheaper
        coordinate = np.clip(coordinate, 0, size - 1)
    low = np.floor(coordinate)
    weight = coordinate - low
    low = low.astype(np.intp)
    high = low + 1
    inside = None
    if fill_mode == "nearest":
        np.minimum(high, size - 1, out=high)
    elif fill_mode == "wrap":
        low, high = low % size, high % size
    elif fill_mode == "reflect":  # period 2·size: a b c d d c b a
        low, high = low % (2 * size), high % (2 * size)
        low = np.where(low < size, low, 2 * size - 1 - low)
        high = np.where(high < size, high, 2 * size - 1 - high)
    else:  # constant
        inside = ((low >= 0) & (low < size), (high >= 0) & (high < size))
        low, high = np.clip(low, 0, size - 1), np.clip(high, 0, size - 1)
    return low, high, weight, inside


def shift_range(value, name):
    """A shift range as Keras reads it: an int ≥ 1 counts whole pixels, a float ≥ 0 either
    a fraction (below 1) or pixels. Explained in Chapter 5."""
    number = finite_number(value, name, 0)
    if isinstance(value, numbers.Integral) and number >= 1:
        return int(value)
    return number


def random_shifts(limit, size, n, rng):
    """``n`` shifts in pixels for a range ``limit`` along an axis of ``size`` pixels.
    Explained in Chapter 5."""
    if not limit:
        return np.zeros(n)
    if isinstance(limit, int):  # Keras: a magnitude from 0 .. limit-1, then a random sign
        return rng.integers(0, limit, n) * rng.choice([-1.0, 1.0], n)
    return rng.uniform(-limit, limit, n) * (size if limit < 1 else 1)


def checked_transform(params):
    """Keras's transform dictionary checked: the keys ``affine_maps`` takes, as numbers.
    Explained in Chapter 5."""
    if not isinstance(params, dict):
        raise TypeError("transform_parameters must be a dict (see get_random_transform), got"
                        f" {type(params).__name__}")
    unknown = sorted(set(params) - set(NEUTRAL), key=str)
    if unknown:
        raise ValueError(f"unknown transform parameter(s) {', '.join(map(repr, unknown))};"
                         f" known: {', '.join(map(repr, NEUTRAL))}")
    for key in ("channel_shift_intensity", "brightness"):
        if params.get(key) is not None:
            raise ValueError(f"transform parameter {key!r} is not supported by nnbook's"
                             f" ImageDataGenerator; give None, got {params[key]!r}")
    checked = {key: finite_number(params.get(key, NEUTRAL[key]), f"transform parameter {key!r}")
               for key in ("theta", "tx", "ty", "shear", "zx", "zy")}
    for key in ("flip_horizontal", "flip_vertical"):  # Keras's own draws give 0 or 1
        value = params.get(key, False)
        if not isinstance(value, (bool, np.bool_, numbers.Integral)) or value not in (0, 1):
            raise ValueError(f"transform parameter {key!r} must be True or False, got {value!r}")
        checked[key] = bool(value)
    return checked
