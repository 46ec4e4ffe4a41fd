"""Introduced in Chapter 3. MNIST digits, one-hot labels and a fair train/test split.

MNIST is 70,000 handwritten digits, each a 28 x 28 grid of grey levels 0-255, with its label
0-9. This module gets them three ways:

* ``load_mnist()`` — a real subset of 5,000 digits (500 per class) that ships inside nnbook:
  no network, the default everywhere in the book.
* ``load_mnist("full")`` — the canonical 60,000 + 10,000 files, downloaded once from a mirror,
  checked against their SHA-256 and kept in a cache folder.
* ``load_mnist(path=DIR)`` — the same four files, placed in ``DIR`` by hand.

The four files are in IDX format: a 4-byte "magic number" (two zero bytes, a type code, the
number of dimensions), one big-endian 32-bit size per dimension, then the raw bytes.
Images come back in NCHW layout, shape ``(N, 1, 28, 28)`` (one grey channel), floats in
[0, 1]; labels as int64, shape ``(N,)``. See Chapter 3.

Chapter 5 adds ``load_image_folder`` (from ``nnbook.image_folder``): your own images, one
sub-folder per class, read into the same layout.
"""

import gzip
import io
import numbers
import os
import zlib
from collections import namedtuple
from importlib import resources
from pathlib import Path

import numpy as np

from nnbook.checks import random_seed, true_or_false
from nnbook.download import DownloadError, _folder, _sha256, download  # noqa: F401
from nnbook.image_folder import load_image_folder  # noqa: F401 (data.load_image_folder)

Dataset = namedtuple("Dataset", ["x", "y"])
Dataset.__doc__ = "Images ``x`` (N, 1, 28, 28) and labels ``y`` (N,); unpacks as ``x, y``."
Split = namedtuple("Split", ["train", "test"])
Split.__doc__ = "Two Datasets: unpacks as ``(x_train, y_train), (x_test, y_test)``, like Keras."

BUNDLED_FILE = "mnist_5k.npz"
BUNDLED_SHA256 = "9346d5cd2b4aa0ec195a5d84000ea6ed3638945390ad10a91737d5950ce27f3c"

# Tried in order. Tests point this list at a server on 127.0.0.1.
MIRRORS = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",  # the one torchvision uses
    "https://storage.googleapis.com/cvdf-datasets/mnist/",  # the one TensorFlow uses
]
# File name -> SHA-256, as recorded by tensorflow-datasets (url_checksums/mnist.txt);
# see _data/PROVENANCE.md.
FULL_FILES = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}


def load_mnist(which="bundled", path=None, dtype="float32", cache_dir=None, progress=True):
    """Load MNIST digits as arrays.

    Parameters
    ----------
    which : {"bundled", "full"}
        ``"bundled"``: the 5,000-digit subset inside nnbook (offline). ``"full"``: the
        60,000 training and 10,000 test digits, downloaded on first use.
    path : str or Path, optional
        A directory holding ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
        ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte`` (each may end in ``.gz``).
        When given, the full set is read from there and nothing is downloaded.
    dtype : {"float32", "float64", "uint8"}
        Floats are scaled to [0, 1]; ``"uint8"`` keeps the raw grey levels 0-255.
    cache_dir : str or Path, optional
        Where ``"full"`` keeps its download (in a ``mnist`` subfolder). Default: the
        ``NNBOOK_DATA`` environment variable, else ``~/.cache/nnbook``.
    progress : bool
        Show a progress bar while downloading.

    Returns
    -------
    Dataset (x, y) for ``"bundled"``: x (5000, 1, 28, 28), y (5000,) int64, rows shuffled.
    Split ((x_train, y_train), (x_test, y_test)) for ``"full"`` and ``path=``:
    (60000, 1, 28, 28) and (10000, 1, 28, 28) for the canonical files.
    The bundled subset has no test part: split it with :func:`train_test_split`.

    Explained in Chapter 3.
    """
    try:
        dtype = None if dtype is None else np.dtype(dtype)  # np.dtype(None) would be float64
    except TypeError:
        pass  # not a dtype at all: refused just below
    if dtype not in (np.float32, np.float64, np.uint8):
        raise ValueError(f"load_mnist expected dtype float32, float64 or uint8, got {dtype}")
    if which not in ("bundled", "full"):
        raise ValueError(f"load_mnist expected which='bundled' or 'full', got {which!r}")
    path, cache_dir = _folder(path, "load_mnist", "path"), _folder(cache_dir, "load_mnist",
                                                                   "cache_dir")
    true_or_false(progress, "load_mnist progress")
    if path is None and which == "bundled":
        images, labels = _read_bundled()
        return Dataset(_as_images(images, dtype), labels.astype(np.int64))
    path = _download_full(cache_dir, progress) if path is None else Path(path).expanduser()
    parts = []
    for prefix in ("train", "t10k"):
        images_file = _find(path, f"{prefix}-images-idx3-ubyte")
        labels_file = _find(path, f"{prefix}-labels-idx1-ubyte")
        images, labels = read_idx(images_file), read_idx(labels_file)
        _check_pair(images, labels, images_file, labels_file)
        parts.append(Dataset(_as_images(images, dtype), labels.astype(np.int64)))
    return Split(*parts)


def read_idx(filename):
    """Read one IDX file of unsigned bytes (gzipped or not) into a uint8 array.

    The header says the shape: ``(N, 28, 28)`` for an images file, ``(N,)`` for labels.
    A file that is not IDX, holds another type, or is cut short raises ValueError
    naming the file and what is wrong. Explained in Chapter 3.
    """
    if not isinstance(filename, (str, os.PathLike)):
        raise TypeError(f"read_idx expected filename, a path (str or Path), got {filename!r}")
    filename = Path(filename)
    raw = filename.read_bytes()
    if raw[:2] == b"\x1f\x8b":  # gzip's own magic number
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as err:  # zlib.error: a corrupt deflate block
            raise ValueError(f"{filename}: not a readable gzip file ({err})") from None
    if len(raw) < 4 or raw[:2] != b"\x00\x00":
        raise ValueError(f"{filename}: not an IDX file: expected it to start with bytes "
                         f"00 00, got {raw[:4].hex(' ') or 'an empty file'}")
    type_code, ndim = raw[2], raw[3]
    if type_code != 0x08:
        raise ValueError(f"{filename}: expected unsigned bytes (IDX type 0x08), "
                         f"got 0x{type_code:02x}")
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise ValueError(f"{filename}: truncated header: expected {header_size} bytes, "
                         f"got {len(raw)}")
    shape = tuple(int(n) for n in np.frombuffer(raw[4:header_size], dtype=">u4"))
    expected = int(np.prod(shape))
    found = len(raw) - header_size
    if found != expected:
        hint = " (truncated?)" if found < expected else ""
        raise ValueError(f"{filename}: header says shape {shape}, so {expected} bytes of data, "
                         f"but the file has {found}{hint}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header_size).reshape(shape).copy()


def to_categorical(y, num_classes=None):
    """One-hot encode integer labels: ``y`` (N,) -> (N, num_classes) float32.

    Row i is all zeros except a 1 in column ``y[i]``. ``num_classes`` defaults to
    ``max(y) + 1``. Labels must be whole numbers in [0, num_classes). Same name as Keras,
    and the same shapes: a column of labels (N, 1) also gives (N, num_classes); any other
    shape gains one axis at the end. Explained in Chapter 3.
    """
    y = np.asarray(y)
    if not (np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.floating)):
        raise TypeError(f"to_categorical expected y, integer class labels, got dtype {y.dtype}")
    if np.issubdtype(y.dtype, np.floating):
        bad = y[~np.isfinite(y) | (y != np.round(y))] if y.size else y[:0]
        if bad.size:
            raise ValueError(f"to_categorical expected y, whole-number class labels, "
                             f"got {bad.size} other value{'s' if bad.size > 1 else ''}, "
                             f"such as {bad.flat[0]}")
    if num_classes is not None:
        if isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Real):
            raise TypeError(f"to_categorical expected num_classes, a positive integer, "
                            f"got {num_classes!r} ({type(num_classes).__name__})")
        if not (num_classes >= 1 and float(num_classes).is_integer()):
            raise ValueError(f"to_categorical expected num_classes, a positive integer, "
                             f"got {num_classes!r}")
    if y.ndim > 1 and y.shape[-1] == 1:
        y = y[..., 0]  # a column of labels, as Keras reads it
    if num_classes is None:
        if y.size == 0:
            raise ValueError("to_categorical cannot infer num_classes from no labels; pass it")
        num_classes = int(y.max()) + 1
    num_classes = int(num_classes)
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"to_categorical expected y, labels in [0, {num_classes}), "
                         f"got values from {y.min()} to {y.max()}")
    return np.eye(num_classes, dtype=np.float32)[y.astype(np.int64)]


