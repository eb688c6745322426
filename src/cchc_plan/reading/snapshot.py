"""A plan kept small while another version of it is read: its records as JSON, the rest as it is.

A plan of 50.000 activities takes about 150 MB as models and 15 MB as JSON. A write must prove
the new file is the old plan plus exactly one record, and `cchc diff` compares two versions;
with a snapshot of the first version, its models are freed before the second is read, so the
two never take memory at once. Records are compared by their JSON, which holds every field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..plan.model import RECORD_LISTS, Activity, Note, Plan, ProgressRecord

_MODELS: dict[str, type[Activity | ProgressRecord | Note]] = {
    "activities": Activity, "progress": ProgressRecord, "notes": Note,
}
_WITHOUT_RECORDS: dict[str, Any] = {key: [] for key in RECORD_LISTS}


@dataclass(frozen=True)
class Snapshot:
    """What a plan was: everything but its records, and each record list as JSON, in order."""

    rest: Plan
    records: dict[str, list[bytes]]

    @classmethod
    def of(cls, plan: Plan) -> Snapshot:
        return cls(plan.model_copy(update=_WITHOUT_RECORDS),
                   {key: _as_json(plan, key) for key in RECORD_LISTS})

    def added(self, after: Plan, key: str) -> Any:
        """The one record of list `key` that `after` has more than this plan, everything else
        being equal (the other records in the same order), else None."""
        if after.model_copy(update=_WITHOUT_RECORDS) != self.rest:
            return None
        if any(_as_json(after, other) != self.records[other] for other in RECORD_LISTS if other != key):
            return None
        position = _inserted_at(_as_json(after, key), self.records[key])
        return None if position is None else getattr(after, key)[position]

    def narrowed(self, after: Plan) -> tuple[Plan, Plan]:
        """This plan and `after`, both without the activities equal in the two (by id and every
        field): what remains to compare is what changed, and only that is built again."""
        serializer = Activity.__pydantic_serializer__
        later = {activity.id: activity for activity in after.activities}
        equal: set[str] = set()
        differing: list[bytes] = []
        for json in self.records["activities"]:
            match = later.get(_activity_id(json))
            if match is not None and serializer.to_json(match) == json:
                equal.add(match.id)
            else:
                differing.append(json)
        before = self.rest.model_copy(update={
            "activities": [Activity.model_validate_json(json) for json in differing],
            "progress": self.restored("progress"),
            "notes": self.restored("notes"),
        })
        return before, after.model_copy(update={
            "activities": [activity for activity in after.activities if activity.id not in equal],
        })

    def restored(self, key: str) -> list[Any]:
        """The records of list `key` as models again."""
        model = _MODELS[key]
        return [model.model_validate_json(json) for json in self.records[key]]


def _as_json(plan: Plan, key: str) -> list[bytes]:
    serializer = _MODELS[key].__pydantic_serializer__
    return [serializer.to_json(record) for record in getattr(plan, key)]


def _activity_id(json: bytes) -> str:
    """The id of an activity's JSON: its first field, `{"id":"HD-2020-0001-k3fz",...`."""
    assert json.startswith(b'{"id":"')
    return json[7 : json.index(b'"', 7)].decode("utf-8")


def _inserted_at(after: list[bytes], before: list[bytes]) -> int | None:
    """Where `after` has the one item more than `before` (equal otherwise, in order), else None."""
    if len(after) != len(before) + 1:
        return None
    position = next((n for n, (a, b) in enumerate(zip(after, before, strict=False)) if a != b),
                    len(before))
    return position if after[position + 1 :] == before[position:] else None
