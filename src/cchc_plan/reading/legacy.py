"""Vietnamese text in the encodings used before Unicode: recognised, so the clerk is told.

Offices still hold documents typed in TCVN3 (the ABC fonts, `.VnTime`), in VNI (the `VNI-Times`
fonts) and in Windows-1258. Such text reaches a plan file in two ways: the whole file saved in
the old encoding (its bytes are not UTF-8), or old text read as Windows-1252 and saved as UTF-8,
which shows as «Së V¨n hãa» (TCVN3) or «Sôû Vaên hoùa» (VNI). Each candidate encoding decodes
the bytes; the one whose result reads as Vietnamese, where the bytes as they are do not, is
named, with the text it gives, so the clerk can convert the file (Unikey's «Chuyển mã» tool)
and check the result.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# TCVN 5712:1993 (VN3, «ABC»): one byte per letter, lower case only for toned letters.
_TCVN3 = dict(zip(
    range(0xA1, 0xAF),
    "ĂÂÊÔƠƯĐăâêôơưđ",
    strict=True,
)) | dict(zip(
    [0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB,
     0xCC, 0xCE, 0xCF, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE,
     0xDF, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE,
     0xEF, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE],
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
    strict=True,
))

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
# VNI: a plain letter followed by a byte that adds its marks (lower and upper case forms),
# and a few letters of their own.
_VNI_MARKS = {
    "øØ": _GRAVE, "ùÙ": _ACUTE, "ûÛ": _HOOK, "õÕ": _TILDE, "ïÏ": _DOT,
    "âÂ": _CIRCUMFLEX, "àÀ": _CIRCUMFLEX + _GRAVE, "áÁ": _CIRCUMFLEX + _ACUTE,
    "åÅ": _CIRCUMFLEX + _HOOK, "ãÃ": _CIRCUMFLEX + _TILDE, "äÄ": _CIRCUMFLEX + _DOT,
    "êÊ": _BREVE, "èÈ": _BREVE + _GRAVE, "éÉ": _BREVE + _ACUTE, "úÚ": _BREVE + _HOOK,
    "üÜ": _BREVE + _TILDE, "ëË": _BREVE + _DOT,
}
_VNI_LETTERS = {"ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ", "ì": "ì", "Ì": "Ì",
                "í": "í", "Í": "Í", "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị"}
_VNI_MARK = {char: marks for chars, marks in _VNI_MARKS.items() for char in chars}

_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
# Punctuation a Vietnamese text may hold beyond ASCII; neither a sign for nor against.
_NEUTRAL = frozenset("«»“”‘’–—…•·°§№€\u00a0")


# Words of almost any administrative text, to tell which reading is Vietnamese.
_COMMON_WORDS = frozenset("""
và của các được năm hành chính cải cách tuyên truyền thực hiện người công việc văn hóa hoá
sở tỉnh dân trong những có cho với đến để theo kế hoạch báo cáo thông tin đơn vị nhiệm vụ
quản lý nhà nước phòng ban tháng ngày thể thao du lịch ủy uỷ nhân quyết định số về một
""".split())  # noqa: SIM905 (the words read best as text)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Guess:
    """An old encoding that explains some bytes, and the text they are in it."""

    encoding: str
    text: str


SAMPLE = 64 * 1024  # bytes enough to tell an encoding; a file of 32 MB is not decoded whole


def guess_bytes(raw: bytes) -> Guess | None:
    """The old encoding of bytes that are not UTF-8, told from their first SAMPLE bytes (None if
    no reading is Vietnamese); its text is that of the sample."""
    return _best(raw[:SAMPLE].decode("latin-1"), [
        ("Windows-1258", lambda data: data.encode("latin-1").decode("cp1258", "replace")),
        ("TCVN3 (ABC)", _decode_tcvn3),
        ("VNI Windows", _decode_vni),
    ])


def mojibake_lines(text: str) -> list[tuple[int, int, Guess]]:
    """Each line (1-based, with the column of its first odd character) that is old text read as
    Windows-1252 and saved as UTF-8, with what it says. One search finds whether any line has
    a character such text brings (most files have none); only those lines are decoded."""
    if _SUSPECT.search(text) is None:
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        odd = _SUSPECT.search(line)
        if odd is not None:
            guess = _best(line, [("TCVN3 (ABC)", _decode_tcvn3), ("VNI Windows", _decode_vni)])
            if guess is not None:
                found.append((number, odd.start() + 1, guess))
    return found


def _best(text: str, candidates: list[tuple[str, Callable[[str], str]]]) -> Guess | None:
    """The candidate whose reading holds the most common Vietnamese words: at least two, and
    more than the text as it is holds."""
    best: Guess | None = None
    best_words = max(1, _common_words(text))
    for encoding, decode in candidates:
        decoded = unicodedata.normalize("NFC", decode(text))
        words = _common_words(decoded)
        if words > best_words:
            best, best_words = Guess(encoding, decoded), words
    return best


def _common_words(text: str) -> int:
    return sum(word in _COMMON_WORDS for word in _WORD.findall(text.lower()))


def _foreign(char: str) -> bool:
    """A character no Vietnamese text needs: a non-ASCII letter or sign outside its alphabet."""
    if char.isascii() or char in _NEUTRAL or char in "đĐ":
        return False
    if unicodedata.category(char) in ("Zs", "Cc"):
        return False
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], set(decomposed[1:])
    return not (base.isascii() and base.isalpha() and marks and marks <= _VIETNAMESE_MARKS)


def _decode_tcvn3(text: str) -> str:
    return text.translate(_TCVN3)


def _decode_vni(text: str) -> str:
    out: list[str] = []
    for char in text:
        marks = _VNI_MARK.get(char)
        if marks is not None and out and out[-1].isalpha():
            out[-1] = unicodedata.normalize("NFC", out[-1] + marks)
        else:
            out.append(_VNI_LETTERS.get(char, char))
    return "".join(out)


def mojibake_signs() -> str:
    """The characters old text read as Windows-1252 brings that Vietnamese text never holds."""
    return "".join(
        char for char in bytes(range(0x80, 0x100)).decode("cp1252", "ignore") if _foreign(char)
    )


_SUSPECT = re.compile(f"[{re.escape(mojibake_signs())}]")
