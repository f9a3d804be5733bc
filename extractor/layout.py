"""Layout (first half of the outline stage): header, body and closing block of a notice.

Decree 30/2020 layout: issuer lines in capitals, the national motto, "Số: 123/TB-UBND",
"<Place>, ngày D tháng M năm YYYY", the type word (THÔNG BÁO, CHỈ THỊ ...) and the subject line, or
"V/v ..." and "Kính gửi:" for a công văn; at the end "Nơi nhận:" and the signature block
(TM./KT./TL./TUQ./Q., title lines, name). A page with none of this (a headline, a dateline,
captions, a byline) is a news article, doc_type "tin_bai".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .dates import DateGrammar
from .grammar import Grammar, current_grammar, current_rules, using
from .models import DocType, Signer
from .normalize import NormalizedDoc
from .rules import HeaderRules, Rules, alternation
from .textutil import ENDS_SENTENCE as _ENDS_SENTENCE
from .textutil import list_marker, looks_vietnamese


@dataclass(slots=True)
class Layout:
    doc_type: DocType
    number: str | None
    issuer: str | None
    place: str | None
    issue_date: str | None
    title: str | None
    signer: Signer | None
    recipients: list[str]
    body: list[int]                  # indices into doc.paragraphs, in order
    is_news: bool = False
    relay_index: int | None = None   # news: the paragraph that relays a directive document
    warnings: list[str] = field(default_factory=list)
    issuer_lines: list[str] = field(default_factory=list)  # re-cased header lines, parent body first
    attachment_starts: list[int] = field(default_factory=list)  # first body paragraph of each attachment
    attachment_titles: list[list[int]] = field(default_factory=list)  # each attachment's title paragraphs
    foreign: bool = False            # no Vietnamese header and the words are not Vietnamese


FOREIGN_WARNING = "the text does not look Vietnamese: not read as a notice (no type, issuer or tasks guessed)"


@dataclass(slots=True, frozen=True)
class _Patterns:
    number: regex.Pattern[str]
    date_line: regex.Pattern[str]
    month_year: regex.Pattern[str]   # a scan's date line whose day could not be read
    year_only: regex.Pattern[str]    # a scan's date line that OCR garbled but for its year
    motto: regex.Pattern[str]
    separator: regex.Pattern[str]
    subject: regex.Pattern[str]
    salutation: regex.Pattern[str]
    addressee: regex.Pattern[str]
    recipients: regex.Pattern[str]
    archive: regex.Pattern[str]           # the archive line that ends a recipients' list ("- Lưu: VT")
    authority: regex.Pattern[str]
    type_line: regex.Pattern[str]
    news: list[regex.Pattern[str]]
    relay: list[regex.Pattern[str]]
    person: regex.Pattern[str]
    attachment_title: regex.Pattern[str]
    attachment_note: regex.Pattern[str]
    signed: regex.Pattern[str]
    # no words: kept here so that a run reads them compiled from the disk cache (each first compile
    # costs start-up time; the document number's code is read once per notice)
    party_symbol: regex.Pattern[str]    # "245-KL/TU"
    state_symbol: regex.Pattern[str]    # "123/TB-UBND", "08/2019/NQ-HĐND"
    spaces: regex.Pattern[str]
    digit: regex.Pattern[str]
    bullet: regex.Pattern[str]
    bullets: tuple[str, ...]             # the glyphs that open a bulleted paragraph (rules/outline.yaml)


def _patterns() -> _Patterns:
    return current_grammar().stage("extractor.layout._patterns", _build_patterns)


def _build_patterns(rules: Rules) -> _Patterns:
    h = rules.header
    dates = DateGrammar.of(rules.dates)
    types = "|".join(regex.escape(k) for k in sorted(h.doc_type_words, key=len, reverse=True))
    urgency = "|".join(regex.escape(k) for k in sorted(h.urgency_words, key=len, reverse=True))
    authorities = "|".join(regex.escape(a) for a in h.authorities)
    bullet_class = "[" + "".join(regex.escape(g) for g in rules.outline.bullet_glyphs) + "]"
    return _Patterns(
        # "Số: 123/TB-UBND", "Số: /TB-UBND" (blank), Party style "Số 245-KL/TU" (no colon)
        number=regex.compile(rf"^{regex.escape(h.number_label)}\s*(?::\s*|\s+(?=[\d/]))"
                             # "75/TB/ STNMT-VPĐKĐĐ": a space after the slash of a typed symbol
                             rf"(?P<num>[^\s,;]*(?:\s*[/\-]\s*[^\s,;]+|(?<=[/\-])\s+\p{{Lu}}[^\s,;]*)*)", regex.I),
        # "<Place>, ngày 05 tháng 10 năm 2022" (the date grammar's header form, extractor/dates.py)
        date_line=regex.compile(rf"(?:^|\s)(?P<place>[\p{{L}}][\p{{L}}\s.\-'’ʼ]{{1,40}}?),\s*{dates.header_date()}"),
        month_year=regex.compile(dates.header_month_year()),
        year_only=regex.compile(dates.header_year()),
        motto=regex.compile("|".join(regex.escape(m) for m in h.motto_lines), regex.I),
        separator=regex.compile(r"^[\s\-_–—=*.]+$"),
        subject=regex.compile(rf"^{regex.escape(h.subject_label)}\s*[:.]?\s*(?P<title>.+)$", regex.I),
        salutation=regex.compile(rf"^{regex.escape(h.salutation)}\s*:?\s*(?P<rest>.*)$", regex.I),
        addressee=regex.compile(rf"{alternation(h.addressee_endings, boundary=False)}\s*$", regex.I),
        recipients=regex.compile(rf"^{regex.escape(h.recipients_label)}\s*:?\s*(?P<rest>.*)$", regex.I),
        archive=regex.compile(rf"^{bullet_class}\s*{regex.escape(h.archive_label)}(?![\p{{L}}])"),
        authority=regex.compile(rf"^(?P<auth>{authorities})(?:\s+|(?<=\.))(?P<rest>.*)$"),
        # "CÔNG ĐIỆN KHẨN", "CÔNG ĐIỆN HỎA TỐC": an urgency after the type, one letter OCR may misread
        type_line=regex.compile(rf"^(?P<type>{types})(?:\s+(?:{urgency}){{e<=1}})?\s*$"),
        news=[regex.compile(p, regex.M) for p in h.news_markers],
        relay=[regex.compile(p, regex.I) for p in h.relay_cues],
        person=regex.compile(r"^(?:\p{Lu}[\p{Ll}]*\s+){1,5}\p{Lu}[\p{Ll}]*$"),
        attachment_title=regex.compile(
            rf"^{alternation(h.attachment_words)}(?:\s+(?:[IVXLC]+|\d+|{regex.escape(h.number_label.upper())}\s+\S+))?\.?(?:\s|$)"),
        attachment_note=regex.compile(rf"^{alternation(h.attachment_notes, boundary=False)}", regex.I),
        # "(ĐÃ KÝ)" in a copy's signature column stands where the signature was: no title
        signed=regex.compile(rf"^\(?(?:{'|'.join(regex.escape(w) for w in h.signed_marks)})\)?\.?$"),
        party_symbol=regex.compile(r"^\d+-(?P<code>[\p{Lu}]+)/"),
        state_symbol=regex.compile(r"^[\d/]*?/(?:\d{4}/)?(?P<code>[\p{Lu}]+)(?:-|$)"),
        spaces=regex.compile(r"\s+"),
        digit=regex.compile(r"\d"),
        bullet=regex.compile(rf"^{bullet_class}\s*"),
        bullets=tuple(rules.outline.bullet_glyphs),
    )


def parse_layout(doc: NormalizedDoc, *, grammar: Grammar | None = None) -> Layout:
    with using(grammar):
        return _parse_layout(doc)


def _parse_layout(doc: NormalizedDoc) -> Layout:
    pats = _patterns()
    rules = current_rules().header
    paras = [i for i, p in enumerate(doc.paragraphs) if not p.is_note]
    texts = {i: doc.para_text(doc.paragraphs[i]) for i in paras}

    closing_at = _closing_start(paras, texts, pats)
    head_and_body = [i for i in paras if closing_at is None or i < closing_at]
    closing = [i for i in paras if closing_at is not None and i >= closing_at]
    attachment, attachment_starts, attachment_from, attachment_titles = _attachments(closing, texts, pats)
    closing = [i for i in closing if attachment_from is None or i < attachment_from]

    header_end = -1
    issuer_lines: list[str] = []
    number: str | None = None
    number_seen = False
    place = issue_date = title = None
    doc_type: DocType | None = None
    motto_seen = subject_seen = salutation_seen = False
    saw_header_item = False
    scan_limit = head_and_body[:30]
    title_until = -1  # the title's last paragraph: a subject in capitals may run over several
    title_pending = False  # the type word was read, its title not yet (a scan's column order)
    for pos, i in enumerate(scan_limit):
        if pos <= title_until:
            continue
        text = texts[i]
        motto = pats.motto.search(text)
        if motto is None and pos + 1 < len(scan_limit) and len(text) < 60:
            # "CỘNG HÒA XÃ HỘI CHỦ" / "NGHĨA VIỆT NAM": a motto wrapped in a narrow column of a PDF
            wrapped = pats.motto.search(f"{text} {texts[scan_limit[pos + 1]]}")
            if wrapped is not None and wrapped.start() < len(text) < wrapped.end():
                motto = wrapped
                title_until = max(title_until, pos + 1)
        if motto:
            # a copy that ran the two header columns together: "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI ..."
            before = text[:motto.start()].strip()
            if before and not number_seen and _is_issuer_line(before):
                issuer_lines.append(before)
            motto_seen = saw_header_item = True
            header_end = max(header_end, pos)
            continue
        if pats.separator.match(text):
            if saw_header_item:
                header_end = max(header_end, pos)
            continue
        # a copy that reads the header row by row puts the motto between the issuer's lines
        # ("ĐẢNG BỘ TỈNH NGHỆ AN" / "ĐẢNG CỘNG SẢN VIỆT NAM" / "HUYỆN ỦY NAM ĐÀN"): the column goes on
        beside_motto = motto_seen and not (number_seen or issue_date or doc_type or subject_seen or salutation_seen)
        if beside_motto and issuer_lines and pos == header_end + 1 and _is_issuer_line(text) \
                and not pats.type_line.match(text.upper()):
            issuer_lines.append(text)
            header_end = pos
            continue
        m = pats.number.match(text)
        if m and not number_seen:
            number_seen = saw_header_item = True
            raw = pats.spaces.sub("", m.group("num"))
            number = raw if raw and not raw.startswith("/") and pats.digit.search(raw) else None
            header_end = max(header_end, pos)
            d = pats.date_line.search(text[m.end():])
            if d:
                place, issue_date = _place_date(d)
            continue
        d = pats.date_line.match(text) if issue_date is None and len(text) < 90 else None
        if d:
            place, issue_date = _place_date(d)
            saw_header_item = True
            header_end = max(header_end, pos)
            continue
        if issue_date is None and len(text) < 90 and pats.year_only.search(text):
            # "Đắk R lấp, ngày |‡ tháng ® năm 2019": the date line of a signed scan, unread but for its
            # year, is still the header's (the addressees after it are no tasks)
            saw_header_item = True
            header_end = max(header_end, pos)
            continue
        # the type word alone on its line, in any case (TCVN3 text has no capitals with tone marks)
        t = pats.type_line.match(text.upper()) if len(text) < 30 else None
        if t and doc_type is None:
            doc_type = rules.doc_type_words[t.group("type")]
            saw_header_item = True
            if pos + 1 < len(scan_limit) and _is_header_line(texts[scan_limit[pos + 1]], pats):
                # a scan read column by column: the type word came before the motto and the date,
                # its title comes after them
                title_pending = True
                header_end = max(header_end, pos)
                continue
            title, used = _title_after(scan_limit, pos, texts, pats)
            header_end = max(header_end, pos + used)
            title_until = pos + used
            continue
        s = pats.subject.match(text)
        if s and not subject_seen:
            subject_seen = saw_header_item = True
            title = title or s.group("title").strip()
            header_end = max(header_end, pos)
            continue
        if title_pending and not (pats.salutation.match(text) or pats.addressee.search(text)):
            title_pending = False
            title, used = _title_after(scan_limit, pos - 1, texts, pats)
            header_end = max(header_end, pos - 1 + used)
            title_until = pos - 1 + used
            continue
        title_pending = False
        g = pats.salutation.match(text) or pats.addressee.search(text)
        if g and not salutation_seen:
            salutation_seen = saw_header_item = True
            header_end = max(header_end, pos)
            nxt = pos + 1
            while nxt < len(scan_limit) and texts[scan_limit[nxt]].startswith(pats.bullets):
                header_end = nxt
                nxt += 1
            continue
        if pos <= header_end + 1 and not saw_header_item and _is_issuer_line(text):
            issuer_lines.append(text)
            header_end = max(header_end, pos)
            continue
        if salutation_seen and text.startswith(pats.bullets) and pos == header_end + 1:
            header_end = pos  # an addressee printed below the motto and the date (PDF column order)
            continue
        if subject_seen and not salutation_seen and pos == header_end + 1 and len(text) < 90 \
                and not text.rstrip().endswith((".", ":", ";")) and pos + 1 < len(scan_limit) \
                and _is_header_line(texts[scan_limit[pos + 1]], pats):
            # "V/v tiếp tục … khống chế bệnh" / "Dịch tả lợn Châu Phi trên địa bàn huyện" over the motto: a
            # subject wrapped in the left column of a PDF goes on up to the header's right column
            title = f"{title} {text.strip()}" if title else text.strip()
            header_end = pos
            continue
        if doc_type is not None or subject_seen or salutation_seen:
            break  # the body has begun
        if issuer_lines and pos > header_end + 1:
            break

    body = head_and_body[header_end + 1:] + attachment
    is_news = not (doc_type or number_seen or motto_seen or subject_seen or salutation_seen)
    full_text = "\n".join(texts[i] for i in paras)
    if is_news and not looks_vietnamese(full_text):
        # an English memo is no news article, its capitals ("MEMORANDUM") are no issuer, and its
        # numbered paragraphs are no tasks: nothing is read from it but the warning
        return Layout(doc_type="other", number=None, issuer=None, place=None, issue_date=None, title=None,
                      signer=None, recipients=[], body=[], foreign=True, warnings=[FOREIGN_WARNING])
    if not is_news and doc_type is None:
        doc_type = _type_from_symbol(number, rules) or ("cong_van" if (number_seen or subject_seen or salutation_seen) else "other")
    layout = Layout(
        doc_type=doc_type or "tin_bai", number=number, issuer=_issuer(issuer_lines, place, rules),
        issuer_lines=[_recase_issuer_line(line, rules) for line in issuer_lines],
        place=place, issue_date=issue_date, title=title, signer=_signer(closing, texts, pats),
        recipients=_recipients(closing, texts, pats), body=body, is_news=is_news,
        attachment_starts=attachment_starts, attachment_titles=attachment_titles,
    )
    if is_news:
        if not any(p.search(full_text) for p in pats.news) and len(body) > 0:
            layout.warnings.append("no document header found; read as a news article")
        layout.title = texts[body[0]] if body else None
        layout.body = body[1:]
        layout.relay_index = next((i for i in layout.body if any(p.search(texts[i]) for p in pats.relay)), None)
    return layout


def _attachments(closing: list[int], texts: dict[int, str],
                 pats: _Patterns) -> tuple[list[int], list[int], int | None, list[list[int]]]:
    """Paragraphs of the attachments after the signature (their title lines left out), the first
    paragraph of each: "PHỤ LỤC I" / "DANH MỤC …" / "(Kèm theo Kế hoạch số …)" then its contents, and
    each one's title lines."""
    body: list[int] = []
    starts: list[int] = []
    titles: list[list[int]] = []
    title: list[int] = []
    first_title: int | None = None  # where the first attachment's title begins: the closing ends there
    in_title = False
    for i in closing:
        text = texts[i].strip()
        capitals = text.upper() == text and any(ch.isalpha() for ch in text) and "|" not in text
        opens = capitals and pats.attachment_title.match(text) is not None
        note = pats.attachment_note.match(text) is not None and text.startswith("(")
        if opens or note or (in_title and capitals):
            in_title = in_title or opens or note
            if in_title and first_title is None:
                first_title = i
            if in_title and not note:
                title.append(i)
            continue
        if in_title:
            starts.append(i)
            titles.append(title)
            title = []
            in_title = False
        if starts:
            body.append(i)
    return body, starts, first_title if starts else None, titles


