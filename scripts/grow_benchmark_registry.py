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

from extractor import registry  # noqa: E402
from extractor.registry import Benchmark, Registry, normalize  # noqa: E402

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

# PwC task keyword -> registry area; the first keyword found in the lower-cased task wins, so the
# more specific areas come first ("medical image segmentation" is medical, not cv).
AREA_BY_TASK_WORD: tuple[tuple[str, str], ...] = (
    ("medical", "medical"), ("polyp", "medical"), ("retinal", "medical"), ("lesion", "medical"), ("tumo", "medical"),
    ("nucle", "medical"), ("cell segmentation", "medical"), ("brain", "medical"), ("liver", "medical"),
    ("pancreas", "medical"), ("lung", "medical"), ("skin cancer", "medical"), ("pneumonia", "medical"),
    ("arrhythmia", "medical"), ("atrial", "medical"), ("sleep", "medical"), ("respiratory", "medical"),
    ("circulatory", "medical"), ("length-of-stay", "medical"), ("disease", "medical"), ("clinical", "medical"),
    ("surgical", "medical"), ("fundus", "medical"), ("x-ray", "medical"), ("gland", "medical"), ("spindle", "medical"),
    ("heart rate", "medical"), ("drug", "medical"), ("biomedical", "medical"),
    ("molecul", "science"), ("protein", "science"), ("formation energy", "science"), ("jet tagging", "science"),
    ("relaxed energy", "science"), ("retrosynthesis", "science"), ("stress-strain", "science"),
    ("scientific", "science"), ("weather", "science"),
    ("atari", "rl"), ("smac", "rl"), ("continuous control", "rl"), ("offline rl", "rl"), ("d4rl", "rl"),
    ("openai gym", "rl"), ("montezuma", "rl"), ("control with", "rl"),
    ("robot", "robotics"), ("grasping", "robotics"), ("navigation", "robotics"), ("drone", "robotics"),
    ("trajectory prediction", "driving"), ("motion forecasting", "driving"), ("autonomous driving", "driving"),
    ("lane detection", "driving"), ("drivable", "driving"), ("birds eye view", "driving"),
    ("traffic accident", "driving"), ("accident anticipation", "driving"), ("vehicle", "driving"),
    ("code", "code"), ("program", "code"), ("sql", "code"),
    ("math", "math"), ("arithmetic", "math"), ("theorem", "math"),
    ("recommendation", "recsys"), ("click-through", "recsys"), ("collaborative filtering", "recsys"),
    ("node", "graph"), ("link", "graph"), ("graph", "graph"), ("entity alignment", "graph"),
    ("time series", "timeseries"), ("traffic", "timeseries"), ("sales forecasting", "timeseries"),
    ("imputation", "timeseries"), ("change point", "timeseries"),
    ("speech", "speech"), ("speaker", "speech"), ("lipreading", "speech"), ("keyword spotting", "speech"),
    ("spoken", "speech"), ("pronunciation", "speech"), ("pronounciation", "speech"),
    ("audio", "audio"), ("music", "audio"), ("sound", "audio"), ("beat", "audio"), ("instrument", "audio"),
    ("cover song", "audio"),
    ("visual question", "multimodal"), ("vqa", "multimodal"), ("caption", "multimodal"), ("text-to-image", "multimodal"),
    ("cross-modal", "multimodal"), ("image-text", "multimodal"), ("referring", "multimodal"), ("grounding", "multimodal"),
    ("visual dialog", "multimodal"), ("visual entailment", "multimodal"), ("visual reasoning", "multimodal"),
    ("visual storytelling", "multimodal"), ("vision-language", "multimodal"), ("vision and language", "multimodal"),
    ("text based person", "multimodal"), ("composed image", "multimodal"), ("chart", "multimodal"),
    ("multimodal", "multimodal"), ("multi-modal", "multimodal"), ("story ending", "multimodal"),
    ("text-based image", "multimodal"),
    ("video", "video"), ("action", "video"), ("activity", "video"), ("moment retrieval", "video"),
    ("tracking", "video"), ("gesture", "video"), ("sign language", "video"), ("temporal", "video"),
    ("3d", "3d"), ("point cloud", "3d"), ("6d pose", "3d"), ("lidar", "3d"), ("surface normal", "3d"),
    ("scene flow", "3d"), ("mesh", "3d"), ("novel view", "3d"), ("stereo", "3d"), ("depth", "3d"),
    ("retrieval", "retrieval"), ("re-ranking", "retrieval"), ("bitext mining", "retrieval"),
    ("table", "tabular"), ("column type", "tabular"), ("fraud", "tabular"), ("tabular", "tabular"),
    ("language understanding", "llm"), ("common sense", "llm"), ("commonsense", "llm"), ("prompt", "llm"),
    ("question", "nlp"), ("language", "nlp"), ("text", "nlp"), ("entity", "nlp"), ("relation", "nlp"),
    ("sentiment", "nlp"), ("parsing", "nlp"), ("translation", "nlp"), ("summarization", "nlp"),
    ("dialog", "nlp"), ("ner", "nlp"), ("word", "nlp"), ("sentence", "nlp"), ("semantic role", "nlp"),
    ("coreference", "nlp"), ("intent", "nlp"), ("slot filling", "nlp"), ("chunking", "nlp"), ("tagging", "nlp"),
    ("reading comprehension", "nlp"), ("inference", "nlp"), ("paraphrase", "nlp"), ("sarcasm", "nlp"),
    ("humor", "nlp"), ("hate speech", "nlp"), ("fake news", "nlp"), ("fact", "nlp"), ("essay", "nlp"),
    ("emotion", "nlp"), ("mention", "nlp"), ("extraction", "nlp"), ("response", "nlp"), ("topic", "nlp"),
    ("hypernym", "nlp"), ("taxonomy", "nlp"), ("normalisation", "nlp"), ("normalization", "nlp"),
    ("chatbot", "nlp"), ("ccg", "nlp"), ("meme", "multimodal"), ("condescension", "nlp"), ("diacritization", "nlp"),
    ("acceptability", "nlp"), ("similarity", "nlp"), ("coherence", "nlp"), ("citation", "nlp"),
    ("grammatical", "nlp"), ("spelling", "nlp"), ("subjectivity", "nlp"), ("grammar induction", "nlp"),
    ("disentanglement", "nlp"), ("long-range modeling", "nlp"), ("story continuation", "multimodal"),
    ("motion synthesis", "cv"), ("document layout", "cv"), ("noise removal", "cv"), ("distortion", "cv"),
    ("mnist", "cv"), ("pre-training", "cv"),
    ("image", "cv"), ("segmentation", "cv"), ("detection", "cv"), ("object", "cv"), ("face", "cv"), ("facial", "cv"),
    ("pose", "cv"), ("super-resolution", "cv"), ("denois", "cv"), ("deblur", "cv"), ("derain", "cv"), ("dehaz", "cv"),
    ("person", "cv"), ("re-identification", "cv"), ("place recognition", "cv"), ("geolocation", "cv"),
    ("localization", "cv"), ("counting", "cv"), ("matting", "cv"), ("inpainting", "cv"), ("colorization", "cv"),
    ("keypoint", "cv"), ("landmark", "cv"), ("optical flow", "cv"), ("scene", "cv"), ("domain adaptation", "cv"),
    ("domain generalization", "cv"), ("few-shot", "cv"), ("zero-shot", "cv"), ("clustering", "cv"),
    ("classification", "cv"), ("recognition", "cv"), ("generation", "cv"), ("anomaly", "cv"),
    ("out-of-distribution", "cv"), ("reflection", "cv"), ("shadow", "cv"), ("cloud removal", "cv"),
    ("affordance", "cv"), ("correspondence", "cv"), ("matching", "cv"), ("registration", "cv"),
    ("quality assessment", "cv"), ("compression", "cv"), ("quantization", "cv"), ("pruning", "cv"),
    ("architecture search", "cv"), ("distillation", "cv"), ("continual", "cv"), ("incremental", "cv"),
    ("learning", "cv"), ("try-on", "cv"), ("enhancement", "cv"), ("restoration", "cv"), ("relighting", "cv"),
    ("harmonization", "cv"), ("retouching", "cv"), ("tone-mapping", "cv"), ("edge", "cv"), ("horizon", "cv"),
    ("homography", "cv"), ("superpixel", "cv"), ("spectral", "cv"), ("hallucination", "cv"), ("swapping", "cv"),
    ("parsing", "cv"), ("artifact", "cv"), ("deepfake", "cv"), ("ocr", "cv"), ("handwrit", "cv"), ("spotting", "cv"),
    ("license plate", "cv"), ("gait", "cv"), ("age", "cv"), ("aesthetic", "cv"), ("density estimation", "cv"),
    ("adversarial", "cv"), ("transfer", "cv"), ("outlier", "cv"), ("malware", "tabular"), ("causal", "tabular"),
)


def area_of(task: str) -> str | None:
    low = task.lower()
    return next((area for word, area in AREA_BY_TASK_WORD if word in low), None)


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
