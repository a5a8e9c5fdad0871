"""Extraction and ingest throughput on the arXiv corpus: prints numbers, asserts nothing.

    python benchmarks/bench_extract.py [CORPUS...] [--all] [--workers N] [--no-ingest] [--stages N]

For the same file it reports:
- the floors: gunzip + JSON decoding alone, and ``read_papers`` (decoding into paper records);
- ``lbx extract`` end to end (read, extract, write JSONL): wall time, CPU seconds of all its
  processes, abstracts/s, records/s, CPU microseconds per abstract, peak memory (the largest
  process, and all processes together, sampled while it runs);
- ``lbx ingest`` of the same file into a fresh store, measured the same way;
- with ``--stages N``, CPU microseconds per abstract spent in each extraction stage over the
  first N abstracts in this process (an opt-in timer: the stage functions are wrapped here, the
  library carries no timing code).
CPU time is the steadier measure on a shared machine; wall time is what a user waits.
Exits 0 with a message when the corpus is not there.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "corpus" / "arxiv-2025-2026.jsonl.gz"


def _cpu() -> float:
    return time.process_time()


def gunzip_json_floor(path: Path) -> tuple[int, float]:
    t = time.perf_counter()
    n = 0
    with gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb") as fh:
        for line in fh:
            if line.strip():
                json.loads(line)
                n += 1
    return n, time.perf_counter() - t


def read_floor(path: Path) -> tuple[int, float]:
    from extractor.readers import read_papers

    t = time.perf_counter()
    n = sum(1 for _ in read_papers([path]))
    return n, time.perf_counter() - t


class TreeMemory:
    """Peak memory of a process and all its descendants, sampled every few milliseconds: the largest
    single process (RSS), and the whole tree as RSS summed and as PSS summed (PSS shares the pages
    forked workers have in common among them, so it is what the tree really takes)."""

    def __init__(self, pid: int, every: float = 0.05):
        self.pid, self.every = pid, every
        self.process_mb = self.tree_rss_mb = self.tree_pss_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            import psutil  # comes with dask's distributed
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            rss = pss = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for proc in procs:
                try:
                    info = proc.memory_full_info()
                except psutil.Error:
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
                self.process_mb = max(self.process_mb, info.rss / 2**20)
            self.tree_rss_mb = max(self.tree_rss_mb, rss / 2**20)
            self.tree_pss_mb = max(self.tree_pss_mb, pss / 2**20)
            self._stop.wait(self.every)


def run_command(cmd: list[str]) -> tuple[float, float, TreeMemory, str]:
    """Wall seconds, CPU seconds of the command and all its processes, peak memory, stderr.

    CPU comes from the children totals before and after (the command waits for its workers, so
    theirs are included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, text=True)
        with TreeMemory(proc.pid) as memory:
            proc.wait()
        wall = time.perf_counter() - t
        err.seek(0)
        stderr = err.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, memory, stderr


def _memory(m: TreeMemory) -> str:
    return f"peak {m.process_mb:4.0f} MB a process, {m.tree_pss_mb:4.0f} MB PSS ({m.tree_rss_mb:4.0f} MB RSS) all processes"


