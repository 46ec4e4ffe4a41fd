"""Tests of nnbook.data: all offline. Downloads go to a server this file starts on 127.0.0.1."""

import gzip
import hashlib
import http.server
import socket
import threading
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from nnbook import data
from nnbook.data import load_mnist, read_idx, to_categorical, train_test_split

DATA_DIR = Path(data.__file__).parent / "_data"


# ---------------------------------------------------------------- helpers


def idx_bytes(array):
    """The IDX encoding of a uint8 array: 00 00 08 ndim, big-endian sizes, raw bytes."""
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    return header + array.tobytes()


def tiny_set(n_train=6, n_test=4, seed=0):
    """Four small IDX payloads, named as the real files (without .gz)."""
    rng = np.random.default_rng(seed)
    return {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte": np.arange(n_train, dtype=np.uint8) % 10,
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": (np.arange(n_test, dtype=np.uint8) + 3) % 10,
    }


def write_set(folder, arrays, gzipped):
    for name, array in arrays.items():
        raw = idx_bytes(array)
        if gzipped:
            (folder / (name + ".gz")).write_bytes(gzip.compress(raw))
        else:
            (folder / name).write_bytes(raw)


@pytest.fixture
def server(tmp_path):
    """Serve the folder ``served/`` over HTTP on 127.0.0.1 at a free port; yield (folder, url)."""
    served = tmp_path / "served"
    served.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(served)))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


# ---------------------------------------------------------------- the bundled subset


def test_bundled_shapes_dtype_range_and_classes():
    x, y = load_mnist()
    assert x.shape == (5000, 1, 28, 28) and x.dtype == np.float32
    assert 0.0 <= x.min() and x.max() <= 1.0 and x.max() == 1.0
    assert y.shape == (5000,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [500] * 10
    assert len(np.unique(y[:100])) == 10  # shuffled: any slice holds every digit


def test_bundled_uint8_on_request_matches_float():
    x8, y8 = load_mnist(dtype="uint8")
    x, y = load_mnist()
    assert x8.dtype == np.uint8 and x8.shape == (5000, 1, 28, 28) and x8.max() == 255
    np.testing.assert_array_equal(y8, y)
    np.testing.assert_allclose(x, x8 / np.float32(255))


def test_bundled_file_matches_recorded_sha256():
    digest = hashlib.sha256((DATA_DIR / data.BUNDLED_FILE).read_bytes()).hexdigest()
    assert digest == data.BUNDLED_SHA256
    assert digest in (DATA_DIR / "PROVENANCE.md").read_text()


def test_load_mnist_refuses_unknown_which_and_dtype():
    with pytest.raises(ValueError, match=r"'bundled' or 'full', got 'fulll'"):
        load_mnist("fulll")
    with pytest.raises(ValueError, match="float32, float64 or uint8, got int32"):
        load_mnist(dtype="int32")
    with pytest.raises(ValueError, match="float32, float64 or uint8, got floaty"):
        load_mnist(dtype="floaty")
    assert load_mnist(dtype=np.float64).x.dtype == np.float64


# ---------------------------------------------------------------- IDX files


@pytest.mark.parametrize("gzipped", [False, True])
def test_load_from_folder_of_idx_files(tmp_path, gzipped):
    arrays = tiny_set()
    write_set(tmp_path, arrays, gzipped)
    (x_train, y_train), (x_test, y_test) = load_mnist(path=tmp_path)
    assert x_train.shape == (6, 1, 28, 28) and x_test.shape == (4, 1, 28, 28)
    assert x_train.dtype == np.float32 and y_train.dtype == np.int64
    np.testing.assert_allclose(x_train[:, 0] * 255, arrays["train-images-idx3-ubyte"], atol=1e-4)
    np.testing.assert_array_equal(y_test, arrays["t10k-labels-idx1-ubyte"])
    split = load_mnist("full", path=tmp_path, dtype="uint8")
    np.testing.assert_array_equal(split.train.x[:, 0], arrays["train-images-idx3-ubyte"])


def test_read_idx_roundtrip(tmp_path):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    (tmp_path / "a").write_bytes(idx_bytes(array))
    np.testing.assert_array_equal(read_idx(tmp_path / "a"), array)


@pytest.mark.parametrize("raw, message", [
    (b"", "not an IDX file"),
    (b"\x08\x03\x00\x00" + bytes(10), "expected it to start with bytes 00 00, got 08 03 00 00"),
    (b"\x00\x00\x0d\x01" + bytes(8), r"expected unsigned bytes \(IDX type 0x08\), got 0x0d"),
    (b"\x00\x00\x08\x03\x00\x00\x00\x02", "truncated header: expected 16 bytes, got 8"),
    (idx_bytes(np.zeros((3, 28, 28)))[:-5],
     r"header says shape \(3, 28, 28\), so 2352 bytes.*has 2347 \(truncated\?\)"),
    (idx_bytes(np.zeros(5)) + b"\x00", "so 5 bytes of data, but the file has 6"),
])
def test_read_idx_refuses_malformed_files_naming_them(tmp_path, raw, message):
    bad = tmp_path / "bad-file-idx"
    bad.write_bytes(raw)
    with pytest.raises(ValueError, match=message) as info:
        read_idx(bad)
    assert "bad-file-idx" in str(info.value)


def test_read_idx_refuses_broken_gzip(tmp_path):
    bad = tmp_path / "cut.gz"
    bad.write_bytes(gzip.compress(idx_bytes(np.zeros((2, 28, 28))))[:40])
    with pytest.raises(ValueError, match="cut.gz: not a readable gzip file"):
        read_idx(bad)


def test_folder_with_wrong_dims_or_counts_or_missing_file_is_refused(tmp_path):
    arrays = tiny_set()
    arrays["train-images-idx3-ubyte"] = np.zeros((6, 27, 28), dtype=np.uint8)
    write_set(tmp_path, arrays, gzipped=False)
    message = r"train-images-idx3-ubyte: expected .*\(N, 28, 28\), got \(6, 27, 28\)"
    with pytest.raises(ValueError, match=message):
        load_mnist(path=tmp_path)

    arrays = tiny_set()
    arrays["t10k-labels-idx1-ubyte"] = np.zeros(3, dtype=np.uint8)
    write_set(tmp_path, arrays, gzipped=False)
    message = r"t10k-labels-idx1-ubyte: expected 4 labels, one per image .*; got \(3,\)"
    with pytest.raises(ValueError, match=message):
        load_mnist(path=tmp_path)

    arrays = tiny_set()
    arrays["train-labels-idx1-ubyte"][2] = 12
    write_set(tmp_path, arrays, gzipped=False)
    with pytest.raises(ValueError, match="train-labels-idx1-ubyte: expected labels 0-9, got 12"):
        load_mnist(path=tmp_path)

    write_set(tmp_path, tiny_set(), gzipped=False)
    (tmp_path / "t10k-labels-idx1-ubyte").unlink()
    message = "expected t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz in .*, found only"
    with pytest.raises(FileNotFoundError, match=message):
        load_mnist(path=tmp_path)


# ---------------------------------------------------------------- to_categorical


def test_to_categorical_values():
    onehot = to_categorical([0, 2, 1, 2])
    assert onehot.dtype == np.float32 and onehot.shape == (4, 3)
    np.testing.assert_array_equal(onehot, [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]])
    assert to_categorical(np.array([3]), num_classes=5).tolist() == [[0, 0, 0, 1, 0]]
    assert to_categorical(np.array([1.0, 0.0])).tolist() == [[0, 1], [1, 0]]  # whole floats: fine
    np.testing.assert_array_equal(to_categorical(load_mnist().y).argmax(axis=1), load_mnist().y)


