"""Introduced in Chapter 5. A folder of images, one sub-folder per class, as arrays.

The classic script trained on its own pictures, read by a ``load_data()`` it did not show.
The usual way to keep such pictures is Keras's (``flow_from_directory``,
``image_dataset_from_directory``): one sub-folder per class, named after it::

    pets/
        cat/  001.png  002.png ...
        dog/  001.png  ...

``load_image_folder("pets")`` reads it into the arrays the book trains on: images ``x`` in
NCHW layout, floats in [0, 1]; labels ``y``, the index of each image's class in
``class_names``, the sub-folder names in sorted order. It is strict where Keras is lenient:
an image of an unexpected size or color mode is an error that names the file, unless you
ask for it to be resized or converted.
"""

import os
from collections import namedtuple
from pathlib import Path

import numpy as np
from PIL import Image

from nnbook.checks import one_of, positive_int

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".pgm", ".ppm")
"""The file endings read as images (in any case). Explained in Chapter 5."""

ImageFolder = namedtuple("ImageFolder", ["x", "y", "class_names"])
ImageFolder.__doc__ = ("Images ``x``, labels ``y`` and the ``class_names`` they index; "
                       "unpacks as ``x, y, class_names``. Explained in Chapter 5.")

# Pillow's 8-bit modes, by what they hold. Any other mode (16-bit, 32-bit, float) is refused.
_GRAY, _GRAY_ALPHA = {"1", "L"}, {"LA", "La"}
_COLOR, _COLOR_ALPHA = {"RGB", "RGBX", "CMYK", "YCbCr", "LAB", "HSV"}, {"RGBA", "RGBa"}
_PALETTE = {"P", "PA"}
_BILINEAR = getattr(Image, "Resampling", Image).BILINEAR  # Image.Resampling: Pillow >= 9.1
_UNREADABLE = (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError)


def load_image_folder(path, target_size=None, color_mode="grayscale", resize=False,
                      dtype="float32", convert=False):
    """Read a folder of class sub-folders of images into ``(x, y, class_names)``.

    Parameters
    ----------
    path : str or Path
        The folder. Each sub-folder is a class, its name the class name; the images of a
        class may sit in folders inside it too. Files directly in ``path`` are ignored.
    target_size : (height, width), optional
        The size every image must have. Without it, every image must have the size of the
        first one.
    color_mode : {"grayscale", "rgb"}
        One channel, or three (red, green, blue); every image must be of this kind.
    resize : bool
        Resize an image of another size to ``target_size`` (Pillow, bilinear) instead of
        refusing it. Needs ``target_size``.
    dtype : {"float32", "float64", "uint8"}
        Floats are scaled to [0, 1]; ``"uint8"`` keeps the levels 0-255.
    convert : bool
        Convert an image of the other color mode instead of refusing it: color to gray by
        Pillow's luma, L = 0.299 R + 0.587 G + 0.114 B; gray to RGB by repeating it.

    Returns
    -------
    ImageFolder (x, y, class_names): x (N, 1, H, W) for grayscale, (N, 3, H, W) for rgb;
    y (N,) int64; class_names, a list of str. Images come class by class, and within a
    class in the sorted order of their paths inside the class folder.

    Which files are read: those ending in one of ``IMAGE_EXTENSIONS``. Hidden files and
    folders (a name starting with ".", like .DS_Store or .ipynb_checkpoints) are skipped
    silently, other files (notes.txt, an image .webp) skipped too, as Keras does; a class
    folder with no image left is an error that lists what it skipped. An animated GIF gives
    its first frame. Kinds of image: a palette image counts as grayscale if all its colors
    are grays; an alpha channel that is opaque everywhere is ignored, one with any
    transparency needs ``convert=True`` (which drops it, as Pillow does). Images with 16 or
    32 bits per channel are refused.

    Errors name the file and what was expected and received: a missing path
    (FileNotFoundError), a file for a folder (NotADirectoryError), no class folders, an
    empty class folder, an unreadable or corrupt image, an image of another size or color
    mode (ValueError). Explained in Chapter 5.
    """
    root, size, dtype = _check_arguments(path, target_size, dtype)
    color_mode = one_of(color_mode, ("grayscale", "rgb"), "color_mode")
    resize, convert = _flag(resize, "resize"), _flag(convert, "convert")
    if resize and size is None:
        raise ValueError("resize=True needs target_size=(H, W), the size to resize to")
    class_names = _class_folders(root)
    images, labels, first = [], [], None
    for label, name in enumerate(class_names):
        for file in _image_files(root / name):
            pixels = _read(file, color_mode, convert)
            if size is None:
                size, first = pixels.shape[:2], file
            if pixels.shape[:2] != size:
                pixels = _fit(pixels, file, size, resize, first)
            images.append(pixels)
            labels.append(label)
    x = np.stack(images)
    x = x[:, np.newaxis] if color_mode == "grayscale" else x.transpose(0, 3, 1, 2)
    x = np.ascontiguousarray(x)
    if dtype != np.uint8:
        x = x.astype(dtype) / dtype.type(255)
    return ImageFolder(x, np.array(labels, dtype=np.int64), class_names)


