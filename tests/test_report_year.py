"""A year of work recorded through the real CLI, and every report of it checked: the figures
against an independent count from the YAML, in Markdown, JSON, Word and PDF; the Word layout a
head of office signs, read from the document's XML and from the PDF LibreOffice prints; and a
report already written is never replaced without --force."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from PIL import ImageFont
from ruamel.yaml import YAML

from conftest import PLAN_2020, run_cchc
from year_records import YEAR_RECORDS

SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf"
MM_PER_PT = 25.4 / 72
# The cut-offs of Nghị định 09/2019 for the 2020 plan, written out here rather than computed.
PERIODS = {
    "Q2": (dt.date(2020, 3, 15), dt.date(2020, 6, 14)),
    "year": (dt.date(2019, 12, 15), dt.date(2020, 12, 14)),
}
OPTIONS = {"Q2": ("--quarter", "2"), "year": ("--annual",)}


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose plans/2020.yaml holds the year of YEAR_RECORDS, recorded by the CLI."""
    folder = tmp_path_factory.mktemp("year")
    (folder / "plans").mkdir()
    (folder / "plans" / "2020.yaml").write_bytes(PLAN_2020.read_bytes())
    for args in YEAR_RECORDS:
        done = run_cchc(*args, cwd=folder)
        assert done.code == 0, (args, done.stderr)
    return folder


@dataclass
class Reports:
    markdown: str
    json: dict[str, object]
    word: Document
    word_file: Path
    pdf_pages: list[str]
    pdf_file: Path


@pytest.fixture(scope="module")
def reports(year: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Reports]:
    out = tmp_path_factory.mktemp("reports")
    found = {}
    for code, options in OPTIONS.items():
        made = {}
        for kind in ("md", "json", "docx", "pdf"):
            target = out / f"{code}.{kind}"
            done = run_cchc("report", *options, "--format", kind, "--date", "16/12/2020",
                            "-o", str(target), cwd=year)
            assert done.code == 0, done.stderr
            made[kind] = target
        text = subprocess.run(["pdftotext", str(made["pdf"]), "-"], check=True,
                              capture_output=True, text=True).stdout
        found[code] = Reports(
            made["md"].read_text(encoding="utf-8"), run_json(made["json"]),
            docx.Document(str(made["docx"])), made["docx"], text.split("\f"), made["pdf"],
        )
    return found


def run_json(path: Path) -> dict[str, object]:
    import json

    loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


# --- an independent count from the YAML ---------------------------------------------------------

def recorded(year: Path) -> dict[str, object]:
    loaded: dict[str, object] = YAML(typ="safe").load((year / "plans" / "2020.yaml").read_text("utf-8"))
    return loaded


def counted(year: Path, code: str, key: str) -> dict[str, tuple[int, int, int]]:
    """(activities, participants, cost) of the period `code`, grouped by the activity's `key`
    (a form, a unit, or each of its contents)."""
    start, end = PERIODS[code]
    sums: dict[str, tuple[int, int, int]] = {}
    for activity in recorded(year)["activities"]:  # type: ignore[attr-defined]
        if not start <= activity["date"] <= end:
            continue
        groups = activity.get(key, []) if key == "contents" else [activity.get(key)]
        for group in groups:
            before = sums.get(group, (0, 0, 0))
            sums[group] = (before[0] + 1, before[1] + activity.get("participants", 0),
                           before[2] + activity.get("cost", 0))
    return sums


