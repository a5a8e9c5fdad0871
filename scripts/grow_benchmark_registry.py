"""Grow the benchmark registry from Papers with Code leaderboard facts.

    python scripts/grow_benchmark_registry.py [--tsv PATH] [--corpus GLOB] [--from-evidence]

Reads ../shared/data/pwc-leaderboards.tsv (dataset, task, metric, papers), folds the spelling
variants of one data set together ("Cityscapes test", "Cityscapes val" are Cityscapes with two
splits), leaves out what the hand registry (benchmarks.toml) already knows, and writes
extractor/data/benchmarks_pwc.toml.

Whether a name may match in running text is decided from the corpora of real abstracts: each
name is matched with the shipped matcher over ../shared/corpus/*.jsonl.gz, counting how often it
is written in its PwC spelling, how often in lower case as an ordinary word, and how often the
PwC spelling sits where a data set is named (before "dataset", in a list with other benchmarks,
after "on" next to a number). These counts are saved to scripts/benchmarks_pwc_evidence.tsv so
that building the TOML from them (``--from-evidence``) is fast and deterministic.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractor import registry, registry_files  # noqa: E402
from extractor.registry import Benchmark, Registry, normalize  # noqa: E402
from scripts.pwc_task_areas import area_of  # noqa: E402

SHARED = REPO.parent / "shared"
TSV = SHARED / "data" / "pwc-leaderboards.tsv"
CORPUS = str(SHARED / "corpus" / "*.jsonl.gz")
EVIDENCE = REPO / "scripts" / "benchmarks_pwc_evidence.tsv"
OUT = REPO / "extractor" / "data" / "benchmarks_pwc.toml"

# --- folding PwC spellings into data sets ---------------------------------------------------------

# Suffixes that name an evaluation split: folded away and recorded in `splits`.
SPLIT_WORDS = {
    "test": "test", "val": "val", "validation": "val", "valid": "val", "dev": "dev", "test-dev": "test-dev",
    "test-std": "test-std", "minival": "minival", "test-clean": "test-clean", "test-other": "test-other",
    "dev-clean": "dev-clean", "dev-other": "dev-other", "testa": "testA", "testb": "testB", "train": "train",
    "trainval": "trainval", "test set": "test", "val set": "val", "dev set": "dev", "test split": "test",
}
# Suffixes that name a setting of a board, not another data set: folded away, not recorded.
_SETTING = re.compile(
    r"""(?<![^\s(–-])\s*(?:
        -?\s*\d+x\s+upscaling | \d+\s*[x×]\s*\d+ | sigma\s*\d+ | \d+(?:[.,]\d+)?%\s*(?:labeled|labelled|known)?(?:\s+data)?
      | \d+/\d+\s+labeled | \d+-way | \d+-shot | \d+\s+frames | (?:un)?conditional | easy | medium | moderate | hard
      | full | [\d,]+\s*labels? | quality\s+\d+\s+(?:grayscale|color)
    )\s*$""",
    re.I | re.X,
)
_SPLIT_TAIL = re.compile(r"(?:\s+|\s*[-–(]\s*)(" + "|".join(sorted(map(re.escape, SPLIT_WORDS), key=len, reverse=True)) + r")\s*\)?\s*$", re.I)
_PAREN = re.compile(r"\s*\((.*)$")  # from the first bracket on, nested or unclosed ("(Unseen test set (S2)")
# Words that say "a data set" after a name: the name without them is the same data set.
_GENERIC_TAIL = re.compile(r"\s+(?:dataset|data\s+set|benchmark|database)$", re.I)
# Two data sets in one string (transfer, out-of-distribution pairs): not one data set.
_PAIR = re.compile(r"->|→|\s(?:to|vs\.?|on)\s", re.I)


@dataclass
class Folded:
    base: str
    split: str | None = None
    alias: str | None = None  # an acronym in brackets after a long name: "Labeled Faces in the Wild (LFW)"


def _acronym_of(words: str, acro: str) -> bool:
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", words)).lower()
    letters = re.sub(r"[^A-Za-z]", "", acro).lower()
    return len(letters) >= 2 and acro[:1].isupper() and initials.startswith(letters[:2]) and set(letters) <= set(initials)


def _name_like(token: str) -> bool:
    """A token that is itself a name, not a word: digits, inner capitals, all capitals."""
    return any(c.isdigit() for c in token) or any(c.isupper() for c in token[1:])


def fold_name(dataset: str) -> Folded | None:
    """The data set a PwC dataset string is about, or None for a pair of data sets."""
    text = dataset.strip().strip(":")
    if _PAIR.search(re.sub(r"\([^()]*\)", "", text)):
        return None
    out = Folded(text)
    text = re.split(r",(?![^()]*\))", text)[0].strip()  # "CIFAR-10, 40 Labels", "NAS-Bench-201, CIFAR-10"
    while True:
        before = text
        m = _PAREN.search(text)
        if m and m.start() > 0:
            inner, head = m.group(1).strip(" ()"), text[: m.start()].strip()
            if inner.lower() in SPLIT_WORDS:
                out.split = out.split or SPLIT_WORDS[inner.lower()]
            elif " " in head and _acronym_of(head, inner):
                out.alias = inner
            text = head
        m = _SPLIT_TAIL.search(text)
        if m and m.start() > 0:
            out.split = out.split or SPLIT_WORDS[m.group(1).lower()]
            text = text[: m.start()].strip(" -–")
        m = _SETTING.search(text)
        if m and m.start() > 0:
            text = text[: m.start()].strip(" -–")
        if text == before:
            break
    out.base = text
    return out


# --- grouping ----------------------------------------------------------------------------------------


@dataclass
class Group:
    key: str
    surfaces: Counter = field(default_factory=Counter)  # base spelling -> papers
    tasks: Counter = field(default_factory=Counter)  # PwC task -> papers
    metrics: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # task -> metric -> papers
    splits: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return min(self.surfaces, key=lambda s: (-self.surfaces[s], s))

    @property
    def task(self) -> str:
        return min(self.tasks, key=lambda t: (-self.tasks[t], t))


def read_leaderboards(path: Path) -> list[tuple[str, str, str, int]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["dataset"], r["task"], r["metric"], int(r["papers"])) for r in csv.DictReader(f, delimiter="\t")]


def _strip_generic_tail(base: str, known_bases: set[str]) -> str:
    """ "3DMatch Benchmark" is 3DMatch; "Darmstadt Noise Dataset" stays whole unless the rest is a name."""
    m = _GENERIC_TAIL.search(base)
    if not m:
        return base
    head = base[: m.start()].strip()
    return head if head and (normalize(head) in known_bases or _name_like(head.split()[-1])) else base


def group_datasets(rows: list[tuple[str, str, str, int]]) -> dict[str, Group]:
    folded = {d: fold_name(d) for d in sorted({r[0] for r in rows})}
    # A split or setting suffix is folded only when the rest is still a name: its last token is
    # name-like, or the rest is a PwC data set (or base of one) by itself. "Children's Book Test"
    # stays whole, "CoLA Dev" is CoLA.
    bases = Counter(normalize(f.base) for f in folded.values() if f)
    own = {normalize(d) for d in folded}
    for dataset, f in folded.items():
        if f is None or f.base == dataset.strip():
            continue
        key, last = normalize(f.base), f.base.split()[-1]
        if not (_name_like(last) or bases[key] > 1 or key in own or len(f.base.split()) == 1):
            folded[dataset] = Folded(dataset.strip())
    known = {normalize(f.base) for f in folded.values() if f}
    groups: dict[str, Group] = {}
    for dataset, task, metric, papers in rows:
        f = folded[dataset]
        if f is None:
            continue
        base = _strip_generic_tail(f.base, known)
        key = normalize(base)
        if not key:
            continue
        g = groups.setdefault(key, Group(key))
        g.surfaces[base] += papers
        g.tasks[task] += papers
        g.metrics[task][metric] += papers
        if f.split:
            g.splits.add(f.split)
        if f.alias:
            g.aliases.add(f.alias)
    return groups


# --- area, task and metric --------------------------------------------------------------------------

def task_text(task: str) -> str:
    """The PwC task as the registry writes tasks: lower case, words not joined by underscores."""
    return re.sub(r"\s+", " ", task.replace("_", " ")).strip(" :").lower()


# Leaderboard columns that are costs or sizes, not a result on the data set.
_NOT_A_RESULT = re.compile(r"param|flops|gflop|macs|speed|time|fps|memory|size|latency|hardware|epochs|#", re.I)
_UNIT = re.compile(r"\s*\((?:%|mm|m|cm|s|ms|db|x|[A-Za-z]{2,6})\)\s*$")  # a unit or an acronym: "(mm)", "(WER)"


def default_metric_of(group: Group, metrics: Registry) -> str | None:
    """The metric id of the top result column of the data set's main task, when that column's
    PwC name is (up to a unit in brackets) a name of a metric in metrics.toml."""
    columns = group.metrics[group.task]
    results = sorted((c for c in columns if not _NOT_A_RESULT.search(c)), key=lambda c: (-columns[c], c))
    if not results:
        return None
    entry = metrics.lookup(_UNIT.sub("", results[0]))
    return entry.id if entry is not None else None


# --- candidates ------------------------------------------------------------------------------------


def _spellings(group: Group) -> list[str]:
    """The group's PwC name first, then its other spellings that differ in more than case and
    separators (those match anyway), then bracketed acronyms."""
    out = [group.name]
    for s in sorted(group.surfaces, key=lambda s: (-group.surfaces[s], s)):
        if all(registry._exact(s) != registry._exact(o) for o in out) and normalize(s) != normalize(group.name):
            out.append(s)
    return out + sorted(a for a in group.aliases if a not in out)


def _merge_acronyms(groups: dict[str, Group]) -> None:
    """ "Labeled Faces in the Wild (LFW)" and "LFW" are one data set: the acronym's group joins."""
    for g in sorted(groups.values(), key=lambda g: g.key):
        for alias in sorted(g.aliases):
            other = groups.get(normalize(alias))
            if other is not None and other is not g and other.key in groups:
                g.surfaces.update(other.surfaces)
                g.tasks.update(other.tasks)
                for task, cols in other.metrics.items():
                    g.metrics[task].update(cols)
                g.splits |= other.splits
                del groups[other.key]


def hand_keys(hand: Registry) -> set[str]:
    return {normalize(s) for b in hand for s in (b.name, *b.aliases, *b.exact_case_aliases)}


def _edition_tails() -> tuple[str, ...]:
    """Tails that make a known benchmark another leaderboard ("ImageNet ReaL"): the boards give
    those editions boards of their own, so the registry does not list them again."""
    import tomllib

    data = tomllib.loads((REPO / "extractor" / "data" / "boards.toml").read_text(encoding="utf-8"))
    return tuple(t.lower() for t in data.get("editions", {}).get("tails", ()))


def _is_edition(name: str, hand: Registry) -> bool:
    for tail in _edition_tails():
        for sep in (" ", "-"):
            if name.lower().endswith(sep + tail) and hand.lookup(name[: -len(tail) - 1]) is not None:
                return True
    return False


def candidates(groups: dict[str, Group], hand: Registry) -> tuple[list[Benchmark], Counter]:
    """One case-blind entry per data set the hand registry does not know, and why others were left."""
    taken, out, dropped = hand_keys(hand), [], Counter()
    task_keys = {normalize(t) for g in groups.values() for t in g.tasks}
    task_words = {w for g in groups.values() for t in g.tasks for w in re.findall(r"[a-z]+", t.lower())}
    for g in sorted(groups.values(), key=lambda g: g.key):
        spellings = _spellings(g)
        if any(hand.lookup(s) is not None for s in spellings):
            dropped["known to the hand registry"] += 1
            continue
        if any(_is_edition(s, hand) for s in spellings):
            dropped["an edition of a hand benchmark (its own board already)"] += 1
            continue
        spellings = [s for s in spellings if normalize(s) not in taken and registry._findable(s)]
        if not spellings or spellings[0] != g.name:
            dropped["clashes with a hand registry name"] += 1
            continue
        if len(g.name.split()) > 5 or ":" in g.name:
            dropped["a title or description, not a name"] += 1
            continue
        last = g.name.split()[-1]
        if (normalize(g.name) in task_keys and not any(_name_like(t) for t in g.name.split())) or (
            len(g.name.split()) > 1 and last.isalpha() and last.islower() and last in task_words
        ):  # "Brain MRI segmentation" names a task
            dropped["a task, not a data set"] += 1
            continue
        area = next((area_of(t) for t in sorted(g.tasks, key=lambda t: (-g.tasks[t], t)) if area_of(t)), None)
        if area is None:
            dropped["no area for its tasks"] += 1
            continue
        taken.update(normalize(s) for s in spellings)
        out.append(Benchmark(
            id=g.name, name=g.name, aliases=tuple(spellings[1:]), area=area, splits=tuple(sorted(g.splits)),
            default_metric=default_metric_of(g, registry.metrics()), task=task_text(g.task),
        ))
    return out, dropped


# --- evidence from the corpora ---------------------------------------------------------------------

# Where a data set is named: before "dataset"/"benchmark" (a split or version between is fine) ...
_CUE_AFTER = re.compile(
    r"\)?(?:\s+(?:v?\d[\w.]*|test|val|dev|train|validation))?[\s-]*(?:\(\w[^()]{0,20}\)\s*)?"
    r"(?:(?:data\s*sets?|benchmarks?|corpus|corpora|leaderboards?|challenge|test\s*sets?|splits?|subsets?|suite|database)\b"
    r"|\s*(?::\s+|\((?!(?:19|20)\d\d\)))\d+(?:\.\d+)?\s*%?)",  # or a result after it: "X: 82.0%", "X (61.3)", not "arXiv:2301"
    re.I,
)
# ... after "on", "datasets", "such as" and the like ...
_CUE_BEFORE = re.compile(r"(?:\b(?:on|datasets?|benchmarks?|including|such as|e\.g\.,?)\s+(?:the\s+)?)$", re.I)
# A year or number right after a name makes it the head of a longer one ("SemEval-2020 Task 4").
_HEAD_OF = re.compile(r"[-\s]?['\u2019]?\d")
# ... or in a list with another registry name (the neighbour is checked separately).
_LIST_GAP = re.compile(r"^\s*(?:,|;|/|and\b|or\b|\)|,\s*and\b)\s*$", re.I)


@dataclass
class Evidence:
    exact: int = 0  # written in the PwC spelling (case kept)
    exact_cue: int = 0  # ... where a data set is named
    lower: int = 0  # written all in lower case, the PwC spelling not being so
    other: int = 0  # other casings
    word_freq: int = 0  # how often the rarest of the name's plain words is written in lower case
    exact_head: int = 0  # PwC-spelled mentions followed by a number: the head of a longer name
    resplit: int = 0  # of `other`, those with more spaces: other words ("A 3D" for "A3D")

    def row(self) -> list[int]:
        return [self.exact, self.exact_cue, self.lower, self.other, self.word_freq, self.exact_head, self.resplit]


def _corpus_texts(pattern: str):
    for path in sorted(glob(pattern)):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("abstract") or ""
                if text:
                    yield text


def _plain_words(name: str) -> list[str]:
    """The words of a name that could be ordinary words (no digits, no inner capitals)."""
    return [t.lower() for t in re.findall(r"[A-Za-z0-9]+", name) if t.isalpha() and not _name_like(t) or t.isalpha() and t.isupper()]


def measure(cands: list[Benchmark], hand: Registry, pattern: str) -> dict[tuple[str, str], Evidence]:
    """Counts per (entry id, spelling), from every abstract of the corpora, found with the shipped
    matcher over the hand registry and all candidates together (so hand names win as they will)."""
    combined = Registry([*hand, *cands], "benchmark")
    ids = {c.id for c in cands}
    spelling_of = {(c.id, normalize(s)): s for c in cands for s in (c.name, *c.aliases)}
    evidence = {(c.id, s): Evidence() for c in cands for s in (c.name, *c.aliases)}
    words = {w for c in cands for s in (c.name, *c.aliases) for w in _plain_words(s)}
    lower_words: Counter = Counter()
    for text in _corpus_texts(pattern):
        lower_words.update(w for w in re.findall(r"\b[a-z]+\b", text) if w in words)
        found = combined.find(text)
        for k, m in enumerate(found):
            if m.entry.id not in ids:
                continue
            spelling = spelling_of.get((m.entry.id, normalize(m.surface)))
            if spelling is None:
                continue
            ev = evidence[(m.entry.id, spelling)]
            if registry._exact(m.surface) == registry._exact(spelling):
                ev.exact += 1
                before, after = text[max(0, m.start - 30) : m.start], text[m.end : m.end + 40]
                neighbours = [o for o in found[max(0, k - 1) : k + 2] if o is not m]
                listed = any(_LIST_GAP.match(text[min(o.end, m.end) : max(o.start, m.start)]) for o in neighbours)
                if _CUE_AFTER.match(after) or _CUE_BEFORE.search(before) or listed:
                    ev.exact_cue += 1
                if _HEAD_OF.match(after):
                    ev.exact_head += 1
            elif m.surface.islower():
                ev.lower += 1
            else:
                ev.other += 1
                ev.resplit += m.surface.count(" ") > spelling.count(" ")
    for (entry_id, spelling), ev in evidence.items():
        plain = _plain_words(spelling)
        ev.word_freq = min((lower_words[w] for w in plain), default=0) if len(plain) == len(re.findall(r"[A-Za-z0-9]+", spelling)) else 0
    return evidence


def write_evidence(evidence: dict[tuple[str, str], Evidence], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["id", "spelling", "exact", "exact_cue", "lower", "other", "word_freq", "exact_head", "resplit"])
        for (entry_id, spelling), ev in sorted(evidence.items()):
            w.writerow([entry_id, spelling, *ev.row()])


def read_evidence(path: Path) -> dict[tuple[str, str], Evidence]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))[1:]
    return {(r[0], r[1]): Evidence(*map(int, r[2:])) for r in rows}


