"""Outline (second half of the outline stage): list items, their tree, and the sections they are in.

Markers come from rules/outline.yaml. The tree is built from marker kind and rank: a kind already open
on the stack closes everything opened after it (a sibling); an unseen kind of larger rank opens a
deeper level; an unseen kind of smaller rank closes deeper levels first. A free paragraph that ends
with ":" is a lead-in: it opens a virtual level whose list follows and passes its context down.
Sections come from rules/sections.yaml: a heading or lead-in is classified by the section word that
heads what it introduces ("... một số tồn tại, hạn chế sau:" -> non_task).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .grammar import Grammar, current_grammar, current_rules, using
from .layout import Layout
from .normalize import NormalizedDoc
from .readers.base import CELL_SEPARATOR
from .rules import Rules, alternation
from .textutil import fold, is_single_spaced, regex_tokens

Span = tuple[int, int]
_CLAUSES = regex.compile(r"[^;]+;?")
_PIECES = regex.compile(r"[^;]+")
_DIGIT = regex.compile(r"\d")
_SPACES = regex.compile(r"\s+")


@dataclass(slots=True, eq=False)
class Node:
    para: int                      # index into doc.paragraphs (-1 for none)
    kind: str | None               # marker kind; None for a free paragraph
    label: str | None
    rank: int
    span: Span                     # the text after the label (extended by continuation paragraphs)
    role: str = "item"             # item | lead_in | free | body | time_note | closing | preamble
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    body: Node | None = None       # heading body: the paragraph right under a heading-shaped item
    section: str | None = None     # own class: "task" | "non_task" | "target" | None
    list_section: str | None = None  # class of the list it introduces, when that differs ("gồm ...:")
    child_kind: str | None = None  # for lead-ins: the kind of the list they introduce
    child_rank: int | None = None
    heading_shaped: bool = False
    ends_with_colon: bool = False
    heading_text: str | None = None   # the item's own text when it is heading-shaped
    attribute: str | None = None      # "lead" | "support" | "time" | "other" for attribute lines
    attributes: list[tuple[str, Span]] = field(default_factory=list)  # (kind, value span) segments
    cells: dict[str, Span] | None = None  # table rows: column -> span of the cell's text
    states_target: bool = False    # a row of a table whose task column names targets ("Chỉ tiêu")
    part: int = 0                  # 0 for the notice, k for its k-th attachment (after the signature)

    def effective_section(self) -> str | None:
        """The nearest section class; once inside results or shortcomings (or targets), everything
        below stays there."""
        nearest = self.section
        if nearest == "non_task" or nearest == "target":
            return nearest
        node = self.parent
        while node is not None:
            section = node.section
            if section == "non_task" or node.list_section == "non_task":
                return "non_task"
            if section == "target":
                return "target"
            if nearest is None:
                nearest = section
            node = node.parent
        return nearest

    @property
    def path_labels(self) -> list[str]:
        labels: list[str] = []
        node: Node | None = self
        while node is not None:
            if node.kind is not None and node.label is not None:
                labels.append(node.label)
            node = node.parent
        return labels[::-1]


@dataclass(slots=True)
class Outline:
    nodes: list[Node]              # every body paragraph's node, in document order
    first_directive: int | None    # index in `nodes` where directives may start (after the preamble)


@dataclass(slots=True, frozen=True)
class _Patterns:
    markers: list[tuple[str, int, regex.Pattern[str]]]
    # the markers as one alternation, and where each branch's closing empty group is in its groups()
    # (None: a marker that could change meaning inside a bigger pattern; they are tried one by one)
    any_marker: tuple[regex.Pattern[str], tuple[int, ...]] | None
    section_tail: regex.Pattern[str]
    tail_reach: int                   # in a single-spaced text, a section tail starts this near the end
    section_head: regex.Pattern[str]
    and_task: regex.Pattern[str]           # "… VÀ CÁC GIẢI PHÁP …": a heading of two parts, the second directive
    section_class: dict[str, str]
    topic: regex.Pattern[str]
    topic_only: regex.Pattern[str]    # "Về …": a topic, never a directive
    # each with the literal words every match holds, lower-cased (None: not known): searched for first
    closing: list[tuple[regex.Pattern[str], str | None]]
    effect: list[tuple[regex.Pattern[str], str | None]]
    closing_paragraph: list[tuple[regex.Pattern[str], str | None]]
    time_note: regex.Pattern[str]
    action_opening: regex.Pattern[str]   # a paragraph that opens on an action ("Xây dựng …", "Tổ chức …")
    content_list: list[regex.Pattern[str]]
    content_list_colon: list[bool]    # each one ends in a colon and white space (r":\s*$")
    verb_like: frozenset[str]
    sentence_inside: regex.Pattern[str]
    attribute: regex.Pattern[str]
    attribute_kind: dict[str, str]
    column_kind: dict[str, str]
    target_column: frozenset[str]     # folded task-column names that name targets
    bullets: tuple[str, ...]          # the glyphs that open a bulleted paragraph
    bullet_kinds: frozenset[str]      # marker kinds that are glyphs, not numberings


def _patterns() -> _Patterns:
    return current_grammar().stage("extractor.outline._patterns", _build_patterns)


def _build_patterns(rules: Rules) -> _Patterns:
    o, s = rules.outline, rules.sections
    classes = {w.lower(): "non_task" for w in s.non_task} | {w.lower(): "task" for w in s.task} \
        | {w.lower(): "target" for w in s.target}
    words = alternation(list(classes))
    not_named = rf"(?<!(?:{alternation(s.section_word_name_heads)})\s+)" if s.section_word_name_heads else ""
    return _Patterns(
        markers=[(m.kind, m.rank, regex.compile(m.pattern)) for m in o.markers],
        any_marker=_any_marker([m.pattern for m in o.markers]),
        # "các Chương trình mục tiêu quốc gia …:" names programmes: its "mục tiêu" opens no targets section
        section_tail=regex.compile(
            # the section word heads the last clause: "… tình hình Nhân dân, Thủ tướng Chính phủ yêu
            # cầu:" introduces directives, "… một số tồn tại, hạn chế sau:" shortcomings
            rf"{not_named}(?P<word>{words})(?:[^.;:,]{{0,40}}?)\s*"
            rf"(?:{alternation(s.section_tail_endings, boundary=False)})?\s*:\s*$", regex.I),
        # the longest section word, the 40 characters, the longest ending, three single spaces and the
        # colon (and some to spare)
        tail_reach=max(map(len, classes)) + 40 + max(map(len, s.section_tail_endings)) + 12,
        section_head=regex.compile(
            rf"^(?:{alternation(s.section_heading_openers, boundary=False)}\s+)?(?P<word>{words})", regex.I),
        and_task=regex.compile(
            rf"(?:\s{alternation(rules.agencies.list_joiners)}|,)\s+(?:{alternation(s.determiners)}\s+)?"
            rf"{alternation(s.two_part_task_words)}", regex.I),
        section_class=classes,
        topic=regex.compile(rf"^{alternation(s.topic_openers)}", regex.I),
        topic_only=regex.compile(rf"^{alternation(s.topic_only_openers)}", regex.I),
        closing=[(regex.compile(p, regex.I), _leading_literal(p)) for p in s.closing_formulas + s.effect_formulas],
        effect=[(regex.compile(p, regex.I), _leading_literal(p)) for p in s.effect_formulas],
        closing_paragraph=[(regex.compile(p, regex.I), _leading_literal(p)) for p in s.closing_paragraphs],
        time_note=regex.compile(rf"^{alternation(s.time_note_openers)}", regex.I),
        # lower case only ("Quản lý" inside "Ban Quản lý …" is part of a name): the paragraph's first letter
        # is lowered before the match
        action_opening=regex.compile(alternation(s.action_words + s.paragraph_action_words)),
        content_list=[regex.compile(p, regex.I) for p in s.content_list_endings],
        content_list_colon=[_ends_in_colon(p) for p in s.content_list_endings],
        verb_like=frozenset(w.lower() for w in s.verb_like_section_words),
        sentence_inside=regex.compile(r"[.;!?](?=\s+\S)"),
        attribute=regex.compile(
            rf"^(?:(?P<label>{alternation([w for ws in s.attribute_labels.values() for w in ws])})"
            # "Đơn vị chủ trì tham mưu thực hiện:", "Đơn vị phối hợp thực hiện:"
            rf"(?:\s+{alternation(s.attribute_label_tails)})?"
            # a specification label with words of its own ("Địa điểm quan trắc:", "Thông số (chỉ tiêu),
            # tần suất quan trắc …:"), or any short label over nothing but a sum ("Thuê dịch vụ tin nhắn:
            # 50.000.000 đồng/năm.")
            rf"|(?P<spec>{alternation(s.attribute_labels['other'])})(?:[\s,]+[\p{{L}}\p{{M}}()]+){{1,{s.spec_label_extra_words}}}?"
            rf"|(?P<priced>[^:;.\n]{{3,80}}(?=:\s*[\d.,]*\s*(?:{alternation(s.money_units)})(?:/[\p{{L}}\p{{M}}]+)?\s*\.?\s*$)))"
            rf"\s*:\s*", regex.I),
        attribute_kind={" ".join(w.lower().split()): kind for kind, ws in s.attribute_labels.items() for w in ws},
        column_kind={fold(w): kind for kind, ws in s.table_columns.items() for w in ws},
        target_column=frozenset(fold(w) for w in s.target_columns),
        bullets=tuple(o.bullet_glyphs),
        bullet_kinds=frozenset(m.kind for m in o.markers if m.bullet),
    )


def _ends_in_colon(pattern: str) -> bool:
    """Whether every match of `pattern` ends in a colon and white space: it ends so (a colon not
    escaped, white space, the end) and has no alternative of its own at the top level."""
    if not pattern.endswith(r":\s*$") or pattern.endswith(r"\:\s*$"):
        return False
    return not _has_top_alternative(pattern)


def _has_top_alternative(pattern: str) -> bool:
    """Whether a "|" outside groups and character classes splits `pattern` into alternatives."""
    depth = 0
    for token, inside in regex_tokens(pattern):
        if inside:
            continue
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == "|" and depth == 0:
            return True
    return False


# Trying a paragraph against each marker in turn is one `regex` call per marker (most paragraphs
# match none, or a late one such as "-"); one alternation of them all finds the same first marker in
# one call (`regex` tries the branches in order), each branch closed by an empty group that tells
# which one matched. The branches share the group name "label" (`regex` allows it). A pattern whose
# meaning could change inside a bigger one (a global inline flag, a back-reference) keeps the loop.
_NOT_EMBEDDABLE = regex.compile(r"\(\?[a-zA-Z]+\)|\(\?P=|\\[1-9]|\\g<")


def _any_marker(patterns: list[str]) -> tuple[regex.Pattern[str], tuple[int, ...]] | None:
    if any(_NOT_EMBEDDABLE.search(p) for p in patterns):
        return None
    combined = regex.compile("|".join(f"(?:{p})(?P<_marker{k}>)" for k, p in enumerate(patterns)))
    return combined, tuple(combined.groupindex[f"_marker{k}"] - 1 for k in range(len(patterns)))


def match_marker(text: str) -> tuple[str, int, str, int] | None:
    """(kind, rank, label, text start) of a list marker at the start of `text`, if any."""
    pats = _patterns()
    found: tuple[str, int, regex.Match[str]] | None = None
    if pats.any_marker is None:
        found = next(((kind, rank, m) for kind, rank, pattern in pats.markers if (m := pattern.match(text))), None)
    elif (m := pats.any_marker[0].match(text)) is not None:
        groups = m.groups()
        k = next(k for k, index in enumerate(pats.any_marker[1]) if groups[index] is not None)
        found = (*pats.markers[k][:2], m)
    if found is None:
        return None
    kind, rank, m = found
    label = m.group("label")
    if kind == "multilevel":
        depth = label.count(".") + 1
        return f"multilevel{depth}", rank + depth - 2, label, m.end()
    return kind, rank, label, m.end()


def section_at_head(text: str) -> str | None:
    """The class of a section word that opens the text ("Nhiệm vụ chung ...", "Tồn tại, hạn chế")."""
    pats = _patterns()
    head = pats.section_head.match(text)
    if head is None:
        return None
    word = " ".join(head.group("word").lower().split())
    if word in pats.verb_like:
        return None  # "Chỉ đạo rà soát ..." opens with a verb, not a section title
    return pats.section_class[word]


def is_content_list(text: str) -> bool:
    """What follows lists the contents of a report, not directives ("..., gồm các nội dung sau:");
    "Các nhiệm vụ trọng tâm bao gồm:" lists tasks."""
    pats = _patterns()
    colon = text.rstrip().endswith(":")
    for pattern, needs_colon in zip(pats.content_list, pats.content_list_colon):
        if needs_colon and not colon:
            continue  # a pattern that ends in ":" and white space cannot match
        found = pattern.search(text)
        if found is not None and classify_section(text[:found.start()].rstrip() + ":", False) != "task":
            return True
    return False


def classify_section(text: str, heading_shaped: bool) -> str | None:
    pats = _patterns()
    # the tail pattern ends in ":" and white space: a text that does not cannot have one; in a
    # single-spaced text its matches all start near the end, where the search begins (the leftmost
    # match is the same; the look-behind still reads what is before)
    tail = None
    if text.rstrip().endswith(":"):
        start = max(0, len(text) - pats.tail_reach) if is_single_spaced(text) else 0
        tail = pats.section_tail.search(text, start)
    if tail:
        return pats.section_class[_SPACES.sub(" ", tail.group("word").lower())]
    if heading_shaped:
        head = pats.section_head.match(text)
        if head:
            section = pats.section_class[_SPACES.sub(" ", head.group("word").lower())]
            if section in ("non_task", "target") and pats.and_task.search(text, head.end()):
                # "DỰ BÁO NHỮNG TÁC ĐỘNG … VÀ CÁC GIẢI PHÁP TỔ CHỨC THỰC HIỆN", "MỤC TIÊU, NHIỆM VỤ CHỦ
                # YẾU …": a heading of two parts, its own headings decide
                return None
            return section
    return None


_VERBOSE_FLAG = regex.compile(r"\(\?[a-zA-Z-]*x")


def _leading_literal(source: str) -> str | None:
    """The literal characters a case-insensitive pattern's every match begins with (after a "^"), lower-cased,
    when there are three or more: the lower-cased text holds them wherever the pattern matches (as the
    cued scans read it: `OpenerScan`). None for a pattern with an alternative, or a flag, at its top level."""
    if _VERBOSE_FLAG.search(source):
        return None  # white space would not be literal
    if _has_top_alternative(source):
        return None
    body = source.removeprefix("^")
    literal: list[str] = []
    for ch in body:
        if ch in "\\.^$*+?{}[]|()":
            if ch in "*?{" and literal:
                literal.pop()  # the character before a repeat may be left out
            break
        literal.append(ch)
    return "".join(literal).lower() if len(literal) >= 3 else None


def _any_search(patterns: list[tuple[regex.Pattern[str], str | None]], text: str) -> bool:
    """Whether any pattern is found in `text`; one whose literal words the lower-cased text lacks is not searched."""
    lowered: str | None = None
    for pattern, literal in patterns:
        if literal is not None:
            if lowered is None:
                lowered = text.lower()
            if literal not in lowered:
                continue
        if pattern.search(text):
            return True
    return False


def is_closing_formula(text: str) -> bool:
    return _any_search(_patterns().closing, text)


def opens_with_action(text: str) -> bool:
    """A paragraph that opens on an action word ("Tổ chức …", "Chủ trì, phối hợp …", "Thành lập …")."""
    stripped = text.lstrip()
    return bool(stripped) and _patterns().action_opening.match(stripped[:1].lower() + stripped[1:]) is not None


def is_effect_formula(text: str) -> bool:
    """A decision's effect clause ("Quyết định này có hiệu lực kể từ ngày …", "Bãi bỏ Quyết định số …")."""
    return _any_search(_patterns().effect, text)