def train_test_split(x, y, test_fraction=0.2, seed=0, stratify=True):
    """Split examples at random into a training part and a test part.

    With ``stratify=True`` each class is split on its own, so both parts keep the class
    proportions of ``y`` (for 500 digits of a class and ``test_fraction=0.2``: 400 train,
    100 test). The same ``seed`` always gives the same split; both parts come shuffled.

    Parameters
    ----------
    x : array, shape (N, ...)
    y : array, shape (N,) labels, (N, 1) a column of labels, or (N, C) one-hot
        (its classes are the argmax of each row). No NaN or inf.
    test_fraction : float in (0, 1)
        Rounded per class; a split that leaves either part empty is refused.
    seed : int
    stratify : bool
        False for targets that are not class labels (one class per value makes no sense).

    Returns
    -------
    Split ((x_train, y_train), (x_test, y_test)), like ``load_mnist("full")``.
    (Note: scikit-learn's function of this name returns x_train, x_test, y_train, y_test.)

    Explained in Chapter 3.
    """
    x, y = np.asarray(x), np.asarray(y)
    for name, array in (("x", x), ("y", y)):
        if array.ndim == 0:
            raise TypeError(f"train_test_split expected {name} with a first axis of examples, "
                            f"got a scalar {array.item()!r}")
    if y.ndim > 2:
        raise ValueError(f"train_test_split expected labels y of shape (N,) or one-hot (N, C), "
                         f"got {y.shape}")
    if len(x) != len(y):
        raise ValueError(f"train_test_split expected as many labels as examples, "
                         f"got {len(x)} examples and {len(y)} labels")
    if len(x) == 0:
        raise ValueError(f"train_test_split expected at least one example, got x of shape "
                         f"{x.shape}")
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, numbers.Real):
        raise TypeError(f"train_test_split expected test_fraction, a number in (0, 1), "
                        f"got {test_fraction!r} ({type(test_fraction).__name__})")
    if not 0 < test_fraction < 1:
        raise ValueError(f"train_test_split expected test_fraction in (0, 1), got {test_fraction}")
    if not isinstance(stratify, (bool, np.bool_)):
        raise TypeError(f"train_test_split expected stratify to be True or False, "
                        f"got {stratify!r} ({type(stratify).__name__})")
    if y.dtype.kind in "fc" and not np.isfinite(y).all():
        bad = ~np.isfinite(y)
        rows = bad if y.ndim == 1 else bad.any(axis=1)
        count = int(bad.sum())
        raise ValueError(f"train_test_split expected labels y without NaN or inf, got {count} "
                         f"such value{'s' if count > 1 else ''}, the first at row "
                         f"{int(np.argmax(rows))}")
    rng = np.random.default_rng(random_seed(seed, "train_test_split seed"))
    if stratify:
        if y.ndim == 1:
            classes = y
        else:
            classes = y[:, 0] if y.shape[1] == 1 else y.argmax(axis=1)
        groups = [np.flatnonzero(classes == c) for c in np.unique(classes)]
    else:
        groups = [np.arange(len(y))]
    test_parts, train_parts = [], []
    for members in groups:
        members = rng.permutation(members)
        n_test = int(round(len(members) * test_fraction))
        test_parts.append(members[:n_test])
        train_parts.append(members[n_test:])
    train = rng.permutation(np.concatenate(train_parts))
    test = rng.permutation(np.concatenate(test_parts))
    for part, indices in (("test", test), ("training", train)):
        if len(indices) == 0:
            if len(groups) > 1:
                hint = (f"; with stratify=True each of the {len(groups)} classes is split "
                        f"on its own, its share rounded, so small classes give no examples: "
                        f"pass stratify=False if y holds no class labels, or a different "
                        f"test_fraction")
            else:
                hint = "; use a different test_fraction or more examples"
            raise ValueError(f"train_test_split with test_fraction={test_fraction} of {len(y)} "
                             f"examples leaves the {part} part empty{hint}")
    return Split(Dataset(x[train], y[train]), Dataset(x[test], y[test]))


