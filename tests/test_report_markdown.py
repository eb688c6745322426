"""The Markdown report: what the clerk reviews before writing the Word document."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest

from conftest import PLAN_2020, run_cchc


@pytest.fixture(scope="module")
def q2_lines(quarter_plan: Path) -> list[str]:
    done = run_cchc("report", "--quarter", "2", "--date", "05/02/2020", cwd=quarter_plan)
    assert done.code == 0, done.stderr
    return done.stdout.splitlines()


def test_the_header_is_a_two_column_table_with_number_and_date_line(q2_lines: list[str]) -> None:
    assert q2_lines[:4] == [
        "| UBND TỈNH QUẢNG NGÃI | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |",
        "|:---:|:---:|",
        "| **SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH** | **Độc lập - Tự do - Hạnh phúc** |",
        "| Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-SVHTTDL | *Quảng Ngãi, ngày 05 tháng 02 năm 2020* |",
    ]
    assert q2_lines[5:8] == [
        "# BÁO CÁO",
        "",
        "**Kết quả thực hiện công tác tuyên truyền cải cách hành chính quý II năm 2020**",
    ]


def test_the_form_table_has_the_figures_written_the_vietnamese_way(q2_lines: list[str]) -> None:
    assert "| 2 | Hoạt động văn hóa văn nghệ | 1 | 2 buổi | 1.250 | 1.250.000 |" in q2_lines
    assert (
        "| | **Tổng cộng** | **4** | **2 buổi; 1 hội nghị; 3 pano; 5 tin bài** | **1.335** "
        "| **5.750.000** |"
    ) in q2_lines


def test_text_from_the_plan_is_escaped_so_that_it_reads_literally(q2_lines: list[str]) -> None:
    row = next(line for line in q2_lines if "Thiết kế pano" in line and "02/04/2020" in line)
    assert r"Thiết kế pano «R\&D \<nháp\>» \| \*thử\*" in row


def test_sections_with_nothing_recorded_say_so(q2_lines: list[str]) -> None:
    first = q2_lines.index("## I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI")
    assert q2_lines[first + 2] == "Chưa ghi nội dung."
    sixth = q2_lines.index("## VI. ĐỀ XUẤT, KIẾN NGHỊ")
    assert q2_lines[sixth + 2 : sixth + 5] == [
        "Đề nghị bố trí kinh phí cho xe lưu động.", "", "Đề nghị tập huấn.",
    ]


def test_completion_and_the_closing_mark(q2_lines: list[str]) -> None:
    assert "Đến hết quý II năm 2020, đã hoàn thành 1/9 nhiệm vụ của kế hoạch (11,1%)." in q2_lines
    assert any(line.endswith("./.") for line in q2_lines)
    assert "| ***Nơi nhận:*** | **GIÁM ĐỐC** |" in q2_lines
    assert "| - Lưu: VT, VP. | **Nguyễn Minh Trí** |" in q2_lines


def test_the_clerk_is_told_which_sections_are_empty(quarter_plan: Path) -> None:
    done = run_cchc("report", "--quarter", "2", cwd=quarter_plan)

    assert done.stderr.splitlines() == [
        ("Lưu ý: mục «Công tác chỉ đạo, triển khai» chưa có nội dung; ghi bằng: "
        'cchc note --quarter 2 --section chi-dao "..."')
    ]


def test_pandoc_turns_the_markdown_into_a_word_document_with_its_tables(
    quarter_plan: Path, tmp_path: Path
) -> None:
    markdown = tmp_path / "bao-cao.md"
    done = run_cchc("report", "-q", "2", "-o", str(markdown), cwd=quarter_plan)
    assert done.code == 0, done.stderr

    subprocess.run(["pandoc", str(markdown), "-o", str(tmp_path / "bao-cao.docx")], check=True)

    document = docx.Document(str(tmp_path / "bao-cao.docx"))
    assert len(document.tables) == 1 + 2 + 4 + 1 + 1 + 1  # header, tallies, units, III, footer, appendix
    appendix = document.tables[-1]
    assert appendix.rows[2].cells[3].text == "Thiết kế pano «R&D <nháp>» | *thử*"
    assert document.tables[0].rows[0].cells[1].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_a_plan_without_notes_key_still_reports(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    text = PLAN_2020.read_text(encoding="utf-8")
    (tmp_path / "plans" / "2020.yaml").write_text(text[: text.index("\n# Nội dung tự viết")] + "\n")

    done = run_cchc("report", "--annual", cwd=tmp_path)

    assert done.code == 0, done.stderr
    assert "**Kết quả thực hiện công tác tuyên truyền cải cách hành chính năm 2020**" in done.stdout


def plan_variant(source: Path, folder: Path, old: str, new: str) -> Path:
    """A copy of `source`'s plan with one piece of text replaced."""
    (folder / "plans").mkdir()
    text = (source / "plans" / "2020.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "plans" / "2020.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_a_deputy_signs_on_behalf_of_the_director(quarter_plan: Path, tmp_path: Path) -> None:
    folder = plan_variant(quarter_plan, tmp_path, "  title: Giám đốc\n",
                          "  title: Phó Giám đốc\n  authority: KT. Giám đốc\n")

    lines = run_cchc("report", "-q", "2", cwd=folder).stdout.splitlines()

    footer = lines.index("| ***Nơi nhận:*** | **KT. GIÁM ĐỐC** |")
    assert lines[footer + 2] == "| | **PHÓ GIÁM ĐỐC** |"


def test_a_plan_on_calendar_quarters_counts_20_june_in_quarter_two(
    quarter_plan: Path, tmp_path: Path
) -> None:
    folder = plan_variant(quarter_plan, tmp_path, "  rule: statutory\n", "  rule: calendar\n")

    report = run_cchc("report", "-q", "2", "-f", "json", cwd=folder).json()

    assert (report["period"]["start"], report["period"]["end"]) == ("2020-04-01", "2020-06-30")
    assert [activity["date"] for activity in report["activities"]] == [
        "2020-04-02", "2020-05-10", "2020-06-14", "2020-06-16", "2020-06-20",
    ]


def test_a_hash_mid_text_reads_as_typed_and_one_that_starts_a_line_cannot_make_a_heading(
    quarter_plan: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_bytes((quarter_plan / "plans" / "2020.yaml").read_bytes())
    assert run_cchc("add-activity", "-t", "vp-2", "-d", "05/04/2020", "--title", "Tin #1 về CCHC",
                    "--plan", str(plan)).code == 0
    for text in ("# Chỉ đạo số 1", "- Gửi văn bản", "2. Tập huấn"):
        assert run_cchc("note", "-q", "2", "-s", "chi-dao", "--plan", str(plan), "--", text).code == 0

    markdown = run_cchc("report", "-q", "2", "--plan", str(plan)).stdout

    assert "| VP | Tin #1 về CCHC |" in markdown
    section = markdown.split("## I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI\n\n")[1].split("\n\n## II")[0]
    assert section.split("\n\n") == ["\\# Chỉ đạo số 1", "\\- Gửi văn bản", "2\\. Tập huấn"]
    converted = subprocess.run(["pandoc", "-f", "markdown", "-t", "plain", "--wrap=none"],
                               input=section, capture_output=True, text=True, check=True).stdout
    assert converted.split("\n\n") == ["# Chỉ đạo số 1", "- Gửi văn bản", "2. Tập huấn\n"]