def directive_start(text: str) -> int | None:
    """Offset where the directive begins once closing-formula clauses are cut away; None if all are."""
    if _any_search(_patterns().closing_paragraph, text):
        return None
    clauses = list(_CLAUSES.finditer(text))
    for clause in clauses:
        if not is_closing_formula(clause.group(0)):
            return clause.start() + (len(clause.group(0)) - len(clause.group(0).lstrip()))
    return None


def _heading_shaped(text: str) -> bool:
    rules = current_rules().sections
    stripped = text.rstrip(" :;,")
    if text.rstrip().endswith(":") and _patterns().topic_only.match(stripped):
        # "1. Về kiến nghị sớm ban hành Nghị quyết mới …; tiếp tục triển khai …:" over the answer to it: a
        # request's topic however long, whatever its clauses; the paragraphs under it carry the work
        return True
    # words counted up to one past the limit: a paragraph's words are not all needed
    if not stripped or len(stripped.split(maxsplit=rules.heading_max_words)) > rules.heading_max_words:
        return False
    if _patterns().sentence_inside.search(stripped) or stripped.endswith(";"):
        return False
    if stripped.endswith("."):
        # "II. KẾT QUẢ KIỂM TRA, XÁC MINH.", "2. Về khó khăn.", "1.2. Năm 2017.": some offices close a
        # heading with a full stop; a sentence is longer than a title in capitals or a few words
        return all(map(str.isupper, filter(str.isalpha, stripped))) \
            or len(stripped.split(maxsplit=rules.short_heading_words)) <= rules.short_heading_words
    return True