def dotted(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@pytest.mark.parametrize("code", ["Q2", "year"])
def test_every_total_agrees_with_a_count_of_the_yaml_in_every_format(
    year: Path, reports: dict[str, Reports], code: str
) -> None:
    report = reports[code]
    names = {form["id"]: form["name"] for form in recorded(year)["forms"]}  # type: ignore[index]
    units = {unit["id"]: unit["name"] for unit in recorded(year)["units"]}  # type: ignore[index]
    by_form, by_unit = counted(year, code, "form"), counted(year, code, "unit")
    by_content = counted(year, code, "contents")
    json = report.json
    assert {row["id"]: (row["activities"], row["participants"], row["cost"])
            for row in json["by_form"] if row["activities"]} == by_form  # type: ignore[attr-defined]
    assert {row["id"]: (row["activities"], row["participants"], row["cost"])
            for row in json["by_content"] if row["activities"] and row["id"]  # type: ignore[attr-defined]
            } == {key: value for key, value in by_content.items() if key}
    assert {unit["id"]: (unit["totals"]["activities"], unit["totals"]["participants"],
                         unit["totals"]["cost"])
            for unit in json["units"] if unit["totals"]["activities"]} == by_unit  # type: ignore[attr-defined]
    # Markdown: the form's row, the content's row (with its cost), the unit's sentence
    for form, (activities, participants, cost) in by_form.items():
        assert re.search(rf"\| {re.escape(names[form])} \| {activities} \| [^|]* \| "
                         rf"{dotted(participants)} \| {dotted(cost)} \|", report.markdown), form
    for unit, (activities, participants, cost) in by_unit.items():
        section = report.markdown.split(f") {units[unit]}**")[1].split("| TT |")[0]
        assert f"đã thực hiện {activities} hoạt động" in section
        assert (f"{dotted(participants)} lượt người" in section) == bool(participants)
        assert (f"kinh phí {dotted(cost)} đồng" in section) == bool(cost)
    # Word: the rows of the table by form, and the unit's sentence
    form_table = next(table for table in report.word.tables
                      if table.rows[0].cells[1].text == "Hình thức")
    rows = {row.cells[1].text: [cell.text for cell in row.cells] for row in form_table.rows[1:]}
    for form, (activities, participants, cost) in by_form.items():
        assert rows[names[form]][2:] == [str(activities), rows[names[form]][3],
                                         dotted(participants), dotted(cost)]
    total = (sum(v[0] for v in by_form.values()), sum(v[1] for v in by_form.values()),
             sum(v[2] for v in by_form.values()))
    assert [rows["Tổng cộng"][i] for i in (2, 4, 5)] == [str(total[0]), dotted(total[1]),
                                                        dotted(total[2])]
    content_table = next(table for table in report.word.tables
                         if table.rows[0].cells[1].text == "Nội dung")
    assert content_table.rows[0].cells[-1].text == "Kinh phí\n(đồng)"
    # PDF: the sentence of totals, as printed
    flat = " ".join(" ".join(report.pdf_pages).split())
    assert f"đã thực hiện {total[0]} hoạt động tuyên truyền" in flat
    assert f"kinh phí {dotted(total[2])} đồng" in flat


def test_a_recorded_percentage_reaches_every_format_and_status_agrees_on_rounding(
    year: Path, reports: dict[str, Reports]
) -> None:
    report = reports["Q2"]
    assert "| Công khai thủ tục hành chính; đăng tin bài trên trang tin của Sở | Đang triển khai " \
        "(60%): Đã đăng 6/10 tin bài |" in report.markdown
    cells = [cell.text for table in report.word.tables for row in table.rows for cell in row.cells]
    assert "Đang triển khai (95%)" in cells
    assert "Đang triển khai (60%): Đã đăng 6/10 tin bài" in cells
    flat = " ".join(" ".join(report.pdf_pages).split())
    assert "Đang triển khai (95%)" in flat
    status = run_cchc("status", "--quarter", "2", cwd=year)
    done = report.json["completion"]  # type: ignore[index]
    assert done == {"done": 3, "total": 9, "percent": 33.3}
    assert status.stdout.splitlines()[-1] == "Cả kế hoạch: 3/9 nhiệm vụ hoàn thành (33,3%)."
    assert "(33,3%)" in report.markdown
    as_json = run_cchc("status", "--quarter", "2", "--json", cwd=year).json()
    assert (as_json["done"], as_json["total"], as_json["percent"]) == (3, 9, 33.3)
    # a bar is never fuller than the work: 95% is nine cells of ten
    line = next(line for line in status.stdout.splitlines() if "ttvhnt-1" in line)
    assert "█████████░  95%" in line


def test_the_locations_are_in_the_appendix_and_the_units_tables(reports: dict[str, Reports]) -> None:
    report = reports["Q2"]
    appendix = report.word.tables[-1]
    assert [cell.text for cell in appendix.rows[0].cells] == [
        "TT", "Ngày", "Đơn vị", "Hoạt động", "Hình thức", "Số lượng", "Địa điểm", "Tài liệu kiểm chứng"]
    assert [cell.text for cell in appendix.rows[1].cells][6] == "Hội trường Sở"
    assert "15/03/2020: Hội nghị phổ biến Nghị định 61 (1 hội nghị), tại Hội trường Sở" in [
        cell.text for table in report.word.tables for row in table.rows for cell in row.cells]
    assert "| Hội trường Sở | Giấy mời số 12/GM-SVHTTDL |" in report.markdown


def test_the_quarters_notes_fill_the_sections_of_the_annual_report(reports: dict[str, Reports]) -> None:
    notes = reports["year"].json["notes"]  # type: ignore[index]
    assert notes["kho_khan"] == {  # type: ignore[index]
        "id": "kho-khan", "title": "Khó khăn, vướng mắc, nguyên nhân",
        "paragraphs": ["Quý I: Kinh phí chưa được cấp.", "Quý II: Kinh phí tuyên truyền còn hạn chế."],
        "borrowed_from": ["Q1", "Q2"],
    }
    assert notes["chi_dao"]["paragraphs"] == [  # type: ignore[index]
        "Quý I: Sở ban hành Kế hoạch số 12/KH-SVHTTDL ngày 15/12/2019.",
        "Quý IV: Sở chỉ đạo tổng kết công tác tuyên truyền năm 2020."]
    # the year's own note wins over the quarter's
    assert notes["kien_nghi"]["paragraphs"] == ["Đề nghị UBND tỉnh bố trí kinh phí năm 2021."]  # type: ignore[index]
    assert notes["kien_nghi"]["borrowed_from"] == []  # type: ignore[index]
    texts = [p.text for p in reports["year"].word.paragraphs if p.text]
    fourth = texts.index("IV. KHÓ KHĂN, VƯỚNG MẮC, NGUYÊN NHÂN")
    assert texts[fourth + 1:fourth + 3] == ["Quý I: Kinh phí chưa được cấp.",
                                            "Quý II: Kinh phí tuyên truyền còn hạn chế."]
    assert "Chưa ghi nội dung." not in texts
    assert "Quý III: Các đơn vị thực hiện đúng tiến độ." in reports["year"].markdown


def test_a_note_is_acknowledged_in_period_words(year: Path, tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_bytes((year / "plans" / "2020.yaml").read_bytes())
    for options, words in ((("--annual",), "năm 2020"), (("--half", "1"), "6 tháng đầu năm 2020"),
                           (("--nine-months",), "9 tháng năm 2020"), (("-q", "3"), "quý III năm 2020")):
        done = run_cchc("note", *options, "-s", "danh-gia", "Tốt.", "--plan", str(plan))
        assert re.fullmatch(rf"Đã ghi vào mục «Đánh giá chung» của báo cáo {words} "
                            r"\(GC-2020-\d{4}-[0-9a-z]{4}\)\.\n", done.stdout), done.stdout


# --- the Word layout ----------------------------------------------------------------------------

def text_width_mm(text: str, size: float, bold: bool) -> float:
    font = ImageFont.truetype(SERIF.format("Bold" if bold else "Regular"), 1000)
    return font.getlength(text) / 1000 * size * MM_PER_PT


def cell_inner_width_mm(cell: object) -> float:
    tc = cell._tc  # type: ignore[attr-defined]
    width = int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) * 25.4 / 1440
    margins = tc.getparent().getparent().tblPr.find(qn("w:tblCellMar"))
    padding = 1.905 if margins is None else int(margins.find(qn("w:left")).get(qn("w:w"))) * 25.4 / 1440
    return width - 2 * padding


def grid_tables(document: Document) -> Iterator[object]:
    return (table for table in document.tables if table.style.name == "Table Grid")


@pytest.mark.parametrize("code", ["Q2", "year"])
def test_every_heading_line_of_every_table_fits_its_column(reports: dict[str, Reports], code: str) -> None:
    for table in grid_tables(reports[code].word):
        for cell in table.rows[0].cells:  # type: ignore[attr-defined]
            size = cell.paragraphs[0].runs[0].font.size.pt
            for line in cell.text.split("\n"):
                assert text_width_mm(line, size, bold=True) <= cell_inner_width_mm(cell), line


@pytest.mark.parametrize("code", ["Q2", "year"])
def test_dates_and_document_numbers_fit_their_column_and_hyphens_inside_them_do_not_break(
    reports: dict[str, Reports], code: str
) -> None:
    appendix = reports[code].word.tables[-1]
    date_column = appendix.rows[0].cells[1]
    assert text_width_mm("15/12/2019", 11, bold=False) < cell_inner_width_mm(date_column)
    evidence = appendix.rows[0].cells[7]
    for token in ("12/GM-SVHTTDL", "850/SVHTTDL-QLVH", "1234/QĐ-UBND"):
        assert text_width_mm(token, 11, bold=False) < cell_inner_width_mm(evidence)
    body = reports[code].word_file
    import zipfile

    xml = zipfile.ZipFile(body).read("word/document.xml").decode("utf-8")
    assert "12/GM</w:t><w:noBreakHyphen/><w:t xml:space=\"preserve\">SVHTTDL" in xml
    assert "\u2011" not in xml
    assert "Trung tâm Văn hóa - Nghệ thuật tỉnh" in xml  # a spaced dash stays a dash


@pytest.mark.parametrize("code", ["Q2", "year"])
def test_no_row_splits_headings_keep_with_what_follows_and_totals_keep_their_rows(
    reports: dict[str, Reports], code: str
) -> None:
    document = reports[code].word
    for table in grid_tables(document):
        for row in table.rows:  # type: ignore[attr-defined]
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    for title in ("Tổng cộng", "Cả kế hoạch"):
        column = 1 if title == "Tổng cộng" else 0
        table = next(t for t in grid_tables(document)
                     if t.rows[-1].cells[column].text == title)  # type: ignore[attr-defined]
        kept = [all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)
                for row in table.rows]  # type: ignore[attr-defined]
        assert kept == [True] + [False] * (len(kept) - 4) + [True, True, False], title
    for paragraph in document.paragraphs:
        if re.match(r"^([IVX]+\.|[0-9]\.|[a-z]\)) ", paragraph.text):
            assert paragraph.paragraph_format.keep_with_next, paragraph.text
            assert paragraph.paragraph_format.space_before.pt >= 9, paragraph.text
            assert paragraph.alignment == 0, paragraph.text  # left: never stretched