def _closing_start(paras: list[int], texts: dict[int, str], pats: _Patterns) -> int | None:
    for pos, i in enumerate(paras):
        if pats.recipients.match(texts[i]):
            return _signature_above(paras, pos, texts, pats)
    # No "Nơi nhận": the signature block right under the archive line ("- Lưu: VT, KSTT." / "TM. ỦY BAN
    # NHÂN DÂN") wherever it is (an appendix may follow it), else, if any, in the last paragraphs.
    for pos, i in enumerate(paras):
        if pos and pats.authority.match(texts[i]) and texts[i].upper() == texts[i] \
                and pats.archive.match(texts[paras[pos - 1]].strip()):
            return _unlabelled_recipients_above(paras, pos, texts, pats)
    for i in paras[-8:]:
        if pats.authority.match(texts[i]) and texts[i].upper() == texts[i]:
            return _unlabelled_recipients_above(paras, paras.index(i), texts, pats)
    return None


def _unlabelled_recipients_above(paras: list[int], pos: int, texts: dict[int, str], pats: _Patterns) -> int:
    """A scan whose "Nơi nhận:" OCR could not read ("b,coxiP Ti"): the "- …" lines right above the
    signature block that end on the archive ("- Lưu VT, H/sơ.") are the recipients, and the garbled
    label line above them goes with them."""
    if pos == 0 or not pats.archive.match(texts[paras[pos - 1]].strip()):
        return paras[pos]
    start = pos - 1
    while start > 0 and texts[paras[start - 1]].lstrip().startswith(pats.bullets):
        start -= 1
    if start > 0 and len(texts[paras[start - 1]].split()) <= 3:
        start -= 1  # the label OCR garbled
    return paras[start]


