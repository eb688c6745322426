"""Builds `bao-cao.docx`, the Word template of the report, in the format of Nghị định 30/2020.

Run `python -m cchc_plan.templates.build_docx_template` after changing this file; a test checks
that the committed template is exactly what this script builds. The template holds Jinja tags
(docxtpl): a clerk may open it in Word or LibreOffice and restyle it without touching the tags.

Layout (Nghị định 30/2020, Phụ lục I): A4, margins 20/20/30/15 mm, Times New Roman; header in two
borderless columns with the rules under the issuing body and under the motto; «BÁO CÁO» and its
summary line; body 14 pt justified with a first-line indent; «Nơi nhận:» and the signer below;
page numbers centred in the top margin from page 2.

What a head of office sends back, and how the layout avoids it:
- the issuing body's name wraps: the header's columns have no inner padding, and the left one
  takes what the national motto leaves, 76 mm («CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» is 87,7 mm in
  12 pt bold). «SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH» is 77,1 mm in 12 pt bold, so the name is set
  12 pt with its letters 0,3 pt closer (as a văn thư condenses it in Word): 73,9 mm;
- a table heading breaks inside a word: every heading line fits its column (tests measure them),
  and a two-line heading breaks where it is written with «\n»;
- a date or document number breaks: the columns that hold them are wider than the longest such
  token, and the appendix, which needs eight columns, is a landscape section;
- a row splits across pages, a heading or a totals row is left alone at the foot of a page: rows
  cannot split, headings keep with what follows, and the rows of the short tables keep together;
- no room to sign: 32 mm between the signer's title and name.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from cchc_plan.reports.render import fixed_zip

FONT = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15
LANDSCAPE_WIDTH_MM = 297 - 30 - 15
LEFT_COLUMN_MM = 76
# How much closer the letters of the issuing body's name are set, in twentieths of a point.
CONDENSED = -6
RIGHT_COLUMN_MM = TEXT_WIDTH_MM - LEFT_COLUMN_MM
FOOTER_LEFT_MM = 70
TABLE_SIZE = 12
APPENDIX_SIZE = 11
# Rows of data kept on the page of a table's totals row.
KEPT_WITH_TOTALS = 2
SIGNATURE_SPACE_MM = 32
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
    table = _frame(document, 2, [LEFT_COLUMN_MM, RIGHT_COLUMN_MM], padded=False)
    left, right = table.rows[0].cells
    # The left block, line by line: a parent body is not bold, the body's own name is.
    _tag(left, "{%p for line in document.issuer %}", first=True)
    _tag(left, "{%p if line.bold %}")
    name = _line(left, "{{ line.text }}", size=12, bold=True, align="center")
    _tag(left, "{%p else %}")
    _line(left, "{{ line.text }}", size=12, align="center")
    _tag(left, "{%p endif %}")
    _tag(left, "{%p endfor %}")
    for run in name.runs:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CONDENSED))
        run._r.get_or_add_rPr().insert_element_before(
            spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
            "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em",
            "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
        )
    _rule(left, LEFT_COLUMN_MM, 30)
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
    _text(document, "Thực hiện {{ plan.citation }}, {{ plan.issuing_body }} báo cáo kết quả thực "
          "hiện công tác tuyên truyền cải cách hành chính {{ period.label }} (số liệu từ ngày "
          "{{ period.start | date }} đến ngày {{ period.end | date }}) như sau:")
    _tag(document, "{%p if period.estimated %}")
    _text(document, "Số liệu ghi «(ước)» là số ước thực hiện đến hết kỳ báo cáo; sẽ được thay "
          "bằng số thực hiện.", italic=True)
    _tag(document, "{%p endif %}")


def _body(document: Document) -> None:
    _heading(document, "I. {{ notes.chi_dao.title | upper }}")
    _notes(document, "chi_dao", empty="Chưa ghi nội dung.")
    _heading(document, "II. KẾT QUẢ THỰC HIỆN")
    _text(document, "Trong kỳ, các đơn vị đã thực hiện {{ totals.activities | number }} hoạt động "
          "tuyên truyền{% if totals.quantities %} ({{ totals.quantities | amounts }}){% endif %}"
          "{% if totals.participants %}, với {{ totals.participants | number }} lượt người tham dự"
          "{% endif %}{% if totals.cost %}; kinh phí {{ totals.cost | money }}{% endif %}.")
    _heading(document, "1. Kết quả theo hình thức tuyên truyền")
    _tally_table(document, "by_form", "Hình thức")
    _heading(document, "2. Kết quả theo nội dung tuyên truyền")
    _tally_table(document, "by_content", "Nội dung", with_total=False)
    _text(document, "Một hoạt động có thể thuộc nhiều nội dung, nên các dòng của bảng này không "
          "cộng thành tổng.", italic=True)
    _heading(document, "3. Kết quả thực hiện nhiệm vụ của các đơn vị")
    _tag(document, "{%p for unit in units %}")
    _heading(document, "{{ loop.index | letter }}) {{ unit.name }}: hoàn thành "
             "{{ unit.completion.done }}/{{ unit.completion.total }} nhiệm vụ "
             "({{ unit.completion.percent | percent }}).", space_before=9)
    _tag(document, "{%p if unit.totals.activities %}")
    _text(document, "Trong kỳ, đơn vị đã thực hiện {{ unit.totals.activities | number }} hoạt động"
          "{% if unit.totals.quantities %} ({{ unit.totals.quantities | amounts }}){% endif %}"
          "{% if unit.totals.participants %}, với {{ unit.totals.participants | number }} lượt "
          "người tham dự{% endif %}{% if unit.totals.cost %}; kinh phí "
          "{{ unit.totals.cost | money }}{% endif %}.", keep_with_next=True)
    _tag(document, "{%p else %}")
    _text(document, "Trong kỳ, đơn vị chưa ghi hoạt động nào.", keep_with_next=True)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if unit.members %}")
    table = _grid(document, [55, 25, 40, 25, 20],
                  ["Thành viên", "Số hoạt\nđộng", "Số lượng", "Lượt người\ntham dự", "Kinh phí\n(đồng)"])
    _rows(table, "for member in unit.members",
          ["{{ member.name }}", "{{ member.totals.activities | number }}",
           "{{ member.totals.quantities | amounts }}", "{{ member.totals.participants | number }}",
           "{{ member.totals.cost | number }}"], "lclcc")
    _spacer(document)
    _tag(document, "{%p endif %}")
    table = _grid(document, [12, 50, 32, 71],
                  ["TT", "Nhiệm vụ", "Tình hình\nthực hiện", "Hoạt động trong kỳ"])
    _row_loop(table, "for task in unit.tasks | task_rows")
    cells = table.add_row().cells
    _cell(cells[0], "{{ task.number }}", align="center")
    _cell(cells[1], "{{ task.title }}{% if task.deadline %} (thời hạn: {{ task.deadline.text }})"
          "{% endif %}")
    _cell(cells[2], "{{ task.standing }}{% if task.overdue %}, quá hạn{% endif %}"
          "{% if task.note %}: {{ task.note }}{% endif %}")
    _tag(cells[2], "{%p for target in task.targets %}")
    _cell(cells[2], "Chỉ tiêu {{ target.text }}: {% if target.achieved is none %}chưa ghi kết quả"
          "{% else %}đạt {% if target.kind == 'percent' %}{{ target.achieved | percent }}{% else %}"
          "{{ target.achieved | number }} {{ target.measure }}{% endif %}"
          "{% if target.kind == 'count' or target.value != 100 %} ({{ target.share | percent }} "
          "chỉ tiêu){% endif %}{% if target.estimated %} (ước){% endif %}{% endif %}")
    _tag(cells[2], "{%p endfor %}")
    _tag(cells[3], "{%p for line in task.activities %}", first=True)
    _cell(cells[3], "{{ line.date | date }}: {{ line.title }}{% if line.quantity %} "
          "({{ line.quantity | number }} {{ line.measure }}){% endif %}"
          "{% if line.location %}, tại {{ line.location }}{% endif %}"
          "{% if line.member_name %} ({{ line.member_name }}){% elif line.unit != unit.id %} "
          "({{ line.unit_short }}){% endif %}{% if line.estimated %} (ước){% endif %}")
    _tag(cells[3], "{%p else %}")
    _cell(cells[3], "Chưa có hoạt động", italic=True)
    _tag(cells[3], "{%p endfor %}")
    _row_loop(table, "endfor")
    _spacer(document)
    _tag(document, "{%p endfor %}")

    _heading(document, "III. ĐÁNH GIÁ CHUNG")
    _text(document, "Đến hết {{ period.label }}, đã hoàn thành {{ completion.done }}/"
          "{{ completion.total }} nhiệm vụ của kế hoạch ({{ completion.percent | percent }}).")
    table = _grid(document, [65, 34, 34, 32],
                  ["Đơn vị", "Nhiệm vụ\nhoàn thành", "Tổng số\nnhiệm vụ", "Tỷ lệ"])
    _rows(table, "for unit in units", ["{{ unit.name }}", "{{ unit.completion.done }}",
                                       "{{ unit.completion.total }}",
                                       "{{ unit.completion.percent | percent }}"],
          "lccc", kept=KEPT_WITH_TOTALS)
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
    _text(document, "- {{ task.unit_name }}: {{ task.title }} ({{ task.status_label | lower }}"
          "{% if task.status == 'in_progress' and task.percent %}, đạt {{ task.percent }}%"
          "{% endif %}){{ ';' if not loop.last else '.' }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p else %}")
    _text(document, "Các nhiệm vụ của kế hoạch đã hoàn thành.")
    _tag(document, "{%p endif %}")
    for key, opening in (("overdue", "Các nhiệm vụ đã quá hạn mà chưa hoàn thành:"),
                         ("due_next", "Các nhiệm vụ đến hạn trong {{ period.next_label }}:")):
        _tag(document, f"{{%p if {key} %}}")
        _text(document, opening)
        _tag(document, f"{{%p for task in {key} %}}")
        _text(document, "- {{ task.unit_name }}: {{ task.title }} (thời hạn: "
              "{{ task.deadline.text }}){{ ';' if not loop.last else '.' }}")
        _tag(document, "{%p endfor %}")
        _tag(document, "{%p endif %}")
    _notes(document, "phuong_huong", empty=None)
    _heading(document, "VI. {{ notes.kien_nghi.title | upper }}")
    _notes(document, "kien_nghi", empty="Chưa ghi nội dung.")
    _text(document, "Trên đây là báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành "
          "chính {{ period.label }} của {{ plan.issuing_body }}./.")


def _footer(document: Document) -> None:
    table = _frame(document, 1, [FOOTER_LEFT_MM, TEXT_WIDTH_MM - FOOTER_LEFT_MM])
    _keep_rows_whole(table)
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", space_before=6)
    _tag(left, "{%p for line in document.recipients %}")
    _line(left, "- {{ line }}", size=11, align="left")
    _tag(left, "{%p endfor %}")
    _tag(right, "{%p if document.signer.authority %}", first=True)
    _line(right, "{{ document.signer.authority }}", size=14, bold=True, align="center")
    _tag(right, "{%p endif %}")
    _line(right, "{{ document.signer.title }}", size=14, bold=True, align="center")
    name = _line(right, "{{ document.signer.name }}", size=14, bold=True, align="center")
    name.paragraph_format.space_before = Mm(SIGNATURE_SPACE_MM)


def _rollup(document: Document) -> None:
    _line(document, "{{ document.kind }}", size=14, bold=True, align="center", space_before=18)
    _line(document, "{{ document.summary }}", size=14, bold=True, align="center")
    _rule(document, TEXT_WIDTH_MM, 40)
    _text(document, "Số liệu từ ngày {{ period.start | date }} đến ngày {{ period.end | date }}.")
    _heading(document, "1. Mức hoàn thành nhiệm vụ của từng cơ quan")
    table = _grid(document, [10, 44, 25, 22, 17, 24, 23],
                  ["TT", "Cơ quan", "Nhiệm vụ\nhoàn thành", "Tổng số\nnhiệm vụ", "Tỷ lệ",
                   "Hoạt động\ntrong kỳ", "Kinh phí\n(đồng)"])
    _rows(table, "for department in departments",
          ["{{ loop.index }}", "{{ department.name }}", "{{ department.completion.done }}",
           "{{ department.completion.total }}", "{{ department.completion.percent | percent }}",
           "{{ department.totals.activities | number }}", "{{ department.totals.cost | number }}"],
          "clccccc", kept=KEPT_WITH_TOTALS)
    cells = table.add_row().cells
    totals = ["", "Cộng", "{{ completion.done }}", "{{ completion.total }}",
              "{{ completion.percent | percent }}", "{{ totals.activities | number }}",
              "{{ totals.cost | number }}"]
    for cell, value in zip(cells, totals, strict=True):
        _cell(cell, value, bold=True, align="left" if value == totals[1] else "center")
    _spacer(document)
    _text(document, "Trong kỳ, các cơ quan đã thực hiện {{ totals.activities | number }} hoạt động "
          "tuyên truyền{% if totals.quantities %} ({{ totals.quantities | amounts }}){% endif %}"
          "{% if totals.participants %}, với {{ totals.participants | number }} lượt người tham dự"
          "{% endif %}.")
    _heading(document, "2. Kết quả theo hình thức tuyên truyền của từng cơ quan")
    _tag(document, "{%p for department in departments %}")
    _text(document, "{{ loop.index | letter }}) {{ department.name }}", bold=True)
    _tag(document, "{%p if department.by_form %}")
    _tally_table(document, "department.by_form", "Hình thức", with_total=False)
    _tag(document, "{%p else %}")
    _text(document, "Không có hoạt động nào được ghi trong kỳ.")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _text(document, "Trên đây là báo cáo tổng hợp kết quả thực hiện công tác tuyên truyền cải cách "
          "hành chính {{ period.label }}./.")
    table = _frame(document, 1, [FOOTER_LEFT_MM, TEXT_WIDTH_MM - FOOTER_LEFT_MM])
    _keep_rows_whole(table)
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", space_before=6)
    _line(left, "- Lưu: VT.", size=11, align="left")
    for _ in range(6):
        _line(right, "", size=14, align="center")


def _appendix(document: Document) -> None:
    """The list of activities with their evidence, on landscape pages of its own: eight columns
    where dates, document numbers and places fit without breaking."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.different_first_page_header_footer = False
    _line(document, "PHỤ LỤC", size=14, bold=True, align="center")
    _line(document, "Danh sách hoạt động và tài liệu kiểm chứng", size=14, bold=True, align="center")
    _line(document, "(Kèm theo báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành chính "
          "{{ period.label }})", size=14, italic=True, align="center", space_after=12)
    _tag(document, "{%p if activities %}")
    _text(document, "{{ evidence | length }}/{{ activities | length }} hoạt động có tài liệu "
          "kiểm chứng.")
    table = _grid(document, [10, 24, 22, 55, 34, 24, 33, 50],
                  ["TT", "Ngày", "Đơn vị", "Hoạt động", "Hình thức", "Số lượng", "Địa điểm",
                   "Tài liệu kiểm chứng"], size=APPENDIX_SIZE, width=LANDSCAPE_WIDTH_MM)
    _rows(table, "for line in activities",
          ["{{ loop.index }}", "{{ line.date | date }}", "{{ line.unit_short }}",
           "{{ line.title }}", "{{ line.form_name }}",
           "{% if line.quantity %}{{ line.quantity | number }} {{ line.measure }}{% endif %}",
           "{{ line.location or '' }}", "{{ line.evidence or 'chưa có' }}"], "clllllll",
          size=APPENDIX_SIZE)
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