def pdf_lines(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, top in pt, text) of every line LibreOffice printed."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                            capture_output=True, text=True).stdout
    lines = []
    for page, body in enumerate(layout.split("<page ")[1:], start=1):
        for top, words in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)</line>', body, re.DOTALL):
            text = " ".join(html.unescape(word) for word in re.findall(r">([^<]*)</word>", words))
            lines.append((page, float(top), text))
    return lines


@pytest.mark.parametrize("code", ["Q2", "year"])
def test_the_printed_pages_keep_names_labels_and_numbers_on_one_line(
    reports: dict[str, Reports], code: str
) -> None:
    texts = [text for _, _, text in pdf_lines(reports[code].pdf_file)]
    assert any(text.startswith("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH") for text in texts)
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text for text in texts)
    assert any("Số hoạt động" in text for text in texts)
    assert any("Lượt người" in text for text in texts)
    assert all(text not in ("LỊCH", "DU LỊCH", "NAM", "T") for text in texts)
    for token in ("12/GM-SVHTTDL", "1234/QĐ-UBND", "15/03/2020", "14/06/2020"):
        assert any(token in text for text in texts), token
    assert not any(text.endswith(("12/GM-", "/201", "SVHTTD")) for text in texts)


def test_the_appendix_is_on_landscape_pages_and_the_body_on_portrait(reports: dict[str, Reports]) -> None:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(reports["year"].pdf_file)],
                          check=True, capture_output=True, text=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    orientation = ["portrait" if float(h) > float(w) else "landscape" for w, h in sizes]
    appendix = next(page for page, _, text in pdf_lines(reports["year"].pdf_file) if text == "PHỤ LỤC")
    assert orientation == ["portrait"] * (appendix - 1) + ["landscape"] * (len(sizes) - appendix + 1)


