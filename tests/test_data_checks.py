"""More tests of nnbook.data: defects found in review (issue 9). All offline."""

import gzip

import numpy as np
import pytest

from nnbook.data import read_idx


def idx_bytes(array):
    """The IDX encoding of a uint8 array: 00 00 08 ndim, big-endian sizes, raw bytes."""
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    return header + array.tobytes()


# ---------------------------------------------------------------- read_idx


def test_read_idx_refuses_a_gzip_with_a_corrupt_deflate_block(tmp_path):
    good = gzip.compress(idx_bytes(np.zeros((2, 28, 28))))
    # Byte 10 starts the deflate stream; 0x07 says "last block, type 3", a type that does
    # not exist, so zlib stops with zlib.error (not OSError or EOFError).
    bad = tmp_path / "corrupt.gz"
    bad.write_bytes(good[:10] + b"\x07" + good[11:])
    with pytest.raises(ValueError, match="corrupt.gz: not a readable gzip file"):
        read_idx(bad)
