"""The Word report in the format of Nghị định 30/2020, read back element by element, then printed
to PDF by a real office suite."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Length
from docx.text.paragraph import Paragraph
from PIL import ImageFont

from conftest import ROOT, run_cchc

CELL_PADDING_MM = 1.905  # Word's default cell margin on each side (108 twips), where no rule is drawn
SERIF_BOLD = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")


@pytest.fixture(scope="module")
def q2_file(quarter_plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docx")
    done = run_cchc("report", "--quarter", "2", "--format", "docx", "--date", "05/02/2020",
                    "-o", str(folder / "bao-cao.docx"), cwd=quarter_plan)
    assert done.code == 0, done.stderr
    return folder / "bao-cao.docx"


@pytest.fixture(scope="module")
def q2(q2_file: Path) -> Document:
    return docx.Document(str(q2_file))


def paragraphs(document: Document) -> Iterator[Paragraph]:
    """Every paragraph in reading order, those inside table cells included."""
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            for node in child.iter(qn("w:p")):
                yield Paragraph(node, document)


def find(document: Document, text: str) -> Paragraph:
    return next(paragraph for paragraph in paragraphs(document) if paragraph.text == text)


def style(paragraph: Paragraph) -> tuple[str | None, float | None, bool | None, bool | None]:
    """(font, size in pt, bold, italic) of a paragraph whose runs all look the same."""
    looks = {
        (run.font.name, run.font.size.pt if run.font.size else None, run.font.bold, run.font.italic)
        for run in paragraph.runs
    }
    assert len(looks) == 1, looks
    return looks.pop()


def mm(length: Length | None) -> float:
    return round(length.mm, 1) if length is not None else 0.0


def rule_after(document: Document, text: str) -> float:
    """Length in mm of the rule drawn right under the paragraph `text` (a top border)."""
    found = list(paragraphs(document))
    index = next(i for i, paragraph in enumerate(found) if paragraph.text == text)
    rule = found[index + 1]
    border = rule._p.pPr.find(qn("w:pBdr"))
    assert border is not None and border.find(qn("w:top")).get(qn("w:val")) == "single"
    cell = rule._p.getparent()
    width = (
        cell_width(cell) - 2 * padding_mm(cell) if cell.tag == qn("w:tc") else 210 - 30 - 15
    )
    layout = rule.paragraph_format
    return width - mm(layout.left_indent) - mm(layout.right_indent)


def padding_mm(cell: object) -> float:
    """The inner margin on each side of `cell`: its table's own, else Word's default."""
    table = cell.getparent().getparent()  # type: ignore[attr-defined]
    margins = table.tblPr.find(qn("w:tblCellMar"))
    if margins is None:
        return CELL_PADDING_MM
    return int(margins.find(qn("w:left")).get(qn("w:w"))) * 25.4 / 1440


def cell_width(cell: object) -> float:
    return int(cell.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w"))) * 25.4 / 1440  # type: ignore[attr-defined]


def text_width_mm(text: str, size: float) -> float:
    font = ImageFont.truetype(str(SERIF_BOLD), 1000)
    return font.getlength(text) / 1000 * size * 25.4 / 72


def test_the_page_is_a4_with_the_margins_of_the_decree(q2: Document) -> None:
    section = q2.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert 20 <= mm(section.top_margin) <= 25
    assert 20 <= mm(section.bottom_margin) <= 25
    assert 30 <= mm(section.left_margin) <= 35
    assert 15 <= mm(section.right_margin) <= 20


def test_page_numbers_are_centred_in_the_header_from_page_two(q2: Document) -> None:
    section = q2.sections[0]
    assert section.different_first_page_header_footer
    number = section.header.paragraphs[0]
    assert number.alignment == 1  # centre
    assert number._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    assert all(not p.text for p in section.first_page_header.paragraphs)


@pytest.mark.parametrize(
    ("text", "size", "bold", "italic"),
    [
        ("UBND TỈNH QUẢNG NGÃI", (12, 13), False, False),
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", (12, 13), True, False),
        ("Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-SVHTTDL", (13, 13), False, False),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", (12, 13), True, False),
        ("Độc lập - Tự do - Hạnh phúc", (13, 14), True, False),
        ("Quảng Ngãi, ngày 05 tháng 02 năm 2020", (13, 14), False, True),
        ("BÁO CÁO", (13, 14), True, False),
        ("Kết quả thực hiện công tác tuyên truyền cải cách hành chính quý II năm 2020", (13, 14),
         True, False),
        ("Nơi nhận:", (12, 12), True, True),
        ("- UBND tỉnh;", (11, 11), False, False),
        ("- Lưu: VT, VP.", (11, 11), False, False),
        ("GIÁM ĐỐC", (13, 14), True, False),
        ("Nguyễn Minh Trí", (13, 14), True, False),
    ],
)
def test_each_element_of_header_and_footer_has_its_font_size_and_weight(
    q2: Document, text: str, size: tuple[int, int], bold: bool, italic: bool
) -> None:
    font, points, is_bold, is_italic = style(find(q2, text))
    assert font == "Times New Roman"
    assert points is not None and size[0] <= points <= size[1]
    assert (bool(is_bold), bool(is_italic)) == (bold, italic)


def test_the_header_is_two_borderless_columns_with_number_and_date_on_one_row(q2: Document) -> None:
    header = q2.tables[0]
    assert header.style.name != "Table Grid"
    left, right = header.rows[1].cells
    assert left.text.startswith("Số:") and right.text.startswith("Quảng Ngãi, ngày 05 tháng 02")
    assert [p.text for p in header.rows[0].cells[0].paragraphs if p.text] == [
        "UBND TỈNH QUẢNG NGÃI", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
    ]


def test_the_rules_under_the_issuing_body_the_motto_and_the_summary(q2: Document) -> None:
    cell = q2.tables[0].rows[0].cells[0]._tc
    column = cell_width(cell) - 2 * padding_mm(cell)
    body_rule = rule_after(q2, "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
    assert column / 3 <= body_rule <= column / 2
    motto = text_width_mm("Độc lập - Tự do - Hạnh phúc", 13)
    assert abs(rule_after(q2, "Độc lập - Tự do - Hạnh phúc") - motto) <= 1
    summary = rule_after(
        q2, "Kết quả thực hiện công tác tuyên truyền cải cách hành chính quý II năm 2020"
    )
    assert 20 <= summary <= 60


def test_body_paragraphs_are_justified_with_a_first_line_indent(q2: Document) -> None:
    normal = q2.styles["Normal"]
    layout = normal.paragraph_format
    assert (normal.font.name, normal.font.size.pt) == ("Times New Roman", 14)
    assert layout.alignment == 3  # justify
    assert mm(layout.first_line_indent) in (10.0, 12.7)
    assert layout.space_after.pt >= 6
    assert 1.0 <= layout.line_spacing <= 1.5
    opening = next(p for p in paragraphs(q2) if p.text.startswith("Thực hiện Kế hoạch"))
    assert opening.style.name == "Normal" and opening.paragraph_format.alignment is None
    assert opening.paragraph_format.first_line_indent is None


def test_the_body_ends_with_the_closing_mark_before_the_recipients(q2: Document) -> None:
    found = [p.text for p in paragraphs(q2) if p.text]
    closing = next(i for i, text in enumerate(found) if text.endswith("./."))
    assert found[closing] == (
        "Trên đây là báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành chính quý II "
        "năm 2020 của Sở Văn hóa, Thể thao và Du lịch Quảng Ngãi./."
    )
    assert found[closing + 1] == "Nơi nhận:"


def test_the_figures_are_in_tables_and_text_from_the_plan_survives_escaping(q2: Document) -> None:
    forms = q2.tables[1]
    assert [cell.text for cell in forms.rows[2].cells] == [
        "2", "Hoạt động văn hóa văn nghệ", "1", "2 buổi", "1.250", "1.250.000"
    ]
    assert [cell.text for cell in forms.rows[-1].cells] == [
        "", "Tổng cộng", "4", "2 buổi; 1 hội nghị; 3 pano; 5 tin bài", "1.335", "5.750.000"
    ]
    appendix = q2.tables[-1]
    assert appendix.rows[2].cells[3].text == "Thiết kế pano «R&D <nháp>» | *thử*"
    assert "{{" not in "".join(p.text for p in paragraphs(q2))
    assert "{%" not in "".join(p.text for p in paragraphs(q2))


def test_a_section_with_nothing_recorded_says_so(q2: Document) -> None:
    found = [p.text for p in paragraphs(q2) if p.text]
    first = found.index("I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI")
    assert found[first + 1] == "Chưa ghi nội dung."
    fourth = found.index("IV. KHÓ KHĂN, VƯỚNG MẮC, NGUYÊN NHÂN")
    assert found[fourth + 1] == "Kinh phí tuyên truyền còn hạn chế."


def test_the_same_report_gives_the_same_bytes(quarter_plan: Path, q2_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    done = run_cchc("report", "-q", "2", "-o", str(again), "--date", "05/02/2020", cwd=quarter_plan)

    assert done.code == 0, done.stderr
    assert again.read_bytes() == q2_file.read_bytes()


def test_without_output_the_docx_is_named_after_the_period(quarter_plan: Path, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    plan = quarter_plan / "plans" / "2020.yaml"

    done = run_cchc("report", "--half", "1", "-f", "docx", "--plan", str(plan), cwd=folder)

    assert done.code == 0, done.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["bao-cao-2020-H1.docx"]
    assert done.stderr.splitlines()[-1] == "Đã ghi báo cáo 6 tháng đầu năm 2020: bao-cao-2020-H1.docx"


def test_the_committed_templates_are_what_their_script_builds() -> None:
    from cchc_plan.templates.build_docx_template import OUTPUTS, build

    for kind, name in OUTPUTS.items():
        assert build(kind) == (ROOT / "templates" / name).read_bytes(), name


def test_libreoffice_prints_it_with_the_motto_and_the_titles_intact(q2_file: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(q2_file)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "bao-cao.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    assert "Độc lập - Tự do - Hạnh phúc" in pages[0]
    assert "Quảng Ngãi, ngày 05 tháng 02 năm 2020" in pages[0]
    flat = " ".join(text.split())
    for title in ("Biểu diễn lưu động tại xã Sơn Bao, huyện Sơn Hà",
                  "Hội nghị phổ biến Nghị định 61", "Biên tập tin bài cho xe lưu động"):
        assert title in flat
    assert "UBND TỈNH QUẢNG NGÃI" in pages[0]
    assert pages[1].split()[0] == "2"  # the page number, from page two on
    assert pages[0].split()[0] != "1"  # and none on the first page