def _signature_above(paras: list[int], pos: int, texts: dict[int, str], pats: _Patterns) -> int:
    """Where the closing starts when the signature block is written above "Nơi nhận" (a text copy
    that reads the right column first): an authority line in capitals ("T/M BAN THƯỜNG VỤ") within
    the few paragraphs before it, followed only by capitals (titles) and a name."""
    for back in range(pos - 1, max(-1, pos - 5), -1):
        text = texts[paras[back]].strip()
        if pats.authority.match(text) and text.upper() == text:
            between = [texts[paras[k]].strip() for k in range(back + 1, pos)]
            if all(t.upper() == t or pats.person.match(t) for t in between):
                return paras[back]
            break
    return paras[pos]


def month_and_year(text: str) -> tuple[int, int] | None:
    """The month and year of a date line whose day could not be read (a scan of a signed original,
    the day written by hand): "ngày J3 tháng 5 năm 2024" -> (5, 2024)."""
    m = _patterns().month_year.search(text)
    return (int(m.group("m")), int(m.group("y"))) if m else None


def _place_date(m: regex.Match[str]) -> tuple[str | None, str | None]:
    place = m.group("place").strip() or None
    year = m.group("y")
    month = m.group("m")
    day = m.group("d")
    try:
        if month and day:
            from datetime import date
            return place, date(int(year), int(month), int(day)).isoformat()
        if month:
            return place, f"{int(year):04d}-{int(month):02d}"
    except ValueError:
        pass
    return place, f"{int(year):04d}"


