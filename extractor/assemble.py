"""Assemble stage: decide which outline nodes are tasks and give each its agencies, deadlines, metrics.

- An item in a non-task section (results, shortcomings, causes) is no task.
- A heading (an agency name, a "Về ..."/"Đối với ..." topic, a section title) is no task; its agencies
  pass down. With a paragraph right under it, that paragraph is the heading's task text.
- A labelled item ending in ":" whose only action is generic ("tập trung thực hiện các nhiệm vụ sau:")
  is a lead-in; otherwise a parent that states its own action is a task, and so are its children.
- A free paragraph after the preamble is a task when it assigns work to an agency; closing formulas
  and their clauses are cut away. A "Báo cáo gửi về ..." paragraph with a deadline continues the
  previous free task and takes its lead.
- A task without a lead of its own inherits the nearest enclosing lead (heading, lead-in or parent task).
- A time note ("* Thời gian ... trong tháng 8/2022") gives its deadlines to the task owning the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .grammar import Grammar, current_grammar, current_rules, using
from .models import Assignee, Deadline, Metric, Reference, SourceKind, Target, Task, built, copy_with
from .normalize import NormalizedDoc
from .outline import Node, Outline, directive_start, is_effect_formula, opens_with_action, section_at_head
from .recognize import NodeFacts, Recognitions
from .recognize.agencies import AgencyMention
from .rules import Rules, alternation
from .textutil import ENDS_SENTENCE as _ENDS_SENTENCE

Span = tuple[int, int]


@dataclass(slots=True)
class _Draft:
    node: Node
    span: Span
    facts: NodeFacts
    leads: list[Assignee]
    others: list[Assignee]
    deadlines: list[Deadline] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    heading: str | None = None
    parent_draft: _Draft | None = None
    from_attributes: bool = False  # its agency or time came from an attribute line under it
    product: str | None = None     # "Sản phẩm: Báo cáo …" under it


_CLAUSE_BREAK = regex.compile(r"[.;:]\s")


@dataclass(slots=True, frozen=True)
class _Patterns:
    generic: list[regex.Pattern[str]]
    topic: regex.Pattern[str]
    appraisal: regex.Pattern[str]
    result_after_subject: regex.Pattern[str]
    topic_only: regex.Pattern[str]
    assign_cue: regex.Pattern[str]       # a lead cue (rules/roles.yaml) followed by a capitalised name
    cue_after_comma: regex.Pattern[str]  # a lead cue that opens a comma clause, a few words before us
    cue_before: regex.Pattern[str]       # a lead cue right before us (titles between allowed)
    opener_phrase: regex.Pattern[str]    # a clause opener's phrase up to its comma ("Sau khi …, ")
    lead_cue_before: regex.Pattern[str]  # any lead cue ("giao", "đề nghị", …) right before us
    opening_cue: regex.Pattern[str]      # a directive cue that opens a paragraph ("Đề nghị ")
    report_opener: regex.Pattern[str]
    filler: regex.Pattern[str]
    action: regex.Pattern[str]
    quotation: regex.Pattern[str]
    heading_frame: regex.Pattern[str]    # an agency heading: cue, agency, role, colon (group "core": the agency)
    role_filler: regex.Pattern[str]      # role cues, qualifiers and punctuation: what a role heading holds besides agencies
    descriptive: regex.Pattern[str]      # "Các tổ chức", "Các doanh nghiệp": a collective its heading describes
    definition: regex.Pattern[str]       # "Nhân lực số là yếu tố then chốt …": what a thing is


def _generic_lead_in(rules: Rules) -> regex.Pattern[str]:
    words = rules.sections.generic_lead_in
    verbs, nouns, quals = (alternation(words[k]) for k in ("verbs", "nouns", "qualifiers"))
    joiners = alternation(rules.agencies.list_joiners, boundary=False)
    endings = alternation(rules.sections.generic_lead_in_endings, boundary=False)
    return regex.compile(
        rf"^[\s,]*(?:{verbs}[\s,]*)*{nouns}(?:\s+{quals})*(?:\s*(?:,|{joiners})\s*{nouns}(?:\s+{quals})*)*"
        rf"\s*(?:{endings})?\s*:?\s*$", regex.I)


def _patterns() -> _Patterns:
    return current_grammar().stage("extractor.assemble._patterns", _build_patterns)


def _build_patterns(rules: Rules) -> _Patterns:
    s = rules.sections
    titles = alternation(rules.agencies.titles + [t.lower() for t in rules.agencies.titles])
    lead_cues = alternation([c for cue in rules.roles.lead.preceding for c in (cue, cue[:1].upper() + cue[1:])])
    directive_cues = alternation([c for cue in rules.roles.directive_cues for c in (cue, cue[:1].upper() + cue[1:])])
    return _Patterns(
        generic=[_generic_lead_in(rules)]
        + [regex.compile(r"^\s*(?:" + p + r")", regex.I) for p in s.generic_actions],
        topic=regex.compile(rf"^{alternation(s.topic_openers)}", regex.I),
        appraisal=regex.compile(rf"^{alternation(s.appraisal_openers + s.descriptive_openers + s.content_openers)}", regex.I),
        result_after_subject=regex.compile(rf"^{alternation(s.result_after_subject)}\s", regex.I),
        assign_cue=regex.compile(rf"{lead_cues}\s+\p{{Lu}}"),
        cue_after_comma=regex.compile(rf",\s*{lead_cues}\s+(?:\p{{L}}+\s+){{0,3}}$"),
        # "Sau khi phương án … được thông qua, Bộ Tài chính …": the subject the opener's phrase leads to
        opener_phrase=regex.compile(rf"^\s*{alternation(rules.roles.clause_openers)}[^;.]*,\s*$", regex.I),
        cue_before=regex.compile(rf"{directive_cues}\s+(?:(?:{titles})[\s,]+)*$"),
        lead_cue_before=regex.compile(rf"{lead_cues}\s+(?:(?:{titles})[\s,]+)*$"),
        opening_cue=regex.compile(rf"\s*{directive_cues}\s+"),
        topic_only=regex.compile(rf"^{alternation(s.topic_only_openers)}", regex.I),
        report_opener=regex.compile(rf"^{alternation(s.report_openers)}", regex.I),
        # "1. Sở Tài chính (cơ quan chủ trì)": a role noted in parentheses adds no work
        filler=regex.compile(rf"(?:{titles}|{alternation(s.agency_item_fillers, boundary=False)}"
                            rf"|\([^()]{{0,40}}\)|[\s,;:.\-–()/])+", regex.I),
        # lower case only: "Quản lý" inside "Ban Quản lý …" is part of a name
        action=regex.compile(alternation(s.action_words)),
        quotation=regex.compile("|".join(rf"^\s*{regex.escape(pair[0])}[^{regex.escape(pair[1])}]*{regex.escape(pair[1])}\W*$"
                                         for pair in s.quotation_marks)),
        definition=regex.compile(
            rf"^[^.;:]{{1,{s.definition_subject_chars}}}?(?<!,)\s{alternation(s.definition_copulas)}\s+"
            rf"(?:{alternation(s.definition_articles)}\s+)?(?:{alternation(s.definition_complements)})",
            regex.I),
        role_filler=regex.compile(
            rf"(?:{alternation(rules.roles.lead.following + rules.roles.support.preceding)}"
            rf"|{alternation(rules.agencies.vague_collective.qualifiers)}|{alternation(s.determiners)}"
            rf"|{alternation(rules.agencies.list_joiners)}|[\s,;:.\-–])*", regex.I),
        heading_frame=regex.compile(
            rf"^\s*(?:{alternation(s.agency_heading_openers)}\s+)?(?P<core>.*?)"
            rf"(?:\s+{alternation(s.agency_heading_trailers)})?[\s:.]*$", regex.I | regex.S),
        descriptive=regex.compile(
            # "Các đơn vị cấp nước sạch …", and a body described alone ("Cơ quan chủ trì giải quyết thủ tục …")
            rf"(?:(?:{alternation(s.determiners)})\s+)?{alternation(s.descriptive_units)}"
            rf"(?:\s*(?:,|{alternation(rules.agencies.list_joiners)})\s*{alternation(s.descriptive_units)})*",
            regex.I),
    )


def assemble(doc: NormalizedDoc, outline: Outline, recognitions: Recognitions,
             notice_id: str, *, grammar: Grammar | None = None) -> list[Task]:
    with using(grammar):
        return _assemble(doc, outline, recognitions, notice_id)


def _assemble(doc: NormalizedDoc, outline: Outline, recognitions: Recognitions,
              notice_id: str) -> list[Task]:
    facts_of = {id(node): recognitions.nodes[k] for k, node in enumerate(outline.nodes)}
    context: dict[int, list[Assignee]] = {}   # node id -> leads it passes down
    supports: dict[int, list[Assignee]] = {}  # heading or lead-in id -> support it passes down with them
    drafts: list[_Draft] = []
    draft_of: dict[int, _Draft] = {}
    last_free_task: _Draft | None = None
    document_leads: list[Assignee] = []   # a lead-in before the first section that assigns them all

    # a heading over paragraphs ("1. Sở Kế hoạch và Đầu tư", "1. Hoàn thiện thể chế") and the task of its first
    body_heading: tuple[Node, _Draft | None] | None = None
    paragraph_task: _Draft | None = None  # the task of the unlabelled paragraph just read
    section_times: dict[int, list[Deadline]] = {}  # heading id -> the time an attribute item among its items gives
    attributed: dict[int, set[str | None]] = {}  # item id -> the kinds of the attribute lines under it
    lead_ins: dict[int, list[Node]] = {}  # item id -> the lead-ins under it (not among its item children)
    for node in outline.nodes:
        if node.role == "lead_in" and node.parent is not None:
            lead_ins.setdefault(id(node.parent), []).append(node)
    for node in outline.nodes:
        if node.role == "attribute" and node.parent is not None:
            attributed.setdefault(id(node.parent), set()).add(node.attribute)

    for node in outline.nodes:
        facts = facts_of[id(node)]
        text = doc.text[node.span[0]:node.span[1]]
        if node.kind is not None and (body_heading is None or not _within(node, body_heading[0])):
            body_heading = None  # its own items ("- Phối hợp …") keep it for the paragraphs after them
        if node.role != "attribute":
            paragraph_task = None
        section = node.effective_section()
        if section == "target":
            continue  # collect_targets reads these
        if node.role == "item":
            if section == "non_task" and not _directs_in_findings(node, facts):
                continue
            if node.parent is not None and node.parent.role == "attribute" and id(node.parent) in draft_of:
                draft_of[id(node.parent)].deadlines.extend(facts.deadlines)  # a time block's items
                continue
            agency_line = _names_agencies_only(node, text, facts)  # "1. Sở Kế hoạch và Đầu tư" over paragraphs
            if _is_heading(node, text, facts, agency_line):
                if _role_heading(node, text, facts):
                    # "a) Chủ trì, phối hợp với các sở, ban, ngành" over bullets: the agency above
                    # leads them, these support them
                    context[id(node)] = _own_leads(facts) or _inherited(node, context)
                elif _topic_among_topics(node, facts_of):
                    context[id(node)] = []  # "9. Doanh nghiệp số" among "8. Công dân số", "10. Quản trị số"
                elif _topic_over_items(node, text, facts) and not _opens_on_mention(node, text, facts) \
                        and not _patterns().topic.match(text):
                    # "2. Cơ cấu thu, chi và khung cân đối ngân sách … của địa phương" over its items: whom
                    # the title names is its object, not who does the items
                    context[id(node)] = []
                elif agency_line:
                    # the bodies of the heading's own line, not those its paragraphs name
                    context[id(node)] = _heading_agencies(text, _heading_facts(node, facts))
                else:
                    context[id(node)] = _heading_agencies(text, facts)
                if node.ends_with_colon and node.body is None and _assigns(text, facts) \
                        and _patterns().action.search(_outside_mentions(text, node.span[0], facts)):
                    # "3. Trong thời gian tới, yêu cầu các bộ, ngành tập trung thực hiện một số nhiệm vụ như sau:"
                    # assigns the work of its items and is a task itself ("Đề nghị X và Y:" only names them)
                    drafts.append(_lead_in_draft(node, facts, draft_of, node))
                body = node.body
                # the heading's own support, not what its paragraphs name ("phối hợp với Sở Tài chính" in one)
                supports[id(node)] = [a for a in _own_supports(facts)
                                      if body is None or a.span is None or a.span[0] < body.span[0]]
                if body is not None:
                    body_facts = facts_of[id(body)]
                    body_text = doc.text[body.span[0]:body.span[1]]
                    if body.ends_with_colon and _is_generic_lead_in(body_text, body_facts):
                        context[id(node)] = _own_leads(body_facts) or context[id(node)]
                        # "4. Sở Khoa học và Công nghệ" + "Chủ trì, phối hợp với các sở, ngành, UBND các xã,
                        # phường …:" over items: the heading leads them, the paragraph's bodies support them
                        supports[id(node)] = supports[id(node)] + _own_supports(body_facts)
                        lead_in = None
                        if _assigns(body_text, body_facts):
                            lead_in = _lead_in_draft(body, body_facts, draft_of, node)
                            drafts.append(lead_in)
                        body_heading = (node, lead_in)  # its list may have lost its bullets
                        continue
                    if _label_lead_in(body, body_text, body_facts):
                        continue  # "Trọng tâm:" under "1.1. Nông nghiệp": the label of the items
                    if any(_label_lead_in(c, doc.text[c.span[0]:c.span[1]], facts_of[id(c)])
                           for c in lead_ins.get(id(node), []) if c.children) \
                            and not _own_leads(body_facts) and not _assigns_by_cue(body_text, body.span[0], body_facts):
                        # "3.1. Thương mại" + "Phát triển mạnh mẽ thương mại điện tử, …" + "Trọng tâm:" over a), b):
                        # the paragraph orients the items, which carry the work
                        continue
                    if _is_appraisal(body_text, body.span[0], body_facts) \
                            and not _assigns_by_cue(body_text, body.span[0], body_facts):
                        continue  # "7. Nhân lực số" over "Nhân lực số là yếu tố then chốt …"
                    if _patterns().quotation.match(body_text):
                        continue  # "1. Chủ đề thi đua" over "“Lập thành tích chào mừng …”": a slogan
                    draft = _make_draft(node, body.span, body_facts, context, draft_of,
                                        own_context=context[id(node)])
                    draft.heading = (node.heading_text or text).rstrip(" :") or None
                    drafts.append(draft)
                    draft_of[id(node)] = draft
                    body_heading = (node, draft)
                    if body.ends_with_colon and _own_leads(body_facts):
                        # "II. …" + "…, tỉnh Đắk Lắk cần … các nội dung trọng tâm sau:" over items
                        context[id(node)] = _own_leads(body_facts)
                continue
            if node.ends_with_colon and node.children and _is_generic_lead_in(text, facts):
                # "1. Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý …):" names its bodies in
                # parentheses, where no cue reaches them
                context[id(node)] = _own_leads(facts) or _described_collective(text, facts) or []
                supports[id(node)] = _own_supports(facts)
                if _assigns(text, facts):
                    drafts.append(_lead_in_draft(node, facts, draft_of, node))
                continue
            if _is_appraisal(text, node.span[0], facts) and not _assigns_by_cue(text, node.span[0], facts):
                continue
            if not node.children and is_effect_formula(text):
                continue  # "1. Quyết định này có hiệu lực kể từ ngày …": a formula, labelled or not
            draft = _make_draft(node, node.span, facts, context, draft_of)
            if not draft.leads and node.children:
                # "1. Các cơ quan đăng ký đầu tư (Sở Tài chính, …):", "3. Cơ quan chủ trì giải quyết thủ
                # tục đầu tư dự án" over a), b), …: the description names who does the items
                draft.leads = _described_collective(text, facts) or []
            if not draft.leads and document_leads and node.part == 0:
                draft.leads = _as_inherited(document_leads)  # never into an attachment
            drafts.append(draft)
            draft_of[id(node)] = draft
            context[id(node)] = draft.leads
            if node.ends_with_colon and not node.children:
                # "1. Sở Tài chính chủ trì rà soát …, cụ thể:" over paragraphs that open on actions: its list
                # without its bullets
                body_heading = (node, draft)
            if node.cells is not None:
                supports[id(node)] = _own_supports(facts)  # the rest of a table row shares its support
        elif node.role == "lead_in":
            context[id(node)] = _introducing_leads(text, facts)
            supports[id(node)] = _own_supports(facts)
            if _assigns(text, facts) and node.effective_section() != "non_task":
                drafts.append(_lead_in_draft(node, facts, draft_of, node))
                if not drafts[:-1] and not node.children and _own_leads(facts):
                    # "Ủy ban nhân dân tỉnh yêu cầu các Sở, Ban, ngành, …, với các nội dung cụ thể như
                    # sau:" before "I. …": the whole document's items are theirs unless they name others
                    document_leads = _own_leads(facts)
        elif node.role == "attribute":
            if node.kind is None and paragraph_task is not None:
                # "Thời gian thực hiện: …" right under an unlabelled paragraph that is a task: that
                # task's, not the item above both
                _give_attribute(paragraph_task, node, facts, doc)
            else:
                whole_list = _list_attribute_targets(node, draft_of, attributed)
                if whole_list:
                    for listed in whole_list:
                        _give_attribute(listed, node, facts, doc)
                else:
                    if not _apply_attribute(node, facts, draft_of, doc) and node.attribute == "time" \
                            and node.parent is not None and facts.deadlines:
                        # "2. Thời gian thực hiện: Từ tháng 10/2025 …" among "1. Chủ đề thi đua", "3. Nội
                        # dung thi đua": the time of the tasks under its siblings
                        section_times[id(node.parent)] = list(facts.deadlines)
        elif node.role == "time_note":
            target = _time_note_target(node, draft_of)
            if target is not None:
                target.deadlines.extend(facts.deadlines)
        elif node.role == "continuation" and _opens_with_its_lead(node, facts, text):
            # "Bộ Giáo dục và Đào tạo: Chỉ đạo …" between items 6 and 7: a directive of its own, not
            # the rest of item 6
            owner = draft_of.get(id(node.parent)) if node.parent is not None else None
            if owner is not None and owner.span[1] >= node.span[1] and owner.span[0] < node.span[0]:
                _cut_before(owner, node.span[0], context)
            own = _free_task(node, text, facts, None)
            if own is not None:
                drafts.append(own)
        elif node.role in ("continuation", "free") and body_heading is not None \
                and opens_with_action(text) and _free_task(node, text, facts, None) is None:
            # "1. Sở Kế hoạch và Đầu tư" over paragraphs that each open on an action ("Tổ chức hướng dẫn …",
            # "Chủ trì, phối hợp với Sở Tài chính …"): each is a task of the heading's bodies; so under a
            # topic ("1. Hoàn thiện thể chế" over "Ban hành quy chế …", "Nghiên cứu ban hành …": a plan
            # copied without its bullets), with the leads the topic passes down
            heading, owner = body_heading
            if owner is not None and owner.span[0] < node.span[0] < owner.span[1]:
                _cut_before(owner, node.span[0], context)
            paragraph_task = _Draft(node=node, span=node.span, facts=facts,
                                    leads=_as_inherited(context.get(id(heading), [])),
                                    others=[a for a in facts.assignees if a.role != "lead"],
                                    deadlines=list(facts.deadlines), metrics=list(facts.metrics),
                                    references=list(facts.references),
                                    heading=owner.heading if owner is not None else heading.heading_text)
            drafts.append(paragraph_task)
        elif node.role == "free" or (node.role == "continuation" and node.parent is not None
                                     and not node.parent.span[0] <= node.span[0] < node.parent.span[1]):
            # (a paragraph an item's colon introduced, after paragraphs of their own: read as they are)
            free = _free_task(node, text, facts, last_free_task)
            if free is not None:
                drafts.append(free)
                last_free_task = free
                paragraph_task = free
    _inherit_supports(drafts, context, supports)
    drafts = _attribute_blocks(drafts, draft_of, doc, facts_of)
    _inherit_lead_in_deadlines(drafts, doc)
    _inherit_heading_periods(drafts, facts_of)
    _inherit_section_times(drafts, section_times)
    _inherit_part_horizons(drafts, recognitions.part_horizons)
    return _finish(drafts, doc, notice_id)


def collect_targets(doc: NormalizedDoc, outline: Outline, recognitions: Recognitions, *, grammar: Grammar | None = None) -> list[Target]:
    """Items of "Mục tiêu"/"Chỉ tiêu" sections: each leaf item (or a heading's paragraph) is a target
    with its figures; a heading's period ("Mục tiêu đến hết năm 2026") reaches the targets under it."""
    with using(grammar):
        return _collect_targets(doc, outline, recognitions)


def _collect_targets(doc: NormalizedDoc, outline: Outline, recognitions: Recognitions) -> list[Target]:
    facts_of = {id(node): recognitions.nodes[k] for k, node in enumerate(outline.nodes)}
    targets: list[Target] = []
    for node in outline.nodes:
        if node.effective_section() != "target" or node.role not in ("item", "body", "free", "continuation"):
            continue
        if node.role == "item" and (node.section == "target"
                                    or (node.heading_shaped and (node.children or node.body is not None))):
            # "II. MỤC TIÊU", "1. Mục tiêu đến hết năm 2026", "Thủy sản" over its paragraphs: headings; their
            # body and the paragraphs after it are read below
            continue
        if node.role == "continuation" and not (node.parent is not None and node.parent.body is not None
                                                and node.parent.heading_shaped):
            continue  # the rest of an item's own paragraph: read with it
        facts = facts_of[id(node)]
        owner = node.parent if node.role == "body" else node
        start, end = node.span
        text = doc.text[start:end].rstrip()
        if not text:
            continue
        deadlines = list(facts.deadlines) or _heading_deadlines(owner, facts_of)
        targets.append(built(Target, text=text, span=(start, start + len(text)),
                              path="/".join(owner.path_labels) if owner is not None else "",
                              metrics=list(facts.metrics), deadlines=_unique_deadlines(deadlines)))
    return targets


def _heading_deadlines(node: Node | None, facts_of: dict[int, NodeFacts]) -> list[Deadline]:
    parent = node.parent if node is not None else None
    while parent is not None:
        facts = facts_of.get(id(parent))
        if facts is not None and facts.deadlines:
            return list(facts.deadlines)
        parent = parent.parent
    return []


def _make_draft(node: Node, span: Span, facts: NodeFacts, context: dict[int, list[Assignee]],
                draft_of: dict[int, _Draft], own_context: list[Assignee] | None = None) -> _Draft:
    own = _own_leads(facts)
    # a heading's body inherits from the heading itself first
    leads = own or _as_inherited(own_context or []) or _inherited(node, context)
    parent = node.parent
    while parent is not None and id(parent) not in draft_of:
        parent = parent.parent
    return _Draft(
        node=node, span=span, facts=facts, leads=leads,
        others=[a for a in facts.assignees if a.role != "lead"],
        deadlines=list(facts.deadlines), metrics=list(facts.metrics),
        references=list(facts.references), heading=_nearest_heading(node, draft_of),
        parent_draft=draft_of.get(id(parent)) if parent is not None else None,
    )


def _is_appraisal(text: str, offset: int, facts: NodeFacts) -> bool:
    """"Đánh giá cao ...", or "Ban Thường vụ Tỉnh ủy cơ bản đồng tình ..." (the appraiser first)."""
    if _patterns().appraisal.match(text):
        return True
    if not _own_leads(facts) and _patterns().definition.match(text):
        return True  # "Dữ liệu là yếu tố sản xuất, …": it says what a thing is
    first = min(facts.mentions, key=lambda m: m.span[0], default=None)
    if first is not None and first.title_start - offset == 0:
        after = text[first.span[1] - offset:].lstrip()
        return bool(_patterns().appraisal.match(after) or _patterns().result_after_subject.match(after))
    return False


def _assigns_by_cue(text: str, offset: int, facts: NodeFacts) -> bool:
    """Some lead is named after "giao", "yêu cầu", "đề nghị" or is the subject of a later sentence."""
    first_break = _CLAUSE_BREAK.search(text)
    cutoff = offset + (first_break.end() if first_break else len(text))
    return any(a.role == "lead" and a.span is not None and a.span[0] >= cutoff for a in facts.assignees) \
        or bool(_patterns().assign_cue.search(text))


def _own_leads(facts: NodeFacts) -> list[Assignee]:
    return [a for a in facts.assignees if a.role == "lead"]


def _introducing_leads(text: str, facts: NodeFacts) -> list[Assignee]:
    """The leads a lead-in passes to its items: those of its last sentence, the one that introduces them
    ("…, Văn phòng Trung ương Đảng … cụ thể hoá để tổ chức thực hiện, trong đó, cần tập trung một số nhiệm
    vụ trọng tâm sau:"); an earlier sentence's only when a cue assigned them ("UBND tỉnh giao Sở X chủ
    trì. Cụ thể như sau:"), never a narrative's subject ("Ban Tổ chức Hội nghị nhận được 16 tham luận")."""
    leads = _own_leads(facts)
    offset = facts.span[0]
    last = max((m.end() for m in _SENTENCE_END.finditer(text.rstrip())), default=0)
    own = [a for a in leads if a.span is None or a.span[0] - offset >= last]
    if own:
        return own
    return [a for a in leads if a.span is not None
            and _patterns().lead_cue_before.search(text[:a.span[0] - offset])]


_SENTENCE_END = regex.compile(r"[.!?]\s+(?=\p{Lu})")


def _inherited(node: Node, context: dict[int, list[Assignee]]) -> list[Assignee]:
    parent = node.parent
    while parent is not None:
        leads = context.get(id(parent))
        if leads:
            return _as_inherited(leads)
        parent = parent.parent
    return []


def _own_supports(facts: NodeFacts) -> list[Assignee]:
    return [a for a in facts.assignees if a.role == "support" and not a.inherited]


def _inherit_supports(drafts: list[_Draft], context: dict[int, list[Assignee]],
                      supports: dict[int, list[Assignee]]) -> None:
    """A task that takes its lead from a heading or lead-in ("1. Sở Công Thương chủ trì, phối hợp với
    các sở, ngành:") takes the support named with that lead, unless it names its own."""
    for draft in drafts:
        if not draft.leads or not all(a.inherited for a in draft.leads) \
                or any(a.role == "support" for a in draft.others):
            continue
        parent = draft.node.parent
        while parent is not None:
            if context.get(id(parent)) or supports.get(id(parent)):
                draft.others = draft.others + _as_inherited(supports.get(id(parent), []))
                break
            parent = parent.parent


def _role_heading(node: Node, text: str, facts: NodeFacts) -> bool:
    """Nothing but role cues and the agencies they name ("Chủ trì, phối hợp với các sở, ban, ngành,
    UBND các xã, phường"), over items of its own."""
    if not any(c.role == "item" and c.kind is not None for c in node.children) or node.body is not None:
        return False
    if not any(a.role == "support" for a in facts.assignees) or any(a.role == "lead" for a in facts.assignees):
        return False
    rest = _outside_mentions(text, node.span[0], facts)
    return _patterns().role_filler.fullmatch(rest) is not None


def _label_lead_in(node: Node, text: str, facts: NodeFacts) -> bool:
    """A few words and a colon that name no one ("Trọng tâm:"): the label of the items under it."""
    return node.ends_with_colon and not _own_leads(facts) \
        and len(text.split()) <= current_rules().sections.label_lead_in_words


def _as_inherited(leads: list[Assignee]) -> list[Assignee]:
    out = []
    for lead in leads:
        copy = copy_with(lead, {"inherited": True, "span": None, "text": None})
        copy._source_span = lead.span or lead._source_span
        out.append(copy)
    return out


def _nearest_heading(node: Node, draft_of: dict[int, _Draft]) -> str | None:
    parent = node.parent
    while parent is not None:
        if parent.kind is not None and parent.heading_shaped and id(parent) not in draft_of:
            return _heading_text(parent)
        parent = parent.parent
    return None


def _heading_text(node: Node) -> str | None:
    return node.heading_text


def _is_heading(node: Node, text: str, facts: NodeFacts, agency_line: bool) -> bool:
    if node.kind == "table_group":
        return True
    if _agency_only(text, node.span[0], facts):
        return True  # "1. Sở Nội vụ", "- Giám đốc Công an tỉnh;"
    if agency_line:
        return True  # "1. Sở Kế hoạch và Đầu tư" over its paragraphs
    if facts.period:
        return True  # "2. Giai đoạn 2031 - 2035": the period of the items under it
    if node.body is not None and not node.children and node.heading_shaped \
            and not any(a.role == "lead" for a in facts.assignees):
        # "4.1. Ứng dụng hệ thống thông tin địa lý (GIS) …" over its paragraph: a title; the paragraph
        # under it is the work
        return True
    if _colon_label(node, text, facts):
        return True  # "3. Thẩm định phương án giá:" over items of its own
    if _agency_over_items(node, text, facts):
        return True  # "7. Liên hiệp các Hội Khoa học và Kỹ thuật" over items of its own
    if _role_heading(node, text, facts):
        return True  # "a) Chủ trì, phối hợp với các sở, ban, ngành" over bullets
    if not node.heading_shaped:
        return False
    pats = _patterns()
    if pats.topic.match(text) or section_at_head(text) is not None:
        return True
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    if _topic_over_items(node, text, facts):
        return True
    return node.ends_with_colon and (bool(node.children) or node.body is not None) \
        and _is_generic_lead_in(text, facts)





def _names_agencies_only(node: Node, text: str, facts: NodeFacts) -> bool:
    """The heading's own words ("1. Sở Kế hoạch và Đầu tư", its paragraph aside) name only agencies."""
    if node.heading_text is None or node.body is None:
        return False
    return _agency_only(text[:len(node.heading_text)], node.span[0], _heading_facts(node, facts))


def _heading_facts(node: Node, facts: NodeFacts) -> NodeFacts:
    """The facts of a heading's own line (its paragraphs aside)."""
    end = node.span[0] + len(node.heading_text or "")
    return NodeFacts(span=facts.span, mentions=[m for m in facts.mentions if m.span[1] <= end],
                     assignees=[a for a in facts.assignees if a.span is not None and a.span[1] <= end],
                     deadlines=[], metrics=[], references=[])


def _opens_with_its_lead(node: Node, facts: NodeFacts, text: str) -> bool:
    """A paragraph that opens on its lead ("Bộ Giáo dục và Đào tạo: Chỉ đạo …") or on a directive cue and its
    lead ("Đề nghị các đồng chí Bộ trưởng, … chỉ đạo quyết liệt …") is a directive of its own."""
    first = min(facts.mentions, key=lambda m: m.title_start, default=None)
    if first is None or not any(a.role == "lead" and a.span == first.span for a in facts.assignees):
        return False
    return first.title_start == node.span[0] or bool(
        _patterns().opening_cue.fullmatch(text[:first.title_start - node.span[0]]))


def _cut_before(draft: _Draft, end: int, context: dict[int, list[Assignee]]) -> None:
    """The draft's text ends where a paragraph of its own begins; its facts there go with it. A draft
    whose only leads were that paragraph's inherits as if it had named none ("- Đánh giá …" before "Sở
    Xây dựng thực hiện …" lost the body of the heading above it)."""
    draft.span = (draft.span[0], end)

    def keep(span: Span | None) -> bool:
        return span is None or span[0] < end

    draft.leads[:] = [a for a in draft.leads if keep(a.span)] or _inherited(draft.node, context)
    draft.others = [a for a in draft.others if keep(a.span)]
    draft.deadlines = [d for d in draft.deadlines if keep(d.span)]
    draft.metrics = [m for m in draft.metrics if keep(m.span)]
    draft.references = [r for r in draft.references if keep(r.span)]


def _topic_over_items(node: Node, text: str, facts: NodeFacts) -> bool:
    """"3. Ưu tiên phát triển hạ tầng 5G, IoT" over a), b), c), "2. Tăng cường hiệu lực, hiệu quả trong chỉ
    đạo, điều hành …" over its items: a heading-shaped title that leads no one, with no full stop and no
    colon, over items of its own names the topic of the items, which carry the work."""
    items = [c for c in node.children if c.role == "item" and c.kind is not None]
    return len(items) >= 1 and not any(a.role == "lead" for a in facts.assignees) and not node.ends_with_colon \
        and not _ENDS_SENTENCE.search(text)


def _opens_on_mention(node: Node, text: str, facts: NodeFacts) -> bool:
    """The title opens on a body, after its cue if it has one ("6. Đề nghị các tổ chức cung cấp dịch vụ
    chi trả")."""
    start = node.span[0] + _agency_core(text)[0]
    return any(m.title_start == start for m in facts.mentions)


def _colon_label(node: Node, text: str, facts: NodeFacts) -> bool:
    """A short label ending with a colon, over items of its own, that names no one and assigns
    nothing ("Đào tạo và bồi dưỡng:", "Đối tượng thực hiện kiểm kê:")."""
    if not node.ends_with_colon or not any(c.role == "item" and c.kind is not None for c in node.children):
        return False
    if len(text.rstrip(" :").split()) > current_rules().sections.colon_label_words:
        return False
    return not any(a.role == "lead" for a in facts.assignees) and not _patterns().assign_cue.search(text)


def _agency_over_items(node: Node, text: str, facts: NodeFacts) -> bool:
    """A short title that opens with an agency and states no action, over items of its own or a
    paragraph: the agency of the work under it, also when the recognizer read only the first words of
    its name. A directive cue before the agency and a role after it are its frame ("Đề nghị …", "…
    có trách nhiệm")."""
    if not facts.mentions or not node.heading_shaped or _ENDS_SENTENCE.search(text.rstrip(" :")):
        return False
    if not any(c.role == "item" and c.kind is not None for c in node.children) and node.body is None:
        return False
    start, end = _agency_core(text)
    first = min(facts.mentions, key=lambda m: m.title_start)
    if text[start:max(start, first.title_start - node.span[0])].strip() \
            or first.title_start - node.span[0] < start:
        return False
    rules = current_rules().sections
    if len(text[start:end].split()) > rules.agency_heading_max_words:
        return False
    if first.kind == "collective" and _patterns().descriptive.fullmatch(first.name):
        # "Các doanh nghiệp hoạt động trong lĩnh vực xây dựng, giao thông …": the words after the
        # unit describe it unless they open with an action ("Các đơn vị chủ trì …")
        tail = text[first.span[1] - node.span[0]:end].lstrip(" ,")
        return _patterns().action.match(tail) is None
    return not _patterns().action.search(_outside_mentions(text[:end], node.span[0], facts)[start:])


def _agency_core(text: str) -> Span:
    """Where the agency of a heading lies once its cue, role and colon are set aside."""
    match = _patterns().heading_frame.match(text)
    return match.span("core") if match is not None else (0, len(text))


def _outside_mentions(text: str, offset: int, facts: NodeFacts) -> str:
    """The text with the agencies' names blanked (same length): "quản lý" in "các cơ quan quản lý nhà
    nước" is a name, not an action."""
    chars = list(text)
    for mention in facts.mentions:
        for k in range(max(0, mention.title_start - offset), min(len(chars), mention.span[1] - offset)):
            chars[k] = " "
    return "".join(chars)


def _agency_only(text: str, offset: int, facts: NodeFacts) -> bool:
    if not facts.mentions:
        return False
    rest = _cut_mentions(text, offset, facts.mentions)
    return _patterns().filler.fullmatch(rest) is not None or not rest.strip()


def _cut_mentions(text: str, offset: int, mentions: list[AgencyMention]) -> str:
    """The text with each mention (its title too) cut out for one space, from the last one back."""
    ordered = sorted(mentions, key=lambda m: -m.span[0])
    cuts = [(m.title_start - offset, m.span[1] - offset) for m in reversed(ordered)]
    if all(0 <= s <= e for s, e in cuts) and cuts[-1][1] <= len(text) \
            and all(cuts[k][1] <= cuts[k + 1][0] for k in range(len(cuts) - 1)):
        # apart from each other, in order: the words between them joined by one space for each, in one go
        # (what cutting them out one after the other from the last gives)
        ends = [0] + [e for _, e in cuts]
        return " ".join(text[ends[k]:s] for k, (s, _) in enumerate(cuts)) + " " + text[ends[-1]:]
    rest = text
    for mention in ordered:
        s, e = mention.title_start - offset, mention.span[1] - offset
        rest = rest[:max(0, s)] + " " + rest[e:]
    return rest


def _topic_among_topics(node: Node, facts_of: dict[int, NodeFacts]) -> bool:
    """A heading that names a collective only ("9. Doanh nghiệp số") among sibling headings that name
    no agency ("8. Công dân số và văn hoá số", "10. Quản trị số") is a topic like them: a list of
    headings names either agencies ("1. Sở Tài chính", "2. Các doanh nghiệp") or topics."""
    own = [m for m in facts_of[id(node)].mentions if not m.vague]
    if node.parent is None or not own or any(m.kind != "collective" for m in own):
        return False
    siblings = [c for c in node.parent.children
                if c is not node and c.role == "item" and c.kind == node.kind and c.heading_shaped]
    return len(siblings) >= 2 and not any(not m.vague for c in siblings for m in facts_of[id(c)].mentions)


def _heading_agencies(text: str, facts: NodeFacts) -> list[Assignee]:
    if _patterns().topic_only.match(text):
        return []
    offset = facts.span[0]
    described = _described_collective(text, facts)
    if described is not None:
        return described
    # "1. Sở Tài chính (cơ quan chủ trì)": what the parentheses say is a note, not another body;
    # "… chủ trì, phối hợp với Sở Khoa học và Công nghệ thực hiện …:" names a support, not a lead
    others = {a.span for a in facts.assignees if a.role != "lead"}
    # "1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo": a body named after a bare unit and its
    # lower-case words owns that unit, it is not another body the heading names
    owners = {m.span for m in facts.mentions for v in facts.mentions
              if v.vague and v.span[1] <= m.title_start
              and _GENITIVE_GAP.fullmatch(text, v.span[1] - offset, m.title_start - offset)}
    return [built(Assignee, name=m.name, canonical=m.canonical, role="lead", inherited=False,
                     span=m.span, text=m.text) for m in facts.mentions
            if not m.vague and m.span not in others and m.span not in owners
            and text.count("(", 0, m.span[0] - offset) <= text.count(")", 0, m.span[0] - offset)]


_GENITIVE_GAP = regex.compile(r"(?:\s+\p{Ll}+)*\s+")


def _described_collective(text: str, facts: NodeFacts) -> list[Assignee] | None:
    """ "11. Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm" names its agency by the
    whole description; "1. Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý …):" by the bodies
    the parentheses list."""
    offset = facts.span[0]
    named = list(facts.mentions)  # a bare unit ("Các cơ quan") is vague alone, not with its description
    if not named:
        return None
    first = min(named, key=lambda m: m.title_start)
    if first.kind != "collective":
        return None  # (before the heading's frame is matched: most headings open on a named body)
    start, end = _agency_core(text)
    if first.title_start - offset != start or not _patterns().descriptive.fullmatch(first.name):
        return None
    tail = text[first.span[1] - offset:end]
    if not tail.strip() or not (tail.lstrip()[:1].islower() or tail.lstrip()[:1] == ","):
        return None
    paren = tail.find("(")
    if paren >= 0:
        inside = (first.span[1] + paren, first.span[1] + len(tail))
        members = [Assignee(name=m.name, canonical=m.canonical, role="lead", inherited=False,
                            span=m.span, text=m.text) for m in named
                   if inside[0] < m.span[0] < inside[1] and m.kind != "collective" and not m.vague]
        if members:
            return members
        end = first.span[1] - offset + paren
    written = text[first.span[0] - offset:end].rstrip(" ,;:")
    if not written:
        return None
    span = (first.span[0], first.span[0] + len(written))
    return [Assignee(name=written, canonical=written, role="lead", inherited=False, span=span, text=written)]


def _assigns(text: str, facts: NodeFacts) -> bool:
    """A lead-in that is itself a directive: it names who must act after "giao", "đề nghị", "yêu cầu"
    ("Đề nghị Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo thực hiện các nhiệm vụ sau:"); "Thủ tướng Chính
    phủ yêu cầu:" names nobody and only introduces the list."""
    offset = facts.span[0]
    return any(a.role == "lead" and a.span is not None
               and _patterns().cue_before.search(text[:a.title_start - offset if hasattr(a, "title_start") else a.span[0] - offset])
               for a in facts.assignees)


def _lead_in_draft(node: Node, facts: NodeFacts, draft_of: dict[int, _Draft], owner: Node) -> _Draft:
    """The lead-in as a task of its own; its items are its children."""
    draft = _Draft(node=node, span=node.span, facts=facts, leads=_own_leads(facts),
                   others=[a for a in facts.assignees if a.role != "lead"],
                   deadlines=list(facts.deadlines), metrics=list(facts.metrics),
                   references=list(facts.references))
    draft_of[id(owner)] = draft
    return draft


def _is_generic_lead_in(text: str, facts: NodeFacts) -> bool:
    """Nothing but agencies, cues and a generic "thực hiện các nhiệm vụ sau:" is left."""
    residual_start = 0
    offset = facts.span[0]
    for assignee in facts.assignees:
        if assignee.span is not None:
            residual_start = max(residual_start, assignee.span[1] - offset)
    residual = text[residual_start:].strip(" ,")
    return any(p.match(residual) for p in _patterns().generic)


def _apply_attribute(node: Node, facts: NodeFacts, draft_of: dict[int, _Draft], doc: NormalizedDoc) -> bool:
    """"- Cơ quan chủ trì: Sở Tài chính" and the like give their values to the task they stand under
    (False when no task stands above them)."""
    probe = node.parent
    while probe is not None and id(probe) not in draft_of:
        probe = probe.parent
    if probe is None:
        return False
    target = draft_of[id(probe)]
    _give_attribute(target, node, facts, doc)
    if node.attribute == "time" and not any(doc.text[start:end].strip() for _, (start, end) in node.attributes):
        # "- Thời gian thực hiện:" over "+ Các bộ … gửi kết quả … trước ngày 15/12/2025", "+ Bộ Công an
        # tổng hợp … trước ngày 31/12/2025": its items are the block's times, not tasks
        draft_of[id(node)] = target
    return True


_BULLET_KINDS = ("dash", "plus", "star", "bullet")


def _list_attribute_targets(node: Node, draft_of: dict[int, _Draft],
                            attributed: dict[int, set[str | None]]) -> list[_Draft]:
    """An unlabelled attribute line after a list item is also the items' before it that carry no such
    line: "- A", "- B", "Đơn vị thực hiện: X" gives X to both; "+ Sở Xây dựng: …" … "+ Sở Công Thương:
    …", "Thời gian thực hiện: …" times the whole list, its owner too. When every item carries its own
    line, each line is its item's."""
    item = node.parent
    if node.kind is not None or item is None or item.kind not in _BULLET_KINDS or item.parent is None:
        return []
    items = [c for c in item.parent.children if c.kind == item.kind]
    if item not in items:
        return []
    run = [item]
    for other in reversed(items[:items.index(item)]):
        if node.attribute in attributed.get(id(other), set()):
            break
        run.append(other)
    if len(run) == 1:
        return []
    owner = draft_of.get(id(item.parent)) if len(run) == len(items) else None
    return ([owner] if owner is not None else []) + [draft_of[id(c)] for c in reversed(run) if id(c) in draft_of]


def _give_attribute(target: _Draft, node: Node, facts: NodeFacts, doc: NormalizedDoc) -> None:
    target.from_attributes = True
    if node.attribute == "task":
        return  # the block's work: read by _attribute_blocks
    if node.attribute == "product":
        for kind, (start, end) in node.attributes:
            if kind == "product" and target.product is None:
                target.product = doc.text[start:end].strip(" .;") or None
        return
    leads = [a for a in facts.assignees if a.role == "lead"]
    if leads:
        if all(a.inherited for a in target.leads):
            target.leads[:] = leads  # in place: children that inherit see the same list
        else:
            target.leads.extend(leads)
    target.others.extend(a for a in facts.assignees if a.role != "lead")
    target.deadlines.extend(facts.deadlines)
    target.metrics.extend(facts.metrics)


def _attribute_blocks(drafts: list[_Draft], draft_of: dict[int, _Draft], doc: NormalizedDoc,
                      facts_of: dict[int, NodeFacts]) -> list[_Draft]:
    """An item whose children are attributes with a "Nhiệm vụ:" among them is a block: its title is no
    task, nor is the "Nhiệm vụ:" line; each bullet under that line (or the line's own value) is a task
    that takes the block's lead, support, time and product; a block of one task, its figures too ("- Nội
    dung: Tuyên truyền …", "- Số lượng: 5.000 cuốn.")."""
    out: list[_Draft] = []
    for draft in drafts:
        work = [c for c in draft.node.children if c.role == "attribute" and c.attribute == "task"]
        if not work:
            out.append(draft)
            continue
        tasks: list[_Draft] = []
        for line in work:
            items = [draft_of[id(c)] for c in line.children if id(c) in draft_of]
            if not items and line.attributes:
                value = line.attributes[0][1]
                if doc.text[value[0]:value[1]].strip():
                    items = [_Draft(node=line, span=value, facts=facts_of[id(line)], leads=[], others=[],
                                    deadlines=list(facts_of[id(line)].deadlines),
                                    metrics=list(facts_of[id(line)].metrics),
                                    references=list(facts_of[id(line)].references))]
                    out.append(items[0])
            for item in items:
                own = [a for a in item.leads if not a.inherited]
                item.leads[:] = own or list(draft.leads)
                item.others.extend(a for a in draft.others if a not in item.others)
                item.deadlines = item.deadlines or list(draft.deadlines)
                item.product = item.product or draft.product
                item.from_attributes = True
                item.parent_draft = None
            tasks += items
        if len(tasks) == 1 and not tasks[0].metrics:
            tasks[0].metrics = list(draft.metrics)
    return out


def _time_note_target(node: Node, draft_of: dict[int, _Draft]) -> _Draft | None:
    previous = node.parent if node.kind is None else _previous_sibling_or_parent(node)
    if previous is None:
        return None
    # after a bullet list, the note times the list's owner
    if previous.kind in _BULLET_KINDS and previous.parent is not None \
            and id(previous.parent) in draft_of:
        return draft_of[id(previous.parent)]
    probe: Node | None = previous
    while probe is not None:
        if id(probe) in draft_of:
            return draft_of[id(probe)]
        probe = probe.parent
    return None


def _directs_in_findings(node: Node, facts: NodeFacts) -> bool:
    """A bullet among an inspection's findings that opens on a directive cue and names whom it directs
    ("- Đề nghị Hiệu trưởng trường THCS … bổ sung chứng từ … trước ngày 30/8/2019" under "b) Hạn chế."):
    the conclusion's directive, not a finding. The recognizer reads a finding only when it opens on a
    directive cue (recognize's `directive_opening`), so a lead among its facts says both."""
    return node.kind in _BULLET_KINDS and any(a.role == "lead" for a in facts.assignees)


def _within(node: Node, ancestor: Node) -> bool:
    probe = node.parent
    while probe is not None:
        if probe is ancestor:
            return True
        probe = probe.parent
    return False


def _previous_sibling_or_parent(node: Node) -> Node | None:
    parent = node.parent
    if parent is None:
        return None
    siblings = parent.children
    index = siblings.index(node)
    if index > 0:
        return siblings[index - 1]
    return parent


def _free_task(node: Node, text: str, facts: NodeFacts, last: _Draft | None) -> _Draft | None:
    if node.ends_with_colon:
        return None
    if _is_appraisal(text, node.span[0], facts) and not _assigns_by_cue(text, node.span[0], facts):
        # "Ban Thường vụ Tỉnh ủy cơ bản đồng tình với báo cáo …" as a paragraph (a scan that lost its "1."):
        # an appraisal, as it is as an item
        return None
    start = directive_start(text)
    if start is None:
        return None
    absolute = node.span[0] + start
    span = (absolute, node.span[1])
    inside = [a for a in facts.assignees if a.span is None or a.span[0] >= absolute]
    leads = [a for a in inside if a.role == "lead"]
    if not any(_near_clause_start(text, a, node.span[0]) for a in leads):
        leads = []
    trimmed = NodeFacts(span=span, mentions=[m for m in facts.mentions if m.span[0] >= absolute],
                        assignees=inside,
                        deadlines=[d for d in facts.deadlines if d.span[0] >= absolute],
                        metrics=[m for m in facts.metrics if m.span[0] >= absolute],
                        references=[r for r in facts.references if r.span[0] >= absolute])
    if not leads:
        if last is not None and trimmed.deadlines and _patterns().report_opener.match(text[start:]):
            leads = [copy_with(a, {"inherited": True, "span": None, "text": None}) for a in last.leads]
        else:
            return None
    return _Draft(node=node, span=span, facts=trimmed, leads=leads,
                  others=[a for a in inside if a.role != "lead"],
                  deadlines=list(trimmed.deadlines), metrics=list(trimmed.metrics),
                  references=list(trimmed.references))


def _near_clause_start(text: str, assignee: Assignee, offset: int, max_words: int = 8) -> bool:
    """A directive names its agency early in its clause ("UBND tỉnh yêu cầu các Sở ...");
    an agency deep in a descriptive sentence does not make the paragraph a task."""
    if assignee.span is None:
        return False
    position = assignee.span[0] - offset
    before = text[:position]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end():] if breaks else before
    # "..., đề nghị UBND các huyện gửi về ...": a cue that opens a comma clause counts as a start, and
    # so does one right before the agency ("Để …, Bộ X kính đề nghị Ủy ban nhân dân các tỉnh chỉ đạo …")
    return len(clause.split()) <= max_words or bool(_patterns().cue_after_comma.search(before)) \
        or bool(_patterns().cue_before.search(before)) or bool(_patterns().opener_phrase.match(clause))


