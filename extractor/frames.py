"""Store results as DataFrames: the Arrow type of each DuckDB column type, the pandas dtype of each.

A query result reaches pandas through Arrow (see :meth:`extractor.store.Store.query`): integers
and booleans become pandas' nullable dtypes and lists stay Arrow lists. :func:`frame` gives rows
fetched as plain Python values (:meth:`extractor.store.Store.records`) exactly those dtypes, so a
result can be worked on without pandas and turned into a DataFrame only when one is wanted;
:func:`frame_records` goes back.

pandas and pyarrow are imported inside the functions: importing this module costs nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

# DuckDB names a list's item field "l" when it hands a result to Arrow.
RESULT_LIST_ITEM = "l"


def arrow_type(kind: str, list_item: str = "item") -> pa.DataType:
    """The Arrow type of a DuckDB column type (``VARCHAR``, ``BIGINT``, ``VARCHAR[]``...).

    A list's item field is named ``list_item``.
    """
    import pyarrow as pa

    if kind.endswith("[]"):
        return pa.list_(pa.field(list_item, arrow_type(kind[:-2], list_item)))
    return {
        "VARCHAR": pa.string(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
    }[kind]


@functools.cache
def _nullable_types() -> dict[pa.DataType, Any]:
    import pandas as pd
    import pyarrow as pa

    return {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def pandas_type(arrow: pa.DataType) -> Any:
    """The pandas dtype a result column of Arrow type ``arrow`` gets (a ``types_mapper``)."""
    import pandas as pd
    import pyarrow as pa

    if pa.types.is_list(arrow) or pa.types.is_large_list(arrow):
        return pd.ArrowDtype(arrow)
    return _nullable_types().get(arrow)


def frame(records: Sequence[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """``records`` as the DataFrame that :meth:`~extractor.store.Store.query` makes of the same rows.

    ``columns`` maps each column to its DuckDB result type, in column order; every record has
    those keys.
    """
    import pyarrow as pa

    arrays = [
        pa.array([r[name] for r in records], type=arrow_type(kind, RESULT_LIST_ITEM)) for name, kind in columns.items()
    ]
    return pa.table(arrays, names=list(columns)).to_pandas(types_mapper=pandas_type)


def frame_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``df`` as dicts of plain Python values, None where a value is missing."""
    import pyarrow as pa

    return pa.Table.from_pandas(df, preserve_index=False).to_pylist()
