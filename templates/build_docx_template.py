"""Builds `bao-cao.docx`, the Word template of the report, in the format of Nghị định 30/2020.

Run `python -m cchc_plan.templates.build_docx_template` after changing this file; a test checks
that the committed template is exactly what this script builds. The template holds Jinja tags
(docxtpl): a clerk may open it in Word or LibreOffice and restyle it without touching the tags.

Layout (Nghị định 30/2020, Phụ lục I): A4, margins 20/20/30/15 mm, Times New Roman; header in two
borderless columns with the rules under the issuing body and under the motto; «BÁO CÁO» and its
summary line; body 14 pt justified with a first-line indent; «Nơi nhận:» and the signer below;
page numbers centred in the top margin from page 2.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from cchc_plan.reports.render import fixed_zip

FONT = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15
LEFT_COLUMN_MM = 68
RIGHT_COLUMN_MM = TEXT_WIDTH_MM - LEFT_COLUMN_MM
# «Độc lập - Tự do - Hạnh phúc» in 13 pt bold Times New Roman is 56 mm wide; its rule matches it.
MOTTO_WIDTH_MM = 56
CELL_PADDING_MM = 1.905  # Word's default left and right cell margin, 108 twips
FIXED_TIME = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
OUTPUTS = {"report": "bao-cao.docx", "rollup": "bao-cao-tong-hop.docx"}


def build(kind: str = "report") -> bytes:
    """The template of a department's report (`report`) or of the province's roll-up
    (`rollup`) as bytes; the same code always gives the same bytes."""
    document = new_document()
    _page_setup(document)
    _styles(document)
    if kind == "report":
        _header(document, "{{ document.number_line }}")
        _title(document)
        _body(document)
        _footer(document)
        _appendix(document)
    else:
        _header(document, "")
        _rollup(document)
    properties = document.core_properties
    properties.title = "Báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành chính"
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.language = "vi-VN"
    properties.revision = 1
    properties.created = FIXED_TIME
    properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def _page_setup(document: Document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE", size=13)


def _styles(document: Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(language)
    paragraph = normal.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.first_line_indent = Mm(12.7)
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(6)
    paragraph.line_spacing = 1.15


def _header(document: Document, number_line: str) -> None:
    table = _frame(document, 2)
    left, right = table.rows[0].cells
    _line(left, "{{ document.parent_body }}", size=13, align="center")
    _line(left, "{{ document.issuing_body }}", size=13, bold=True, align="center")
    _rule(left, LEFT_COLUMN_MM, 25)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center")
    _line(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center")
    _rule(right, RIGHT_COLUMN_MM, MOTTO_WIDTH_MM)
    left, right = table.rows[1].cells
    _line(left, number_line, size=13, align="center", space_before=6)
    _line(right, "{{ document.date_line }}", size=14, italic=True, align="center", space_before=6)


def _title(document: Document) -> None:
    _line(document, "{{ document.kind }}", size=14, bold=True, align="center", space_before=18)
    _line(document, "{{ document.summary }}", size=14, bold=True, align="center")
    _rule(document, TEXT_WIDTH_MM, 40)
    _text(document, "Thực hiện {{ plan.kind }} {{ plan.title }}{% if plan.number %} số "
          "{{ plan.number }}{% if plan.issue_date %} ngày {{ plan.issue_date | date }}{% endif %}"
          "{% endif %}, {{ plan.issuing_body }} báo cáo kết quả thực hiện công tác tuyên truyền "
          "cải cách hành chính {{ period.label }} (số liệu từ ngày {{ period.start | date }} đến "
          "ngày {{ period.end | date }}) như sau:")


def _body(document: Document) -> None:
    _heading(document, "I. {{ notes.chi_dao.title | upper }}")
    _notes(document, "chi_dao", empty="Chưa ghi nội dung.")
    _heading(document, "II. KẾT QUẢ THỰC HIỆN")
    _text(document, "Trong kỳ, các đơn vị đã thực hiện {{ totals.activities | number }} hoạt động "
          "tuyên truyền{% if totals.quantities %} ({{ totals.quantities | amounts }}){% endif %}"
          "{% if totals.participants %}, với {{ totals.participants | number }} lượt người tham dự"
          "{% endif %}{% if totals.cost %}; kinh phí {{ totals.cost | money }}{% endif %}.")
    _heading(document, "1. Kết quả theo hình thức tuyên truyền")
    _tally_table(document, "by_form", "Hình thức", with_cost=True)
    _heading(document, "2. Kết quả theo nội dung tuyên truyền")
    _tally_table(document, "by_content", "Nội dung", with_cost=False)
    _text(document, "Một hoạt động có thể thuộc nhiều nội dung, nên các dòng của bảng này không "
          "cộng thành tổng.", italic=True)
    _heading(document, "3. Kết quả thực hiện nhiệm vụ của các đơn vị")
    _tag(document, "{%p for unit in units %}")
    _text(document, "{{ loop.index | letter }}) {{ unit.name }}: hoàn thành "
          "{{ unit.completion.done }}/{{ unit.completion.total }} nhiệm vụ "
          "({{ unit.completion.percent | percent }}).", bold=True)
    table = _grid(document, [10, 55, 35, 65],
                  ["TT", "Nhiệm vụ", "Tình hình thực hiện", "Hoạt động trong kỳ"])
    _row_loop(table, "for task in unit.tasks")
    cells = table.add_row().cells
    _cell(cells[0], "{{ loop.index }}", align="center")
    _cell(cells[1], "{{ task.title }}")
    _cell(cells[2], "{{ task.status_label }}{% if task.note %}: {{ task.note }}{% endif %}")
    _tag(cells[3], "{%p for line in task.activities %}", first=True)
    _cell(cells[3], "{{ line.date | date }}: {{ line.title }}{% if line.quantity %} "
          "({{ line.quantity | number }} {{ line.measure }}){% endif %}"
          "{% if line.unit != unit.id %} ({{ line.unit_short }}){% endif %}")
    _tag(cells[3], "{%p else %}")
    _cell(cells[3], "Chưa có hoạt động", italic=True)
    _tag(cells[3], "{%p endfor %}")
    _row_loop(table, "endfor")
    _tag(document, "{%p endfor %}")

    _heading(document, "III. ĐÁNH GIÁ CHUNG")
    _text(document, "Đến hết {{ period.label }}, đã hoàn thành {{ completion.done }}/"
          "{{ completion.total }} nhiệm vụ của kế hoạch ({{ completion.percent | percent }}).")
    table = _grid(document, [70, 35, 30, 30],
                  ["Đơn vị", "Nhiệm vụ hoàn thành", "Tổng số nhiệm vụ", "Tỷ lệ"])
    _row_loop(table, "for unit in units")
    cells = table.add_row().cells
    _cell(cells[0], "{{ unit.name }}")
    _cell(cells[1], "{{ unit.completion.done }}", align="center")
    _cell(cells[2], "{{ unit.completion.total }}", align="center")
    _cell(cells[3], "{{ unit.completion.percent | percent }}", align="center")
    _row_loop(table, "endfor")
    cells = table.add_row().cells
    _cell(cells[0], "Cả kế hoạch", bold=True)
    _cell(cells[1], "{{ completion.done }}", bold=True, align="center")
    _cell(cells[2], "{{ completion.total }}", bold=True, align="center")
    _cell(cells[3], "{{ completion.percent | percent }}", bold=True, align="center")
    _spacer(document)
    _notes(document, "danh_gia", empty=None)

    _heading(document, "IV. {{ notes.kho_khan.title | upper }}")
    _notes(document, "kho_khan", empty="Chưa ghi nội dung.")
    _heading(document, "V. {{ notes.phuong_huong.title | upper }}")
    _tag(document, "{%p if pending %}")
    _text(document, "Tiếp tục thực hiện các nhiệm vụ chưa hoàn thành:")
    _tag(document, "{%p for task in pending %}")
    _text(document, "- {{ task.unit_name }}: {{ task.title }} ({{ task.status_label | lower }})"
          "{{ ';' if not loop.last else '.' }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p else %}")
    _text(document, "Các nhiệm vụ của kế hoạch đã hoàn thành.")
    _tag(document, "{%p endif %}")
    _notes(document, "phuong_huong", empty=None)
    _heading(document, "VI. {{ notes.kien_nghi.title | upper }}")
    _notes(document, "kien_nghi", empty="Chưa ghi nội dung.")
    _text(document, "Trên đây là báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành "
          "chính {{ period.label }} của {{ plan.issuing_body }}./.")


def _footer(document: Document) -> None:
    table = _frame(document, 1)
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", space_before=6)
    _tag(left, "{%p for line in document.recipients %}")
    _line(left, "- {{ line }}", size=11, align="left")
    _tag(left, "{%p endfor %}")
    _tag(right, "{%p if document.signer.authority %}", first=True)
    _line(right, "{{ document.signer.authority }}", size=14, bold=True, align="center")
    _tag(right, "{%p endif %}")
    _line(right, "{{ document.signer.title }}", size=14, bold=True, align="center")
    for _ in range(4):
        _line(right, "", size=14, align="center")
    _line(right, "{{ document.signer.name }}", size=14, bold=True, align="center")


def _rollup(document: Document) -> None:
    _line(document, "{{ document.kind }}", size=14, bold=True, align="center", space_before=18)
    _line(document, "{{ document.summary }}", size=14, bold=True, align="center")
    _rule(document, TEXT_WIDTH_MM, 40)
    _text(document, "Số liệu từ ngày {{ period.start | date }} đến ngày {{ period.end | date }}.")
    _heading(document, "1. Mức hoàn thành nhiệm vụ của từng cơ quan")
    table = _grid(document, [11, 50, 22, 22, 20, 20, 20],
                  ["TT", "Cơ quan", "Nhiệm vụ hoàn thành", "Tổng số nhiệm vụ", "Tỷ lệ",
                   "Hoạt động trong kỳ", "Kinh phí (đồng)"], size=12)
    _row_loop(table, "for department in departments")
    cells = table.add_row().cells
    values = ["{{ loop.index }}", "{{ department.name }}", "{{ department.completion.done }}",
              "{{ department.completion.total }}", "{{ department.completion.percent | percent }}",
              "{{ department.totals.activities | number }}", "{{ department.totals.cost | number }}"]
    for cell, value in zip(cells, values, strict=True):
        _cell(cell, value, size=12, align="left" if value == values[1] else "center")
    _row_loop(table, "endfor")
    cells = table.add_row().cells
    totals = ["", "Cộng", "{{ completion.done }}", "{{ completion.total }}",
              "{{ completion.percent | percent }}", "{{ totals.activities | number }}",
              "{{ totals.cost | number }}"]
    for cell, value in zip(cells, totals, strict=True):
        _cell(cell, value, size=12, bold=True, align="left" if value == totals[1] else "center")
    _spacer(document)
    _text(document, "Trong kỳ, các cơ quan đã thực hiện {{ totals.activities | number }} hoạt động "
          "tuyên truyền{% if totals.quantities %} ({{ totals.quantities | amounts }}){% endif %}"
          "{% if totals.participants %}, với {{ totals.participants | number }} lượt người tham dự"
          "{% endif %}.")
    _heading(document, "2. Kết quả theo hình thức tuyên truyền của từng cơ quan")
    _tag(document, "{%p for department in departments %}")
    _text(document, "{{ loop.index | letter }}) {{ department.name }}", bold=True)
    _tag(document, "{%p if department.by_form %}")
    _tally_table(document, "department.by_form", "Hình thức", with_cost=True, with_total=False)
    _tag(document, "{%p else %}")
    _text(document, "Không có hoạt động nào được ghi trong kỳ.")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _text(document, "Trên đây là báo cáo tổng hợp kết quả thực hiện công tác tuyên truyền cải cách "
          "hành chính {{ period.label }}./.")
    table = _frame(document, 1)
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", space_before=6)
    _line(left, "- Lưu: VT.", size=11, align="left")
    for _ in range(6):
        _line(right, "", size=14, align="center")


def _appendix(document: Document) -> None:
    breaker = document.add_paragraph()
    breaker.add_run().add_break(WD_BREAK.PAGE)
    _line(document, "PHỤ LỤC", size=14, bold=True, align="center")
    _line(document, "Danh sách hoạt động và tài liệu kiểm chứng", size=14, bold=True, align="center")
    _line(document, "(Kèm theo báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành chính "
          "{{ period.label }})", size=14, italic=True, align="center", space_after=12)
    _tag(document, "{%p if activities %}")
    _text(document, "{{ evidence | length }}/{{ activities | length }} hoạt động có tài liệu "
          "kiểm chứng.")
    table = _grid(document, [8, 21, 20, 46, 24, 20, 26],
                  ["TT", "Ngày", "Đơn vị", "Hoạt động", "Hình thức", "Số lượng", "Tài liệu kiểm chứng"],
                  size=11)
    _row_loop(table, "for line in activities")
    cells = table.add_row().cells
    values = ["{{ loop.index }}", "{{ line.date | date }}", "{{ line.unit_short }}",
              "{{ line.title }}", "{{ line.form_name }}",
              "{% if line.quantity %}{{ line.quantity | number }} {{ line.measure }}{% endif %}",
              "{{ line.evidence or 'chưa có' }}"]
    for cell, value in zip(cells, values, strict=True):
        _cell(cell, value, size=11, align="center" if value == "{{ loop.index }}" else "left")
    _row_loop(table, "endfor")
    _tag(document, "{%p else %}")
    _text(document, "Không có hoạt động nào được ghi trong kỳ.")
    _tag(document, "{%p endif %}")


def _notes(document: Document, section: str, empty: str | None) -> None:
    _tag(document, f"{{%p for paragraph in notes.{section}.paragraphs %}}")
    _text(document, "{{ paragraph }}")
    if empty is not None:
        _tag(document, "{%p else %}")
        _text(document, empty)
    _tag(document, "{%p endfor %}")


def _tally_table(
    document: Document, rows: str, name: str, with_cost: bool, with_total: bool = True
) -> None:
    columns = ["TT", name, "Số hoạt động", "Số lượng", "Lượt người tham dự"]
    widths = [10, 55, 22, 35, 23]
    if with_cost:
        columns.append("Kinh phí (đồng)")
        widths = [10, 48, 20, 30, 22, 35]
    table = _grid(document, widths, columns)
    _row_loop(table, f"for row in {rows}")
    cells = table.add_row().cells
    values = ["{{ loop.index }}", "{{ row.name }}", "{{ row.activities | number }}",
              "{{ row.quantities | amounts }}", "{{ row.participants | number }}",
              "{{ row.cost | number }}"]
    for cell, value in zip(cells, values, strict=False):
        _cell(cell, value, align="left" if value in values[1:2] + values[3:4] else "center")
    _row_loop(table, "endfor")
    if with_cost and with_total:
        cells = table.add_row().cells
        totals = ["", "Tổng cộng", "{{ totals.activities | number }}",
                  "{{ totals.quantities | amounts }}", "{{ totals.participants | number }}",
                  "{{ totals.cost | number }}"]
        for cell, value in zip(cells, totals, strict=True):
            _cell(cell, value, bold=True, align="left" if value in totals[1:2] + totals[3:4] else "center")
    _spacer(document)


def _frame(document: Document, rows: int) -> Table:
    """A borderless two-column table: the header and the footer of the document."""
    table = document.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, [LEFT_COLUMN_MM, RIGHT_COLUMN_MM])
    return table


def _grid(
    document: Document, widths: list[int], headings: list[str], size: int = 13
) -> Table:
    """A table with lines and a bold heading row, for the figures."""
    table = document.add_table(rows=1, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, widths)
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _cell(cell, heading, bold=True, align="center", size=size)
    _repeat_heading(table.rows[0])
    return table


def _widths(table: Table, widths: list[int]) -> None:
    scale = TEXT_WIDTH_MM / sum(widths) if sum(widths) > TEXT_WIDTH_MM else 1
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width * scale)
        for cell in column.cells:
            cell.width = Mm(width * scale)


def _repeat_heading(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    properties.append(header)


def _row_loop(table: Table, statement: str) -> None:
    """A row that docxtpl replaces by `{% statement %}`: rows between two such rows repeat."""
    cells = table.add_row().cells
    _cell(cells[0], f"{{%tr {statement} %}}")


def _cell(
    cell: _Cell, text: str, bold: bool = False, italic: bool = False, align: str = "left",
    size: int = 13,
) -> Paragraph:
    paragraph = cell.paragraphs[0] if _is_blank(cell) else cell.add_paragraph()
    _format(paragraph, align, space_before=2, space_after=2)
    _run(paragraph, text, size, bold, italic)
    return paragraph


def _is_blank(cell: _Cell) -> bool:
    return len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs


def _tag(container: Document | _Cell, tag: str, first: bool = False) -> None:
    """A paragraph holding only a docxtpl tag; it disappears from the rendered document."""
    if isinstance(container, _Cell) and first and _is_blank(container):
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    _run(paragraph, tag, 13, False, False)


def _line(
    container: Document | _Cell, text: str, size: int, bold: bool = False, italic: bool = False,
    align: str = "center", space_before: int = 0, space_after: int = 0,
) -> Paragraph:
    """A line of the header, title or footer: no indent, its own size and weight."""
    if isinstance(container, _Cell) and _is_blank(container):
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    _format(paragraph, align, space_before, space_after, line_spacing=1.0)
    _run(paragraph, text, size, bold, italic)
    return paragraph


def _text(document: Document, text: str, bold: bool = False, italic: bool = False) -> Paragraph:
    """A body paragraph: justified, first-line indent, 14 pt (from the Normal style)."""
    paragraph = document.add_paragraph()
    _run(paragraph, text, 14, bold, italic)
    return paragraph


def _heading(document: Document, text: str) -> None:
    paragraph = _text(document, text, bold=True)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)


def _spacer(document: Document) -> None:
    _line(document, "", size=6)


def _rule(container: Document | _Cell, width_mm: float, length_mm: float) -> None:
    """A solid rule of `length_mm`, centred in `width_mm` (a table column loses its cell padding),
    a little below the text above it: a small paragraph with a top border."""
    paragraph = container.add_paragraph()
    if isinstance(container, _Cell):
        width_mm -= 2 * CELL_PADDING_MM
    indent = Mm((width_mm - length_mm) / 2)
    _format(paragraph, "center", 2, 0, line_spacing=1.0)
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(name), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"
    )
    _run(paragraph, "", 4, False, False)


def _format(
    paragraph: Paragraph, align: str, space_before: int, space_after: int, line_spacing: float = 1.0
) -> None:
    layout = paragraph.paragraph_format
    layout.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    layout.first_line_indent = Mm(0)
    layout.space_before = Pt(space_before)
    layout.space_after = Pt(space_after)
    layout.line_spacing = line_spacing


def _run(paragraph: Paragraph, text: str, size: int, bold: bool, italic: bool) -> None:
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _field(paragraph: Paragraph, instruction: str, size: int) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    measure = OxmlElement("w:sz")
    measure.set(qn("w:val"), str(size * 2))
    properties.extend([fonts, measure])
    text = OxmlElement("w:t")
    text.text = "2"
    run.extend([properties, text])
    field.append(run)
    paragraph._p.append(field)


if __name__ == "__main__":
    for name, file_name in OUTPUTS.items():
        output = Path(__file__).resolve().parent / file_name
        output.write_bytes(build(name))
        print(output)
