"""The plan's data model (schema version 2): the one place that says what a plan file may hold.

Structure and value rules live here; rules that relate parts of the plan to each other
(ids unique, references resolvable) live in `references`, so that every fault of a file
is reported at once.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .terms import NoteSection, PeriodCode

SCHEMA_VERSION = 2
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ACTIVITY_ID_PATTERN = r"^[A-Z]+-[0-9]{4}-[0-9A-Za-z]+(-[0-9A-Za-z]+)*$"

# The control characters (Unicode category Cc) but the line break, and the invisible format
# characters no Vietnamese text needs: zero-width spaces and joiners, a byte-order mark inside
# the text, and the bidirectional controls that can make a text display in another order than
# it reads (so a report could show what the file does not say).
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                      "\u2066-\u2069\ufeff]")
# Text `cchc init` leaves for the clerk to write; a plan still holding it is not finished.
PLACEHOLDER = "CẦN ĐIỀN"


def clean_text(value: str) -> str:
    """Store text in Unicode NFC; refuse blank text and invisible control characters."""
    text = unicodedata.normalize("NFC", value)
    if not text.strip():
        raise PydanticCustomError("empty_text", "không được để trống")
    control = _CONTROL.search(text)
    if control is not None:
        raise PydanticCustomError(
            "control_character",
            "có ký tự điều khiển không nhìn thấy được (mã U+{codepoint}); hãy xóa nó",
            {"codepoint": f"{ord(control.group()):04X}"},
        )
    return text


def filled(text: str) -> str:
    """Text of the plan itself must not still be a mark that `cchc init` left for the clerk."""
    if text.startswith(PLACEHOLDER):
        raise PydanticCustomError("placeholder", "chưa điền: «{text}»", {"text": text})
    return text


Text = Annotated[str, AfterValidator(clean_text)]
# The plan's own wording (header, basis, contents, tasks, recipients, signer): a record's text
# may say anything, but the plan's text may not be left as «CẦN ĐIỀN: ...».
PlanText = Annotated[str, AfterValidator(clean_text), AfterValidator(filled)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=40)]
Code = Annotated[str, StringConstraints(pattern=r"^[A-ZĐ0-9-]+$", max_length=20)]
ActivityId = Annotated[str, StringConstraints(pattern=ACTIVITY_ID_PATTERN, max_length=40)]
Quarter = Annotated[int, Field(ge=1, le=4)]
Status = Literal["not_started", "in_progress", "done"]
STATUS_LABELS = {
    "not_started": "Chưa triển khai",
    "in_progress": "Đang triển khai",
    "done": "Hoàn thành",
}
ReportingRule = Literal["statutory", "calendar"]


def _none_as_empty(value: object) -> object:
    """`activities:` with nothing under it is an empty list, so the first record only adds lines."""
    return [] if value is None else value


def _allow_null_lists(schema: dict[str, Any]) -> None:
    for name in ("activities", "progress", "notes"):
        schema["properties"][name]["type"] = ["array", "null"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Header(Model):
    """Phần đầu văn bản kế hoạch."""

    parent_body: PlanText | None = Field(
        default=None,
        description="Cơ quan chủ quản, ví dụ «UBND tỉnh Quảng Ngãi»; để trống với UBND các cấp và bộ",
    )
    issuing_body: PlanText = Field(
        description="Cơ quan ban hành, ví dụ «Sở Văn hóa, Thể thao và Du lịch Quảng Ngãi», "
        "«Ủy ban nhân dân tỉnh Bình Định», «Bộ Nội vụ»"
    )
    issuing_body_code: Code = Field(
        description="Chữ viết tắt tên cơ quan trong số ký hiệu, ví dụ SVHTTDL"
    )
    place: PlanText = Field(description="Địa danh ghi ở dòng ngày tháng, ví dụ «Quảng Ngãi»")
    kind: PlanText = Field(default="Kế hoạch", description="Tên loại văn bản")
    kind_code: Code = Field(default="KH", description="Chữ viết tắt tên loại văn bản, ví dụ KH")
    number: int | None = Field(default=None, ge=1, description="Số văn bản, nếu đã có")
    issue_date: dt.date | None = Field(default=None, description="Ngày ban hành (YYYY-MM-DD)")
    title: PlanText = Field(description="Trích yếu nội dung")
    year: int = Field(ge=2000, le=2100, description="Năm của kế hoạch")
    decision: Decision | None = Field(
        default=None, description="Quyết định ban hành kế hoạch, khi kế hoạch kèm theo một quyết định"
    )


class Decision(Model):
    """Quyết định ban hành kế hoạch («Điều 1. Ban hành kèm theo Quyết định này Kế hoạch …»)."""

    number: int | None = Field(default=None, ge=1, description="Số quyết định, nếu đã có")
    kind_code: Code = Field(default="QĐ", description="Chữ viết tắt tên loại văn bản")
    issue_date: dt.date | None = Field(default=None, description="Ngày ký quyết định (YYYY-MM-DD)")
    issuer: PlanText = Field(description="Thẩm quyền ban hành, ví dụ «Bộ trưởng Bộ Nội vụ»")
    title: PlanText = Field(description="Trích yếu, ví dụ «Về việc ban hành Kế hoạch …»")
    basis: list[PlanText] = Field(default_factory=list, description="Căn cứ ban hành quyết định")
    considering: PlanText | None = Field(
        default=None, description="«Xét đề nghị của …», như trong quyết định đã ký"
    )
    articles: list[PlanText] = Field(
        default_factory=list, description="Các điều của quyết định (Điều 1, Điều 2, Điều 3), nguyên văn"
    )


class Goals(Model):
    """Mục tiêu: a) Mục tiêu chung; b) Mục tiêu cụ thể."""

    general: list[PlanText] = Field(default_factory=list, description="Mục tiêu chung")
    specific: list[PlanText] = Field(default_factory=list, description="Mục tiêu cụ thể")


class AudienceGroup(Model):
    id: Slug
    name: PlanText


class Audiences(Model):
    """II. Đối tượng tuyên truyền."""

    text: PlanText = Field(description="Câu văn như trong kế hoạch đã ký")
    groups: list[AudienceGroup] = Field(default_factory=list)


class ContentItem(Model):
    """Một nội dung tuyên truyền (mục III.1)."""

    id: Slug
    name: PlanText = Field(description="Tên ngắn dùng trong bảng biểu")
    text: PlanText = Field(description="Câu văn như trong kế hoạch đã ký")


class Form(Model):
    """Một hình thức tuyên truyền (mục III.2)."""

    id: Slug
    name: PlanText = Field(description="Tên ngắn dùng trong bảng biểu")
    text: PlanText = Field(description="Câu văn như trong kế hoạch đã ký")


# A quantity may have a fractional part («1,5 giờ»): at most two decimal places.
QUANTITY_MAX = 1_000_000


def _whole_if_integral(value: float) -> float | int:
    """1.0 is 1; a fraction keeps at most two decimals («1,5 giờ», «0,25 ngày»)."""
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        if abs(round(value, 2) - value) > 1e-9:
            raise PydanticCustomError(
                "decimal_places", "số lượng «{value}» có quá hai chữ số sau dấu phẩy",
                {"value": value},
            )
    return value


Amount = Annotated[int | float, AfterValidator(_whole_if_integral)]
TargetKind = Literal["count", "percent"]


class Target(Model):
    """Chỉ tiêu: một số lượng có đơn vị tính («04 hội nghị», «ít nhất 12 tin, bài»), hoặc một tỷ lệ
    phần trăm («100% cơ quan, đơn vị …»). «100%» là tỷ lệ, không phải số 100."""

    text: PlanText | None = Field(
        default=None, description="Câu chữ của chỉ tiêu như trong kế hoạch, ví dụ «100% cơ quan …»"
    )
    quantity: int | None = Field(default=None, ge=1, le=QUANTITY_MAX, description="Số lượng")
    measure: Text | None = Field(default=None, description="Đơn vị tính, ví dụ «tin bài», «hội nghị»")
    percent: Annotated[float, AfterValidator(_whole_if_integral)] | None = Field(
        default=None, gt=0, le=100, description="Tỷ lệ phần trăm phải đạt, 0–100"
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Target:
        if (self.quantity is None) == (self.percent is None):
            raise PydanticCustomError(
                "target_kind",
                "một chỉ tiêu cần đúng một trong hai: số lượng (quantity, kèm measure) "
                "hoặc tỷ lệ phần trăm (percent)",
            )
        if self.quantity is not None and self.measure is None:
            raise PydanticCustomError(
                "quantity_without_measure", "có số lượng nhưng thiếu đơn vị tính (measure)"
            )
        return self

    @property
    def kind(self) -> TargetKind:
        return "count" if self.quantity is not None else "percent"

    @property
    def value(self) -> int | float:
        value = self.quantity if self.quantity is not None else self.percent
        assert value is not None
        return value

    @property
    def label(self) -> str:
        """The target as the plan words it, else «12 tin bài» or «92,5%»."""
        if self.text:
            return self.text
        if self.kind == "count":
            return f"{self.quantity} {self.measure}"
        return f"{self.value:g}%".replace(".", ",")


# A deadline as the plan writes it: a date (2021-06-30), «trước ngày 30/6/2021», «Quý II»,
# «tháng 6», or «thường xuyên» / «cả năm»; `plan.deadlines` reads it.
DeadlineText = Annotated[str, AfterValidator(clean_text), StringConstraints(max_length=100)]


class Task(Model):
    """Một nhiệm vụ được giao cho đơn vị; có thể có nhiệm vụ con («-» và «+» trong kế hoạch)."""

    id: Slug
    title: PlanText | None = Field(default=None, description="Tên ngắn dùng trong bảng biểu")
    text: PlanText = Field(description="Câu văn như trong kế hoạch đã ký")
    lead: list[Slug] = Field(
        default_factory=list,
        description="Các đơn vị chủ trì; để trống là chính đơn vị được giao",
    )
    coordinating: list[Annotated[str, AfterValidator(clean_text)]] = Field(
        default_factory=list,
        description="Đơn vị phối hợp: mã đơn vị trong kế hoạch, hoặc tên bằng lời "
        "(«các cơ quan, đơn vị có liên quan»)",
    )
    forms: list[Slug] = Field(default_factory=list, description="Hình thức tuyên truyền liên quan")
    contents: list[Slug] = Field(default_factory=list, description="Nội dung tuyên truyền liên quan")
    deadline: DeadlineText | dt.date | None = Field(
        default=None,
        description="Thời hạn: một ngày (2021-06-30, «trước ngày 30/6/2021»), một quý («Quý II»), "
        "một tháng («tháng 6») hoặc «thường xuyên»",
    )
    targets: list[Target] = Field(default_factory=list)
    subtasks: list[Task] = Field(default_factory=list, description="Nhiệm vụ con")

    @property
    def label(self) -> str:
        return self.title or self.text

    def walk(self) -> list[Task]:
        """This task and its sub-tasks at every depth, in the plan's order."""
        return [self, *(task for sub in self.subtasks for task in sub.walk())]