@pytest.mark.parametrize("code", ["Q2", "year"])
def test_the_signature_block_leaves_three_centimetres_to_sign(reports: dict[str, Reports], code: str) -> None:
    lines = pdf_lines(reports[code].pdf_file)
    title = next((page, top) for page, top, text in lines if text.endswith("GIÁM ĐỐC"))
    name = next((page, top) for page, top, text in lines if text.endswith("Nguyễn Minh Trí"))
    assert name[0] == title[0]
    assert (name[1] - title[1]) * MM_PER_PT >= 30


# --- never lose a report --------------------------------------------------------------------------

def test_a_report_already_written_is_kept_unless_forced(year: Path, tmp_path: Path) -> None:
    plan = year / "plans" / "2020.yaml"
    first = run_cchc("report", "-q", "2", "-f", "docx", "--date", "16/06/2020", "--plan", str(plan),
                     cwd=tmp_path)
    assert first.code == 0, first.stderr
    submitted = (tmp_path / "bao-cao-2020-Q2.docx").read_bytes()

    again = run_cchc("report", "-q", "2", "-f", "docx", "--plan", str(plan), cwd=tmp_path)

    assert again.code == 1
    assert again.stderr.splitlines()[0] == (
        "Lỗi: Tệp «bao-cao-2020-Q2.docx» đã có; báo cáo không ghi đè lên nó. Chưa có gì được ghi.")
    assert "--force" in again.stderr
    assert (tmp_path / "bao-cao-2020-Q2.docx").read_bytes() == submitted
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bao-cao-2020-Q2.docx"]

    named = run_cchc("report", "-q", "2", "-o", "bao-cao-2020-Q2.docx", "--plan", str(plan),
                     cwd=tmp_path)
    assert named.code == 1 and (tmp_path / "bao-cao-2020-Q2.docx").read_bytes() == submitted

    forced = run_cchc("report", "-q", "2", "-f", "docx", "--date", "17/06/2020", "--force",
                      "--plan", str(plan), cwd=tmp_path)
    assert forced.code == 0, forced.stderr
    replaced = docx.Document(str(tmp_path / "bao-cao-2020-Q2.docx"))
    assert "Quảng Ngãi, ngày 17 tháng 6 năm 2020" in [c.text for c in replaced.tables[0].rows[1].cells]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bao-cao-2020-Q2.docx"]


