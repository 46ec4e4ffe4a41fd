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

Every image gets its own A and b, yet the whole batch is resampled at once, with no
Python loop over images or pixels: the points ``p_in`` of all pixels of all images are
one matrix product, and their four neighbours are four ``np.take`` calls on the flat
array of the (padded) batch (see :func:`resample`).

Keras describes one image's move as a dictionary (``theta``, ``tx``, ``ty``, ...):
``NEUTRAL`` holds its keys at the values that change nothing, ``checked_transform`` checks
one, and ``random_shifts`` draws shifts the way Keras reads a shift range.
"""

import numbers

import numpy as np

from nnbook.checks import finite_array, finite_number, one_of, positive_int

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
    degrees, ``zx`` and ``zy`` zoom of columns and rows (as in Keras, 2 shows twice as
    much of the picture at half the size), flips of the output. The pieces compose about
    the image centre ``o`` as Keras composes them (rotation, then shift, shear, zoom;
    flips last):

        p_in = o + R (t + S Z F (p_out - o)).

    Explained in Chapter 5.
    """
    theta, tx, ty, shear, zx, zy, flip_h, flip_v = _affine_args(
        shape, theta=theta, tx=tx, ty=ty, shear=shear, zx=zx, zy=zy,
        flip_horizontal=flip_horizontal, flip_vertical=flip_vertical)
    cos, sin = _exact(np.cos(np.deg2rad(theta))), _exact(np.sin(np.deg2rad(theta)))
    shear_cos, shear_sin = _exact(np.cos(np.deg2rad(shear))), _exact(np.sin(np.deg2rad(shear)))
    rotation = _matrices(cos, sin, -sin, cos)
    rest = (_matrices(shear_cos, 0, -shear_sin, 1)                                   # S
            @ _matrices(zy, 0, 0, zx)                                                # Z
            @ _matrices(np.where(flip_v, -1.0, 1.0), 0, 0, np.where(flip_h, -1.0, 1.0)))  # F
    matrix = rotation @ rest
    centre = np.array([(shape[0] - 1) / 2, (shape[1] - 1) / 2])
    shift = rotation @ np.stack([tx, ty], axis=-1)[..., None]
    offset = centre + shift[..., 0] - matrix @ centre
    return matrix, offset


def _affine_args(shape, **params):
    """affine_maps's parameters as float arrays of one length, checked (once per batch)."""
    if not (isinstance(shape, (tuple, list)) and len(shape) == 2):
        raise ValueError(f"affine_maps expected shape, the images' (H, W), got {shape!r}")
    for size in shape:
        positive_int(size, "affine_maps's shape")
    arrays = {}
    for name, value in params.items():
        try:
            arrays[name] = finite_array(value, name, np.float64).reshape(-1)
        except (TypeError, ValueError) as error:
            raise type(error)(f"affine_maps expected {name}, numbers (one, or one per image):"
                              f" {error}") from None
    sizes = {name: len(array) for name, array in arrays.items()}
    if len(set(sizes.values()) - {1}) > 1:
        raise ValueError(f"affine_maps expected one value per image for every parameter, got"
                         f" sizes {sizes}")
    return np.broadcast_arrays(*arrays.values())


def _exact(values):
    """cos 90° is 6e-17 in floating point; make it 0 so a quarter turn moves whole pixels."""
    nearest = np.rint(values)
    return np.where(np.abs(values - nearest) < 1e-12, nearest, values)


def _matrices(a, b, c, d):
    """The 2x2 matrices [[a, b], [c, d]], one per image: shape (N, 2, 2)."""
    out = np.empty((len(np.atleast_1d(a)), 2, 2))
    out[:, 0, 0], out[:, 0, 1], out[:, 1, 0], out[:, 1, 1] = a, b, c, d
    return out


def resample(images, matrix, offset, fill_mode="nearest", cval=0.0, index=None):
    """Each output image read from its input through its map ``p_in = A p_out + b``.

    ``images`` (M, C, H, W); ``matrix`` (N, 2, 2) and ``offset`` (N, 2) from
    :func:`affine_maps`; ``index`` (N,) says which of the M images each map reads (default:
    image i for map i), so a batch can be drawn from a whole dataset. Returns (N, C, H, W)
    in the images' float dtype (float32 for integer images). Bilinear, with the outside
    read as ``fill_mode`` and ``cval`` say.

    Three steps. Pad the N images by one pixel before and two after as ``fill_mode`` says.
    Fold every point into the range whose four neighbours lie in that padding (the fill
    rules repeat, clamp or mirror the image, so a point far outside reads the same as one
    just outside). Then every output pixel reads a 2x2 block of the padded images: one
    array of indices for the top-left pixels, and the other three are the same indices
    into the flat array shifted by 1, one row and one row + 1. Explained in Chapter 5.
    """
    images, matrix, offset, index = _resample_args(images, matrix, offset, fill_mode, cval,
                                                   index)
    m, channels, h, w = images.shape
    dtype = images.dtype if images.dtype.kind == "f" else np.dtype(np.float32)
    n = len(matrix)
    padded = _padded(images, index, fill_mode, cval, dtype)
    if not np.isfinite(padded).all():  # the images read, not the whole dataset they come from
        raise ValueError("images holds NaN or inf in the images read; clean them first"
                         " (np.isfinite finds them)")
    hp, wp = h + 3, w + 3
    # where each output pixel reads, in padded coordinates (one more than the image's),
    # all pixels of all images at once: (N, 3) @ (3, H*W) for rows, the same for columns
    grid = _grid(h, w, dtype)
    row = np.hstack([matrix[:, 0], offset[:, :1] + 1]).astype(dtype) @ grid
    col = np.hstack([matrix[:, 1], offset[:, 1:] + 1]).astype(dtype) @ grid
    row, col = _fold(row, h, fill_mode), _fold(col, w, fill_mode)
    row_low, col_low = np.floor(row), np.floor(col)
    row -= row_low  # now the weight of the next pixel down, in [0, 1)
    col -= col_low
    row_low *= wp
    row_low += col_low
    top_left = row_low.astype(np.intp)  # exact: small whole numbers
    top_left += (np.arange(n) * (channels * hp * wp))[:, None]
    if channels > 1:
        top_left = top_left[:, None] + (np.arange(channels) * (hp * wp))[:, None]
        row, col = row[:, None], col[:, None]
    flat = padded.reshape(-1)
    v00, v01 = np.take(flat, top_left), np.take(flat[1:], top_left)
    v10, v11 = np.take(flat[wp:], top_left), np.take(flat[wp + 1:], top_left)
    # a + t (b - a), in place: exactly a where t = 0, so whole-pixel moves copy pixels
    v01 -= v00
    v01 *= col
    v00 += v01  # the top row, interpolated
    v11 -= v10
    v11 *= col
    v10 += v11  # the bottom row
    v10 -= v00
    v10 *= row
    v00 += v10
    return v00.reshape(n, channels, h, w)


