"""The staged rows of one ingest: Parquet files in a folder of their own, until they replace their
papers in the store in one transaction (:meth:`extractor.store.Store.ingest_staged`).

Batches arrive as pairs of Arrow tables (:func:`extractor.store.batch_tables`), each numbered from 0;
:meth:`Staged.add` gives them their place in the whole ingest (``seq``) and appends them to one
Parquet file of papers and one of claims. At most ``SPILL_ROWS`` rows or ``SPILL_BYTES`` bytes wait
in memory before they are written as a row group, so memory stays flat however large the input,
and nothing needs the store open while papers are extracted. The folder goes when the staging is
closed, whether the ingest succeeded or not.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

SPILL_ROWS = 2_000_000  # staged rows kept in memory before they are written out
SPILL_BYTES = 16 << 20  # or staged bytes (abstracts make paper rows large)
# Snappy: a third of the bytes on disk for little CPU (the staged files are read back once).
COMPRESSION = "snappy"


class Staged:
    """Papers and claims of one ingest, appended to ``papers.parquet`` and ``claims.parquet`` in a
    temporary folder made inside ``folder`` (the system's temporary folder when None).

    Use as a context manager: the folder and its files are deleted on exit.
    """

    def __init__(self, folder: str | Path | None = None):
        from extractor.store import _arrow_schema

        self.folder = Path(tempfile.mkdtemp(prefix=".lbx-staging-", dir=folder))
        self.paths = (self.folder / "papers.parquet", self.folder / "claims.parquet")
        self.schemas = (_arrow_schema("papers"), _arrow_schema("claims"))
        self.papers = self.claims = self.papers_with_claims = 0
        self._parts: tuple[list[pa.Table], list[pa.Table]] = ([], [])
        self._rows = self._bytes = 0
        self._writers: list[pq.ParquetWriter] = []
        self.finished = False

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, papers: pa.Table, claims: pa.Table) -> None:
        """One batch (``seq`` numbered from 0 within it), placed after every batch added before."""
        import pyarrow.compute as pc

        if not papers.num_rows:
            return
        for part, table in zip(self._parts, (_renumbered(papers, self.papers), _renumbered(claims, self.papers))):
            part.append(table)
            self._rows += table.num_rows
            self._bytes += table.nbytes
        self.papers += papers.num_rows
        if claims.num_rows:
            self.claims += claims.num_rows
            self.papers_with_claims += pc.count_distinct(claims.column("seq")).as_py()
        if self._rows >= SPILL_ROWS or self._bytes >= SPILL_BYTES:
            self._write()

    def _write(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._writers:
            self._writers = [pq.ParquetWriter(path, schema, compression=COMPRESSION)
                             for path, schema in zip(self.paths, self.schemas)]
        for writer, part, schema in zip(self._writers, self._parts, self.schemas):
            if part:
                table = pa.concat_tables(part) if len(part) > 1 else part[0]
                writer.write_table(table, row_group_size=table.num_rows or None)
            part.clear()
        self._rows = self._bytes = 0

    def finish(self) -> tuple[Path, Path]:
        """Write what waits and close the files; returns the papers' and the claims' file."""
        if not self.finished:
            self._write()
            for writer in self._writers:
                writer.close()
            self._writers = []
            self.finished = True
        return self.paths

    def close(self) -> None:
        for writer in self._writers:
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - the files are deleted just after
                pass
        self._writers = []
        self._parts = ([], [])
        shutil.rmtree(self.folder, ignore_errors=True)


def _renumbered(table: pa.Table, offset: int) -> pa.Table:
    """``table`` with ``offset`` added to its ``seq`` column (a batch's place in the whole ingest)."""
    import pyarrow.compute as pc

    if not offset or not table.num_rows:
        return table
    return table.set_column(0, "seq", pc.add(table.column(0), offset))