# --- deciding from the evidence --------------------------------------------------------------------

MIN_KEY = 3  # shorter names ("MR", "SA", "AM") are mostly other abbreviations
MIN_CUE_SHARE = 0.3  # share of PwC-spelled mentions that sit where a data set is named
ORDINARY_WORD = 5  # a plain word written in lower case this often in the corpora is an ordinary word
MIN_EXACT_FOR_WORDS = 5  # a name of ordinary words needs this many PwC-spelled mentions to be kept
MIN_CUE_SHARE_FOR_WORDS = 0.5  # ... and this share of them where a data set is named
MAX_HEAD_SHARE = 0.5  # names mostly followed by a year or number are families of data sets
LOWER_SHARE = 0.1  # mentions in other casings ("cave", "GLAs", "A 3D") beyond this share of PwC-spelled ones make a name exact-case


def decide(spelling: str, ev: Evidence) -> tuple[str, str]:
    """("case-blind" | "exact-case" | "drop", why) for one spelling of a data set."""
    key = normalize(spelling)
    if len(key) < MIN_KEY and not (any(c.isdigit() for c in key) and len(key) == 2):
        return "drop", "too short"
    words = ev.word_freq >= ORDINARY_WORD
    if words and ev.exact < MIN_EXACT_FOR_WORDS:
        return "drop", "ordinary words, too rare in the PwC spelling to tell"
    # Smoothed toward one half, so that a name seen once or twice is not decided by one sentence.
    share = (ev.exact_cue + 1) / (ev.exact + 2) if not words else ev.exact_cue / ev.exact
    if ev.exact and ev.exact_head > MAX_HEAD_SHARE * ev.exact:
        return "drop", "a family of data sets (mostly followed by a year or number)"
    if share < (MIN_CUE_SHARE_FOR_WORDS if words else MIN_CUE_SHARE):
        return "drop", "mostly prose (seldom where a data set is named)"
    if spelling.islower() and (words or " " in spelling):
        return "drop", "an ordinary lower-case word or phrase"
    # Other casings of a short all-letter name are other words ("GLAs" for "GlaS"); of a longer
    # one, mostly the same name ("Tusimple"), unless made of other tokens ("A 3D" for "A3D").
    others = ev.resplit + (ev.other - ev.resplit if key.isalpha() and len(key) <= 5 else 0)
    if words or ev.lower + others > LOWER_SHARE * ev.exact or len(key) < MIN_KEY:
        why = "ordinary word in lower case" if words or ev.lower else "other words spelled alike" if ev.other else "short"
        return "exact-case", why
    return "case-blind", "a name"


