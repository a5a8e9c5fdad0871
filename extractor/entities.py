"""The paper's evaluation entities: its method, the benchmarks it evaluates on or introduces, and
the names that must never be taken for a benchmark (model families, training sets, the method's
own variants, names that act as the subject of a result verb).

One :class:`PaperEntities` is made per paper, title included, and fills itself in only when a
claim asks: most abstracts have no claim and never pay for it. The words and patterns it uses are
data, in the ``[entities]`` section of ``data/attribution.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from extractor import attribution, defined_metrics, prefilter, registry
from extractor.name_cues import concept_acronyms, dataset_places
from extractor.entity_lexicon import (  # noqa: F401 (the lexicon's names are the table's too)
    LEXICON_PATH,
    EntityLexicon,
    EntityLexiconError,
    _unbounded,
    lexicon,
    load_entity_lexicon,
)

_HEAD = re.compile(r"[A-Za-z]+\d*")
_FAMILY_SPLIT = re.compile(r"[A-Za-z]+")


def is_model_family(surface: str, lex: EntityLexicon | None = None) -> bool:
    """Whether a name is a member of a known model family ("ResNet-101", "Qwen2.5-7B", "ViT-L")."""
    lex = lex or lexicon()
    m = _HEAD.match(surface)
    if m is None:
        return False
    head = m.group().lower()
    letters = _FAMILY_SPLIT.match(head).group()
    # "YOLOv8", "DINOv2", "MobileNetV3": a version letter is not part of the family's name.
    return not lex.model_families.isdisjoint((head, letters, letters[:-1] if letters.endswith("v") else letters))


def local_role(text: str, start: int, end: int, surface: str, known: bool, lex: EntityLexicon | None = None) -> str:
    """The role a benchmark-like name plays where it is written: "training" (a pre-training or
    training set), "model" (a model family, or the subject of a result verb: "X achieves"), or
    "benchmark". ``known`` names (registry benchmarks) are never taken for models."""
    lex = lex or lexicon()
    if lex.training_before.search(text, max(0, start - 45), start) or lex.training_after.match(text, end):
        return "training"
    if not known and (is_model_family(surface, lex) or attribution.lexicon().result_verb_after.match(text, end)):
        return "model"
    return "benchmark"


@dataclass(frozen=True, slots=True)
class Entity:
    key: str  # registry id, or the normalised surface of a name the registry does not know
    surface: str
    role: str  # "benchmark", "introduced", "training", "model"
    entry_id: str | None  # the registry's id, when it knows the name


def entity_key(surface: str, entry_id: str | None) -> str:
    return entry_id or registry.normalize(surface)


class PaperEntities:
    """What one paper evaluates, and with what: built on first use, from the title and the
    normalised abstract."""

    def __init__(self, title: str, text: str, known: Callable[[], list] | None = None) -> None:
        self.title = title or ""
        self.text = text or ""
        self._known_fn = known  # registry benchmark mentions of ``text``, if already found
        # (what follows, surface) -> whether the text writes it so anywhere (each scan reads the whole text)
        self._followed: dict[tuple[str, str], bool] = {}

    @property
    def _known(self) -> list | None:
        return self._known_fn() if self._known_fn is not None else None

    # -- the paper's own method --------------------------------------------------------------

    @cached_property
    def method(self) -> str | None:
        """The paper's own method name: a one-word title head ("MaxViT: ..."), else the name the
        abstract proposes (its acronym when one follows in brackets), else a longer title head,
        else the name-like word repeated most. An introduced benchmark is never the method."""
        lex = lexicon()
        introduced = self.introduced_keys
        head = self._title_head()
        if head and " " not in head and registry.normalize(head) not in introduced:
            return self._short_form(head)
        proposed = self._proposed(introduced)
        if proposed:
            # Of several proposed names ("two representations, SCorr and TCorr ... a network,
            # CorrSTN"), the one later said to get a result is the method.
            return next((name for name in proposed if self._used_as_model(name)), proposed[0])
        if head and registry.normalize(head) not in introduced:
            return self._short_form(head)
        # A resource the paper brings and trains on ("models pre-trained on Foo") is what its
        # numbers belong to.
        trained = self._trained_on
        if len(trained) == 1:
            return next(iter(trained.values()))
        titled = self._title_method(introduced)
        return self._recurring(introduced) or (self._short_form(titled) if titled else None)

    def _short_form(self, name: str) -> str:
        """The acronym the abstract gives a title's name in brackets ("Paths-over-Graph (PoG)",
        "Multi-Projection Fusion (MPF)" for "Multi Projection Fusion"): what its results are named by."""
        words = re.split(r"[\s-]+", name.strip())
        if not 2 <= len(words) <= 8:
            return name  # one word ("PhonemeFake (PF)") is already a short name
        spelled = r"[\s-]+".join(re.escape(w) for w in words)
        m = re.search(r"(?<![\w-])" + spelled + r"\s*\(\s*((?-i:[A-Z][\w+-]*[A-Z0-9][\w+-]*|[A-Z][a-z]*[A-Z][\w+-]*))\s*\)",
                         self.text, re.I)
        if m is None or len(m.group(1)) >= len(name) or re.fullmatch(r"[A-Z]+s", m.group(1)):
            return name  # "Sparse Autoencoders (SAEs)": a plural names a kind of system
        return m.group(1)

    def _proposed(self, introduced: set[str]) -> list[str]:
        """Names the abstract proposes, in order of the proposal patterns (the acronym that
        follows in brackets when there is one)."""
        lex = lexicon()
        out = []
        maybe = {id(p) for p in prefilter.possible(lex.proposed_scan, self.text)}  # most abstracts hold none
        for pat in (p for p, scan in zip(lex.proposed, lex.proposed_scan) if id(scan) in maybe):
            for m in pat.finditer(self.text):
                name = m.group(1).split(". ")[0].strip().rstrip(".,")  # a name ends at a full stop
                if (name in attribution.lexicon().stopwords or registry.normalize(name) in introduced
                        or is_model_family(name, lex)):
                    continue  # "we propose to use GPT-4 to ...": a tool, not the method
                spelled = _BRACKET_AHEAD.match(self.text, m.end(1)) if introduced else None
                if spelled and registry.normalize(spelled.group(1)) in introduced:
                    continue  # "a new setting, namely Underspecified ... Navigation (ULN)": what the paper brings
                if _DATA_NOUN_AFTER.match(self.text, m.end(1)) or (
                        _NAMING_VERB.match(self.text, m.start()) and _DATA_NOUN_BEFORE.search(self.text, max(0, m.start() - 20), m.start())):
                    continue  # "we develop the ASIMOV Benchmark", "a benchmark, coined as Foo": data the paper brings
                acro = lex.acronym_after.match(self.text, m.end(1))
                if acro is None:
                    acro = lex.acronym_after_words.match(self.text, m.end(1))
                    head = self.text[m.end(1) : acro.start(1)].rstrip(" (").rsplit(None, 1)[-1].lower() if acro else ""
                    if acro is not None and (acro.group(1)[0] != name[0] or head not in lex.method_nouns):
                        acro = None  # "Retrieval-Augmented Generation (RAG)" names no method of the paper's
                name = acro.group(1) if acro else name
                if registry.benchmarks().lookup(name) is not None:
                    continue  # "we present results on Microsoft COCO (MS-COCO)": a data set, not the method
                if name not in out:
                    out.append(name)
        return out

    def _title_method(self, introduced: set[str]) -> str | None:
        """The method as the title words it, when nothing else names it: the phrase after "via"
        or "using" at the title's end, or a title of at most four capitalised words."""
        title = self.title.strip().rstrip(".")
        if not title or ":" in title or registry.normalize(title) in introduced:
            return None
        lex = lexicon()
        m = lex.title_method.search(title)
        via = m is not None and (m.group(1) or m.group(2)) is not None
        phrase = (m.group(1) or m.group(2) or m.group(3)) if m else title
        words = phrase.split()
        if not via and (lex.title_not_method.match(title) or not (
                len(words) <= 4 and all(w[:1].isupper() or w.lower() in ("of", "for", "and") for w in words))):
            return None
        # "... with Large Language Models", "Image Segmentation": a topic or a task, no method; a
        # coined compound before the head names one ("Full-Resolution Residual Networks for ...")
        coined = (len(words) >= 2 and any("-" in w for w in words[:-1]) and words[-1].lower() in lex.coined_heads
                  and words[-2].lower() not in ("deep", "machine"))
        if (words[-1].lower() in lex.generic_heads and not coined) or is_model_family(phrase, lex):
            return None
        return phrase

    @cached_property
    def _trained_on(self) -> dict[str, str]:
        """Names the paper brings and trains on (key -> surface)."""
        lex = lexicon()
        out = {}
        for key, surface in self._introduced.items():
            i = self.text.find(surface)
            while i >= 0:
                if local_role(self.text, i, i + len(surface), surface, True, lex) == "training":
                    out[key] = surface
                i = self.text.find(surface, i + 1)
        return out

    def _title_head(self) -> str | None:
        m = lexicon().title_head.match(self.title)
        if not m:
            return None
        head = (m.group(1) or m.group(2) or m.group(3)).strip()
        if " " in head and lexicon().title_head_phrase.search(head):
            return None  # "Highlighting What Matters: ...": a slogan, not the method's name
        return head if len(head.split()) <= 3 else None

    def _recurring(self, introduced: set[str]) -> str | None:
        lex = lexicon()
        stop = attribution.lexicon().stopwords
        counts: dict[str, int] = {}
        whole = f"{self.title} {self.text}"
        for m in lex.recurring.finditer(whole):
            w = m.group()
            # "from 1.7 MB to 0.006 MB": a word written right after a number is its unit
            if w not in stop and not _AFTER_DIGIT.search(whole, max(0, m.start() - 2), m.start()):
                counts[w] = counts.get(w, 0) + 1
        # "we develop the ASIMOV Benchmark": the head of a benchmark the paper brings is no method
        concepts = set(concept_acronyms(whole)) if counts else set()
        for surface in self._introduced.values() if counts else ():
            # "a new setting, namely Underspecified vision-and-Language Navigation (ULN)": the words
            # a brought name is spelled out in are its own, not the method's
            for b in re.finditer(r"\(" + re.escape(surface) + r"\)", whole):
                concepts.update(whole[max(0, b.start() - 80) : b.start()].split())
        best = [w for w, n in counts.items() if n >= 2 and registry.normalize(w) not in introduced
                and w not in concepts and not _PLURAL_ACRONYM.fullmatch(w) and not w.endswith("-based")
                and not any(k.startswith(registry.normalize(w)) for k in introduced)
                and not is_model_family(w, lex)
                and registry.benchmarks().lookup(w) is None and registry.metrics().lookup(w) is None]
        if best:  # the words in a dataset's place, looked for only when some word could be the method
            places = dataset_places(whole)
            # "... Features for HER2 Scoring using Deep Learning": the title's task holds no method
            task = _TITLE_TASK.search(self.title)
            task_words = set(task.group(1).split()) if task else set()
            best = [w for w in best if w not in places and w not in task_words]
        return max(best, key=lambda w: counts[w]) if best else None  # ties go to the first seen

    @cached_property
    def method_keys(self) -> tuple[str, ...]:
        return (registry.normalize(self.method),) if self.method and len(registry.normalize(self.method)) >= 3 else ()

    def is_method(self, surface: str) -> bool:
        """The method's name or a variant of it ("M2H-MX-L" for "M2H-MX")."""
        key = registry.normalize(surface)
        if any(key.startswith(k) for k in self.method_keys):
            # "CyberCorrect-Bench" of the method CyberCorrect is the benchmark it comes with
            shaped = lexicon().benchmark_shaped
            if _DATA_NOUN_TAIL.search(surface) and not _DATA_NOUN_TAIL.search(self.method):
                return False  # "FooNet Dataset" of the method FooNet: the data it comes with
            return not shaped.search(surface) or bool(shaped.search(self.method))
        return False

    # -- benchmarks ------------------------------------------------------------------------------

    @cached_property
    def _introduced(self) -> dict[str, str]:
        """Benchmarks the paper brings (key -> surface): "we introduce X, a benchmark ...", "we
        release the X dataset", "our new benchmark, X", or a title head when the title says the
        paper is about a benchmark. Found from the words that say so, without a name scan."""
        lex = lexicon()
        text = self.text
        brought: list = []
        maybe = {id(p) for p in prefilter.possible(lex.introducing_scan, text)}  # most abstracts bring no benchmark
        apposition, verb, label = (p if id(scan) in maybe else None for p, scan in zip(lex.introducing, lex.introducing_scan))
        if apposition is not None:
            brought += [lex.introduced_name.search(text, max(0, m.start() - 60), m.start())
                        for m in apposition.finditer(text)]
        if verb is not None:
            brought += list(verb.finditer(text))
        if label is not None:
            brought += [m for m in label.finditer(text)
                        if lex.introduced_label_word.search(text, max(0, m.start() - 90), m.start())]
        names = [self._brought_name(m, verb is not None and m.re is verb) for m in brought if m is not None]
        stop = attribution.lexicon().stopwords
        # "Furthermore, a GNN trained on a suite of ...": a sentence's opening word brings nothing
        out = {registry.normalize(name): name for name in names if name not in stop}
        m = lex.title_head.match(self.title)
        head = m and (m.group(1) or m.group(3))
        if head and (lex.benchmark_title.match(self.title, m.end()) or lex.benchmark_shaped.search(head)
                     or (" " not in head and _evaluated_on(text, head))):
            out[registry.normalize(head)] = head
        return out

    def _brought_name(self, m, by_verb: bool) -> str:
        """The name a pattern of bringing found; after a verb, a capitalised noun is part of it
        ("we develop the ASIMOV Benchmark"), and an acronym in brackets after that is its short
        name ("we introduce the French Question Answering Dataset (FQuAD)")."""
        if not by_verb or not self.text[m.end() - 1 : m.end()].isalpha() or not _DATA_NOUN_AFTER.match(self.text, m.end(1)):
            return m.group(1).split(". ")[0].rstrip(".")  # a name ends at a full stop
        if self.text[m.end(1):m.end()].strip()[:1].islower():
            return m.group(1)
        acro = lexicon().acronym_after.match(self.text, m.end())
        return acro.group(1) if acro else self.text[m.start(1) : m.end()]

    @property
    def introduced_keys(self) -> set[str]:
        return set(self._introduced)

    @cached_property
    def _names(self) -> list[tuple[str, list[tuple[int, int, str, str | None]]]]:
        """The title and the abstract, each with its benchmark-like names (start, end, surface,
        registry id): registry names (those of the abstract from ``known`` when the caller has
        them), shared tasks, names the paper brings and, in the abstract only, names found by slot
        or shape ("for X" in a title is a task, not a benchmark)."""
        lex = lexicon()
        out = []
        for text, known in ((self.title, None), (self.text, self._known)):
            if not text:
                continue
            if known is None:
                known = registry.benchmarks().find(text)
            spans = [attribution.Span(m.start, m.end, m.surface, "bench", m.entry.id) for m in known]
            if text is self.text:
                for surface in self._introduced.values():
                    i = text.find(surface)
                    if i >= 0 and not any(s.start < i + len(surface) and i < s.end for s in spans):
                        spans.append(attribution.Span(i, i + len(surface), surface, "bench", None))
                own = {d.surface for d in defined_metrics.find(text)}  # metrics the abstract defines
                own |= concept_acronyms(text)  # "Out-of-distribution (OOD) detection": a task's acronym
                spans += [s for s in attribution.pattern_benchmarks(text, spans, slots=False)
                          if registry.metrics().lookup(s.surface) is None and s.surface not in own
                          and not _concept_compound(s.surface, own)]
            tasks = _shared_tasks(text, lex)
            if text is self.title:
                tasks += [(m.start(1), m.end(1), m.group(1)) for m in lex.title_event.finditer(text)]
            # a shared task's full name wins over the event name inside it ("WNUT 2020" of "WNUT 2020 task 2")
            names = [(s.start, s.end, s.surface, s.id) for s in spans
                     if not any(a <= s.start and s.end <= b and b - a > s.end - s.start for a, b, _ in tasks)]
            out.append((text, _add(names, tasks, 0)))
        return out

    def benchmarks_between(self, start: int, end: int) -> list[tuple[int, int, str, str | None]]:
        """The abstract's benchmark-like names (start, end, surface, registry id) between two
        offsets that the paper uses as benchmarks, in order, one per name."""
        names = next((names for text, names in self._names if text is self.text), [])
        evaluated = {e.key for e in self._evaluated}
        out, seen = [], set()
        for a, b, surface, entry_id in sorted(names):
            key = entity_key(surface, entry_id)
            if start <= a and b <= end and key in evaluated and key not in seen:
                seen.add(key)
                out.append((a, b, surface, entry_id))
        return out

    def _entities(self, names_by_text) -> tuple[Entity, ...]:
        """Every name with its role for the whole paper (see :func:`_paper_role`)."""
        lex = lexicon()
        roles: dict[str, set[str]] = {}
        first: dict[str, Entity] = {}
        for text, names in names_by_text:
            for start, end, surface, entry_id in names:
                key = entity_key(surface, entry_id)
                if registry.normalize(surface) in self.introduced_keys:
                    role = "introduced"
                elif entry_id is None and self.is_method(surface):
                    role = "model"
                else:
                    role = local_role(text, start, end, surface, entry_id is not None, lex)
                roles.setdefault(key, set()).add(role)
                first.setdefault(key, Entity(key, surface, role, entry_id))
        return tuple(Entity(k, e.surface, _paper_role(roles[k]), e.entry_id) for k, e in first.items())

    def excluded(self, surface: str, entry_id: str | None) -> bool:
        """Whether the paper writes a name the registry does not know as a model, or as a quantity
        with its value ("an RPD of 2.07": a metric the lexicon lacks), anywhere."""
        return entry_id is None and (self._used_as_model(surface) or self._used_as_quantity(surface))

    def _used_as_quantity(self, surface: str) -> bool:
        """Written with its value somewhere ("an RPD of 2.07"), as a word of its own."""
        return self._followed_anywhere(surface, _VALUE_AFTER, whole_word=True)

    def _used_as_model(self, surface: str) -> bool:
        """Written as the subject of a result verb somewhere ("FooNet achieves")."""
        return self._followed_anywhere(surface, attribution.lexicon().result_verb_after, whole_word=False)

    def _followed_anywhere(self, surface: str, after: re.Pattern, whole_word: bool) -> bool:
        key = (after.pattern, surface)
        hit = self._followed.get(key)
        if hit is None:
            hit = False
            text, i = self.text, self.text.find(surface)
            while i >= 0:
                if after.match(text, i + len(surface)) and not (whole_word and i > 0 and text[i - 1].isalnum()):
                    hit = True
                    break
                i = text.find(surface, i + 1)
            self._followed[key] = hit
        return hit

    def is_benchmark(self, text: str, span) -> bool:
        """Whether a benchmark-like name found in a sentence is a benchmark there: not used as a
        model or training set, here or anywhere in the paper, and not the method or a variant."""
        if local_role(text, span.start, span.end, span.surface, span.id is not None) != "benchmark":
            return False
        if span.id is None and self.is_method(span.surface) and registry.normalize(span.surface) not in self.introduced_keys:
            return False
        return not self.excluded(span.surface, span.id)

    @cached_property
    def _evaluated(self) -> tuple[Entity, ...]:
        return tuple(e for e in self._entities(self._names) if e.role in ("benchmark", "introduced")
                     and not (e.role == "benchmark" and self.excluded(e.surface, e.entry_id)))

    def last_evaluated_in(self, text: str) -> Entity | None:
        """Of the names the paper as a whole evaluates on (found with the stronger cues only), the
        one ``text`` writes last, as a word of its own. A coded name is itself in any case ("the
        Toothfairy3 challenge"); a word ("Reconstruction", "EN") is only in its own."""
        best, best_at = None, -1
        folded = None
        for e in self._evaluated:
            if len(e.surface) >= 4 and _HAS_DIGIT.search(e.surface):
                folded = folded or text.lower()
                at = folded.rfind(e.surface.lower())
            else:
                at = text.rfind(e.surface)
            end = at + len(e.surface)
            if at > best_at and (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                best, best_at = e, at
        return best

    @cached_property
    def evaluation_benchmark(self) -> Entity | None:
        """The one benchmark the paper is about, for numbers whose sentence names none: the only
        benchmark it introduces, else the only one it evaluates on; None when there are several."""
        if len(self._introduced) == 1:
            key, surface = next(iter(self._introduced.items()))
            return Entity(key, surface, "introduced", None)
        evals = self._evaluated
        return evals[0] if len(evals) == 1 else None

    @cached_property
    def trained_and_tested(self) -> Entity | None:
        """The one data set a paper that names none to evaluate on trains on ("Trained on the
        WM-38k dataset. ... achieves an F1-score of 98.4%"): its numbers are on it. Not one it
        pre-trains on, nor one of several."""
        if self._evaluated:
            return None
        trained = [e for e in self._entities(self._names) if e.role == "training"]
        if len(trained) != 1:
            return None
        at = self.text.find(trained[0].surface)
        while at >= 0:
            if _PRE_TRAINED.search(self.text, max(0, at - 60), at):
                return None
            at = self.text.find(trained[0].surface, at + 1)
        return trained[0]


# "Small Language Models (SLMs)", "PLMs": a plural acronym names a kind of system, not one method
_PLURAL_ACRONYM = re.compile(r"[A-Z][A-Za-z]*[A-Z]s")
# "pre-trained on ImageNet", "pretraining on": a data set a model starts from, not one it is tested on.
_PRE_TRAINED = re.compile(r"\bpre-?train\w*\s+(?:\w+\s+){0,3}?(?:on|with|from|using)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)

_TITLE_TASK = re.compile(r"\bfor\s+((?:[\w+-]+\s+){0,5}?[\w+-]+)(?=\s+(?:using|via|with|by|through|based)\b|\s*[:.]|\s*$)")
_VALUE_AFTER = re.compile(r"\s*(?:of|=|:)\s*\$?[-+]?\d")
_BRACKET_AHEAD = re.compile(r"[^().;]{0,80}\(([^()]{1,40})\)")  # the bracket a name's words run up to
_DATA_NOUN_AFTER = re.compile(r"\s+(?:[Bb]enchmark|[Dd]ataset|[Cc]orpus)s?\b")
_NAMING_VERB = re.compile(r"called|named|dubbed|termed|coined")
_DATA_NOUN_BEFORE = re.compile(r"\b(?:[Bb]enchmark|[Dd]ataset|[Cc]orpus|[Ss]uite)s?,?\s*$")
_DATA_NOUN_TAIL = re.compile(r"\s(?:Benchmark|Dataset|Corpus|Suite|Challenge)s?$")
_HAS_DIGIT = re.compile(r"\d")
_AFTER_DIGIT = re.compile(r"\d\s?$")

# Verbs after which "on" says what a thing is made from or rests on, not where it is evaluated.
_ON_AS_BASE = re.compile(r"(?:based|built|relies|rely|relying|depends|depending|focus|focuses|focusing|trained|tuned|"
                         r"pretrained|pre-trained|conditioned|operates|works|draws|builds)\s+$")


_COMPOUND = re.compile(r"([A-Z][\w]*)-[a-z]+")


def _concept_compound(surface: str, concepts: set[str]) -> bool:
    """A defined concept's acronym with a plain word joined to it ("KG-grounded" of "knowledge
    graphs (KGs)"): a description, not a name."""
    m = _COMPOUND.fullmatch(surface)
    return m is not None and m.group(1) in concepts


def _evaluated_on(text: str, head: str) -> bool:
    """Whether the abstract reports a number on a one-word title head ("outperforms the baselines
    on ULN by ~10%", "models on FormulaOne solve less than 1%"): the head is then what the paper
    evaluates on, which the paper brings, not its method."""
    if f"on {head}" not in text and f"on the {head}" not in text:
        return False
    # "on the DimMem schema": after an article, the head names the thing that follows it
    for m in re.finditer(r"\bon\s+(?:the\s+" + re.escape(head) + r"(?=\s+(?:benchmark|dataset|suite|test)|\s*[,(]|\s+and\b)|"
                         + re.escape(head) + r"(?!\s+data\b))(?![\w-])[^.;]{0,40}?\d", text):  # "on DIVE data": trained on it
        if not _ON_AS_BASE.search(text, max(0, m.start() - 20), m.start()):
            return True
    return False


def _shared_tasks(text: str, lex: EntityLexicon) -> list[tuple[int, int, str]]:
    """Shared-task names ("SemEval-2018 Task 10") as (start, end, name)."""
    out = []
    if not prefilter.may_match(lex.shared_task, text):
        return out
    for m in lex.shared_task.finditer(text):
        event = lex.shared_task_event.search(text, max(0, m.start() - 40), m.start())
        if event:
            out.append((event.start(), m.end(), text[event.start() : m.end()]))
    return out


def _add(names: list, matches, group: int) -> list:
    """``names`` with the spans of ``matches`` (their ``group``, or (start, end, surface)
    tuples) that overlap none of them."""
    for m in matches:
        a, b, surface = m if isinstance(m, tuple) else (*m.span(group), m.group(group))
        if not any(s < b and a < e for s, e, _, _ in names):
            names.append((a, b, surface, None))
    return names


def _paper_role(roles: set[str]) -> str:
    """One role per name for the whole paper: a name it brings stays a benchmark; a name used
    as a model anywhere is a model; a training set is one only if never evaluated on."""
    for role in ("introduced", "model", "benchmark", "training"):
        if role in roles:
            return role
    return "benchmark"
