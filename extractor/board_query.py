"""The SQL that ranks boards and lists them (see :mod:`extractor.boards` for the rules it applies).

Every query reads the claims a board may show: score claims with a board (``board_benchmark``),
not flagged by a reader (:mod:`extractor.corrections`) and not a second copy of a paper read from
another source (:mod:`extractor.same_paper`). A claim with a ``hold`` reason, or one the ranking
finds to be an unconfirmed outlier, is kept as a row without a rank and with its reason.
"""

from __future__ import annotations

from typing import Any

from extractor.corrections import FLAGGED

UNNAMED = "(unnamed)"
_PERCENT_SCALES = {"percent", "percentage", "%", "pct", "0-100"}
# An entry beyond this many interquartile ranges from its board's median, on the better side, is
# an outlier; boards with fewer entries than OUTLIER_MIN_ENTRIES have no distribution to judge by.
OUTLIER_IQR = 3.0
OUTLIER_MIN_ENTRIES = 5
# An outlier is confirmed when another paper claims a value within this fraction of it.
CONFIRM_TOLERANCE = 0.01
# An arXiv id, new style (2503.01234v2) or old (cs/0101001, math.GT/0309136), "arXiv:" prefix allowed.
ARXIV_PATTERN = r"(?i)^(?:arxiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z]+(?:-[a-z]+)?(?:\.[a-z]{2})?/\d{7}(?:v\d+)?)$"
ARXIV_ABS = "https://arxiv.org/abs/"
# A code repository named in an abstract: a GitHub or GitLab address to owner/name (a trailing dot is the sentence's).
CODE_PATTERN = r"(?i)\b((?:github|gitlab)\.com/[a-z0-9_.-]+/[a-z0-9_.-]*[a-z0-9_-])"

MODEL = f"coalesce(nullif(trim(c.model), ''), '{UNNAMED}')"
SPLIT = r"nullif(lower(regexp_replace(trim(c.split), '\s+', '-', 'g')), '')"
# The claims any board may show.
VISIBLE = (
    "c.kind = 'score' AND c.board_benchmark IS NOT NULL "
    "AND c.paper_id NOT IN (SELECT paper_id FROM paper_links) AND NOT " + FLAGGED
)


def code_link(abstract: str) -> str:
    """SQL for the first code repository the abstract names, as an https URL (NULL when none)."""
    return f"'https://' || nullif(regexp_extract({abstract}, '{CODE_PATTERN}', 1), '')"


def link(paper_id: str, url: str) -> str:
    """SQL for the paper's URL, else the arXiv page of an arXiv-style id."""
    arxiv = f"nullif(regexp_extract({paper_id}, '{ARXIV_PATTERN}', 1), '')"
    return f"CASE WHEN coalesce({url}, '') <> '' THEN {url} ELSE '{ARXIV_ABS}' || {arxiv} END"


_PART = "benchmark_id, metric_id, split, setting"
_BETTER_FIRST = "CASE WHEN hib IS DISTINCT FROM false THEN -score ELSE score END"

