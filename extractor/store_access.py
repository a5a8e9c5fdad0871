"""Opening the store when another process may have it open.

DuckDB lets one process write a file, or any number of processes read it, never both. So `lbx ingest`
and a running dashboard take turns: whoever finds the file locked waits and tries again for a few
seconds (``LBX_LOCK_WAIT``, default 10), and then gives up with :class:`StoreBusy`, whose message names
the process that holds the file. :func:`store_version` tells a reader that the file changed since it
last looked, so it can drop what it cached.

A reader that queries without pause could keep a writer out for ever; so a writer that finds the
file locked leaves a note beside it (``<store>.writer``, holding its PID) while it waits, and readers
that see the note close their connection at once and wait for the writer instead of reopening.
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


def _note_path(path: str | Path) -> Path:
    return Path(f"{path}.writer")


def writer_waiting(path: str | Path) -> bool:
    """Is a live process waiting to write ``path``? (A note left by a process that died is ignored.)"""
    note = _note_path(path)
    try:
        pid = int(note.read_text().strip() or 0)
    except (OSError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def open_store(path: str | Path, read_only: bool = False, wait: float | None = None) -> Store:
    """A :class:`~extractor.store.Store` on ``path``, retrying while another process holds the file.

    Raises :class:`StoreBusy` after ``wait`` seconds (default :func:`default_wait`), and
    FileNotFoundError for a read-only store that does not exist. A reader also waits while a writer
    is waiting; a writer that has to wait says so (see the module docstring).
    """
    from extractor.store import Store

    deadline = time.monotonic() + (default_wait() if wait is None else wait)
    pause = 0.02
    note: Path | None = None
    last: BaseException | None = None
    try:
        while True:
            if not (read_only and writer_waiting(path)):
                try:
                    return Store(path, read_only=read_only)
                except Exception as exc:
                    if not is_lock_error(exc):
                        raise
                    last = exc
                    if not read_only and note is None:
                        note = _note_path(path)
                        note.write_text(str(os.getpid()))
            if time.monotonic() >= deadline:
                doing = "read" if read_only else "write to"
                who = holder(last) if last is not None else "a process waiting to write it"
                raise StoreBusy(f"cannot {doing} {path}: it is in use by {who}; try again when that is done") from None
            time.sleep(pause)
            pause = min(pause * 2, 0.25)
    finally:
        if note is not None:
            note.unlink(missing_ok=True)


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


class LingeringReader:
    """One read-only store shared by the queries that come close together, closed once they stop.

    A dashboard page runs a handful of queries in a row; opening the file for each costs ~20 ms and
    DuckDB's block cache. So the connection stays open while any query runs and for ``linger``
    seconds after the last one ends, then closes: a waiting writer gets the file within that time.
    Queries run on cursors of their own, so threads may share the connection.
    """

    def __init__(self, path: str | Path, linger: float = 0.5, wait: float | None = None):
        import threading

        self.path, self.linger, self.wait = str(path), linger, wait
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._users = 0
        self._timer: threading.Timer | None = None

    @contextmanager
    def use(self) -> Iterator[Store]:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._store is not None and self._users == 0 and writer_waiting(self.path):
                self._close_now()  # let the writer in; open_store below waits for it
            if self._store is None:
                self._store = open_store(self.path, read_only=True, wait=self.wait)
            self._users += 1
            store = self._store
        try:
            yield store
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    if writer_waiting(self.path):
                        self._close_now()
                    else:
                        self._schedule_close()

    def _schedule_close(self) -> None:
        import threading

        if self.linger <= 0:
            self._close_now()
            return
        self._timer = threading.Timer(self.linger, self._close_if_idle)
        self._timer.daemon = True
        self._timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._users == 0:
                self._close_now()

    def _close_now(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        self._timer = None

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._close_now()
