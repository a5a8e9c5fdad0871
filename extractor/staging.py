"""The staged form of an ingest: papers and claims as Arrow tables, appended to files until they
replace their papers in the store in one transaction (:meth:`extractor.store.Store.ingest_staged`).

A batch is a pair of Arrow tables (:func:`batch_tables`): every column of ``papers`` and ``claims``
plus ``seq``, the paper's place in the whole ingest (only its order counts: the worker driver
numbers batch ``n`` from ``n * SEQ_STRIDE``, so a worker needs no count of the papers before its
batch). :class:`Staged` writes each batch as it comes to two Arrow IPC files in a folder of its own
and keeps nothing of it in memory, so memory stays flat however large the input, and nothing needs
the store open while papers are extracted. The folder goes when the staging is closed, whether the
ingest succeeded or not.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.derived import derive_columns
from extractor.frames import arrow_type
from extractor.same_paper import KEY_COLUMNS, keys
from extractor.settings import setting_of
from extractor.store import CLAIM_COLUMNS, PAPER_COLUMNS, _model_fields

if TYPE_CHECKING:
    import pyarrow as pa

    from extractor.pipeline import PaperExtraction
    from schemas import BadRecord

SEQ_STRIDE = 1 << 32  # seq numbers a batch of the worker driver may use
# The papers' keys for finding the same paper from another source ride along, computed where the
# papers are read (extractor.same_paper.keys): the store's last transaction then only reads them.
PAPERS_STAGE_COLUMNS = {"seq": "BIGINT", **PAPER_COLUMNS, **{c: "VARCHAR" for c in KEY_COLUMNS}}
CLAIMS_STAGE_COLUMNS = {"seq": "BIGINT", **CLAIM_COLUMNS}


@functools.cache
def arrow_schema(stage: str) -> pa.Schema:
    """The Arrow schema of the staged ``papers`` or ``claims``."""
    import pyarrow as pa

    columns = PAPERS_STAGE_COLUMNS if stage == "papers" else CLAIMS_STAGE_COLUMNS
    return pa.schema([(name, arrow_type(kind)) for name, kind in columns.items()])


def warm_up() -> None:
    """Load what building a batch's tables needs before worker processes are forked, so they share
    it: pyarrow and the board rules."""
    from extractor.derived import warm_up as derived_warm_up

    arrow_without_pandas()
    derived_warm_up()


class _Missing:
    """An import finder that says the packages ``names`` are not installed."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def arrow_without_pandas() -> None:
    """Import pyarrow and make its first array while pandas cannot be imported.

    On its first array pyarrow imports pandas, if it can, to recognise pandas objects: ~1 s and
    ~45 MB in every process, for DataFrames an ingest never makes. Told here that there is none,
    it skips that check from then on; converting to pandas later still imports it then.
    """
    _import_arrow(("pandas",))


def arrow_for_workers() -> None:
    """pyarrow as an ingest's worker process needs it, for building and encoding its batches: imported
    without numpy either (~10 MB), which it then never converts to, and allocating from the C
    library's malloc (pyarrow's own allocator kept ~10 MB more a process). Only for a process with
    no other use for pyarrow; where pyarrow is already imported, it stays as it is."""
    import os
    import sys

    if "pyarrow" in sys.modules:
        return
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"  # read when pyarrow loads: its own is never set up
    _import_arrow(("pandas", "numpy"))


def _import_arrow(missing: tuple[str, ...]) -> None:
    """Import pyarrow and make its first array while the packages ``missing`` cannot be imported."""
    import sys

    if "pandas" in sys.modules:
        return
    finder = _Missing(missing)
    sys.meta_path.insert(0, finder)  # type: ignore[arg-type]
    try:
        import pyarrow as pa

        pa.array([], type=pa.string())
    finally:
        sys.meta_path.remove(finder)  # type: ignore[arg-type]