class Member(Model):
    """Một thành viên của đơn vị tập thể («UBND xã Sơn Hạ» trong «UBND các xã, thị trấn»)."""

    id: Slug
    name: PlanText


class Unit(Model):
    """Một phòng ban, đơn vị thực hiện (mục Tổ chức thực hiện); có thể là đơn vị tập thể."""

    id: Slug
    name: PlanText = Field(description="Tên đầy đủ")
    short_name: PlanText = Field(description="Tên viết tắt, ví dụ VP, QLVH")
    members: list[Member] = Field(
        default_factory=list,
        description="Thành viên, khi đơn vị là tập thể («UBND các xã, thị trấn»)",
    )
    tasks: list[Task] = Field(default_factory=list)


# The authority forms of Nghị định 30/2020: on behalf of a collective body, for the head, by
# order, by authorisation, acting.
AUTHORITY_FORMS = ("TM.", "KT.", "TL.", "TUQ.", "Q.")


def _authority_form(text: str) -> str:
    head = text.split(maxsplit=1)
    if not head or head[0].upper() not in AUTHORITY_FORMS or len(head) < 2:
        raise PydanticCustomError(
            "authority_form",
            "quyền hạn ký «{text}» không đúng thể thức: bắt đầu bằng TM., KT., TL., TUQ. hoặc Q. "
            "rồi đến chức vụ, ví dụ «KT. Giám đốc», «TM. Ủy ban nhân dân»",
            {"text": text},
        )
    return text


