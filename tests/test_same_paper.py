"""One paper read from two corpora is one paper on the boards; the ingest says new, replaced, merged."""

from __future__ import annotations

from extractor.boards import board
from test_store import acc, item, paper, store  # noqa: F401  (store is a fixture)

TITLE = "Scaling Vision Transformers to Many Parameters"


def test_the_same_title_from_two_sources_near_in_time_is_one_paper(store):
    first = store.ingest([item(paper("2106.04560", TITLE, date="2021-06-08", source="arxiv.jsonl"),
                               acc("2106.04560", 90.4, "ViT-G"))])
    assert (first.new, first.replaced, first.merged) == (1, 0, 0)
    second = store.ingest([
        item(paper("cvpr2022:123", TITLE.replace("Parameters", "Parameter"), date="2022-06", source="venue.jsonl"),
             acc("cvpr2022:123", 90.45, "ViT-G")),
        item(paper("other", "A Different Paper About Vision Models", source="venue.jsonl"), acc("other", 88.0, "X")),
    ])
    assert (second.new, second.replaced, second.merged) == (2, 0, 1)
    rows = board(store, "ImageNet").records
    assert [(r["model"], r["paper_id"]) for r in rows] == [("ViT-G", "2106.04560"), ("X", "other")]


def test_equal_titles_in_one_source_or_years_apart_stay_apart(store):
    store.ingest([
        item(paper("a1", TITLE, date="2021-06", source="one.jsonl"), acc("a1", 90.0, "A")),
        item(paper("a2", TITLE, date="2021-07", source="one.jsonl"), acc("a2", 91.0, "B")),
        item(paper("b1", TITLE, date="2015-01", source="two.jsonl"), acc("b1", 70.0, "C")),
    ])
    assert len(board(store, "ImageNet").records) == 3


ABSTRACT = ("We scale vision transformers up to two billion parameters and study how accuracy, compute and data "
            "trade off as they grow, then distil the largest into smaller students that keep most of its accuracy "
            "while running many times faster on the same hardware.")


def test_a_paper_renamed_between_preprint_and_venue_is_one_paper_by_its_abstract(store):
    store.ingest([
        item(paper("2011.00001", "ScaleNet: Scaling Vision Transformers", date="2020-11", source="arxiv.jsonl",
                   abstract=ABSTRACT), acc("2011.00001", 71.6, "ScaleNet")),
        item(paper("venue:77", "ScaleNet: One-Shot Scaling of Transformers for Recognition", date="2022",
                   source="venue.jsonl", abstract=ABSTRACT + " Code is public."), acc("venue:77", 71.6, "ScaleNet")),
        # a short abstract says too little to join two papers
        item(paper("x1", "Short One", date="2021", source="arxiv.jsonl", abstract="We test things."), acc("x1", 60.0, "P")),
        item(paper("x2", "Short Two", date="2021", source="venue.jsonl", abstract="We test things."), acc("x2", 61.0, "Q")),
    ])
    rows = board(store, "ImageNet").records
    assert sorted((r["model"], r["paper_id"]) for r in rows) == [("P", "x1"), ("Q", "x2"), ("ScaleNet", "2011.00001")]


