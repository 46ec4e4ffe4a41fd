"""ImageDataGenerator: Keras's augmentation and standardisation, NCHW, in numpy."""

import itertools
import warnings

import numpy as np
import pytest

from nnbook.augment import ImageDataGenerator, NumpyArrayIterator
from nnbook.augment_geometry import affine_maps, resample
from nnbook.layers import Dense, Flatten, Softmax
from nnbook.model import Sequential
from nnbook.optimizers import SGD

MODES = {"nearest": "edge", "constant": "constant", "reflect": "symmetric", "wrap": "wrap"}


def images(n=6, c=2, h=5, w=5, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).random((n, c, h, w)).astype(dtype)


def shifted(x, rows, cols, mode, cval=0.0):
    """out[..., r, c] = x[..., r + rows, c + cols], the outside filled as ``np.pad`` does."""
    h, w = x.shape[-2:]
    p = max(abs(rows), abs(cols))
    extra = {"constant_values": cval} if mode == "constant" else {}
    padded = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(p, p), (p, p)], mode=MODES[mode], **extra)
    return padded[..., p + rows:p + rows + h, p + cols:p + cols + w]


def quiet(**options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ImageDataGenerator(**options)


# --- statistics --------------------------------------------------------------------------

def test_fit_statistics_match_numpy_per_channel():
    x = images(40, 3, 6, 7) * [[[2.0]], [[0.5]], [[9.0]]] + 1.5
    gen = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True)
    assert gen.fit(x) is None
    np.testing.assert_allclose(gen.mean.ravel(), x.mean(axis=(0, 2, 3)), rtol=1e-12)
    np.testing.assert_allclose(gen.std.ravel(), x.std(axis=(0, 2, 3)), rtol=1e-12)
    assert gen.mean.shape == gen.std.shape == (3, 1, 1)  # broadcasts over one image, as Keras


def test_standardize_applies_the_fitted_statistics_to_validation_data():
    x_train, x_val = images(50, 3, 4, 4, seed=1), images(10, 3, 4, 4, seed=2)
    gen = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True)
    gen.fit(x_train)
    mean = x_train.mean(axis=(0, 2, 3), keepdims=True)
    std = x_train.std(axis=(0, 2, 3), keepdims=True)
    before = x_val.copy()
    out = gen.standardize(x_val)
    np.testing.assert_allclose(out, (x_val - mean) / (std + 1e-6), rtol=1e-10)
    np.testing.assert_array_equal(x_val, before)  # a new array: the caller's data stays
    assert gen.standardize(x_val.astype(np.float32)).dtype == np.float32


def test_samplewise_options_work_per_image_over_all_its_pixels():
    x = images(4, 2, 3, 3) * np.arange(1, 5)[:, None, None, None]
    out = ImageDataGenerator(samplewise_center=True, samplewise_std_normalization=True
                             ).standardize(x)
    m, s = x.mean(axis=(1, 2, 3), keepdims=True), x.std(axis=(1, 2, 3), keepdims=True)
    np.testing.assert_allclose(out, (x - m) / (s + 1e-6), rtol=1e-10)


def test_zca_whitened_data_has_identity_covariance():
    rng = np.random.default_rng(0)
    d = 16  # 1 x 4 x 4 images
    flat = rng.standard_normal((2000, d)) @ rng.standard_normal((d, d))  # correlated pixels
    flat -= flat.mean(axis=0)  # every pixel's mean equal (0) ...
    x = (flat + 3.0).reshape(-1, 1, 4, 4)  # ... so the channel mean is the pixel mean
    gen = ImageDataGenerator(featurewise_center=True, zca_whitening=True)
    gen.fit(x)
    white = gen.standardize(x).reshape(len(x), d)
    np.testing.assert_allclose(np.cov(white, rowvar=False, bias=True), np.eye(d), atol=1e-5)
    white32 = gen.standardize(x.astype(np.float32))
    assert white32.dtype == np.float32
    np.testing.assert_allclose(white32.reshape(len(x), d), white, atol=1e-3)
    # the matrix is U diag(1 / sqrt(S + eps)) U^T of the covariance, with Keras's eps
    u, s, _ = np.linalg.svd(flat.T @ flat / len(flat))
    np.testing.assert_allclose(gen.zca_whitening_matrix, (u / np.sqrt(s + 1e-6)) @ u.T,
                               rtol=1e-8, atol=1e-10)