class Signer(Model):
    """Người ký: quyền hạn (khi ký thay), chức vụ, họ tên (có thể chưa biết khi soạn kế hoạch)."""

    name: PlanText | None = Field(default=None, description="Họ và tên; để trống khi chưa biết")
    title: PlanText = Field(description="Chức vụ của người ký, ví dụ «Giám đốc», «Phó Chủ tịch»")
    authority: Annotated[str, AfterValidator(clean_text), AfterValidator(_authority_form)] | None = (
        Field(default=None, description="Quyền hạn ký: «TM. Ủy ban nhân dân», «KT. Giám đốc», "
              "«TL. Bộ trưởng», «TUQ. Chủ tịch», «Q. Giám đốc»")
    )


class Reporting(Model):
    """Chế độ báo cáo: mốc chốt số liệu theo Nghị định 09/2019 (statutory) hoặc theo quý dương lịch."""

    rule: ReportingRule = "statutory"
    recipients: list[PlanText] | None = Field(
        default=None,
        description="Nơi nhận của báo cáo, mỗi dòng một nơi; để trống thì dùng nơi nhận của kế hoạch",
    )


def _unmarked(value: bool) -> bool:
    """A record that is not an estimate says nothing of it (its JSON, like its file, has no
    `estimated: false`)."""
    return not value