def build_outline(doc: NormalizedDoc, layout: Layout, *, grammar: Grammar | None = None) -> Outline:
    with using(grammar):
        return _build_outline(doc, layout)


def _build_outline(doc: NormalizedDoc, layout: Layout) -> Outline:
    pats = _patterns()
    nodes: list[Node] = []
    stack: list[Node] = []
    body = [i for i in layout.body]
    table: dict[int, str] | None = None   # column index -> kind, while inside a task table
    table_width = 0                       # the header's number of cells
    table_targets = False                 # the header's task column names targets
    attachment_starts = set(layout.attachment_starts)
    for pos, index in enumerate(body):
        if index in attachment_starts:
            stack.clear()  # an attachment is a document of its own: nothing above it is its parent
            table = None
        para = doc.paragraphs[index]
        text = doc.text[para.start:para.end]
        cells = _split_cells(text, para.start, 2 if table is not None else 3)
        if cells is None and table is not None and _GAP_LINE.match(text):
            # "….........": rows left out of a copied table; the table goes on after it
            nodes.append(Node(para=index, kind=None, label=None, rank=99, span=(para.start, para.end),
                              role="table_sep"))
            continue
        if cells is None:
            table = None
        else:
            header = _header_columns(doc, cells)
            if header is not None:
                table = header
                table_width = len(cells)
                table_targets = any(kind == "task" and _folded_header(doc.text[cells[i][0]:cells[i][1]]) in pats.target_column
                                    for i, kind in header.items())
                nodes.append(Node(para=index, kind=None, label=None, rank=99, span=(para.start, para.end),
                                  role="table_header"))
                continue
            if table is not None:
                columns = _row_columns(doc, cells, table, table_width)
                node = _table_row(doc, index, cells, columns)
                node.states_target = table_targets
                if columns is not table and "label" not in columns.values() and node.kind in ("table", "table_group"):
                    node.kind, node.rank = "table_rest", 51  # the rest of the row above: its agencies are that row's
                if node.role == "item":
                    _push_item(node, stack)
                nodes.append(node)
                continue
            # a row of a table that assigns nothing (statistics, lists of projects, budgets)
            nodes.append(Node(para=index, kind=None, label=None, rank=99, span=(para.start, para.end),
                              role="table_other"))
            continue
        marker: tuple[str, int, str | None, int] | None = match_marker(text) or _heading_line(doc, text, body, pos)
        if marker is None:
            node = Node(para=index, kind=None, label=None, rank=99, span=(para.start, para.end), role="free")
            node.ends_with_colon = text.rstrip().endswith(":")
            _place_free(node, text, nodes, stack, doc, body, pos)
            nodes.append(node)
            continue
        kind, rank, label, text_start = marker
        node = Node(para=index, kind=kind, label=label, rank=rank, span=(para.start + text_start, para.end))
        own = text[text_start:]
        node.heading_shaped = _heading_shaped(own)
        node.heading_text = own.rstrip(" :;,") if node.heading_shaped else None
        node.ends_with_colon = own.rstrip().endswith(":")
        node.section = classify_section(own, node.heading_shaped)
        if is_content_list(own):
            node.list_section = "non_task"
        if pats.attribute.match(own):
            _mark_attribute(node, own, node.span[0])
        if pats.time_note.match(own) and kind in ("star", "bullet", "plus") and _DIGIT.search(own):
            node.role = "time_note"
        _push_item(node, stack)
        nodes.append(node)
    first = next((k for k, n in enumerate(nodes) if n.role in ("item", "lead_in", "time_note")), None)
    if layout.is_news:
        first = None
        if layout.relay_index is not None:
            first = next((k for k, n in enumerate(nodes) if n.para > layout.relay_index), None)
    for k, node in enumerate(nodes):
        if node.role == "free" and (first is None or k < first):
            node.role = "preamble"
        elif layout.is_news and (first is None or k < first):
            node.role = "preamble"  # a news article's own lists are reporting, not directives
    if not layout.is_news and first is None:
        # A công văn without list or lead-in: its directive paragraphs are free paragraphs.
        for node in nodes:
            if node.role == "preamble":
                node.role = "free"
        first = 0 if nodes else None
    starts = sorted(layout.attachment_starts)
    for node in nodes:
        node.part = sum(1 for start in starts if start <= node.para)
    return Outline(nodes=nodes, first_directive=first)


