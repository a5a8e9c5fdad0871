"""One paper read from two corpora is one paper: an arXiv id and a venue id for the same title.

After every ingest :func:`relink` rebuilds the table ``paper_links`` (paper_id -> same_as): papers
whose normalised titles (lower case, a plural "s" dropped, letters and digits only, at least 20
of them) are equal, or whose abstracts begin or end with the same 200 letters and digits (a paper
renamed between preprint and venue, its opening sentence edited or not), that were read from different sources, and whose dates are at most
``MAX_DAYS`` apart (a preprint and its publication) are one paper. The earliest-dated one (then the smallest id) is kept; the others
point to it. Both stay in ``papers`` with their claims, so nothing read is lost, but boards and
conflicts read only the kept one. Copies within one source are not merged: a source does not list
a paper twice, so equal titles there are different papers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

MAX_DAYS = 730
MIN_KEY = 20
ABSTRACT_KEY = 200  # letters and digits from the abstract's start that must be equal (and present)
# Characters read for them first: the regex over whole abstracts was most of an ingest's last step.
# 260 hold 200 letters and digits in 99.8% of 125,000 corpus abstracts (the rest read them all).
ABSTRACT_HEAD = 260
END_FROM, END_READ = 600, 400  # abstracts this long (characters) are also keyed by the end of their last END_READ
# ... read from their last ABSTRACT_HEAD characters first, the same way (enough in 99.2% of them).
DDL = "CREATE TABLE IF NOT EXISTS paper_links (paper_id VARCHAR PRIMARY KEY, same_as VARCHAR)"

# Each paper's title key ``k`` and abstract key ``a``, with its source and date ``d``. A paper whose
# keys came with it (``key_start`` not null: see :func:`keys`) has them read, not computed again.
KEYS = rf"""
SELECT paper_id, coalesce(source, '') AS source,
       coalesce(try_cast(date AS DATE), try_cast(substr(date, 1, 4) || '-07-01' AS DATE)) AS d,
       CASE WHEN key_start IS NOT NULL THEN key_title ELSE
           regexp_replace(regexp_replace(lower(coalesce(title, '')), '([a-z]{{3}})s\b', '\1', 'g'), '[^a-z0-9]+', '', 'g') END AS k,
       -- The abstract's key from its first characters when they hold enough letters and digits
       -- (the key of a prefix is a prefix of the key), else from the whole abstract.
       CASE WHEN key_start IS NOT NULL THEN key_start ELSE
           left(CASE WHEN length(a_head) >= {ABSTRACT_KEY} THEN a_head
                     ELSE regexp_replace(lower(coalesce(abstract, '')), '[^a-z0-9]+', '', 'g') END, {ABSTRACT_KEY}) END AS a,
       -- the end is read from the abstract's last characters only: ingest runs in little memory
       CASE WHEN key_start IS NOT NULL THEN key_end WHEN length(abstract) >= {END_FROM} THEN
           right(CASE WHEN length(e_tail) >= {ABSTRACT_KEY} THEN e_tail
                      ELSE regexp_replace(lower(right(abstract, {END_READ})), '[^a-z0-9]+', '', 'g') END, {ABSTRACT_KEY}) END AS e
FROM (SELECT *, CASE WHEN key_start IS NULL THEN
                    regexp_replace(lower(left(coalesce(abstract, ''), {ABSTRACT_HEAD})), '[^a-z0-9]+', '', 'g') END AS a_head,
             CASE WHEN key_start IS NULL AND length(abstract) >= {END_FROM} THEN
                 regexp_replace(lower(right(abstract, {ABSTRACT_HEAD})), '[^a-z0-9]+', '', 'g') END AS e_tail
      FROM papers)
