"""Link stage: tie the assembled notice to the world — agencies to the registry, the notice and its tasks
to identities that are the same in every format.

- Each assignee gets `registry_id`, `canonical` (the official name, the issuer's province filled in),
  `level`, `current` (the successor of a merged body) and `kind`. Unknown names keep the recognizer's
  canonical form; their kind comes from their first words (rules/agencies.yaml `kinds`).
- The issuer is given its registry name ("Văn phòng Chính Phủ" from capitals -> "Văn phòng Chính phủ";
  a Hà Nội committee -> "Ủy ban nhân dân thành phố Hà Nội").
- `doc_id` = issuer + number + issue date (a hash of words when the number is blank);
  `Task.uid` = doc_id + path + ordinal among siblings with the same path (`document_id`, `task_uid`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

import regex

from .layout import Layout
from .models import Assignee, Task, copy_with
from .registry import Match, Province, Registry
from .rules import Rules, alternation, restrictive_tail_source
from .textutil import fold

_KIND_OF_ENTRY = {"agency": "agency", "party": "agency", "enterprise": "enterprise",
                  "association": "association", "person_office": "person"}
_WORD = regex.compile(r"\S+")
# what `fit_extent` reads of an assignee: inherited, its heading's span, span, text, name, canonical
_FitKey = tuple[bool, tuple[int, int] | None, tuple[int, int] | None, str | None, str, str]
_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")  # (compiled once: `regex.search` looks its cache up each call)


@dataclass(frozen=True, slots=True)
class Linker:
    """What the link stage needs, built once from the rules and the registry and passed in."""
    registry: Registry
    kind_openers: tuple[tuple[str, regex.Pattern[str]], ...]
    plural: regex.Pattern[str]
    province_units: tuple[str, ...]
    next_words: regex.Pattern[str]       # up to twelve words of a name's possible rest, before punctuation
    locality_start: regex.Pattern[str]
    restrictive_tail: regex.Pattern[str]  # "… trực thuộc Trung ương": part of a plural name, never cut off
    restrictive_firsts: tuple[str, ...]   # the first words of its phrases: a text with none has no tail
    name_stops: frozenset[str]       # one-word stopwords of rules/agencies.yaml: no name ends on one

    @classmethod
    def build(cls, rules: Rules, registry: Registry) -> Linker:
        kinds = rules.agencies.kinds
        openers = tuple((kind, regex.compile(rf"^{alternation(getattr(kinds, kind))}"))
                        for kind in ("person", "enterprise", "association", "collective"))
        plural = regex.compile(alternation(kinds.collective))
        units = tuple(rules.agencies.province_lists.units)
        next_words = regex.compile(r"(?:[ \t]+[^\s,;:.()\[\]|]+){1,12}")  # never over a table cell
        # a locality or a level ("cấp") after a name: the name goes on
        locality = regex.compile(
            rf"^(?:{alternation(rules.agencies.localities)}|{'|'.join(map(regex.escape, registry.level_words))})"
            r"(?![\p{L}])", regex.I)
        tails = rules.agencies.restrictive_tails
        firsts = tuple(sorted({w.split()[0] for w in (tails.fixed + tails.range_words[:1] + tails.region_words
                                                       + tails.relative.openers) if w.split()}))
        return cls(registry=registry, kind_openers=openers, plural=plural, province_units=units,
                   next_words=next_words, locality_start=locality,
                   restrictive_tail=regex.compile(restrictive_tail_source(tails)), restrictive_firsts=firsts,
                   name_stops=frozenset(w.lower() for w in rules.agencies.name_stopwords if " " not in w))

    def issuer_match(self, issuer: str | None, issuer_lines: list[str] | None = None) -> Match | None:
        """The registry entry of the issuer; a unit printed under its parent body is the unit."""
        if not issuer:
            return None
        match = self.registry.resolve(issuer)
        lines = issuer_lines or []
        if match is None and len(lines) > 1:
            # "BỘ TÀI CHÍNH / CỤC THUẾ", "UBND HUYỆN CHÂU ĐỨC / ỦY BAN NHÂN DÂN XÃ SUỐI NGHỆ": the
            # lower line is the issuer; "UBND TỈNH BÌNH ĐỊNH / VĂN PHÒNG": a unit named with its parent
            lower = " ".join(lines[1:])
            match = self.registry.resolve(f"{lower} {lines[0]}") or self.registry.resolve(lower)
        return match

    def assignee_kind(self, name: str, match: Match | None) -> str:
        if match is not None:
            if _KIND_OF_ENTRY[match.kind] == "agency" and self.plural.search(name):
                return "collective"  # "Ủy ban nhân dân các xã, phường": every unit, no single one
            return _KIND_OF_ENTRY[match.kind]
        for kind, opener in self.kind_openers:
            if opener.match(name):
                return kind
        if self.plural.search(name):
            return "collective"  # "Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng"
        return "agency"

    def fit_extent(self, assignee: Assignee, text: str, memo: dict[_FitKey, dict[str, Any] | None] | None = None) -> Assignee:
        """A known name is never cut short nor run on: "Văn phòng Ban" + "chỉ đạo phòng thủ dân sự quốc
        gia" in the text is the registry's "Văn phòng Ban Chỉ đạo phòng thủ dân sự quốc gia"; "Bộ Tài
        chính xuất cấp" is "Bộ Tài chính" followed by a verb. `memo`: the fields changed, per the fields
        they depend on, for one `text` (a heading's lead is inherited by each of its items)."""
        if memo is None:
            update = self._fit_update(assignee, text)
        else:
            # (the heading's span is read only where the name is inherited, as `_fit_update` reads it:
            # a private attribute goes through pydantic's __getattr__)
            key = (assignee.inherited, assignee._source_span if assignee.inherited else None, assignee.span,
                   assignee.text, assignee.name, assignee.canonical)
            try:
                update = memo[key]
            except KeyError:
                update = memo[key] = self._fit_update(assignee, text)
        return assignee if update is None else copy_with(assignee, update)

    def _fit_update(self, assignee: Assignee, text: str) -> dict[str, Any] | None:
        """The fields `fit_extent` changes (None: none); read from the key's fields and `text` only."""
        if assignee.inherited and assignee._source_span is not None:
            # an inherited name: fit it where the heading wrote it, keep it without a span
            source = copy_with(assignee, {"inherited": False, "span": assignee._source_span,
                                                 "text": text[slice(*assignee._source_span)]})
            fitted = self.fit_extent(source, text)
            return {"name": fitted.name, "canonical": fitted.canonical}
        span, written = assignee.span, assignee.text
        if span is None or written is None or assignee.name != " ".join(written.split()):
            return None  # a list member or a titled name: its words are not one run of the text
        resolve, registry = self.registry.resolve, self.registry
        following = self.next_words.match(text, span[1])
        if following is not None and registry.key(assignee.name) in registry.prefixes:
            # grow word by word while the words still begin a known name; keep the longest known one
            best: int | None = None
            for word in _WORD.finditer(following.group(0)):
                end = span[1] + word.end()
                longer = " ".join(text[span[0]:end].split())
                if registry.key(longer) not in registry.prefixes:
                    break
                # a dash or other mark alone never ends a name ("Sở Tài chính - Cơ quan thường trực …")
                if resolve(longer) is not None and longer.split()[-1].lower() not in self.name_stops \
                        and _LETTER_OR_DIGIT.search(word.group(0)):
                    best = end  # never "Sở Tài chính các" (the registry reads past a plural word)
            if best is not None:
                while text[best - 1] in ",":  # "… Trung ương," : the comma is the list's, not the name's
                    best -= 1
                longer = " ".join(text[span[0]:best].split())
                return {"name": longer, "canonical": longer, "text": text[span[0]:best], "span": (span[0], best)}
        if resolve(assignee.name) is not None or (any(map(written.__contains__, self.restrictive_firsts))
                                                  and self.restrictive_tail.search(written)):
            return None  # known, or a plural name with its restrictive tail ("… trực thuộc Trung ương")
        words = list(_WORD.finditer(written))
        for k in range(len(words) - 1, 1, -1):
            rest = written[words[k].start():]
            if self.locality_start.match(rest) or self.plural.match(rest) or "," in rest:
                continue  # "Trung tâm Y tế huyện X", "UBND các xã, thị trấn": the rest belongs to the name
            if not _LETTER_OR_DIGIT.search(words[k - 1].group(0)) or rest[:1] in "-–":
                continue  # "Phòng Kinh tế - Hạ tầng": a dash joins the two parts of one name, never ends it
            if written[:words[k - 1].end()].rstrip().endswith(","):
                continue  # "các văn phòng tỉnh ủy, thành ủy": a collective's list goes on after its comma
            if rest[:1].isupper():
                continue  # "UBND thành phố Quy Nhơn", "… xã hội Chi nhánh tỉnh": capitals go on with the name
            end = words[k - 1].end()
            shorter = " ".join(written[:end].split())
            if resolve(shorter) is not None:
                return {"name": shorter, "canonical": shorter, "text": written[:end], "span": (span[0], span[0] + end)}
        return None

    def link_assignee(self, assignee: Assignee, province: Province | None,
                      memo: dict[tuple[str, str | None], dict[str, Any]] | None = None) -> Assignee:
        """`memo`: the fields set, per name and text, for one `province` (a notice names its bodies again
        and again)."""
        if memo is None:
            return copy_with(assignee, self._link_update(assignee, province))
        key = (assignee.name, assignee.text)
        update = memo.get(key)
        if update is None:
            update = memo[key] = self._link_update(assignee, province)
        return copy_with(assignee, update)

    def _link_update(self, assignee: Assignee, province: Province | None) -> dict[str, Any]:
        """The fields `link_assignee` sets; read from the assignee's name and text and `province` only."""
        match = self.registry.resolve(assignee.name, province)
        kind = self.assignee_kind(assignee.name, match)
        if match is None:
            return {"kind": kind}
        update: dict[str, Any] = {"kind": kind, "canonical": match.canonical, "registry_id": match.registry_id,
                  "level": match.level, "current": match.current}
        where = match.province
        if where is not None and assignee.text is not None and assignee.name != assignee.text:
            # a list member named with its head repeated: the province's own unit word ("các tỉnh,
            # thành phố: Huế" -> "Ủy ban nhân dân thành phố Huế", not "… tỉnh Huế")
            for unit in self.province_units:
                update["name"] = regex.sub(rf"\b{unit}\s+{regex.escape(where.name)}$", where.phrase,
                                           update.get("name", assignee.name))
        return update


def link(linker: Linker, tasks: list[Task], layout: Layout, text: str) -> tuple[list[Task], str | None, str]:
    """(tasks with linked assignees and uids, the issuer's registry name, doc_id)."""
    issuer, issuer_lines = layout.issuer, layout.issuer_lines
    issuer_match = linker.issuer_match(issuer, issuer_lines)
    province = issuer_match.province if issuer_match is not None else None
    if province is None and issuer:
        province = linker.registry.find_province(issuer)
        if issuer_match is not None and province is not None and issuer_match.entry.id in linker.registry.templates:
            # "ĐẢNG BỘ TỈNH HÀ TĨNH / TỈNH ỦY": the unit takes the province its parent line names
            issuer_match = linker.registry.resolve(issuer_match.entry.name, province)
    issuer_name = issuer_match.canonical if issuer_match is not None else issuer
    who: str | None
    if issuer_match is not None:
        who = issuer_match.registry_id
    else:
        # A body the registry does not know: its first header line and the place. A copy that runs
        # the header's two columns together loses the lines under the first one ("ĐẢNG BỘ TỈNH NGHỆ
        # AN / HUYỆN ỦY NAM ĐÀN" read as "ĐẢNG BỘ TỈNH NGHỆ AN"), never the first; the place ("Nam
        # Đàn, ngày …") tells apart two units under one parent.
        top = issuer_lines[0] if issuer_lines else issuer
        who = "@".join(fold(part).replace(" ", "-") for part in (top, layout.place) if part) if top else None
    doc_id = document_id(who, layout.number, layout.issue_date, layout.title, text)
    seen: Counter[str] = Counter()
    linked: list[Task] = []
    fits: dict[_FitKey, dict[str, Any] | None] = {}
    links: dict[tuple[str, str | None], dict[str, Any]] = {}
    for task in tasks:
        seen[task.path] += 1
        assignees = [linker.link_assignee(linker.fit_extent(a, text, fits), province, links) for a in task.assignees]
        for assignee in assignees:
            assignee._source_span = None  # used up: a Notice equals the one read back from its JSON
        linked.append(copy_with(task, {
            "assignees": assignees, "uid": task_uid(doc_id, task.path, seen[task.path])}))
    return linked, issuer_name, doc_id


def document_id(who: str | None, number: str | None, issue_date: str | None, title: str | None,
                text: str) -> str:
    """The document's identity, the same for its .txt, .docx, .pdf and scan: who issued it, its
    number and its date. Without a number, a hash of words stands in for it: of the title when the
    issuer and the date are known (a corrected draft keeps its identity), else of the whole text's
    words as a sorted multiset (formats read the header's two columns in different orders)."""
    who = who or "unknown"
    date = issue_date or "undated"
    if number:
        return f"{who}/{number}/{date}"
    if title and who != "unknown" and issue_date:
        return f"{who}/title-{_words_hash(fold(title).split())}/{date}"
    return f"{who}/text-{_words_hash(sorted(fold(text).split()))}/{date}"


def task_uid(doc_id: str, path: str, ordinal: int) -> str:
    """doc_id:path:ordinal. An unnumbered task's path is empty ("doc::1"), so it never meets a
    top-level bullet ("doc:-:1")."""
    return f"{doc_id}:{path}:{ordinal}"


def _words_hash(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16]