def _push_item(node: Node, stack: list[Node]) -> None:
    bullet_kinds = _patterns().bullet_kinds
    top = stack[-1] if stack else None
    # (a part's heading of higher rank, "III. NHẬN XÉT, KẾT LUẬN …", is announced by no item: "- Năm học
    # 2018-2019:" above it ends a table of figures read by OCR)
    part_heading = node.heading_shaped and node.section is not None and node.rank < (top.rank if top else 0)
    if top is not None and top.role == "item" and top.ends_with_colon and not top.children \
            and top.kind != node.kind and not part_heading:
        # "1. Thủ trưởng các sở, ...:" announces the list that follows, whatever its marker's rank
        node.parent = top
        top.children.append(node)
        stack.append(node)
        return
    same = next((i for i in range(len(stack) - 1, -1, -1)
                 if stack[i].kind == node.kind and stack[i].role != "lead_in"), None)
    if same is not None and not _crosses_lead_in(stack, same):
        del stack[same:]
    else:
        while stack:
            top = stack[-1]
            if top.role == "lead_in":
                # "III." and section headings of their own ("1. Kết quả kiểm tra", "2. Kiến nghị") open
                # a new part of the document: no lead-in reaches over them
                heading = node.heading_shaped and node.section is not None and not top.children
                if node.rank > 0 and not heading and (top.child_rank is None or node.rank >= top.child_rank):
                    break
                stack.pop()  # "III." opens a new part of the document: no lead-in reaches over it
                continue
            if top.rank < node.rank or (node.kind in bullet_kinds and top.kind in bullet_kinds):
                break
            stack.pop()
    parent = stack[-1] if stack else None
    if parent is not None and parent.role == "lead_in" and parent.child_kind is None:
        parent.child_kind, parent.child_rank = node.kind, node.rank
    node.parent = parent
    if parent is not None:
        parent.children.append(node)
    stack.append(node)


