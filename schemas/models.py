"""The record types lbx reads and writes. Pydantic models only: no I/O here.

These models are the single source of truth; the committed JSON Schema files next to this
module are generated from them (``python -m schemas``) and a test keeps them in sync.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class StrictModel(BaseModel):
    """Base for every lbx record: unknown fields are errors and floats must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_assignment=True)


class Kind(StrEnum):
    """What a claimed number says (see the labelling guide)."""

    score = "score"  # an absolute result of one system
    delta = "delta"  # an absolute difference from a baseline
    relative = "relative"  # a difference stated as relative, or a share of a reference
    efficiency = "efficiency"  # cost, speed or size of the system


class Paper(StrictModel):
    """One paper as read from any supported input."""

    paper_id: str = Field(min_length=1, description="Input id when given, else a stable id derived from title and abstract.")
    title: str = ""
    abstract: str = ""
    date: str | None = Field(
        default=None,
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="ISO date, or year-month / year when that is all the source gives.",
    )
    date_text: str | None = Field(default=None, description="The date as written in the source.")
    authors: list[str] = Field(default_factory=list)
    authors_count: int | None = Field(default=None, ge=0)
    url: str | None = None
    categories: list[str] = Field(default_factory=list)
    source: str | None = Field(default=None, description="File the paper was read from.")
    line: int | None = Field(default=None, ge=1, description="1-based line in the source where the record starts.")


class Claim(StrictModel):
    """One claimed result number, with where it stands in the abstract."""

    paper_id: str
    paper_title: str | None = None
    value: float = Field(description="The number as written, without sign or unit.")
    value_text: str = Field(min_length=1, description="The number's text exactly as in the abstract.")
    value_high: float | None = Field(default=None, description="Upper end of a range such as 26-65%.")
    unit: str | None = Field(default=None, description="'%', 'x', 'pts', a written unit such as 'ms', or null for a bare number.")
    kind: Kind
    benchmark: str | None = Field(default=None, description="Benchmark as written in the abstract.")
    benchmark_id: str | None = Field(default=None, description="Canonical benchmark name from the registry.")
    split: str | None = Field(default=None, description="Split written with the benchmark (test-clean, val, test-dev ...).")
    metric: str | None = Field(default=None, description="Metric as written in the abstract.")
    metric_id: str | None = Field(default=None, description="Canonical metric name from the registry.")
    higher_is_better: bool | None = None
    model: str | None = Field(default=None, description="The system the number belongs to.")
    qualifiers: list[str] = Field(default_factory=list)
    sentence: str = Field(description="The sentence of the abstract that holds the number.")
    start: int = Field(ge=0, description="Offset of the number's first character in the abstract.")
    end: int = Field(ge=0, description="Offset just past the number's last character in the abstract.")
    rule: str = Field(min_length=1, description="Id of the rule that produced the record.")

    @model_validator(mode="after")
    def _span_is_ordered(self) -> "Claim":
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self


class ExtractionIssue(StrictModel):
    """A problem met while extracting, recorded instead of raised."""

    paper_id: str | None = None
    code: str
    message: str


class BadRecord(StrictModel):
    """An input record that could not be read; the rest of its file still is."""

    source: str
    line: int | None = None
    error: str