# Steps: the board's claims (base); per (benchmark, metric) facts: percentage or not, which scale
# most values are on, direction; each claim's value on the board's scale (keyed); the best claim
# of each (model, paper) in each partition among those free to rank (best); the partition's
# quartiles (spread); outliers not confirmed by another paper (judged); ranks; then the held rows.
RANKED = f"""
WITH base AS (
    SELECT c.board_benchmark AS benchmark_id, c.board_metric AS metric_id, {SPLIT} AS split, c.setting,
           c.paper_id, c.claim_no, c.paper_title, c.value, c.value_text, c.unit,
           coalesce(c.unit = '%', false) AS pct_unit, {MODEL} AS model, c.higher_is_better, c.sentence,
           c.qualifiers, c.hold, c.unit IS NULL AND regexp_matches(c.value_text, '^[01](?:[.]0+)?$') AS lone
    FROM claims c
    WHERE {VISIBLE} {{where}}
), facts AS (
    SELECT benchmark_id, metric_id,
        list_contains($percent, metric_id) OR bool_or(pct_unit) AS pct_metric,
        2 * count(*) FILTER (WHERE NOT lone AND (value > 1 OR pct_unit)) >= count(*) FILTER (WHERE NOT lone)
            AS percent_scale,  -- a bare 0 or 1 says nothing of the scale
        CASE WHEN count(higher_is_better) > 0 THEN 2 * count(*) FILTER (WHERE higher_is_better) >= count(higher_is_better)
             WHEN list_contains($lower, metric_id) THEN false
             WHEN list_contains($higher, metric_id) THEN true END AS hib
    FROM base GROUP BY benchmark_id, metric_id
), scaled AS (
    -- A bare number is read as a fraction only when it is written as one (0.853, .9): a lone 1 is not.
    SELECT b.*, f.hib,
        f.pct_metric AND f.percent_scale AND b.unit IS NULL AND b.value > 0 AND b.value < 1
            AND regexp_matches(b.value_text, '^0?[.,][0-9]+$') AS up,
        f.pct_metric AND NOT f.percent_scale AND (b.value > 1 OR b.pct_unit) AS down
    FROM base b JOIN facts f ON b.benchmark_id = f.benchmark_id AND b.metric_id IS NOT DISTINCT FROM f.metric_id
    {{keep}}
), keyed AS (
    SELECT *,
        CASE WHEN up THEN round(value * 100, 9) WHEN down THEN round(value / 100, 11) ELSE value END AS score,
        CASE WHEN up THEN '%' WHEN down THEN NULL ELSE unit END AS shown_unit
    FROM scaled
), best AS (
    SELECT *, {_BETTER_FIRST} AS sort_key
    FROM keyed WHERE hold IS NULL
    QUALIFY row_number() OVER (PARTITION BY {_PART}, lower(model), paper_id ORDER BY {_BETTER_FIRST}, claim_no) = 1
), spread AS (
    SELECT {_PART}, count(*) AS n, median(score) AS med,
           quantile_cont(score, 0.75) - quantile_cont(score, 0.25) AS iqr
    FROM best GROUP BY ALL
), near AS (
    -- A value is confirmed when the next value up or down on the partition is another paper's and close to it.
    SELECT *,
        lag(score) OVER w AS prev_score, lag(paper_id) OVER w AS prev_paper,
        lead(score) OVER w AS next_score, lead(paper_id) OVER w AS next_paper
    FROM best WINDOW w AS (PARTITION BY {_PART} ORDER BY score, paper_id)
), judged AS (
    SELECT b.* EXCLUDE (prev_score, prev_paper, next_score, next_paper),
        CASE WHEN s.n >= {OUTLIER_MIN_ENTRIES} AND s.iqr > 0
              AND (b.hib IS DISTINCT FROM false AND b.score > s.med + {OUTLIER_IQR} * s.iqr
                   OR b.hib = false AND b.score < s.med - {OUTLIER_IQR} * s.iqr)
              AND NOT coalesce(b.prev_paper <> b.paper_id AND abs(b.prev_score - b.score) <= {CONFIRM_TOLERANCE} * abs(b.score), false)
              AND NOT coalesce(b.next_paper <> b.paper_id AND abs(b.next_score - b.score) <= {CONFIRM_TOLERANCE} * abs(b.score), false)
        THEN printf('outlier: %s is over {OUTLIER_IQR:g} IQR from the median %s, and no other paper confirms it',
                    b.score::VARCHAR, round(s.med, 4)::VARCHAR) END AS outlier
    FROM near b JOIN spread s ON s.benchmark_id = b.benchmark_id AND s.metric_id IS NOT DISTINCT FROM b.metric_id
        AND s.split IS NOT DISTINCT FROM b.split AND s.setting IS NOT DISTINCT FROM b.setting
), ranked AS (
    SELECT * EXCLUDE (outlier), rank() OVER (PARTITION BY {_PART} ORDER BY sort_key) AS rank, NULL::VARCHAR AS held
    FROM judged WHERE outlier IS NULL
    UNION ALL BY NAME
    SELECT * EXCLUDE (outlier), NULL::BIGINT AS rank, outlier AS held FROM judged WHERE outlier IS NOT NULL
    UNION ALL BY NAME
    SELECT * EXCLUDE (hold), {_BETTER_FIRST} AS sort_key, NULL::BIGINT AS rank, hold AS held FROM keyed
    WHERE hold IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY {_PART}, lower(model), paper_id, hold, score ORDER BY claim_no) = 1
)
SELECT {{columns}}
FROM ranked r LEFT JOIN papers p ON p.paper_id = r.paper_id
ORDER BY r.benchmark_id, r.metric_id NULLS LAST, r.split NULLS FIRST, r.setting NULLS FIRST, r.rank NULLS LAST,
         r.sort_key, p.date NULLS LAST, lower(r.model), r.paper_id, r.claim_no  -- the claim number last: held rows of one paper can tie
"""
# The columns the ranking query can return, each as SQL over the ranked claims r and their papers p.
RANKED_COLUMNS = {
    "benchmark_id": "r.benchmark_id", "metric_id": "r.metric_id", "higher_is_better": "r.hib", "rank": "r.rank",
    "model": "r.model", "value": "r.score", "unit": "r.shown_unit", "rescaled": "r.up OR r.down",
    "paper_id": "r.paper_id", "paper_title": "coalesce(nullif(p.title, ''), r.paper_title)", "date": "p.date",
    "link": link("r.paper_id", "p.url"), "sentence": "r.sentence", "qualifiers": "r.qualifiers",
    "split": "r.split", "setting": "r.setting", "held": "r.held", "record_id": "r.paper_id || '#' || r.claim_no",
}


