"""Metrics: quantitative targets a task sets ("ít nhất 80% hồ sơ", "từ 01 đến 02 cuộc họp").

  range    := từ N đến M UNIT                 op "range"
  cued     := OP_CUE [tỷ lệ|mức] N (%|UNIT)   op from rules/metrics.yaml ("ít nhất" >=, "trên" >, ...)
  bare     := N%                              op "=" ("100% hồ sơ ...")
A count needs a unit and a cue; a clause that reports a result ("đã ..., đạt 88,6%") holds none.
Percentages use the decimal comma ("75,55%"); counts use "." for thousands ("9.817").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..grammar import Grammar, OpenerScan, current_grammar, using
from ..models import Metric, MetricOp, built
from ..rules import MetricRules, Rules, alternation

Span = tuple[int, int]
_NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+(?:[.,]\d+)?"
# the operators rules/metrics.yaml may name (MetricRules checks the keys of its ops)
_OPS: dict[str, MetricOp] = {">=": ">=", ">": ">", "<": "<", "<=": "<=", "=": "="}
_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+")
_CLAUSE_BREAK = regex.compile(r";|\.\s|:\s", regex.REVERSE)  # searched back from a figure
_DIGIT = re.compile(r"\d")  # stdlib: the same digits, a cheaper call
_LETTER = regex.compile(r"\p{L}")
_WORD = regex.compile(r"\S+")
_SPACES = regex.compile(r"\s+")
# a name's one word inside a sentence right before a figure: after a lower-case word or a comma, a capitalized
# word ("cấp hóa chất Cloramin B, Chlorine 70%"; not "Hồ Chí Minh 100%", nor "Có 30%" opening a sentence),
# searched back from the figure
_GRADED_NAME = regex.compile(r"(?:(?<!\p{L})\p{Ll}+|,)\s+\p{Lu}\p{Ll}+\s*$")


@dataclass(slots=True)
class _Patterns:
    range: regex.Pattern[str]
    cued: OpenerScan                     # searched where a cue's first word begins
    bare: regex.Pattern[str]
    op_of: dict[str, MetricOp]
    prepositions: frozenset[str]         # cues that alone before a count say where ("trên 04 loại hình")
    past: regex.Pattern[str]
    past_after: regex.Pattern[str]       # the past markers that are no relative marker
    past_before_bound: regex.Pattern[str]  # a past marker right before a prescriptive bound, at the end
    bounds: frozenset[str]               # cues that state what must be ("tối thiểu"), lower case
    # "góp phần", "Về kiến nghị": a goal the work contributes to, or what someone asked for, follows
    contribution: regex.Pattern[str] | None
    quotes: tuple[tuple[str, str], ...]  # (opening, closing) quotation marks around a name
    stops: list[str] | str  # the rules' subject_stops as a character class; [] when there are none
    subject_stop: regex.Pattern[str]     # where a subject ends: a stop, a dash between spaces, ", " + capital
    max_words: int
    time_units: frozenset[str]
    time_anchor: regex.Pattern[str]
    joined: regex.Pattern[str]           # what joins two figures under one cue ("10% / 5%", "70% và 50%")
    joint: regex.Pattern[str]            # where two targets' subjects part ("… và …", ", ")
    percent_units: frozenset[str]        # "%", "phần trăm", lower case
    number_words: dict[str, int]         # "một" 1 ("tối thiểu một lần/năm"), lower case
    words_after_bound: regex.Pattern[str]  # a cheap gate where no digit is: a bound, then a count in words
    number_word: re.Pattern[str]          # … before it, a cheaper one: a count in words at all (`re` is faster here)
    # the same words without the look-behind, where each is letters only: `re` then skips to their first
    # letters (see _has_number_word); None otherwise
    number_word_run: re.Pattern[str] | None
    target_reference: regex.Pattern[str]  # a cue, the target it names, then the figure ("vượt mục tiêu … (10%)")
    target_reference_op: dict[str, MetricOp]
    gate_range: tuple[str, ...]           # first words, lower case: the range pattern needs one ("từ")
    gate_bare: tuple[str, ...]            # … and a bare figure its percent unit's ("%", "phần")


def _patterns() -> _Patterns:
    return current_grammar().stage("extractor.recognize.metrics._patterns", _build_patterns)


def _build_patterns(rules: Rules) -> _Patterns:
    r = rules.metrics
    ci = regex.IGNORECASE
    op_of = {cue.lower(): _OPS[op] for op, cues in r.ops.items() for cue in cues}
    cues = alternation(list(op_of))
    tr = r.target_references
    target_cues = [cue for cues in tr.cues.values() for cue in cues]
    lead = rf"(?:{alternation(r.number_lead_words)}\s+)?"
    units = alternation(r.count_units)
    percent = alternation(r.percent_units, boundary=False)
    # the units listed with a count's own ("02 cán bộ, công chức")
    tail = rf"(?:\s*,\s*(?:{units}))*"
    # "02 hội nghị/năm", "2,1 con/phụ nữ"
    noun = rf"|(?-i:\p{{Ll}}+)(?:\s+(?-i:\p{{Ll}}+)){{0,{r.rate_noun_words - 1}}}(?![\p{{L}}\p{{N}}])" \
        if r.rate_noun_words else ""
    per = rf"(?:/(?:{alternation(r.count_units + r.rate_periods)}{noun}))?"
    unit = rf"(?P<unit>{percent}|(?P<base>{_phrase_unit(r)}|{units}){per}{tail})"
    frm = alternation(r.range_pattern_words["from"])
    to = "|".join(regex.escape(w) for w in r.range_pattern_words["to"])
    subject_stops = r.subject_stops and "".join(regex.escape(s) for s in r.subject_stops)
    return _Patterns(
        range=regex.compile(rf"{frm}\s+(?P<lo>{_NUMBER})\s*(?:{to})\s*(?P<hi>{_NUMBER})\s*{unit}", ci),
        cued=OpenerScan(regex.compile(
            # a count in words ("tối thiểu một lần/năm") is kept only after a bound (`_heads`)
            rf"(?P<cue>{cues})\s+{lead}(?P<n>{_NUMBER}|{alternation(list(r.number_words))})\s*{unit}", ci),
            (cue.split()[0] for cue in op_of), list(op_of),
            # its beginning, without the units (most cues are followed by no figure)
            gate=regex.compile(rf"(?:{cues})\s+{lead}(?:{_NUMBER}|{alternation(list(r.number_words))})", ci)),
        bare=regex.compile(rf"(?<![\d.,/])(?P<n>{_NUMBER})\s*(?P<unit>{percent})", ci),
        op_of=op_of,
        prepositions=frozenset(cue.lower() for cue in r.preposition_cues),
        past=regex.compile(alternation(r.past_markers), ci),
        past_before_bound=regex.compile(rf"{alternation(r.past_markers)}\s*$", ci),
        bounds=frozenset(cue.lower() for cue in r.prescriptive_bounds),
        quotes=tuple((pair[0], pair[1]) for pair in rules.sections.quotation_marks),
        contribution=regex.compile(alternation(r.contribution_markers + r.request_topics), ci)
        if r.contribution_markers or r.request_topics else None,
        past_after=regex.compile(alternation([w for w in r.past_markers if w not in r.relative_markers]), ci),
        stops=subject_stops,
        subject_stop=regex.compile(rf"[{subject_stops}]|\s[-–]\s|,\s*(?=\p{{Lu}})"),
        max_words=r.subject_max_words,
        time_units=frozenset(u.lower() for u in r.time_units),
        time_anchor=regex.compile(rf"\s*(?:{alternation(r.time_anchors)})", ci),
        joined=regex.compile(rf"\s*(?:(?:[/,]|{alternation(r.joining_words + r.range_pattern_words['to'])})\s*)?", ci),
        joint=regex.compile(rf"\s+{alternation(r.joining_words)}\s+|,\s*", ci),
        percent_units=frozenset(u.lower() for u in r.percent_units),
        number_words={w.lower(): n for w, n in r.number_words.items()},
        # a count in words counts only after a bound ("tối thiểu một lần/năm"); searched in the lower-cased
        # text of a paragraph with no digit (IGNORECASE makes a long alternation slow)
        number_word=re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w.lower()) for w in r.number_words)})(?!\w)"),
        number_word_run=re.compile(rf"(?:{'|'.join(re.escape(w.lower()) for w in r.number_words)})(?!\w)")
        if r.number_words and all(re.fullmatch(r"\w+", w.lower()) for w in r.number_words) else None,
        words_after_bound=regex.compile(
            rf"(?:{alternation([c for c, op in op_of.items() if op != '='])})\s+"
            rf"(?:{alternation([w.lower() for w in r.number_lead_words])}\s+)?{alternation([w.lower() for w in r.number_words])}"),
        target_reference=regex.compile(
            rf"(?P<cue>{alternation(target_cues)})(?:\s+[^\d\s;.]+){{0,3}}?\s+{alternation(tr.nouns)}"
            # words between the target and its figure: "hoàn thành mục tiêu 100% TTHC …" states the target
            rf"(?:\s+[^\d\s;.()]+){{1,10}}\s*\(?\s*$", ci),
        target_reference_op={cue.lower(): _OPS[op] for op, cues in tr.cues.items() for cue in cues},
        gate_range=tuple(sorted({w.split()[0].lower() for w in r.range_pattern_words["from"]})),
        gate_bare=tuple(sorted({w.split()[0].lower() for w in r.percent_units})),
    )


def _cue_key(match: regex.Match[str]) -> str:
    """A cued figure's cue as the rules list it: lower case, single-spaced."""
    return _SPACES.sub(" ", match.group("cue").lower())