def test_the_abstract_key_read_from_the_first_characters_is_the_whole_abstracts_key():
    """The key is taken from the abstract's first ABSTRACT_HEAD characters when they hold enough
    letters and digits: it must equal the key of the whole abstract, whatever the text; and the
    key of its end, read from its last ABSTRACT_HEAD characters first, the key of its last END_READ."""
    import duckdb

    from extractor import same_paper

    head = same_paper.ABSTRACT_HEAD
    texts = [
        ABSTRACT, ABSTRACT * 3, "", None, "We test things.",
        "-- " * 150 + ABSTRACT,  # punctuation first: the head holds too few letters
        "x" * (head - 1) + "\u212a" + "y" * 400,  # the Kelvin sign lower-cases to an ASCII k
        "\u0130stanbul " * 60, "\u00c9t\u00e9 " * 200, "\U0001f600 emoji " * 80, "A" * head + "B" * 10,
        "a1" * 99 + "!" * (head - 198) + "tail", "5" * 199 + " " * 200 + "z",
    ]
    texts += [t[::-1] for t in texts if t] + ["y" * 400 + "\u212a" + "x" * (head - 1)]  # the same at the end
    texts.append(ABSTRACT * 2 + "!" * 100 + "z" * (same_paper.ABSTRACT_KEY - 50))  # too few at the end's last characters
    key, end_from, end_read = same_paper.ABSTRACT_KEY, same_paper.END_FROM, same_paper.END_READ
    whole = f"left(regexp_replace(lower(coalesce(abstract, '')), '[^a-z0-9]+', '', 'g'), {key})"
    end = (f"CASE WHEN length(abstract) >= {end_from} THEN "
           f"right(regexp_replace(lower(right(abstract, {end_read})), '[^a-z0-9]+', '', 'g'), {key}) END")
    conn = duckdb.connect()
    conn.execute("CREATE TABLE papers (paper_id VARCHAR, source VARCHAR, date VARCHAR, title VARCHAR, abstract VARCHAR)")
    conn.executemany("INSERT INTO papers VALUES (?, 's', NULL, 't', ?)", [[str(i), t] for i, t in enumerate(texts)])
    got = conn.execute(f"SELECT paper_id, a, e FROM ({stored_keys()}) t ORDER BY paper_id").fetchall()
    want = conn.execute(f"SELECT paper_id, {whole}, {end} FROM papers ORDER BY paper_id").fetchall()
    assert got == want
    assert sum(len(a) == key for _, a, _ in want) >= 10 and sum(len(e or "") == key for _, _, e in want) >= 5


def stored_keys() -> str:
    """KEYS over the stored papers (which carry no keys of their own)."""
    from extractor import same_paper

    return same_paper.KEYS.replace("FROM papers", f"FROM {same_paper.STORED}")


def test_keys_computed_in_python_are_the_stores_own() -> None:
    """An ingest's papers come with their keys (same_paper.keys, in the workers): on ASCII text
    they are what the store's SQL computes, and text that is not all ASCII is left to the SQL."""
    import duckdb

    from extractor import same_paper

    head, key = same_paper.ABSTRACT_HEAD, same_paper.ABSTRACT_KEY
    abstracts = [
        ABSTRACT, ABSTRACT * 3, "", None, "We test things.", "-- " * 150 + ABSTRACT, "A" * head + "B" * 10,
        "a1" * 99 + "!" * (head - 198) + "tail", "5" * 199 + " " * 200 + "z", "x_y " * 300, "\t\n" * 20 + "Tab\x00s " * 90,
        ABSTRACT * 2 + "!" * 100 + "z" * (key - 50), "!" * (same_paper.END_FROM - 1) + "a" * 10,
    ]
    abstracts += [a[::-1] for a in abstracts if a]
    titles = ["Plans for Tests and Classes", "GLASSS: Gauss'ss bus_s 3Ds pass", "dogs", "", None, "Pointss-wise s",
              "UPPER CASE TITLES ON BUSES", "abcs_ abcs1 abcs- abcs."]
    rows = [(str(i), titles[i % len(titles)], a) for i, a in enumerate(abstracts)]
    rows += [("u1", "Caf\u00e9s", ABSTRACT), ("u2", "Plain", ABSTRACT + " \u212a"), ("u3", "\u0130stanbuls", None)]
    conn = duckdb.connect()
    conn.execute("CREATE TABLE papers (paper_id VARCHAR, source VARCHAR, date VARCHAR, title VARCHAR, abstract VARCHAR)")
    conn.executemany("INSERT INTO papers VALUES (?, 's', NULL, ?, ?)", [list(r) for r in rows])
    want = {pid: (k, a, e) for pid, k, a, e in conn.execute(f"SELECT paper_id, k, a, e FROM ({stored_keys()}) t").fetchall()}
    got = {pid: same_paper.keys(title, abstract) for pid, title, abstract in rows}
    assert [pid for pid, k in got.items() if k is None] == ["u1", "u2", "u3"]
    assert {pid: k for pid, k in got.items() if k is not None} == {pid: k for pid, k in want.items() if not pid.startswith("u")}
    assert sum(len(e or "") == key for _, _, e in want.values()) >= 5
    assert {"dog", "abcsabcs1abcabc", "glassgausssbuss3dspas"} <= {k for k, _, _ in want.values()}  # the plural rule at work
    # Read where they are given: the keys of a paper that has them are not computed again.
    given = "(SELECT paper_id, source, date, title, abstract, 'kk' AS key_title, 'aa' AS key_start, NULL AS key_end FROM papers)"
    read = conn.execute(f"SELECT DISTINCT k, a, e FROM ({same_paper.KEYS.replace('FROM papers', f'FROM {given}')}) t").fetchall()
    assert read == [("kk", "aa", None)]


