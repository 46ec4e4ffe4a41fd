"""More tests of nnbook.data: defects found in review (issue 9). All offline."""

import gzip
import hashlib
import http.server
import os
import re
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from nnbook import data
from nnbook.data import load_mnist, read_idx, to_categorical, train_test_split


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


# ---------------------------------------------------------------- downloads (127.0.0.1 only)


def serve(tmp_path, handler):
    """Start ``handler`` on 127.0.0.1 at a free port; return (url, stop)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()

    def stop():
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)

    return f"http://127.0.0.1:{httpd.server_address[1]}/", stop


@pytest.fixture
def files_server(tmp_path):
    """Serve the folder ``served/`` over HTTP; yield (folder, url)."""
    served = tmp_path / "served"
    served.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    url, stop = serve(tmp_path, partial(Quiet, directory=str(served)))
    yield served, url
    stop()


@pytest.fixture
def drip_server(tmp_path):
    """A server that promises 10,000 bytes and sends one every 20 ms: it never times out
    a single read, yet would take 200 s to finish. Yields its URL."""
    done = threading.Event()

    class Drip(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "10000")
            self.end_headers()
            try:
                for _ in range(10000):
                    if done.is_set():
                        return
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.02)
            except OSError:  # the client hung up: that is the point
                pass

    url, stop = serve(tmp_path, Drip)
    yield url
    done.set()
    stop()


def test_download_of_a_dripping_server_stops_at_max_seconds(drip_server, tmp_path):
    cache = tmp_path / "cache"
    start = time.monotonic()
    with pytest.raises(data.DownloadError) as info:
        data.download("f.gz", "0" * 64, cache, mirrors=[drip_server], progress=False,
                      max_seconds=0.4)
    elapsed = time.monotonic() - start
    message = str(info.value)
    assert "took longer than max_seconds=0.4" in message, message
    assert re.search(r"received \d+ of 10000 bytes", message), message
    assert elapsed < 5, elapsed  # stopped by max_seconds, not by the 200 s the server wants
    assert list(cache.iterdir()) == []  # nothing half-written stays


def _old(path, seconds=24 * 3600):
    """Set ``path``'s modification time ``seconds`` into the past."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_download_removes_stale_part_files_of_this_file_only(files_server, tmp_path):
    served, url = files_server
    payload = b"digits" * 100
    (served / "f.gz").write_bytes(payload)
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / "f.gz.k3j_x9a1.part"  # left by a download killed a day ago (SIGKILL)
    stale.write_bytes(b"half")
    _old(stale)
    live = cache / "f.gz.q8w2e4r6.part"  # fresh: may belong to a download running right now
    live.write_bytes(b"half")
    other = cache / "g.gz.abcdefgh.part"  # another file's leftover: not this call's business
    other.write_bytes(b"half")
    _old(other)
    lookalike = cache / "f.gz.backup.part"  # not a name download makes
    lookalike.write_bytes(b"mine")
    _old(lookalike)

    data.download("f.gz", hashlib.sha256(payload).hexdigest(), cache, mirrors=[url],
                  progress=False)
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        ["f.gz", live.name, other.name, lookalike.name])