def decide_entries(cands: list[Benchmark], evidence: dict[tuple[str, str], Evidence]) -> tuple[list[Benchmark], Counter]:
    kept, tally = [], Counter()
    for c in cands:
        verdict, why = decide(c.name, evidence.get((c.id, c.name), Evidence()))
        tally[f"{verdict}: {why}"] += 1
        if verdict == "drop":
            continue
        aliases, exact = [], []
        for alias in c.aliases:
            v, _ = decide(alias, evidence.get((c.id, alias), Evidence()))
            (aliases if v == "case-blind" else exact if v == "exact-case" else []).append(alias)
        kept.append(Benchmark(
            id=c.id, name=c.name, aliases=tuple(aliases), exact_case_aliases=tuple(exact), case_sensitive=verdict == "exact-case",
            area=c.area, splits=c.splits, default_metric=c.default_metric, task=c.task,
        ))
    return kept, tally


# --- writing ---------------------------------------------------------------------------------------

HEADER = """\
# Benchmarks grown from Papers with Code leaderboards (dataset, task, metric triples), written by
# scripts/grow_benchmark_registry.py: do not edit by hand, change the script and run it again.
# Same fields as benchmarks.toml; the hand registry wins where the two share a name. `task` is the
# data set's most common PwC task; names that are ordinary words match only with their own case
# (case_sensitive, exact_case_aliases), as measured on the corpora of real abstracts.
"""


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def to_toml(entries: list[Benchmark]) -> str:
    out = [HEADER]
    for b in sorted(entries, key=lambda b: (b.area or "", normalize(b.id), b.id)):
        out.append(f"\n[{_toml_str(b.id)}]\narea = {_toml_str(b.area)}\n")
        if b.task:
            out.append(f"task = {_toml_str(b.task)}\n")
        for field_name in ("aliases", "exact_case_aliases", "splits"):
            values = getattr(b, field_name)
            if values:
                out.append(f"{field_name} = [{', '.join(map(_toml_str, values))}]\n")
        if b.case_sensitive:
            out.append("case_sensitive = true\n")
        if b.default_metric:
            out.append(f"default_metric = {_toml_str(b.default_metric)}\n")
    return "".join(out)


