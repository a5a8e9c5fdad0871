"""Find numbers in normalised text, with their sign, unit and range, and group coordinated lists.

A number that is part of a name (GPT-4, ImageNet-1K, R@1, ViT-B/16, WMT'16) or carries a size
suffix (7B, 3.1M, 20K) is reported with ``role`` set, so later stages can skip it and say why.
"""

from __future__ import annotations

from dataclasses import dataclass

import re

import regex

# Digits first: a pattern that starts with a digit is found several times faster than one that
# starts with an optional sign; the sign is read by hand.
_NUM = regex.compile(r"\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d+(?:\.\d+)?")

# Units written after a number, normalised to the guide's spelling.
_UNIT = re.compile(  # the standard engine is faster on this plain alternation
    r"""\s?(?:
        (?P<pct>%(?!p\b)|\s?percent(?:age)?\b(?!\s+points?)|\s?per\s?cent\b)
      | (?P<pts>\s?(?:percentage|%)?\s?(?:absolute\s+)?points?\b|-(?:percentage-)?points?\b|\s?pts?\b|\s?pp\b|\s?p\.p\.|%p\b)
      | (?P<x>×|[xX](?![A-Za-z0-9])|\s?times\b|-?\s?fold\b
          # a times sign lost in the text's conversion: "9.2? speed-up", "0.72? trainable parameters"
          |\?(?=\s+(?:speed[\s-]?ups?|faster|slower|fewer|less|more|smaller|larger|lower|higher|reductions?|improvements?|compression|trainable|parameters|FLOPs|acceleration)\b))
      | (?P<fps>\s?frames\s+per\s+second\b)
      | (?P<rate>\s?(?P<per>images|imgs|samples|tokens|queries|sequences|requests|steps|iterations|scans|frames|pages|documents|sentences|words|videos|episodes|records)\s*(?:per\s+second|/\s?s(?:ec)?)\b)
      | (?P<named>\s?(?:GPU[\s-]?hours|GPU[\s-]?days|TPU[\s-]?hours|hours|hrs?\b|h\b|minutes|mins?\b|milliseconds|microseconds|nanoseconds|seconds|secs?\b|s\b|days|(?<=(?<![\d.,])1\s)(?:hour|minute|second|day)(?![\s-]+(?:ahead|long|level|old|windows?|horizons?|intervals?|clips?|videos?|segments?|later|in\s+the\s+future)\b)|dB|ms|mm|cm|km|nm|[\u00b5\u03bc]m|[\u00b5\u03bc]s|(?<=\d)us|ns|FPS|fps|GB|MB|TB|Tb|KB|kB|mW|kW|W\b|kWh|mJ|Hz|kHz|[kMG]bps|bpp|BPM|bpm)\b|\u00b0)
      # a lone "m" is metres unless it is a count written with "m" for million ("7m parameters")
      | (?P<metre>\s?m(?![\w-])(?!\s+(?:[a-z]+s|data|text)\b))
    )""",
    re.X,
)
# A size or count written with a scale suffix: 7B, 3.1M, 20K hours, 1.2T tokens.
_SCALE = regex.compile(r"\s?(?:[KMBT]|k|bn|billion|million|thousand|trillion)\b")
# Compute written after a scaled count: "295M FLOPs", "1.2G MACs".
_COMPUTE_AFTER = regex.compile(r"\s?(?:FLOPs|FLOPS|MACs|MAdds|Mult-Adds|multiply-adds|multiply-accumulates)\b")
# A number divided by a variable: "1/n", "2/d" (not a rate such as "/s").
_OVER_VARIABLE = regex.compile(r"/(?![sh](?![A-Za-z]))[A-Za-z](?![A-Za-z])")
# A word mixing letters and digits, then one space: what follows is a version of that name.
_VERSIONED = regex.compile(r"[A-Za-z]+\d+[A-Za-z][\w-]*")
_UNIT_GAP = regex.compile(r"[\s-]+")
_NAMED_UNITS = {
    "hrs": "hours", "hr": "hours", "h": "hours", "mins": "minutes", "min": "minutes",
    # one of a time: "from 36 hours down to 1 hour" ("a 5 minute video" is no time taken)
    "hour": "hours", "minute": "minutes", "second": "s", "day": "days",
    "secs": "s", "sec": "s", "seconds": "s", "fps": "FPS", "milliseconds": "ms", "microseconds": "µs", "nanoseconds": "ns",
}
_FROM = regex.compile(r"\bfrom\s+$")
# An abbreviation's full stop right before a number: "(vs.62.61%)" is a number, not part of a name.
_ABBREVIATION = regex.compile(r"\b(?:vs|approx|resp)\.$", regex.I)
_FACTOR_OF = regex.compile(r"\bfactors?\s+of\s+(?:(?:about|around|roughly|approximately|up\s+to|over|nearly|almost|more\s+than)\s+)?$", regex.I)
# "--" is how LaTeX writes an en dash: "2.5--2.9".
_RANGE_SEP = regex.compile(r"\s?(?:--?|~)\s?(?=[+]?\d)|\s+(?:to|and)\s+(?=[+]?\d)")
_GAIN_AFTER = regex.compile(r"\s*(?:[\w-]+\s+){0,3}(?:improvements?|gains?|increases?|reductions?|speed-?ups?|boosts?|degradations?|drops?|declines?|higher|lower|better|faster|fewer|less|more)\b")
_BETWEEN = regex.compile(r"\bbetween\s+$", regex.I)
_DEVIATION = regex.compile(r"[\d%)}$]\s*(?:±|\+\s?/\s?-|\+-)\s*$")
# "improves by 1.2% to 5.0%", "gains of 3% to 8%": one range of differences, not two results.
# "improvements ranging from 3.1% to 3.54%" is one range too, though "from" comes before it.
_DIFFERENCE_BEFORE = regex.compile(
    r"\b(?:by|(?:gains?|improvements?|increases?|reductions?|drops?|margins?|boosts?|enhancements?|advantages?|uplifts?)\s+(?:of|ranging\s+from))\s+"
    r"(?:(?:about|around|approximately|roughly|up\s+to|over|nearly|almost|more\s+than)\s+)?$", regex.I)