def _crosses_lead_in(stack: list[Node], index: int) -> bool:
    # A lead-in opened after the same-kind item starts a new list: do not pop through it.
    return any(n.role == "lead_in" for n in stack[index + 1:])


def _place_free(node: Node, text: str, nodes: list[Node], stack: list[Node], doc: NormalizedDoc,
                body: list[int], pos: int) -> None:
    pats = _patterns()
    previous = nodes[-1] if nodes else None
    attribute = pats.attribute.match(text)
    if attribute is not None and (stack or not attribute.group("label")):
        # a specification or a sum ("Đơn vị: Triệu đồng.") describes, with or without a task above it
        _mark_attribute(node, text, node.span[0])
        node.parent = stack[-1] if stack else None
        return
    if directive_start(text) is None:
        node.role = "closing"
        return
    if previous is not None and previous.kind is not None and previous.role == "item" \
            and previous.heading_shaped and previous.body is None and not previous.children:
        node.role = "body"
        node.parent = previous
        previous.body = node
        if is_content_list(text):
            previous.list_section = "non_task"  # the heading's paragraph ends "…, như:": examples follow
        if node.ends_with_colon:
            section = classify_section(text, False)
            if section is not None and not (section == "non_task" and opens_with_action(text)):
                # "Xây dựng kế hoạch đầu tư công năm 2020 theo đúng quy định …, trong đó lưu ý các nguyên
                # tắc:" directs first: the principles it lists are how to do it, the heading's work
                previous.section = section
        return
    if pats.time_note.match(text) and _DIGIT.search(text) and previous is not None:
        node.role = "time_note"
        node.parent = previous
        return
    if node.ends_with_colon:
        node.role = "lead_in"
        node.section = classify_section(text, True)
        inside = next((n for n in reversed(stack) if n.role == "item" and n.kind is not None), None)
        label_only = len(text.split()) <= current_rules().sections.label_lead_in_words
        if inside is not None and (label_only or (node.section != "task" and inside.effective_section() == "non_task")):
            # "Ước thực hiện năm 2025 là …, cụ thể như sau:" inside "I. TÌNH HÌNH THỰC HIỆN …" lists
            # more results, "Trọng tâm:" under "1.1. Nông nghiệp" its work: either stays in that part
            # ("1.2." after it is still under "1.")
            node.parent = inside
            stack.append(node)
            return
        stack.clear()
        stack.append(node)
        return
    following = _next_marker(doc, body, pos)
    if previous is not None and previous.role in ("body", "continuation") and following is not None \
            and previous.parent is not None and previous.parent.body is previous and not opens_with_action(text) \
            and previous.parent.effective_section() != "target":
        # a heading's body that runs over two paragraphs: extend the body, not the heading (a target is a
        # paragraph: each under a targets heading is one)
        previous.span = (previous.span[0], node.span[1])
        node.role = "continuation"
        node.parent = previous.parent
        return
    if stack and following is not None:
        last = stack[-1]
        # never over paragraphs of their own in between (the item's span would swallow them) unless they are
        # all in a part that holds no tasks ("I. ĐÁNH GIÁ CHUNG" over its paragraphs); an item that introduced
        # them ("a) …, cụ thể:") owns the last one without its span taking it (assemble reads it alone)
        adjacent = previous is last or (previous is not None and previous.parent is last)
        if last.role == "item" and (adjacent or last.ends_with_colon or last.effective_section() == "non_task"):
            node.role = "continuation"
            node.parent = last
            if adjacent or last.effective_section() == "non_task":
                last.span = (last.span[0], node.span[1])
            return
    node.parent = None