def _is_header_line(text: str, pats: _Patterns) -> bool:
    """The motto or the place-and-date line."""
    return bool(pats.motto.search(text) or (len(text) < 90 and (pats.date_line.match(text) or pats.year_only.search(text))))


def _title_after(scan: list[int], pos: int, texts: dict[int, str], pats: _Patterns) -> tuple[str | None, int]:
    """The subject line(s) right under the type word; returns (title, paragraphs used after pos)."""
    if pos + 1 >= len(scan):
        return None, 0
    first = texts[scan[pos + 1]]
    if pats.separator.match(first):
        return None, 1
    parts = [first]
    used = 1
    if first.isupper():
        # a title in capitals goes on while no lower-case letter comes ("… GIAI ĐOẠN" / "2026 - 2030")
        while pos + used + 1 < len(scan) and not any(c.islower() for c in texts[scan[pos + used + 1]]) \
                and not pats.separator.match(texts[scan[pos + used + 1]]):
            parts.append(texts[scan[pos + used + 1]])
            used += 1
    elif pos + 2 < len(scan):
        # a title in lower case wrapped by a PDF: the rest is a short line with no sentence end
        # ("Kết quả kiểm tra … Đạ Krông" / "3 trước mùa mưa, lũ năm 2026")
        rest = texts[scan[pos + 2]].strip()
        cut = rest[:1].islower() or rest[:1].isdigit() or (len(rest) <= 30 and not rest.isupper())
        if rest and cut and len(rest) < 60 and not _ENDS_SENTENCE.search(rest) and not _ENDS_SENTENCE.search(first) \
                and not pats.separator.match(rest) and not list_marker().match(rest) \
                and not pats.salutation.match(rest) and not pats.addressee.search(rest):
            parts.append(rest)
            used += 1
    if pos + used + 1 < len(scan) and pats.separator.match(texts[scan[pos + used + 1]]):
        used += 1
    return " ".join(parts), used