class Staged:
    """Papers and claims of one ingest, appended to ``papers.arrow`` and ``claims.arrow`` in a
    temporary folder made inside ``folder`` (the system's temporary folder when None).

    Batches must come in input order (``seq`` increasing). Each file is an Arrow IPC stream. Use as a context manager: the folder
    and its files are deleted on exit.
    """

    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix=".lbx-staging-", dir=folder))
        self.paths = (self.folder / "papers.arrow", self.folder / "claims.arrow")
        self.papers = self.claims = self.papers_with_claims = 0
        self.batches = 0  # batches written
        self._files: list[Any] = []
        self.finished = False

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, papers: pa.Table, claims: pa.Table, with_claims: int | None = None) -> None:
        """One batch; ``with_claims``: how many of its papers have claims, when the caller knows."""
        if with_claims is None:
            import pyarrow.compute as pc

            with_claims = pc.count_distinct(claims.column("seq")).as_py() if claims.num_rows else 0
        self.add_encoded(encode(papers, claims), with_claims)

    def add_encoded(self, batch: Encoded, with_claims: int) -> None:
        """One batch as :func:`encode` gives it; ``with_claims``: how many of its papers have claims."""
        if not batch.papers_rows:
            return
        if not self._files:
            self._open(batch.headers)
        for file, messages in zip(self._files, (batch.papers, batch.claims)):
            file.write(messages)
        self.batches += 1
        self.papers += batch.papers_rows
        self.claims += batch.claims_rows
        self.papers_with_claims += with_claims

    def _open(self, headers: tuple[bytes, bytes] | None = None) -> None:
        self._files = [path.open("wb") for path in self.paths]
        for file, header in zip(self._files, headers or stream_headers()):
            file.write(header)

    def finish(self) -> tuple[Path, Path]:
        """Close the files; returns the papers' and the claims' file."""
        if not self.finished:
            if not self._files:
                self._open()
            for file in self._files:
                file.write(_END_OF_STREAM)
                file.close()
            self._files = []
            self.finished = True
        return self.paths

    def readers(self) -> tuple[pa.RecordBatchReader, pa.RecordBatchReader]:
        """The staged papers and claims, each read once batch by batch (so memory holds one batch)."""
        return self.reader("papers"), self.reader("claims")

    def reader(self, stage: str) -> pa.RecordBatchReader:
        """The staged ``papers`` or ``claims``, read once batch by batch."""
        import pyarrow as pa
        import pyarrow.ipc as ipc

        path = self.finish()[0 if stage == "papers" else 1]
        # Read through a plain file: a path would be memory-mapped, and every page read stays resident.
        return ipc.open_stream(pa.OSFile(str(path)))

    def close(self) -> None:
        for file in self._files:
            file.close()
        self._files = []
        shutil.rmtree(self.folder, ignore_errors=True)


_END_OF_STREAM = b"\xff\xff\xff\xff\x00\x00\x00\x00"  # an Arrow IPC stream's last message


@functools.cache
def stream_headers() -> tuple[bytes, bytes]:
    """The first message of the staged papers' and claims' stream: their schema."""
    return arrow_schema("papers").serialize().to_pybytes(), arrow_schema("claims").serialize().to_pybytes()


@dataclass(frozen=True, slots=True)
class Encoded:
    """A batch's papers and claims as the Arrow IPC messages a staged file holds, with their rows:
    what a worker process hands back, so that the main process only appends bytes (unpickling
    Arrow tables and writing them out again cost it more CPU than all the rest it did)."""

    papers: bytes
    claims: bytes
    papers_rows: int
    claims_rows: int
    # The streams' headers (stream_headers) travel with each batch, a few hundred bytes, so that the
    # main process of an ingest needs no pyarrow while its workers extract (~40 MB less there).
    headers: tuple[bytes, bytes] | None = None


def encode(papers: pa.Table, claims: pa.Table) -> Encoded:
    """A batch's tables (:func:`batch_tables`) as :class:`Encoded` messages."""

    def messages(table: pa.Table) -> bytes:
        return b"".join(batch.serialize().to_pybytes() for batch in table.to_batches() if batch.num_rows)

    return Encoded(messages(papers), messages(claims), papers.num_rows, claims.num_rows, stream_headers())