def build(tsv: Path, evidence: dict[tuple[str, str], Evidence] | None, corpus: str = CORPUS,
          hand: Registry | None = None) -> tuple[str, dict[tuple[str, str], Evidence], list[str]]:
    """The TOML text, the evidence used (measured when not given) and a summary of the decisions."""
    hand = hand or registry_files.load_registry(registry.DATA_DIR / "benchmarks.toml", "benchmark")
    groups = group_datasets(read_leaderboards(tsv))
    _merge_acronyms(groups)
    cands, dropped = candidates(groups, hand)
    if evidence is None:
        evidence = measure(cands, hand, corpus)
    kept, tally = decide_entries(cands, evidence)
    summary = [f"{len(groups)} PwC data sets after folding spellings; {len(cands)} candidates, {len(kept)} kept"]
    summary += [f"  left out, {why}: {n}" for why, n in sorted(dropped.items())]
    summary += [f"  {why}: {n}" for why, n in sorted(tally.items())]
    return to_toml(kept), evidence, summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tsv", type=Path, default=TSV)
    ap.add_argument("--corpus", default=CORPUS, help="glob of corpus JSONL.gz files")
    ap.add_argument("--from-evidence", action="store_true", help=f"reuse {EVIDENCE.name} instead of reading the corpora")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    evidence = read_evidence(EVIDENCE) if args.from_evidence else None
    text, evidence, summary = build(args.tsv, evidence, args.corpus)
    if not args.from_evidence:
        write_evidence(evidence, EVIDENCE)
    args.out.write_text(text, encoding="utf-8")
    print("\n".join(summary))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