def _finish(drafts: list[_Draft], doc: NormalizedDoc, notice_id: str) -> list[Task]:
    tasks: list[Task] = []
    ids: dict[int, str] = {}
    used: dict[str, int] = {}
    unnumbered = 0
    for draft in drafts:
        node = draft.node
        if node.kind is None:
            unnumbered += 1
            key = f"p{unnumbered}"
            path = ""
        else:
            path = "/".join(node.path_labels)
            key = path
        used[key] = used.get(key, 0) + 1
        task_id = f"{notice_id}:{key}" + (f"#{used[key]}" if used[key] > 1 else "")
        ids[id(draft)] = task_id
        start, end = draft.span
        text = doc.text[start:end]
        stripped = text.rstrip()
        span = (start, start + len(stripped))
        para = doc.paragraphs[node.para] if node.para >= 0 else None
        # a body the item itself names in support is no lead it inherits ("8. Giám đốc Sở, …" over "a) Phối
        # hợp Sở Nông nghiệp và Môi trường và Ủy ban nhân dân xã, phường …" under a lead-in naming both)
        own_supports = {a.canonical.lower() for a in draft.others if a.role == "support" and not a.inherited}
        leads = [a for a in draft.leads if not (a.inherited and a.canonical.lower() in own_supports)]
        assignees = leads + [a for a in draft.others
                             if a.canonical.lower() not in {lead.canonical.lower() for lead in leads}]
        product_span = (node.cells or {}).get("product")
        product = doc.text[product_span[0]:product_span[1]].strip() or None if product_span else draft.product
        tasks.append(built(Task, 
            id=task_id, label=node.label if node.kind is not None else None, path=path,
            source_kind=_source_kind(draft), product=product,
            heading=draft.heading,
            text=stripped, span=span, page=para.page if para else None,
            parent=ids.get(id(draft.parent_draft)) if draft.parent_draft else None,
            assignees=assignees, deadlines=_unique_deadlines(draft.deadlines),
            metrics=draft.metrics, references=draft.references,
        ))
    return tasks


