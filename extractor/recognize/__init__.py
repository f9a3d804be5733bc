"""Recognize stage: run every recognizer over each outline node's text, once.

Takes the normalized document, its layout and outline; returns typed facts per node (agency
mentions with roles, deadlines, metrics, references), all with spans in the normalized text.
Citations are found first, so that a date or an agency inside a citation is never a deadline or
an assignee.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..dates import DateGrammar, day_of
from ..grammar import Grammar, current_grammar, using
from ..layout import Layout
from ..models import Assignee, Deadline, Metric, Reference, Role, built
from ..normalize import NormalizedDoc
from ..outline import Node, Outline
from ..rules import Rules, alternation
from ..textutil import expand_abbreviations
from .agencies import AgencyMention, document_memo, find_agencies
from .deadlines import find_deadlines, find_time_cell
from .metrics import find_metrics
from .references import find_references
from .roles import assign_roles

Span = tuple[int, int]


NEVER_TASKS = frozenset({"preamble", "closing"})


@dataclass(slots=True)
class NodeFacts:
    span: Span
    mentions: list[AgencyMention] = field(default_factory=list)
    assignees: list[Assignee] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    period: list[Deadline] = field(default_factory=list)  # a heading that is only a period ("Giai đoạn 2025 - 2030")


@dataclass(slots=True)
class Recognitions:
    nodes: list[NodeFacts]            # parallel to outline.nodes
    references: list[Reference]       # every citation in the document, notes included
    reference_date: str | None        # the date relative expressions resolve against
    # the horizon an attachment's title sets ("PHÂN CÔNG … CÁC CHỈ TIÊU … ĐẾN NĂM 2030"), by attachment (the
    # nodes' `part`): a time by which, never a period, the notice's own dates being in its note
    part_horizons: dict[int, list[Deadline]] = field(default_factory=dict)


def recognize(doc: NormalizedDoc, layout: Layout, outline: Outline, *, grammar: Grammar | None = None) -> Recognitions:
    with using(grammar), document_memo():
        return _recognize(doc, layout, outline)


def _recognize(doc: NormalizedDoc, layout: Layout, outline: Outline) -> Recognitions:
    reference_date = layout.issue_date or _news_reference_date(doc, layout)
    facts: list[NodeFacts] = []
    all_refs: list[Reference] = []
    pats = _patterns()
    plain: list[_PlainNode] = []  # the nodes read as running text, read below
    for node in outline.nodes:
        start, end = node.span
        text = doc.text[start:end]
        refs = find_references(text, start) if pats.digit.search(text) else []  # a citation has a number
        # an attribute line's label is no heading ("- Số lượng: 5.000 cuốn." under a task): the section it
        # stands in is its owner's
        owner = node.parent if node.role == "attribute" and node.parent is not None else node
        if node.role in NEVER_TASKS or (owner.effective_section() == "non_task"
                                        and not pats.directive_opening.match(text)
                                        and not (node.role == "continuation" and _after_a_content_list(node))):
            # preamble, closing formulas, results and shortcomings: only their citations matter (a
            # finding's "- Đề nghị X …" directs, and is read)
            facts.append(NodeFacts(span=node.span, references=refs))
            all_refs.extend(refs)
            continue
        blocked = [r.span for r in refs]
        if node.cells is not None or node.attribute is not None:
            facts.append(_structured_facts(doc, node, reference_date, refs))
            all_refs.extend(refs)
            continue
        fact = NodeFacts(span=node.span, references=refs)
        facts.append(fact)
        plain.append(_PlainNode(node, text, start, blocked, fact))
        all_refs.extend(refs)
    # Each recognizer over every such node in turn: a recognizer's patterns (large compiled programs)
    # stay in the processor's caches while it reads, instead of each evicting the others at every node
    for one in plain:
        one.facts.mentions = find_agencies(one.text, one.start)
    for one in plain:
        one.facts.assignees = assign_roles(one.text, one.start, one.facts.mentions, one.blocked)
    for one in plain:
        one.facts.deadlines = find_deadlines(one.text, one.start, reference_date, one.blocked) \
            or _scheduled(one.node, one.text, one.start, reference_date)
    for one in plain:
        one.facts.metrics = find_metrics(one.text, one.start, one.blocked)
    for one in plain:
        one.facts.period = _heading_period(one.node, one.text, one.start, reference_date)
    for para in doc.paragraphs:
        if para.is_note:
            all_refs.extend(find_references(doc.text[para.start:para.end], para.start))
    # an item extended by its continuation paragraphs overlaps them: each citation once
    unique = list({ref.span: ref for ref in reversed(all_refs)}.values())[::-1]
    horizons: dict[int, list[Deadline]] = {}
    for part, title in enumerate(layout.attachment_titles, start=1):
        found = [d for i in title for d in find_deadlines(doc.para_text(doc.paragraphs[i]), doc.paragraphs[i].start,
                                                           reference_date) if d.kind == "by"]
        if found:
            horizons[part] = found
    return Recognitions(nodes=facts, references=sorted(unique, key=lambda r: r.span),
                        reference_date=reference_date, part_horizons=horizons)


@dataclass(slots=True)
class _PlainNode:
    """A node read as running text (no table row, no attribute line), and its facts being filled in."""
    node: Node
    text: str
    start: int
    blocked: list[Span]
    facts: NodeFacts


_PERIOD_HEADING_WORDS = 8


@dataclass(slots=True, frozen=True)
class _Patterns:
    label: regex.Pattern[str]         # "1.", "IV)", "a)" before a heading's words
    filler: regex.Pattern[str]        # what a cell holds besides its agencies when it says nothing more
    cell_piece: regex.Pattern[str]
    plural_opening: regex.Pattern[str]  # "Các …" opening a cell's list of bare units ("Các tỉnh, thành phố")
    vague_unit: regex.Pattern[str]    # the vague collective's units ("các cơ quan")
    vague_tail: regex.Pattern[str]    # and its tail ("… liên quan")
    vague_run: regex.Pattern[str]     # a run of those units closed by the tail ("Sở, ban, ngành có liên quan")
    digit: regex.Pattern[str]
    dateline: regex.Pattern[str]      # a news post's "12/8/2025" (the date grammar's numeric day)
    directive_opening: regex.Pattern[str]  # "Đề nghị …", "Yêu cầu …" at a paragraph's start
    provision: regex.Pattern[str]     # "điểm d", "khoản 1", "… tại điểm d" at a cell piece's end


def _patterns() -> _Patterns:
    return current_grammar().stage("extractor.recognize._patterns", _build_patterns)


def _build_patterns(rules: Rules) -> _Patterns:
    vague = rules.agencies.vague_collective
    gap = r"[\s,;./\-–()]*"
    return _Patterns(
        label=regex.compile(r"^\s*(?:[\dIVXLivxl]+[.)]|[a-zđ]\))?\s*"),
        filler=regex.compile(rf"{gap}(?:{alternation(rules.agencies.cell_fillers, boundary=False)}{gap})*"),
        cell_piece=regex.compile(r"[^,;]+"),
        plural_opening=regex.compile(rf"^\s*{alternation(rules.agencies.collective.introducers)}\s", regex.I),
        vague_unit=regex.compile(alternation(vague.units), regex.I),
        vague_tail=regex.compile(rf"\s{alternation(vague.qualifiers)}$"),
        vague_run=regex.compile(
            rf"(?:{alternation(rules.agencies.collective.introducers)}\s+)?{alternation(vague.units)}"
            rf"(?:\s*,\s*{alternation(vague.units)})*\s+{alternation(vague.qualifiers)}", regex.I),
        digit=regex.compile(r"\d"),
        dateline=regex.compile(rf"(?<!\d){DateGrammar.of(rules.dates).numeric(year_required=True)}"),
        directive_opening=regex.compile(rf"^\s*{alternation(rules.roles.directive_cues)}\s", regex.I),
        provision=regex.compile(
            rf"(?:^\s*(?:{alternation(rules.agencies.provision_leads)}\s+)?|\s+{alternation(rules.agencies.provision_leads)}\s+)"
            rf"{alternation(rules.agencies.provision_words)}\s+[\dIVXLivxlA-Za-zđ]{{1,5}}\s*$", regex.I),
    )


def _heading_period(node: Node, text: str, start: int, reference_date: str | None) -> list[Deadline]:
    """"1. Giai đoạn 2025 - 2030" over the items of a roadmap: the whole heading is one period, which
    bounds the items under it that name none of their own."""
    if node.role != "item" or not node.children or len(text.split()) > _PERIOD_HEADING_WORDS:
        return []
    label = _patterns().label.match(text)
    body_start = label.end() if label else 0
    body = text[body_start:].rstrip().rstrip(":").rstrip()
    found = find_time_cell(body, start + body_start, reference_date)
    if len(found) == 1 and found[0].span is not None \
            and found[0].span[1] - found[0].span[0] == len(body.strip()):
        return found
    return []


def _after_a_content_list(node: Node) -> bool:
    """A paragraph after the items of a report's contents ("… báo cáo cụ thể về một số nội dung sau:" over
    "(1) Số hộ dân …", then "Ủy ban nhân dân các tỉnh: … khẩn trương gửi Báo cáo …"), inside no results or
    shortcomings: read, as it may be a directive of its own."""
    parent = node.parent
    listed = False
    while parent is not None:
        if parent.section == "non_task":
            return False
        listed = listed or parent.list_section == "non_task"
        parent = parent.parent
    return listed


def _column_assignees(doc: NormalizedDoc, span: Span, role: Role) -> list[Assignee]:
    """Every agency in a "chủ trì"/"phối hợp" cell or attribute takes the column's role; a cell
    whose words the grammar does not know is taken whole (tables name agencies tersely)."""
    text = doc.text[span[0]:span[1]]
    if not text.strip(" .;,-"):
        return []
    found = find_agencies(text, span[0])
    residual = text
    for m in sorted(found, key=lambda m: -m.span[0]):
        residual = residual[:m.span[0] - span[0]] + " " + residual[m.span[1] - span[0]:]
    pats = _patterns()
    # a run of bare units closed by "có liên quan" names nobody in a cell, read by the grammar or not
    known = [m for m in found if not m.vague and not pats.vague_run.fullmatch(m.name)]
    if known or pats.filler.fullmatch(residual):
        # the column's role, except an agency the value reports to ("... gửi về Phòng Nội vụ") or names
        # after "phối hợp với"
        cued: dict[Span | None, Role] = {a.span: a.role for a in assign_roles(text, span[0], found)
                                         if a.role in ("report_to", "support")}
        cued_out: list[Assignee] = []
        for m in known:
            local = m.span[0] - span[0]
            if m.span in cued:  # "Công an tỉnh chủ trì, phối hợp với Sở X" in a lead cell: X supports
                cued_out.append(built(Assignee, name=m.name, canonical=m.canonical, role=cued[m.span], span=m.span,
                                         text=m.text))
            elif text.count("(", 0, local) <= text.count(")", 0, local):  # a parenthesis is an aside
                cued_out.append(built(Assignee, name=m.name, canonical=m.canonical, role=role, span=m.span, text=m.text))
        # "Viện, Trường; Doanh nghiệp, …": the terse names beside the known ones are bodies too
        return sorted(cued_out + _cell_pieces(text, span[0], found, role, terse_only=True),
                      key=lambda a: a.span or (0, 0))
    # words the grammar does not know: each comma-separated piece of the cell is one agency
    return _cell_pieces(text, span[0], found, role, terse_only=False)


def _cell_pieces(text: str, offset: int, found: list[AgencyMention], role: Role,
                 terse_only: bool) -> list[Assignee]:
    """The comma- or semicolon-separated pieces of a cell outside the agencies found in it, each one
    body; a run of bare units closed by "có liên quan" ("Sở, ban, ngành có liên quan") names nobody.
    With `terse_only`, only capitalised pieces of a few words without a function word ("Viện", "Trường")."""
    pats = _patterns()
    pieces = [(p.start(), p.end()) for p in pats.cell_piece.finditer(text) if p.group(0).strip(" .")]
    vague_unit, vague_tail = pats.vague_unit, pats.vague_tail
    names = [text[a:b].strip(" .") for a, b in pieces]
    if names and vague_tail.search(names[-1]):
        k = len(names) - 1
        while k > 0 and vague_unit.fullmatch(names[k - 1]):
            k -= 1
        pieces = pieces[:k]
    if len(pieces) > 1 and not terse_only and pats.plural_opening.match(text, pieces[0][0]) \
            and all(text[a:b].strip(" .")[:1].islower() and not pats.digit.search(text[a:b])
                    and not pats.provision.search(text[a:b]) for a, b in pieces[1:]):
        # "Các tỉnh, thành phố": the plural reaches the bare units after it, one body
        pieces = [(pieces[0][0], pieces[-1][1])]
    stopwords = _name_stopwords() if terse_only else frozenset()
    out: list[Assignee] = []
    for piece_start, piece_end in pieces:
        piece_text = text[piece_start:piece_end]
        name = piece_text.strip(" .")
        located = pats.provision.search(name)  # "… trọng điểm tại điểm d", "khoản 1", "mục III"
        if located is not None:
            name = name[:located.start()].rstrip(" ,")
        if not name or len(name.split()) > 12 or pats.filler.fullmatch(name) \
                or any(m.vague and m.text == name for m in found):
            continue
        if terse_only and (not name[:1].isupper() or len(name.split()) > 4
                           or any(w.lower() in stopwords for w in name.split())
                           or any(m.span[0] < offset + piece_end and offset + piece_start < m.span[1]
                                  for m in found)):
            continue  # a piece with a known agency in it is that agency's ("Tỉnh đoàn Lào Cai")
        start = offset + piece_start + (len(piece_text) - len(piece_text.lstrip(" .")))
        out.append(Assignee(name=name, canonical=expand_abbreviations(name), role=role,
                            span=(start, start + len(name)), text=name))
    return out


def _name_stopwords() -> frozenset[str]:
    """The words that never stand inside a terse name in a cell (verbs, function words)."""
    return current_grammar().stage(
        "extractor.recognize._name_stopwords",
        lambda rules: frozenset(w.lower() for w in rules.agencies.name_stopwords if " " not in w))


def _scheduled(node: Node, text: str, start: int, reference_date: str | None) -> list[Deadline]:
    """A schedule's item, its activity and then its day after a colon ("3. Công bố danh sách thí sinh đủ
    điều kiện thi vòng 2: 05/9/2019."): the value is read as a time cell is."""
    if node.kind is None or not _patterns().digit.search(text):
        return []
    colon = text.rfind(":")
    if colon < 0:
        return []
    value = text[colon + 1:]
    cell = find_time_cell(value, start + colon + 1, reference_date)
    # the value is its time and nothing more ("…: Ngày 05/9/2019.")
    if len(cell) != 1:
        return []
    at, end = cell[0].span[0] - start - colon - 1, cell[0].span[1] - start - colon - 1
    return cell if not value[:at].strip() and not value[end:].strip(" .;") else []


