"""Board audit: sample what readers see first, write it for hand judgement, then count the verdicts.

    python benchmarks/audit_boards.py sample --db STORE -o audit.jsonl   # write the sample
    python benchmarks/audit_boards.py count audit.jsonl                  # after judging by hand
    python benchmarks/audit_boards.py stats --db STORE                   # coverage figures, no judging

The sample is the top 5 ranked rows of the 25 largest boards and the #1 row of the 60 largest
("largest": most entries, a board being one benchmark, metric, split and setting). Each line
carries the row, its evidence sentence and empty verdict fields, ``extraction_ok``, ``board_ok``
and ``model_ok`` (true/false), filled in by the judge following docs/audit.md. ``count`` reports
precision@5 on the 25 largest boards at each level and how many #1 rows are right, counting only
judged lines. ``stats`` reports the share of score claims that reach a board and the number of
real comparisons (boards with >= 3 entries from >= 3 papers).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOP_BOARDS, TOP_ROWS, FIRST_BOARDS = 25, 5, 60
VERDICTS = ("extraction_ok", "board_ok", "model_ok")


def _largest(store, n: int) -> list[dict]:
    from extractor.boards import board_list

    rows = [b for b in board_list(store) if b["entries"]]
    return sorted(rows, key=lambda b: (-b["entries"], b["benchmark_id"], str(b["metric_id"])))[:n]


def _rows(store, b: dict, top: int) -> list[dict]:
    from extractor.boards import board

    found = board(store, b["benchmark_id"], metric=b["metric_id"] or "none", split=b["split"], setting=b["setting"])
    part = [r for r in found.records if r["split"] == b["split"] and r["setting"] == b["setting"] and r["rank"] is not None]
    return part[:top]


def sample(db: str, out: Path) -> int:
    from extractor.store import Store

    lines = []
    with Store(db, read_only=True) as store:
        plan = [(b, "top5") for b in _largest(store, TOP_BOARDS)]
        plan += [(b, "first") for b in _largest(store, FIRST_BOARDS)]
        for b, part in plan:
            for r in _rows(store, b, TOP_ROWS if part == "top5" else 1):
                lines.append({
                    "sample": part, "board": " / ".join(str(x) for x in (b["name"], b["metric_id"], b["split"], b["setting"]) if x),
                    "rank": r["rank"], "model": r["model"], "value": r["value"], "unit": r["unit"],
                    "record_id": r["record_id"], "paper": r["paper_title"], "evidence": r["sentence"],
                    **{v: None for v in VERDICTS}, "note": "",
                })
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    print(f"{len(lines)} rows to judge -> {out}", file=sys.stderr)
    return 0


def count(path: Path) -> int:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    top5 = [r for r in rows if r["sample"] == "top5" and r["extraction_ok"] is not None]
    first = [r for r in rows if r["sample"] == "first" and r["extraction_ok"] is not None]
    if top5:
        levels = [("right extraction", ("extraction_ok",)), ("right for the board", ("extraction_ok", "board_ok")),
                  ("model named right", VERDICTS)]
        for label, needs in levels:
            good = sum(all(r[k] for k in needs) for r in top5)
            print(f"precision@5, {label}: {good}/{len(top5)} = {good / len(top5):.2f}")
    if first:
        good = sum(r["extraction_ok"] and r["board_ok"] for r in first)
        print(f"#1 row right (extraction and board): {good} of {len(first)} boards")
    unjudged = len(rows) - len(top5) - len(first)
    if unjudged:
        print(f"{unjudged} rows not judged yet", file=sys.stderr)
    return 0


def stats(db: str) -> int:
    from extractor.store import Store

    with Store(db, read_only=True) as store:
        total = store.scalar("SELECT count(*) FROM claims WHERE kind = 'score'")
        on_board = store.scalar("SELECT count(*) FROM claims WHERE kind = 'score' AND board_benchmark IS NOT NULL")
        ranked = store.scalar("SELECT count(*) FROM claims WHERE kind = 'score' AND board_benchmark IS NOT NULL AND hold IS NULL")
        from extractor.boards import board_list

        boards = board_list(store)
    real = sum(b["entries"] >= 3 and b["papers"] >= 3 for b in boards)
    print(f"score claims: {total}; on a board: {on_board} ({on_board / max(total, 1):.3f}); "
          f"free to rank: {ranked} ({ranked / max(total, 1):.3f})")
    print(f"boards: {len(boards)}; real comparisons (>= 3 entries from >= 3 papers): {real}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--db", required=True)
    s.add_argument("-o", "--out", type=Path, required=True)
    c = sub.add_parser("count")
    c.add_argument("path", type=Path)
    t = sub.add_parser("stats")
    t.add_argument("--db", required=True)
    args = parser.parse_args(argv)
    if args.cmd == "sample":
        return sample(args.db, args.out)
    if args.cmd == "count":
        return count(args.path)
    return stats(args.db)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
