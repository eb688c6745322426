"""Fixed words of the domain that the command line needs before anything heavy is imported:
the reporting periods a report or a note names, and the hand-written sections of a report."""

from __future__ import annotations

from typing import Literal

PeriodCode = Literal["Q1", "Q2", "Q3", "Q4", "H1", "H2", "9M", "year"]
NoteSection = Literal["chi-dao", "danh-gia", "kho-khan", "phuong-huong", "kien-nghi"]
NOTE_SECTIONS: dict[NoteSection, str] = {
    "chi-dao": "Công tác chỉ đạo, triển khai",
    "danh-gia": "Đánh giá chung",
    "kho-khan": "Khó khăn, vướng mắc, nguyên nhân",
    "phuong-huong": "Phương hướng, nhiệm vụ kỳ tới",
    "kien-nghi": "Đề xuất, kiến nghị",
}