# Text columns that cost the most to hand over; see ``ranked``'s ``full_rows``.
HEAVY_COLUMNS = frozenset({"link", "sentence", "qualifiers"})  # titles stay: the SOTA chart names its papers
POSITION = (  # a row's place in its partition, in board order
    "row_number() OVER (PARTITION BY r.benchmark_id, r.metric_id, r.split, r.setting ORDER BY r.rank NULLS LAST, "
    "r.sort_key, p.date NULLS LAST, lower(r.model), r.paper_id, r.claim_no)"
)


def ranked(
    where: str, params: dict[str, Any], facts: dict[str, list[str]], columns: list[str], keep: str = "",
    full_rows: int | None = None,
) -> tuple[str, dict[str, Any]]:
    """The ranking query returning ``columns``, for the claims ``where`` picks, and its parameters.

    ``keep`` (SQL over the claims ``b``) ranks only some of them, while the scale and direction
    still come from all that ``where`` picks. With ``full_rows``, only the first that many rows of
    each partition carry the text columns (HEAVY_COLUMNS; NULL below): a page showing the top of a
    large board still gets every row's rank, value and date.
    """
    from extractor.store import q

    def expr(c: str) -> str:
        if full_rows is not None and c in HEAVY_COLUMNS:
            return f"CASE WHEN {POSITION} <= {int(full_rows)} THEN {RANKED_COLUMNS[c]} END"
        return RANKED_COLUMNS[c]

    select = ", ".join(f"{expr(c)} AS {q(c)}" for c in columns)
    sql = RANKED.replace("{where}", where).replace("{keep}", f"WHERE {keep}" if keep else "")
    return sql.replace("{columns}", select), {**params, **facts}