def _download_full(cache_dir, progress):
    """Fetch the four files of :data:`FULL_FILES` into the cache; return the folder."""
    if cache_dir is None:
        cache_dir = os.environ.get("NNBOOK_DATA") or Path.home() / ".cache" / "nnbook"
    folder = Path(cache_dir).expanduser() / "mnist"
    for filename, sha256 in FULL_FILES.items():
        download(filename, sha256, folder, MIRRORS, progress=progress, hint=(
            f"To use the full set without this download, fetch the four files "
            f"{', '.join(FULL_FILES)} by hand (from any MNIST mirror), put them in one folder"
            f" and call load_mnist(path='that/folder'). The bundled subset, load_mnist(),"
            f" needs no network."))
    return folder


def _read_bundled():
    """The bundled subset as uint8 images (5000, 28, 28) and labels (5000,), hash-checked."""
    raw = (resources.files("nnbook") / "_data" / BUNDLED_FILE).read_bytes()
    if _sha256(raw) != BUNDLED_SHA256:
        raise ValueError(f"nnbook/_data/{BUNDLED_FILE} is damaged: expected SHA-256 "
                         f"{BUNDLED_SHA256}, got {_sha256(raw)}; reinstall nnbook")
    with np.load(io.BytesIO(raw)) as arrays:
        return arrays["images"], arrays["labels"]


def _find(folder, name):
    """The path of IDX file ``name`` (or ``name.gz``) in ``folder``."""
    for candidate in (Path(folder) / name, Path(folder) / (name + ".gz")):
        if candidate.is_file():
            return candidate
    present = sorted(p.name for p in Path(folder).iterdir()) if Path(folder).is_dir() else None
    found = f"found only {present}" if present is not None else "which is not a folder"
    raise FileNotFoundError(f"expected {name} or {name}.gz in {folder}, {found}")


def _check_pair(images, labels, images_file, labels_file):
    """Refuse an images/labels pair whose shapes do not fit MNIST or each other."""
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise ValueError(f"{images_file}: expected images of shape (N, 28, 28), "
                         f"got {images.shape}")
    if labels.ndim != 1 or len(labels) != len(images):
        raise ValueError(f"{labels_file}: expected {len(images)} labels, one per image in "
                         f"{images_file.name}, so shape ({len(images)},); got {labels.shape}")
    if labels.size and labels.max() > 9:
        raise ValueError(f"{labels_file}: expected labels 0-9, got {labels.max()}")


def _as_images(images, dtype):
    """uint8 (N, 28, 28) -> (N, 1, 28, 28) in ``dtype``, scaled to [0, 1] for floats."""
    images = images[:, np.newaxis, :, :]
    if dtype == np.uint8:
        return images
    return images.astype(dtype) / dtype.type(255)