def test_a_renamed_paper_whose_opening_was_edited_is_one_paper_by_its_abstracts_end(store):
    # long enough for its last 200 letters and digits to say something; only its opening differs
    body = " ".join([ABSTRACT, ABSTRACT.replace("We scale", "Then we scale"), ABSTRACT.replace("We scale", "Last, we scale")])
    edited = "We design dedicated backbones here. " + body
    store.ingest([
        item(paper("2011.00002", "ScaleNet: Scaling Vision Transformers", date="2020-11", source="arxiv.jsonl",
                   abstract="Recently, " + body), acc("2011.00002", 71.6, "ScaleNet")),
        item(paper("venue:78", "ScaleNet: One-Shot Scaling of Transformers", date="2022", source="venue.jsonl",
                   abstract=edited), acc("venue:78", 71.6, "ScaleNet")),
    ])
    rows = board(store, "ImageNet").records
    assert [(r["model"], r["paper_id"]) for r in rows] == [("ScaleNet", "2011.00002")]



def test_keys_that_only_share_a_hash_with_another_sources_link_nothing(store, monkeypatch):
    """Papers that share a key with another source are found by the keys' hashes: whatever else a
    hash lets through (here every key shares one), the links are those of the keys themselves."""
    from extractor import same_paper

    papers = [
        item(paper("s1", TITLE, date="2021-06", source="one.jsonl")),
        item(paper("s2", TITLE, date="2021-07", source="one.jsonl")),  # equal titles in one source: apart
        item(paper("u1", "A Study Of Things Seen Twice Over", date="2021-06", source="one.jsonl")),
        item(paper("v1", "A Study Of Things Seen Twice Over", date="2022-01", source="two.jsonl")),
        item(paper("w1", "Another Title Of Some Other Length", date="2021", source="two.jsonl", abstract=ABSTRACT)),
        item(paper("w2", "Yet Another Paper On Its Own Topic", date="2021", source="one.jsonl", abstract=ABSTRACT)),
    ]
    store.ingest(papers)
    exact = [{"paper_id": "v1", "same_as": "u1"}, {"paper_id": "w2", "same_as": "w1"}]
    assert store.records("SELECT * FROM paper_links ORDER BY ALL") == exact
    every_key_one_hash = same_paper._LINKS
    for kind, key in (("t", "k"), ("a", "a"), ("e", "e")):
        every_key_one_hash = every_key_one_hash.replace(f"hash('{kind}', {key})", "0")
    assert every_key_one_hash.count("THEN 0 END") == 3
    monkeypatch.setattr(same_paper, "_LINKS", every_key_one_hash)
    store.ingest(papers)
    assert store.records("SELECT * FROM paper_links ORDER BY ALL") == exact
