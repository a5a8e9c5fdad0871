"""Opening the store when another process may have it open.

DuckDB lets one process write a file, or any number of processes read it, never both. So `lbx ingest`
and a running dashboard take turns: whoever finds the file locked waits and tries again for a few
seconds (``LBX_LOCK_WAIT``, default 10), and then gives up with :class:`StoreBusy`, whose message names
the process that holds the file. :func:`store_version` tells a reader that the file changed since it
last looked, so it can drop what it cached.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extractor.store import Store

WAIT_ENV = "LBX_LOCK_WAIT"
DEFAULT_WAIT = 10.0  # seconds
_PID = re.compile(r"\(PID (\d+)\)")


class StoreBusy(Exception):
    """The store file stayed locked by another process for longer than we were willing to wait."""


def default_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


def is_lock_error(exc: BaseException) -> bool:
    """Is ``exc`` DuckDB saying another process holds the file's lock?"""
    import duckdb

    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def describe_process(pid: int) -> str:
    """A few words naming process ``pid``: 'the lbx dashboard (PID 12)', '`lbx ingest` (PID 12)'."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        words = [a.decode(errors="replace") for a in argv if a]
    except OSError:
        return f"process {pid}"
    joined = " ".join(words)
    if "streamlit" in joined and "dashboard" in joined:
        return f"the lbx dashboard (PID {pid})"
    for i, word in enumerate(words):
        if Path(word).name == "lbx" and i + 1 < len(words):
            return f"`lbx {words[i + 1]}` (PID {pid})"
    shown = " ".join(Path(words[0]).name if j == 0 else w for j, w in enumerate(words[:4])) if words else "?"
    return f"process {pid} ({shown[:80]})"


def holder(exc: BaseException) -> str:
    """Who holds the lock, from DuckDB's message ('... is held in /usr/bin/python3 (PID 123) ...')."""
    found = _PID.search(str(exc))
    return describe_process(int(found.group(1))) if found else "another process"


def open_store(path: str | Path, read_only: bool = False, wait: float | None = None) -> Store:
    """A :class:`~extractor.store.Store` on ``path``, retrying while another process holds the file.

    Raises :class:`StoreBusy` after ``wait`` seconds (default :func:`default_wait`), and
    FileNotFoundError for a read-only store that does not exist.
    """
    from extractor.store import Store

    deadline = time.monotonic() + (default_wait() if wait is None else wait)
    pause = 0.05
    while True:
        try:
            return Store(path, read_only=read_only)
        except Exception as exc:
            if not is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                doing = "read" if read_only else "write to"
                raise StoreBusy(f"cannot {doing} {path}: it is in use by {holder(exc)}; try again when that is done") from None
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


@contextmanager
def reading(path: str | Path, wait: float | None = None) -> Iterator[Store]:
    """A short-lived read-only store: opened for one piece of work and closed at once, so that a
    writer is never kept out for longer than a query takes."""
    store = open_store(path, read_only=True, wait=wait)
    try:
        yield store
    finally:
        store.close()


def store_version(path: str | Path) -> tuple[int, int, int, int]:
    """Changes whenever the store file (or its write-ahead log) is written: mtime and size of both."""
    stamp: list[int] = []
    for name in (str(path), f"{path}.wal"):
        try:
            info = os.stat(name)
            stamp += [info.st_mtime_ns, info.st_size]
        except OSError:
            stamp += [0, 0]
    return tuple(stamp)  # type: ignore[return-value]
