"""Tests of nnbook.image_folder.load_image_folder, on tiny images written with Pillow."""

import ast
import inspect

import numpy as np
import pytest
from PIL import Image

import nnbook.data
from nnbook import image_folder
from nnbook.image_folder import IMAGE_EXTENSIONS, load_image_folder

H, W = 6, 8  # not square, so that a swapped height and width shows


def ramp(offset=0):
    """A (H, W) uint8 image whose pixel (r, c) is offset + 8 r + c: every pixel differs."""
    return (offset + np.arange(H * W).reshape(H, W)).astype(np.uint8)


def save(path, array):
    """Write ``array`` (uint8 (H, W) gray, (H, W, 3) RGB, ...) as the image ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path)


@pytest.fixture
def gray_folder(tmp_path):
    """dog/ made before cat/, file names whose sorted order is not their creation order."""
    root = tmp_path / "pets"
    save(root / "dog" / "b.png", ramp(100))
    save(root / "dog" / "a.png", ramp(150))
    save(root / "cat" / "2.png", ramp(50))
    save(root / "cat" / "10.png", ramp(0))
    return root


# --- what comes back ----------------------------------------------------------------------


def test_grayscale_values_shapes_dtypes_and_order(gray_folder):
    x, y, class_names = load_image_folder(gray_folder)
    assert class_names == ["cat", "dog"]
    assert x.shape == (4, 1, H, W) and x.dtype == np.float32
    assert y.dtype == np.int64 and y.tolist() == [0, 0, 1, 1]
    # class by class, each in sorted file-name order: cat/10, cat/2, dog/a, dog/b
    for image, offset in zip(x, [0, 50, 150, 100]):
        np.testing.assert_allclose(image[0], ramp(offset) / 255, rtol=1e-6)
    assert x.min() >= 0 and x.max() <= 1


def test_the_result_is_a_named_triple(gray_folder):
    result = load_image_folder(gray_folder)
    assert result.class_names == ["cat", "dog"] and result.x.shape[0] == len(result.y)


@pytest.mark.parametrize("dtype, scale", [("float64", 255), (np.float32, 255), ("uint8", 1)])
def test_dtype(gray_folder, dtype, scale):
    x, _, _ = load_image_folder(gray_folder, dtype=dtype)
    assert x.dtype == np.dtype(dtype)
    np.testing.assert_allclose(x[0, 0] * scale, ramp(0), rtol=1e-6)


def test_rgb_is_channels_first_in_rgb_order(tmp_path):
    pixels = np.stack([ramp(0), ramp(60), ramp(120)], axis=-1)  # (H, W, 3): R, G, B
    save(tmp_path / "a" / "x.png", pixels)
    save(tmp_path / "b" / "y.bmp", pixels[::-1].copy())
    x, y, names = load_image_folder(tmp_path, color_mode="rgb", target_size=(H, W))
    assert x.shape == (2, 3, H, W) and x.dtype == np.float32 and names == ["a", "b"]
    np.testing.assert_allclose(x[0], pixels.transpose(2, 0, 1) / 255, rtol=1e-6)
    np.testing.assert_allclose(x[1], pixels[::-1].transpose(2, 0, 1) / 255, rtol=1e-6)


def test_every_accepted_format_reads(tmp_path):
    gray, color = ramp(0), np.stack([ramp(0)] * 3, axis=-1)
    for extension in IMAGE_EXTENSIONS:
        pixels = color if extension == ".ppm" else gray
        save(tmp_path / "digits" / f"img{extension}", pixels)
    save(tmp_path / "digits" / "upper.PNG", gray)
    x, y, _ = load_image_folder(tmp_path, convert=True)
    assert len(x) == len(IMAGE_EXTENSIONS) + 1 and x.shape[1:] == (1, H, W)
    lossless = [i for i, name in enumerate(sorted(
        [f"img{e}" for e in IMAGE_EXTENSIONS] + ["upper.PNG"])) if not name.endswith(
        (".jpg", ".jpeg"))]
    for i in lossless:
        np.testing.assert_allclose(x[i, 0], gray / 255, rtol=1e-6, atol=1e-7)


def test_hidden_and_other_files_are_skipped_and_subfolders_read(gray_folder):
    (gray_folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (gray_folder / "README.txt").write_text("not a class")
    (gray_folder / "cat" / "notes.txt").write_text("not an image")
    (gray_folder / "cat" / "._10.png").write_bytes(b"AppleDouble")
    save(gray_folder / ".ipynb_checkpoints" / "c.png", ramp(0))
    save(gray_folder / "cat" / ".hidden" / "d.png", ramp(0))
    save(gray_folder / "dog" / "puppies" / "c.png", ramp(200))
    x, y, names = load_image_folder(gray_folder)
    assert names == ["cat", "dog"] and y.tolist() == [0, 0, 1, 1, 1]
    # dog: a.png, b.png, then puppies/c.png (sorted by the path inside the class folder)
    np.testing.assert_allclose(x[4, 0], ramp(200) / 255, rtol=1e-6)


# --- sizes --------------------------------------------------------------------------------


def test_target_size_checks_every_image(gray_folder):
    assert load_image_folder(gray_folder, target_size=(H, W)).x.shape == (4, 1, H, W)
    with pytest.raises(ValueError, match=r"cat.10\.png is 6 x 8 \(H x W\), expected 8 x 6 "
                                         r"\(target_size=\(8, 6\)\); pass resize=True"):
        load_image_folder(gray_folder, target_size=(8, 6))


def test_without_target_size_all_images_share_the_first_ones_size(gray_folder):
    save(gray_folder / "dog" / "c.png", np.zeros((5, 5), np.uint8))
    with pytest.raises(ValueError, match=r"dog.c\.png is 5 x 5 \(H x W\), expected 6 x 8, "
                                         r"the size of the first image, .*cat.10\.png"):
        load_image_folder(gray_folder)


def test_resize_is_pillows_bilinear(gray_folder):
    save(gray_folder / "dog" / "c.png", np.full((12, 10), 77, np.uint8))
    x, _, _ = load_image_folder(gray_folder, target_size=(4, 5), resize=True)
    assert x.shape == (5, 1, 4, 5)
    expected = Image.fromarray(ramp(0)).resize((5, 4), Image.Resampling.BILINEAR)
    np.testing.assert_allclose(x[0, 0], np.asarray(expected) / 255, rtol=1e-6)
    np.testing.assert_allclose(x[4, 0], 77 / 255, rtol=1e-6)  # a flat image stays flat


def test_resize_needs_a_target_size(gray_folder):
    with pytest.raises(ValueError, match=r"resize=True needs target_size=\(H, W\)"):
        load_image_folder(gray_folder, resize=True)


# --- color modes ---------------------------------------------------------------------------


def test_a_color_image_in_a_grayscale_folder_is_refused_unless_converted(gray_folder):
    pixels = np.stack([ramp(0), ramp(60), ramp(120)], axis=-1)
    save(gray_folder / "dog" / "c.png", pixels)
    with pytest.raises(ValueError, match=r"dog.c\.png is an RGB image, expected grayscale "
                                         r"\(color_mode='grayscale'\); pass convert=True"):
        load_image_folder(gray_folder)
    x, _, _ = load_image_folder(gray_folder, convert=True)
    luma = np.asarray(Image.fromarray(pixels).convert("L"))  # Pillow's ITU-R 601-2 luma
    np.testing.assert_allclose(x[4, 0], luma / 255, rtol=1e-6)


def test_a_grayscale_image_in_an_rgb_folder_is_refused_unless_converted(gray_folder):
    with pytest.raises(ValueError, match=r"cat.10\.png is a grayscale image, expected RGB "
                                         r"\(color_mode='rgb'\); pass convert=True"):
        load_image_folder(gray_folder, color_mode="rgb")
    x, _, _ = load_image_folder(gray_folder, color_mode="rgb", convert=True)
    assert x.shape == (4, 3, H, W)
    for channel in range(3):
        np.testing.assert_allclose(x[0, channel], ramp(0) / 255, rtol=1e-6)


def test_an_opaque_alpha_channel_is_ignored_a_used_one_needs_convert(tmp_path):
    rgba = np.stack([ramp(0), ramp(60), ramp(120), np.full((H, W), 255, np.uint8)], axis=-1)
    save(tmp_path / "a" / "opaque.png", rgba)
    x, _, _ = load_image_folder(tmp_path, color_mode="rgb")
    np.testing.assert_allclose(x[0], rgba[..., :3].transpose(2, 0, 1) / 255, rtol=1e-6)
    rgba[0, 0, 3] = 0
    save(tmp_path / "a" / "see_through.png", rgba)
    with pytest.raises(ValueError, match=r"see_through\.png is an RGB image with transparency "
                                         r"\(RGBA\), expected one without; pass convert=True"):
        load_image_folder(tmp_path, color_mode="rgb")
    assert load_image_folder(tmp_path, color_mode="rgb", convert=True).x.shape == (2, 3, H, W)
    gray_alpha = np.stack([ramp(0), np.full((H, W), 255, np.uint8)], axis=-1)
    save(tmp_path / "b" / "gray_alpha.png", gray_alpha)  # Pillow mode LA
    x, _, _ = load_image_folder(tmp_path, convert=True)
    np.testing.assert_allclose(x[2, 0], ramp(0) / 255, rtol=1e-6)


def test_a_palette_image_counts_by_its_colors(tmp_path):
    gray = Image.fromarray(ramp(0)).convert("P")  # a palette of grays
    (tmp_path / "a").mkdir()
    gray.save(tmp_path / "a" / "gray.gif")
    x, _, _ = load_image_folder(tmp_path)
    np.testing.assert_allclose(x[0, 0], ramp(0) / 255, rtol=1e-6)
    color = Image.fromarray(np.stack([ramp(0), ramp(60), ramp(120)], -1)).convert(
        "P", palette=Image.Palette.ADAPTIVE)
    color.save(tmp_path / "a" / "color.gif")
    with pytest.raises(ValueError, match=r"color\.gif is an RGB image \(a palette of "
                                         r"colors\), expected grayscale"):
        load_image_folder(tmp_path)


def test_16_bit_images_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    Image.fromarray(np.full((H, W), 40000, np.uint16)).save(tmp_path / "a" / "deep.png")
    with pytest.raises(ValueError, match=r"deep\.png holds .*pixels \(Pillow mode 'I.*'\); "
                                         r"load_image_folder reads 8-bit images"):
        load_image_folder(tmp_path)


# --- what is refused ------------------------------------------------------------------------


def test_a_missing_path_or_a_file_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no folder .*nowhere"):
        load_image_folder(tmp_path / "nowhere")
    save(tmp_path / "x.png", ramp(0))
    with pytest.raises(NotADirectoryError, match=r"x\.png is a file, not a folder"):
        load_image_folder(tmp_path / "x.png")


def test_a_path_must_be_a_path():
    with pytest.raises(TypeError, match=r"expected a path \(str or Path\), got 3"):
        load_image_folder(3)


def test_a_folder_without_class_folders_is_refused(tmp_path):
    save(tmp_path / "a.png", ramp(0))
    (tmp_path / ".git").mkdir()
    with pytest.raises(ValueError, match=r"has no class folders.*one sub-folder per class"):
        load_image_folder(tmp_path)


def test_an_empty_class_folder_is_refused(gray_folder):
    (gray_folder / "bird").mkdir()
    with pytest.raises(ValueError, match=r"class folder .*bird holds no images"):
        load_image_folder(gray_folder)


def test_a_class_folder_of_other_files_says_what_it_skipped(gray_folder):
    (gray_folder / "bird").mkdir()
    (gray_folder / "bird" / "notes.txt").write_text("x")
    (gray_folder / "bird" / "a.webp").write_bytes(b"RIFF")
    with pytest.raises(ValueError, match=r"bird holds no images: skipped a\.webp, notes\.txt "
                                         r"\(accepted: \.png, \.jpg"):
        load_image_folder(gray_folder)


def test_a_corrupt_or_truncated_image_is_named(gray_folder):
    (gray_folder / "dog" / "c.png").write_bytes(b"this is not a png")
    with pytest.raises(ValueError, match=r"cannot read the image .*dog.c\.png"):
        load_image_folder(gray_folder)
    good = (gray_folder / "cat" / "10.png").read_bytes()
    (gray_folder / "dog" / "c.png").write_bytes(good[: len(good) // 2])
    with pytest.raises(ValueError, match=r"cannot read the image .*dog.c\.png"):
        load_image_folder(gray_folder)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"color_mode": "rgba"}, ValueError, r"unknown color_mode 'rgba'; known: 'grayscale', 'rgb'"),
    ({"target_size": (0, 8)}, ValueError, r"target_size\[0\] must be a positive integer"),
    ({"target_size": (8,)}, ValueError, r"target_size must be \(height, width\), got \(8,\)"),
    ({"target_size": "8x8"}, ValueError, r"target_size must be \(height, width\), got '8x8'"),
    ({"target_size": (8.5, 8)}, ValueError, r"target_size\[0\] must be a positive integer"),
    ({"dtype": "int32"}, ValueError, r"dtype float32, float64 or uint8, got int32"),
    ({"resize": "yes"}, TypeError, r"resize must be True or False, got 'yes'"),
    ({"convert": 1}, TypeError, r"convert must be True or False, got 1"),
])
def test_bad_arguments_are_refused(gray_folder, kwargs, error, message):
    with pytest.raises(error, match=message):
        load_image_folder(gray_folder, **kwargs)


# --- where it lives -------------------------------------------------------------------------


def test_it_is_nnbook_data_load_image_folder_without_an_import_cycle():
    assert nnbook.data.load_image_folder is load_image_folder
    imported = {node.module for node in ast.walk(ast.parse(inspect.getsource(image_folder)))
                if isinstance(node, ast.ImportFrom)}
    assert "nnbook.data" not in imported