_CLOSING_DEADLINE_ROOM = 24  # characters between the deadline and the colon: ", cụ thể:", " như sau:"


def _inherit_lead_in_deadlines(drafts: list[_Draft], doc: NormalizedDoc) -> None:
    """"…, hoàn thành trong tháng 11 năm 2025, cụ thể:" bounds the items it introduces: an item with no
    deadline of its own takes its parent's when the parent ends with a colon."""
    for draft in drafts:
        parent = draft.parent_draft
        if draft.deadlines or parent is None or not parent.deadlines:
            continue
        text = doc.text[parent.span[0]:parent.span[1]].rstrip()
        # only a deadline that closes the lead-in ("…, hoàn thành trong tháng 11 năm 2025, cụ thể:"); one
        # in its opening purpose ("Để … trong năm 2023, yêu cầu …:") is the parent's alone
        end = parent.span[0] + len(text)
        closing = [d for d in parent.deadlines if 0 <= end - d.span[1] <= _CLOSING_DEADLINE_ROOM]
        if text.endswith(":") and closing:
            draft.deadlines = list(closing)


def _inherit_heading_periods(drafts: list[_Draft], facts_of: dict[int, NodeFacts]) -> None:
    """Items under "1. Giai đoạn 2025 - 2030" with no deadline of their own: the heading's period."""
    for draft in drafts:
        if draft.deadlines:
            continue
        parent = draft.node.parent
        while parent is not None:
            facts = facts_of.get(id(parent))
            if facts is not None and facts.period:
                draft.deadlines = list(facts.period)
                break
            parent = parent.parent


