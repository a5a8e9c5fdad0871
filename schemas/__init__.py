"""Pydantic models for lbx records; see :mod:`schemas.models`."""

from schemas.models import BadRecord, Claim, ExtractionIssue, Kind, Paper, StrictModel

__all__ = ["BadRecord", "Claim", "ExtractionIssue", "Kind", "Paper", "StrictModel"]

# Models whose JSON Schema is generated into this package and kept in sync by a test.
EXPORTED = {"paper": Paper, "claim": Claim}
