"""The JSON Schema of a plan file, for editors that validate YAML as the clerk types."""

from __future__ import annotations

import json
from typing import Any

from .model import Plan


def plan_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of schema version 1 of the plan file."""
    schema = Plan.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def plan_json_schema_text() -> str:
    """The schema as the text written to schema/plan.schema.json (stable, diff-friendly)."""
    return json.dumps(plan_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