def test_markdown_on_the_screen_is_not_a_file_and_needs_no_force(year: Path) -> None:
    for _ in range(2):
        done = run_cchc("report", "-q", "2", cwd=year)
        assert done.code == 0 and done.stdout.startswith("| UBND TỈNH QUẢNG NGÃI |")


def test_a_pdf_is_the_word_report_printed(year: Path, tmp_path: Path) -> None:
    done = run_cchc("report", "-q", "2", "-f", "pdf", "--date", "16/06/2020",
                    "--plan", str(year / "plans" / "2020.yaml"), cwd=tmp_path)

    assert done.code == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "Đã ghi báo cáo quý II năm 2020: bao-cao-2020-Q2.pdf"
    printed = (tmp_path / "bao-cao-2020-Q2.pdf").read_bytes()
    assert printed.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(tmp_path / "bao-cao-2020-Q2.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Quảng Ngãi, ngày 16 tháng 6 năm 2020" in text


def test_without_libreoffice_a_pdf_is_refused_with_how_to_install_it(year: Path, tmp_path: Path) -> None:
    done = run_cchc("report", "-q", "2", "-f", "pdf", "--plan", str(year / "plans" / "2020.yaml"),
                    cwd=tmp_path, env={"PATH": str(tmp_path / "empty"), "CCHC_SOFFICE": ""})

    assert done.code == 1
    assert done.stderr.splitlines()[0] == (
        "Lỗi: Không tìm thấy LibreOffice (lệnh soffice) để in báo cáo ra PDF. Chưa có gì được ghi.")
    assert "Cài LibreOffice" in done.stderr and "--format docx" in done.stderr
    assert list(tmp_path.iterdir()) == []
