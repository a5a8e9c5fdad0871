"""Regenerate the committed JSON Schema files: ``python -m schemas``."""

import json
from pathlib import Path

from schemas import EXPORTED


def render(model) -> str:
    return json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"


def main() -> None:
    here = Path(__file__).parent
    for name, model in EXPORTED.items():
        (here / f"{name}.schema.json").write_text(render(model), encoding="utf-8")
        print(f"wrote schemas/{name}.schema.json")


if __name__ == "__main__":
    main()