def _inherit_section_times(drafts: list[_Draft], section_times: dict[int, list[Deadline]]) -> None:
    """Tasks with no time of their own under a heading one of whose items is its time."""
    if not section_times:
        return
    for draft in drafts:
        if draft.deadlines:
            continue
        parent = draft.node.parent
        while parent is not None:
            if id(parent) in section_times:
                draft.deadlines = list(section_times[id(parent)])
                break
            parent = parent.parent


def _inherit_part_horizons(drafts: list[_Draft], horizons: dict[int, list[Deadline]]) -> None:
    """The rows of a table with no time column, in an attachment whose title sets a horizon ("PHÂN CÔNG
    THỰC HIỆN CÁC CHỈ TIÊU … ĐẾN NĂM 2030"): the title is the only time they are given."""
    if not horizons:
        return
    for draft in drafts:
        cells = draft.node.cells
        if cells is not None and "time" not in cells and not draft.deadlines and draft.node.part in horizons:
            draft.deadlines = list(horizons[draft.node.part])


def _source_kind(draft: _Draft) -> SourceKind:
    node = draft.node
    if node.cells is not None:
        return "table"
    if draft.from_attributes:
        return "attribute_block"
    return "paragraph" if node.kind is None else "list"


def _unique_deadlines(deadlines: list[Deadline]) -> list[Deadline]:
    """Each deadline once: the same span, or the same date written twice ("hoàn thành trước ngày
    10/12/2025 … báo cáo trước ngày 10/12/2025") is one bound on the task."""
    seen: set[tuple[object, ...]] = set()
    out: list[Deadline] = []
    for d in deadlines:
        key = (d.kind, d.start, d.end, d.recurrence) if (d.start or d.end or d.recurrence) else (d.span, d.kind)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
