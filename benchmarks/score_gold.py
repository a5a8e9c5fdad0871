"""Extraction quality on the hand-labelled gold sets: prints scores, asserts nothing.

    python benchmarks/score_gold.py [--half tune|held|both] [--show N] [--set dev|train]

``train.jsonl`` is split in two halves by a hash of the paper id: rules are tuned on the
``tune`` half and the ``held`` half stands in for text nobody has seen, to be looked at only at
milestones. Each set is extracted with ``lbx extract`` and scored by ../shared/tools/score.py,
the scorer the project is judged with. Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def half_of(paper_id: str) -> str:
    """Which half of train a paper belongs to: stable across runs and machines."""
    return "tune" if hashlib.sha1(paper_id.encode()).digest()[0] % 2 == 0 else "held"


def write_subset(src: Path, dst: Path, half: str | None) -> int:
    n = 0
    with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            if half is None or half_of(json.loads(line)["id"]) == half:
                fout.write(line)
                n += 1
    return n


def score(gold: Path, tmp: Path, show: int) -> str:
    lbx = Path(sys.executable).parent / "lbx"
    pred = tmp / (gold.stem + ".pred.jsonl")
    subprocess.run([str(lbx), "extract", str(gold), "-o", str(pred), "--no-progress"], check=True, capture_output=True)
    cmd = [sys.executable, str(SHARED / "tools" / "score.py"), str(gold), str(pred), "--brief"]
    if show:
        cmd += ["--show", str(show)]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=["dev", "train", "all"], default="all")
    ap.add_argument("--half", choices=["tune", "held", "both"], default="tune")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    if not (SHARED / "gold" / "train.jsonl").is_file():
        print(f"gold sets not found under {SHARED}: nothing to score")
        return 0
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        jobs: list[tuple[str, Path]] = []
        if args.set in ("dev", "all"):
            jobs.append(("dev", SHARED / "gold" / "dev.jsonl"))
        if args.set in ("train", "all"):
            halves = ["tune", "held"] if args.half == "both" else [args.half]
            for half in halves:
                dst = tmp / f"train-{half}.jsonl"
                n = write_subset(SHARED / "gold" / "train.jsonl", dst, half)
                jobs.append((f"train/{half} ({n} papers)", dst))
        for name, path in jobs:
            print(f"== {name}")
            print(score(path, tmp, args.show), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
