"""Streaming writers for records and papers (.jsonl, .json, .csv, .parquet, '-' for stdout),
and a reader for JSONL or JSON-list record files. CSV cells follow :mod:`extractor.csv_policy`."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import orjson

from extractor.csv_policy import neutralise
from schemas import Claim, Paper

_LIST_FIELDS = {"qualifiers", "authors", "categories"}
FORMATS = (".jsonl", ".json", ".csv", ".parquet")


class OutputError(ValueError):
    """An output path lbx cannot write (unknown extension, missing folder), or a record file it cannot read."""


def _streams_to(path: Path) -> bool:
    """Is ``path`` a device or pipe (/dev/null, /dev/stdout), written to as a stream of JSON Lines?"""
    return path.exists() and not path.is_file() and not path.is_dir()


def _fields(kind: str) -> list[str]:
    return list((Claim if kind == "claims" else Paper).model_fields)


def _csv_row(row: dict) -> dict:
    """A row's CSV cells: lists joined with '; ', then every cell through the CSV policy."""
    return {k: neutralise("; ".join(v) if k in _LIST_FIELDS and isinstance(v, list) else v) for k, v in row.items()}


class _Writer:
    def __init__(self, path: Path, kind: str):
        self.path, self.kind = path, kind
        self.suffix = ".jsonl" if str(path) == "-" else path.suffix.lower()
        if self.suffix not in FORMATS and _streams_to(path):
            self.suffix = ".jsonl"
        if self.suffix not in FORMATS:
            what = f"{self.suffix} files" if self.suffix else "a file without an extension"
            raise OutputError(f"cannot write {what} ({path}); name it .jsonl, .json, .csv or .parquet, or use - for the screen")
        if str(path) != "-" and not path.parent.is_dir():
            raise OutputError(f"cannot write {path}: the folder {path.parent} does not exist")
        if self.suffix == ".parquet" and _streams_to(path):
            raise OutputError(f"cannot write parquet to {path}: it needs a file")
        self._first = True
        self._batch: list[dict] = []
        self._pq = None
        if str(path) == "-":
            self._fh = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
            self._text = None if self._fh else sys.stdout
        elif self.suffix == ".parquet":
            self._fh = None
        else:
            self._fh = path.open("wb")
        if self.suffix == ".csv":
            self._csv_buf = io.StringIO()
            self._csv = csv.DictWriter(self._csv_buf, fieldnames=_fields(kind), extrasaction="ignore")
            self._csv.writeheader()
            self._flush_csv()
        elif self.suffix == ".json":
            self._put(b"[\n")

    def _put(self, data: bytes) -> None:
        if self._fh is not None:
            self._fh.write(data)
        else:
            self._text.write(data.decode("utf-8"))

    def _flush_csv(self) -> None:
        self._put(self._csv_buf.getvalue().encode("utf-8"))
        self._csv_buf.seek(0)
        self._csv_buf.truncate()

    def write(self, row: dict) -> None:
        if self.suffix == ".jsonl":
            self._put(orjson.dumps(row) + b"\n")
        elif self.suffix == ".json":
            self._put((b"" if self._first else b",\n") + orjson.dumps(row))
        elif self.suffix == ".csv":
            self._csv.writerow(_csv_row(row))
            self._flush_csv()
        else:
            self._batch.append(row)
            if len(self._batch) >= 50_000:
                self._write_parquet()
        self._first = False

    def write_jsonl(self, data: bytes) -> None:
        """Write rows already encoded as JSON Lines (orjson's bytes, one row a line): as they are to a
        .jsonl output, else row by row, so every format gets what ``write`` gives it."""
        if not data:
            return
        if self.suffix == ".jsonl":
            self._put(data)
        elif self.suffix == ".json":
            self._put((b"" if self._first else b",\n") + data[:-1].replace(b"\n", b",\n"))
            self._first = False
        else:
            for line in data[:-1].split(b"\n"):
                self.write(orjson.loads(line))

    def _write_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(self._batch, schema=arrow_schema(self.kind))
        if self._pq is None:
            self._pq = pq.ParquetWriter(str(self.path), table.schema)
        self._pq.write_table(table)
        self._batch = []

    def close(self) -> None:
        if self.suffix == ".json":
            self._put(b"\n]\n")
        if self.suffix == ".parquet":
            if self._batch or self._pq is None:
                self._write_parquet()
            self._pq.close()
        if self._fh is not None and str(self.path) != "-":
            self._fh.close()
        elif self._fh is not None:
            self._fh.flush()


def arrow_schema(kind: str):
    """The Arrow schema of claim or paper records, from the pydantic model's fields."""
    import pyarrow as pa

    model = Claim if kind == "claims" else Paper
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    fields = []
    for name, info in model.model_fields.items():
        ann = str(info.annotation)
        if "list" in ann:
            typ = pa.list_(pa.string())
        elif "float" in ann:
            typ = types["float"]
        elif "bool" in ann:
            typ = types["bool"]
        elif "int" in ann:
            typ = types["int"]
        else:
            typ = types["str"]
        fields.append(pa.field(name, typ))
    return pa.schema(fields)


@contextmanager
def open_writer(path: Path | str, kind: str = "claims") -> Iterator[_Writer]:
    """A writer chosen by the path's extension; '-' writes JSONL to stdout."""
    writer = _Writer(Path(path), kind)
    try:
        yield writer
    finally:
        writer.close()


def read_records(path: Path | str) -> Iterator[dict]:
    """Records from a JSONL file or a JSON list; '-' reads standard input."""
    if str(path) == "-":
        fh = io.BytesIO(sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode())
        yield from _records_in(fh, "-")
        return
    path = Path(path)
    with path.open("rb") as fh:
        yield from _records_in(fh, str(path))


def _records_in(fh: BinaryIO, path: str) -> Iterator[dict]:
    head = fh.read(1)
    while head and head.isspace():
        head = fh.read(1)
    fh.seek(0)
    if head == b"[":
        try:
            yield from orjson.loads(fh.read())
        except orjson.JSONDecodeError as exc:
            raise OutputError(f"{path}: not a valid JSON list: {exc}") from exc
        return
    for lineno, line in enumerate(fh, 1):
        if line.strip():
            try:
                yield orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise OutputError(f"{path}:{lineno}: not valid JSON: {exc}") from exc