"""
KEY_COLUMNS = ("key_title", "key_start", "key_end")  # a paper's keys, when they came with it
NO_KEYS = ", ".join(f"NULL::VARCHAR AS {c}" for c in KEY_COLUMNS)  # ... for the papers stored, which have none
# The papers stored, as KEYS reads them.
STORED = f"(SELECT paper_id, source, date, title, abstract, {NO_KEYS} FROM papers)"

# Papers that share a key with another source, found by the keys' hashes: grouping the 200-character
# keys themselves took most of this step, and holding them most of its memory. A paper that only
# shares a hash is a candidate too, and its keys pair with no paper of another source in _LINKS.
_CANDIDATES = f"""
WITH h AS (
    SELECT paper_id, source,
           CASE WHEN length(k) >= {MIN_KEY} THEN hash('t', k) END AS hk,
           CASE WHEN length(a) >= {ABSTRACT_KEY} THEN hash('a', a) END AS ha,
           CASE WHEN length(e) >= {ABSTRACT_KEY} THEN hash('e', e) END AS he
    FROM ({KEYS})
), hashes AS (
    SELECT hk AS h, paper_id, source FROM h WHERE hk IS NOT NULL
    UNION ALL SELECT ha, paper_id, source FROM h WHERE ha IS NOT NULL
    UNION ALL SELECT he, paper_id, source FROM h WHERE he IS NOT NULL
)
SELECT DISTINCT paper_id FROM hashes WHERE h IN (SELECT h FROM hashes GROUP BY h HAVING count(DISTINCT source) > 1)
"""

_LINKS = rf"""
WITH candidates AS (
    {_CANDIDATES}
), t AS (
    {KEYS.replace("FROM papers)", "FROM papers WHERE paper_id IN (SELECT paper_id FROM candidates))")}
), keys AS (
    -- A renamed paper keeps its abstract: either key joins two sources.
    SELECT 't' AS kind, k AS key, paper_id, source, d FROM t WHERE length(k) >= {MIN_KEY}
    UNION ALL
    SELECT 'a', a, paper_id, source, d FROM t WHERE length(a) >= {ABSTRACT_KEY}
    UNION ALL
    SELECT 'e', e, paper_id, source, d FROM t WHERE length(e) >= {ABSTRACT_KEY}
), keyed AS (
    SELECT * FROM keys WHERE (kind, key) IN (SELECT (kind, key) FROM keys GROUP BY ALL HAVING count(DISTINCT source) > 1)
), kept AS (
    SELECT kind, key, arg_min(paper_id, (coalesce(d, DATE '9999-12-31'), paper_id)) AS same_as FROM keyed GROUP BY kind, key
)
SELECT m.paper_id, min(kept.same_as) AS same_as
FROM keyed m JOIN kept USING (kind, key) JOIN keyed p ON p.paper_id = kept.same_as AND p.kind = kept.kind AND p.key = kept.key
WHERE m.paper_id <> kept.same_as AND m.source <> p.source
  AND (m.d IS NULL OR p.d IS NULL OR abs(date_diff('day', m.d, p.d)) <= {MAX_DAYS})