class Activity(Model):
    """Một hoạt động đã thực hiện."""

    id: ActivityId
    date: dt.date
    unit: Slug
    task: Slug
    title: Text
    form: Slug | None = None
    contents: list[Slug] = Field(default_factory=list)
    quantity: Amount | None = Field(
        default=None, gt=0, le=QUANTITY_MAX, description="Số lượng; có thể lẻ, ví dụ 1.5 (giờ)"
    )
    measure: Text | None = None
    member: Slug | None = Field(
        default=None, description="Thành viên của đơn vị tập thể đã thực hiện hoạt động"
    )
    estimated: bool = Field(default=False, exclude_if=_unmarked,
                            description="Số liệu ước thực hiện, sẽ thay bằng số thật")
    participants: int | None = Field(default=None, ge=0, le=100_000_000)
    cost: int | None = Field(default=None, ge=0, le=1_000_000_000_000, description="Kinh phí (đồng)")
    location: Text | None = None
    evidence: Text | None = Field(default=None, description="Tài liệu kiểm chứng: đường dẫn, số văn bản")

    @model_validator(mode="after")
    def _quantity_has_measure(self) -> Activity:
        if self.quantity is not None and self.measure is None:
            raise PydanticCustomError(
                "quantity_without_measure", "có số lượng nhưng thiếu đơn vị tính (measure)"
            )
        return self


class ProgressRecord(Model):
    """Tiến độ của một nhiệm vụ trong một quý; bản ghi sau cùng có hiệu lực."""

    id: ActivityId | None = Field(
        default=None, description="Mã bản ghi, ví dụ TD-2020-0001-k3fz (cchc tự đặt; bản ghi cũ có thể không có)"
    )
    unit: Slug
    task: Slug
    quarter: Quarter
    status: Status
    percent: int | None = Field(default=None, ge=0, le=100)
    note: Text | None = None
    achieved: Annotated[float, AfterValidator(_whole_if_integral)] | None = Field(
        default=None, ge=0, le=100,
        description="Tỷ lệ phần trăm đã đạt của chỉ tiêu tỷ lệ của nhiệm vụ",
    )
    target: int | None = Field(
        default=None, ge=1, le=50,
        description="Chỉ tiêu thứ mấy của nhiệm vụ mà «achieved» nói đến (khi có nhiều chỉ tiêu tỷ lệ)",
    )
    estimated: bool = Field(default=False, exclude_if=_unmarked, description="Số liệu ước thực hiện")
    date: dt.date | None = Field(default=None, description="Ngày ghi nhận")


