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
