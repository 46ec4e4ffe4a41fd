"""Introduced in Chapter 3. Downloading a file safely: checksummed, with a deadline, nothing half-written.

``download`` writes into a ``.part`` file beside the target and renames it only once its
SHA-256 matches, so a file in the cache is always whole. A download that a crash or a
kill interrupted leaves a ``.part`` file; the next call removes it.
"""

import glob
import hashlib
import http.client
import numbers
import os
import re
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np


class DownloadError(RuntimeError):
    """No mirror gave a file with the expected SHA-256."""


def download(filename, sha256, cache_dir, mirrors, progress=True, timeout=30,
             max_seconds=600, hint=""):
    """Download ``filename`` into ``cache_dir`` unless a good copy is already there.

    Tries each mirror URL in turn (for MNIST: ``nnbook.data.MIRRORS``). The bytes go to a temporary
    file ``<filename>.<8 characters>.part`` in ``cache_dir``; only when their SHA-256
    matches is it renamed to ``filename``, so the cache never holds a half-written or wrong
    file. Returns the file's Path; raises :class:`DownloadError` listing what each mirror did.

    ``timeout`` bounds each wait for the network (connecting, each read); ``max_seconds``
    bounds the whole transfer from one mirror, so a server that sends a trickle of bytes,
    never quite slow enough to time out, is given up on (checked as bytes arrive). Both are
    in seconds; 600 s is enough for the largest MNIST file (9.9 MB) at 17 kB/s.

    A download stopped in the middle cleans up after itself, except when its process is
    killed outright (SIGKILL, or SIGTERM, whose default action skips Python's cleanup): that
    leaves a ``.part`` file. Each call removes such leftovers of ``filename``: a ``.part``
    file of it that has not changed for ``max_seconds + timeout`` seconds belongs to no
    download still running, as any would have been stopped by then (unless it was given a
    larger ``max_seconds``). Fresher ones may belong to a download running in parallel and
    are left alone; a later call removes them. ``hint`` ends the error's message (what
    else the user can do). Explained in Chapter 3.
    """
    filename, sha256 = _check_download_args(filename, sha256, mirrors, timeout, max_seconds)
    cache_dir = _folder(cache_dir, "download", "cache_dir", allow_none=False)
    if not isinstance(progress, (bool, np.bool_)):
        raise TypeError(f"download progress must be True or False, got {progress!r}")
    if not isinstance(hint, str):
        raise TypeError(f"download expected hint, a str, got {hint!r}")
    target = cache_dir / filename
    _remove_stale_parts(cache_dir, filename, max_seconds + timeout)
    if target.is_file() and _sha256(target.read_bytes()) == sha256:
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    failures = []
    for mirror in mirrors:
        url = mirror.rstrip("/") + "/" + filename
        try:
            _fetch_verified(url, target, sha256, progress, timeout, max_seconds)
            return target
        except (OSError, ValueError, http.client.HTTPException) as err:  # URLError: OSError
            failures.append(f"  {url}: {err}")
    raise DownloadError(
        f"could not download {filename} with SHA-256 {sha256}:\n" + "\n".join(failures)
        + ("\n" + hint if hint else ""))


def _check_download_args(filename, sha256, mirrors, timeout, max_seconds):
    """Refuse bad arguments of ``download`` before it touches the cache; return the
    file name and the SHA-256 in lower case."""
    if not isinstance(filename, str) or not filename or filename in (".", "..") \
            or any(sep in filename for sep in ("/", "\\", os.sep)):
        raise ValueError(f"download expected filename, a plain file name such as "
                         f"'train-images-idx3-ubyte.gz', got {filename!r}")
    if not isinstance(sha256, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
        raise ValueError(f"download expected sha256, the file's SHA-256 as 64 hexadecimal "
                         f"digits, got {sha256!r}")
    if isinstance(mirrors, (str, bytes)):
        raise TypeError(f"download expected mirrors, a list of URLs, got a str; "
                        f"wrap it in a list: mirrors=[{mirrors!r}]")
    if not isinstance(mirrors, (list, tuple)) or not all(isinstance(url, str)
                                                         for url in mirrors):
        raise TypeError(f"download expected mirrors, a list of URLs (str), got {mirrors!r}")
    if len(mirrors) == 0:
        raise ValueError("download expected mirrors to hold at least one URL, got an empty"
                         " list (for MNIST: nnbook.data.MIRRORS)")
    for name, value in (("timeout", timeout), ("max_seconds", max_seconds)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"download expected {name}, a number of seconds, got {value!r} "
                            f"({type(value).__name__})")
        if not 0 < value < float("inf"):
            raise ValueError(f"download expected {name}, a positive number of seconds, "
                             f"got {value!r}")
    return filename, sha256.lower()


def _folder(value, who, name, allow_none=True):
    """``value`` as a Path (None stays None where allowed), or an error naming ``name``."""
    if value is None and allow_none:
        return None
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{who} expected {name}, a folder (str or Path), got {value!r}")
    return Path(value)


def _remove_stale_parts(folder, filename, age):
    """Remove the ``.part`` files of ``filename`` in ``folder`` untouched for ``age`` seconds."""
    if not folder.is_dir():
        return
    name = re.compile(re.escape(filename) + r"\.[a-z0-9_]{8}\.part")  # tempfile's 8 characters
    now = time.time()
    for part in folder.glob(glob.escape(filename) + ".*.part"):
        try:
            if name.fullmatch(part.name) and now - part.stat().st_mtime > age:
                part.unlink()
        except FileNotFoundError:  # another call removed it first
            pass


def _fetch_verified(url, target, sha256, progress, timeout, max_seconds):
    """Stream ``url`` to a temporary file beside ``target``; if its hash matches, rename it."""
    give_up_at = time.monotonic() + max_seconds
    part = tempfile.NamedTemporaryFile(dir=target.parent, prefix=target.name + ".",
                                       suffix=".part", delete=False)
    done = 0
    try:
        digest = hashlib.sha256()
        with part, urllib.request.urlopen(url, timeout=min(timeout, max_seconds)) as response:
            total = int(response.headers.get("Content-Length") or 0)
            # read1 returns what has arrived (up to 64 kB) instead of waiting for a full
            # 64 kB, so the time limit is checked even when bytes come one at a time.
            while chunk := response.read1(1 << 16):
                part.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress:
                    _show_progress(target.name, done, total)
                if time.monotonic() > give_up_at:
                    of_total = f" of {total}" if total else ""
                    raise TimeoutError(
                        f"took longer than max_seconds={max_seconds} (received {done}"
                        f"{of_total} bytes); on a slow connection pass a larger max_seconds")
        if digest.hexdigest() != sha256:
            raise ValueError(f"wrong SHA-256: expected {sha256}, got {digest.hexdigest()}")
        os.replace(part.name, target)  # atomic: the file appears whole or not at all
    finally:
        if progress and done:
            sys.stderr.write("\n")  # end the progress bar's line, however the transfer ended
        if os.path.exists(part.name):
            os.remove(part.name)


def _show_progress(name, done, total, width=30):
    """A one-line text progress bar on stderr, redrawn in place."""
    if total:
        filled = int(width * done / total)
        bar = f"[{'#' * filled}{'.' * (width - filled)}] {done / 1e6:.1f}/{total / 1e6:.1f} MB"
    else:
        bar = f"{done / 1e6:.1f} MB"
    sys.stderr.write(f"\r{name} {bar}")
    sys.stderr.flush()


def _sha256(data):
    return hashlib.sha256(data).hexdigest()