_HEADER_CELL_CHARS = 60  # about ten words
_ROW_LABEL = regex.compile(r"^(?:\d{1,3}|[IVX]{1,5})[.)]?$")
_GAP_LINE = regex.compile(r"^[\s.…_\-–—*]+$")
_SEPARATOR_CELL = regex.compile(r"^:?-{2,}:?$")
_FOOTNOTE_MARK = regex.compile(r"\[\d{1,3}\]|\(\d{1,3}\)$")
_ROW_NUMBER = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVX]{1,5})[.)]?$")
_GROUP_LABEL = regex.compile(r"^(?:[IVX]+|[a-zđA-ZĐ])[.)]?$")


def _mark_attribute(node: Node, text: str, offset: int) -> None:
    """"Cơ quan thực hiện: Sở Nội vụ; thời gian: năm 2024." -> [("lead", ...), ("time", ...)]."""
    pats = _patterns()
    segments: list[tuple[str, Span]] = []
    pieces = list(_PIECES.finditer(text))
    for piece in pieces:
        chunk = piece.group(0)
        lead = len(chunk) - len(chunk.lstrip())
        m = pats.attribute.match(chunk.lstrip())
        if m:
            kind = pats.attribute_kind[" ".join(m.group("label").lower().split())] if m.group("label") else "other"
            start = offset + piece.start() + lead + m.end()
            segments.append((kind, (start, offset + piece.end())))
        elif segments:  # a value with ";" inside belongs to the segment before
            kind, (start, _) = segments[-1]
            segments[-1] = (kind, (start, offset + piece.end()))
    node.role = "attribute"
    node.attributes = segments
    node.attribute = segments[0][0] if segments else "other"
    if segments:
        node.span = (segments[0][1][0], offset + len(text))