_COLUMN_ROLES: dict[str, Role] = {"lead": "lead", "support": "support"}  # the columns that name assignees


def _structured_facts(doc: NormalizedDoc, node: Node, reference_date: str | None,
                      refs: list[Reference]) -> NodeFacts:
    """Table rows and attribute lines: the column (or label) says what each value is."""
    start, end = node.span
    text = doc.text[start:end]
    blocked = [r.span for r in refs]
    facts = NodeFacts(span=node.span, references=refs)
    if node.attribute is not None:
        label_start = doc.text.rfind("\n", 0, node.span[0]) + 1  # the first label's line
        for kind, (s, e) in node.attributes:
            value = doc.text[s:e]
            if kind in _COLUMN_ROLES:
                facts.assignees += _column_assignees(doc, (s, e), _COLUMN_ROLES[kind])
            elif kind == "time":
                facts.deadlines += find_time_cell(value, s, reference_date)
            elif kind == "task":  # "Nhiệm vụ: Rà soát …" inline: the value is work, read as such
                mentions = find_agencies(value, s)
                facts.mentions += mentions
                facts.assignees += assign_roles(value, s, mentions, blocked)
                facts.deadlines += find_deadlines(value, s, reference_date, blocked)
                facts.metrics += find_metrics(value, s, blocked)
            elif kind != "product":
                # with its label, which may be the figure's cue ("- Số lượng: 5.000 cuốn.")
                facts.metrics += find_metrics(doc.text[label_start:e], label_start, blocked)
            label_start = e
        return facts
    mentions = find_agencies(text, start)
    facts.mentions = mentions
    facts.assignees = assign_roles(text, start, mentions, blocked)
    facts.deadlines = find_deadlines(text, start, reference_date, blocked)
    facts.metrics = find_metrics(text, start, blocked, to_reach=node.states_target)
    cells = node.cells
    assert cells is not None  # a node without cells is an attribute line, read above
    for column, role in _COLUMN_ROLES.items():
        if column in cells:
            facts.assignees += _column_assignees(doc, cells[column], role)
    if "time" in cells:
        s, e = cells["time"]
        time_column = find_time_cell(doc.text[s:e], s, reference_date)
        if time_column:
            # the time column bounds the row; dates inside the task's words describe it, but a recurrence
            # there ("Hàng năm thực hiện sát hạch …" over "2026 - 2030") is the work's rhythm
            rhythm = [d for d in facts.deadlines if d.kind == "recurring" and d.recurrence is not None]
            if any(d.kind == "recurring" for d in time_column):
                rhythm = []
            facts.deadlines = time_column + rhythm
    for column in ("product", "result"):
        if column in cells:
            s, e = cells[column]
            facts.metrics += find_metrics(doc.text[s:e], s, to_reach=True)
    return facts


def _news_reference_date(doc: NormalizedDoc, layout: Layout) -> str | None:
    """A news post has no issue date: use the relayed document's date, else the dateline."""
    if not layout.is_news:
        return None
    if layout.relay_index is not None:
        para = doc.paragraphs[layout.relay_index]
        dated = [r.date for r in find_references(doc.text[para.start:para.end]) if r.date]
        if dated:
            return dated[0]
    for index in layout.body[:3]:
        para = doc.paragraphs[index]
        m = _patterns().dateline.search(doc.text[para.start:para.end])
        if m:
            day = day_of(m)
            return day.isoformat() if day else None
    return None