def _phrase_unit(r: MetricRules) -> str:
    """A collective head and the lower-case words that name what it counts ("05 bộ dữ liệu mở", "22 trạm
    quan trắc | chất lượng …"), up to a stop word, a word that opens a name ("04 CSDL | ngành Y tế"), a
    capital, a figure or a punctuation mark (rules/metrics.yaml phrase_units)."""
    p = r.phrase_units
    name = rf"{alternation(p.name_heads)}\s+(?-i:\p{{Lu}})" if p.name_heads else r"(?!)"
    word = rf"\s+(?!{alternation(p.stops)}|{name})(?-i:\p{{Ll}}+)(?![\p{{L}}\p{{N}}])"
    return rf"{alternation(p.heads)}(?:{word}){{0,{p.max_words}}}"


def _quoted(text: str, at: int, quotes: tuple[tuple[str, str], ...]) -> bool:
    """Whether `at` stands inside a pair of quotation marks: one opened before it and closed after it."""
    before = text[:at]
    for opening, closing in quotes:
        inside = before.count(opening) % 2 == 1 if opening == closing else before.rfind(opening) > before.rfind(closing)
        if inside and text.find(closing, at) != -1:
            return True
    return False


def _number(raw: str, is_percent: bool) -> int | float:
    if is_percent:
        value = float(raw.replace(",", "."))
    elif _THOUSANDS.fullmatch(raw):
        value = float(raw.replace(".", ""))
    else:
        value = float(raw.replace(",", "."))
    return int(value) if value.is_integer() else value


def find_metrics(text: str, offset: int = 0, blocked: Sequence[Span] = (), *, grammar: Grammar | None = None,
                 to_reach: bool = False) -> list[Metric]:
    """`to_reach`: the text states what must be reached (a task table's result or product cell), so its
    figures are targets even where they read as results ("100% cơ sở … đã được phê duyệt hoàn thành di dời")."""
    if grammar is None:  # the grammar in force: no context to set
        return _find_metrics(text, offset, blocked, to_reach)
    with using(grammar):
        return _find_metrics(text, offset, blocked, to_reach)


def _has_number_word(lower: str, pats: _Patterns) -> bool:
    """Whether `pats.number_word` finds a count in words in `lower`. Without its look-behind the scan
    jumps to the words' first letters; a word found right after a letter or digit is checked and passed
    over. None is missed: a word (letters only) found there ends at a word's end, so nothing it covers
    can follow a non-word character."""
    run = pats.number_word_run
    if run is None:
        return pats.number_word.search(lower) is not None
    for found in run.finditer(lower):
        at = found.start()
        if not at or not (lower[at - 1].isalnum() or lower[at - 1] == "_"):  # `re`'s \w
            return True
    return False


def _find_metrics(text: str, offset: int = 0, blocked: Sequence[Span] = (), to_reach: bool = False) -> list[Metric]:
    pats = _patterns()
    lower = text.lower()
    if _DIGIT.search(text) is None and (not _has_number_word(lower, pats)
                                        or pats.words_after_bound.search(lower) is None):
        return []
    local_blocked = [(s - offset, e - offset) for s, e in blocked]
    # 1. the number phrases themselves, most specific pattern first, no overlaps (a pattern whose
    # first words the text lacks is not searched)
    heads: list[tuple[str, regex.Match[str]]] = []
    patterns: tuple[tuple[str, regex.Pattern[str] | OpenerScan, tuple[str, ...]], ...] = (
        ("range", pats.range, pats.gate_range), ("cued", pats.cued, ()), ("bare", pats.bare, pats.gate_bare))
    for kind, pattern, gate in patterns:
        if gate and not any(map(lower.__contains__, gate)):
            continue
        for m in (pattern.finditer(text, lower) if isinstance(pattern, OpenerScan) else pattern.finditer(text)):
            span = m.span()
            if any(span[0] < e and s < span[1] for s, e in local_blocked):
                continue
            if any(span[0] < h.end() and h.start() < span[1] for _, h in heads):
                continue
            if _quoted(text, span[0], pats.quotes):
                continue  # "“500 ngày đêm thi đua hoàn thành 3.000 km đường bộ cao tốc”": a name
            if kind == "cued" and m.group("n").lower() in pats.number_words \
                    and pats.op_of[_cue_key(m)] == "=":
                continue  # after a verb "một" is an article ("lựa chọn một thuê bao di động")
            if kind == "cued" and m.group("base") and _cue_key(m) in pats.prepositions:
                continue  # "trên 04 loại hình báo chí": where, not how many
            heads.append((kind, m))
    heads.sort(key=lambda item: item[1].start())
    # 2. each one's subject runs to a stop or to the next target
    metrics: list[Metric] = []
    previous_op: MetricOp | None = None
    previous_end = -1
    for index, (kind, m) in enumerate(heads):
        limit = heads[index + 1][1].start() if index + 1 < len(heads) else len(text)
        subject, end = _subject(text, m.end(), limit, pats)
        clause_start = _clause_start(text, m.start())  # read by the past test and the target reference
        bound = kind == "cued" and _cue_key(m) in pats.bounds
        if not to_reach and _is_past(text, clause_start, m.start(), end, pats, bound):
            continue
        if not to_reach and pats.contribution is not None and pats.contribution.search(text, clause_start, m.start()):
            continue  # "góp phần đạt mục tiêu … 8,3 - 8,5% của cả nước", "Về kiến nghị …": not the task's own
        unit_raw = m.group("unit")
        is_percent = " ".join(unit_raw.lower().split()) in pats.percent_units
        value_max: int | float | None = None
        op: MetricOp
        if kind == "range":
            value = _number(m.group("lo"), is_percent)
            value_max = _number(m.group("hi"), is_percent)
            op = "range"
        else:
            written = m.group("n")
            value = pats.number_words.get(written.lower()) or _number(written, is_percent)
            op = pats.op_of[_cue_key(m)] if kind == "cued" else "="
            if kind == "bare" and previous_op is not None and pats.joined.fullmatch(text, previous_end, m.start()):
                op = previous_op  # "không quá 10% / 5%", "tối thiểu 70% và 50%": one cue for both
            elif kind == "bare":
                if is_percent and _GRADED_NAME.search(text, max(0, m.start() - 40), m.start()):
                    continue  # "Chlorine 70%": the grade of what it names
                op = _target_reference_op(text, clause_start, m.start(), pats) or op
        base = m.groupdict().get("base")
        if base and base.lower() in pats.time_units and pats.time_anchor.match(text, m.end("base")):
            continue  # "sau tối đa 05 ngày kể từ khi …": a deadline, not a target
        previous_op, previous_end = op, end
        metrics.append(built(Metric, 
            text=text[m.start():end], value=value, value_max=value_max,
            unit="%" if is_percent else unit_raw, op=op, subject=subject or None,
            span=(m.start() + offset, end + offset),
        ))
    return metrics


def _subject(text: str, position: int, limit: int, pats: _Patterns) -> tuple[str, int]:
    """The noun phrase after the number, up to a stop, the next target or the word limit."""
    rest = text[position:limit]
    if limit < len(text):  # another target follows: stop at the last "và"/"," before it
        joints = list(pats.joint.finditer(rest))
        if joints:
            rest = rest[:joints[-1].start()]
    stop = pats.subject_stop.search(rest)
    window = rest[:stop.start()] if stop else rest
    words = list(_WORD.finditer(window))[:pats.max_words]
    if not words or not any(c.isalpha() for c in window):
        return "", position  # "10% / 5%": the slash joins two figures, it is no subject
    end = position + words[-1].end()
    subject = text[position:end].strip()
    trimmed = subject.rstrip(",")
    return trimmed, position + len(text[position:end]) - (len(subject) - len(trimmed))


def _clause_start(text: str, start: int) -> int:
    last = _CLAUSE_BREAK.search(text, 0, start)  # the last break before `start`
    return last.end() if last else 0


def _target_reference_op(text: str, clause_start: int, start: int, pats: _Patterns) -> MetricOp | None:
    """"vượt mục tiêu Chính phủ giao (10%)", "đạt được mục tiêu tăng trưởng kinh tế 8%": the cue before the
    target the figure names gives its operator (rules/metrics.yaml target_references)."""
    found = pats.target_reference.search(text, clause_start, start)
    return pats.target_reference_op[_SPACES.sub(" ", found.group("cue").lower())] if found else None


def _is_past(text: str, clause_start: int, start: int, end: int, pats: _Patterns, bound: bool = False) -> bool:
    """`bound`: the figure's cue states what must be ("tối thiểu"): a past marker right before it is no
    result ("chiếm tối thiểu 80% các hoạt động")."""
    before = text[clause_start:start]
    if bound:
        marker = pats.past_before_bound.search(before)
        if marker:
            before = before[:marker.start()]
    if pats.past.search(before):
        return True
    # a relative marker after the number reports a result only where the number opens its clause ("; 100%
    # cơ quan đã thực hiện …"); after a verb it opens the object's relative clause (rules/metrics.yaml)
    after = pats.past if not _LETTER.search(before) else pats.past_after
    return bool(after.search(text[start:end]))