def test_a_cached_file_still_gets_its_stale_part_files_removed(tmp_path):
    # Killed, then rerun at once: the rerun succeeds while the leftover is still fresh, and
    # every later call finds the file cached. Those later calls clean up too.
    payload = b"cached"
    (tmp_path / "f.gz").write_bytes(payload)
    stale = tmp_path / "f.gz.a1b2c3d4.part"
    stale.write_bytes(b"ha")
    _old(stale)
    data.download("f.gz", hashlib.sha256(payload).hexdigest(), tmp_path,
                  mirrors=["http://127.0.0.1:9/"],  # never asked: the file is cached
                  progress=False)
    assert [p.name for p in tmp_path.iterdir()] == ["f.gz"]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"mirrors": "http://127.0.0.1:9/"}, TypeError,
     r"mirrors.*list of URLs, got a str.*mirrors=\['http://127.0.0.1:9/'\]"),
    ({"mirrors": []}, ValueError, "mirrors.*at least one URL, got an empty list"),
    ({"mirrors": [Path("/srv/mnist")]}, TypeError, r"mirrors, a list of URLs \(str\), got"),
    ({"max_seconds": 0}, ValueError, "max_seconds.*positive number of seconds, got 0"),
    ({"max_seconds": float("inf")}, ValueError, "max_seconds.*positive number.*got inf"),
    ({"max_seconds": "60"}, TypeError, r"max_seconds.*number of seconds, got '60' \(str\)"),
    ({"timeout": -1}, ValueError, "timeout.*positive number of seconds, got -1"),
    ({"timeout": True}, TypeError, r"timeout.*number of seconds, got True \(bool\)"),
    ({"sha256": "abc"}, ValueError, "sha256.*64 hexadecimal digits, got 'abc'"),
    ({"filename": "sub/f.gz"}, ValueError, "filename.*plain file name.*got 'sub/f.gz'"),
])
def test_download_refuses_bad_arguments_before_touching_the_cache(tmp_path, kwargs, error,
                                                                   message):
    args = {"filename": "f.gz", "sha256": "0" * 64, "cache_dir": tmp_path / "cache",
            "mirrors": ["http://127.0.0.1:9/"], "progress": False, **kwargs}
    with pytest.raises(error, match=message):
        data.download(**args)
    assert not (tmp_path / "cache").exists()


def test_download_takes_an_uppercase_sha256(files_server, tmp_path):
    served, url = files_server
    (served / "f.gz").write_bytes(b"abc")
    digest = hashlib.sha256(b"abc").hexdigest().upper()
    path = data.download("f.gz", digest, tmp_path / "cache", mirrors=[url], progress=False)
    assert path.read_bytes() == b"abc"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_part_file_left_by_a_killed_download_is_removed_by_the_next(drip_server, tmp_path):
    cache = tmp_path / "cache"
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys; from nnbook import data; "
        "data.download('f.gz', '0' * 64, sys.argv[1], mirrors=[sys.argv[2]], progress=False)"),
        str(cache), drip_server], env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        give_up = time.monotonic() + 30
        while not list(cache.glob("f.gz.*.part")) and time.monotonic() < give_up:
            time.sleep(0.02)
        time.sleep(0.1)  # a few bytes in
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    leftovers = list(cache.glob("f.gz.*.part"))
    assert len(leftovers) == 1  # killed: no cleanup ran
    _old(leftovers[0])
    (cache / "f.gz").write_bytes(b"x")
    data.download("f.gz", hashlib.sha256(b"x").hexdigest(), cache,
                  mirrors=["http://127.0.0.1:9/"], progress=False)
    assert [p.name for p in cache.iterdir()] == ["f.gz"]


# ---------------------------------------------------------------- to_categorical


def test_to_categorical_of_a_column_of_labels_is_n_by_c_as_keras():
    column = np.array([[0], [2], [1]])
    onehot = to_categorical(column)
    assert onehot.shape == (3, 3)  # not (3, 1, 3)
    np.testing.assert_array_equal(onehot, to_categorical([0, 2, 1]))
    # Keras drops only a trailing axis of 1: other shapes keep their axes, plus one
    assert to_categorical(np.zeros((4, 2), dtype=int), 3).shape == (4, 2, 3)
    assert to_categorical(np.zeros((2, 3, 1), dtype=int), 3).shape == (2, 3, 3)
    assert to_categorical(2, 4).tolist() == [0, 0, 1, 0]
    assert to_categorical(np.array([1]), 2).shape == (1, 2)


@pytest.mark.parametrize("labels, num_classes, error, message", [
    ([0, np.nan, 1], None, ValueError, "whole-number class labels, got 1 other value, such as nan"),
    ([0, np.inf], 3, ValueError, "whole-number class labels.*such as inf"),
    ([0.0, 2.5, 1.5], None, ValueError, "got 2 other values, such as 2.5"),
    ([[0], [-1]], 3, ValueError, r"labels in \[0, 3\), got values from -1 to 0"),
    ([0, 7], 5, ValueError, r"labels in \[0, 5\), got values from 0 to 7"),
    ([True, False], None, TypeError, "integer class labels, got dtype bool"),
    ([0, 1], True, TypeError, r"num_classes, a positive integer, got True \(bool\)"),
    ([0, 1], "3", TypeError, r"num_classes, a positive integer, got '3' \(str\)"),
    ([0, 1], np.nan, ValueError, "num_classes, a positive integer, got nan"),
    ([0, 1], 2.5, ValueError, "num_classes, a positive integer, got 2.5"),
    ([0, 1], -2, ValueError, "num_classes, a positive integer, got -2"),
])
def test_to_categorical_refusals(labels, num_classes, error, message):
    with pytest.raises(error, match=message):
        to_categorical(np.array(labels), num_classes)


