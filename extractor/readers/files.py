"""Opening input files: gzip is read transparently, by its magic bytes as well as by '.gz'."""

from __future__ import annotations

import gzip
import io
import queue
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(path: Path) -> bool:
    if path.name.lower().endswith(".gz"):
        return True
    with open(path, "rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def strip_gz(name: str) -> str:
    """'papers.jsonl.gz' -> 'papers.jsonl'."""
    return name[:-3] if name.lower().endswith(".gz") else name


def open_bytes(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when it is gzip. Iterating it yields lines."""
    if is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def open_text(path: Path, errors: str = "replace") -> TextIO:
    """The file as UTF-8 text (a leading byte-order mark dropped), with universal new lines.

    Undecodable bytes become U+FFFD by default, so one bad byte cannot cost a whole file.
    """
    return io.TextIOWrapper(open_bytes(path), encoding="utf-8-sig", errors=errors, newline="")


def head_bytes(path: Path, size: int) -> bytes:
    """The first `size` bytes of the file as stored (not decompressed)."""
    with open(path, "rb") as handle:
        return handle.read(size)


# Starts of common binary files (Parquet, a binary input lbx reads, is not among them) that can hold no NUL byte early on (a PDF's header is text).
_BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"SQLite format 3")


def binary_kind(path: Path, size: int = 8192) -> str | None:
    """None for a text file; else a word on what it seems to be ('PDF', 'zip', 'binary').

    Text has no NUL byte; UTF-16 text, which has them, is refused too (it is rare for these inputs).
    """
    with open_bytes(path) as handle:
        head = handle.read(size)
    for magic, name in zip(_BINARY_MAGIC, ("PDF", "zip (Excel, Word ...)", "PNG image", "JPEG image", "SQLite")):
        if head.startswith(magic):
            return name
    if b"\0" in head or head.startswith(b"DUCK", 8):
        return "binary"
    return None


def head_text(path: Path, size: int = 8192) -> str:
    """The first `size` bytes of the file as text, for sniffing its format."""
    with open_bytes(path) as handle:
        return handle.read(size).decode("utf-8-sig", errors="replace")


_BLOCK = 1 << 18
try:  # ISA-L inflates the same bytes about 3.5x faster than zlib; zlib when it is not installed
    from isal import isal_zlib as _inflater
except ImportError:  # pragma: no cover
    _inflater = zlib
_DONE = object()


def _put(q: queue.Queue, item: object, stop: threading.Event) -> bool:
    while not stop.is_set():
        try:
            q.put(item, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False


def _inflate(path: Path, q: queue.Queue, stop: threading.Event) -> None:
    """Decompress a gzip file (any number of members) block by block into `q`."""
    try:
        with open(path, "rb") as handle:
            inflater = _inflater.decompressobj(wbits=31)
            started = False
            while not stop.is_set():
                data = handle.read(_BLOCK)
                if not data:
                    break
                while data:
                    if inflater.eof:  # the next gzip member
                        inflater = _inflater.decompressobj(wbits=31)
                    started = True
                    out = inflater.decompress(data)
                    data = inflater.unused_data if inflater.eof else b""
                    if out and not _put(q, out, stop):
                        return
            if started and not inflater.eof and not stop.is_set():
                raise EOFError("compressed file ended before the end of its gzip stream")
        _put(q, _DONE, stop)
    except BaseException as exc:  # handed to the reading side, which raises it
        _put(q, exc, stop)


def _gzip_blocks(path: Path) -> Iterator[bytes]:
    """Decompressed blocks of a gzip file; inflating runs in a thread, beside the parsing."""
    q: queue.Queue = queue.Queue(maxsize=16)
    stop = threading.Event()
    worker = threading.Thread(target=_inflate, args=(path, q, stop), daemon=True)
    worker.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


def iter_blocks(path: Path) -> Iterator[bytes]:
    """The file's bytes in large blocks, decompressing gzip on the fly."""
    if is_gzip(path):
        yield from _gzip_blocks(path)
        return
    with open(path, "rb") as handle:
        while block := handle.read(_BLOCK):
            yield block


def count_lines(path: Path) -> int:
    """How many lines :func:`iter_lines` would yield, without splitting them."""
    lines, last = 0, b""
    for block in iter_blocks(path):
        lines += block.count(b"\n")
        last = block
    return lines + (1 if last and not last.endswith(b"\n") else 0)


def numbered_lines_from(path: Path, first: int) -> Iterator[tuple[int, bytes]]:
    """(line number, line) from line ``first`` on, as :func:`iter_lines` numbers them from 1; the
    lines before are counted block by block, not split."""
    done, rest = 0, b""
    for block in iter_blocks(path):
        ends = block.count(b"\n")
        if done + ends <= first - 1:  # every line this block completes lies before `first`
            done += ends
            rest = block[block.rfind(b"\n") + 1 :] if ends else rest + block
            continue
        lines = (rest + block).split(b"\n")
        rest = lines.pop()
        for line in lines:
            done += 1
            if done >= first:
                yield done, line
    if rest:
        done += 1
        if done >= first:
            yield done, rest


def line_chunks(path: Path, size: int = _BLOCK) -> Iterator[bytes]:
    """The file's bytes in chunks of whole lines of about ``size`` bytes, each ending with a line
    end (only the file's last line may lack one): the unit a worker process decodes.

    Split exactly where :func:`iter_lines` splits, so line numbers counted over the chunks are the
    same; on a read error the chunks before it have been handed out, as its lines would have been.
    """
    rest = b""
    for block in iter_blocks(path):
        data = rest + block if rest else block
        cut = data.rfind(b"\n") + 1
        start = 0
        while start < cut:
            end = data.find(b"\n", start + size, cut) + 1 if start + size < cut else cut
            end = end or cut
            yield data[start:end]
            start = end
        rest = data[cut:]
    if rest:
        yield rest


def iter_lines(path: Path) -> Iterator[bytes]:
    """The file's lines as bytes (line ends included or not), decompressing gzip on the fly."""
    if not is_gzip(path):
        with open(path, "rb") as handle:
            yield from handle
        return
    rest = b""
    for block in _gzip_blocks(path):
        lines = (rest + block).split(b"\n") if rest else block.split(b"\n")
        rest = lines.pop()
        yield from lines
    if rest:
        yield rest