GROUP BY m.paper_id
"""


COLUMNS = ("paper_id", "source", "date", "title", "abstract", *KEY_COLUMNS)  # the papers' columns relink reads
_KEPT = bytes(c for c in range(256) if not (48 <= c <= 57 or 97 <= c <= 122))  # bytes the keys drop: all but [a-z0-9]
_PLURAL = re.compile(rb"([a-z]{3})s\b")


def keys(title: str | None, abstract: str | None) -> tuple[str, str, str | None] | None:
    """A paper's keys (``k``, ``a``, ``e`` of KEYS) computed in Python, where an ingest's workers read
    it, or None when its title or abstract is not all ASCII (lower case is then left to the store's
    SQL). On ASCII text this is the SQL exactly: ``lower`` is ASCII's, and RE2's ``\\b`` and
    classes are those of a bytes pattern. (For the three corpora the store's SQL took 2.3 s of CPU
    over them in the write, where the workers take 0.7 s.)"""
    title = title or ""
    if not title.isascii() or not (abstract is None or abstract.isascii()):
        return None

    def letters_and_digits(text: str) -> str:
        return text.encode().lower().translate(None, _KEPT).decode()

    k = _PLURAL.sub(rb"\1", title.encode().lower()).translate(None, _KEPT).decode()
    text = abstract or ""
    head = letters_and_digits(text[:ABSTRACT_HEAD])
    a = (head if len(head) >= ABSTRACT_KEY else letters_and_digits(text))[:ABSTRACT_KEY]
    e = None
    if len(text) >= END_FROM:
        tail = letters_and_digits(text[-ABSTRACT_HEAD:])
        e = (tail if len(tail) >= ABSTRACT_KEY else letters_and_digits(text[-END_READ:]))[-ABSTRACT_KEY:]
    return k, a, e


def links_sql(papers: Callable[[], str] | None = None) -> str:
    """The query of every link (paper_id, same_as) among the papers: those stored, or those
    ``papers`` gives, called for each reading of them, as SQL for a subquery (COLUMNS at least)."""
    if papers is None:
        papers = lambda: STORED  # noqa: E731
    first, second, rest = _LINKS.split("FROM papers")
    return f"{first}FROM {papers()}{second}FROM {papers()}{rest}"


def relink(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild ``paper_links`` from the papers now stored (inside the caller's transaction)."""
    conn.execute(f"CREATE OR REPLACE TEMP TABLE _lbx_links AS {links_sql()}")
    _store_links(conn, "_lbx_links")
    conn.execute("DROP TABLE _lbx_links")


def _store_links(conn: duckdb.DuckDBPyConnection, links: str) -> None:
    conn.execute(DDL)
    conn.execute("DELETE FROM paper_links")
    conn.execute(f"INSERT INTO paper_links SELECT paper_id, same_as FROM {links}")


class Relinking:
    """:func:`relink` for a write in progress: its links found on a cursor of its own, in a thread,
    while the writer's connection goes on (inserting the three corpora's papers takes one core
    as long as finding their links takes the other).

    The cursor reads the store as committed, so ``papers(cursor)`` gives SQL for the papers as
    the write will leave them, read through that cursor: the stored ones the write keeps, and
    the new ones from wherever they wait. :meth:`write` waits for the links and stores them in
    the writer's transaction. Use as a context manager: leaving it stops the query if it runs."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, papers: Callable[[duckdb.DuckDBPyConnection], str]):
        import threading

        self._cursor = conn.cursor()
        self._found: object = None
        self._error: BaseException | None = None
        sql = links_sql(lambda: papers(self._cursor))
        self._thread = threading.Thread(target=self._find, args=(sql,), name="lbx-relink", daemon=True)
        self._thread.start()

    def _find(self, sql: str) -> None:
        try:
            self._found = self._cursor.sql(sql).to_arrow_table()
        except BaseException as exc:  # noqa: BLE001 - raised again in the writer's thread by write()
            self._error = exc

    def write(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Wait for the links and replace ``paper_links`` with them (in ``conn``'s transaction)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        conn.register("_lbx_links_found", self._found)
        try:
            _store_links(conn, "_lbx_links_found")
        finally:
            conn.unregister("_lbx_links_found")

    def __enter__(self) -> Relinking:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread.is_alive():
            self._cursor.interrupt()
            self._thread.join()
        self._cursor.close()


def merged_among(conn: duckdb.DuckDBPyConnection, staged: str) -> int:
    """How many of the papers ``staged`` (a subquery of paper ids) are linked to another paper."""
    sql = (
        f"SELECT count(*) FROM (SELECT paper_id FROM paper_links UNION SELECT same_as FROM paper_links) l "
        f"WHERE l.paper_id IN {staged}"
    )
    ((merged,),) = conn.execute(sql).fetchall()  # fetched to the end: the connection has no result left open
    return int(merged)
