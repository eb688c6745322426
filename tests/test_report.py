"""The figures of a report: the right period, the right activities, the right totals and statuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import run_cchc


def report_json(folder: Path, *period: str) -> Any:
    done = run_cchc("report", *period, "--format", "json", "--date", "16/06/2020", cwd=folder)
    assert done.code == 0, done.stderr
    return done.json()


@pytest.fixture(scope="module")
def q2(quarter_plan: Path) -> Any:
    return report_json(quarter_plan, "--quarter", "2")


def titles(report: Any) -> list[str]:
    return [activity["title"] for activity in report["activities"]]


def test_the_period_is_the_statutory_quarter(q2: Any) -> None:
    assert q2["period"] == {
        "code": "Q2", "label": "quý II năm 2020", "next_label": "quý III năm 2020",
        "rule": "statutory", "start": "2020-03-15", "end": "2020-06-14",
        "estimated": False, "next_start": "2020-06-15", "next_end": "2020-09-14",
    }


def test_an_activity_on_20_june_counts_in_quarter_three_not_two(quarter_plan: Path, q2: Any) -> None:
    q3 = report_json(quarter_plan, "--quarter", "3")

    assert "Phóng sự gương điển hình CCHC" not in titles(q2)
    assert titles(q3) == ["Đăng tin bài về CCHC", "Phóng sự gương điển hình CCHC"]


def test_quarter_two_holds_the_activities_from_15_march_to_14_june_by_date(q2: Any) -> None:
    assert [(a["date"], a["title"]) for a in q2["activities"]] == [
        ("2020-03-15", "Hội nghị phổ biến Nghị định 61"),
        ("2020-04-02", "Thiết kế pano «R&D <nháp>» | *thử*"),
        ("2020-05-10", "Biểu diễn lưu động tại xã Sơn Bao, huyện Sơn Hà"),
        ("2020-06-14", "Biên tập tin bài cho xe lưu động"),
    ]
    assert all(activity["id"].startswith("HD-2020-") for activity in q2["activities"])


def test_totals_per_form_count_activities_and_sum_each_measure(q2: Any) -> None:
    rows = {row["id"]: row for row in q2["by_form"]}

    assert [row["id"] for row in q2["by_form"]] == [
        "trang-tin", "van-nghe", "cong-khai-tthc", "hoi-nghi", "pano", "phat-thanh-truyen-hinh",
        "xe-luu-dong",
    ]
    assert rows["van-nghe"] == {
        "id": "van-nghe", "name": "Hoạt động văn hóa văn nghệ", "activities": 1,
        "quantities": [{"measure": "buổi", "quantity": 2}], "participants": 1250, "cost": 1250000,
    }
    assert rows["trang-tin"]["activities"] == 0
    assert rows["pano"]["quantities"] == [{"measure": "pano", "quantity": 3}]
    assert q2["totals"] == {
        "id": None, "name": "Tổng cộng", "activities": 4,
        "quantities": [
            {"measure": "buổi", "quantity": 2}, {"measure": "hội nghị", "quantity": 1},
            {"measure": "pano", "quantity": 3}, {"measure": "tin bài", "quantity": 5},
        ],
        "participants": 1335, "cost": 5750000,
    }


def test_measures_written_in_other_cases_are_summed_together(quarter_plan: Path) -> None:
    year = report_json(quarter_plan, "--annual")

    assert {"measure": "tin bài", "quantity": 17} in year["totals"]["quantities"]


def test_totals_per_content_count_an_activity_under_each_of_its_contents(q2: Any) -> None:
    counts = {row["id"]: row["activities"] for row in q2["by_content"]}

    assert counts == {
        "y-nghia-cchc": 1, "van-ban-phap-luat": 1, "trach-nhiem": 1, "mot-cua": 0,
        "chinh-quyen-dien-tu": 0, "sang-kien": 0, None: 2,
    }


def test_completion_counts_tasks_done_by_the_end_of_the_period(quarter_plan: Path, q2: Any) -> None:
    q3 = report_json(quarter_plan, "--quarter", "3")

    assert q2["completion"] == {"done": 1, "total": 9, "percent": 11.1}
    assert q3["completion"] == {"done": 2, "total": 9, "percent": 22.2}
    office = q2["units"][0]
    assert (office["id"], office["completion"]) == (
        "van-phong-so", {"done": 1, "total": 4, "percent": 25.0}
    )


def test_each_task_shows_its_status_and_its_activities_in_the_period(q2: Any) -> None:
    centre = next(unit for unit in q2["units"] if unit["id"] == "trung-tam-vhnt")
    design, shows = centre["tasks"]

    assert (shows["status_label"], shows["percent"], shows["note"]) == (
        "Đang triển khai", 60, "Đã diễn 2/4 buổi"
    )
    assert [a["title"] for a in shows["activities"]] == [
        "Biểu diễn lưu động tại xã Sơn Bao, huyện Sơn Hà"
    ]
    assert [(a["title"], a["unit"]) for a in design["activities"]] == [
        ("Thiết kế pano «R&D <nháp>» | *thử*", "trung-tam-vhnt"),
        ("Biên tập tin bài cho xe lưu động", "van-phong-so"),
    ]


def test_tasks_not_done_are_the_base_of_the_next_quarter(q2: Any) -> None:
    assert [task["task"] for task in q2["pending"]] == [
        "vp-1", "vp-2", "vp-4", "qlvh-1", "qlvh-2", "ttvhnt-1", "ttvhnt-2", "tcct-1",
    ]
    assert q2["notes"]["phuong_huong"]["title"] == "Phương hướng, nhiệm vụ quý III năm 2020"


def test_the_evidence_list_holds_activities_with_evidence(quarter_plan: Path, q2: Any) -> None:
    q3 = report_json(quarter_plan, "--quarter", "3")

    assert [(a["title"], a["evidence"]) for a in q2["evidence"]] == [
        ("Hội nghị phổ biến Nghị định 61", "Giấy mời số 12/GM-SVHTTDL")
    ]
    assert [a["evidence"] for a in q3["evidence"]] == ["https://svhttdl.quangngai.gov.vn/cchc"]


def test_notes_are_those_of_the_period_split_into_paragraphs(quarter_plan: Path, q2: Any) -> None:
    half = report_json(quarter_plan, "--half", "1")

    assert q2["notes"]["kho_khan"]["paragraphs"] == ["Kinh phí tuyên truyền còn hạn chế."]
    assert q2["notes"]["kien_nghi"]["paragraphs"] == [
        "Đề nghị bố trí kinh phí cho xe lưu động.", "Đề nghị tập huấn."
    ]
    assert q2["notes"]["chi_dao"]["paragraphs"] == []
    assert half["notes"]["kho_khan"]["paragraphs"] == ["Chỉ thuộc báo cáo 6 tháng."]


def test_the_document_frame_follows_the_plan(q2: Any) -> None:
    assert q2["document"] == {
        "parent_body": "UBND TỈNH QUẢNG NGÃI",
        "issuing_body": "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        "issuer_lines": ["UBND TỈNH QUẢNG NGÃI", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"],
        "issuer": [{"text": "UBND TỈNH QUẢNG NGÃI", "bold": False},
                   {"text": "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "bold": True}],
        "number": None,
        "number_line": "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-SVHTTDL",
        "date": "2020-06-16",
        "date_line": "Quảng Ngãi, ngày 16 tháng 6 năm 2020",
        "kind": "BÁO CÁO",
        "summary": "Kết quả thực hiện công tác tuyên truyền cải cách hành chính quý II năm 2020",
        "recipients": ["UBND tỉnh;", "Sở Nội vụ;", "GĐ, các PGĐ Sở;", "Lưu: VT, VP."],
        "signer": {"authority": None, "title": "GIÁM ĐỐC", "name": "Nguyễn Minh Trí"},
    }


def test_a_given_number_takes_a_leading_zero(quarter_plan: Path) -> None:
    done = run_cchc("report", "-q", "2", "-f", "json", "--number", "5", cwd=quarter_plan)

    assert done.json()["document"]["number_line"] == "Số: 05/BC-SVHTTDL"


def test_the_same_plan_and_period_give_the_same_bytes(quarter_plan: Path) -> None:
    for kind in ("md", "json"):
        runs = [
            run_cchc("report", "-q", "2", "-f", kind, "--date", "16/06/2020", cwd=quarter_plan).stdout
            for _ in range(2)
        ]
        assert runs[0] == runs[1]
        assert len(runs[0]) > 1000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Chọn đúng một kỳ báo cáo"),
        (("-q", "2", "--annual"), "(đang chọn 2 kỳ)"),
        (("-q", "5"), "--quarter"),
        (("-q", "2", "-f", "odt"), "không có định dạng «odt»"),
        (("-q", "2", "--date", "31/02/2020"), "tháng 2 năm 2020 có 29 ngày"),
    ],
)
def test_a_wrong_period_or_format_is_a_usage_error(
    quarter_plan: Path, args: tuple[str, ...], message: str
) -> None:
    done = run_cchc("report", *args, cwd=quarter_plan)

    assert done.code == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_a_report_into_a_missing_folder_is_a_clear_error(quarter_plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "khong-co" / "bao-cao.docx"

    done = run_cchc("report", "-q", "2", "-o", str(target), cwd=quarter_plan)

    assert done.code == 2
    assert f"Lỗi: Không ghi được tệp «{target}»" in done.stderr
    assert "Traceback" not in done.stderr