def test_zca_turns_featurewise_center_on_and_std_normalization_off_as_keras_warns():
    with pytest.warns(UserWarning) as record:
        gen = ImageDataGenerator(zca_whitening=True, featurewise_std_normalization=True)
    assert gen.featurewise_center and not gen.featurewise_std_normalization
    said = " ".join(str(w.message) for w in record)
    assert "featurewise_center=True" in said and "featurewise_std_normalization=False" in said
    assert record[0].filename == __file__  # the warning points at the caller's line
    with pytest.warns(UserWarning, match="samplewise_center"):
        assert ImageDataGenerator(samplewise_std_normalization=True).samplewise_center


def test_featurewise_options_before_fit_are_refused():
    x = images()
    for option in ("featurewise_center", "featurewise_std_normalization", "zca_whitening"):
        gen = quiet(**{option: True})
        with pytest.raises(RuntimeError, match=r"fit\(x_train\)"):
            gen.standardize(x)
        with pytest.raises(RuntimeError, match=r"fit\(x_train\)"):
            gen.flow(x)


def test_standardize_refuses_images_unlike_the_fitted_ones():
    gen = ImageDataGenerator(featurewise_center=True)
    gen.fit(images(c=3))
    with pytest.raises(ValueError, match="3 channel"):
        gen.standardize(images(c=2))


# --- geometry ----------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_zero_ranges_give_the_identity_exactly_keeping_shape_and_dtype(dtype):
    x = images(7, 3, 6, 5, dtype=dtype)
    flow = ImageDataGenerator(rotation_range=0).flow(x, batch_size=7, shuffle=False)
    out = next(flow)
    assert out.dtype == dtype and out.shape == x.shape
    np.testing.assert_array_equal(out, x)
    maps = affine_maps((6, 5), np.zeros(7))
    np.testing.assert_array_equal(resample(x, *maps), x)


@pytest.mark.parametrize("options", [dict(rotation_range=30), dict(width_shift_range=0.3),
                                     dict(height_shift_range=2), dict(horizontal_flip=True),
                                     dict(vertical_flip=True, fill_mode="wrap")])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_each_transform_keeps_shape_and_dtype(options, dtype):
    x = images(9, 3, 6, 8, dtype=dtype)
    x_out, y_out = next(ImageDataGenerator(seed=0, **options).flow(x, np.arange(9), 9))
    assert x_out.shape == x.shape and x_out.dtype == dtype and np.isfinite(x_out).all()
    assert y_out.shape == (9,)


def test_integer_images_come_out_float32():
    x = (images(4, 1, 5, 5) * 255).astype(np.uint8)
    assert next(ImageDataGenerator(rotation_range=10).flow(x)).dtype == np.float32


@pytest.mark.parametrize("k", [1, 2, -1])
def test_rotation_by_multiples_of_90_degrees_equals_rot90(k):
    x = images(1, 2, 6, 6)[0]
    out = ImageDataGenerator().apply_transform(x, {"theta": 90.0 * k})
    np.testing.assert_array_equal(out, np.rot90(x, k, axes=(-2, -1)))


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("tx, ty", [(2, 0), (0, 1), (-1, 3), (-3, -2)])
def test_whole_pixel_shift_is_a_plain_shift_filled_as_fill_mode_says(mode, tx, ty):
    x = images(1, 2, 6, 7)[0]
    gen = ImageDataGenerator(fill_mode=mode, cval=-5.0)
    out = gen.apply_transform(x, {"tx": tx, "ty": ty})  # tx: rows (height), ty: columns
    np.testing.assert_array_equal(out, shifted(x, tx, ty, mode, cval=-5.0))


def test_the_default_fill_mode_is_nearest():
    x = images(1, 1, 5, 5)[0]
    out = ImageDataGenerator().apply_transform(x, {"tx": 2})
    np.testing.assert_array_equal(out, shifted(x, 2, 0, "nearest"))
    np.testing.assert_array_equal(out[:, -3:], np.repeat(x[:, -1:], 3, axis=1))


def test_a_half_pixel_shift_interpolates_linearly():
    x = images(1, 1, 4, 6)[0]
    out = ImageDataGenerator().apply_transform(x, {"ty": 0.5})
    np.testing.assert_allclose(out[:, :, :-1], (x[:, :, :-1] + x[:, :, 1:]) / 2, rtol=1e-12)


