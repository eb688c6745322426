"""Spreadsheets as the units' way in and the aggregator's way out: `cchc intake`, `cchc import`,
`cchc report --format xlsx|csv`. Workbooks are made with openpyxl and by LibreOffice Calc, and
the ones cchc writes are read back with calamine and with LibreOffice.

openpyxl and calamine are imported by the tests that use them, not with the module: openpyxl
alone adds 20 MB to the test process, which a child started from it is charged until it execs
(`test_bad_inputs` measures a command's peak memory that way)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from conftest import PLAN_2020, git, run_cchc
from sheet_helpers import calc_convert, calc_sheet_rows, handmade_xlsx, windows_1258

ACTIVITY_HEADINGS = ["Nhiệm vụ", "Ngày thực hiện", "Tên hoạt động", "Hình thức",
                     "Nội dung tuyên truyền", "Số lượng", "Đơn vị tính", "Số người tham dự",
                     "Kinh phí (đồng)", "Địa điểm", "Minh chứng"]
PROGRESS_HEADINGS = ["Quý", "Nhiệm vụ", "Tên nhiệm vụ", "Trạng thái", "Tỷ lệ hoàn thành (%)", "Ghi chú"]
UNITS = {"van-phong-so": ["vp-1", "vp-2", "vp-3", "vp-4"], "phong-qlvh": ["qlvh-1", "qlvh-2"],
         "trung-tam-vhnt": ["ttvhnt-1", "ttvhnt-2"], "tap-chi-cam-thanh": ["tcct-1"]}


def plan_bytes(repo: Path) -> bytes:
    return (repo / "plans" / "2020.yaml").read_bytes()


def intake(repo: Path, unit: str = "van-phong-so", *extra: str) -> Path:
    done = run_cchc("intake", "--unit", unit, "--quarter", "2", *extra, cwd=repo)
    assert done.code == 0, done.stderr
    return repo / f"nhap-lieu-2020-Q2-{unit}.xlsx"


def fill(workbook: Path, target: Path, activities: list[list[Any]],
         progress: dict[int, list[Any]] | None = None) -> Path:
    """The intake workbook with `activities` from row 2 and the progress rows (by row number)
    given values of status, percent, note; saved as `target`."""
    import openpyxl
    book = openpyxl.load_workbook(workbook)
    sheet = book["Hoạt động"]
    for number, values in enumerate(activities, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column).value = value
    for number, values in (progress or {}).items():  # status, percent, note
        for column, value in enumerate(values, start=4):
            book["Tiến độ"].cell(row=number, column=column).value = value
    book.save(target)
    return target


def report_json(repo: Path, *args: str) -> Any:
    done = run_cchc("report", "--quarter", "2", "--format", "json", *args, cwd=repo)
    assert done.code == 0, done.stderr
    return done.json()


# The intake workbook ---------------------------------------------------------------------------

def test_intake_has_the_four_sheets_the_headings_and_the_plan_s_lists(repo: Path) -> None:
    import openpyxl
    path = intake(repo)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Hoạt động", "Tiến độ", "Hướng dẫn", "Danh mục"]
    activities = book["Hoạt động"]
    assert [cell.value for cell in activities[1]] == ACTIVITY_HEADINGS
    assert activities.freeze_panes == "A2"
    assert activities["B2"].number_format == "dd/mm/yyyy"
    assert activities["I2"].number_format == "#,##0"
    checks = {str(check.sqref): (check.type, check.formula1)
              for check in activities.data_validations.dataValidation}
    assert checks["A2:A501"] == ("list", "='Danh mục'!$A$2:$A$6")
    assert checks["D2:D501"] == ("list", "='Danh mục'!$B$2:$B$8")
    assert checks["E2:E501"] == ("list", "='Danh mục'!$C$2:$C$7")
    assert checks["B2:B501"] == ("date", "DATE(2019,12,15)")
    assert checks["F2:F501"] == ("decimal", "0")  # a quantity may be 1,5 (giờ)
    assert activities["F2"].number_format == "General"
    assert checks["H2:H501"] == ("whole", "0")
    lists = book["Danh mục"]
    assert [lists.cell(row=row, column=1).value for row in range(1, 8)] == [
        "Các nhiệm vụ của đơn vị",
        "vp-1 — Hướng dẫn nội dung tuyên truyền; tổng hợp báo cáo quý, năm",
        "vp-2 — Công khai thủ tục hành chính; đăng tin bài trên trang tin của Sở",
        "vp-3 — Tuyên truyền, phổ biến pháp luật về CCHC",
        "vp-4 — Hướng dẫn xây dựng dự toán kinh phí tuyên truyền",
        # a task of another unit that this one helps with (it is among the coordinating units)
        "ttvhnt-1 — Biên tập tin bài cho xe lưu động; thiết kế pano, áp phích",
        None,
    ]
    assert lists["B2"].value == "Tin, bài trên trang tin của Sở"
    progress = book["Tiến độ"]
    assert [[cell.value for cell in row] for row in progress.iter_rows(max_row=3)] == [
        PROGRESS_HEADINGS,
        [2, "vp-1", "Hướng dẫn nội dung tuyên truyền; tổng hợp báo cáo quý, năm", "Chưa triển khai", 0, None],
        [2, "vp-2", "Công khai thủ tục hành chính; đăng tin bài trên trang tin của Sở", "Chưa triển khai", 0, None],
    ]
    guide = {row[0].value: row[1].value for row in book["Hướng dẫn"].iter_rows() if row[0].value}
    assert guide["Mã đơn vị"] == "van-phong-so"
    assert guide["Mã kỳ báo cáo"] == "Q2"
    assert guide["Kỳ báo cáo"] == "quý II năm 2020: từ 15/03/2020 đến 14/06/2020"


def test_intake_opens_in_libreoffice_calc_as_written(repo: Path, tmp_path: Path) -> None:
    path = intake(repo)
    rows = calc_sheet_rows(path, 1, tmp_path / "calc")
    assert rows[0] == ACTIVITY_HEADINGS
    rows = calc_sheet_rows(path, 2, tmp_path / "calc")
    assert rows[1] == ["2", "vp-1", "Hướng dẫn nội dung tuyên truyền; tổng hợp báo cáo quý, năm",
                       "Chưa triển khai", "0", ""]


def test_intake_for_every_unit_writes_one_file_each_and_never_replaces_one(repo: Path) -> None:
    import openpyxl
    done = run_cchc("intake", "--all", "--half", "1", "-o", "gui-don-vi", cwd=repo)
    assert done.code == 0, done.stderr
    assert sorted(path.name for path in (repo / "gui-don-vi").iterdir()) == sorted(
        f"nhap-lieu-2020-H1-{unit}.xlsx" for unit in UNITS)
    before = (repo / "gui-don-vi" / "nhap-lieu-2020-H1-phong-qlvh.xlsx").read_bytes()
    again = run_cchc("intake", "--all", "--half", "1", "-o", "gui-don-vi", cwd=repo)
    assert (again.code, again.stderr.splitlines()[0]) == (
        1, ("Lỗi: Tệp «gui-don-vi/nhap-lieu-2020-H1-van-phong-so.xlsx» đã có; không ghi đè. "
        "Chưa có gì được ghi."))
    assert (repo / "gui-don-vi" / "nhap-lieu-2020-H1-phong-qlvh.xlsx").read_bytes() == before
    forced = run_cchc("intake", "--all", "--half", "1", "-o", "gui-don-vi", "--force", cwd=repo)
    assert forced.code == 0
    assert (repo / "gui-don-vi" / "nhap-lieu-2020-H1-phong-qlvh.xlsx").read_bytes() == before
    book = openpyxl.load_workbook(repo / "gui-don-vi" / "nhap-lieu-2020-H1-trung-tam-vhnt.xlsx")
    assert [row[1].value for row in book["Tiến độ"].iter_rows(min_row=2)] == ["ttvhnt-1", "ttvhnt-2"]
    # qlvh-2's coordinating units may record on it: the drop-down offers every task they may.
    unknown = run_cchc("intake", "--unit", "phong-khong-co", "-q", "2", cwd=repo)
    assert unknown.code == 2
    assert "«phong-khong-co»" in unknown.stderr


# The round trip --------------------------------------------------------------------------------

def unit_rows(unit: str, number: int) -> list[list[Any]]:
    """Two activities of `unit`: one with a date cell and names, one with text and codes."""
    task = UNITS[unit][0]
    return [
        [task, dt.date(2020, 4, 1 + number), f"Tin bài {unit}", "Tin, bài trên trang tin của Sở",
         "Cơ chế một cửa, một cửa liên thông; Chính quyền điện tử", 3 + number, "tin bài", None,
         1_250_000, "Quảng Ngãi", f"https://example.invalid/{unit}"],
        [task, f"{10 + number}/05/2020", f"Hội nghị {unit}", "hoi-nghi", "y-nghia-cchc", 1,
         "hội nghị", 40 + number, "2.000.000", None, None],
    ]


def test_a_round_trip_for_every_unit_gives_the_figures_entered(repo: Path, tmp_path: Path) -> None:
    done = run_cchc("intake", "--all", "--quarter", "2", "-o", str(tmp_path / "out"), cwd=repo)
    assert done.code == 0, done.stderr
    filled = []
    for number, unit in enumerate(UNITS):
        target = tmp_path / f"{unit}.xlsx"
        fill(tmp_path / "out" / f"nhap-lieu-2020-Q2-{unit}.xlsx", target, unit_rows(unit, number),
             {2: ("Đang triển khai", 50 + number, f"ghi chú {unit}")})
        imported = run_cchc("import", str(target), cwd=repo)
        assert imported.code == 0, imported.stderr
        assert imported.stdout.splitlines()[0] == (
            f"Đã nhập 2 hoạt động và 1 bản ghi tiến độ từ {unit}.xlsx.")
        filled.append(target)
    report = report_json(repo)
    totals = {unit["id"]: unit["totals"] for unit in report["units"]}
    for number, unit in enumerate(UNITS):
        assert totals[unit]["activities"] == 2
        assert totals[unit]["participants"] == 40 + number
        assert totals[unit]["cost"] == 3_250_000
        assert totals[unit]["quantities"] == [{"measure": "hội nghị", "quantity": 1},
                                              {"measure": "tin bài", "quantity": 3 + number}]
        task = next(u for u in report["units"] if u["id"] == unit)["tasks"][0]
        assert (task["status"], task["percent"], task["note"]) == (
            "in_progress", 50 + number, f"ghi chú {unit}")
    by_form = {item["id"]: item["activities"] for item in report["by_form"]}
    assert (by_form["trang-tin"], by_form["hoi-nghi"]) == (4, 4)
    activity = next(line for line in report["activities"] if line["title"] == "Tin bài phong-qlvh")
    assert (activity["date"], activity["contents"], activity["location"]) == (
        "2020-04-02", ["mot-cua", "chinh-quyen-dien-tu"], "Quảng Ngãi")
    # Importing the same files again adds nothing, and says so.
    before = plan_bytes(repo)
    for target in filled:
        again = run_cchc("import", str(target), cwd=repo)
        assert again.code == 0, again.stderr
        lines = again.stdout.splitlines()
        assert lines[0] == f"Không có dòng mới để nhập từ {target.name}."
        rows = 2 + len(UNITS[target.stem])  # two activities, and a progress row per task
        assert lines[1] == f"{rows} dòng đã có trong kế hoạch (không có gì mới), không ghi lại."
    assert plan_bytes(repo) == before


def test_the_import_is_one_minimal_diff_in_canonical_order(repo: Path, tmp_path: Path) -> None:
    run_cchc("add-activity", "-t", "vp-2", "-d", "20/05/2020", "--title", "Đã ghi trước",
             cwd=repo)
    git(repo, "commit", "-qam", "một hoạt động")
    path = fill(intake(repo), tmp_path / "vp.xlsx", [
        ["vp-1", "02/06/2020", "Sau", None, None, None, None, None, None, None, None],
        ["vp-1", "02/04/2020", "Trước", None, None, None, None, None, None, None, None],
    ])
    done = run_cchc("import", str(path), "--json", cwd=repo)
    assert done.code == 0, done.stderr
    ids = {item["record"]["title"]: item["record"]["id"] for item in done.json()["added"]}
    body = git(repo, "diff", "--no-color", "-U0").splitlines()
    hunks = [line for line in body if line.startswith(("@@", "+", "-")) and not line.startswith(
        ("+++", "---"))]
    assert [line for line in hunks if not line.startswith("@@")] == [
        f"+  - id: {ids['Trước']}", "+    date: 2020-04-02", "+    unit: van-phong-so",
        "+    task: vp-1", "+    title: Trước",
        f"+  - id: {ids['Sau']}", "+    date: 2020-06-02", "+    unit: van-phong-so",
        "+    task: vp-1", "+    title: Sau",
    ]
    assert len([line for line in hunks if line.startswith("@@")]) == 2  # before and after 20/05
    assert ids["Trước"].startswith("HD-2020-0002-") and ids["Sau"].startswith("HD-2020-0003-")


def test_a_broken_row_leaves_the_plan_byte_identical_and_says_where(repo: Path, tmp_path: Path) -> None:
    path = fill(intake(repo), tmp_path / "loi.xlsx", [
        ["vp-1", "15/04/2020", "Đúng", None, None, None, None, None, None, None, None],
        ["vp-1", "31/04/2020", "Ngày sai", "hinh-thuc-la", None, "ba", None, None, None, None, None],
        ["vp-9", dt.date(2020, 5, 1), None, None, None, None, None, None, None, None, None],
    ])
    before = plan_bytes(repo)
    done = run_cchc("import", str(path), cwd=repo)
    assert done.code == 2
    assert done.stderr.splitlines() == [
        ("Lỗi: loi.xlsx, trang «Hoạt động», dòng 3, cột B «Ngày thực hiện»: ngày «31/04/2020» không "
        "có thật: tháng 4 năm 2020 có 30 ngày"),
        ("loi.xlsx, trang «Hoạt động», dòng 3, cột D «Hình thức»: không có hình thức «hinh-thuc-la» "
        "trong kế hoạch."),
        ("      → Chọn trong danh sách thả xuống, hoặc ghi mã (cong-khai-tthc, hoi-nghi, pano, "
        "phat-thanh-truyen-hinh, trang-tin, van-nghe, …)."),
        ("loi.xlsx, trang «Hoạt động», dòng 3, cột F «Số lượng»: không đọc được số lượng «ba»: viết "
        "3, 1.250 hoặc 1,5 (phần lẻ sau dấu phẩy, tối đa hai chữ số)"),
        "loi.xlsx, trang «Hoạt động», dòng 4, cột A «Nhiệm vụ»: không có nhiệm vụ «vp-9» trong kế hoạch.",
        ("      → Chọn nhiệm vụ trong danh sách thả xuống, hoặc ghi mã nhiệm vụ (qlvh-1, qlvh-2, "
        "tcct-1, ttvhnt-1, ttvhnt-2, vp-1, …; xem «cchc show»)."),
        "loi.xlsx, trang «Hoạt động», dòng 4, cột C «Tên hoạt động»: thiếu tên hoạt động (bắt buộc).",
        "      → Điền ô này, hoặc xóa cả dòng nếu dòng không phải một hoạt động.",
        ("Không có gì được ghi vào tệp kế hoạch: 5 lỗi trong bảng tính. Sửa các ô trên rồi nhập lại "
        "cả tệp."),
    ]
    assert plan_bytes(repo) == before
    as_json = run_cchc("import", str(path), "--json", cwd=repo)
    assert as_json.code == 2
    assert as_json.json()["errors"][0] == {
        "file": "loi.xlsx", "sheet": "Hoạt động", "row": 3, "column": "B",
        "heading": "Ngày thực hiện", "code": "invalid-input",
        "message": "ngày «31/04/2020» không có thật: tháng 4 năm 2020 có 30 ngày", "hint": "",
    }
    assert plan_bytes(repo) == before


def test_a_row_the_plan_refuses_is_located_too(repo: Path, tmp_path: Path) -> None:
    """What only the plan can tell (a date outside the year, a task of another unit) names
    the row as well."""
    path = fill(intake(repo), tmp_path / "nam.xlsx", [
        ["vp-1", "15/04/2021", "Năm sau", None, None, None, None, None, None, None, None],
    ])
    before = plan_bytes(repo)
    done = run_cchc("import", str(path), cwd=repo)
    assert done.code == 2
    assert done.stderr.splitlines()[0] == (
        "Lỗi: nam.xlsx, trang «Hoạt động», dòng 2, cột B «Ngày thực hiện»: ngày 15/04/2021 nằm "
        "ngoài kỳ báo cáo năm 2020 (15/12/2019 – 14/12/2020)")
    assert plan_bytes(repo) == before


def test_a_changed_row_is_reported_and_replaced_only_with_update(repo: Path, tmp_path: Path) -> None:
    rows = [["vp-2", "15/04/2020", "Đăng tin", "trang-tin", None, 3, "tin", None, None, None, None]]
    first = fill(intake(repo), tmp_path / "lan-1.xlsx", rows, {3: ("Đang triển khai", 30, None)})
    assert run_cchc("import", str(first), cwd=repo).code == 0
    git(repo, "commit", "-qam", "lần 1")
    rows[0][5] = 4
    second = fill(first, tmp_path / "lan-2.xlsx", rows, {3: ("Hoàn thành", None, None)})
    done = run_cchc("import", str(second), cwd=repo)
    assert done.code == 0, done.stderr
    record = run_cchc("list", "--json", cwd=repo).json()[0]
    assert done.stdout.splitlines() == [
        "Không có dòng mới để nhập từ lan-2.xlsx.",
        "3 dòng đã có trong kế hoạch (không có gì mới), không ghi lại.",
        "2 dòng đã đổi so với bản đã ghi trong kế hoạch (chưa ghi; thêm --update để thay):",
        f"  lan-2.xlsx, trang «Hoạt động», dòng 2 ({record['id']}): số lượng",
        "  lan-2.xlsx, trang «Tiến độ», dòng 3 (" + done.stdout.split("dòng 3 (")[1].split(")")[0]
        + "): trạng thái, tỷ lệ hoàn thành",
    ]
    assert git(repo, "diff") == ""
    updated = run_cchc("import", str(second), "--update", cwd=repo)
    assert updated.code == 0, updated.stderr
    body = [line for line in git(repo, "diff", "--no-color", "-U0").splitlines()
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert body[:2] == ["-    quantity: 3", "+    quantity: 4"]
    assert [line.split(":")[0] for line in body[2:]] == [
        "+  - id", "+    unit", "+    task", "+    quarter", "+    status", "+    date"]
    assert "+    status: done" in body
    status = run_cchc("status", "--quarter", "2", "--json", cwd=repo).json()
    task = next(item for item in status["tasks"] if item["task"] == "vp-2")
    assert (task["status"], task["percent"]) == ("done", 100)
    assert run_cchc("import", str(second), cwd=repo).stdout.splitlines()[0] == (
        "Không có dòng mới để nhập từ lan-2.xlsx.")


# A unit's own spreadsheet, in any format ---------------------------------------------------------

def own_workbook(path: Path) -> Path:
    """A unit's own sheet: a title row, headings without diacritics in its own order, a row
    number column and a column cchc does not know."""
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KQ quý 2"
    sheet.append(["BÁO CÁO KẾT QUẢ QUÝ II - TRUNG TÂM VĂN HÓA"])
    sheet.append(["STT", "Ten hoat dong", "NGAY THUC HIEN", "Nhiem vu", "So luong", "DVT",
                  "Nguoi phu trach", "Kinh phi (dong)", "Hinh thuc"])
    sheet.append([1, "Biểu diễn tại xã Ba Tơ", dt.date(2020, 5, 3), "ttvhnt-2", 2, "buổi",
                  "Anh Nam", 3_000_000, "Hoạt động văn hóa văn nghệ"])
    sheet.append([2, "Thiết kế pano", "04-06-2020", "ttvhnt-1", 4, "pano", None, None, "pano"])
    sheet.append([3])
    book.save(path)
    return path


EXPECTED_OWN = [
    {"date": "2020-05-03", "unit": "trung-tam-vhnt", "task": "ttvhnt-2",
     "title": "Biểu diễn tại xã Ba Tơ", "form": "van-nghe", "contents": [], "quantity": 2,
     "measure": "buổi", "cost": 3000000},
    {"date": "2020-06-04", "unit": "trung-tam-vhnt", "task": "ttvhnt-1", "title": "Thiết kế pano",
     "form": "pano", "contents": [], "quantity": 4, "measure": "pano"},
]


def dry_run_records(repo: Path, path: Path) -> Any:
    done = run_cchc("import", str(path), "--dry-run", "--json", cwd=repo)
    assert done.code == 0, done.stderr
    result = done.json()
    for item in result["added"]:
        item["record"].pop("id")
    return result


@pytest.mark.parametrize("made_by", ["openpyxl", "xls", "ods", "xlsx"])
def test_a_unit_s_own_workbook_is_read_in_every_format(repo: Path, tmp_path: Path, made_by: str) -> None:
    path = own_workbook(tmp_path / "ttvhnt.xlsx")
    if made_by != "openpyxl":  # saved again by LibreOffice Calc
        path = calc_convert(path, made_by, tmp_path / "calc")
    before = plan_bytes(repo)
    result = dry_run_records(repo, path)
    assert [item["record"] for item in result["added"]] == EXPECTED_OWN
    assert [(item["sheet"], item["row"]) for item in result["added"]] == [("KQ quý 2", 3), ("KQ quý 2", 4)]
    assert result["ignored_columns"] == {"KQ quý 2": ["Nguoi phu trach"]}
    assert result["saved"] is False
    assert plan_bytes(repo) == before


def test_date_cells_in_both_date_systems(repo: Path, tmp_path: Path) -> None:
    """A workbook saved on a Mac in the 1904 date system counts its days from another day:
    15/04/2020 is stored as 42474 there and 43936 in the 1900 system."""
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    days = []
    for name, epoch in (("1900.xlsx", None), ("1904.xlsx", CALENDAR_MAC_1904)):
        book = openpyxl.Workbook()
        if epoch is not None:
            book.epoch = epoch
        book.active.append(["Nhiệm vụ", "Ngày", "Tên hoạt động"])
        book.active.append(["vp-1", dt.date(2020, 4, 15), "Tin"])
        book.save(tmp_path / name)
        import zipfile

        sheet = zipfile.ZipFile(tmp_path / name).read("xl/worksheets/sheet1.xml").decode()
        days.append(sheet.split('<c r="B2"')[1].split("<v>")[1].split("</v>")[0])
        assert dry_run_records(repo, tmp_path / name)["added"][0]["record"]["date"] == "2020-04-15"
    assert days == ["43936", "42474"]


CSV_TEXT = ("Nhiệm vụ;Ngày;Tên hoạt động;Số lượng;Đơn vị tính;Kinh phí\r\n"
            "ttvhnt-2;03/05/2020;Biểu diễn tại xã Ba Tơ;2;buổi;3.000.000\r\n"
            "ttvhnt-1;4.6.2020;Thiết kế pano;4;pano;\r\n")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1258", "comma"])
def test_csv_in_utf8_with_or_without_bom_and_in_windows_1258(
    repo: Path, tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "don-vi.csv"
    if encoding == "cp1258":
        path.write_bytes(windows_1258(CSV_TEXT))
    elif encoding == "comma":
        path.write_bytes(CSV_TEXT.replace(";", ",").replace("3.000.000", '"3.000.000"').encode())
    else:
        path.write_bytes(CSV_TEXT.encode(encoding))
    result = dry_run_records(repo, path)
    assert [item["record"] for item in result["added"]] == [
        {key: value for key, value in expected.items() if key != "form"}  # no form column
        for expected in EXPECTED_OWN
    ]


# Hostile and broken files --------------------------------------------------------------------

def refused(repo: Path, path: Path) -> tuple[str, str]:
    before = plan_bytes(repo)
    done = run_cchc("import", str(path), "--json", cwd=repo)
    assert done.code == 2, done.stdout + done.stderr
    assert plan_bytes(repo) == before
    error = done.json()["errors"][0]
    return error["code"], error["message"]


def test_a_file_that_is_not_a_spreadsheet(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "thu.xlsx").write_text("không phải bảng tính", encoding="utf-8")
    assert refused(repo, tmp_path / "thu.xlsx") == (
        "not-a-spreadsheet", "«thu.xlsx» không đọc được như một bảng tính.")
    (tmp_path / "thu.docx").write_bytes(b"PK")
    assert refused(repo, tmp_path / "thu.docx") == (
        "not-a-spreadsheet", "«thu.docx» không phải bảng tính (.xlsx, .xls, .ods hoặc .csv).")
    (tmp_path / "zip.xlsx").write_bytes(zip_of({"a.txt": b"x"}))
    assert refused(repo, tmp_path / "zip.xlsx")[0] == "not-a-spreadsheet"


def zip_of(entries: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(repo: Path, tmp_path: Path) -> None:
    path = handmade_xlsx(tmp_path / "bom.xlsx", rows=2, padding=300 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    code, message = refused(repo, path)
    assert code == "spreadsheet-too-large"
    assert message == ("«bom.xlsx» khi giải nén sẽ lớn 300 MB (tệp nén bất thường, có thể là "
                       "«bom nén»).")


def test_a_million_rows_and_a_cell_at_the_far_corner_are_refused(repo: Path, tmp_path: Path) -> None:
    million = handmade_xlsx(tmp_path / "trieu.xlsx", rows=1_000_000)
    assert refused(repo, million) == (
        "spreadsheet-too-large", ("trang «Hoạt động» của «trieu.xlsx» quá lớn: mỗi trang nhận tối "
        "đa 50.000 dòng và 200 cột."))
    rows = handmade_xlsx(tmp_path / "dong.xlsx", rows=60_000)
    assert refused(repo, rows) == (
        "spreadsheet-too-large", ("trang «Hoạt động» của «dong.xlsx» quá lớn (60001 dòng, 3 cột): "
        "mỗi trang nhận tối đa 50.000 dòng và 200 cột."))
    corner = handmade_xlsx(tmp_path / "goc.xlsx", rows=1, far_cell=True)
    assert refused(repo, corner) == (
        "spreadsheet-too-large", ("trang «Hoạt động» của «goc.xlsx» quá lớn (1048576 dòng, 16384 "
        "cột): mỗi trang nhận tối đa 50.000 dòng và 200 cột."))
    small = handmade_xlsx(tmp_path / "nho.xlsx", rows=3)
    assert [item["record"]["title"] for item in dry_run_records(repo, small)["added"]] == [
        "Tin 2", "Tin 3", "Tin 4"]


def test_formulas_are_read_by_their_saved_values_never_run(repo: Path, tmp_path: Path) -> None:
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nhiệm vụ", "Ngày", "Tên hoạt động", "Số lượng", "Đơn vị tính"])
    sheet.append(["vp-1", "15/04/2020", "Tin", "=2+3", "tin"])
    made = tmp_path / "cong-thuc.xlsx"
    book.save(made)  # openpyxl saves no value for a formula
    code, message = refused(repo, made)
    assert (code, message) == ("formula-uncomputed", ("ô có công thức nhưng chưa có giá trị (tệp do "
                               "chương trình không tính công thức tạo ra)."))
    saved_by_calc = calc_convert(made, "xlsx", tmp_path / "calc")  # LibreOffice saves the value
    assert openpyxl.load_workbook(saved_by_calc)["Sheet"]["D2"].value == "=2+3"
    assert dry_run_records(repo, saved_by_calc)["added"][0]["record"]["quantity"] == 5


def test_merged_hidden_and_password_protected_workbooks_are_refused(repo: Path, tmp_path: Path) -> None:
    import openpyxl
    rows = [["vp-1", "15/04/2020", "Tin", None, None, None, None, None, None, None, None],
            ["vp-1", "16/04/2020", "Tin 2", None, None, None, None, None, None, None, None]]
    base = fill(intake(repo), tmp_path / "goc.xlsx", rows)
    book = openpyxl.load_workbook(base)
    book["Hoạt động"].merge_cells("A2:A3")
    book.save(tmp_path / "gop.xlsx")
    assert refused(repo, tmp_path / "gop.xlsx") == (
        "merged-cells", "các ô A2:A3 được gộp, nên không biết giá trị thuộc dòng nào.")
    book = openpyxl.load_workbook(base)
    book["Hoạt động"].sheet_state = "hidden"
    book.active = 1
    book.save(tmp_path / "an.xlsx")
    assert refused(repo, tmp_path / "an.xlsx") == (
        "hidden-sheet", "trang này đang bị ẩn nhưng có dữ liệu cần nhập.")
    from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]

    with base.open("rb") as plain, (tmp_path / "khoa.xlsx").open("wb") as locked:
        OOXMLFile(plain).encrypt("mat-khau", locked)
    assert refused(repo, tmp_path / "khoa.xlsx") == (
        "spreadsheet-password", "«khoa.xlsx» được đặt mật khẩu nên không đọc được.")


def test_text_that_would_run_as_a_formula_stays_text_everywhere(repo: Path, tmp_path: Path) -> None:
    import openpyxl
    done = run_cchc("add-activity", "-t", "vp-2", "-d", "15/04/2020", "--title", "=HYPERLINK(\"x\")",
                    "--location", "+84 Quảng Ngãi", "--evidence", "@SUM(1)", "-n", "1",
                    "--measure", "-tin", cwd=repo)
    assert done.code == 0, done.stderr
    lists = openpyxl.load_workbook(intake(repo))["Danh mục"]  # the measures already used
    assert (lists["D2"].value, lists["D2"].data_type, lists["D2"].quotePrefix) == ("-tin", "s", True)
    report = run_cchc("report", "-q", "2", "-f", "xlsx", "-o", "bc.xlsx", cwd=repo)
    assert report.code == 0, report.stderr
    sheet = openpyxl.load_workbook(repo / "bc.xlsx")["Hoạt động"]
    assert [(cell.value, cell.data_type) for cell in (sheet["D2"], sheet["K2"], sheet["L2"])] == [
        ("=HYPERLINK(\"x\")", "s"), ("+84 Quảng Ngãi", "s"), ("@SUM(1)", "s")]
    shown = calc_sheet_rows(repo / "bc.xlsx", 6, tmp_path / "calc")
    assert (shown[1][3], shown[1][10], shown[1][11]) == ("=HYPERLINK(\"x\")", "+84 Quảng Ngãi", "@SUM(1)")
    as_csv = run_cchc("report", "-q", "2", "-f", "csv", cwd=repo)
    row = next(iter(__import__("csv").reader(io.StringIO(as_csv.stdout.splitlines()[1]))))
    assert (row[3], row[10], row[11]) == ("'=HYPERLINK(\"x\")", "'+84 Quảng Ngãi", "'@SUM(1)")
    # A CSV written by cchc imports as the same text.
    (tmp_path / "lai.csv").write_text(
        "Nhiệm vụ,Ngày,Tên hoạt động\r\nvp-2,16/04/2020,\"'=HYPERLINK(\"\"x\"\")\"\r\n", encoding="utf-8")
    assert dry_run_records(repo, tmp_path / "lai.csv")["added"][0]["record"]["title"] == (
        "=HYPERLINK(\"x\")")


# The spreadsheet report --------------------------------------------------------------------------

def test_the_xlsx_report_holds_the_json_figures_with_totals_excel_recomputes(
    quarter_plan: Path, tmp_path: Path
) -> None:
    import openpyxl
    from python_calamine import CalamineWorkbook
    folder = tmp_path / "bc"
    folder.mkdir()
    (folder / "plans").mkdir()
    (folder / "plans" / "2020.yaml").write_bytes((quarter_plan / "plans" / "2020.yaml").read_bytes())
    data = report_json(folder, "--date", "30/06/2020")
    done = run_cchc("report", "-q", "2", "-f", "xlsx", "--date", "30/06/2020", cwd=folder)
    assert done.code == 0, done.stderr
    path = folder / "bao-cao-2020-Q2.xlsx"
    first = path.read_bytes()
    again = run_cchc("report", "-q", "2", "--date", "30/06/2020", "-o", "lan-2.xlsx", cwd=folder)
    assert again.code == 0
    assert (folder / "lan-2.xlsx").read_bytes() == first  # byte-identical: it can live in git
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Tổng hợp", "Theo hình thức", "Theo nội dung", "Theo đơn vị",
                               "Nhiệm vụ", "Hoạt động"]
    summary = book["Tổng hợp"]
    assert [summary[f"A{row}"].value for row in (1, 2, 5)] == [
        "UBND TỈNH QUẢNG NGÃI", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "BÁO CÁO"]
    assert summary["B3"].value == "Quảng Ngãi, ngày 30 tháng 6 năm 2020"
    forms = book["Theo hình thức"]
    last = 2 + len(data["by_form"])
    assert [cell.value for cell in forms[last]] == [
        "Tổng cộng", f"=SUM(B2:B{last - 1})", None, f"=SUM(D2:D{last - 1})", f"=SUM(E2:E{last - 1})"]
    assert forms["E2"].number_format == "#,##0"
    # A reader that never calculates sees the totals all the same.
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Theo hình thức").to_python()
    assert calamine[last - 1][1:] == [data["totals"]["activities"], "",
                                      data["totals"]["participants"], data["totals"]["cost"]]
    activities = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Hoạt động").to_python()
    assert [row[3] for row in activities[1:-1]] == [line["title"] for line in data["activities"]]
    assert [row[0] for row in activities[1:-1]] == [
        dt.date.fromisoformat(line["date"]) for line in data["activities"]]
    # LibreOffice recomputes the formulas and shows the same figures.
    shown = calc_sheet_rows(path, 2, tmp_path / "calc")
    assert shown[last - 1][0] == "Tổng cộng"
    assert [int(value.replace(",", "").replace(".", "")) for value in shown[last - 1][3:5]] == [
        data["totals"]["participants"], data["totals"]["cost"]]
    tasks = {row[1]: row for row in calamine_rows(path, "Nhiệm vụ")[1:]}
    assert tasks["ttvhnt-2"][3:6] == ["Đang triển khai (60%)", 60, 1]
    widths = book["Hoạt động"].column_dimensions
    longest = max(len(line["title"]) for line in data["activities"])
    assert widths["D"].width == min(60, longest + 2)


def calamine_rows(path: Path, sheet: str) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_the_csv_report_is_the_activity_list(quarter_plan: Path, tmp_path: Path) -> None:
    data = report_json(quarter_plan)
    done = run_cchc("report", "-q", "2", "-f", "csv", "-o", str(tmp_path / "hd.csv"), cwd=quarter_plan)
    assert done.code == 0, done.stderr
    lines = (tmp_path / "hd.csv").read_bytes().decode("utf-8").split("\r\n")
    assert lines[0] == ("\ufeffNgày,Đơn vị,Nhiệm vụ,Tên hoạt động,Hình thức,Nội dung,Số lượng,"
                        "Đơn vị tính,Lượt người tham dự,Kinh phí (đồng),Địa điểm,Minh chứng,Mã")
    assert len(lines) == len(data["activities"]) + 2 and lines[-1] == ""
    line = next(item for item in data["activities"] if item["task"] == "ttvhnt-2")
    assert (f"10/05/2020,Trung tâm Văn hóa - Nghệ thuật tỉnh,\"Biểu diễn tuyên truyền lưu động ở vùng "
            "sâu, vùng xa\",\"Biểu diễn lưu động tại xã Sơn Bao, huyện Sơn Hà\",Hoạt động văn hóa văn "
            "nghệ,\"Tầm quan trọng, ý nghĩa của CCHC; Vai trò, trách nhiệm của người đứng đầu\",2,"
            f"buổi,1250,1250000,,,{line['id']}") in lines


def test_the_rollup_as_a_workbook(quarter_plan: Path, tmp_path: Path) -> None:
    import openpyxl
    other = tmp_path / "khac.yaml"
    other.write_bytes(PLAN_2020.read_bytes())
    done = run_cchc("report", "-q", "2", "-f", "xlsx", "-o", str(tmp_path / "th.xlsx"),
                    "--plan", str(quarter_plan / "plans" / "2020.yaml"), "--plan", str(other),
                    "--issuer", "Sở Nội vụ", cwd=quarter_plan)
    assert done.code == 0, done.stderr
    book = openpyxl.load_workbook(tmp_path / "th.xlsx")
    assert book.sheetnames == ["Tổng hợp", "Theo cơ quan"]
    rows = calamine_rows(tmp_path / "th.xlsx", "Theo cơ quan")
    assert rows[-1][0] == "Tổng cộng" and rows[-1][6] == rows[1][6] + rows[2][6]