def _is_issuer_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and text.upper() == text and len(text) < 80


def _type_from_symbol(number: str | None, rules: HeaderRules) -> DocType | None:
    if not number:
        return None
    pats = _patterns()
    party = pats.party_symbol.match(number)
    if party and party.group("code") in rules.symbol_codes:
        return rules.symbol_codes[party.group("code")]
    state = pats.state_symbol.match(number)
    if state and state.group("code") in rules.symbol_codes:
        return rules.symbol_codes[state.group("code")]
    return None


def _recase_issuer_line(line: str, rules: HeaderRules) -> str:
    line = line.strip()
    for upper, written in sorted(rules.issuer_casing.items(), key=lambda kv: -len(kv[0])):
        if line.startswith(upper + " ") or line == upper:
            rest = line[len(upper):].strip()
            return (written + " " + _title_case(rest)).strip()
    for locality in sorted(rules.issuer_localities, key=len, reverse=True):
        if line.startswith(locality + " "):
            return locality.lower() + " " + _title_case(line[len(locality):].strip())
    return _title_case(line)


def _title_case(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def _issuer(lines: list[str], place: str | None, rules: HeaderRules) -> str | None:
    if not lines:
        return None
    recased = [_recase_issuer_line(line, rules) for line in lines]
    # "ỦY BAN NHÂN DÂN" + "TỈNH BẮC GIANG" are one name; a parent body above a unit is the last line's parent
    issuer = " ".join(recased)
    if issuer in rules.place_issuers and place:
        issuer = f"{issuer} {rules.place_issuer_unit} {place}"
    return issuer


def _signer(closing: list[int], texts: dict[int, str], pats: _Patterns) -> Signer | None:
    rules = current_rules().header
    authority: str | None = None
    title: str | None = None
    name: str | None = None
    in_block = False
    title_goes_on = False  # the previous line was a title line in capitals: a line in capitals goes on it
    for i in closing:
        text = texts[i].strip()
        if pats.recipients.match(text) or text.startswith(pats.bullets):
            title_goes_on = False
            continue
        a = pats.authority.match(text)
        if a and text.upper() == text:
            authority = rules.authority_aliases.get(a.group("auth"), a.group("auth"))
            in_block = True
            rest = a.group("rest").strip()
            title = rest or title
            title_goes_on = False  # "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH": the line under it is the title
            continue
        if text.upper() == text and any(c.isalpha() for c in text) and len(text) < 60 \
                and not pats.signed.match(text):
            in_block = True
            # a title that wraps in the signature column ("PHÓ CHÁNH VĂN PHÒNG" / "THƯỜNG TRỰC") is
            # one title, as a copy on one line gives it
            title = f"{title} {text}" if title_goes_on and title else text
            title_goes_on = True
            continue
        title_goes_on = False
        if (in_block or title) and pats.person.match(text) and name is None:
            name = text
    if not (title or name):
        return None
    # the authority is a word of rules/header.yaml: pydantic checks it against Signer's Literal
    return Signer.model_validate({"name": name, "title": _recase_title(title, rules) if title else None,
                                  "authority": authority})


def _recase_title(title: str, rules: HeaderRules) -> str:
    lowered = title.strip().lower()
    for known in sorted(rules.signer_titles, key=len, reverse=True):
        if lowered == known.lower():
            return known
    return title[:1].upper() + title[1:].lower()


def _recipients(closing: list[int], texts: dict[int, str], pats: _Patterns) -> list[str]:
    out: list[str] = []
    started = False
    for i in closing:
        text = texts[i].strip()
        m = pats.recipients.match(text)
        if m:
            started = True
            rest = m.group("rest").strip()
            if rest:
                out.append(_clean_recipient(rest))
            continue
        if started and text.startswith(pats.bullets):
            out.append(_clean_recipient(text))
        elif started and out and text.startswith("(") and text.rstrip(" ;,.").endswith(")"):
            continue  # "(Niêm yết tại trụ sở UBND huyện …);" between two recipients: a note, the list goes on
        elif started and out:
            break
    return [r for r in out if r]


def _clean_recipient(text: str) -> str:
    return _patterns().bullet.sub("", text).rstrip(" ;,.")
