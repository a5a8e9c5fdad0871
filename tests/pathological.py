"""Families of hostile or unlucky texts, each built to any size.

A real abstract is ~1.5 KB; PDF- and LaTeX-derived text, pasted pages and junk files reach
100 KB and more. Each family repeats a pattern that once made some stage of extraction grow
faster than the text. The robustness tests run them at ~50 KB; the benchmark
(``benchmarks/bench_robust.py``) prints time per KB at several sizes so growth shows.
"""

from __future__ import annotations

from collections.abc import Callable


def _fill(unit: str | Callable[[int], str], size: int, *, head: str = "", tail: str = "") -> str:
    """``head`` + as many repetitions of ``unit`` (a string, or a function of the repetition
    index) as bring the text to about ``size`` characters + ``tail``."""
    parts = [head]
    n = len(head) + len(tail)
    i = 0
    while n < size:
        piece = unit(i) if callable(unit) else unit
        parts.append(piece)
        n += len(piece)
        i += 1
    parts.append(tail)
    return "".join(parts)


_MIXED = ("\u6a21\u578b\u5728ImageNet\u4e0a\u8fbe\u5230\uff18\uff10\uff0e\uff13\uff05 "  # CJK + full-width digits
          "\u0627\u0644\u062f\u0642\u0629 \u0668\u0660\u066b\u0663 \u200f\u202e"  # Arabic, Arabic-Indic digits, RTL marks
          "accura\u0301cy 5\u0300% e\u0301 \u05d3\u05d9\u05d5\u05e7 \u200b")  # combining marks, Hebrew, zero width


def mixed_script(size: int) -> str:
    """Mixed scripts, digits of several systems and direction marks, with no sentence end."""
    return _fill(_MIXED, size)


def private_use(size: int) -> str:
    """Private-use characters mixed with a claim-like phrase."""
    return _fill(lambda i: "\ue000\ue001\uf8ff" * 7 + f" accuracy {i % 97}% ", size)


def one_long_sentence(size: int) -> str:
    """Words and numbers with no sentence end."""
    words = ["model", "improves", "accuracy", "on", "ImageNet", "by", "the", "and", "F1", "reaches"]
    return _fill(lambda i: f"{words[i % len(words)]} {i % 89}.{i % 7} ", size)


def by_percent_and(size: int) -> str:
    """'by 1.2% and' repeated: one sentence, one growing list of deltas."""
    return _fill("by 1.2% and ", size, head="Our method improves accuracy ", tail="on ImageNet.")


def comma_list(size: int) -> str:
    """A list of scores separated by commas, in one sentence."""
    return _fill(lambda i: f"{50 + i % 40}.{i % 10}% on Set{i}, ", size, head="We obtain accuracies of ", tail="respectively.")


def vs_chain(size: int) -> str:
    """'x vs. y vs. z' without end."""
    return _fill(lambda i: f"{i % 100}.{i % 9} vs. ", size, head="Accuracy is ", tail="1.0.")


def from_to_chain(size: int) -> str:
    """'from x% to y%' chained."""
    return _fill(lambda i: f"from {i % 90}% to {i % 90 + 5}% ", size, head="It raises accuracy ", tail=".")


def slash_chain(size: int) -> str:
    """Scores joined by slashes: '70.1/71.2/…'."""
    return _fill(lambda i: f"{60 + i % 30}.{i % 10}/", size, head="EM/F1 of ", tail="80.0 on SQuAD.")


def repeated_benchmark(size: int) -> str:
    """One benchmark name over and over, with scores."""
    return _fill(lambda i: f"ImageNet {i % 90}.{i % 10}% ImageNet ", size, head="On ", tail=".")


def benchmark_list(size: int) -> str:
    """Many known benchmark names in one list."""
    names = ["ImageNet", "COCO", "CIFAR-10", "MMLU", "GSM8K", "SQuAD", "MathVista", "HumanEval", "ADE20K", "Cityscapes"]
    return _fill(lambda i: f"{names[i % len(names)]}, ", size, head="Results on ", tail="reach 80.3% accuracy.")


