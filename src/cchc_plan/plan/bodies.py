"""How a document names the body that issues it (Nghị định 30/2020, Phụ lục I), and how a
report cites the plan it reports on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Header
from .textinput import fold

# A people's committee at any level is one name on two lines, both bold.
PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"


@dataclass(frozen=True)
class IssuerLine:
    """A line of the header's left block, upper case as printed; the body's own name is bold."""

    text: str
    bold: bool


def header_name(issuing_body: str, place: str) -> str:
    """The issuing body as the header writes it under its parent: without the place name
    («Sở Văn hóa, Thể thao và Du lịch Quảng Ngãi» under «UBND tỉnh Quảng Ngãi»)."""
    suffix = f" {place}"
    return issuing_body.removesuffix(suffix) if issuing_body.endswith(suffix) else issuing_body


def issuer_lines(header: Header) -> list[IssuerLine]:
    """The header's left block: «UBND TỈNH QUẢNG NGÃI» over «SỞ VĂN HÓA, …» (bold) under a
    parent body; «ỦY BAN NHÂN DÂN» over «TỈNH BÌNH ĐỊNH», both bold, for a people's committee;
    one bold line («BỘ NỘI VỤ») for a body with no parent."""
    if header.parent_body:
        return [IssuerLine(header.parent_body.upper(), False),
                IssuerLine(header_name(header.issuing_body, header.place).upper(), True)]
    words = header.issuing_body.split()
    if fold(" ".join(words[:4])) == "uy ban nhan dan" and len(words) > 4:
        return [IssuerLine(PEOPLES_COMMITTEE, True), IssuerLine(" ".join(words[4:]).upper(), True)]
    return [IssuerLine(header.issuing_body.upper(), True)]


def document_number(number: int | None, kind_code: str, body_code: str) -> str | None:
    """«05/KH-SVHTTDL», how a text cites a document; None while it has no number."""
    return f"{number:02d}/{kind_code}-{body_code}" if number is not None else None


def plan_citation(header: Header) -> str:
    """How a report names the plan it reports on, number and date first: «Kế hoạch số
    25/KH-UBND ngày 05/02/2021 của Ủy ban nhân dân tỉnh Bình Định về …»; a plan issued by a
    decision is cited by the decision («Quyết định số 424/QĐ-BNV ngày 24/03/2021 của Bộ trưởng
    Bộ Nội vụ về việc ban hành Kế hoạch …»)."""
    decision = header.decision
    if decision is not None:
        return _cited("Quyết định", document_number(decision.number, decision.kind_code,
                                                      header.issuing_body_code),
                      decision.issue_date, decision.issuer, decision.title)
    return _cited(header.kind, document_number(header.number, header.kind_code,
                                               header.issuing_body_code),
                  header.issue_date, header.issuing_body, header.title)


def _cited(kind: str, number: str | None, day: dt.date | None, issuer: str, title: str) -> str:
    parts = [kind]
    if number:
        parts.append(f"số {number}")
    if day:
        parts.append(f"ngày {day:%d/%m/%Y}")
    parts.append(f"của {issuer}")
    about = title[:1].lower() + title[1:] if title[1:2].islower() else title
    if not fold(about).startswith(("ve ", "ve viec ")):
        about = f"về {about}"
    parts.append(about)
    return " ".join(parts)