@pytest.mark.parametrize("labels, num_classes, error, message", [
    ([0, 10], 10, ValueError, r"labels in \[0, 10\), got values from 0 to 10"),
    ([-1, 3], None, ValueError, r"labels in \[0, 4\), got values from -1 to 3"),
    ([0.5, 1.0], None, ValueError, "whole-number class labels, got 1 other value, such as 0.5"),
    (["a", "b"], None, TypeError, "integer class labels, got dtype <U1"),
    ([], None, ValueError, "cannot infer num_classes"),
    ([0, 1], 0, ValueError, "num_classes, a positive integer, got 0"),
])
def test_to_categorical_refuses_bad_labels(labels, num_classes, error, message):
    with pytest.raises(error, match=message):
        to_categorical(labels, num_classes)


# ---------------------------------------------------------------- train_test_split


def test_stratified_split_keeps_proportions():
    x, y = load_mnist(dtype="uint8")
    (x_train, y_train), (x_test, y_test) = train_test_split(x, y, test_fraction=0.2, seed=1)
    assert np.bincount(y_train).tolist() == [400] * 10
    assert np.bincount(y_test).tolist() == [100] * 10
    assert x_train.shape == (4000, 1, 28, 28) and x_test.shape == (1000, 1, 28, 28)
    # every example lands in exactly one part, with its own label
    def examples(images, labels):
        return sorted(image.tobytes() + bytes([label]) for image, label in zip(images, labels))
    both = examples(np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test]))
    assert both == examples(x, y)


def test_split_is_seeded_and_pairs_stay_together():
    x = np.arange(100)
    y = np.repeat([0, 1], [70, 30])
    first = train_test_split(x, y, test_fraction=0.1, seed=3)
    again = train_test_split(x, y, test_fraction=0.1, seed=3)
    other = train_test_split(x, y, test_fraction=0.1, seed=4)
    np.testing.assert_array_equal(first.test.x, again.test.x)
    assert not np.array_equal(first.test.x, other.test.x)
    assert np.bincount(first.test.y).tolist() == [7, 3]
    np.testing.assert_array_equal(first.train.y, y[first.train.x])  # x[i] still goes with y[i]
    assert sorted(np.concatenate([first.train.x, first.test.x])) == list(range(100))
    onehot = train_test_split(x, to_categorical(y), test_fraction=0.1, seed=3)  # one-hot y works
    np.testing.assert_array_equal(onehot.test.x, first.test.x)


