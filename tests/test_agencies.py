"""Plans of every kind of body: a ministry's plan issued by a Quyết định, a province's UBND plan,
a department's plan; schema version 2 and its keys, `cchc migrate`, `cchc new`, and faults of
the new keys, each located and refused with nothing written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_cchc

EXAMPLES = ROOT / "plans" / "examples"
MINISTRY = EXAMPLES / "bo-noi-vu-2021.yaml"
PROVINCE = EXAMPLES / "ubnd-tinh-ninh-thuan-2021.yaml"
DEPARTMENT = EXAMPLES / "so-xay-dung-thua-thien-hue-2021.yaml"


def copied(plan: Path, folder: Path) -> Path:
    (folder / "plans").mkdir(exist_ok=True)
    target = folder / "plans" / plan.name
    shutil.copy(plan, target)
    return target


def report(plan: Path, *period: str) -> Any:
    done = run_cchc("report", "--plan", str(plan), *period, "--format", "json",
                    "--date", "05/07/2021")
    assert done.code == 0, done.stderr
    return done.json()


def markdown(plan: Path, folder: Path, *period: str) -> str:
    output = folder / "bao-cao.md"
    done = run_cchc("report", "--plan", str(plan), *period, "--date", "05/07/2021", "-o", str(output),
                    "--force")
    assert done.code == 0, done.stderr
    return output.read_text(encoding="utf-8")


@pytest.mark.parametrize("plan", [MINISTRY, PROVINCE, DEPARTMENT], ids=lambda path: path.stem)
def test_every_example_plan_passes_check(plan: Path) -> None:
    done = run_cchc("check", "--plan", str(plan), "--json")

    assert done.code == 0, done.stdout
    assert done.json()["errors"] == []
    assert "# Nguồn: https://" in plan.read_text(encoding="utf-8")


def test_each_body_heads_its_report_as_decree_30_writes_it() -> None:
    assert report(MINISTRY, "--quarter", "2")["document"]["issuer"] == [
        {"text": "BỘ NỘI VỤ", "bold": True}]
    assert report(PROVINCE, "--quarter", "2")["document"]["issuer"] == [
        {"text": "ỦY BAN NHÂN DÂN", "bold": True}, {"text": "TỈNH NINH THUẬN", "bold": True}]
    assert report(DEPARTMENT, "--quarter", "2")["document"]["issuer"] == [
        {"text": "UBND TỈNH THỪA THIÊN HUẾ", "bold": False}, {"text": "SỞ XÂY DỰNG", "bold": True}]


def test_show_json_gives_the_header_lines_members_deadlines_targets_and_subtasks() -> None:
    done = run_cchc("show", "--plan", str(PROVINCE), "--json")
    overview = done.json()

    assert overview["header"]["issuer_lines"] == ["ỦY BAN NHÂN DÂN", "TỈNH NINH THUẬN"]
    units = {unit["id"]: unit for unit in overview["units"]}
    assert units["so-noi-vu"]["members"] == []
    assert units["ubnd-huyen"]["members"][1] == {"id": "bac-ai", "name": "UBND huyện Bác Ái"}
    task = units["so-noi-vu"]["tasks"][1]
    assert task["deadline"] == {"date": "2021-06-30", "text": "trước ngày 30/6/2021"}
    assert task["targets"] == [{"text": "2 lớp", "kind": "count", "value": 2, "measure": "lớp"}]
    assert units["so-noi-vu"]["tasks"][0]["deadline"] == {"date": None, "text": "Thường xuyên"}
    assert units["so-ban-nganh"]["tasks"][0]["targets"] == [
        {"text": "100% thủ tục hành chính được công khai đúng quy định", "kind": "percent",
         "value": 100, "measure": None}]
    assert units["ubnd-huyen"]["tasks"][0]["lead"] == ["ubnd-huyen"]
    ministry = run_cchc("show", "--plan", str(MINISTRY), "--json").json()
    second = ministry["units"][0]["tasks"][1]
    assert second["lead"] == ["vu-cchc", "trung-tam-thong-tin"]
    assert [sub["id"] for sub in second["subtasks"]] == ["cchc-2a", "cchc-2b"]
    assert ministry["units"][0]["tasks"][0]["coordinating"] == [
        "van-phong-bo", "các cơ quan, đơn vị có liên quan"]


def test_the_report_cites_the_plan_number_and_date_first() -> None:
    assert report(PROVINCE, "--quarter", "2")["plan"]["citation"] == (
        "Kế hoạch số 1132/KH-UBND ngày 10/03/2021 của Ủy ban nhân dân tỉnh Ninh Thuận về tuyên "
        "truyền cải cách hành chính tỉnh Ninh Thuận năm 2021")
    assert report(MINISTRY, "--quarter", "2")["plan"]["citation"] == (
        "Quyết định số 424/QĐ-BNV ngày 24/03/2021 của Bộ trưởng Bộ Nội vụ về việc ban hành Kế "
        "hoạch thông tin, tuyên truyền cải cách hành chính năm 2021")


def test_targets_members_deadlines_and_estimates_in_the_report_json() -> None:
    data = report(PROVINCE, "--quarter", "2")
    units = {unit["id"]: unit for unit in data["units"]}

    districts = units["ubnd-huyen"]
    assert [(member["id"], member["totals"]["activities"],
             member["totals"]["quantities"]) for member in districts["members"]][:3] == [
        ("phan-rang-thap-cham", 0, []), ("bac-ai", 1, [{"measure": "giờ", "quantity": 2}]),
        ("ninh-hai", 1, [{"measure": "giờ", "quantity": 1.5}])]
    hours = districts["tasks"][1]["targets"][0]
    assert (hours["kind"], hours["value"], hours["achieved"], hours["share"]) == ("count", 100, 3.5, 3.5)
    assert districts["tasks"][0]["deadline"] == {"date": "2021-03-31", "text": "Quý I"}
    assert districts["tasks"][0]["overdue"] is True
    percent = units["so-ban-nganh"]["tasks"][0]["targets"][0]
    assert (percent["kind"], percent["value"], percent["achieved"], percent["share"],
            percent["estimated"]) == ("percent", 100, 95, 95.0, True)
    assert data["period"]["estimated"] is True
    assert [task["task"] for task in data["overdue"]] == ["huyen-1"]
    # after the cut-off of quarter I (14/03) come «Quý I» (31/03) and «trước ngày 30/6/2021»
    assert [task["task"] for task in report(PROVINCE, "--quarter", "1")["due_next"]] == [
        "snv-2", "huyen-1"]


def test_sub_tasks_count_once_and_a_task_stands_where_its_sub_tasks_do() -> None:
    data = report(MINISTRY, "--quarter", "2")
    first = data["units"][0]
    task = first["tasks"][1]

    assert [(sub["number"], sub["status"]) for sub in task["subtasks"]] == [
        ("2.1", "done"), ("2.2", "in_progress")]
    assert (task["status"], task["percent"]) == ("in_progress", 80)
    assert first["completion"] == {"done": 0, "total": 2, "percent": 0.0}
    assert data["completion"]["total"] == 4


def test_the_markdown_report_shows_the_hierarchy_members_and_what_is_overdue(tmp_path: Path) -> None:
    text = markdown(PROVINCE, tmp_path, "--quarter", "2")

    assert text.startswith("| **ỦY BAN NHÂN DÂN** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |\n"
                           "|:---:|:---:|\n| **TỈNH NINH THUẬN** | **Độc lập - Tự do - Hạnh phúc** |\n")
    assert "| UBND huyện Ninh Hải | 1 | 1,5 giờ | 0 | 0 |" in text
    assert ("| 1 | Xây dựng kế hoạch tuyên truyền của địa phương (thời hạn: Quý I) | "
            "Chưa triển khai, quá hạn | Chưa có hoạt động |") in text
    assert "chỉ tiêu 100 giờ: đạt 3,5 giờ (3,5% chỉ tiêu)" in text
    assert ("- Ủy ban nhân dân các huyện, thành phố: Xây dựng kế hoạch tuyên truyền của địa "
            "phương (thời hạn: Quý I)\\.") in text  # pandoc reads «\\.» as «.»
    ministry = markdown(MINISTRY, tmp_path, "--quarter", "2")
    assert "| 2.1 | Họp báo công bố | Hoàn thành |" in ministry
    assert ministry.startswith("| **BỘ NỘI VỤ** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |\n|:---:|:---:|\n"
                               "|  | **Độc lập - Tự do - Hạnh phúc** |\n")


def test_page_one_of_the_word_report_names_the_body(tmp_path: Path) -> None:
    docx = tmp_path / "bao-cao.docx"
    done = run_cchc("report", "--plan", str(PROVINCE), "--quarter", "2", "--format", "docx",
                    "--date", "05/07/2021", "-o", str(docx))
    assert done.code == 0, done.stderr
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-l", "1", "-layout", str(tmp_path / "bao-cao.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    assert lines[0] == "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert lines[1] == "TỈNH NINH THUẬN Độc lập - Tự do - Hạnh phúc"
    assert any(line.startswith("Thực hiện Kế hoạch số 1132/KH-UBND ngày 10/03/2021 của Ủy ban")
               for line in lines)


# ---- recording against the new keys ----

def test_a_member_a_decimal_quantity_and_an_estimate_are_recorded(tmp_path: Path) -> None:
    plan = copied(PROVINCE, tmp_path)
    done = run_cchc("add-activity", "--plan", str(plan), "-t", "huyen-2", "-d", "10/06/2021",
                    "--title", "Chuyên mục CCHC", "--member", "ninh-son", "--quantity", "0,5",
                    "--measure", "giờ", "--estimated", "--json")

    assert done.code == 0, done.stderr
    record = done.json()
    assert (record["unit"], record["member"], record["quantity"], record["estimated"]) == (
        "ubnd-huyen", "ninh-son", 0.5, True)
    assert "    member: ninh-son\n    estimated: true\n" in plan.read_text(encoding="utf-8")


def test_an_achieved_percentage_is_recorded_on_the_task_with_a_percent_target(tmp_path: Path) -> None:
    plan = copied(PROVINCE, tmp_path)
    done = run_cchc("progress", "--plan", str(plan), "-t", "sbn-1", "-q", "3", "-s", "done",
                    "--achieved", "100", "--date", "20/09/2021", "--json")
    assert done.code == 0, done.stderr

    target = report(plan, "--quarter", "3")["units"][1]["tasks"][0]["targets"][0]
    assert (target["achieved"], target["share"], target["estimated"]) == (100, 100.0, False)


@pytest.mark.parametrize(("args", "code", "message"), [
    (["add-activity", "-t", "huyen-2", "-d", "10/06/2021", "--title", "X", "--member", "son-ha"],
     "unknown-member", "--member: đơn vị «ubnd-huyen» không có thành viên nào mang mã «son-ha»"),
    (["add-activity", "-t", "snv-2", "-d", "10/06/2021", "--title", "X", "--member", "bac-ai"],
     "unknown-member", "--member: đơn vị «so-noi-vu» không có thành viên nào mang mã «bac-ai»"),
    (["progress", "-t", "snv-2", "-q", "2", "-s", "done", "--achieved", "90"],
     "no-percent-target", "--achieved: nhiệm vụ «snv-2» không có chỉ tiêu tỷ lệ phần trăm nào"),
], ids=["member-unknown", "member-of-a-unit-with-none", "achieved-without-percent-target"])
def test_a_bad_record_is_refused_in_vietnamese_and_nothing_written(
    tmp_path: Path, args: list[str], code: str, message: str
) -> None:
    plan = copied(PROVINCE, tmp_path)
    before = plan.read_bytes()
    done = run_cchc(*args, "--plan", str(plan), "--json")

    assert done.code == 2, done.stdout + done.stderr
    problem = done.json()["errors"][0]
    assert (problem["code"], problem["message"].splitlines()[0]) == (code, message)
    assert plan.read_bytes() == before


def test_quantity_1_5_is_refused_with_three_decimals(tmp_path: Path) -> None:
    plan = copied(PROVINCE, tmp_path)
    done = run_cchc("add-activity", "--plan", str(plan), "-t", "huyen-2", "-d", "10/06/2021",
                    "--title", "X", "--quantity", "1,555", "--measure", "giờ")
    assert done.code == 2
    assert "1,555" in done.stderr
    assert plan.read_bytes() == PROVINCE.read_bytes()


# ---- faults of the new keys in the plan file ----

def faulty(tmp_path: Path, old: str, new: str) -> Any:
    plan = copied(PROVINCE, tmp_path)
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    done = run_cchc("check", "--plan", str(plan), "--json")
    assert done.code == 1, done.stdout
    return [(error["line"], error["code"], error["message"]) for error in done.json()["errors"]]


def line_of(text: str) -> int:
    return PROVINCE.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_target_of_150_percent_is_refused_at_its_line(tmp_path: Path) -> None:
    old = "          - {percent: 100, text: 100% thủ tục hành chính được công khai đúng quy định}"
    assert faulty(tmp_path, "{percent: 100,", "{percent: 150,") == [
        (line_of(old), "out-of-range", "giá trị 150 phải nhỏ hơn hoặc bằng 100")]


def test_a_deadline_outside_the_year_or_unreadable_is_refused(tmp_path: Path) -> None:
    line = line_of("        deadline: trước ngày 30/6/2021")
    assert faulty(tmp_path, "trước ngày 30/6/2021", "trước ngày 30/6/2022") == [
        (line, "deadline-outside-year", "thời hạn 30/06/2022 nằm ngoài năm 2021 của kế hoạch")]
    assert faulty(tmp_path, "trước ngày 30/6/2021", "sớm nhất có thể")[0][:2] == (
        line, "invalid-deadline")


def test_an_activity_of_a_member_the_unit_does_not_have_is_refused(tmp_path: Path) -> None:
    assert faulty(tmp_path, "    member: ninh-hai\n", "    member: ninh-hoa\n") == [
        (line_of("    member: ninh-hai"), "unknown-member",
         "đơn vị «ubnd-huyen» không có thành viên nào mang mã «ninh-hoa»")]


def test_a_sub_task_that_repeats_its_task_is_refused(tmp_path: Path) -> None:
    """Sub-tasks are written inside their task, so a cycle cannot be written; a sub-task that
    names its own task again is the nearest fault, and it is refused by its id."""
    plan = copied(MINISTRY, tmp_path)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("          - id: cchc-2b\n", "          - id: cchc-2\n", 1),
                    encoding="utf-8")
    done = run_cchc("check", "--plan", str(plan), "--json")

    assert done.code == 1
    assert [(error["code"], error["path"]) for error in done.json()["errors"]] == [
        ("duplicate-id", "units[0].tasks[1].subtasks[1].id"),
        # the records of the sub-task renamed now name a task the plan no longer has
        ("unknown-reference", "activities[1].task"), ("unknown-reference", "progress[1].task")]


# ---- schema version 2: migrate and new ----

def test_migrate_rewrites_a_version_1_plan_with_a_minimal_diff_keeping_comments(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "2020.yaml"
    plan.parent.mkdir()
    old = (ROOT / "tests" / "plans" / "minimal.yaml").read_text(encoding="utf-8")
    assert "schema_version: 1" in old
    old = old.replace("    tasks:\n      - id: vp-1\n",
                      "    tasks:\n      - id: vp-1\n        lead: van-phong-so  # chủ trì\n", 1)
    plan.write_text(old, encoding="utf-8")
    assert run_cchc("check", "--plan", str(plan)).code == 0

    done = run_cchc("migrate", "--plan", str(plan))

    assert done.code == 0, done.stderr
    new = plan.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(old.splitlines(), new.splitlines(), strict=True) if a != b]
    assert changed == [("schema_version: 1", "schema_version: 2"),
                       ("        lead: van-phong-so  # chủ trì", "        lead: [van-phong-so]  # chủ trì")]
    assert run_cchc("check", "--plan", str(plan)).code == 0
    again = run_cchc("migrate", "--plan", str(plan))
    assert again.stdout.endswith("không có gì phải đổi.\n")


def test_new_creates_a_peoples_committee_plan_from_flags(tmp_path: Path) -> None:
    done = run_cchc("new", "--issuing-body", "Ủy ban nhân dân huyện Sơn Hà", "--code", "UBND",
                    "--place", "Sơn Hà", "--year", "2021", "--signer-title", "Phó Chủ tịch",
                    "--authority", "KT. Chủ tịch", "-o", "plans/2021.yaml", cwd=tmp_path)

    assert done.code == 0, done.stderr
    text = (tmp_path / "plans" / "2021.yaml").read_text(encoding="utf-8")
    assert "schema_version: 2\n" in text
    assert "  parent_body:" not in text
    assert "  authority: KT. Chủ tịch\n" in text
    check = run_cchc("check", "--plan", "plans/2021.yaml", "--json", cwd=tmp_path)
    assert {error["code"] for error in check.json()["errors"]} == {"placeholder"}


def test_an_authority_outside_decree_30_is_refused(tmp_path: Path) -> None:
    assert faulty(tmp_path, "  authority: TM. Ủy ban nhân dân", "  authority: Thay mặt UBND") == [
        (line_of("  authority: TM. Ủy ban nhân dân"), "authority-form",
         ("quyền hạn ký «Thay mặt UBND» không đúng thể thức: bắt đầu bằng TM., KT., TL., TUQ. "
          "hoặc Q. rồi đến chức vụ, ví dụ «KT. Giám đốc», «TM. Ủy ban nhân dân»"))]


def test_a_collective_unit_s_intake_names_its_members_and_the_import_reads_them(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = copied(PROVINCE, tmp_path)
    book = tmp_path / "nhap-lieu.xlsx"
    done = run_cchc("intake", "--plan", str(plan), "--unit", "ubnd-huyen", "--quarter", "2",
                    "-o", str(book))
    assert done.code == 0, done.stderr
    workbook = load_workbook(book)
    sheet = workbook["Hoạt động"]
    assert sheet["L1"].value == "Thành viên"
    checks = {str(check.sqref): check.formula1 for check in sheet.data_validations.dataValidation}
    assert checks["L2:L501"] == "='Danh mục'!$F$2:$F$8"
    assert [workbook["Danh mục"].cell(row=row, column=6).value for row in (1, 2, 8)] == [
        "Các thành viên", "UBND thành phố Phan Rang - Tháp Chàm", "UBND huyện Thuận Nam"]
    for cell, value in {"A2": "huyen-2 — Tuyên truyền trên hệ thống truyền thanh cơ sở",
                        "B2": "12/06/2021", "C2": "Chuyên mục CCHC", "F2": 1.5, "G2": "giờ",
                        "L2": "UBND huyện Thuận Nam"}.items():
        sheet[cell] = value
    workbook.save(book)

    imported = run_cchc("import", str(book), "--plan", str(plan))

    assert imported.code == 0, imported.stderr
    assert ("    title: Chuyên mục CCHC\n    quantity: 1.5\n    measure: giờ\n    member: thuan-nam\n"
            in plan.read_text(encoding="utf-8"))


def test_next_year_s_plan_of_a_decision_leaves_the_decision_s_number_and_date_to_fill(
    tmp_path: Path,
) -> None:
    plan = copied(MINISTRY, tmp_path)
    done = run_cchc("init", "--year", "2022", "--from", str(plan), cwd=tmp_path)

    assert done.code == 0, done.stderr
    text = (tmp_path / "plans" / "2022.yaml").read_text(encoding="utf-8")
    assert "  decision:\n    number:\n    issue_date:\n    issuer: Bộ trưởng Bộ Nội vụ\n" in text
    assert "title: Về việc ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2022" in text
