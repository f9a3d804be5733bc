"""Roles of agency mentions from the cue lists in rules/roles.yaml.

For each mention, in this order: a cue right after it ("UBND tỉnh yêu cầu" -> the issuer, no role;
"Sở Y tế chủ trì" -> lead); a cue right before it ("giao", "phối hợp với", "báo cáo", or a pseudo cue
such as "tham mưu" -> no role); a bare list separator after the previous mention (same role); the
subject of its clause (lead). Mentions inside citations get no role; inside parentheses only a
"qua"/"thông qua" cue counts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..grammar import Grammar, current_grammar, using
from ..models import Assignee, Role, built
from ..rules import Rules, alternation
from .agencies import AgencyMention

Span = tuple[int, int]


@dataclass(slots=True, frozen=True)
class _Cues:
    preceding: regex.Pattern[str]                 # every preceding cue of every role, longest first
    preceding_role: dict[str, Role | None]   # cue (lower case) -> role; None for pseudo cues
    following: list[tuple[regex.Pattern[str], Role | None]]
    # the same cues in one pattern (group "c<k>": following[k]'s), when none begins with white space
    following_any: regex.Pattern[str] | None
    # the following cues' first words, lower-cased: the words after a mention, white space stripped and
    # lower-cased, begin with one of them where `following_any` matches (read case-insensitively as the
    # cued scans read the lower-cased text)
    following_firsts: tuple[str, ...]
    separator_gap: regex.Pattern[str]
    clause_break: regex.Pattern[str]
    opener_gap: regex.Pattern[str]
    long_opener_gap: regex.Pattern[str]
    via: regex.Pattern[str]
    named_lead: regex.Pattern[str]             # a cue that makes a named body right after it a lead
    past: regex.Pattern[str]                   # words after a list of subjects that tell what was done


def _cues() -> _Cues:
    return current_grammar().stage("extractor.recognize.roles._cues", _build_cues)


def _build_cues(all_rules: Rules) -> _Cues:
    rules = all_rules.roles

    def before(words: list[str]) -> regex.Pattern[str]:
        # end-anchored and read backwards (REVERSE): only the words right before the mention are read.
        # Matched, not searched: a REVERSE match starts at the text's end, where a search finds its match
        # too (the only other place "$" holds, before a final line break, "\s*" reads across), then tries
        # every other place in vain
        return regex.compile(alternation(words, backwards=True) + r"\s*$", regex.IGNORECASE | regex.REVERSE)

    def after(words: list[str]) -> regex.Pattern[str]:
        return regex.compile(r"^\s*" + alternation(words), regex.IGNORECASE)

    # (role, preceding cues, following cues); the past markers are pseudo cues after a name
    role_lists: list[tuple[Role | None, list[str], list[str]]] = [
        (None, rules.pseudo.preceding, rules.pseudo.following + rules.past_markers),
        ("lead", rules.lead.preceding, rules.lead.following),
        ("support", rules.support.preceding, rules.support.following),
        ("report_to", rules.report_to.preceding, rules.report_to.following),
    ]
    preceding_role: dict[str, Role | None] = {}
    for role, preceding, _ in role_lists:  # pseudo first: a phrase listed twice is a pseudo cue
        for cue in preceding:
            preceding_role.setdefault(" ".join(cue.lower().split()), role)
    following = [(after(words), role) for role, _, words in role_lists if words]
    # "^\s*A" for each list tried in turn is "^\s*(?:A0|A1|…)" when no cue can begin with white space:
    # either way the cue is read where the spaces end, and the first list with a cue there wins
    following_words = [cue for _, _, words in role_lists for cue in words]
    following_any = regex.compile(
        r"^\s*(?:" + "|".join(f"(?P<c{k}>{alternation(words)})"
                              for k, words in enumerate(w for _, _, w in role_lists if w)) + ")",
        regex.IGNORECASE) if following_words and all(w and not w[0].isspace() for w in following_words) else None
    seps = "|".join(regex.escape(s) if not s.isalpha() else rf"\b{s}\b" for s in rules.list_separators)
    terms = "".join(regex.escape(t) for t in rules.termination if t not in "()")
    openers = alternation(rules.clause_openers)
    return _Cues(
        preceding=before(list(preceding_role)),
        preceding_role=preceding_role,
        following=following,
        following_any=following_any,
        following_firsts=tuple(sorted({w.split()[0].lower() for w in following_words if w.split()})),
        separator_gap=regex.compile(rf"^\s*(?:(?:{seps})\s*)+$"),
        clause_break=regex.compile(rf"[{terms}\n]|\s[-–]\s"),
        opener_gap=regex.compile(rf"^(?:{openers})(?:[^,;]*,)?\s*$", regex.IGNORECASE),
        # an opener's phrase may hold commas of its own ("Căn cứ vào phương hướng, nhiệm vụ, mục tiêu …, X")
        long_opener_gap=regex.compile(rf"^(?:{openers})[^;]*,\s*$", regex.IGNORECASE),
        via=regex.compile(rf"{alternation(rules.via_cues, boundary=False, backwards=True)}\s*$",
                          regex.IGNORECASE | regex.REVERSE),
        named_lead=before(rules.named_lead_cues),
        past=after(rules.past_markers),
    )


def _paren_depth(text: str, end: int) -> int:
    return text.count("(", 0, end) - text.count(")", 0, end)


def _inside(span: Span, blocked: list[Span]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in blocked)


def assign_roles(text: str, offset: int, mentions: list[AgencyMention],
                 blocked: Sequence[Span] = (), *, grammar: Grammar | None = None) -> list[Assignee]:
    """Assignees (mentions that have a role) of one task text starting at `offset` in the document."""
    if grammar is None:  # the grammar in force: no context to set
        return _assign_roles(text, offset, mentions, blocked)
    with using(grammar):
        return _assign_roles(text, offset, mentions, blocked)


def _assign_roles(text: str, offset: int, mentions: list[AgencyMention],
                  blocked: Sequence[Span] = ()) -> list[Assignee]:
    cues = _cues()
    assignees: list[Assignee] = []
    previous_end: int | None = None
    previous_role: Role | None = None
    previous_span: Span | None = None
    ordered = sorted(mentions, key=lambda m: m.span)
    breaks: list[_Break] = []  # the text's clause breaks, found on first need
    for index, mention in enumerate(ordered):
        start = mention.title_start - offset
        end = mention.span[1] - offset
        if start < 0 or end > len(text):
            continue
        if mention.span == previous_span or (previous_end is not None and start < previous_end):
            # one name of a list under two heads ("Tỉnh ủy, UBND các tỉnh: A"), or a body named
            # inside the previous one's words ("Bí thư, Chủ tịch UBND các tỉnh …": the Tỉnh ủy)
            role = previous_role
        else:
            role = _role_of(text, start, end, previous_end, previous_role, cues, (ordered, index, offset), breaks)
            if role is None and mention.kind != "collective" and cues.named_lead.match(text[max(0, start - 40):start]):
                role = "lead"
        previous_span = mention.span
        if _inside(mention.span, list(blocked)) or _paren_depth(text, start) > 0 and not cues.via.match(text[:start]):
            role = None
        previous_end, previous_role = end, role
        if role is None or mention.vague:
            continue
        assignees.append(built(Assignee, 
            name=mention.name, canonical=mention.canonical, role=role, inherited=False,
            span=mention.span, text=mention.text,
        ))
    return _dedupe(assignees)


def _list_end(text: str, offset: int, ordered: list[AgencyMention], index: int, cues: _Cues) -> int:
    """Where the list a mention opens ends: the end of the last name joined to it by separators only
    ("các Sở, ngành, UBND cấp xã và các đơn vị có liên quan")."""
    end = ordered[index].span[1] - offset
    for following in ordered[index + 1:]:
        start = following.title_start - offset
        if start < end or not cues.separator_gap.match(text[end:start]):
            break
        end = following.span[1] - offset
    return end


def _role_of(text: str, start: int, end: int, previous_end: int | None, previous_role: Role | None,
             cues: _Cues, place: tuple[list[AgencyMention], int, int] | None = None,
             breaks: list[_Break] | None = None) -> Role | None:
    """`place`: the mentions in order, this one's index and the text's offset, to find where the list this
    mention opens ends (only when a long opener's phrase precedes the mention). `breaks`: a list kept
    by the caller for `text` (empty until the first clause start is looked for)."""
    after_text = text[end:end + 60]
    after = _following_cue(after_text, cues)
    if after is not None:
        if after[0] is None and previous_role is not None and previous_end is not None \
                and cues.separator_gap.match(text[previous_end:start]) and not cues.past.match(after_text):
            # "Sở Tài chính, các Sở quản lý ngành, lĩnh vực cấp tỉnh và Ủy ban nhân dân xã, phường ban hành kế
            # hoạch kiểm tra": the last of a list shares its role; "ban hành" after a name alone is the issuer's
            return previous_role
        return after[0]
    gap_start = previous_end if previous_end is not None else 0
    gap = text[gap_start:start]
    window = text[max(0, start - 80):start]
    found = cues.preceding.match(window)  # read backwards from the window's end; the longest cue ending it wins
    if found:
        return cues.preceding_role[" ".join(found.group(0).lower().split())]
    if previous_end is not None and cues.separator_gap.match(gap):
        return previous_role
    clause_start = _clause_start(text, start, cues) if breaks is None else _clause_start_among(text, start, cues, breaks)
    lead_in = text[clause_start:start].strip()
    if not lead_in or cues.opener_gap.match(lead_in):
        return _subject_role(text, end, cues, place)
    if (previous_end is None or previous_end <= clause_start) and cues.long_opener_gap.match(lead_in) \
            and not text[_list_end(text, place[2], place[0], place[1], cues) if place else end:].lstrip().startswith(","):
        # the clause's first name, which acts next, is the subject the opener's phrase leads to; a name
        # inside the phrase ("Để nâng cao Chỉ số của sở, ban ngành, UBND quận, huyện, góp phần …") is
        # followed by more of the phrase
        return _subject_role(text, end, cues, place)
    return None


def _following_cue(after_text: str, cues: _Cues) -> tuple[Role | None] | None:
    """The role a cue right after a mention gives it (None inside: a cue that gives none, "đã", "ban
    hành"), or None when no cue follows."""
    if cues.following_any is not None:
        cue = cues.following_any.match(after_text) \
            if after_text.lstrip().lower().startswith(cues.following_firsts) else None
        if cue is not None and cue.lastgroup is not None:
            return (cues.following[int(cue.lastgroup[1:])][1],)
        return None
    for pattern, role in cues.following:
        if pattern.search(after_text):
            return (role,)
    return None


def _subject_role(text: str, end: int, cues: _Cues, place: tuple[list[AgencyMention], int, int] | None) -> Role | None:
    """A clause's subject leads, unless its whole list is followed by what was done ("Chính phủ, Thủ tướng
    Chính phủ đã ban hành …", "Bộ Chính trị, Ban Bí thư đã tập trung lãnh đạo"); the cue after the first
    name alone is read before."""
    if place is None:
        return "lead"
    list_end = _list_end(text, place[2], place[0], place[1], cues)
    return None if list_end > end and cues.past.match(text[list_end:list_end + 20]) else "lead"


def _clause_start(text: str, position: int, cues: _Cues) -> int:
    last = 0
    for match in cues.clause_break.finditer(text, 0, position):
        last = match.end()
    return last


_Break = tuple[int, int]  # a clause break's start and end


def _clause_start_among(text: str, position: int, cues: _Cues, breaks: list[_Break]) -> int:
    """`_clause_start` read from the breaks of the whole text, found once (`breaks`, filled on first use;
    a text with several mentions looked each one's clause start up from its beginning): the scan up to
    `position` finds those that end by it, unless one runs over it (then it is scanned as before)."""
    if not breaks:
        breaks.extend(m.span() for m in cues.clause_break.finditer(text))
        if not breaks:
            breaks.append((len(text) + 1, len(text) + 1))  # none: a mark that ends past every position
    k = bisect_right(breaks, (position, position))  # the breaks that start before `position`
    if k and breaks[k - 1][1] > position:
        return _clause_start(text, position, cues)
    return breaks[k - 1][1] if k else 0


def _dedupe(assignees: list[Assignee]) -> list[Assignee]:
    seen: set[tuple[str, str]] = set()
    out: list[Assignee] = []
    for assignee in assignees:
        key = (assignee.canonical.lower(), assignee.role)
        if key in seen:
            continue
        seen.add(key)
        out.append(assignee)
    return out
