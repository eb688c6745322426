"""plans/2020.yaml holds the signed 2020 plan word for word, each sentence in its own section."""

from __future__ import annotations

import unicodedata

from cchc_plan.plan.model import Plan
from cchc_plan.reading.loader import load_plan
from conftest import PLAN_2020, ROOT

SEED = ROOT / "plans" / "sources" / "ke-hoach-2020-so-vhttdl-quang-ngai.txt"

# Headings of the seed, in order, and the section of the plan file each list belongs to.
HEADINGS = {
    "1. Mục đích:": "purposes",
    "2. Yêu cầu:": "requirements",
    "1. Nội dung tuyên truyền": "contents",
    "2. Hình thức tuyên truyền:": "forms",
    "1. Kinh phí:": "funding",
    "a) Văn phòng Sở": "van-phong-so",
    "b) Phòng Quản lý Văn hóa": "phong-qlvh",
    "c) Trung tâm Văn hóa - Nghệ thuật tỉnh:": "trung-tam-vhnt",
    "d) Tạp chí Cẩm Thành:": "tap-chi-cam-thanh",
    "Nơi nhận:": "recipients",
}
ENDS = ("Trên đây là", "III. ", "II. ", "2. Tổ chức thực hiện:", "Nguyễn Minh Trí")


def seed_lists(text: str) -> dict[str, list[str]]:
    """Each heading's list items; a unit section without dashes is one item (d) Tạp chí)."""
    lists: dict[str, list[str]] = {}
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if line in HEADINGS:
            section = HEADINGS[line]
            lists[section] = []
        elif not line:
            continue
        elif line.startswith(ENDS):
            section = None
        elif section is not None:
            lists[section].append(line.removeprefix("- "))
    return lists


def plan_lists(plan: Plan) -> dict[str, list[str]]:
    lists = {
        "purposes": list(plan.purposes),
        "requirements": list(plan.requirements),
        "contents": [content.text for content in plan.contents],
        "forms": [form.text for form in plan.forms],
        "funding": list(plan.funding),
        "recipients": list(plan.recipients),
    }
    for unit in plan.units:
        lists[unit.id] = [task.text for task in unit.tasks]
    return lists


def load_2020() -> Plan:
    loaded = load_plan(PLAN_2020)
    assert loaded.errors == []
    assert loaded.plan is not None
    return loaded.plan


def test_the_shipped_plan_is_valid() -> None:
    plan = load_2020()
    assert plan.header.year == 2020
    assert [len(unit.tasks) for unit in plan.units] == [4, 2, 2, 1]


def test_every_list_item_of_the_seed_is_in_its_section_word_for_word() -> None:
    seed = seed_lists(unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8")))
    plan = plan_lists(load_2020())

    assert list(seed) == list(HEADINGS.values())
    for section, items in seed.items():
        if section == "recipients":
            # the plan stores each recipient without the closing «;» or «.», which reports add
            items = [item.rstrip(";.") for item in items]
        assert plan[section] == items, section
    counts = [len(items) for items in seed.values()]
    assert counts == [2, 4, 6, 7, 2, 4, 2, 2, 1, 6]  # as domain.md §1 describes the seed


def test_the_seed_paragraphs_are_kept_word_for_word() -> None:
    seed = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8"))
    plan = load_2020()
    paragraphs = [line.strip() for line in seed.splitlines() if line.strip()]

    assert plan.preamble in paragraphs
    assert plan.audiences.text in paragraphs
    assert plan.closing in paragraphs
    assert plan.header.title in paragraphs
    assert plan.signer.name == paragraphs[-1]
    assert plan.legal_basis[0] in plan.preamble


def test_the_plan_file_is_nfc_and_names_the_seed_section_of_each_block() -> None:
    text = PLAN_2020.read_text(encoding="utf-8")

    assert unicodedata.normalize("NFC", text) == text
    assert text.startswith("# yaml-language-server: $schema=../schema/plan.schema.json\n")
    for comment in (
        "# I.1 Mục đích",
        "# I.2 Yêu cầu",
        "# II. Đối tượng tuyên truyền",
        "# III.1 Nội dung tuyên truyền",
        "# III.2 Hình thức tuyên truyền",
        "# III.1 Kinh phí",
        "# III.2 Tổ chức thực hiện",
        "# a) Văn phòng Sở",
        "# d) Tạp chí Cẩm Thành",
    ):
        assert f"\n{comment}" in text or f"  {comment}" in text, comment


def test_every_seed_word_survives_into_the_plan() -> None:
    """A last net: no sentence of the seed longer than a heading is missing from the plan."""
    seed = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8"))
    plan = load_2020()
    stored = "\n".join(
        [plan.preamble, plan.audiences.text, plan.closing or "", plan.header.title]
        + [text for items in plan_lists(plan).values() for text in items]
    )
    for raw in seed.splitlines():
        line = raw.strip().removeprefix("- ").rstrip(";")
        if len(line) > 40:
            assert line in stored, line

