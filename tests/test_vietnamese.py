"""Numbers, money, percentages, dates and alphabet order written as a Vietnamese document writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cchc_plan.plan.tracking import share
from cchc_plan.reports.vietnamese import (
    date_line,
    letter,
    money,
    number,
    percent,
    short_date,
    sort_key,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (7, "7"), (1250, "1.250"), (1250000, "1.250.000"), (96.5, "96,5"),
     (Decimal("100.0"), "100"), (Decimal("77.8"), "77,8"), (1234567.5, "1.234.567,5")],
)
def test_numbers_group_thousands_with_dots_and_decimals_with_a_comma(value: object, text: str) -> None:
    assert number(value) == text  # type: ignore[arg-type]


def test_money_and_percent() -> None:
    assert money(1250000) == "1.250.000 đồng"
    assert percent(Decimal("96.5")) == "96,5%"
    assert percent(100) == "100%"


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [(7, 9, "77.8"), (2, 3, "66.7"), (1, 8, "12.5"), (1, 6, "16.7"), (1, 2000, "0.1"),
     (0, 9, "0.0"), (9, 9, "100.0"), (0, 0, "0")],
)
def test_shares_round_half_up_to_one_decimal(done: int, total: int, expected: str) -> None:
    assert share(done, total) == Decimal(expected)


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (dt.date(2020, 1, 5), "Quảng Ngãi, ngày 05 tháng 01 năm 2020"),
        (dt.date(2020, 2, 5), "Quảng Ngãi, ngày 05 tháng 02 năm 2020"),
        (dt.date(2020, 3, 9), "Quảng Ngãi, ngày 09 tháng 3 năm 2020"),
        (dt.date(2020, 6, 15), "Quảng Ngãi, ngày 15 tháng 6 năm 2020"),
        (dt.date(2020, 9, 10), "Quảng Ngãi, ngày 10 tháng 9 năm 2020"),
        (dt.date(2020, 12, 31), "Quảng Ngãi, ngày 31 tháng 12 năm 2020"),
        (None, "Quảng Ngãi, ngày      tháng      năm 2020"),
    ],
)
def test_the_date_line_puts_a_zero_before_days_below_10_and_months_1_and_2(
    day: dt.date | None, line: str
) -> None:
    assert date_line("Quảng Ngãi", day, 2020) == line


def test_dates_in_the_body_are_day_month_year() -> None:
    assert short_date(dt.date(2020, 12, 16)) == "16/12/2020"
    assert short_date(dt.date(2020, 3, 5)) == "05/03/2020"


def test_words_sort_in_the_order_of_the_vietnamese_alphabet() -> None:
    words = ["đá", "da", "ăn", "bé", "an", "ân", "Ư", "u", "ơn", "ôn", "on", "tin bài", "buổi", "pano"]
    assert sorted(words, key=sort_key) == [
        "an", "ăn", "ân", "bé", "buổi", "da", "đá", "on", "ôn", "ơn", "pano", "tin bài", "u", "Ư",
    ]


def test_tones_order_after_letters() -> None:
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=sort_key) == [
        "ma", "mà", "mả", "mã", "má", "mạ",
    ]


def test_sub_items_are_lettered_in_vietnamese_order() -> None:
    assert [letter(position) for position in range(1, 8)] == ["a", "b", "c", "d", "đ", "e", "g"]