def dotted_numbers(size: int) -> str:
    """'1.1.1.1…': one token that looks like many numbers."""
    return _fill("1.", size, head="Version ", tail="1 improves accuracy by 2%.")


def letter_digit(size: int) -> str:
    """'a1a1a1…': digits glued into a word."""
    return _fill("a1", size, head="The accuracy ", tail=" is 80%.")


def plus_ones(size: int) -> str:
    """'+1 +1 +1 …': a run of signed numbers."""
    return _fill("+1 ", size, head="Gains of ", tail="on MMLU.")


def abbreviations(size: int) -> str:
    """Abbreviations with numbers, which must not end sentences: 'e.g. 5, Fig. 2, i.e. 3'."""
    return _fill(lambda i: f"e.g. {i % 50}, Fig. {i % 9}, i.e. {i % 7}% vs. Eq. {i % 5} et al. ", size, tail="done.")


def control_bytes(size: int) -> str:
    """NUL and ANSI escape bytes between short claim sentences."""
    return _fill(lambda i: f"It reaches {i % 90}.{i % 10}% accuracy on COCO.\x00\x1b[31m\x1b[0m\x07 ", size)


def nested_parentheses(size: int) -> str:
    """Parentheses opened and never closed, with numbers inside."""
    return _fill(lambda i: f"(see {i % 30} (F1 {i % 90}.5 ", size, head="Scores ", tail=".")


def respectively_lists(size: int) -> str:
    """Two long lists paired by 'respectively'."""
    half = max(1, size // 40)
    names = ", ".join(f"Task{i}" for i in range(half))
    values = ", ".join(f"{50 + i % 40}.{i % 10}%" for i in range(half))
    return f"On {names} we reach {values} accuracy, respectively."


def latex_math(size: int) -> str:
    """Raw LaTeX: inline math, escaped percent signs, braces."""
    return _fill(lambda i: f"$\\times {i % 9}$ \\textbf{{{i % 90}.{i % 10}\\%}} $\\pm$ {{", size, head="We get ", tail="}.")


def no_spaces(size: int) -> str:
    """One token without any space: letters, digits and punctuation glued together."""
    return _fill(lambda i: f"acc{i % 90}.{i % 10}%on", size, tail=".")


def normal_abstracts(size: int) -> str:
    """The yardstick: ordinary abstract sentences with claims, many of them."""
    sentence = ("We propose FooNet, a simple model. On ImageNet it reaches 80.3% top-1 accuracy and improves "
                "mAP on COCO by +2.1 over the baseline, while being 4x faster. ")
    return _fill(sentence, size)




def bracket_runs(size: int) -> str:
    """Runs of opening brackets before numbers: patterns that skip brackets backtrack over them."""
    return _fill(lambda i: "(" * 40 + f"{i % 90}.5% ", size, head="Accuracy improves by ", tail=".")


def whitespace_runs(size: int) -> str:
    """Long runs of spaces, tabs and newlines between claim words, as in text taken from PDFs."""
    spaces, tabs, newlines = " " * 60, "\t" * 30, "\n" * 40
    return _fill(lambda i: f"accuracy{spaces}of{tabs}{i % 90}.5%{newlines}on{spaces}COCO ", size, tail=".")


FAMILIES: dict[str, Callable[[int], str]] = {
    f.__name__: f
    for f in (
        mixed_script, private_use, one_long_sentence, by_percent_and, comma_list, vs_chain, from_to_chain,
        slash_chain, repeated_benchmark, benchmark_list, dotted_numbers, letter_digit, plus_ones, abbreviations,
        control_bytes, nested_parentheses, respectively_lists, latex_math, no_spaces, bracket_runs, whitespace_runs,
    )
}
