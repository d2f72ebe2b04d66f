"""JSON Schema files for the record models, generated from the pydantic models.

`python -m extractor.schemas` rewrites schemas/*.schema.json; a test fails when they drift.
"""

from __future__ import annotations

import json
from pathlib import Path

from extractor.models import Project, Target
from extractor.resources import data_dir

SCHEMA_DIR = data_dir("schemas")
MODELS: dict[str, type[Target] | type[Project]] = {"target": Target, "project": Project}


def schema_text(name: str) -> str:
    """The schema file content for one record kind, stable across runs."""
    schema = MODELS[name].model_json_schema(mode="serialization")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    paths = []
    for name in MODELS:
        path = directory / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_schemas():
        print(written)
