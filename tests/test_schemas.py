"""The committed JSON Schema files match the pydantic models; the base model is strict."""

import json
import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from schemas import EXPORTED, Claim, Paper
from schemas.__main__ import render

HERE = Path(__file__).resolve().parent.parent / "schemas"


@pytest.mark.parametrize("name", sorted(EXPORTED))
def test_committed_schema_in_sync(name):
    committed = (HERE / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == render(EXPORTED[name]), f"schemas/{name}.schema.json is stale: run `python -m schemas`"


def _claim(**over):
    base = dict(paper_id="p", value=80.3, value_text="80.3%", unit="%", kind="score", sentence="x 80.3%",
                start=2, end=7, rule="score-on-bench")
    base.update(over)
    return Claim(**base)


def test_claim_round_trips_through_json():
    c = _claim(qualifiers=["zero-shot"], benchmark="MathVista")
    assert Claim.model_validate_json(c.model_dump_json()) == c


@pytest.mark.parametrize("bad", [{"value": math.nan}, {"value": math.inf}, {"colour": "red"}, {"kind": "gain"},
                                 {"start": 7, "end": 7}, {"rule": ""}])
def test_claim_rejects(bad):
    with pytest.raises(ValidationError):
        _claim(**bad)


def test_paper_date_shape():
    assert Paper(paper_id="a", date="2020-03-29").date == "2020-03-29"
    with pytest.raises(ValidationError):
        Paper(paper_id="a", date="Mar 29, 2020")
    json.dumps(Paper.model_json_schema())