def test_to_categorical_takes_a_whole_float_num_classes():
    assert to_categorical([0, 1], 3.0).shape == (2, 3)


# ---------------------------------------------------------------- train_test_split


def test_split_refuses_nan_labels_instead_of_dropping_their_rows():
    y = np.array([0.0, 1.0, np.nan, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    with pytest.raises(ValueError, match=r"train_test_split expected labels y without NaN or "
                                         r"inf, got 1 such value, the first at row 2"):
        train_test_split(np.arange(10), y)
    onehot = np.eye(2)[[0, 1] * 5]
    onehot[3, 1] = np.inf
    with pytest.raises(ValueError, match="got 1 such value, the first at row 3"):
        train_test_split(np.arange(10), onehot)


def test_split_of_nothing_is_refused_clearly():
    with pytest.raises(ValueError, match=r"train_test_split expected at least one example, "
                                         r"got x of shape \(0, 3\)"):
        train_test_split(np.zeros((0, 3)), np.zeros(0))


def test_split_refuses_an_empty_part():
    with pytest.raises(ValueError, match=r"test_fraction=0.01 of 10 examples leaves the test "
                                         r"part empty"):
        train_test_split(np.arange(10), np.zeros(10), test_fraction=0.01)
    with pytest.raises(ValueError, match="leaves the training part empty"):
        train_test_split(np.arange(2), np.zeros(2), test_fraction=0.9)
    # continuous targets: every value its own class of one, so no test example at all
    with pytest.raises(ValueError, match="test part empty.*stratify=False"):
        train_test_split(np.arange(10), np.linspace(0, 1, 10))


def test_split_stratifies_a_column_of_labels_by_its_values():
    # A (N, 1) column, e.g. binary targets for BinaryCrossentropy, was read as one-hot rows:
    # argmax of each one-column row is 0, so every example fell in one class.
    x = np.arange(100)
    y = np.repeat([0, 1], [70, 30]).reshape(-1, 1)
    for seed in range(3):
        split = train_test_split(x, y, test_fraction=0.1, seed=seed)
        assert split.test.y.shape == (10, 1)
        assert np.bincount(split.test.y[:, 0]).tolist() == [7, 3]


@pytest.mark.parametrize("args, error, message", [
    ((3.0, [1]), TypeError, r"x with a first axis of examples, got a scalar"),
    ((np.arange(4), np.zeros((4, 2, 2))), ValueError,
     r"labels y of shape \(N,\) or one-hot \(N, C\), got \(4, 2, 2\)"),
    ((np.arange(4), np.zeros(4), "0.5"), TypeError, r"test_fraction.*got '0.5' \(str\)"),
    ((np.arange(4), np.zeros(4), True), TypeError, r"test_fraction.*got True \(bool\)"),
    ((np.arange(4), np.zeros(4), np.nan), ValueError, r"test_fraction in \(0, 1\), got nan"),
])
def test_split_refuses_bad_arguments(args, error, message):
    with pytest.raises(error, match=message):
        train_test_split(*args)


def test_split_keeps_string_labels_working():
    y = np.array(["cat", "dog"] * 5)
    split = train_test_split(np.arange(10), y, test_fraction=0.2)
    assert sorted(split.test.y.tolist()) == ["cat", "dog"]


# ---------------------------------------------------------------- load_mnist


def test_load_mnist_refuses_dtype_none_instead_of_reading_it_as_float64():
    with pytest.raises(ValueError, match="float32, float64 or uint8, got None"):
        load_mnist(dtype=None)


def test_split_stratify_must_be_true_or_false():
    # bool("False") is True: the string would have stratified.
    with pytest.raises(TypeError, match=r"stratify to be True or False, got 'False' \(str\)"):
        train_test_split(np.arange(10), np.zeros(10), stratify="False")