# One row per board partition; bench_entries (the benchmark's entries) orders them (BOARD_ORDER).
BOARD_GROUPS = f"""
WITH g AS (
    SELECT c.board_benchmark AS benchmark_id, c.board_metric AS metric_id, {SPLIT} AS split, c.setting,
           count(DISTINCT hash(lower({MODEL}), c.paper_id)) FILTER (WHERE c.hold IS NULL) AS entries,
           count(DISTINCT c.paper_id) FILTER (WHERE c.hold IS NULL) AS papers,
           count(*) FILTER (WHERE c.hold IS NOT NULL) AS held,
           count(*) AS claims,
           count(*) FILTER (WHERE c.higher_is_better) AS n_up,
           count(*) FILTER (WHERE NOT c.higher_is_better) AS n_down,
           mode(c.benchmark ORDER BY length(c.benchmark), c.benchmark) AS surface
    FROM claims c WHERE {VISIBLE} {{where}}
    GROUP BY ALL
)
SELECT benchmark_id, metric_id, split, setting, entries, papers, held, claims,
       CASE WHEN sum(n_up) OVER m + sum(n_down) OVER m > 0 THEN sum(n_up) OVER m >= sum(n_down) OVER m
       END AS higher_is_better,
       starts_with(benchmark_id, 'open:') AS open,
       CASE WHEN starts_with(benchmark_id, 'open:') THEN first(surface) OVER b ELSE benchmark_id END AS name,
       sum(entries) OVER (PARTITION BY benchmark_id) AS bench_entries
FROM g
WINDOW m AS (PARTITION BY benchmark_id, metric_id),
       b AS (PARTITION BY benchmark_id ORDER BY claims DESC, surface ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
"""
BOARD_ORDER = "bench_entries DESC, benchmark_id, entries DESC, metric_id NULLS LAST, split NULLS FIRST, setting NULLS FIRST"
BOARD_LIST = f"SELECT * EXCLUDE (bench_entries) FROM ({BOARD_GROUPS.replace('{where}', '')}) ORDER BY {BOARD_ORDER}"

# Open benchmarks (unknown to the registry) named by several papers: where new boards come from.
# mode() breaks ties by input order, so each is ordered: the shortest spelling names a board.
UNREGISTERED = f"""
SELECT c.board_benchmark AS benchmark_id, mode(c.benchmark ORDER BY length(c.benchmark), c.benchmark) AS name, count(DISTINCT c.paper_id) AS papers,
       count(*) AS claims, list(DISTINCT c.benchmark ORDER BY c.benchmark)[:5] AS spellings,
       mode(c.board_metric ORDER BY c.board_metric) AS metric_id
FROM claims c
WHERE {VISIBLE} AND starts_with(c.board_benchmark, 'open:')
GROUP BY c.board_benchmark
HAVING count(DISTINCT c.paper_id) >= $min_papers
ORDER BY papers DESC, claims DESC, benchmark_id
"""


# -- registry facts (optional) ------------------------------------------------------------------
def registry_lookup(kind: str, name: str) -> Any:
    """``benchmarks()`` or ``metrics()`` of :mod:`extractor.registry` looked up, or None without it."""
    try:
        from extractor import registry
    except ImportError:
        return None
    table = getattr(registry, kind, None)
    if not callable(table):
        return None
    try:
        return table().lookup(name, any_case=True)  # names typed by people: exact-case aliases in any case
    except getattr(registry, "RegistryError", ()):  # data files missing or malformed: do without
        return None


def metric_facts(metric_ids: list[str]) -> dict[str, list[str]]:
    """Registry facts as SQL list parameters: percent-scale, lower-better and higher-better metric ids."""
    facts: dict[str, list[str]] = {"percent": [], "lower": [], "higher": []}
    for mid in metric_ids:
        metric = registry_lookup("metrics", mid)
        if metric is None:
            continue
        if str(getattr(metric, "scale", "") or "").strip().lower() in _PERCENT_SCALES:
            facts["percent"].append(mid)
        hib = getattr(metric, "higher_is_better", None)
        if hib is not None:
            facts["higher" if hib else "lower"].append(mid)
    return facts
