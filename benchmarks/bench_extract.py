"""Extraction and ingest throughput on the arXiv corpus: prints numbers, asserts nothing.

    python benchmarks/bench_extract.py [CORPUS...] [--all] [--workers N] [--no-ingest] [--stages N] [--repeat N]

For the same file it reports:
- the floors: gunzip + JSON decoding alone, and ``read_papers`` (decoding into paper records);
- ``lbx extract`` end to end (read, extract, write JSONL): wall time, CPU seconds of all its
  processes, abstracts/s, records/s, CPU microseconds per abstract, peak memory (the largest
  process, and all processes together, sampled while it runs);
- ``lbx ingest`` of the same file into a fresh store, measured the same way, and its rate beside
  extract's (as wall time and as CPU time);
- the process tree's peak memory both while workers extract and while one process runs alone
  (start-up, and ingest's store write), and how long the command ran alone after its workers
  (for ingest: the store write, which no worker shares);
- with ``--repeat N``, the medians of N runs of each, extract and ingest alternately;
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
import os
import resource
import statistics
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
    forked workers have in common among them, so it is what the tree really takes). The tree's
    peaks are also kept apart for the samples with workers (``phases["workers"]``, extraction) and
    those with the command's process alone (``phases["alone"]``: start-up, and ingest's store write)."""

    def __init__(self, pid: int, every: float = 0.05):
        self.pid, self.every = pid, every
        self.process_mb = self.tree_rss_mb = self.tree_pss_mb = 0.0
        self.phases: dict[str, tuple[float, float]] = {}  # phase -> (PSS, RSS) peaks in MB
        self.workers_end: float | None = None  # when workers were last seen (time.perf_counter)
        self.end = 0.0  # the last sample
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
            phase = "workers" if len(procs) > 1 else "alone"
            self.end = time.perf_counter()
            if phase == "workers":
                self.workers_end = self.end
            old_pss, old_rss = self.phases.get(phase, (0.0, 0.0))
            self.phases[phase] = (max(old_pss, pss / 2**20), max(old_rss, rss / 2**20))
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


def _medians(runs: list[tuple[float, float, TreeMemory, str]]) -> tuple[float, float]:
    """Median wall and CPU seconds of runs of one command."""
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _each(runs: list[tuple[float, float, TreeMemory, str]]) -> str:
    """The runs one by one, when there are several (the medians are printed)."""
    if len(runs) < 2:
        return ""
    return f"   (median of {', '.join(f'{r[0]:.1f}' for r in runs)} s wall, {', '.join(f'{r[1]:.1f}' for r in runs)} s CPU)"


def _peaks(runs: list[tuple[float, float, TreeMemory, str]]) -> TreeMemory:
    """The largest memory of the runs of one command: the run with the highest tree PSS."""
    return max((r[2] for r in runs), key=lambda m: m.tree_pss_mb)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _memory(m: TreeMemory) -> str:
    phases = "; ".join(f"{label} {m.phases[key][0]:4.0f} PSS ({m.phases[key][1]:4.0f} RSS)"
                       for key, label in (("workers", "with workers"), ("alone", "one process")) if key in m.phases)
    after = f"; {m.end - m.workers_end:.1f} s alone after the workers" if m.workers_end is not None else ""
    return (f"peak {m.process_mb:4.0f} MB a process, {m.tree_pss_mb:4.0f} MB PSS ({m.tree_rss_mb:4.0f} MB RSS) "
            f"all processes [{phases}{after}]")


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
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="run extract and ingest N times each, alternately, and print the medians")
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
    print(f"load average before: {_load()}  (other work on the machine slows wall time, less so CPU time)")
    with tempfile.TemporaryDirectory() as tmp:
        out, db = Path(tmp) / "records.jsonl", Path(tmp) / "bench.duckdb"
        commands = {"extract": [str(lbx), "extract", *inputs, "-o", str(out), "--no-progress", *workers]}
        if not args.no_ingest:
            commands["ingest"] = [str(lbx), "ingest", *inputs, "--db", str(db), "--no-progress", *workers]
        runs: dict[str, list] = {name: [] for name in commands}
        for _ in range(args.repeat):  # alternately, so that both see the same machine
            for name, cmd in commands.items():
                db.unlink(missing_ok=True)  # every ingest into a fresh store
                runs[name].append(run_command(cmd))
        with out.open("rb") as fh:
            records = sum(1 for _ in fh)
        wall, cpu = _medians(runs["extract"])
        print(f"lbx extract:          {wall:6.2f} s wall  {cpu:6.1f} s CPU   {papers / wall:9,.0f} abstracts/s   "
              f"{records / wall:9,.0f} records/s   {cpu / papers * 1e6:5.0f} us CPU/abstract{_each(runs['extract'])}")
        print(f"  memory:             {_memory(_peaks(runs['extract']))}")
        print(f"  ratio to the floor: {wall / floor_s:6.2f}x   records: {records:,}")
        print(f"  summary line:       {runs['extract'][-1][3].strip().splitlines()[-1]}")
        if runs.get("ingest"):
            wall_i, cpu_i = _medians(runs["ingest"])
            print(f"lbx ingest:           {wall_i:6.2f} s wall  {cpu_i:6.1f} s CPU   {papers / wall_i:9,.0f} abstracts/s   "
                  f"{'':22}{cpu_i / papers * 1e6:5.0f} us CPU/abstract{_each(runs['ingest'])}")
            print(f"  memory:             {_memory(_peaks(runs['ingest']))}")
            alone = [r[2].end - r[2].workers_end for r in runs["ingest"] if r[2].workers_end is not None]
            if alone:
                print(f"  after the workers:  {statistics.median(alone):6.2f} s wall (the store write, in one process)")
            print(f"  ingest rate / extract rate: {wall / wall_i:.2f} (wall)   {cpu / cpu_i:.2f} (CPU)")
            print(f"  summary line:       {runs['ingest'][-1][3].strip().splitlines()[-1]}")
    print(f"load average after:  {_load()}")
    if args.stages:
        print(f"CPU us per abstract by stage ({args.stages:,} abstracts, one process; stages nest, so they do not add up):")
        for label, us in sorted(stage_times(corpora[0], args.stages).items(), key=lambda kv: -kv[1]):
            print(f"  {label:36} {us:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