def _tally_table(document: Document, rows: str, name: str, with_total: bool = True) -> None:
    """A table of tallies (by form, by content) with a cost column; `with_total` adds the row of
    totals and keeps the rows on one page with it."""
    columns = ["TT", name, "Số hoạt động", "Số lượng", "Lượt người\ntham dự", "Kinh phí\n(đồng)"]
    table = _grid(document, [10, 45, 28, 32, 25, 25], columns)
    values = ["{{ loop.index }}", "{{ row.name }}", "{{ row.activities | number }}",
              "{{ row.quantities | amounts }}", "{{ row.participants | number }}",
              "{{ row.cost | number }}"]
    _rows(table, f"for row in {rows}", values, "clclcc", kept=KEPT_WITH_TOTALS if with_total else 0)
    if with_total:
        cells = table.add_row().cells
        totals = ["", "Tổng cộng", "{{ totals.activities | number }}",
                  "{{ totals.quantities | amounts }}", "{{ totals.participants | number }}",
                  "{{ totals.cost | number }}"]
        for cell, value in zip(cells, totals, strict=True):
            _cell(cell, value, bold=True, align="left" if value in totals[1:2] + totals[3:4] else "center")
    _spacer(document)


def _frame(document: Document, rows: int, widths: list[float], padded: bool = True) -> Table:
    """A borderless two-column table: the header and the footer of the document. Without
    `padded` its cells have no inner margin, so text may use the column's whole width."""
    table = document.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, widths, TEXT_WIDTH_MM)
    if not padded:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), "0")
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        properties = table._tbl.tblPr
        properties.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    return table


