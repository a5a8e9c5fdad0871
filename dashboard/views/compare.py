"""Compare models: their best claimed result on every board any of them appears on, side by side."""

import streamlit as st

from dashboard import data, model_data
from dashboard.compare import compare_matrix

st.title("Compare models")
path = data.require_store()

asked = [m for m in st.query_params.get("models", "").split(",") if m.strip()]
query = st.text_input("Narrow the list of models", key="cmp_query", placeholder="any part of the name, any case").strip()
found, _ = model_data.models(path, query)
listed = found["model"].astype(str).tolist()
by_key = {m.casefold(): m for m in listed}
chosen_default = []
for name in asked:  # names from the address, in the store's spelling where it knows them
    known = by_key.get(name.casefold()) or next(iter(model_data.models(path, name)[0]["model"].astype(str)), None)
    if known and known.casefold() == name.casefold() and known not in chosen_default:
        chosen_default.append(known)
options = list(dict.fromkeys([*chosen_default, *listed]))
chosen = st.multiselect("Models (two or more)", options, default=chosen_default, key=f"cmp_models_{query.casefold()}")
st.query_params["models"] = ",".join(chosen)
if len(chosen) < 2:
    st.info("Pick at least two models to compare them.")
    st.stop()

matrix = compare_matrix(model_data.claims_of_models(path, tuple(chosen)), chosen)
if matrix.empty:
    st.info("None of these models has a ranked result on any benchmark.")
    st.stop()
shared = int((matrix[chosen].notna().sum(axis=1) >= 2).sum())
st.text(f"{len(matrix):,} boards, {shared:,} of them with results from two or more of these models. "
        "Each cell is the model's best claimed value there.")
st.dataframe(matrix, hide_index=True, placeholder="—", key="cmp_table",
             column_config={m: st.column_config.NumberColumn(m, format="%.4g") for m in chosen})
left, right, _ = st.columns([1, 1, 4])
for column, fmt, mime in ((left, "csv", "text/csv"), (right, "json", "application/json")):
    column.download_button(f"Download {fmt.upper()}", data.export_bytes(matrix, fmt), file_name=f"compare.{fmt}",
                           mime=mime, key=f"cmp_{fmt}")
