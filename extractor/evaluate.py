"""Score extracted records against hand-labelled gold claims.

Matching follows the project's scorer: per paper, gold claims are matched one-to-one and
greedily to predicted records with the same value; *strict* matching also needs the same kind
and a compatible benchmark (equal after normalisation, or one contains the other). Result
claims (score, delta, relative) and efficiency claims are scored apart. A record that only
matches a gold ``borderline`` entry is neither credited nor counted against precision.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import regex

RESULT_KINDS = ("score", "delta", "relative")
_NON_ALNUM = regex.compile(r"[^a-z0-9]+")


def _norm(text: object) -> str:
    return _NON_ALNUM.sub("", str(text).lower()) if text else ""


def compatible(gold: object, pred: object) -> bool:
    """Gold (possibly 'A|B' aliases) and predicted names agree, or gold names none."""
    options = [_norm(a) for a in str(gold).split("|") if _norm(a)] if gold else []
    if not options:
        return True
    p = _norm(pred)
    if not p:
        return False
    return any(a == p or (min(len(a), len(p)) >= 3 and (a in p or p in a)) for a in options)


def _same_value(a: object, b: object) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _match(golds: list[Mapping], preds: list[Mapping], strict: bool) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(golds):
        best: tuple[int, int] | None = None
        for pi, p in enumerate(preds):
            if pi in used or not _same_value(g.get("value"), p.get("value")):
                continue
            ok_kind = g.get("kind") == p.get("kind")
            ok_bench = compatible(g.get("benchmark"), p.get("benchmark"))
            if strict and not (ok_kind and ok_bench):
                continue
            rank = int(ok_kind) + int(ok_bench)
            if best is None or rank > best[0]:
                best = (rank, pi)
        if best is not None:
            used.add(best[1])
            pairs.append((gi, best[1]))
    return pairs


@dataclass
class Figures:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "pred": self.pred, "gold": self.gold}


@dataclass
class Evaluation:
    strict: Figures = field(default_factory=Figures)
    value_only: Figures = field(default_factory=Figures)
    efficiency: Figures = field(default_factory=Figures)
    per_kind: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))
    attribute_ok: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    attribute_n: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)

    def accuracy(self, name: str) -> float | None:
        n = self.attribute_n[name]
        return round(self.attribute_ok[name] / n, 4) if n else None

    def summary(self) -> dict:
        return {
            "strict": self.strict.as_dict(),
            "value_only": self.value_only.as_dict(),
            "efficiency": self.efficiency.as_dict(),
            "per_kind": {k: v.as_dict() for k, v in sorted(self.per_kind.items())},
            "on_value_matches": {f"{k}_acc": self.accuracy(k) for k in ("kind", "benchmark", "metric", "model")},
        }


def _pick(rec: Mapping, *names: str) -> object:
    for n in names:
        v = rec.get(n)
        if v not in (None, ""):
            return v
    return None


def _pred_view(rec: Mapping) -> dict:
    return {
        "value": _pick(rec, "value"),
        "kind": str(_pick(rec, "kind") or "score").lower(),
        "benchmark": _pick(rec, "benchmark", "dataset"),
        "metric": _pick(rec, "metric"),
        "model": _pick(rec, "model", "subject", "method"),
    }


def _excused(border: list[Mapping], preds: list[dict], matched: set[int]) -> int:
    free = [p for i, p in enumerate(preds) if i not in matched]
    return len(_match(list(border), free, strict=False))


def evaluate(gold_papers: Iterable[Mapping], predictions: Iterable[Mapping]) -> Evaluation:
    """Score predicted records (dicts with paper_id, value, kind, benchmark, ...) against gold papers."""
    gold_papers = list(gold_papers)
    ids = {g["id"] for g in gold_papers}
    by_paper: dict[str, list[dict]] = defaultdict(list)
    for rec in predictions:
        pid = _pick(rec, "paper_id", "paper", "id")
        if pid in ids:
            by_paper[pid].append(_pred_view(rec))
    ev = Evaluation()
    for g in gold_papers:
        claims = g.get("claims") or []
        gres = [c for c in claims if c.get("kind") in RESULT_KINDS]
        geff = [c for c in claims if c.get("kind") == "efficiency"]
        preds = by_paper.get(g["id"], [])
        pres = [p for p in preds if p["kind"] in RESULT_KINDS]
        peff = [p for p in preds if p["kind"] == "efficiency"]
        border = g.get("borderline") or []
        loose = _match(gres, pres, strict=False)
        strict = _match(gres, pres, strict=True)
        eff = _match(geff, peff, strict=False)
        ev.value_only.gold += len(gres)
        ev.strict.gold += len(gres)
        ev.efficiency.gold += len(geff)
        ev.value_only.pred += len(pres) - _excused(border, pres, {p for _, p in loose})
        ev.strict.pred += len(pres) - _excused(border, pres, {p for _, p in strict})
        ev.efficiency.pred += len(peff) - _excused(border, peff, {p for _, p in eff})
        ev.value_only.tp += len(loose)
        ev.strict.tp += len(strict)
        ev.efficiency.tp += len(eff)
        # Per kind (strict for result kinds, value-only for efficiency, as above).
        for kind in RESULT_KINDS:
            ev.per_kind[kind].gold += sum(1 for c in gres if c["kind"] == kind)
            ev.per_kind[kind].pred += sum(1 for p in pres if p["kind"] == kind)
            ev.per_kind[kind].tp += sum(1 for gi, _ in strict if gres[gi]["kind"] == kind)
        ev.per_kind["efficiency"] = ev.efficiency
        for gi, pi in loose:
            gc, pc = gres[gi], pres[pi]
            for attr, gkey, pkey in (("metric", "metric", "metric"), ("model", "subject", "model"), ("benchmark", "benchmark", "benchmark")):
                if gc.get(gkey):
                    ev.attribute_n[attr] += 1
                    ev.attribute_ok[attr] += compatible(gc[gkey], pc.get(pkey))
            ev.attribute_n["kind"] += 1
            ev.attribute_ok["kind"] += gc["kind"] == pc["kind"]
        hit_g = {gi for gi, _ in strict}
        hit_p = {pi for _, pi in strict}
        for i, c in enumerate(gres):
            if i not in hit_g:
                ev.misses.append({"paper_id": g["id"], "value": c.get("value"), "kind": c.get("kind"),
                                  "benchmark": c.get("benchmark"), "text": c.get("text")})
        for i, p in enumerate(pres):
            if i not in hit_p:
                ev.false_positives.append({"paper_id": g["id"], **p})
    return ev