# "SIMMC 2.0 MCR challenge": a one-digit version after a capitalised name, with the name going on.
_ONE_DOT_ONE = regex.compile(r"\d\.\d")
_CAPS_WORD = regex.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*")
_NAME_GOES_ON = regex.compile(r"\s+(?:[A-Z][A-Za-z]|(?:dataset|benchmark|challenge|corpus|shared\s+task|task|leaderboard|test)\b)")
# A capitalised name right after a word of comparing, then a version: "against Ovi 1.1".
_RIVAL_VERSION = regex.compile(r"\b(?:against|versus|vs\.?|than|over)\s+[A-Z][\w-]*\s$")
# A model tier written after its version number: the number is part of the name.
_VERSION_TAIL = regex.compile(r"\s(?:Pro|Flash|Ultra|Turbo|Max|Mini|Plus|Lite|Large|Base|Small|Medium|Sonnet|Opus|Haiku|Instruct|Chat|VL|Coder|Nano)\b")
# "(1) ... (2) ...": an enumerator stands after a clause break and before a word.
_ENUMERATOR = regex.compile(r"\(\d{1,2}\)\s+[A-Za-z]")
_ENUMERATOR_TAIL = regex.compile(r"\s+[A-Z]")
_ENUMERATOR_BEFORE = regex.compile(r"(?:^|[:;,.]|\band|\bor|\bthen|\bfirst|\bsecond)\s*$")
# Right after a colon or a clause's end, an item may start in lower case: "modifications: 1) a new way",
# and so may the items after the first ("..., and 2) a regulariser").
_ENUMERATOR_TAIL_LOWER = regex.compile(r"\s+[a-z]")
_ENUMERATOR_OPENS = regex.compile(r"(?:^|[:;.])\s*$")
# A metric's threshold span written onto its name: "mAP50:95", "AP@.5:.95".
_THRESHOLD_SPAN = regex.compile(r"[A-Za-z][A-Za-z@_]*\.?\d*\.?\d+:$")
_AT_THRESHOLD = regex.compile(r"(?:@[\w.,]*?|\bat\s+(?:an?\s+)?)(?:IoU|tIoU|IOU|iou)\s*=\s*$")
# A reference in square brackets: "[48]", "[24, 25]", "[3-5]".
_CITATION = regex.compile(r"\s*(?:[,\u2013-]\s*\d{1,3}\s*)*\]")
_CITATION_OPEN = regex.compile(r"\[\s*(?:\d{1,3}\s*[,\u2013-]\s*)*$")
# "vs" is not a list: the two numbers compared are claims of different systems.
_LIST_SEP = regex.compile(r"\s?(?:/|,\s?(?:and|or)?|\s(?:and|or))\s?(?=[+\-±]?\d)")