class Note(Model):
    """Một đoạn văn cán bộ tự viết cho một mục của báo cáo một kỳ (khó khăn, kiến nghị...)."""

    id: ActivityId | None = Field(
        default=None, description="Mã ghi chép, ví dụ GC-2020-0001-k3fz (cchc tự đặt; ghi chép cũ có thể không có)"
    )
    period: PeriodCode = Field(description="Kỳ báo cáo: Q1–Q4, H1, H2, 9M hoặc year")
    section: NoteSection = Field(description="Mục của báo cáo")
    text: Text
    date: dt.date | None = Field(default=None, description="Ngày ghi")


def _path_as_entry(value: object) -> object:
    """`- hoat-dong/vp.yaml` is short for `- file: hoat-dong/vp.yaml`."""
    return {"file": value} if isinstance(value, str) else value


class Include(Model):
    """Một tệp con chứa hoạt động, tiến độ, ghi chép (ví dụ mỗi đơn vị một tệp)."""

    file: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="Đường dẫn tương đối, tính từ thư mục của tệp kế hoạch"
    )
    units: list[Slug] = Field(
        default_factory=list,
        description="Hoạt động và tiến độ của các đơn vị này được «cchc» ghi vào tệp này",
    )


RECORD_LISTS = ("activities", "progress", "notes")
# The values each record list is kept sorted by in the file (as text: ISO dates sort as dates):
# what `cchc fmt` writes, and where a recording puts a new record. Progress records and notes
# keep the order they were written in.
RECORD_ORDER: dict[str, tuple[str, ...]] = {"activities": ("date", "id")}


class Plan(Model):
    """Kế hoạch tuyên truyền cải cách hành chính (tệp kế hoạch, phiên bản lược đồ 2)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Kế hoạch tuyên truyền cải cách hành chính",
        json_schema_extra=_allow_null_lists,
    )

    schema_version: Literal[2] = Field(description="Phiên bản lược đồ tệp kế hoạch")
    include: list[Annotated[Include, BeforeValidator(_path_as_entry)]] = Field(
        default_factory=list,
        description="Tệp con chứa activities, progress, notes (nằm trong thư mục của kế hoạch)",
    )
    header: Header
    legal_basis: list[PlanText] = Field(description="Căn cứ ban hành")
    preamble: PlanText = Field(description="Đoạn mở đầu như trong kế hoạch đã ký")
    goals: Goals | None = Field(default=None, description="Mục tiêu chung và mục tiêu cụ thể")
    purposes: list[PlanText] = Field(default_factory=list, description="I.1 Mục đích")
    requirements: list[PlanText] = Field(default_factory=list, description="I.2 Yêu cầu")
    audiences: Audiences
    contents: list[ContentItem] = Field(description="III.1 Nội dung tuyên truyền")
    forms: list[Form] = Field(description="III.2 Hình thức tuyên truyền")
    funding: list[PlanText] = Field(default_factory=list, description="Kinh phí")
    units: list[Unit] = Field(description="Tổ chức thực hiện")
    closing: PlanText | None = Field(default=None, description="Đoạn kết như trong kế hoạch đã ký")
    recipients: list[PlanText] = Field(description="Nơi nhận, mỗi dòng một nơi, không có dấu câu cuối")
    signer: Signer
    reporting: Reporting = Field(default_factory=Reporting)
    activities: Annotated[list[Activity], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list, description="Hoạt động đã thực hiện"
    )
    progress: Annotated[list[ProgressRecord], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list, description="Tiến độ nhiệm vụ theo quý"
    )
    notes: Annotated[list[Note], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list, description="Nội dung tự viết của báo cáo, theo kỳ và mục"
    )

    def unit(self, unit_id: str) -> Unit | None:
        return next((unit for unit in self.units if unit.id == unit_id), None)

    def tasks(self) -> list[tuple[Unit, Task]]:
        """Every task of every unit, sub-tasks after their task: what records may name."""
        return [(unit, task) for unit in self.units for top in unit.tasks for task in top.walk()]


class RecordFile(Model):
    """A file a plan includes: only records, no plan of its own."""

    activities: Annotated[list[Activity], BeforeValidator(_none_as_empty)] = Field(default_factory=list)
    progress: Annotated[list[ProgressRecord], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list
    )
    notes: Annotated[list[Note], BeforeValidator(_none_as_empty)] = Field(default_factory=list)