def _check_arguments(path, target_size, dtype):
    """The root folder, the target size (or None) and the dtype, checked."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load_image_folder expected a path (str or Path), got {path!r}")
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"load_image_folder found no folder {root}")
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is a file, not a folder: load_image_folder expects "
                                 "a folder with one sub-folder per class")
    size = None
    if target_size is not None:
        if not isinstance(target_size, (tuple, list)) or len(target_size) != 2:
            raise ValueError(f"target_size must be (height, width), got {target_size!r}")
        size = tuple(positive_int(value, f"target_size[{i}]")
                     for i, value in enumerate(target_size))
    try:
        dtype = None if dtype is None else np.dtype(dtype)
    except TypeError:
        pass  # not a dtype at all: refused just below
    if dtype not in (np.float32, np.float64, np.uint8):
        raise ValueError(f"load_image_folder expected dtype float32, float64 or uint8, "
                         f"got {dtype}")
    return root, size, dtype


def _flag(value, name):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _class_folders(root):
    """The sorted names of the sub-folders of ``root`` that are not hidden."""
    names = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not names:
        raise ValueError(f"{root} has no class folders: load_image_folder expects one "
                         "sub-folder per class, holding that class's images (Keras's layout)")
    return names


def _image_files(folder):
    """The image files under ``folder``, sorted by their path inside it; hidden ones skipped."""
    images, skipped = [], []
    for file in folder.rglob("*"):
        inside = file.relative_to(folder)
        if not file.is_file() or any(part.startswith(".") for part in inside.parts):
            continue
        (images if file.suffix.lower() in IMAGE_EXTENSIONS else skipped).append(inside)
    if not images:
        told = f": skipped {', '.join(sorted(p.as_posix() for p in skipped))} (accepted: " \
               f"{', '.join(IMAGE_EXTENSIONS)})" if skipped else ""
        raise ValueError(f"class folder {folder} holds no images{told}")
    return [folder / inside for inside in sorted(images, key=lambda p: p.as_posix())]


def _read(file, color_mode, convert):
    """The pixels of ``file``, uint8 (H, W) or (H, W, 3), or an error naming it."""
    try:
        with Image.open(file) as image:
            image.load()  # decode now: a truncated file fails here
            kind, how = _kind(image, file)
            if (kind != color_mode or how) and not convert:
                received = "a grayscale image" if kind == "grayscale" else "an RGB image"
                if kind != color_mode:
                    expected = "grayscale" if color_mode == "grayscale" else "RGB"
                    raise _Refused(f"{file} is {received}{how}, expected {expected} "
                                   f"(color_mode={color_mode!r}); pass convert=True to "
                                   "convert it, or choose another color_mode")
                raise _Refused(f"{file} is {received}{how}, expected one without; pass "
                               "convert=True to drop its alpha channel (as Pillow does)")
            return np.asarray(image.convert("L" if color_mode == "grayscale" else "RGB"))
    except _Refused as refused:
        raise ValueError(str(refused)) from None
    except _UNREADABLE as error:
        raise ValueError(f"cannot read the image {file}: {error}") from error


class _Refused(Exception):
    """An image that was read but is not what was asked for (kept apart from read errors)."""


def _kind(image, file):
    """("grayscale" or "rgb", "" or what else to say): what an 8-bit image holds."""
    mode = image.mode
    if mode in _GRAY or mode in _COLOR:
        return ("grayscale" if mode in _GRAY else "rgb"), ""
    if mode in _PALETTE:
        rgba = np.asarray(image.convert("RGBA"))
        gray = bool((rgba[..., 0] == rgba[..., 1]).all() and (rgba[..., 1] == rgba[..., 2]).all())
        if (rgba[..., 3] < 255).any():
            return ("grayscale" if gray else "rgb"), " with transparency (a palette image)"
        return ("grayscale", "") if gray else ("rgb", " (a palette of colors)")
    if mode in _GRAY_ALPHA or mode in _COLOR_ALPHA:
        kind = "grayscale" if mode in _GRAY_ALPHA else "rgb"
        low, _ = image.getchannel("A").getextrema()
        return kind, (f" with transparency ({mode})" if low < 255 else "")
    bits = "16-bit" if mode.startswith("I;16") else "32-bit" if mode in ("I", "F") else "non-8-bit"
    raise _Refused(f"{file} holds {bits} pixels (Pillow mode {mode!r}); load_image_folder reads"
                   " 8-bit images (values 0-255): save it with 8 bits per channel")


def _fit(pixels, file, size, resize, first):
    """``pixels`` resized to ``size`` (H, W) if ``resize``, else the error naming ``file``."""
    if resize:
        image = Image.fromarray(pixels).resize((size[1], size[0]), _BILINEAR)
        return np.asarray(image)
    height, width = pixels.shape[:2]
    if first is None:
        why = f" (target_size={size}); pass resize=True to resize it"
    else:
        why = (f", the size of the first image, {first}; give target_size=(H, W) and "
               "resize=True to resize them all to one size")
    raise ValueError(f"{file} is {height} x {width} (H x W), expected {size[0]} x {size[1]}"
                     f"{why}")
