"""`cchc schema` is a real JSON Schema: it accepts the shipped plan and rejects a broken one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from cchc_plan.reading.roundtrip import parse
from conftest import PLAN_2020, TESTS, run_cchc


def schema() -> dict[str, Any]:
    result = run_cchc("schema")
    assert result.code == 0
    return json.loads(result.stdout)


def as_json_data(path: Path) -> Any:
    """The YAML file as plain JSON data, the way an editor's YAML language server sees it."""
    data, errors = parse(path.read_text(encoding="utf-8"), str(path))
    assert errors == []
    return json.loads(json.dumps(data))


def validator() -> jsonschema.Draft202012Validator:
    plan_schema = schema()
    jsonschema.Draft202012Validator.check_schema(plan_schema)
    return jsonschema.Draft202012Validator(
        plan_schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_schema_validates_the_shipped_plan() -> None:
    errors = list(validator().iter_errors(as_json_data(PLAN_2020)))

    assert errors == []


def test_the_schema_rejects_a_bad_date_an_unknown_key_a_bad_year_and_a_bad_status() -> None:
    data = as_json_data(TESTS / "broken" / "several-faults.yaml")
    data["schema_version"] = 2  # a file of version 1: the schema describes version 2
    errors = list(validator().iter_errors(data))

    paths = sorted("/".join(str(part) for part in error.absolute_path) for error in errors)
    assert paths == ["activities/0/date", "header", "header/year", "progress/0/status"]
