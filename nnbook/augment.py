"""Introduced in Chapter 5. ImageDataGenerator: more training images from the ones you have.

A digit turned by 15° or moved two pixels to the left is still the same digit. Showing the
network such variations of every training image, new ones each epoch, is *data
augmentation*; it is what the classic script's ``ImageDataGenerator`` does, and this is
the same object in Keras's meaning, for channels-first (N, C, H, W) images:

    datagen = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True,
                                 rotation_range=20, width_shift_range=0.2,
                                 height_shift_range=0.2, horizontal_flip=True)
    datagen.fit(x_train)                        # the training set's mean and std
    model.fit(datagen.flow(x_train, y_train, batch_size=32),
              steps_per_epoch=len(x_train) // 32, epochs=3)
    x_val = datagen.standardize(x_val)          # the statistics alone, no augmentation

Each batch is first moved (rotated, shifted, flipped: ``nnbook.augment_geometry``, all
images at once) and then standardised, as Keras does it. Where Keras's choices are not
obvious, nnbook follows them and says so:

* ``theta`` > 0 turns the picture counter-clockwise as displayed (Keras's legacy
  ``apply_affine_transform``): ``theta=90`` is ``np.rot90(x, 1, axes=(-2, -1))``.
* ``tx`` is a shift along the rows (height), drawn from ``height_shift_range``; ``ty`` along
  the columns (width), from ``width_shift_range``; a positive shift moves the picture up or
  left. These are the names ``get_random_transform`` gives them in every Keras version;
  since keras-preprocessing's pull request #318 (2020) Keras's ``apply_affine_transform``
  reads ``tx`` as a column shift instead, so there ``height_shift_range`` moves images
  sideways (keras-preprocessing issue #348). nnbook keeps each range on its own axis.
* A shift range below 1 is a fraction of the height or width; a float of 1 or more is in
  pixels; an int n means whole-pixel shifts in (-n, n), drawn as Keras draws them.
* ``fill_mode="wrap"`` repeats the image with period H (W) exactly as Keras documents it
  (scipy, underneath Keras, uses period H - 1); ``"constant"`` interpolates between the
  edge and ``cval`` (scipy's ``grid-constant``) where Keras jumps to ``cval`` at the edge.
  Whole-pixel moves give the same pixels either way.
* ``featurewise_std_normalization`` divides by ``std + 1e-6`` (Keras's constant), like the
  samplewise one.
* ``zca_whitening`` implies ``featurewise_center`` and switches
  ``featurewise_std_normalization`` off, with a warning, as Keras does.
"""

import warnings

import numpy as np

from nnbook.augment_flow import NumpyArrayIterator, flag, float_dtype, seed_value
from nnbook.augment_geometry import (FILL_MODES, NEUTRAL, affine_maps, checked_transform,
                                     random_shifts, resample, shift_range)
from nnbook.checks import (all_finite, channels_first_hint, finite_number, numeric_array,
                           one_of, positive_int)

STD_EPSILON = 1e-6
"""Added to a standard deviation before dividing by it (Keras's constant)."""