def reference_transform(image, theta, tx, ty, mode, cval):
    """One pixel at a time: out(p) = x(o + R (t + (p - o))), bilinear, the documented map."""
    c, h, w = image.shape
    o = np.array([(h - 1) / 2, (w - 1) / 2])
    a = np.deg2rad(theta)
    rotation = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
    p = max(h, w) * 3
    extra = {"constant_values": cval} if mode == "constant" else {}
    padded = np.pad(image, [(0, 0), (p, p), (p, p)], mode=MODES[mode], **extra)
    out = np.empty_like(image)
    for r, col in itertools.product(range(h), range(w)):
        y, x = o + rotation @ (np.array([tx, ty]) + np.array([r, col]) - o) + p
        r0, c0 = int(np.floor(y)), int(np.floor(x))
        fy, fx = y - r0, x - c0
        patch = padded[:, r0:r0 + 2, c0:c0 + 2]
        out[:, r, col] = ((1 - fy) * ((1 - fx) * patch[:, 0, 0] + fx * patch[:, 0, 1])
                          + fy * ((1 - fx) * patch[:, 1, 0] + fx * patch[:, 1, 1]))
    return out


@pytest.mark.parametrize("mode", list(MODES))
def test_any_rotation_and_shift_matches_a_pixel_by_pixel_reference(mode):
    x = images(1, 2, 7, 9, seed=3)[0]
    gen = ImageDataGenerator(fill_mode=mode, cval=0.25)
    for theta, tx, ty in [(20.0, 0.0, 0.0), (-33.0, 1.3, -2.6), (170.0, -0.4, 4.2)]:
        out = gen.apply_transform(x, {"theta": theta, "tx": tx, "ty": ty})
        np.testing.assert_allclose(out, reference_transform(x, theta, tx, ty, mode, 0.25),
                                   rtol=1e-9, atol=1e-12)


def test_flips_reverse_columns_and_rows():
    x = images(1, 2, 4, 5)[0]
    gen = ImageDataGenerator()
    np.testing.assert_array_equal(gen.apply_transform(x, {"flip_horizontal": True}),
                                  x[:, :, ::-1])
    np.testing.assert_array_equal(gen.apply_transform(x, {"flip_vertical": True}),
                                  x[:, ::-1, :])


def test_random_flips_flip_some_images_and_not_others():
    x = images(60, 1, 4, 4)
    out = next(ImageDataGenerator(horizontal_flip=True, seed=0).flow(x, batch_size=60,
                                                                     shuffle=False))
    same = np.all(out == x, axis=(1, 2, 3))
    flipped = np.all(out == x[..., ::-1], axis=(1, 2, 3))
    assert np.all(same | flipped) and 15 < flipped.sum() < 45


def test_integer_shift_ranges_are_whole_pixels():
    x = images(30, 1, 6, 6)
    gen = ImageDataGenerator(width_shift_range=3, seed=1)
    out = next(gen.flow(x, batch_size=30, shuffle=False))
    seen = set()
    for image, original in zip(out, x):
        match = [s for s in range(-2, 3) if np.array_equal(image, shifted(original, 0, s,
                                                                          "nearest"))]
        assert match, "every image is shifted by a whole number of pixels in (-3, 3)"
        seen.add(match[0])
    assert len(seen) >= 3


def test_get_random_transform_uses_keras_keys_ranges_and_neutral_values():
    gen = ImageDataGenerator(rotation_range=20, width_shift_range=0.2,
                             height_shift_range=0.1, horizontal_flip=True)
    p = gen.get_random_transform((1, 30, 50), seed=4)
    assert set(p) == {"theta", "tx", "ty", "shear", "zx", "zy", "flip_horizontal",
                      "flip_vertical", "channel_shift_intensity", "brightness"}
    assert (p["shear"], p["zx"], p["zy"]) == (0, 1, 1)
    assert p["channel_shift_intensity"] is None and p["brightness"] is None
    assert p == gen.get_random_transform((1, 30, 50), seed=4)
    draws = [gen.get_random_transform((1, 30, 50)) for _ in range(300)]
    for key, limit in [("theta", 20), ("tx", 0.1 * 30), ("ty", 0.2 * 50)]:
        values = np.array([d[key] for d in draws])
        assert np.abs(values).max() <= limit and np.abs(values).max() > 0.8 * limit
    assert {d["flip_horizontal"] for d in draws} == {True, False}
    assert {d["flip_vertical"] for d in draws} == {False}