def _grid(
    document: Document, widths: list[float], headings: list[str], size: int = TABLE_SIZE,
    width: float = TEXT_WIDTH_MM,
) -> Table:
    """A table with lines and a bold heading row, for the figures; rows never split across
    pages and the heading row repeats on each page. A heading breaks only at its «\n»."""
    table = document.add_table(rows=1, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, widths, width)
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _cell(cell, heading, bold=True, align="center", size=size, keep_with_next=True)
    _row_flag(table.rows[0], "w:tblHeader")
    _row_flag(table.rows[0], "w:cantSplit")
    return table


def _widths(table: Table, widths: list[float], available: float) -> None:
    if abs(sum(widths) - available) > 0.05 and sum(widths) > available:
        raise ValueError(f"columns of {sum(widths)} mm in {available} mm")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _row_flag(row: object, flag: str) -> None:
    """Sets `w:cantSplit` (the row stays on one page) or `w:tblHeader` (it repeats on each page)."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    properties.append(OxmlElement(flag))


def _keep_rows_whole(table: Table) -> None:
    for row in table.rows:
        _row_flag(row, "w:cantSplit")


def _rows(
    table: Table, loop: str, values: list[str], aligns: str, kept: int = 0, size: int = TABLE_SIZE
) -> None:
    """The rows `loop` repeats, holding `values` aligned by `aligns` (one of «lcr» a column).
    The last `kept` rows stay on the page of the row after the loop (the totals), so a table
    may break across pages but its totals row is never alone."""
    def row(keep: bool) -> None:
        cells = table.add_row().cells
        for cell, value, align in zip(cells, values, aligns, strict=True):
            _cell(cell, value, align={"l": "left", "c": "center", "r": "right"}[align],
                  size=size, keep_with_next=keep)

    _row_loop(table, loop)
    if kept:
        _row_loop(table, f"if loop.revindex > {kept}")
        row(keep=False)
        _row_loop(table, "else")
        row(keep=True)
        _row_loop(table, "endif")
    else:
        row(keep=False)
    _row_loop(table, "endfor")


def _row_loop(table: Table, statement: str) -> None:
    """A row that docxtpl replaces by `{% statement %}`: rows between two such rows repeat."""
    cells = table.add_row().cells
    _cell(cells[0], f"{{%tr {statement} %}}")


def _cell(
    cell: _Cell, text: str, bold: bool = False, italic: bool = False, align: str = "left",
    size: int = TABLE_SIZE, keep_with_next: bool = False,
) -> Paragraph:
    """A paragraph in `cell`; a row that gets one can no longer split across pages, and with
    `keep_with_next` stays on the page of the row below it."""
    paragraph = cell.paragraphs[0] if _is_blank(cell) else cell.add_paragraph()
    _format(paragraph, align, space_before=2, space_after=2)
    paragraph.paragraph_format.keep_with_next = keep_with_next or None
    lines = text.split("\n")
    for position, line in enumerate(lines):
        run = _run(paragraph, line, size, bold, italic)
        if position < len(lines) - 1:
            run.add_break()
    row = cell._tc.getparent()
    if row.trPr is None or row.trPr.find(qn("w:cantSplit")) is None:
        row.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
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


def _text(
    document: Document, text: str, bold: bool = False, italic: bool = False,
    keep_with_next: bool = False,
) -> Paragraph:
    """A body paragraph: justified, first-line indent, 14 pt (from the Normal style)."""
    paragraph = document.add_paragraph()
    _run(paragraph, text, 14, bold, italic)
    if keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _heading(document: Document, text: str, space_before: int = 12) -> None:
    """A heading: on the page of what follows it, space above it, and set left, so that a
    heading of two lines is not stretched by justification."""
    paragraph = _text(document, text, bold=True, keep_with_next=True)
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _spacer(document: Document) -> None:
    _line(document, "", size=6)


def _rule(
    container: Document | _Cell, width_mm: float, length_mm: float, gap: int = 5
) -> None:
    """A solid rule of `length_mm`, centred in `width_mm` (less a table cell's padding), `gap`
    points below the text above it: a small paragraph with a top border."""
    paragraph = container.add_paragraph()
    if isinstance(container, _Cell) and _padded(container):
        width_mm -= 2 * CELL_PADDING_MM
    indent = Mm((width_mm - length_mm) / 2)
    _format(paragraph, "center", gap, 0, line_spacing=1.0)
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
                        "right": WD_ALIGN_PARAGRAPH.RIGHT,
                        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    layout.first_line_indent = Mm(0)
    layout.space_before = Pt(space_before)
    layout.space_after = Pt(space_after)
    layout.line_spacing = line_spacing


def _padded(cell: _Cell) -> bool:
    """Whether the cell's table keeps Word's default inner margins."""
    table = cell._tc.getparent().getparent()
    return table.tblPr.find(qn("w:tblCellMar")) is None


def _run(paragraph: Paragraph, text: str, size: int, bold: bool, italic: bool) -> Run:
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    return run


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
