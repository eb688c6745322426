"""How Vietnamese documents write numbers, money, percentages and dates, and sort words.

1.250.000 đồng, 96,5%, 16/12/2020, «Quảng Ngãi, ngày 05 tháng 02 năm 2020» (Nghị định 30/2020:
days below 10 and the months 1 and 2 take a leading zero). Pure functions, no I/O.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

LOCALE = "vi_VN"


@functools.lru_cache(maxsize=4096)  # a report writes the same few numbers thousands of times
def number(value: float | Decimal) -> str:
    """1250000 → «1.250.000»; 96.5 → «96,5»; 1.25 → «1,25» (at most two decimals: a quantity may have two)."""
    return str(format_decimal(value, format="#,##0.##", locale=LOCALE))


def money(value: int) -> str:
    """1250000 → «1.250.000 đồng»."""
    return f"{number(value)} đồng"


def percent(value: float | Decimal) -> str:
    """96.5 → «96,5%»; 100 → «100%»."""
    return f"{number(value)}%"


def amounts(quantities: Iterable[Mapping[str, Any]]) -> str:
    """«12 tin bài; 3 pano»: quantities with their measures."""
    return "; ".join(f"{number(item['quantity'])} {item['measure']}" for item in quantities)


def short_date(day: dt.date) -> str:
    """16/12/2020: how dates are written in the body of a document."""
    return f"{day:%d/%m/%Y}"


def date_line(place: str, day: dt.date | None, year: int) -> str:
    """«Quảng Ngãi, ngày 05 tháng 02 năm 2020»; without a day the clerk fills it in by hand."""
    if day is None:
        return f"{place}, ngày      tháng      năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_VOWEL_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
                ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Order of the Vietnamese alphabet (a ă â b c d đ e ê ...), then tones, then the text."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", text).lower():
        base, *marks = list(unicodedata.normalize("NFD", char))
        tone = next((_TONES[mark] for mark in marks if mark in _TONES), 0)
        shape = next((_VOWEL_MARKS[base, mark] for mark in marks if (base, mark) in _VOWEL_MARKS), base)
        position = _ALPHABET.find(shape)
        letters.append(position if position >= 0 else len(_ALPHABET) + ord(shape))
        tones.append(tone)
    return tuple(letters), tuple(tones), text


def letter(position: int) -> str:
    """The letter of the `position`-th sub-item (from 1): a, b, c, d, đ, e, g, ..."""
    letters = "abcdđeghiklmnopqrstuvxy"
    return letters[position - 1] if position <= len(letters) else str(position)
