"""References: citations of other documents, with type, number, date and issuer.

  reference := DOC_TYPE [số] NUMBER [[,] ngày DATE] [của|do ISSUER]
"Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ" -> Nghị định, 60/2021/NĐ-CP, 2021-06-21,
Chính phủ. A number without a symbol ("Chỉ thị 40 của Tỉnh ủy") needs "số" or a date/issuer after it.
"""

from __future__ import annotations

import regex

from ..dates import DateGrammar, day_of
from ..grammar import Grammar, OpenerScan, current_grammar, using
from ..models import Reference, built
from ..rules import Rules, alternation
from .agencies import find_agencies

# "12/CT-TTg", "215/TTr-UBND": lower case inside a code; "10- CTr/TU": a space typed after the dash
_SYMBOL_NUMBER = r"\d+(?:[/\-](?:\s(?=\p{Lu}{2}))?[\p{Lu}\d][\p{Lu}\p{Ll}\d&.]*)+"
_SPACE_AFTER_SEPARATOR = regex.compile(r"(?<=[/\-])\s+")


def _pattern() -> OpenerScan:
    return current_grammar().stage("extractor.recognize.references._pattern", _build_pattern)


def _build_pattern(rules: Rules) -> OpenerScan:
    r = rules.references
    types = alternation(r.doc_types)
    conn = alternation(r.connectors)
    issuer = alternation(r.issuer_words, boundary=False)  # "của", "do": the issuer's name follows
    dates = DateGrammar.of(rules.dates)
    # tried where a type is written as the pattern reads it (in its case: "Báo cáo", never the verb
    # "báo cáo"), not at every character (its look-behind would make `regex` try it there)
    return OpenerScan(regex.compile(
        rf"(?P<type>{types})\s+(?:(?P<conn>{conn})\s+)?"
        rf"(?P<number>{_SYMBOL_NUMBER}|\d+(?=\s*(?:,\s*)?(?:{dates.day}|{issuer})\b)|(?<=(?:{conn})\s+)\d+)"
        rf"(?:\s*,?\s*{dates.cited_date()})?"
        rf"(?:\s+(?P<of>{issuer})\s+)?"
    ), (t.split()[0] for t in r.doc_types if t.split()), r.doc_types, cased=True)


def find_references(text: str, offset: int = 0, *, grammar: Grammar | None = None) -> list[Reference]:
    if grammar is None:  # the grammar in force: no context to set
        return _find_references(text, offset)
    with using(grammar):
        return _find_references(text, offset)


def _find_references(text: str, offset: int = 0) -> list[Reference]:
    refs: list[Reference] = []
    for m in _pattern().finditer(text):
        end = m.end()
        issuer = None
        if m.group("of"):
            mentions = [a for a in find_agencies(text[end:end + 120]) if a.title_start == 0 or a.span[0] == 0]
            if mentions:
                issuer = mentions[0].name
                end += mentions[0].span[1]
            else:
                end = m.start("of") - 1 if m.start("of") > 0 else end
                end = len(text[:end].rstrip())
        number = _SPACE_AFTER_SEPARATOR.sub("", m.group("number").rstrip("."))
        written = text[m.start():end].rstrip(" ,.")
        refs.append(built(Reference, 
            text=written, doc_type=_type_name(m.group("type")), number=number,
            date=_date(m), issuer=issuer, span=(m.start() + offset, m.start() + offset + len(written)),
        ))
    return refs


def _type_name(raw: str) -> str:
    return raw[:1].upper() + raw[1:]


def _date(m: regex.Match[str]) -> str | None:
    day = day_of(m)
    return day.isoformat() if day else None
