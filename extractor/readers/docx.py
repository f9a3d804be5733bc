"""DOCX reader: the body of a Word document as blocks, as a person reads the printed page.

The package is read with zipfile and its XML parts with xml.etree (python-docx has no API for list
numbering, footnotes or style inheritance, and is not needed here):

1. Safety first. OLE bytes (a password-protected DOCX or a .doc) are refused as "encrypted"; the ZIP
   directory is checked before anything is inflated (declared sizes, compression ratios: TooLarge);
   an XML part that declares a DTD or entities is refused (CorruptFile) before ElementTree sees it.
2. Body children in document order: each w:p with text is one Block (a line break inside it starts a
   continuation Block without a gap); w:tbl becomes blocks as described at `_table_blocks`.
3. Word's automatic numbering is rendered into the label Word prints ("1.", "1.1.", "a)", "II.",
   "-") from word/numbering.xml, the paragraph's w:numPr or its style chain, with counters kept per
   abstract list (see `ListCounters`).
4. Run properties are resolved through direct formatting, the character style chain, the paragraph
   style chain and the document defaults: bold runs become `Block.emphasis`, hidden runs are dropped,
   "all caps" is upper-cased, and runs set in a TCVN3 or VNI font are converted to Unicode.
5. A footnote reference prints nothing in its paragraph; the footnote follows that paragraph as a
   `Block(footnote=True)` starting with its number in superscript digits ("¹ ...").
"""

from __future__ import annotations

import bisect
import io
import itertools
import posixpath
import re
import unicodedata
import xml.etree.ElementTree as ET
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import CorruptFile, EmptyInput, ExtractionError, TooLarge, UnsupportedFormat
from ..textutil import SUPERSCRIPT_DIGITS as _SUPERSCRIPT_DIGITS
from .base import Block, looks_like_task_header
from .legacy_fonts import convert_legacy_text, legacy_encoding

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 1024 * 1024  # a smaller member cannot hurt, whatever its ratio
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