def _split_cells(text: str, offset: int, min_cells: int = 3) -> list[Span] | None:
    """Cells of a " | "-separated table row as spans (trimmed), or None for an ordinary paragraph.
    Inside a table a row of two cells ("I | NHÓM NHIỆM VỤ …", "| Nhiệm vụ giao …") is a row too."""
    if text.count("|") < min_cells - 1 and not (min_cells == 2 and text.startswith("|")):
        return None
    # "| a | b |" has borders (Markdown); "| b" alone is a row whose first cell is empty
    bordered = text.startswith("|") and text.rstrip().endswith("|") and len(text.strip()) > 1
    inner_start = 1 if bordered else 0
    inner_end = len(text.rstrip()) - 1 if bordered else len(text)
    spans: list[Span] = []
    pos = inner_start
    for part in text[inner_start:inner_end].split("|"):
        lead = len(part) - len(part.lstrip())
        start = offset + pos + lead
        spans.append((start, start + len(part.strip())))
        pos += len(part) + 1
    return spans if len(spans) >= min_cells else None


def _header_columns(doc: NormalizedDoc, cells: list[Span]) -> dict[int, str] | None:
    if any(e - s > _HEADER_CELL_CHARS for s, e in cells) or _ROW_LABEL.match(doc.text[cells[0][0]:cells[0][1]]):
        return None  # a header names its columns in a few words; "12 | …" is a row
    columns = {i: column_kind(doc.text[s:e]) for i, (s, e) in enumerate(cells)}
    found = {k: v for k, v in columns.items() if v}
    # a task table says what and who or when; "STT | Nội dung | Đơn vị tính | Năm 2026" is statistics
    if "task" in found.values() and set(found.values()) & {"lead", "support", "time"}:
        return found
    return None


def _folded_header(header: str) -> str:
    return fold(_FOOTNOTE_MARK.sub("", header)).strip()  # "Cơ quan chủ trì[1]"


