"""Grow extractor/data/board_metrics.toml from Papers with Code leaderboard facts.

    python benchmarks/grow_board_metrics.py [../shared/data/pwc-leaderboards.tsv]

Each (dataset, task, metric) triple whose dataset and metric the registries know adds the metric
to the benchmark's allowed metrics. PwC writes splits and settings into dataset names ("COCO
test-dev", "COCO-20i (1-shot)"), so a name the registry does not know is tried again without its
bracketed part and then with trailing words dropped. Cost metrics (parameters, FLOPs) are
leaderboard columns there, not results, and are left out. The output is sorted, so a re-run over
the same facts gives the same file.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor import registry  # noqa: E402
from extractor.board_keys import rules  # noqa: E402

DEFAULT_TSV = ROOT.parent / "shared" / "data" / "pwc-leaderboards.tsv"
OUT = ROOT / "extractor" / "data" / "board_metrics.toml"


def _candidates(name: str) -> list[str]:
    """The name, without brackets, then with trailing words dropped one at a time."""
    plain = re.sub(r"\s*\([^)]*\)", "", name).strip()
    words = plain.split()
    return [name, plain, *(" ".join(words[:k]) for k in range(len(words) - 1, 0, -1))]


def _lookup(table, name: str):
    for cand in _candidates(name):
        found = table.lookup(cand) if cand else None
        if found is not None:
            return found
    return None


def grow(tsv: Path) -> dict[str, set[str]]:
    benchmarks, metrics = registry.benchmarks(), registry.metrics()
    cost = set(rules().cost_metrics)
    allowed: dict[str, set[str]] = defaultdict(set)
    with tsv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            bench = _lookup(benchmarks, row["dataset"])
            metric = _lookup(metrics, re.sub(r"^(?:test|validation|val|%)\s+", "", row["metric"], flags=re.I))
            if bench is not None and metric is not None and metric.id not in cost:
                allowed[bench.id].add(metric.id)
    return allowed


def main(argv: list[str]) -> int:
    tsv = Path(argv[0]) if argv else DEFAULT_TSV
    if not tsv.exists():
        print(f"no leaderboard facts at {tsv}", file=sys.stderr)
        return 1
    allowed = grow(tsv)
    lines = [
        "# Metrics each benchmark's leaderboards use, grown from Papers with Code leaderboard facts by",
        "# benchmarks/grow_board_metrics.py (do not edit by hand: re-run it). A score claim on one of these",
        "# benchmarks with a metric outside its list (and outside the variants of boards.toml) does not rank.",
        "",
    ]
    for bench_id in sorted(allowed):
        listed = ", ".join(f'"{m}"' for m in sorted(allowed[bench_id]))
        lines.append(f'"{bench_id}" = [{listed}]')
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(allowed)} benchmarks -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