Span = tuple[int, int]


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _val(el: ET.Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(_w(attr))


def _int_val(el: ET.Element | None, default: int | None = None) -> int | None:
    value = _val(el)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _on_off(el: ET.Element | None) -> bool | None:
    """A toggle property: absent -> None, <w:b/> -> True, <w:b w:val="0|false|off"/> -> False."""
    if el is None:
        return None
    return _val(el) not in ("0", "false", "off")


# --- the package ----------------------------------------------------------------------------------
class _DtdFound(Exception):
    pass


def _open_package(data: bytes) -> zipfile.ZipFile:
    if data.startswith(OLE_SIGNATURE):
        raise ExtractionError(
            "this is an OLE compound file, not a DOCX package: a password-protected (encrypted) "
            "Word document or a legacy .doc; save it as an unprotected .docx", code="encrypted")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise CorruptFile(f"not a DOCX file: it is not a readable ZIP package ({exc})") from exc
    _refuse_zip_bomb(package)
    return package


def _refuse_zip_bomb(package: zipfile.ZipFile) -> None:
    """Check the sizes the ZIP directory declares, before inflating anything. zipfile never inflates a
    member past its declared size, so these numbers bound the memory used."""
    total = 0
    for info in package.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise TooLarge(f"{info.filename} would inflate {ratio:.0f} times "
                           f"(over {MAX_COMPRESSION_RATIO}): refused as a zip bomb")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise TooLarge(f"the package would inflate to {total} bytes, "
                       f"over the {MAX_UNCOMPRESSED_BYTES} byte limit")


def _read_member(package: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise ExtractionError(f"{name} is encrypted inside the ZIP package (password-protected)",
                              code="encrypted")
    try:
        return package.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise CorruptFile(f"damaged DOCX: cannot read {name} ({exc})") from exc


def _read_xml(package: zipfile.ZipFile, name: str) -> ET.Element | None:
    data = _read_member(package, name)
    return None if data is None else parse_xml(data, name)


def parse_xml(data: bytes, name: str) -> ET.Element:
    """Parse one XML part; a DTD or entity declaration (billion laughs, external entities) is refused."""
    _refuse_dtd(data, name)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise CorruptFile(f"damaged DOCX: {name} is not well-formed XML ({exc})") from exc


def _refuse_dtd(data: bytes, name: str) -> None:
    """A first expat pass that stops at the start of a DOCTYPE, before any entity is declared or
    expanded. OOXML parts never have one."""
    def refuse(*_args: object) -> None:
        raise _DtdFound

    scanner = xml.parsers.expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = refuse
    scanner.EntityDeclHandler = refuse
    try:
        scanner.Parse(data, True)
    except _DtdFound:
        raise CorruptFile(f"refused DOCX: {name} declares a DTD (<!DOCTYPE>/<!ENTITY>), "
                          "which Word never writes (possible entity-expansion attack)") from None
    except xml.parsers.expat.ExpatError as exc:
        raise CorruptFile(f"damaged DOCX: {name} is not well-formed XML ({exc})") from exc
    except (LookupError, ValueError) as exc:  # an unknown, multi-byte or non-text encoding declared
        raise CorruptFile(f"damaged DOCX: {name} declares an encoding that cannot be read ({exc})") from exc


def _relationships(package: zipfile.ZipFile, source: str) -> dict[str, str]:
    """Relationship type (last path segment, e.g. "styles") -> part name, for the part `source`
    ("" for the package itself)."""
    folder, base = posixpath.split(source)
    rels = _read_xml(package, posixpath.join(folder, "_rels", base + ".rels"))
    found: dict[str, str] = {}
    if rels is None:
        return found
    for rel in rels.iter(f"{{{PACKAGE_RELS_NS}}}Relationship"):
        target, kind = rel.get("Target"), rel.get("Type", "")
        if not target or rel.get("TargetMode") == "External":
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.setdefault(kind.rsplit("/", 1)[-1], name)
    return found


@dataclass(slots=True)
class _Parts:
    document: ET.Element
    styles: ET.Element | None
    numbering: ET.Element | None
    footnotes: ET.Element | None


def _load_parts(package: zipfile.ZipFile) -> _Parts:
    main = _relationships(package, "").get("officeDocument", "word/document.xml")
    document = _read_xml(package, main)
    if document is not None and document.tag.endswith("}document") and document.tag != _w("document"):
        raise UnsupportedFormat("a Strict Open XML document, which this reader does not read; "
                                "save it in Word as a Word Document (.docx)")
    if document is None or document.tag != _w("document"):
        raise CorruptFile("not a Word document: the package has no WordprocessingML main part")
    related = _relationships(package, main)

    def part(kind: str) -> ET.Element | None:  # by relationship, else at Word's usual name
        return _read_xml(package, related.get(kind, posixpath.join(posixpath.dirname(main), kind + ".xml")))

    return _Parts(document, part("styles"), part("numbering"), part("footnotes"))


# --- styles ---------------------------------------------------------------------------------------
@dataclass(slots=True, frozen=True)
class RunProps:
    """The run properties this reader uses; None means "not said here, ask the next level"."""

    bold: bool | None = None
    caps: bool | None = None
    hidden: bool | None = None
    font: str | None = None

    def over(self, fallback: RunProps) -> RunProps:
        return RunProps(
            bold=self.bold if self.bold is not None else fallback.bold,
            caps=self.caps if self.caps is not None else fallback.caps,
            hidden=self.hidden if self.hidden is not None else fallback.hidden,
            font=self.font if self.font is not None else fallback.font,
        )


def run_props_of(rpr: ET.Element | None) -> RunProps:
    if rpr is None:
        return RunProps()
    fonts = rpr.find(_w("rFonts"))
    font = None if fonts is None else (fonts.get(_w("ascii")) or fonts.get(_w("hAnsi")))
    return RunProps(bold=_on_off(rpr.find(_w("b"))), caps=_on_off(rpr.find(_w("caps"))),
                    hidden=_on_off(rpr.find(_w("vanish"))), font=font)


@dataclass(slots=True, frozen=True)
class NumberingRef:
    num_id: str | None
    level: int | None


def numbering_ref_of(ppr: ET.Element | None) -> NumberingRef | None:
    num_pr = None if ppr is None else ppr.find(_w("numPr"))
    if num_pr is None:
        return None
    return NumberingRef(_val(num_pr.find(_w("numId"))), _int_val(num_pr.find(_w("ilvl"))))


@dataclass(slots=True)
class Style:
    based_on: str | None
    run: RunProps
    numbering: NumberingRef | None


class StyleSheet:
    """word/styles.xml: style chains (w:basedOn) for run properties and list numbering."""

    def __init__(self, root: ET.Element | None):
        self.styles: dict[str, Style] = {}
        self.defaults = RunProps()
        self.default_paragraph_style: str | None = None
        if root is None:
            return
        self.defaults = run_props_of(root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}"))
        for el in root.iter(_w("style")):
            style_id = el.get(_w("styleId"))
            if style_id is None:
                continue
            self.styles[style_id] = Style(
                based_on=_val(el.find(_w("basedOn"))),
                run=run_props_of(el.find(_w("rPr"))),
                numbering=numbering_ref_of(el.find(_w("pPr"))),
            )
            if el.get(_w("type")) == "paragraph" and _on_off_attr(el.get(_w("default"))):
                self.default_paragraph_style = style_id

    def chain(self, style_id: str | None) -> Iterator[Style]:
        """The style and the styles it is based on, nearest first (a cycle is cut)."""
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on

    def run_props(self, style_id: str | None) -> RunProps:
        props = RunProps()
        for style in self.chain(style_id):
            props = props.over(style.run)
        return props

    def numbering(self, style_id: str | None) -> NumberingRef | None:
        """List and level from the chain's w:numPr, each from the nearest style that says it; the level
        may stay unknown (then the w:lvl that names the style in w:pStyle, or level 0)."""
        refs = [style.numbering for style in self.chain(style_id) if style.numbering is not None]
        if not refs:
            return None
        return NumberingRef(next((r.num_id for r in refs if r.num_id is not None), None),
                            next((r.level for r in refs if r.level is not None), None))


def _on_off_attr(value: str | None) -> bool:
    return value is not None and value not in ("0", "false", "off")


# --- list numbering -------------------------------------------------------------------------------
@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart_after: int | None = None  # w:lvlRestart: restart after this level (1-based); 0 never
    legal: bool = False               # w:isLgl: every number in the label shown as decimal
    bold: bool | None = None
    style: str | None = None          # w:pStyle: the paragraph style linked to this level


def level_of(el: ET.Element) -> Level:
    return Level(
        start=_int_val(el.find(_w("start")), 1) or 0,
        fmt=_val(el.find(_w("numFmt"))) or "decimal",
        text=_val(el.find(_w("lvlText"))) or "",
        restart_after=_int_val(el.find(_w("lvlRestart"))),
        legal=bool(_on_off(el.find(_w("isLgl")))),
        bold=run_props_of(el.find(_w("rPr"))).bold,
        style=_val(el.find(_w("pStyle"))),
    )


@dataclass(slots=True)
class ListInstance:
    """A w:num: an abstract list plus per-level overrides."""

    abstract_id: str
    start_overrides: dict[int, int]
    level_overrides: dict[int, Level]


class NumberingDefinitions:
    """word/numbering.xml: w:abstractNum level definitions and the w:num instances that use them."""

    def __init__(self, root: ET.Element | None):
        self.abstract_levels: dict[str, dict[int, Level]] = {}
        self.instances: dict[str, ListInstance] = {}
        if root is None:
            return
        for el in root.iter(_w("abstractNum")):
            levels = {_int_val_attr(lvl, "ilvl"): level_of(lvl) for lvl in el.findall(_w("lvl"))}
            self.abstract_levels[el.get(_w("abstractNumId"), "")] = levels
        for el in root.iter(_w("num")):
            starts: dict[int, int] = {}
            redefined: dict[int, Level] = {}
            for override in el.findall(_w("lvlOverride")):
                ilvl = _int_val_attr(override, "ilvl")
                start = _int_val(override.find(_w("startOverride")))
                if start is not None:
                    starts[ilvl] = start
                if (lvl := override.find(_w("lvl"))) is not None:
                    redefined[ilvl] = level_of(lvl)
            abstract = _val(el.find(_w("abstractNumId"))) or ""
            self.instances[el.get(_w("numId"), "")] = ListInstance(abstract, starts, redefined)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        instance = self.instances.get(num_id)
        if instance is None:
            return None
        if ilvl in instance.level_overrides:
            return instance.level_overrides[ilvl]
        return self.abstract_levels.get(instance.abstract_id, {}).get(ilvl)

    def start(self, num_id: str, ilvl: int) -> int:
        instance = self.instances[num_id]
        if ilvl in instance.start_overrides:
            return instance.start_overrides[ilvl]
        level = self.level(num_id, ilvl)
        return level.start if level is not None else 1

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        instance = self.instances.get(num_id)
        if instance is not None and style_id is not None:
            for ilvl, level in self.abstract_levels.get(instance.abstract_id, {}).items():
                if level.style == style_id:
                    return ilvl
        return 0


def _int_val_attr(el: ET.Element, attr: str) -> int:
    try:
        return int(el.get(_w(attr), "0"))
    except ValueError:
        return 0


@dataclass(slots=True)
class _ListState:
    counters: dict[int, int] = field(default_factory=dict)
    instances_seen: set[str] = field(default_factory=set)


class ListCounters:
    """Counting state while the document is read in order.

    Counters belong to the abstract list, as in Word: two w:num instances of one w:abstractNum
    continue each other, unless an instance overrides a level's start (w:startOverride), which
    restarts that level at the instance's first paragraph. When a level advances, deeper levels
    restart, except where w:lvlRestart says otherwise.
    """

    def __init__(self, definitions: NumberingDefinitions):
        self.definitions = definitions
        self.states: dict[str, _ListState] = {}

    def next_label(self, num_id: str, ilvl: int) -> tuple[str, Level] | None:
        """Advance the list for one paragraph and return the label Word prints, with its level."""
        defs = self.definitions
        level = defs.level(num_id, ilvl)
        if level is None:
            return None
        instance = defs.instances[num_id]
        state = self.states.setdefault(instance.abstract_id, _ListState())
        if num_id not in state.instances_seen:
            state.instances_seen.add(num_id)
            for overridden in instance.start_overrides:
                state.counters.pop(overridden, None)
        current = state.counters.get(ilvl)
        state.counters[ilvl] = defs.start(num_id, ilvl) if current is None else current + 1
        self._restart_deeper(num_id, ilvl, state)
        return self._render(num_id, level, state), level

    def _restart_deeper(self, num_id: str, ilvl: int, state: _ListState) -> None:
        for deeper in [k for k in state.counters if k > ilvl]:
            level = self.definitions.level(num_id, deeper)
            restart_after = level.restart_after if level is not None else None
            if restart_after is None or (restart_after != 0 and ilvl < restart_after):
                del state.counters[deeper]

    def _render(self, num_id: str, level: Level, state: _ListState) -> str:
        if level.fmt == "bullet":
            return bullet_label(level.text)
        if level.fmt == "none":
            return _PLACEHOLDER.sub("", level.text).strip()

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            shown = self.definitions.level(num_id, k) or Level()
            value = state.counters.get(k, self.definitions.start(num_id, k))
            return format_number(value, "decimal" if level.legal else shown.fmt)

        return _PLACEHOLDER.sub(number, level.text).strip()


_PLACEHOLDER = re.compile(r"%([1-9])")


def bullet_label(lvl_text: str) -> str:
    """A bullet as text: "+" and "*" as typed; any other glyph (, •, ◦, ▪, –, a Wingdings
    private-use character ...) as "-"; no glyph, no label."""
    glyph = lvl_text.strip()
    if not glyph:
        return ""
    return glyph if glyph in ("+", "*") else "-"


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def to_roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def to_letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa, bb ... zz, aaa ..."""
    if n < 1:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return to_roman(n).upper() if n > 0 else str(n)
    if fmt == "lowerRoman":
        return to_roman(n) if n > 0 else str(n)
    if fmt == "upperLetter":
        return to_letters(n).upper()
    if fmt == "lowerLetter":
        return to_letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal, and the formats Vietnamese notices do not use


# --- rich text ------------------------------------------------------------------------------------
@dataclass(slots=True)
class RichText:
    """Text being assembled with its bold spans and the footnotes referenced in it."""

    text: str = ""
    bold: list[Span] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)

    def add(self, text: str, bold: bool = False) -> None:
        if not text:
            return
        start = len(self.text)
        self.text += text
        if not bold:
            return
        if self.bold and self.bold[-1][1] == start:
            self.bold[-1] = (self.bold[-1][0], len(self.text))
        else:
            self.bold.append((start, len(self.text)))

    def extend(self, other: RichText, separator: str = "") -> None:
        if self.text and other.text:
            self.add(separator)
        offset = len(self.text)
        self.text += other.text
        self.bold.extend((s + offset, e + offset) for s, e in other.bold)
        self.footnotes.extend(other.footnotes)


def split_lines(rich: RichText) -> list[RichText]:
    """Cut at line breaks (w:br), each line tidied; empty lines dropped."""
    lines: list[RichText] = []
    start = 0
    for piece in rich.text.split("\n"):
        end = start + len(piece)
        spans = [(max(s, start) - start, min(e, end) - start) for s, e in rich.bold if s < end and e > start]
        line = tidy(RichText(piece, spans))
        if line.text:
            lines.append(line)
        start = end + 1
    return lines


_NOT_SPACE = re.compile(r"\S+")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff\u00ad]")  # dropped, as the normalizer does


def tidy(rich: RichText) -> RichText:
    """White space collapsed to one space and trimmed, bold spans moved along (a span's edge that
    falls on white space moves in to the nearest word)."""
    chunks = [(m.start(), m.end()) for m in _NOT_SPACE.finditer(rich.text)]
    starts, ends = [a for a, _ in chunks], [b for _, b in chunks]
    new_starts = list(itertools.accumulate((b - a + 1 for a, b in chunks[:-1]), initial=0))

    length = new_starts[-1] + ends[-1] - starts[-1] if chunks else 0

    def moved_start(offset: int) -> int:
        i = bisect.bisect_right(ends, offset)  # the first word ending after `offset`
        return new_starts[i] + max(0, offset - starts[i]) if i < len(chunks) else length

    def moved_end(offset: int) -> int:
        i = bisect.bisect_left(starts, offset) - 1  # the last word starting before `offset`
        return new_starts[i] + min(offset, ends[i]) - starts[i] if i >= 0 else 0

    text = " ".join(rich.text[a:b] for a, b in chunks)
    spans = [(moved_start(s), moved_end(e)) for s, e in rich.bold]
    return RichText(text, [(s, e) for s, e in spans if e > s], list(rich.footnotes))


def with_label(line: RichText, label: str, bold: bool) -> RichText:
    """The paragraph's first line with its list label and one space in front; a bold label joins a
    bold start of the text into one span."""
    labelled = RichText()
    labelled.add(label, bold)
    labelled.add(" ", bold and bool(line.bold) and line.bold[0][0] == 0)
    labelled.extend(line)
    labelled.bold = merge_spans(labelled.bold)
    return labelled


def merge_spans(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged




def superscript(n: int) -> str:
    return str(n).translate(_SUPERSCRIPT_DIGITS)


# --- the document ---------------------------------------------------------------------------------
_INLINE_CONTAINERS = {_w(t) for t in ("hyperlink", "ins", "smartTag", "sdt", "sdtContent", "fldSimple",
                                      "customXml", "moveTo", "dir", "bdo")}
_BLOCK_CONTAINERS = {_w(t) for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo")}
_BULLET_SYMBOLS = {0xF0B7, 0xF0A7, 0xF0D8, 0xF076, 0xF0FC, 0xF06C, 0xF06E, 0xF0A8, 0xF02D, 0xF0AE}

class DocumentReader:
    """Walks the body in order, keeping list counters and footnote numbers as Word does."""

    def __init__(self, styles: StyleSheet, numbering: NumberingDefinitions,
                 footnotes: dict[str, RichText] | None = None):
        self.styles = styles
        self.numbering = numbering
        self.counters = ListCounters(numbering)
        self.footnotes = footnotes or {}
        self.footnotes_shown = 0

    # block level
    def blocks(self, container: ET.Element) -> list[Block]:
        blocks: list[Block] = []
        for child in container:
            if child.tag == _w("p"):
                blocks.extend(self.paragraph_blocks(child))
            elif child.tag == _w("tbl"):
                blocks.extend(self.table_blocks(child))
            elif child.tag in _BLOCK_CONTAINERS:
                blocks.extend(self.blocks(child))
        return blocks

    def paragraph_blocks(self, p: ET.Element) -> list[Block]:
        rich = self.paragraph_text(p)
        blocks = [Block(text=line.text, gap_before=i == 0, emphasis=line.bold)
                  for i, line in enumerate(split_lines_labelled(rich, self._label(p)))]
        return blocks + self.footnote_blocks(rich.footnotes)

    def footnote_blocks(self, footnote_ids: list[str]) -> list[Block]:
        blocks = []
        for footnote_id in footnote_ids:
            note = self.footnotes.get(footnote_id)
            if note is None:
                continue
            self.footnotes_shown += 1
            mark = superscript(self.footnotes_shown) + " "
            blocks.append(Block(text=mark + note.text, footnote=True,
                                emphasis=[(s + len(mark), e + len(mark)) for s, e in note.bold]))
        return blocks

    def table_blocks(self, tbl: ET.Element) -> list[Block]:
        """A layout table (at most two columns, no task-table header row: the Decree 30 header and
        the "Nơi nhận" / signature table) gives its cells' blocks column by column, left first. Any
        other table gives one block per row, the cells joined by " | "."""
        rows = [[self.blocks(tc) for tc in _children(tr, "tc")] for tr in _children(tbl, "tr")]
        rows = [row for row in rows if row]
        columns = max((len(row) for row in rows), default=0)
        if columns <= 2 and not any(_looks_like_task_header(row) for row in rows):
            return [block for col in range(columns) for row in rows if col < len(row) for block in row[col]]
        blocks: list[Block] = []
        for row in rows:
            line = RichText()
            for i, cell in enumerate(row):
                line.add(" | " if i else "")
                line.extend(_cell_text(cell))
            line = tidy(line)  # an empty cell leaves "a | | b"
            if line.text.replace("|", "").strip():
                blocks.append(Block(text=line.text, emphasis=line.bold))
            blocks.extend(block for cell in row for block in cell if block.footnote)
        return blocks

    # inline level
    def paragraph_text(self, p: ET.Element) -> RichText:
        rich = RichText()
        self._inline(p, _paragraph_style(p, self.styles), rich)
        return rich

    def _inline(self, container: ET.Element, para_style: str | None, rich: RichText) -> None:
        for child in container:
            if child.tag == _w("r"):
                self._run(child, para_style, rich)
            elif child.tag in _INLINE_CONTAINERS:
                self._inline(child, para_style, rich)

    def _run(self, r: ET.Element, para_style: str | None, rich: RichText) -> None:
        props = self._run_props(r, para_style)
        if props.hidden:
            return
        pieces: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _w("t"):
                pieces.append(child.text or "")
            elif tag == _w("tab") or tag == _w("ptab"):
                pieces.append("\t")
            elif tag in (_w("br"), _w("cr")):
                pieces.append("\n")
            elif tag == _w("noBreakHyphen"):
                pieces.append("-")
            elif tag == _w("softHyphen"):
                pieces.append("\u00ad")  # TCVN3 "ư" shares this code
            elif tag == _w("sym"):
                pieces.append(_symbol_text(child))
            elif tag == _w("footnoteReference") and (ref := child.get(_w("id"))) is not None:
                rich.footnotes.append(ref)  # the mark prints nothing in the text we keep
        text = "".join(pieces)
        if legacy_encoding(props.font):
            text = convert_legacy_text(text, props.font)
        text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
        if props.caps:
            text = text.upper()
        rich.add(text, bool(props.bold))

    def _run_props(self, r: ET.Element, para_style: str | None) -> RunProps:
        rpr = r.find(_w("rPr"))
        char_style = _val(rpr.find(_w("rStyle"))) if rpr is not None else None
        return (run_props_of(rpr)
                .over(self.styles.run_props(char_style))
                .over(self.styles.run_props(para_style))
                .over(self.styles.defaults))

    def _list_position(self, p: ET.Element, style_id: str | None) -> tuple[str, int] | None:
        """(numId, level) of a numbered paragraph: its own w:numPr first, then its style chain's;
        numId 0 switches numbering off."""
        refs = [ref for ref in (numbering_ref_of(p.find(_w("pPr"))), self.styles.numbering(style_id)) if ref]
        num_id = next((ref.num_id for ref in refs if ref.num_id), None)
        if num_id is None or num_id == "0":
            return None
        level = next((ref.level for ref in refs if ref.level is not None), None)
        return num_id, level if level is not None else self.numbering.level_for_style(num_id, style_id)

    def _label(self, p: ET.Element) -> tuple[str, bool] | None:
        """The list label of the paragraph (advancing its list) and whether it prints bold: the
        level's own run properties, else those of the paragraph mark and its style."""
        style_id = _paragraph_style(p, self.styles)
        position = self._list_position(p, style_id)
        labelled = self.counters.next_label(*position) if position else None
        if labelled is None or not labelled[0]:
            return None
        label, level = labelled
        ppr = p.find(_w("pPr"))
        mark = run_props_of(ppr.find(_w("rPr")) if ppr is not None else None)
        bold = level.bold if level.bold is not None else mark.over(self.styles.run_props(style_id)).bold
        return label, bool(bold)


def split_lines_labelled(rich: RichText, label: tuple[str, bool] | None) -> list[RichText]:
    """The paragraph's lines, the first with its list label; a numbered paragraph without text (the
    "TT" cell of a task table) is its label alone."""
    lines = split_lines(rich)
    if label is None:
        return lines
    if not lines:
        text, bold = label
        return [RichText(text, [(0, len(text))] if bold else [])]
    lines[0] = with_label(lines[0], *label)
    return lines


def _paragraph_style(p: ET.Element, styles: StyleSheet) -> str | None:
    ppr = p.find(_w("pPr"))
    style = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
    return style or styles.default_paragraph_style


def _children(el: ET.Element, tag: str) -> Iterator[ET.Element]:
    """Children named `tag`, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == _w(tag):
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _children(child, tag)


def _cell_text(cell: list[Block]) -> RichText:
    text = RichText()
    for block in cell:
        if not block.footnote:
            text.extend(RichText(block.text, list(block.emphasis)), separator=" ")
    return text


def _looks_like_task_header(row: list[list[Block]]) -> bool:
    return looks_like_task_header([_cell_text(cell).text for cell in row])


def _symbol_text(sym: ET.Element) -> str:
    """<w:sym w:font="Symbol" w:char="F0B7"/>: a bullet-like glyph reads as "-", other symbol-font
    glyphs have no text."""
    try:
        code = int(sym.get(_w("char"), ""), 16)
    except ValueError:
        return ""
    if code in _BULLET_SYMBOLS or (code | 0xF000) in _BULLET_SYMBOLS:
        return "-"
    return "" if 0xE000 <= code <= 0xF8FF else chr(code)


def _footnote_texts(root: ET.Element | None, styles: StyleSheet, numbering: NumberingDefinitions
                    ) -> dict[str, RichText]:
    """Footnote id -> its text (paragraphs joined by a space); separators (w:type) are left out."""
    notes: dict[str, RichText] = {}
    if root is None:
        return notes
    reader = DocumentReader(styles, numbering)  # lists inside footnotes count on their own
    for note in root.iter(_w("footnote")):
        if note.get(_w("type")) not in (None, "normal") or note.get(_w("id")) is None:
            continue
        text = RichText()
        for block in reader.blocks(note):
            text.extend(RichText(block.text, list(block.emphasis)), separator=" ")
        notes[note.get(_w("id"), "")] = text
    return notes


# --- entry point ----------------------------------------------------------------------------------
def read_docx_bytes(data: bytes) -> list[Block]:
    if not data:
        raise EmptyInput("the file is empty")
    with _open_package(data) as package:
        parts = _load_parts(package)
    styles = StyleSheet(parts.styles)
    numbering = NumberingDefinitions(parts.numbering)
    reader = DocumentReader(styles, numbering, _footnote_texts(parts.footnotes, styles, numbering))
    body = parts.document.find(_w("body"))
    blocks = reader.blocks(body) if body is not None else []
    if not blocks:
        raise EmptyInput("no text in the document")
    return blocks


__all__ = ["bullet_label", "format_number", "parse_xml", "read_docx_bytes"]