def stage_times(path: Path, limit: int) -> dict[str, float]:
    """CPU seconds per stage over the first ``limit`` papers, by wrapping the stage functions."""
    from extractor import attribution, claims, pipeline
    from extractor.readers import read_papers

    spent: dict[str, float] = defaultdict(float)

    modules = [claims, pipeline, attribution]
    try:
        from extractor import entities

        modules.append(entities)
    except ImportError:
        pass

    def timed(name: str, label: str) -> None:
        """Wrap ``name`` wherever a stage module holds it (imported names are copies)."""
        for module in modules:
            inner = getattr(module, name, None)
            if not callable(inner):
                continue

            def wrapper(*args, _inner=inner, **kwargs):
                t = _cpu()
                try:
                    return _inner(*args, **kwargs)
                finally:
                    spent[label] += _cpu() - t

            setattr(module, name, wrapper)

    timed("normalise", "normalise text")
    timed("find_numbers", "find numbers")
    timed("sentences", "split sentences")
    timed("find_names", "find names (registries, patterns)")
    timed("decide", "claim rules")
    timed("_claims_from", "attribution + records")
    papers = []
    for item in read_papers([path]):
        if hasattr(item, "abstract"):
            papers.append(item)
        if len(papers) >= limit:
            break
    pipeline.warm_up()
    t = _cpu()
    for p in papers:
        pipeline.extract_paper(p)
    spent["total extract_paper"] = _cpu() - t
    return {k: v / len(papers) * 1e6 for k, v in spent.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--all", action="store_true", help="the three shared corpora together (as for the ingest target)")
    ap.add_argument("--workers", type=int, default=0, help="worker processes (0 = the commands' default)")
    ap.add_argument("--no-ingest", action="store_true", help="skip the ingest measurement")
    ap.add_argument("--stages", type=int, default=0, metavar="N", help="also time each stage on N abstracts")
    args = ap.parse_args()
    corpora = sorted(DEFAULT.parent.glob("*.jsonl.gz")) if args.all else args.corpus
    missing = [c for c in corpora if not c.is_file()]
    if missing or not corpora:
        print(f"corpus not found at {missing[0] if missing else DEFAULT.parent}: nothing to measure")
        return 0
    lbx = Path(sys.executable).parent / "lbx"
    workers = ["--workers", str(args.workers)] if args.workers else []
    inputs = [str(c) for c in corpora]
    n_json = papers = 0
    json_s = floor_s = 0.0
    for corpus in corpora:
        n, s = gunzip_json_floor(corpus)
        n_json, json_s = n_json + n, json_s + s
        n, s = read_floor(corpus)
        papers, floor_s = papers + n, floor_s + s
    print(f"corpus:               {', '.join(c.name for c in corpora)} ({papers:,} abstracts)")
    print(f"gunzip + JSON only:   {json_s:6.2f} s   {n_json / json_s:9,.0f} abstracts/s")
    print(f"read_papers only:     {floor_s:6.2f} s   {papers / floor_s:9,.0f} abstracts/s   (the floor)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "records.jsonl"
        wall, cpu, mem, stderr = run_command([str(lbx), "extract", *inputs, "-o", str(out), "--no-progress", *workers])
        with out.open("rb") as fh:
            records = sum(1 for _ in fh)
        print(f"lbx extract:          {wall:6.2f} s wall  {cpu:6.1f} s CPU   {papers / wall:9,.0f} abstracts/s   "
              f"{records / wall:9,.0f} records/s   {cpu / papers * 1e6:5.0f} us CPU/abstract")
        print(f"  memory:             {_memory(mem)}")
        print(f"  ratio to the floor: {wall / floor_s:6.2f}x   records: {records:,}")
        print(f"  summary line:       {stderr.strip().splitlines()[-1]}")
        if not args.no_ingest:
            db = Path(tmp) / "bench.duckdb"
            wall_i, cpu_i, mem_i, stderr_i = run_command([str(lbx), "ingest", *inputs, "--db", str(db), "--no-progress", *workers])
            print(f"lbx ingest:           {wall_i:6.2f} s wall  {cpu_i:6.1f} s CPU   {papers / wall_i:9,.0f} abstracts/s   "
                  f"{'':22}{cpu_i / papers * 1e6:5.0f} us CPU/abstract")
            print(f"  memory:             {_memory(mem_i)}")
            print(f"  ingest rate / extract rate: {wall / wall_i:.2f}")
            print(f"  summary line:       {stderr_i.strip().splitlines()[-1]}")
    if args.stages:
        print(f"CPU us per abstract by stage ({args.stages:,} abstracts, one process; stages nest, so they do not add up):")
        for label, us in sorted(stage_times(corpora[0], args.stages).items(), key=lambda kv: -kv[1]):
            print(f"  {label:36} {us:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
