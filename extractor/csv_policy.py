"""The one rule for the cells of every CSV lbx writes: ``lbx extract`` and ``lbx parse`` with a .csv
output (:mod:`extractor.outputs`), ``lbx export`` and the read commands' ``--format csv``
(:mod:`extractor.exports`), and the dashboard's downloads (which go through ``exports`` too).

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as
a formula (CSV injection), so such a text cell gets a leading apostrophe and is shown as text. A
text cell that is a plain number ("+13.7", "-2.5%") is left alone: a spreadsheet reads it as that
number, which is what it says. Anything that is not text (floats, ints, None) is never touched, so
numeric columns stay numeric and missing cells stay empty.

Kept free of heavy imports: the streaming writer of ``lbx extract`` uses it per row.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ASCII only: a spreadsheet's number is ASCII digits, and a Unicode digit after '-' is not one.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?\s*%?", re.ASCII)


def neutralise(cell: object) -> object:
    """One CSV cell made safe: a formula-like text gets a leading apostrophe; anything else as is."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell
