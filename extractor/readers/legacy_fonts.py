"""Pre-Unicode Vietnamese font encodings (TCVN3/ABC and VNI) converted to Unicode NFC.

Before Unicode, Vietnamese offices typed in 8-bit fonts whose glyph table is the encoding: a run in
".VnTime" holds "Céng hoµ" where the page shows "Cộng hoà". A DOCX keeps those code points as the
Latin-1/Windows-1252 characters of the same byte (sometimes as U+F0xx for a font flagged "symbol"),
so the text must be re-read through the font's table.

- TCVN3 (ABC, TCVN 5712:1993 "VN3"): one byte per letter. Fonts ".VnTime", ".VnArial" ... hold lower
  case letters with every tone plus Ă Â Ê Ô Ơ Ư Đ; the capital fonts (name ending in "H":
  ".VnTimeH", ".VnArialH") draw every letter as a capital, so their text is upper-cased.
- VNI (VNI for Windows, fonts "VNI-Times", "VNI-Helve" ...): two bytes, the base letter followed by a
  diacritic character ("oä" = "ộ"); a few letters have a single byte ("ñ" = "đ", "ö" = "ư", "ô" = "ơ",
  the tone-marked i and ỵ).

Bytes a table does not list (ASCII, punctuation, Windows-1252 quotes and dashes) stay as they are.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

LegacyEncoding = Literal["tcvn3", "vni"]

# --- TCVN3 (ABC) ----------------------------------------------------------------------------------
# Source: the TCVN 5712:1993 VN3 table as published with the ABC fonts (the subset of VN1 that fits
# bytes A1-FE without overriding Windows punctuation). Checked against glibc's "TCVN5712-1" (VN1),
# which agrees on every byte listed here; VN1 adds capitals in 0x01-0x17, 0x80-0x9F and the gaps
# below (0xAF, 0xBA, 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0, 0xFF), which ".Vn" fonts do not have:
# there 0x80-0x9F are Windows quotes and dashes, so iconv would turn "–" into "Ọ".
TCVN3_TO_UNICODE: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}

# --- VNI ------------------------------------------------------------------------------------------
# Source: the VNI for Windows keyboard/font table (VNI Software). A diacritic byte follows its base
# letter; the lower-case byte is drawn over small letters, the capital one (e.g. "Ù" for "ù") over
# capitals, so both mean the same mark and the base letter decides the case.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"

VNI_DIACRITICS: dict[str, str] = {  # diacritic byte (lower-case form) -> combining marks
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRCUMFLEX, "á": _CIRCUMFLEX + _ACUTE, "à": _CIRCUMFLEX + _GRAVE,
    "å": _CIRCUMFLEX + _HOOK, "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE,
    "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}

VNI_LETTERS: dict[str, str] = {  # single-byte letters
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ",
    "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}

_VNI_BASES = set("aeiouyAEIOUY")  # ơ and ư decompose to o and u with a horn


# --- font names -----------------------------------------------------------------------------------
def legacy_encoding(font: str | None) -> LegacyEncoding | None:
    """The legacy encoding a font name implies: ".VnTime" -> tcvn3, "VNI-Times" -> vni."""
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith(("vni-", "vni ")):
        return "vni"
    return None


def is_capitals_font(font: str) -> bool:
    """TCVN3 capital fonts (".VnTimeH", ".VnArial NarrowH") draw every letter as a capital."""
    return font.strip().endswith("H")


def convert_legacy_text(text: str, font: str | None) -> str:
    """`text` of a run set in `font`, as Unicode NFC; unchanged for a Unicode font, and for a run that
    already holds Unicode Vietnamese (retyped text that kept the old font name)."""
    encoding = legacy_encoding(font)
    if encoding is not None and is_unicode_vietnamese(text):
        return text
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text, capitals=is_capitals_font(font or ""))
    if encoding == "vni":
        return vni_to_unicode(text)
    return text


_UNICODE_ONLY_LETTERS = set("ĂăĐđĨĩŨũƠơƯư")


def is_unicode_vietnamese(text: str) -> bool:
    """True if `text` has a letter no 8-bit font code can produce: ă đ ơ ư ..., ạ-ỹ, combining tones."""
    return any(ch in _UNICODE_ONLY_LETTERS or "\u1ea0" <= ch <= "\u1ef9" or "\u0300" <= ch <= "\u0323"
               for ch in text)


# --- decoding -------------------------------------------------------------------------------------
def _font_byte(char: str) -> int | None:
    """The 8-bit code a legacy-font character stands for: Latin-1 as is, U+F0xx (symbol fonts)."""
    code = ord(char)
    if 0xA0 <= code <= 0xFF:
        return code
    if 0xF0A0 <= code <= 0xF0FF:
        return code - 0xF000
    return None


def tcvn3_to_unicode(text: str, capitals: bool = False) -> str:
    out = []
    for char in text:
        code = _font_byte(char)
        out.append(TCVN3_TO_UNICODE.get(code, char) if code is not None else char)
    result = "".join(out)
    if capitals:
        result = result.upper()
    return unicodedata.normalize("NFC", result)


def vni_to_unicode(text: str) -> str:
    out: list[str] = []
    for char in text:
        code = _font_byte(char)
        char = chr(code) if code is not None else char
        marks = VNI_DIACRITICS.get(char.lower()) if code is not None else None
        if marks is not None and out and (combined := _add_marks(out[-1], marks)) is not None:
            out[-1] = combined
        elif char in VNI_LETTERS:
            out.append(VNI_LETTERS[char])
        else:
            out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def _add_marks(base: str, marks: str) -> str | None:
    """`base` with VNI `marks` as one precomposed letter, or None if Vietnamese has no such letter."""
    letter = unicodedata.normalize("NFD", base)[0]
    if letter not in _VNI_BASES:
        return None
    if (_CIRCUMFLEX in marks and letter not in "aeoAEO") or (_BREVE in marks and letter not in "aA"):
        return None
    combined = unicodedata.normalize("NFC", unicodedata.normalize("NFD", base) + marks)
    return combined if len(combined) == 1 else None