def test_unstratified_split_and_refusals():
    split = train_test_split(np.arange(10), np.zeros(10), test_fraction=0.3, stratify=False)
    assert len(split.train.x) == 7 and len(split.test.x) == 3
    with pytest.raises(ValueError, match="got 10 examples and 9 labels"):
        train_test_split(np.arange(10), np.zeros(9))
    with pytest.raises(ValueError, match=r"test_fraction in \(0, 1\), got 1.5"):
        train_test_split(np.arange(10), np.zeros(10), test_fraction=1.5)


# ---------------------------------------------------------------- downloads (local server only)


def test_download_caches_a_good_file(server, tmp_path, capsys):
    served, url = server
    payload = b"digits" * 1000
    (served / "f.gz").write_bytes(payload)
    cache = tmp_path / "cache"
    path = data.download("f.gz", hashlib.sha256(payload).hexdigest(), cache, mirrors=[url])
    assert path == cache / "f.gz" and path.read_bytes() == payload
    assert [p.name for p in cache.iterdir()] == ["f.gz"]
    assert "f.gz" in capsys.readouterr().err  # the progress bar
    (served / "f.gz").unlink()  # a second call uses the cache, not the server
    assert data.download("f.gz", hashlib.sha256(payload).hexdigest(), cache, mirrors=[url]) == path


def test_download_replaces_a_damaged_cached_file(server, tmp_path):
    served, url = server
    payload = b"good bytes"
    (served / "f.gz").write_bytes(payload)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "f.gz").write_bytes(b"good by")  # e.g. copied by hand and cut short
    path = data.download("f.gz", hashlib.sha256(payload).hexdigest(), cache, mirrors=[url],
                         progress=False)
    assert path.read_bytes() == payload and [p.name for p in cache.iterdir()] == ["f.gz"]


def test_download_refuses_wrong_checksum_and_leaves_nothing(server, tmp_path):
    served, url = server
    (served / "f.gz").write_bytes(b"not what we expect")
    cache = tmp_path / "cache"
    message = f"{url}f.gz: wrong SHA-256: expected {'0' * 64}, got [0-9a-f]{{64}}"
    with pytest.raises(data.DownloadError, match=message):
        data.download("f.gz", "0" * 64, cache, mirrors=[url], progress=False)
    assert list(cache.iterdir()) == []


def test_download_falls_back_to_the_next_mirror(server, tmp_path):
    served, url = server
    payload = b"seven"
    (served / "f.gz").write_bytes(payload)
    path = data.download("f.gz", hashlib.sha256(payload).hexdigest(), tmp_path,
                         mirrors=[closed_port_url(), url + "missing/", url], progress=False)
    assert path.read_bytes() == payload


def test_unreachable_server_gives_a_clear_message(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    with pytest.raises(data.DownloadError) as info:
        data.download("f.gz", "0" * 64, cache, mirrors=[closed_port_url()], progress=False,
                      timeout=5, hint="try later")
    message = str(info.value)
    assert "could not download f.gz" in message and "127.0.0.1" in message
    assert message.endswith("\ntry later") and list(cache.iterdir()) == []
    monkeypatch.setattr(data, "MIRRORS", [closed_port_url()])  # the full set: MNIST's hint
    with pytest.raises(data.DownloadError) as info:
        load_mnist("full", cache_dir=cache, progress=False)
    message = str(info.value)
    assert "load_mnist(path=" in message and "train-images-idx3-ubyte.gz" in message


def test_load_full_downloads_checks_and_caches(server, tmp_path, monkeypatch):
    served, url = server
    files = {}
    for name, array in tiny_set().items():
        raw = gzip.compress(idx_bytes(array))
        (served / (name + ".gz")).write_bytes(raw)
        files[name + ".gz"] = hashlib.sha256(raw).hexdigest()
    monkeypatch.setattr(data, "MIRRORS", [closed_port_url(), url])
    monkeypatch.setattr(data, "FULL_FILES", files)
    monkeypatch.setenv("NNBOOK_DATA", str(tmp_path / "env-cache"))

    (x_train, y_train), (x_test, y_test) = load_mnist("full", progress=False)
    assert x_train.shape == (6, 1, 28, 28) and y_test.tolist() == [3, 4, 5, 6]
    assert sorted(p.name for p in (tmp_path / "env-cache" / "mnist").iterdir()) == sorted(files)

    for name in files:  # from now on only the cache can answer
        (served / name).unlink()
    split = load_mnist("full", cache_dir=tmp_path / "env-cache", progress=False)
    np.testing.assert_array_equal(split.train.y, y_train)
    with pytest.raises(data.DownloadError, match="load_mnist\\(path="):
        load_mnist("full", cache_dir=tmp_path / "elsewhere", progress=False)