def _resample_args(images, matrix, offset, fill_mode, cval, index):
    """resample's arguments, checked (the values of the images later, only those read)."""
    images = np.asarray(images)
    if images.ndim != 4 or images.dtype.kind not in "biuf":
        raise ValueError(f"resample expected images (M, C, H, W) of numbers, got shape"
                         f" {images.shape} and dtype {images.dtype}")
    one_of(fill_mode, FILL_MODES, "fill_mode")
    finite_number(cval, "cval")
    matrix, offset = finite_array(matrix, "matrix"), finite_array(offset, "offset")
    if matrix.ndim != 3 or matrix.shape[1:] != (2, 2) or offset.shape != (len(matrix), 2):
        raise ValueError(f"resample expected matrix (N, 2, 2) and offset (N, 2), got"
                         f" {matrix.shape} and {offset.shape}")
    index = np.arange(len(matrix)) if index is None else np.asarray(index)
    if (index.shape != (len(matrix),) or index.dtype.kind not in "iu"
            or (index.size and not 0 <= index.min() <= index.max() < len(images))):
        raise ValueError(f"resample expected index, one image number in [0, {len(images)}) per"
                         f" map ({len(matrix)}), got {index!r:.80}")
    return images, matrix, offset, index


def _padded(images, index, fill_mode, cval, dtype):
    """``images[index]`` with one pixel before and two after each row and column, filled
    as ``fill_mode`` says (what ``np.pad`` does, cheaper for a thin border)."""
    n, (_, channels, h, w) = len(index), images.shape
    out = np.empty((n, channels, h + 3, w + 3), dtype)
    out[:, :, 1:h + 1, 1:w + 1] = images[index]
    edges = [0, h + 1, h + 2], [0, w + 1, w + 2]
    if fill_mode == "constant":
        out[:, :, edges[0]] = cval
        out[:, :, :, edges[1]] = cval
    else:  # each border pixel copies the image pixel the fill rule names
        out[:, :, edges[0], 1:w + 1] = out[:, :, _source(edges[0], h, fill_mode), 1:w + 1]
        out[:, :, :, edges[1]] = out[:, :, :, _source(edges[1], w, fill_mode)]
    return out


def _source(positions, size, fill_mode):
    """The padded positions of the image pixels that fill padded ``positions``."""
    j = np.array(positions) - 1  # in image coordinates: -1, size, size + 1
    if fill_mode == "nearest":
        j = np.clip(j, 0, size - 1)
    elif fill_mode == "wrap":
        j = j % size
    else:  # reflect: a b c d | d c b a, period 2 size
        j = j % (2 * size)
        j = np.where(j < size, j, 2 * size - 1 - j)
    return j + 1


def _grid(h, w, dtype):
    """Every pixel's (row, column, 1) as the columns of a (3, H*W) array (kept per shape)."""
    key = (h, w, np.dtype(dtype))
    if key not in _GRIDS:
        rows, cols = np.indices((h, w), dtype=dtype).reshape(2, -1)
        _GRIDS[key] = np.stack([rows, cols, np.ones_like(rows)])
    return _GRIDS[key]


_GRIDS = {}


def _fold(coordinate, size, fill_mode):
    """Padded coordinates along an axis of ``size`` pixels moved into [0, size + 1], where
    they read the same value under ``fill_mode``'s extension of the image (in place)."""
    if fill_mode == "nearest":  # beyond the edge pixel, everything equals it
        return np.clip(coordinate, 1, size, out=coordinate)
    if fill_mode == "constant":  # one pixel beyond the edge, everything equals cval
        return np.clip(coordinate, 0, size + 1, out=coordinate)
    period = size if fill_mode == "wrap" else 2 * size
    coordinate -= 1
    coordinate -= np.floor(coordinate / period) * period  # now in [0, period]
    if fill_mode == "reflect":  # a b c d | d c b a: mirror the second half
        coordinate = np.where(coordinate > size - 0.5, 2 * size - 1 - coordinate, coordinate)
    coordinate += 1
    return coordinate


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
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"random_shifts expected rng, a numpy Generator, got {rng!r}")
    for name, value, low in (("n", n, 0), ("size", size, 1)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) \
                or value < low:
            what = "a whole number ≥ 0" if low == 0 else "a positive integer"
            raise ValueError(f"random_shifts expected {name}, {what}, got {value!r}")
    if shift_range(limit, "limit") != limit:
        raise ValueError(f"random_shifts expected limit as shift_range gives it, got {limit!r}")
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
