"""The plan at a glance, as plain data: what `cchc show` prints and `cchc show --json` emits."""

from __future__ import annotations

from typing import Any

from .model import Plan


def plan_overview(plan: Plan) -> dict[str, Any]:
    """Year, units with their tasks, forms and contents of the plan, ready for JSON."""
    return {
        "year": plan.header.year,
        "title": plan.header.title,
        "issuing_body": plan.header.issuing_body,
        "reporting_rule": plan.reporting.rule,
        "units": [
            {
                "id": unit.id,
                "name": unit.name,
                "short_name": unit.short_name,
                "tasks": [
                    {
                        "id": task.id,
                        "title": task.label,
                        "text": task.text,
                        "lead": task.lead or unit.id,
                        "coordinating": list(task.coordinating),
                        "forms": list(task.forms),
                        "contents": list(task.contents),
                        "targets": [target.model_dump() for target in task.targets],
                    }
                    for task in unit.tasks
                ],
            }
            for unit in plan.units
        ],
        "forms": [{"id": form.id, "name": form.name, "text": form.text} for form in plan.forms],
        "contents": [
            {"id": content.id, "name": content.name, "text": content.text}
            for content in plan.contents
        ],
        "activities": len(plan.activities),
        "progress_records": len(plan.progress),
        # The records a clerk may correct by id (`cchc edit`, `cchc remove`); activities are
        # listed by `cchc list --json`.
        "progress": [record.model_dump(mode="json", exclude_none=True) for record in plan.progress],
        "notes": [note.model_dump(mode="json", exclude_none=True) for note in plan.notes],
    }