def column_kind(header: str) -> str | None:
    """The role of a task-table column from its header cell: the longest vocabulary entry the cell
    starts with ("Cơ quan chủ trì thực hiện" -> lead, "Nội dung/nhiệm vụ" -> task, "STT" -> label)."""
    cell = _folded_header(header)
    kinds = _patterns().column_kind
    # the longest entry that is the cell's first words (folded: one space between words)
    words = cell.split(" ")
    for count in range(len(words), 0, -1):
        kind = kinds.get(" ".join(words[:count]))
        if kind is not None:
            return kind
    return None


def _row_columns(doc: NormalizedDoc, cells: list[Span], columns: dict[int, str], width: int) -> dict[int, str]:
    """The columns of a row with fewer cells than its header: "A. | BỘ XÂY DỰNG" names a group of
    rows, wherever the header's task column is; "- Rà soát … | Năm 2026", the rest of a row whose
    first cells were merged down, fills the last columns (its agencies are the row's above)."""
    pats = _patterns()
    if not cells:
        return columns
    first = doc.text[cells[0][0]:cells[0][1]]
    if len(cells) == width + 1 and _ROW_NUMBER.match(first) and "label" not in columns.values():
        # "Nội dung | Đơn vị thực hiện | …" over "1.1 | Xây dựng … | Sở …": the header has no number column
        return {0: "label"} | {i + 1: kind for i, kind in columns.items()}
    if len(cells) >= width:
        if first.startswith(pats.bullets) and columns.get(0) == "label":
            # a bullet where the number goes: sub-rows of a merged row run together on one line, each
            # from the task column on; the first is read
            task = next((i for i, kind in columns.items() if kind == "task"), 0)
            return {i - task: kind for i, kind in columns.items() if i >= task}
        return columns
    if len(cells) <= 2 and (not first or _GROUP_LABEL.match(first)):
        return {0: "label", 1: "task"} if len(cells) == 2 else {0: "task"}
    if first.startswith(pats.bullets):
        shift = width - len(cells)
        return {i - shift: kind for i, kind in columns.items()
                if i >= shift and kind not in ("label", "lead", "support")}
    return columns


def _table_row(doc: NormalizedDoc, index: int, cells: list[Span], columns: dict[int, str]) -> Node:
    by_kind: dict[str, Span] = {}
    for i, span in enumerate(cells):
        kind = columns.get(i)
        if kind and kind not in by_kind:
            by_kind[kind] = span
    para = doc.paragraphs[index]
    if all(_SEPARATOR_CELL.match(doc.text[s:e]) or s == e for s, e in cells):
        return Node(para=index, kind=None, label=None, rank=99, span=(para.start, para.end), role="table_sep")
    task_cell = by_kind.get("task")
    if task_cell is not None and task_cell[0] == task_cell[1]:
        # no work in this row (the rest of a merged cell's row): nothing to assign
        return Node(para=index, kind=None, label=None, rank=99, span=(para.start, para.end), role="table_other")
    label_span = by_kind.get("label")
    label = doc.text[label_span[0]:label_span[1]].rstrip(".)") if label_span else None
    task_span = by_kind.get("task", (para.start, para.end))
    filled = [k for k in ("lead", "support", "time") if k in by_kind and by_kind[k][1] > by_kind[k][0]]
    group = not filled and (not label or _GROUP_LABEL.match(label) is not None)
    node = Node(para=index, kind="table_group" if group else "table", label=label or None,
                rank=48 if group else 50, span=task_span, cells=by_kind)
    own = doc.text[task_span[0]:task_span[1]]
    node.heading_shaped = group
    node.heading_text = own if group else None
    node.section = classify_section(own, group) if group else None
    return node


_HEADING_LINE_END = (".", ":", ";", ",", ")")


def _heading_line(doc: NormalizedDoc, text: str, body: list[int], pos: int) -> tuple[str, int, str | None, int] | None:
    """An unlabelled short line over bulleted items is their heading (a bold subheading, or a lettered item
    whose label the copy lost): a marker of its own kind one rank above the items' (no label)."""
    stripped = text.strip()
    if not stripped or stripped.endswith(_HEADING_LINE_END) or stripped.startswith("(") or CELL_SEPARATOR in stripped \
            or len(stripped.split()) > current_rules().sections.heading_line_words:
        return None
    following = _next_marker(doc, body, pos)
    if following is None or following[0] not in _patterns().bullet_kinds:
        return None
    return "heading_line", following[1] - 1, None, 0


def _next_marker(doc: NormalizedDoc, body: list[int], pos: int) -> tuple[str, int, str, int] | None:
    if pos + 1 >= len(body):
        return None
    para = doc.paragraphs[body[pos + 1]]
    return match_marker(doc.text[para.start:para.end])
