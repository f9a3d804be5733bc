"""DOCX reader: body paragraphs and tables in document order, Word list numbers rendered, bold kept.

The package is checked before anything is inflated: a zip whose members declare more than
MAX_UNCOMPRESSED bytes, or compress better than MAX_RATIO, is refused as too large (a zip bomb);
XML with a DOCTYPE or ENTITY declaration (entity expansion, "billion laughs") is refused as corrupt;
an OLE container (a password-protected DOCX or a legacy .doc) is reported as encrypted.

Numbering: w:numPr on the paragraph or through its style chain; w:num -> w:abstractNum levels with
w:start, w:numFmt (decimal, upper/lowerRoman, upper/lowerLetter, bullet) and w:lvlText ("%1.%2.");
w:lvlOverride/w:startOverride; counters per list instance, deeper levels restart when a shallower
level advances. The rendered label is put before the paragraph text, as it is printed.
Footnotes (word/footnotes.xml) become footnote blocks right after the paragraph citing them.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from ..errors import CorruptFile, ExtractionError, TooLarge
from .base import Block

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_BULLETS = {"", "•", "◦", "▪", "■", "□", "●", "○", "-", "–", "—", "", "", "", "➢", "✓"}


def read_docx_bytes(data: bytes) -> list[Block]:
    if data.startswith(_OLE_MAGIC):
        raise ExtractionError("the file is an OLE container: a password-protected DOCX or a legacy "
                              ".doc; save it as an unprotected .docx", code="encrypted")
    package = _open_package(data)
    document = _xml(package, "word/document.xml", required=True)
    numbering = _Numbering(_xml(package, "word/numbering.xml"), _xml(package, "word/styles.xml"))
    footnotes = _footnotes(_xml(package, "word/footnotes.xml"))
    body = document.find(f"{W}body")
    if body is None:
        raise CorruptFile("word/document.xml has no body")
    blocks: list[Block] = []
    for child in body:
        if child.tag == f"{W}p":
            _paragraph(child, numbering, footnotes, blocks)
        elif child.tag == f"{W}tbl":
            _table(child, numbering, footnotes, blocks)
    return blocks


# --- the package ----------------------------------------------------------------------------------
def _open_package(data: bytes) -> zipfile.ZipFile:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptFile(f"not a valid DOCX (zip) file: {exc}") from exc
    total = 0
    for info in package.infolist():
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20:
            raise TooLarge(f"{info.filename} would inflate {info.file_size / info.compress_size:.0f}x "
                           f"(a zip bomb?); refused before inflating")
    if total > MAX_UNCOMPRESSED:
        raise TooLarge(f"the package would inflate to {total} bytes, over {MAX_UNCOMPRESSED}")
    return package


def _xml(package: zipfile.ZipFile, name: str, required: bool = False) -> ET.Element | None:
    try:
        raw = package.read(name)
    except KeyError:
        if required:
            raise CorruptFile(f"not a Word document: {name} is missing") from None
        return None
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise CorruptFile(f"{name} cannot be read (truncated file?): {exc}") from exc
    if _DTD.search(raw[:4096]) or _DTD.search(raw):
        raise CorruptFile(f"{name} declares a DOCTYPE/ENTITY (entity expansion is refused)")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as exc:
        raise CorruptFile(f"{name} is not well-formed XML: {exc}") from exc


# --- numbering ------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None


@dataclass(slots=True)
class _Instance:
    levels: dict[int, _Level]
    counters: dict[int, int] = field(default_factory=dict)


class _Numbering:
    def __init__(self, numbering: ET.Element | None, styles: ET.Element | None):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.instances: dict[str, _Instance] = {}
        self.style_num: dict[str, tuple[str | None, int]] = {}
        self.style_based: dict[str, str] = {}
        if numbering is not None:
            for abstract in numbering.findall(f"{W}abstractNum"):
                self.abstract[abstract.get(f"{W}abstractNumId")] = {
                    int(lvl.get(f"{W}ilvl", "0")): _parse_level(lvl) for lvl in abstract.findall(f"{W}lvl")}
            for num in numbering.findall(f"{W}num"):
                ref = num.find(f"{W}abstractNumId")
                levels = {k: _Level(v.start, v.fmt, v.text, v.restart)
                          for k, v in self.abstract.get(ref.get(f"{W}val") if ref is not None else "", {}).items()}
                for override in num.findall(f"{W}lvlOverride"):
                    ilvl = int(override.get(f"{W}ilvl", "0"))
                    if override.find(f"{W}lvl") is not None:
                        levels[ilvl] = _parse_level(override.find(f"{W}lvl"))
                    start = override.find(f"{W}startOverride")
                    if start is not None:
                        levels.setdefault(ilvl, _Level()).start = int(start.get(f"{W}val", "1"))
                self.instances[num.get(f"{W}numId")] = _Instance(levels)
        if styles is not None:
            for style in styles.findall(f"{W}style"):
                sid = style.get(f"{W}styleId")
                based = style.find(f"{W}basedOn")
                if based is not None:
                    self.style_based[sid] = based.get(f"{W}val")
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    self.style_num[sid] = _num_pr(num_pr)

    def label(self, paragraph: ET.Element) -> str | None:
        num_id, ilvl = self._numbering_of(paragraph)
        if not num_id or num_id == "0" or num_id not in self.instances:
            return None
        instance = self.instances[num_id]
        level = instance.levels.get(ilvl, _Level())
        current = instance.counters.get(ilvl)
        instance.counters[ilvl] = level.start if current is None else current + 1
        for deeper in [k for k in instance.counters if k > ilvl]:
            restart = instance.levels.get(deeper, _Level()).restart
            if restart is None or restart > ilvl:
                del instance.counters[deeper]
        if level.fmt == "bullet":
            return level.text if level.text in ("+", "*") else "-"
        if level.fmt == "none":
            return None

        def placeholder(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lvl = instance.levels.get(k, _Level())
            return _format(instance.counters.get(k, lvl.start), lvl.fmt)

        return re.sub(r"%(\d)", placeholder, level.text)

    def _numbering_of(self, paragraph: ET.Element) -> tuple[str | None, int]:
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id, ilvl = _num_pr(num_pr)
            if num_id is not None:
                return num_id, ilvl
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        sid = style.get(f"{W}val") if style is not None else None
        seen: set[str] = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.style_num:
                return self.style_num[sid]
            sid = self.style_based.get(sid)
        return None, 0


def _num_pr(num_pr: ET.Element) -> tuple[str | None, int]:
    num = num_pr.find(f"{W}numId")
    lvl = num_pr.find(f"{W}ilvl")
    return (num.get(f"{W}val") if num is not None else None,
            int(lvl.get(f"{W}val", "0")) if lvl is not None else 0)


def _parse_level(lvl: ET.Element) -> _Level:
    def val(tag: str) -> str | None:
        node = lvl.find(f"{W}{tag}")
        return node.get(f"{W}val") if node is not None else None
    restart = val("lvlRestart")
    return _Level(start=int(val("start") or 1), fmt=val("numFmt") or "decimal",
                  text=val("lvlText") if val("lvlText") is not None else "%1.",
                  restart=int(restart) if restart is not None else None)


def _format(number: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(number)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        letter = letters[(number - 1) % 26] * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(number)


def _roman(number: int) -> str:
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


# --- text -----------------------------------------------------------------------------------------
def _footnotes(root: ET.Element | None) -> dict[str, str]:
    notes: dict[str, str] = {}
    if root is None:
        return notes
    for note in root.findall(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in note.iter(f"{W}p")).strip()
        notes[note.get(f"{W}id")] = text
    return notes


def _is_bold(run: ET.Element) -> bool:
    bold = run.find(f"{W}rPr/{W}b")
    return bold is not None and bold.get(f"{W}val", "true") not in ("0", "false")


def _runs_text(paragraph: ET.Element, footnotes: dict[str, str]) -> tuple[str, list[tuple[int, int]], list[str]]:
    parts: list[str] = []
    emphasis: list[tuple[int, int]] = []
    cited: list[str] = []
    length = 0
    for run in paragraph.iter(f"{W}r"):
        ref = run.find(f"{W}footnoteReference")
        if ref is not None:
            cited.append(ref.get(f"{W}id"))
            continue
        pieces = []
        for node in run:
            if node.tag == f"{W}t":
                pieces.append(node.text or "")
            elif node.tag == f"{W}tab":
                pieces.append(" ")
            elif node.tag in (f"{W}br", f"{W}cr"):
                pieces.append(" ")
        text = "".join(pieces)
        if not text:
            continue
        if _is_bold(run):
            emphasis.append((length, length + len(text)))
        parts.append(text)
        length += len(text)
    return "".join(parts), emphasis, [c for c in cited if c in footnotes]


def _paragraph(paragraph: ET.Element, numbering: _Numbering, footnotes: dict[str, str],
               blocks: list[Block]) -> None:
    text, emphasis, cited = _runs_text(paragraph, footnotes)
    label = numbering.label(paragraph) if text.strip() else None
    if label:
        prefix = label + " "
        text = prefix + text
        emphasis = [(s + len(prefix), e + len(prefix)) for s, e in emphasis]
    if text.strip():
        blocks.append(Block(text=text, emphasis=emphasis))
    for note_id in cited:
        number = str(len([b for b in blocks if b.footnote]) + 1).translate(_SUPERSCRIPT)
        blocks.append(Block(text=f"{number} {footnotes[note_id]}", footnote=True))


def _cell_paragraphs(cell: ET.Element) -> list[ET.Element]:
    return [p for p in cell.iter(f"{W}p")]


def _table(table: ET.Element, numbering: _Numbering, footnotes: dict[str, str], blocks: list[Block]) -> None:
    rows = table.findall(f"{W}tr")
    width = max((len(r.findall(f"{W}tc")) for r in rows), default=0)
    if width <= 2:  # a layout table (header, signature): its left column first, then its right column
        for column in range(width):
            for row in rows:
                cells = row.findall(f"{W}tc")
                if column < len(cells):
                    for paragraph in _cell_paragraphs(cells[column]):
                        _paragraph(paragraph, numbering, footnotes, blocks)
        return
    for row in rows:  # a data table (a task table): one line per row, cells joined by " | "
        cells = []
        for cell in row.findall(f"{W}tc"):
            texts = [_runs_text(p, footnotes)[0].strip() for p in _cell_paragraphs(cell)]
            cells.append(" ".join(t for t in texts if t))
        if any(cells):
            blocks.append(Block(text=" | ".join(cells)))
