"""Dashboard benchmark: the leaderboard page's run time under AppTest on a store of >= 1,000,000 records.

    python benchmarks/bench_dashboard.py [--records N] [--db PATH] [--repeat N]

The store is filled with synthesised records (``synthesize`` of benchmarks/bench_store.py: real
benchmark and metric names, Zipf-distributed over boards), so no corpus is needed. With --db, an
existing store that already holds --records claims is reused as it is.

Reported, for the most populated benchmark (the heaviest page) and for a small one:

* cold: the first run of the leaderboard page in a fresh process state, every cache empty (opening
  the store, listing the boards, ranking the board, the SOTA progression, the listings);
* warm: a rerun of the same page, as after a widget change (the cached query results are reused);
* switch: picking another benchmark on the open page (boards list cached, the new board not).

Target: < 1 s for a page run on 1,000,000 records.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

APP = ROOT / "dashboard" / "app.py"


def fill_store(db: Path, records: int) -> None:
    from bench_store import synthesize

    from extractor.store import Store

    start = time.perf_counter()
    items = synthesize(records)
    made = time.perf_counter() - start
    db.unlink(missing_ok=True)
    with Store(db) as store:
        start = time.perf_counter()
        store.ingest(items, batch_size=5000)
        print(f"store: {records:,} records synthesised in {made:.1f} s, ingested in {time.perf_counter() - start:.1f} s")


def claims_in(db: Path) -> int:
    from extractor.store import Store

    if not db.is_file():
        return 0
    with Store(db, read_only=True) as store:
        return int(store.scalar("SELECT count(*) FROM claims"))


def clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def leaderboard_run(at, benchmark: str | None = None) -> float:
    """Seconds for one run of the leaderboard page (after picking ``benchmark`` when given)."""
    start = time.perf_counter()
    if benchmark is None:
        at.run()
    else:
        at.text_input(key="lb_query").set_value(benchmark).run()
    took = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return took


def measure(db: Path, heavy: str, light: str, repeat: int) -> dict[str, list[float]]:
    """Seconds of each round's cold, warm and switch runs; ``cpu_cold``: the cold runs' CPU seconds
    (the page runs in a thread of this process, so this is the process's CPU time meanwhile)."""
    from streamlit.testing.v1 import AppTest

    os.environ["LBX_DB"] = str(db)
    times: dict[str, list[float]] = {"cold": [], "warm": [], "switch": [], "cpu_cold": []}
    for _ in range(repeat):
        clear_caches()
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.query_params["benchmark"] = heavy
        # The page is opened directly, as by its address: the first run is the leaderboard's own.
        at.switch_page("views/leaderboard.py")
        cpu = time.process_time()
        times["cold"].append(leaderboard_run(at))
        times["cpu_cold"].append(time.process_time() - cpu)
        assert at.dataframe and len(at.dataframe[0].value), "the leaderboard showed no table"
        times["warm"].append(leaderboard_run(at))
        times["switch"].append(leaderboard_run(at, light))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="store to reuse or (re)create (default: a temporary file)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        import bench_store  # noqa: F401
        from streamlit.testing.v1 import AppTest  # noqa: F401
    except ImportError as exc:
        print(f"skipped: {exc} (the dashboard benchmark needs benchmarks/bench_store.py and streamlit)")
        return 0

    workdir = None if args.db else tempfile.TemporaryDirectory(prefix="lbx-bench-dash-")
    db = args.db or Path(workdir.name) / "bench.duckdb"
    if claims_in(db) < args.records:
        fill_store(db, args.records)

    from extractor import board_tables
    from extractor.boards import list_boards
    from extractor.store import Store

    with Store(db, read_only=True) as store:
        stats = store.stats()
        totals = list_boards(store).groupby("benchmark_id")["entries"].sum().sort_values()
        ranked = "ranked when written" if board_tables.current(store) else "ranked on each read (made by an older lbx)"
    heavy, light = str(totals.index[-1]), str(totals.index[0])
    print(f"store: {stats['claims']:,} records, {stats['papers']:,} papers, {stats['boards']:,} boards, {ranked}")
    print(f"heaviest benchmark {heavy} ({int(totals.iloc[-1]):,} entries); lightest {light} ({int(totals.iloc[0]):,})")

    from bench_store import cli_verdict, verdict  # the store benchmark's "<ms> ok / OVER TARGET", same 1 s target

    times = measure(db, heavy, light, args.repeat)
    print(f"leaderboard page under AppTest, {args.repeat} rounds (best / median):")
    for name, label in (("cold", f"cold, {heavy}"), ("warm", f"warm rerun, {heavy}"), ("switch", f"switch to {light}")):
        runs = times[name]
        print(f"  {label:<32} best {verdict(min(runs))}   median {verdict(statistics.median(runs))}")
    print(f"  cold rounds one by one: {', '.join(f'{s * 1000:.0f}' for s in times['cold'])} ms wall, "
          f"{', '.join(f'{s * 1000:.0f}' for s in times['cpu_cold'])} ms CPU (the first also loads the page's modules)")
    print(f"  peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    print("lbx commands on the same store: wall clock (median of 3), CPU time (user + system), peak memory")
    print(f"  lbx board {heavy:<22} {cli_verdict(['board', heavy, '--db', str(db)])}")
    print(f"  lbx boards {'':<21} {cli_verdict(['boards', '--db', str(db)])}")
    if workdir is not None:
        workdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
