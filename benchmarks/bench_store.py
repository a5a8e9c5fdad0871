"""Store benchmark: fill a DuckDB store with >= 1,000,000 records, then time ingest, boards and the CLI.

    python benchmarks/bench_store.py [--records N] [--papers N] [--synthetic] [--db PATH] [--keep]

Records come from extracting papers of ../shared/corpus (the first --papers of them) and
replicating the extractions under new paper ids, values jittered by up to 2%, until there are
--records claims. When extraction yields no board-worthy claims, or with --synthetic, records are
synthesised from hand-made templates instead (real benchmark and metric names, Zipf-distributed
over boards, so the largest board is a stress case); the output says which. Without ../shared the
benchmark prints why and exits 0.

Reported: extraction rate (papers/s, not part of the target), ingest rate (records/s, the store
part alone), list_boards time, board() time for the largest board in process (cold and warm), and
`lbx board` on it as a subprocess (wall clock, Python start-up included). The dashboard's
leaderboard page time under AppTest is measured by :func:`leaderboard_page_seconds`, a hook that
reports n/a when the dashboard cannot be driven (`make bench-dashboard` measures the page fully).
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from extractor.pipeline import PaperExtraction  # noqa: E402
from schemas import Claim, Paper  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TARGET_S = 1.0


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.jsonl.gz")) if CORPUS.is_dir() else []


# -- records -------------------------------------------------------------------------------------
def extract_sample(files: list[Path], papers: int) -> tuple[list[PaperExtraction], float]:
    """The first ``papers`` papers of the corpus, spread over its files, extracted; and the seconds taken."""
    from extractor.pipeline import extract_stream
    from extractor.readers import read_papers

    per_file = max(1, papers // len(files))
    start = time.perf_counter()
    out: list[PaperExtraction] = []
    for path in files:
        stream = extract_stream(read_papers([str(path)]))
        out += [x for x in itertools.islice(stream, per_file) if isinstance(x, PaperExtraction)]
    return out, time.perf_counter() - start


def replicate(base: list[PaperExtraction], records: int, seed: int = 7) -> Iterator[PaperExtraction]:
    """``base``, then copies of its papers with claims under new ids (``<id>~r<k>``), values jittered,
    until there are ``records`` claims; made as they are read, so memory holds one paper at a time."""
    rng = random.Random(seed)
    yield from base
    with_claims = [x for x in base if x.claims]
    for k in range(1, copies_needed(base, records)):
        for x in with_claims:
            pid = f"{x.paper.paper_id}~r{k}"
            paper = Paper.model_construct(**{**x.paper.__dict__, "paper_id": pid})
            claims = [
                Claim.model_construct(**{**c.__dict__, "paper_id": pid, "value": _jitter(rng, c.value)}) for c in x.claims
            ]
            yield PaperExtraction(paper=paper, claims=claims)


def copies_needed(base: list[PaperExtraction], records: int) -> int:
    return -(-records // sum(len(x.claims) for x in base))


def replicated_size(base: list[PaperExtraction], records: int) -> tuple[int, int]:
    """(papers, claims) that :func:`replicate` yields."""
    copies = copies_needed(base, records)
    with_claims = sum(1 for x in base if x.claims)
    claims = sum(len(x.claims) for x in base)
    return len(base) + (copies - 1) * with_claims, copies * claims


def _jitter(rng: random.Random, value: float) -> float:
    return round(value * (1 + rng.uniform(-0.02, 0.02)), 3)


# (benchmark, metric, unit, higher_is_better, low, high, splits, settings)
TEMPLATES = [
    ("ImageNet", "top-1 accuracy", "%", True, 70, 91, [None], [None, "fine-tuned", "linear probe", "zero-shot"]),
    ("MMLU", "accuracy", "%", True, 40, 92, [None], ["5-shot", "zero-shot", None]),
    ("LibriSpeech", "WER", "%", False, 1.3, 6.0, ["test-clean", "test-other"], [None]),
    ("COCO", "AP", None, True, 35, 66, ["val2017", "test-dev"], [None]),
    ("GSM8K", "accuracy", "%", True, 20, 97, [None], ["few-shot", "zero-shot"]),
    ("ImageNet 256x256", "FID", None, False, 1.5, 12.0, [None], [None]),
    ("WikiText-103", "perplexity", None, False, 14, 30, ["test"], [None]),
    ("Kinetics-400", "top-1 accuracy", "%", True, 70, 92, [None], [None, "linear probe"]),
    ("ADE20K", "mIoU", "%", True, 40, 62, ["val"], [None]),
    ("HumanEval", "pass@1", "%", True, 10, 95, [None], ["zero-shot"]),
    ("SQuAD v1.1", "F1", None, True, 80, 96, ["dev"], ["fine-tuned"]),
    ("CIFAR-10", "accuracy", "%", True, 90, 99.6, [None], [None]),
]


def synthesize(records: int, seed: int = 11) -> Iterator[PaperExtraction]:
    """Hand-made records: 8 claims a paper, boards Zipf-distributed, some deltas and efficiency claims;
    made as they are read (``-(-records // 8)`` papers)."""
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(TEMPLATES))]
    models = [f"{rng.choice(['Vi', 'Res', 'Mamba', 'Llama', 'Swin', 'Conformer', 'Diff', 'BERT'])}-{n}" for n in range(5000)]
    for n in range(-(-records // 8)):
        pid = f"{25 - n % 8:02d}{1 + n % 12:02d}.{n % 100000:05d}" + (f"v{n // 100000 + 1}" if n >= 100000 else "")
        date = f"20{25 - n % 8:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        paper = Paper.model_construct(paper_id=pid, title=f"Paper {n}", abstract="", date=date, date_text=None,
                                      authors=[], authors_count=None, url=None, categories=["cs.LG"],
                                      source="synthetic", line=n + 1)
        bench, metric, unit, hib, low, high, splits, settings = rng.choices(TEMPLATES, weights)[0]
        model = rng.choice(models)
        claims = []
        for i in range(8):
            kind = "score" if i < 6 else ("delta" if i == 6 else "efficiency")
            value = round(rng.uniform(low, high), 1) if kind == "score" else round(rng.uniform(0.2, 5.0), 1)
            text = f"{value:g}"
            setting = rng.choice(settings)
            sentence = f"{model} reaches {text}{unit or ''} {metric} on {bench}" + (f" ({setting})" if setting else "") + "."
            claims.append(Claim.model_construct(
                paper_id=pid, paper_title=paper.title, value=value, value_text=text, value_high=None,
                unit="x" if kind == "efficiency" else unit, kind=kind, benchmark=bench, benchmark_id=bench,
                split=rng.choice(splits), metric=metric, metric_id=metric, higher_is_better=hib,
                model=model if i % 3 else f"{model}-{'SL'[i % 2]}", qualifiers=[setting] if setting else [],
                sentence=sentence, start=len(model) + 9, end=len(model) + 9 + len(text), rule="synthetic",
            ))
        yield PaperExtraction(paper=paper, claims=claims)


# -- timing --------------------------------------------------------------------------------------
def timed(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float, object]:
    """(first run, median of the next ``repeat``) seconds, and the last result."""
    start = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return cold, statistics.median(runs), result


# `lbx` as its console script runs it (extractor.cli.main), this checkout's, saying its own peak memory
# last (VmHWM: the child's rusage would count the benchmark's memory it was forked from).
LBX = (
    "import sys\nfrom extractor.cli import main\nsys.argv[0] = 'lbx'\ntry:\n    main()\nfinally:\n"
    "    print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0], file=sys.stderr)"
)


def cli_seconds(args: list[str], repeat: int = 3) -> float:
    """Median wall-clock seconds of an `lbx` call; its CPU seconds and peak memory go to CLI_COSTS."""
    runs, cpu, peak = [], [], 0.0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", LBX, *args], check=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT)
        runs.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        lines = done.stderr.split()
        peak = max(peak, float(lines[-1]) / 1024 if lines and lines[-1].isdigit() else 0.0)
    CLI_COSTS[" ".join(args[:1])] = (statistics.median(cpu), peak)
    return statistics.median(runs)


CLI_COSTS: dict[str, tuple[float, float]] = {}  # command -> (median CPU seconds, peak MB) of its last cli_seconds


def cli_verdict(args: list[str]) -> str:
    """verdict() of an `lbx` call's wall clock, then its CPU time and peak memory."""
    wall = cli_seconds(args)
    cpu, peak = CLI_COSTS[" ".join(args[:1])]
    return f"{verdict(wall)}   cpu {cpu * 1000:7.1f} ms  {'ok' if cpu < TARGET_S else 'OVER TARGET'}   peak {peak:,.0f} MB"


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def leaderboard_page_seconds(db: Path, benchmark: str) -> float | None:
    """Seconds for the first run of the dashboard's leaderboard page on ``benchmark`` under AppTest.

    The measuring is the dashboard benchmark's (benchmarks/bench_dashboard.py, one cold round);
    None when the dashboard cannot be driven, so this never fails the store benchmark.
    """
    try:
        from bench_dashboard import measure

        return measure(db, benchmark, benchmark, repeat=1)["cold"][0]
    except Exception as exc:  # noqa: BLE001  (reported, not raised)
        print(f"  (leaderboard page not measured: {type(exc).__name__}: {exc})")
        return None


def verdict(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds * 1000:8.1f} ms  {'ok' if seconds < TARGET_S else 'OVER TARGET'}"


# -- main ----------------------------------------------------------------------------------------
def build_items(args: argparse.Namespace, files: list[Path]) -> tuple[Callable[[], Iterator[PaperExtraction]], int, int, str]:
    """What to ingest, made afresh by each call of the first item (never held whole in memory); its
    papers and claims; where it comes from."""
    if not args.synthetic:
        sample, seconds = extract_sample(files, args.papers)
        claims = sum(len(x.claims) for x in sample)
        ranked = sum(1 for x in sample for c in x.claims if c.kind == "score" and c.benchmark_id)
        print(f"extracted {len(sample):,} corpus papers in {seconds:.1f} s ({len(sample) / seconds:,.0f} papers/s): "
              f"{claims:,} claims, {ranked:,} ranked score claims")
        if ranked:
            papers, records = replicated_size(sample, args.records)
            origin = f"corpus extraction replicated x{copies_needed(sample, args.records)}"
            return lambda: replicate(sample, args.records), papers, records, origin
        print("extraction gave no ranked score claims: synthesising records instead")
    papers = -(-args.records // 8)
    return lambda: synthesize(args.records), papers, 8 * papers, "synthesised from hand-made templates (not extracted)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--papers", type=int, default=30_000, help="corpus papers to extract")
    parser.add_argument("--synthetic", action="store_true", help="hand-made records instead of the corpus")
    parser.add_argument("--db", type=Path, help="store to (re)create (default: a temporary file)")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--no-apptest", action="store_true", help="skip the dashboard page timing")
    args = parser.parse_args(argv)

    files = corpus_files()
    if not files:
        print(f"skipped: no corpus at {CORPUS} (the store benchmark reads ../shared/corpus)")
        return 0
    from extractor.boards import board, list_boards
    from extractor.store import Store

    make_items, n_papers, n_claims, origin = build_items(args, files)
    start = time.perf_counter()
    for _ in make_items():  # what making the records costs, apart from the ingest that reads them
        pass
    made_s = time.perf_counter() - start
    print(f"records: {n_claims:,} claims in {n_papers:,} papers, {origin} (made in {made_s:.1f} s, not counted in the ingest)")

    workdir = None if args.db else tempfile.TemporaryDirectory()
    db = args.db or Path(workdir.name) / "bench.duckdb"
    db.unlink(missing_ok=True)
    with Store(db) as store:
        start = time.perf_counter()
        store.ingest(make_items(), batch_size=args.batch_size)
        ingest_s = time.perf_counter() - start - made_s
        stats = store.stats()
        print(f"ingest: {ingest_s:.2f} s = {n_claims / ingest_s:,.0f} records/s ({stats['papers']:,} papers, "
              f"{stats['claims']:,} claims, {stats['boards']:,} boards in the store)")
        cold, warm, boards = timed(lambda: list_boards(store))
        print(f"list_boards              cold {verdict(cold)}   warm {verdict(warm)}")
        totals = boards.groupby(["benchmark_id", "metric_id"], dropna=False)["entries"].sum().sort_values()
        bench, metric = totals.index[-1]
        cold, warm, largest = timed(lambda: board(store, bench, metric))
        print(f"board {bench} / {metric}: {len(largest.rows):,} rows from {int(totals.iloc[-1]):,} entries")
        print(f"board() in process       cold {verdict(cold)}   warm {verdict(warm)}")
    print(f"peak memory of this process so far (ingest included): {peak_mb():,.0f} MB")
    print("lbx commands: wall clock (median of 3), CPU time (user + system), peak memory")
    print(f"lbx start-up (--help)    {cli_verdict(['--help'])}  (Python and imports, in every lbx call)")
    cli_args = ["board", str(bench), "--db", str(db)] + (["--metric", str(metric)] if isinstance(metric, str) else [])
    print(f"lbx board (table)        {cli_verdict(cli_args)}")
    print(f"lbx board --format json  {cli_verdict([*cli_args, '--format', 'json'])}")
    print(f"lbx boards               {cli_verdict(['boards', '--db', str(db)])}")
    if not args.no_apptest:
        start = time.process_time()
        page = leaderboard_page_seconds(db, str(bench))
        print(f"leaderboard page (AppTest) {verdict(page)}   (cpu {(time.process_time() - start) * 1000:.0f} ms, "
              f"first page run of the process; peak memory of this process {peak_mb():,.0f} MB)")
    if workdir is not None:
        workdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