class ImageDataGenerator:
    """Random rotations, shifts and flips of images, and their standardisation (Keras's).

    Parameters
    ----------
    featurewise_center, featurewise_std_normalization : bool
        Subtract the training set's mean, divide by its std + 1e-6: per channel, over all
        images, rows and columns (``fit`` computes them; before ``fit`` they are refused).
    samplewise_center, samplewise_std_normalization : bool
        The same with each image's own mean and std over all its pixels and channels.
    zca_whitening : bool
        Multiply each flattened, centred image by the ZCA matrix ``U diag(1 / sqrt(S +
        zca_epsilon)) Uᵀ``, where ``U S Uᵀ`` is the covariance of the flattened, centred
        training images (``fit``): whitened data has the identity as covariance.
    zca_epsilon : float > 0
        Keras's 1e-6; keeps directions of (near) zero variance from blowing up.
    rotation_range : float ≥ 0
        Degrees; each image turns by an angle drawn uniformly from [-range, range].
    width_shift_range, height_shift_range : float ≥ 0 or int ≥ 1
        Below 1: a fraction of the width (height), the shift drawn uniformly from
        [-range, range] times it; a float ≥ 1: pixels; an int n: whole pixels in (-n, n).
    horizontal_flip, vertical_flip : bool
        Reverse the columns (rows) of each image with probability 0.5.
    fill_mode : {"nearest", "constant", "reflect", "wrap"}
        How pixels moved in from outside the image are filled (see the module notes).
    cval : float
        The fill value for ``fill_mode="constant"``.
    seed : int ≥ 0 or None
        Seeds the random draws of ``get_random_transform`` and of flows given no seed.

    Explained in Chapter 5.
    """

    def __init__(self, featurewise_center=False, samplewise_center=False,
                 featurewise_std_normalization=False, samplewise_std_normalization=False,
                 zca_whitening=False, zca_epsilon=1e-6, rotation_range=0,
                 width_shift_range=0.0, height_shift_range=0.0, horizontal_flip=False,
                 vertical_flip=False, fill_mode="nearest", cval=0.0, seed=None):
        self.featurewise_center = flag(featurewise_center, "featurewise_center")
        self.samplewise_center = flag(samplewise_center, "samplewise_center")
        self.featurewise_std_normalization = flag(featurewise_std_normalization,
                                                   "featurewise_std_normalization")
        self.samplewise_std_normalization = flag(samplewise_std_normalization,
                                                  "samplewise_std_normalization")
        self.zca_whitening = flag(zca_whitening, "zca_whitening")
        self.zca_epsilon = finite_number(zca_epsilon, "zca_epsilon")
        if self.zca_epsilon <= 0:
            raise ValueError(f"zca_epsilon must be > 0, got {zca_epsilon!r}")
        self.rotation_range = finite_number(rotation_range, "rotation_range", 0)
        self.width_shift_range = shift_range(width_shift_range, "width_shift_range")
        self.height_shift_range = shift_range(height_shift_range, "height_shift_range")
        self.horizontal_flip = flag(horizontal_flip, "horizontal_flip")
        self.vertical_flip = flag(vertical_flip, "vertical_flip")
        self.fill_mode = one_of(fill_mode, FILL_MODES, "fill_mode")
        self.cval = finite_number(cval, "cval")
        self.seed = seed_value(seed)
        self._rng = np.random.default_rng(self.seed)
        self._implied_options()
        self.mean = self.std = self.zca_whitening_matrix = self.image_shape = None
        self._zca_cast = {}

    def _implied_options(self):
        def imply(flag, value, because):
            warnings.warn(f"ImageDataGenerator: {because} sets {flag}={value}, as in Keras",
                          UserWarning, stacklevel=4)
            setattr(self, flag, value)

        if self.zca_whitening and not self.featurewise_center:
            imply("featurewise_center", True, "zca_whitening")
        if self.zca_whitening and self.featurewise_std_normalization:
            imply("featurewise_std_normalization", False, "zca_whitening")
        if self.featurewise_std_normalization and not self.featurewise_center:
            imply("featurewise_center", True, "featurewise_std_normalization")
        if self.samplewise_std_normalization and not self.samplewise_center:
            imply("samplewise_center", True, "samplewise_std_normalization")

    # --- statistics ----------------------------------------------------------------------

    def fit(self, x, augment=False, rounds=1, seed=None):
        """Compute the featurewise statistics of training images ``x`` (N, C, H, W).

        ``mean`` and ``std`` per channel (shape (C, 1, 1), as Keras keeps them), over all
        images, rows and columns; the std of the centred data. With ``zca_whitening``,
        ``zca_whitening_matrix`` from the covariance ``Σ = XᵀX / N`` of the flattened
        images, centred (by the per-channel mean, as Keras): with ``Σ = U S Uᵀ``, the
        matrix ``U diag(1 / sqrt(S + zca_epsilon)) Uᵀ``. (Keras 3 computes
        ``1 / (sqrt(S) + zca_epsilon / sqrt(N))`` instead; the two agree where S ≫ ε.)
        With ``augment=True`` the statistics are of ``rounds`` randomly moved copies.
        Computed in float64, a chunk of images at a time. Explained in Chapter 5.
        """
        x = self._images(x, "fit")
        if flag(augment, "augment"):
            rounds = positive_int(rounds, "rounds")
            rng = self._rng if seed is None else np.random.default_rng(seed_value(seed))
            x = np.concatenate([self._moved(x, np.arange(len(x)), rng) for _ in range(rounds)])
        count = len(x) * x.shape[2] * x.shape[3]
        mean = sum(part.sum(axis=(0, 2, 3)) for part in _chunks(x)) / count
        mean = mean[:, None, None]
        var = sum(((part - mean) ** 2).sum(axis=(0, 2, 3)) for part in _chunks(x)) / count
        std = np.sqrt(var)[:, None, None]
        zca = None
        if self.zca_whitening:
            scale = std + STD_EPSILON if self.featurewise_std_normalization else 1.0
            covariance = 0.0
            for part in _chunks(x):
                flat = ((part - mean) / scale).reshape(len(part), -1)
                covariance = covariance + flat.T @ flat
            u, s, _ = np.linalg.svd(covariance / len(x))
            zca = (u / np.sqrt(s + self.zca_epsilon)) @ u.T
        self.mean, self.std, self.zca_whitening_matrix = mean, std, zca
        self.image_shape, self._zca_cast = x.shape[1:], {}

    def standardize(self, x):
        """``x`` (N, C, H, W), or one image (C, H, W), with the statistics applied, in
        Keras's order: samplewise centre and std, featurewise centre and std, ZCA.

        For validation and test data. Returns a new float array (float32 for integer
        input); ``x`` is left as it was (Keras changes it in place). Explained in Chapter 5.
        """
        x = numeric_array(x, "standardize's x")
        single = x.ndim == 3
        x = self._images(x[None] if single else x, "standardize")
        self._check_fitted("standardize", x.shape)
        out = self._standardized(np.array(x, dtype=float_dtype(x.dtype)))
        return out[0] if single else out

    def _standardized(self, x):
        """The statistics applied to a float batch, in place where possible."""
        if self.samplewise_center:
            x -= x.mean(axis=(1, 2, 3), keepdims=True)
        if self.samplewise_std_normalization:
            x /= x.std(axis=(1, 2, 3), keepdims=True) + STD_EPSILON
        if self.featurewise_center:
            x -= self.mean.astype(x.dtype)
        if self.featurewise_std_normalization:
            x /= (self.std + STD_EPSILON).astype(x.dtype)
        if self.zca_whitening:
            if x.dtype not in self._zca_cast:  # the matrix in the batch's dtype, made once
                self._zca_cast[x.dtype] = self.zca_whitening_matrix.astype(x.dtype)
            x = (x.reshape(len(x), -1) @ self._zca_cast[x.dtype]).reshape(x.shape)
        return x

    def _check_fitted(self, who, shape):
        wanted = [name for name in ("featurewise_center", "featurewise_std_normalization",
                                    "zca_whitening") if getattr(self, name)]
        if wanted and self.image_shape is None:
            raise RuntimeError(f"ImageDataGenerator.{who}: {', '.join(wanted)} need(s) the"
                               " training images' statistics: call fit(x_train) first"
                               " (Keras only warns, and skips them)")
        if wanted and (shape[1] != self.image_shape[0] or (
                self.zca_whitening and shape[1:] != self.image_shape)):
            raise ValueError(f"ImageDataGenerator.{who}: fit saw images of shape (C, H, W) ="
                             f" {self.image_shape} ({self.image_shape[0]} channel(s)), got a"
                             f" batch of shape {shape}")

    # --- random transforms ---------------------------------------------------------------

    def get_random_transform(self, img_shape, seed=None):
        """One image's random transform as Keras's dictionary (keys of ``NEUTRAL``).

        ``img_shape`` is the image's (C, H, W); ``theta`` in degrees, ``tx`` and ``ty`` in
        pixels along rows and columns (see the module notes); keys this generator never
        draws keep Keras's neutral values. ``seed`` makes one draw reproducible.
        Explained in Chapter 5.
        """
        shape = tuple(img_shape) if isinstance(img_shape, (tuple, list)) else ()
        if len(shape) != 3 or not all(isinstance(n, (int, np.integer)) and n > 0 for n in shape):
            raise ValueError(f"img_shape must be one image's shape (C, H, W), got {img_shape!r}")
        rng = self._rng if seed is None else np.random.default_rng(seed_value(seed))
        drawn = self._draw(1, shape[-2:], rng)
        return {**NEUTRAL, "theta": float(drawn["theta"][0]), "tx": float(drawn["tx"][0]),
                "ty": float(drawn["ty"][0]),
                "flip_horizontal": bool(drawn["flip_horizontal"][0]),
                "flip_vertical": bool(drawn["flip_vertical"][0])}

    def apply_transform(self, x, transform_parameters):
        """One image ``x`` (C, H, W) moved as ``transform_parameters`` says (Keras's keys;
        missing ones are neutral; ``theta``, ``tx``, ``ty``, ``shear``, ``zx``, ``zy`` and the
        flips are applied, see ``nnbook.augment_geometry.affine_maps``). Same shape, float
        dtype. Explained in Chapter 5.
        """
        x = numeric_array(x, "apply_transform's x")
        if x.ndim != 3 or (x.shape[0] > 4 and channels_first_hint(x.shape)):
            raise ValueError("apply_transform expects one image (C, H, W), got shape"
                             f" {x.shape}{channels_first_hint(x.shape)}")
        params = checked_transform(transform_parameters)
        x = all_finite(x, "apply_transform's x")
        matrix, offset = affine_maps(x.shape[-2:], **params)
        return resample(x[None], matrix, offset, self.fill_mode, self.cval)[0]

    def random_transform(self, x, seed=None):
        """``apply_transform(x, get_random_transform(x.shape, seed))``. Explained in Chapter 5."""
        shape = numeric_array(x, "random_transform's x").shape
        if len(shape) != 3:
            raise ValueError(f"random_transform expects one image (C, H, W), got shape {shape}")
        return self.apply_transform(x, self.get_random_transform(shape, seed))

    def _draw(self, n, size, rng):
        """Random parameters for ``n`` images of ``size`` (H, W): arrays (n,)."""
        zeros = np.zeros(n)
        theta = (rng.uniform(-self.rotation_range, self.rotation_range, n)
                 if self.rotation_range else zeros)
        return {"theta": theta, "tx": random_shifts(self.height_shift_range, size[0], n, rng),
                "ty": random_shifts(self.width_shift_range, size[1], n, rng),
                "flip_horizontal": rng.random(n) < 0.5 if self.horizontal_flip else zeros > 0,
                "flip_vertical": rng.random(n) < 0.5 if self.vertical_flip else zeros > 0}

    def _moved(self, source, index, rng):
        """Images ``source[index]``, each randomly moved: a new float array."""
        if not (self.rotation_range or self.width_shift_range or self.height_shift_range
                or self.horizontal_flip or self.vertical_flip):
            return source[index].astype(float_dtype(source.dtype))
        matrix, offset = affine_maps(source.shape[-2:], **self._draw(len(index),
                                                                     source.shape[-2:], rng))
        return resample(source, matrix, offset, self.fill_mode, self.cval, index)

    # --- the flow ------------------------------------------------------------------------

    def flow(self, x, y=None, batch_size=32, shuffle=True, seed=None):
        """An endless iterator of augmented batches ``(x_batch, y_batch)`` (``x_batch`` alone
        when ``y`` is None), as Keras's: each pass over the data is reshuffled and every
        image moved anew. For ``model.fit(datagen.flow(x, y), steps_per_epoch=...)``.
        See :class:`NumpyArrayIterator`. Explained in Chapter 5.
        """
        return NumpyArrayIterator(self, x, y, batch_size=batch_size, shuffle=shuffle, seed=seed)

    def _images(self, x, who):
        """``x`` as a finite 4-D batch (N, C, H, W) of numbers, or a clear error."""
        x = numeric_array(x, f"{who}'s x")
        if x.ndim != 4:
            hints = {2: " (one image becomes a batch of one with x[None, None])",
                     3: " (a batch of one-channel images becomes (N, 1, H, W) with x[:, None])"}
            raise ValueError(f"ImageDataGenerator.{who} expects a 4-D batch of images (N, C,"
                             f" H, W), got shape {x.shape}{hints.get(x.ndim, '')}")
        if x.shape[1] > 4 and channels_first_hint(x.shape):  # Keras warns beyond 4 channels
            raise ValueError(f"ImageDataGenerator.{who} got images of shape {x.shape}"
                             f"{channels_first_hint(x.shape)}")
        if len(x) == 0:
            raise ValueError(f"ImageDataGenerator.{who} got no images: shape {x.shape}")
        return all_finite(x, f"{who}'s x")


def _chunks(x, size=1024):
    """``x`` as float64, ``size`` images at a time (no float64 copy of a whole dataset)."""
    for start in range(0, len(x), size):
        yield x[start:start + size].astype(np.float64)