def test_random_transform_is_apply_transform_of_get_random_transform():
    x = images(1, 1, 8, 8)[0]
    gen = ImageDataGenerator(rotation_range=40, width_shift_range=0.2)
    expected = gen.apply_transform(x, gen.get_random_transform(x.shape, seed=9))
    np.testing.assert_array_equal(gen.random_transform(x, seed=9), expected)


def test_apply_transform_refuses_a_batch_and_unknown_or_unsupported_keys():
    gen, x = ImageDataGenerator(), images()
    with pytest.raises(ValueError, match=r"one image \(C, H, W\).*\(6, 2, 5, 5\)"):
        gen.apply_transform(x, {"theta": 10})
    with pytest.raises(ValueError, match="'angle'.*known"):
        gen.apply_transform(x[0], {"angle": 10})
    with pytest.raises(ValueError, match="brightness"):
        gen.apply_transform(x[0], {"brightness": 0.5})
    with pytest.raises(ValueError, match=r"channels-last.*transpose\(2, 0, 1\)"):
        gen.apply_transform(np.zeros((28, 28, 1)), {})
    with pytest.raises(ValueError, match=r"img_shape must be one image's shape \(C, H, W\)"):
        gen.get_random_transform((28, 28))


# --- the flow ----------------------------------------------------------------------------

def test_flow_is_its_own_iterator_with_keras_length():
    x = images(10)
    flow = ImageDataGenerator().flow(x, batch_size=4)
    assert isinstance(flow, NumpyArrayIterator)
    assert iter(flow) is flow and len(flow) == 3


def test_flow_runs_forever_each_epoch_a_reshuffled_full_pass():
    x = np.arange(10.0).reshape(10, 1, 1, 1) * np.ones((1, 1, 3, 3))
    y = np.arange(10)
    flow = ImageDataGenerator().flow(x, y, batch_size=4, seed=0)
    orders = []
    for _ in range(4):
        batches = [next(flow) for _ in range(len(flow))]
        assert [len(b[0]) for b in batches] == [4, 4, 2]
        order = np.concatenate([b[1] for b in batches])
        np.testing.assert_array_equal(np.sort(order), y)
        for xb, yb in batches:  # images and labels stay paired
            np.testing.assert_array_equal(xb[:, 0, 0, 0], yb)
        orders.append(tuple(order))
    assert len(set(orders)) == 4


def test_seeded_flow_is_reproducible_and_two_passes_differ():
    x, y = images(12, 1, 8, 8), np.arange(12)
    gen = ImageDataGenerator(rotation_range=20, width_shift_range=0.2, height_shift_range=0.2,
                             horizontal_flip=True)
    a = [next(f) for f in [gen.flow(x, y, batch_size=12, seed=5)] for _ in range(2)]
    b = [next(f) for f in [gen.flow(x, y, batch_size=12, seed=5)] for _ in range(2)]
    for (xa, ya), (xb, yb) in zip(a, b):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)
    first, second = a  # two passes: another order and other transforms of each image
    assert not np.array_equal(first[1], second[1])
    assert not np.allclose(first[0][np.argsort(first[1])], second[0][np.argsort(second[1])])


def test_unshuffled_flow_keeps_the_order():
    x, y = images(5), np.arange(5)
    flow = ImageDataGenerator(rotation_range=5).flow(x, y, batch_size=2, shuffle=False)
    assert [list(next(flow)[1]) for _ in range(4)] == [[0, 1], [2, 3], [4], [0, 1]]


def test_the_generator_seed_makes_unseeded_flows_reproducible():
    x = images(8)
    a = next(ImageDataGenerator(rotation_range=30, seed=2).flow(x))
    b = next(ImageDataGenerator(rotation_range=30, seed=2).flow(x))
    np.testing.assert_array_equal(a, b)


