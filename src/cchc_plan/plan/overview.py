"""The plan at a glance, as plain data: what `cchc show` prints and `cchc show --json` emits."""

from __future__ import annotations

from typing import Any

from .bodies import issuer_lines, plan_citation
from .deadlines import deadline_of
from .model import Plan, Task, Unit


def plan_overview(plan: Plan) -> dict[str, Any]:
    """Year, units with their tasks, forms and contents of the plan, ready for JSON."""
    header = plan.header
    return {
        "year": header.year,
        "title": header.title,
        "issuing_body": header.issuing_body,
        "header": {
            "parent_body": header.parent_body,
            "issuing_body": header.issuing_body,
            "issuer_lines": [line.text for line in issuer_lines(header)],
            "citation": plan_citation(header),
            "decision": header.decision.model_dump(mode="json") if header.decision else None,
        },
        "reporting_rule": plan.reporting.rule,
        "units": [
            {
                "id": unit.id,
                "name": unit.name,
                "short_name": unit.short_name,
                "members": [{"id": member.id, "name": member.name} for member in unit.members],
                "tasks": [_task(plan, unit, task) for task in unit.tasks],
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


def _task(plan: Plan, unit: Unit, task: Task) -> dict[str, Any]:
    deadline = deadline_of(task, plan.header.year)
    return {
        "id": task.id,
        "title": task.label,
        "text": task.text,
        "lead": list(task.lead) or [unit.id],
        "coordinating": list(task.coordinating),
        "forms": list(task.forms),
        "contents": list(task.contents),
        "deadline": deadline.as_json() if deadline else None,
        "targets": [{"text": target.label, "kind": target.kind, "value": target.value,
                     "measure": target.measure} for target in task.targets],
        "subtasks": [_task(plan, unit, sub) for sub in task.subtasks],
    }