@dataclass(slots=True)
class Number:
    """One number as written in the (normalised) text."""

    start: int  # first character of the value text (sign or prefix included)
    end: int  # just past the unit, if any
    value: float
    sign: str | None = None
    unit: str | None = None
    value_high: float | None = None
    role: str | None = None  # why it cannot be a claim: "name", "size", "ordinal", "setting", ...
    group: int = -1  # index of the coordinated list it belongs to
    pos_in_group: int = 0
    size_in_group: int = 1
    unit_before: bool = False  # the unit is written before the number ("x1500", "$20", "factor of 5")
    decimal: bool = False  # written with a decimal point ("0.713", "3.50"): rarely a count


def _to_float(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _unit_at(text: str, pos: int) -> tuple[str | None, int]:
    m = _UNIT.match(text, pos)
    if not m:
        return None, pos
    if m.group("pct"):
        return "%", m.end()
    if m.group("pts"):
        return "pts", m.end()
    if m.group("x"):
        return "x", m.end()
    if m.group("fps"):
        return "FPS", m.end()
    if m.group("rate"):
        return f"{m.group('per')}/s", m.end()  # a throughput: "1,200 tokens per second"
    if m.group("metre"):
        return "m", m.end()
    word = m.group("named").strip()
    word = _UNIT_GAP.sub(" ", word)
    return _NAMED_UNITS.get(word, word), m.end()


def find_numbers(text: str) -> list[Number]:
    """All numbers in ``text``, left to right, with units, ranges and list groups resolved."""
    found: list[Number] = []
    # most texts write no spread at all (a one-character test is a memchr: test "+" before its pairs)
    spread = "±" in text or ("+" in text and ("+/-" in text or "+-" in text))
    pos = 0
    prev_end = -1
    run_from = run_end = -1  # the last name run walked to its end (every character in it is [\w.])
    n = len(text)
    while True:
        m = _NUM.search(text, pos)
        if m is None:
            break
        start, num_end = m.start(), m.end()
        pos = num_end
        digits = m.group()
        if start > 0 and text[start - 1] == "." and (start < 2 or not text[start - 2].isalnum()):
            digits = "." + digits  # ".95"
            start -= 1
        value = _to_float(digits)
        if value is None:
            continue
        # "71.2 ± 0.4", "82.5% +/- 3.3%": the spread of a result is no result
        deviation = spread and _DEVIATION.search(text, max(0, start - 12), start) is not None
        sign = None
        if start > 0 and text[start - 1] in "+±-":
            sign = text[start - 1]
            start -= 1
        elif start > 0 and text[start - 1] in "↑↓" and (start < 2 or not text[start - 2].isalnum()):
            sign = "+" if text[start - 1] == "↑" else "-"  # "(↑1.3)": a change written with an arrow
            start -= 1
        before = text[start - 1] if start > 0 else " "
        role = None
        if before == "/" and start - 1 == prev_end:
            role = None  # a slash pair: "65.3/66.5", "1.37times/1.24times"
        elif before == "." and _ABBREVIATION.search(text, max(0, start - 8), start):
            role = None  # "(vs.62.61%)": an abbreviation's full stop with the space left out
        elif before.isalnum() or before in "_^@'/.\\":
            role = "name"
        elif sign == "-" and start > 1 and text[start - 1].isalnum():
            role = "name"
        elif before == "-" and start > 1 and (text[start - 2].isalnum() or text[start - 2] in ")"):
            role = "name"  # GPT-4, ImageNet-1K, Llama2-7B
        elif before == "." and start > 1 and text[start - 2].isdigit():
            role = "name"
        elif before == ":" and _THRESHOLD_SPAN.search(text, max(0, start - 12), start):
            role = "name"  # "mAP50:95", "AP@0.5:0.95": the thresholds a metric averages over
        elif before in "= " and "=" in text[max(0, start - 3) : start] and _AT_THRESHOLD.search(text, max(0, start - 20), start):
            role = "name"  # "AP@IoU=0.5", "R@1,IoU=0.7", "mAP at IoU=0.5": the threshold a metric is read at
        elif sign is not None and (before in ")|]}" or _OVER_VARIABLE.match(text, num_end)):
            role = "formula"  # "log(|A|+1)", "(\\gamma +1/n)": a term of an expression, no change of a result
        if role is None and "[" in text[max(0, start - 12) : start] and _CITATION.match(text, num_end) \
                and _CITATION_OPEN.search(text, max(0, start - 24), start):
            role = "citation"  # "Market-1501 [48] by 17%": a reference number
        if role is None and deviation:
            role = "deviation"
        if role == "name" and before == "-" and start > 1 and text[start - 2].isdigit():
            role = None  # the high end of a range such as 26-65, read with its low end below
        if role == "name" and before not in "x×X":
            # Part of a name: nothing after it matters; skip the unit and range work.
            if run_from <= num_end <= run_end:
                end = run_end  # inside the name run already walked ("1.1.1…", "a1a1…"): same end
            else:
                end = run_from = num_end
                while end < n and (text[end].isalnum() or text[end] in "._"):
                    end += 1
                run_end = end
            found.append(Number(start=start, end=end, value=value, sign=sign, role=role))
            prev_end = end
            continue
        # A multiplication sign before the number: "x1500", "×10".
        prefix_x = False
        if before in "x×X" and (start < 2 or not (text[start - 2].isalnum() or text[start - 2] in "{\\")):
            prefix_x = True
            start -= 1
            role = None
        elif before in "x\u00d7X" and start > 1 and text[start - 2].isdigit():
            role = "size"  # the second side of "128\u00d7128", "256x256": a resolution, a setting
        unit, end = _unit_at(text, num_end)
        if unit == "x" and end < n and text[end].isdigit() and role is None:
            role = "size"  # the first side of "128\u00d7128"
        if prefix_x and unit is None:
            unit = "x"
        unit_before = prefix_x or before == "$"
        if unit is None and before == " " and "actor" in text[max(0, start - 40) : start] and _FACTOR_OF.search(text, max(0, start - 40), start):
            unit, unit_before = "x", True  # "by a factor of 5", "factors of 5 and 100"
        if before == "$" and unit is None:
            unit = "$"
            start -= 1
        if unit is None:
            sm = _SCALE.match(text, num_end)
            if sm and role is None and sm.group().strip() in ("M", "B", "G", "K", "k") and _COMPUTE_AFTER.match(text, sm.end()):
                unit, end = sm.group().strip(), sm.end()  # "295M FLOPs": the compute a model costs, not a size
            elif sm:
                role = role or "size"
                end = sm.end()
            elif num_end < n and (text[num_end].isalpha() or (text[num_end] == "-" and num_end + 1 < n and text[num_end + 1].isalpha())):
                role = role or "name"  # 16-shot, 3D, 4K-resolution, 2nd
        if role is None and unit == "\u00b0" and value in (180.0, 360.0):
            role = "name"  # "360\u00b0 video", "180\u00b0 images": a kind of capture, not a measurement
        if role is None and unit is None and sign is None and digits.isdigit() and 1950 <= value <= 2100:
            role = "year"
        if role is None and unit is None and sign is None and before == " ":
            word_start = text.rfind(" ", max(0, start - 40), start - 1) + 1
            if _VERSIONED.fullmatch(text, word_start, start - 1):
                role = "name"  # a version after a name: "wav2vec 2.0", "Qwen2 1.5"
            elif text[word_start : word_start + 1].isupper() and _VERSION_TAIL.match(text, end):
                role = "name"  # "Gemini 1.5 Pro", "Claude 3.5 Sonnet"
            elif (_ONE_DOT_ONE.fullmatch(digits) and _CAPS_WORD.fullmatch(text, word_start, start - 1)
                  and _NAME_GOES_ON.match(text, end)):
                role = "name"  # "the SIMMC 2.0 MCR challenge", "MasakhaNER 2.0 dataset"
            elif "." in digits and _RIVAL_VERSION.search(text, max(0, word_start - 16), start):
                role = "name"  # "win rates of 80.0% against Ovi 1.1": the rival's version
        if role is None and unit is None and sign is None and digits.isdigit() and value <= 20 and start > 0 and text[start - 1] == "(":
            if _ENUMERATOR.match(text, start - 1) and _ENUMERATOR_BEFORE.search(text, max(0, start - 12), start - 1):
                role = "ordinal"  # "(2) a context extractor": an item of an enumeration
        if (role is None and unit is None and sign is None and digits.isdigit() and value <= 20
                and text.startswith(")", num_end) and _closing_bracket_item(text, start, num_end, int(value))):
            role = "ordinal"  # "... loss. 2) There is a gap": an item with only its closing bracket
        num = Number(start=start, end=end, value=value, sign=sign, unit=unit, role=role)
        num.unit_before = unit_before
        num.decimal = "." in digits
        # Ranges: "26-65%", "2.5 to 3.7times", "1.0%-2.0%".
        rm = _RANGE_SEP.match(text, end)
        if rm and role is None:
            at = rm.end() + (1 if text.startswith("+", rm.end()) else 0)
            m2 = _NUM.match(text, at)
            if m2:
                unit2, end2 = _unit_at(text, m2.end())
                v2 = _to_float(m2.group())
                is_to = "to" in rm.group()
                between = False
                if "and" in rm.group():
                    # "between 28 and 62 times faster" is a range; "28 and 62" alone is a list
                    between = _BETWEEN.search(text, max(0, start - 10), start) is not None
                    if not between:
                        m2 = None
                    is_to = True
                from_before = _FROM.search(text, max(0, start - 6), start) is not None and not (
                    "ranging" in text[max(0, start - 16) : start] and _DIFFERENCE_BEFORE.search(text, max(0, start - 60), start))
                # "(from) 54% to 76%" are two results; "12% to 24% gains", "by 1.2% to 5.0%",
                # "between 1% and 21.5%" and "ranging from 3.9-4.7%" one range
                same_unit = unit is not None and unit == unit2
                ok = m2 is not None and v2 is not None and v2 > value and not (from_before and is_to) and (
                    (unit is None and unit2 is not None)
                    or (same_unit and (not is_to or between or _GAIN_AFTER.match(text, end2) is not None
                                       or _DIFFERENCE_BEFORE.search(text, max(0, start - 40), start) is not None))
                    # two bare decimals joined by a dash ("2.5--2.9 mIoU"), by "to" after "by"
                    # ("by 15.3 to 18.8 points of accuracy") or "between 0.78 and 0.84"
                    or (unit is None and unit2 is None and "." in digits and "." in m2.group() and (
                        not is_to or between or _DIFFERENCE_BEFORE.search(text, max(0, start - 40), start) is not None))
                )
                if ok and not _SCALE.match(text, m2.end()):
                    num.unit = unit2
                    num.value_high = v2
                    num.end = end2
                    pos = end2
        found.append(num)
        prev_end = num.end
    intervals = "CI" in text or "onfidence" in text or "redible" in text
    if intervals or _digit_slash(text):
        _mark_tallies_and_intervals(text, found, intervals)
    if len(found) >= _AXIS_RUN:
        _mark_axis_runs(text, found)
    if len(found) >= _TABLE_RUN:
        _mark_table_runs(text, found)
    _group(text, found)
    return found


# Text copied from a PDF can carry a figure's axis: "45 50 55 60 65 70 Recall@1(%)".
_AXIS_RUN = 4


def _mark_axis_runs(text: str, found: list[Number]) -> None:
    """Bare numbers, four or more in a row with only spaces between them, are a figure's tick
    labels, not results."""
    _mark_runs(found, "axis", _AXIS_RUN,
               lambda num: num.unit is None and num.sign is None and num.value_high is None,
               lambda prev, num: text[prev.end : num.start].isspace())


def _mark_runs(found: list[Number], role: str, minimum: int, plain, joined) -> None:
    """Give ``role`` to every run of at least ``minimum`` free numbers that ``plain`` admits and
    whose neighbours ``joined`` links."""
    run: list[Number] = []
    for num in [*found, None]:  # None closes the last run
        ok = num is not None and num.role is None and plain(num)
        if ok and run and joined(run[-1], num):
            run.append(num)
            continue
        if len(run) >= minimum:
            for r in run:
                r.role = role
        run = [num] if ok else []


# A table copied as text: "Eastern Europe (0.67) Western Europe (0.66) Central Europe (0.64) ...",
# names with a bracketed number each and no punctuation between them. Prose lists have commas.
_TABLE_RUN = 6
_TABLE_GAP = regex.compile(r"\s*\)\s+[^\d().,;:!?]{1,60}?\s*\(\s*")


def _mark_table_runs(text: str, found: list[Number]) -> None:
    """Six or more bracketed numbers in a row with only a few words between them (no commas) are
    a table's cells, not claims of the sentence."""
    _mark_runs(found, "table", _TABLE_RUN, lambda num: num.sign is None,
               lambda prev, num: _TABLE_GAP.fullmatch(text, prev.end, num.start) is not None)


# "95% CI", "95% confidence interval": the level is a setting, the bounds after it are no result.
_INTERVAL = regex.compile(r"\s*(?:CI|C\.I\.|(?:confidence|credible)\s+intervals?)\b")
_INTERVAL_OPEN = regex.compile(r"(?:\b(?:CI|C\.I\.)|(?:confidence|credible)\s+intervals?)\s*(?:[:=,]|of|from)?\s*[\[(]?\s*$")
_DIGIT_SLASH = re.compile(r"\d/\d")


def _closing_bracket_item(text: str, start: int, num_end: int, n: int) -> bool:
    """Whether the number ``n`` written with only a closing bracket ("2) ...") numbers an item: at
    a clause break with a capital after it, or with a lower-case word after it when it opens a
    clause or the item before it ("1) ") was written so too."""
    before = max(0, start - 12)
    if _ENUMERATOR_TAIL.match(text, num_end + 1):
        return _ENUMERATOR_BEFORE.search(text, before, start) is not None
    if not _ENUMERATOR_TAIL_LOWER.match(text, num_end + 1):
        return False
    if _ENUMERATOR_OPENS.search(text, before, start):
        return True
    return n >= 2 and f"{n - 1}) " in text[:start] and _ENUMERATOR_BEFORE.search(text, before, start) is not None


def _digit_slash(text: str) -> bool:
    """Whether ``_DIGIT_SLASH`` finds a match: a slash between two digits (re's \\d is a decimal
    character), looked for at the text's few slashes rather than at every character."""
    i = text.find("/", 1)
    while 0 < i < len(text) - 1:
        if text[i - 1].isdecimal() and text[i + 1].isdecimal():
            return True
        i = text.find("/", i + 1)
    return False
_SCALE_TOPS = frozenset({1.0, 4.0, 5.0, 7.0, 10.0, 100.0})
_BOUND_SEP = regex.compile(r"\s*(?:,|;|-|to|~)\s*")


def _mark_tallies_and_intervals(text: str, found: list[Number], intervals: bool) -> None:
    """Raw counts of a fraction ("374/492") and confidence intervals are not claims; the share
    written next to them ("(76.0%; 95% CI, 72.1%-79.6%)") still is."""
    for i, num in enumerate(found):
        if num.role is not None:
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (nxt is not None and nxt.role is None and num.unit is None and nxt.unit is None
                and text[num.end : nxt.start] == "/" and num.value.is_integer() and nxt.value.is_integer()
                and num.value <= nxt.value and num.value_high is None and num.sign is None):
            num.role = nxt.role = "tally"  # 374/492 cases: a count of successes out of a total
            continue
        if (nxt is not None and nxt.role is None and num.decimal and text[num.end : nxt.start] == "/"
                and nxt.value in _SCALE_TOPS and num.value <= nxt.value and nxt.unit is None):
            nxt.role = "scale"  # "4.4/5", "8.1/10": the top of a rating scale
            continue
        if not intervals:
            continue
        if num.unit == "%" and _INTERVAL.match(text, num.end):
            num.role = "setting"  # the confidence level
            continue
        if _INTERVAL_OPEN.search(text, max(0, num.start - 40), num.start):
            num.role = "interval"
            if nxt is not None and nxt.role is None and _BOUND_SEP.fullmatch(text, num.end, nxt.start):
                nxt.role = "interval"


def _group(text: str, numbers: list[Number]) -> None:
    """Mark coordinated lists ("80.3%, 61.8%, and 43.9%", "65.3/66.5") and share a trailing unit."""
    gid = 0
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers):
            a, b = numbers[j], numbers[j + 1]
            if a.role or b.role:
                break
            sep = _LIST_SEP.match(text, a.end)
            if sep is None or sep.end() != b.start:
                break
            if a.unit is not None and b.unit is not None and a.unit != b.unit:
                break
            if a.unit is not None and b.unit is None and not numbers[i].unit_before:
                break
            j += 1
        members = numbers[i : j + 1]
        if members[0].unit_before:
            for mem in members:  # "factors of 5 and 100": a unit written first covers the list
                if mem.unit is None:
                    mem.unit = members[0].unit
        trailing = members[-1].unit
        if trailing is not None and len(members) > 1:
            for mem in members:
                if mem.unit is None:
                    mem.unit = trailing
        for k, mem in enumerate(members):
            mem.group, mem.pos_in_group, mem.size_in_group = gid, k, len(members)
        gid += 1
        i = j + 1