def test_flow_transforms_then_standardizes_as_keras():
    x = images(20, 2, 5, 5)
    gen = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True)
    gen.fit(x)
    out, index = next(gen.flow(x, np.arange(20), batch_size=20, seed=0))
    np.testing.assert_allclose(out, gen.standardize(x[index]), rtol=1e-12)
    gen = ImageDataGenerator(featurewise_center=True, vertical_flip=True, seed=0)
    gen.fit(x)
    out, index = next(gen.flow(x, np.arange(20), batch_size=20))
    flipped = np.all(np.isclose(out, gen.standardize(x[index][..., ::-1, :])), axis=(1, 2, 3))
    same = np.all(np.isclose(out, gen.standardize(x[index])), axis=(1, 2, 3))
    assert np.all(flipped | same) and flipped.any() and same.any()


def test_fit_with_augment_uses_rounds_of_transformed_copies():
    x = images(10, 1, 6, 6)
    gen = ImageDataGenerator(featurewise_center=True, horizontal_flip=True)
    gen.fit(x, augment=True, rounds=3, seed=0)  # flips keep every pixel's value
    np.testing.assert_allclose(gen.mean.ravel(), [x.mean()], rtol=1e-12)


def test_a_tiny_model_trains_on_a_flow():
    rng = np.random.default_rng(0)
    x = rng.random((64, 1, 6, 6)).astype(np.float32)
    y = np.eye(2, dtype=np.float32)[(x[:, 0, :, :3].sum(axis=(1, 2)) > 4.5).astype(int)]
    gen = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True,
                             rotation_range=20, width_shift_range=0.2, height_shift_range=0.2,
                             seed=0)
    gen.fit(x)
    model = Sequential([Flatten(), Dense(2, seed=0), Softmax()], seed=0)
    model.compile(SGD(0.1), "categorical_crossentropy")
    history = model.fit(gen.flow(x, y, batch_size=16), steps_per_epoch=len(x) // 16,
                        epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3 and np.isfinite(history.history["loss"]).all()


# --- clear errors ------------------------------------------------------------------------

@pytest.mark.parametrize("option, value, error, words", [
    ("rotation_range", -1, ValueError, r"rotation_range must be in \[0"),
    ("rotation_range", "20", TypeError, "rotation_range must be a number"),
    ("rotation_range", float("nan"), ValueError, "rotation_range must be finite"),
    ("width_shift_range", -0.1, ValueError, "width_shift_range"),
    ("height_shift_range", [1, 2], TypeError, "height_shift_range.*list"),
    ("fill_mode", "mirror", ValueError, "fill_mode 'mirror'.*'nearest'"),
    ("cval", None, TypeError, "cval must be a number"),
    ("zca_epsilon", 0, ValueError, "zca_epsilon must be > 0"),
    ("horizontal_flip", "yes", TypeError, "horizontal_flip must be True or False.*'yes'"),
    ("featurewise_center", 1, TypeError, "featurewise_center must be True or False"),
    ("seed", -1, ValueError, "seed must be None or an integer ≥ 0"),
    ("seed", 1.5, ValueError, "seed"),
])
def test_bad_options_are_refused_at_construction(option, value, error, words):
    with pytest.raises(error, match=words):
        ImageDataGenerator(**{option: value})


def test_unknown_options_are_refused():
    with pytest.raises(TypeError, match="zoom_range"):
        ImageDataGenerator(zoom_range=0.1)


def test_flow_refuses_bad_data_with_clear_errors():
    gen, x = ImageDataGenerator(), images()
    with pytest.raises(ValueError, match=r"4-D.*\(6, 5, 5\).*x\[:, None\]"):
        gen.flow(x[:, 0])
    with pytest.raises(ValueError, match=r"as many labels as images.*6.*5"):
        gen.flow(x, np.arange(5))
    bad = x.copy()
    bad[2, 1, 0, 3] = np.nan
    with pytest.raises(ValueError, match=r"non-finite.*\(2, 1, 0, 3\)"):
        gen.flow(bad)
    with pytest.raises(ValueError, match=r"channels-last.*transpose\(0, 3, 1, 2\)"):
        gen.flow(np.zeros((4, 28, 28, 1)))
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        gen.flow(x, batch_size=0)
    with pytest.raises(TypeError, match="array of numbers"):
        gen.flow(np.array([["a"]] * 4))
    with pytest.raises(ValueError, match=r"fit.*4-D"):
        ImageDataGenerator(featurewise_center=True).fit(x[0])
    with pytest.raises(TypeError, match="augment must be True or False"):
        ImageDataGenerator(featurewise_center=True).fit(x, augment="yes")