class _Batch:
    """One batch of papers and their claims (as field dicts), turned column by column into Arrow tables."""

    def __init__(self) -> None:
        self.papers: list[dict[str, Any]] = []
        self.paper_seq: list[int] = []
        self.claims: list[dict[str, Any]] = []
        self.claim_seq: list[int] = []
        self.claim_paper: list[str] = []
        self.claim_no: list[int] = []

    def __len__(self) -> int:
        return len(self.papers)

    def add(self, seq: int, item: PaperExtraction) -> None:
        # Field values live in each model's __dict__; reading them there is the fast path.
        self.add_rows(seq, item.paper.__dict__, [c.__dict__ for c in item.claims])

    def add_rows(self, seq: int, paper: dict[str, Any], claims: list[dict[str, Any]]) -> None:
        """A paper's fields and its claims' fields (a model's ``__dict__`` or its ``model_dump``)."""
        self.papers.append(paper)
        self.paper_seq.append(seq)
        n = len(claims)
        if n:
            self.claims += claims
            self.claim_seq += [seq] * n
            self.claim_paper += [paper["paper_id"]] * n
            self.claim_no += range(n)

    def tables(self) -> tuple[pa.Table, pa.Table]:
        papers, claims = self.papers, self.claims
        paper_columns = {"seq": self.paper_seq, **{f: [d[f] for d in papers] for f in PAPER_COLUMNS}}
        found = [keys(d["title"], d["abstract"]) or _NO_KEYS for d in papers]
        paper_columns.update({c: [k[i] for k in found] for i, c in enumerate(KEY_COLUMNS)})
        # Claim fields are copied as they are (kind too: a Kind is a str); paper_id, claim_no and
        # setting are filled in here.
        copied = [f for f in _model_fields()["CLAIM_FIELDS"] if f != "paper_id"]
        claim_columns = {
            "seq": self.claim_seq,
            "paper_id": self.claim_paper,
            "claim_no": self.claim_no,
            **{f: [d[f] for d in claims] for f in copied},
            "setting": [_setting(tuple(d["qualifiers"])) if d["qualifiers"] else None for d in claims],
            **derive_columns(claims, _abstracts(papers, self.claim_paper)),
        }
        return _table(paper_columns, arrow_schema("papers")), _table(claim_columns, arrow_schema("claims"))


_NO_KEYS = (None,) * len(KEY_COLUMNS)


def _abstracts(papers: list[dict[str, Any]], claim_paper: list[str]) -> list[str | None]:
    """Each claim's paper abstract: the board rules may read it when the sentence and title say too little."""
    by_id = {p["paper_id"]: p.get("abstract") for p in papers}
    return [by_id.get(pid) for pid in claim_paper]


def batch_tables(rows: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]], first_seq: int = 0) -> tuple[pa.Table, pa.Table]:
    """The staged form of papers and their claims, numbered from ``first_seq`` in order: what a
    worker process builds for :class:`Staged` (a paper as its fields, claims as ``model_dump`` dicts)."""
    batch = _Batch()
    for seq, (paper, claims) in enumerate(rows, first_seq):
        batch.add_rows(seq, paper, claims)
    return batch.tables()


def extraction_tables(items: Iterable[PaperExtraction | BadRecord], batch_size: int, bad: list[BadRecord],
                      first_seq: int = 0) -> Iterator[tuple[pa.Table, pa.Table]]:
    """Extractions cut into batches in their staged form, numbered from ``first_seq``; bad records go to ``bad``."""
    from schemas import BadRecord

    batch = _Batch()
    seq = first_seq
    for item in items:
        if isinstance(item, BadRecord):
            bad.append(item)
            continue
        batch.add(seq, item)
        seq += 1
        if len(batch) >= batch_size:
            yield batch.tables()
            batch = _Batch()
    if len(batch):
        yield batch.tables()


def _table(columns: dict[str, list], schema: pa.Schema) -> pa.Table:
    import pyarrow as pa

    return pa.table([pa.array(columns[f.name], type=f.type) for f in schema], schema=schema)


@functools.lru_cache(maxsize=4096)
def _setting(qualifiers: tuple[str, ...]) -> str | None:
    return setting_of(qualifiers)
