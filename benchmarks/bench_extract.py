"""Extraction throughput on the arXiv corpus: prints numbers, asserts nothing.

    python benchmarks/bench_extract.py [CORPUS] [--workers N] [--limit N]

Reports, for the same file: the time to merely read and decode it into paper records (the
floor), the time to run ``lbx extract`` end to end (read, extract, write JSONL), abstracts/s,
records/s, their ratio to the floor, and peak memory of the main process and of the largest
worker. Exits 0 with a message when the corpus is not there.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "corpus" / "arxiv-2025-2026.jsonl.gz"


def read_floor(path: Path, limit: int | None) -> tuple[int, float]:
    from extractor.readers import read_papers

    t = time.perf_counter()
    n = 0
    for _ in read_papers([path]):
        n += 1
        if limit and n >= limit:
            break
    return n, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--workers", type=int, default=0, help="worker processes for lbx extract (0 = default)")
    args = ap.parse_args()
    if not args.corpus.is_file():
        print(f"corpus not found at {args.corpus}: nothing to measure")
        return 0
    lbx = Path(sys.executable).parent / "lbx"
    papers, floor_s = read_floor(args.corpus, None)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "records.jsonl"
        cmd = [str(lbx), "extract", str(args.corpus), "-o", str(out), "--no-progress"]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        total_s = time.perf_counter() - t
        if proc.returncode != 0:
            print(proc.stderr)
            return proc.returncode
        with out.open("rb") as fh:
            records = sum(1 for _ in fh)
    # ru_maxrss is in KiB on Linux; RUSAGE_CHILDREN is the largest single descendant.
    peak_children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus:              {args.corpus.name} ({papers:,} abstracts)")
    print(f"read + decode only:  {floor_s:6.2f} s   {papers / floor_s:9,.0f} abstracts/s   (the floor)")
    print(f"lbx extract (end to end): {total_s:6.2f} s   {papers / total_s:9,.0f} abstracts/s   {records / total_s:9,.0f} records/s")
    print(f"records written:     {records:,}")
    print(f"ratio to the floor:  {total_s / floor_s:6.2f}x")
    print(f"peak memory:         {peak_children_mb:6.0f} MB (largest process of the run)")
    print(f"summary line:        {proc.stderr.strip().splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
