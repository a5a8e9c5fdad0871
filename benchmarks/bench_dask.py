"""Extraction on Dask beside the local path: prints numbers, asserts nothing.

    python benchmarks/bench_dask.py [--replicate 1,4] [--workers 1,2] [--partitions N]

For the three corpora of ../shared/corpus (and the same set given 4 times over, to see memory as
the input grows) it runs ``lbx extract --engine dask`` on a LocalCluster with 1 and 2 worker
processes and the local path with the same numbers of workers, and prints abstracts/s, the
workers' peak memory, scaling efficiency (2-worker rate / (2 x 1-worker rate)) and Dask's cost
against the local path at equal cores. Exits 0 with a message when the corpora are not there.
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
CORPUS = REPO.parent / "shared" / "corpus"


def run_dask(inputs: list[Path], workers: int, partitions: int | None, tmp: Path) -> tuple[float, int, float]:
    from extractor.dask_extract import extract_with_dask

    report = extract_with_dask(inputs, tmp / f"dask-{workers}", workers=workers, partitions=partitions)
    if report.failed:
        raise SystemExit(f"partitions failed: {report.failed}")
    return report.seconds, report.papers, report.worker_peak_mb


def run_local(inputs: list[Path], workers: int, tmp: Path) -> tuple[float, float]:
    lbx = Path(sys.executable).parent / "lbx"
    out = tmp / f"local-{workers}.parquet"
    cmd = [str(lbx), "extract", *map(str, inputs), "-o", str(out), "--no-progress", "--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    seconds = time.perf_counter() - t
    # ru_maxrss of children is the largest single descendant so far (KiB on Linux)
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return seconds, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicate", default="1,4", help="copies of the corpora to feed in, comma-separated")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--partitions", type=int, default=None, help="default: about 20,000 abstracts a partition")
    args = ap.parse_args()
    corpora = sorted(CORPUS.glob("*.jsonl.gz"))
    if not corpora:
        print(f"no corpora under {CORPUS}: nothing to measure")
        return 0
    workers = [int(w) for w in args.workers.split(",")]
    for copies in (int(c) for c in args.replicate.split(",")):
        inputs = corpora * copies
        print(f"== {copies}x the corpora ({len(inputs)} files)")
        rates: dict[tuple[str, int], float] = {}
        with tempfile.TemporaryDirectory() as t:
            tmp = Path(t)
            for w in workers:
                seconds, papers, peak = run_dask(inputs, w, args.partitions, tmp)
                rates["dask", w] = papers / seconds
                print(f"dask  {w} worker(s): {seconds:7.1f} s  {papers / seconds:8,.0f} abstracts/s  "
                      f"worker peak {peak:5.0f} MB  ({papers:,} abstracts)")
                seconds, peak = run_local(inputs, w, tmp)
                rates["local", w] = papers / seconds
                print(f"local {w} worker(s): {seconds:7.1f} s  {papers / seconds:8,.0f} abstracts/s  "
                      f"largest process {peak:5.0f} MB")
        if 1 in workers and 2 in workers:
            print(f"scaling efficiency (dask): {rates['dask', 2] / (2 * rates['dask', 1]):.2f}")
        for w in workers:
            print(f"dask overhead at {w} worker(s): {1 - rates['dask', w] / rates['local', w]:+.1%} of the local rate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
