"""Agency mentions: the grammar of Vietnamese agency names, compiled from rules/agencies.yaml.

underthesea's NER does not tag these ("Giao Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND tỉnh"
gives no ORG), so the names are recognised by one pattern generated from the gazetteer and grammar
in rules/: people's committees with their level or locality, fixed names, head + domain (+ locality),
elliptic lists ("UBND cấp huyện, cấp xã", "các Bộ: Tài chính, Tư pháp") and collectives ("các sở,
ngành tỉnh"). Roles are assigned afterwards by recognize/roles.py.
"""

from __future__ import annotations

import pickle
import re
from contextvars import ContextVar, Token
from dataclasses import dataclass, replace
from typing import Any

import regex

from ..grammar import Grammar, current_grammar, using, word_tree
from ..rules import Rules, alternation, restrictive_tail_source
from ..textutil import expand_abbreviations, is_single_spaced, regex_tokens

Span = tuple[int, int]


@dataclass(slots=True, frozen=True)
class AgencyMention:
    name: str             # as written, without a leading title; elliptic parts get their head back
    canonical: str        # abbreviations expanded
    span: Span            # offsets of `text` in the document
    text: str             # the written words of this mention (== document[span])
    title_start: int      # where a leading person title starts (== span[0] when there is none)
    kind: str             # local_government | named | head | elliptic | collective
    vague: bool = False   # "các cơ quan liên quan": boilerplate, no role


def _both_cases(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        out.append(word)
        out.append(word[:1].upper() + word[1:])
        out.append(word[:1].lower() + word[1:])
    return out


class _Grammar:
    def __init__(self, rules: Rules):
        ag = rules.agencies
        L = r"[\p{L}\p{M}]"
        # "R’lấp", "M'gar": an apostrophe inside a syllable of a place's name
        cap_word = r"(?:\p{Lu}[\p{L}\p{M}]*(?:[’'][\p{L}\p{M}]+)?)"
        abbrev = r"(?:\p{Lu}[\p{Lu}\d&\-.]*\p{Lu}|\p{Lu}{2,})"
        stop = alternation(ag.name_stopwords)  # lower case: a capitalised word inside a name goes on
        localities = alternation(ag.localities)
        joiner = alternation(ag.list_joiners, boundary=False)  # "và": the last item of a list
        nw = ag.name_words
        plural = alternation(nw.plural, boundary=False)  # "các"
        plural_any = alternation(_both_cases(nw.plural), boundary=False)  # "các", "Các"
        # "tỉnh Long An", "huyện Châu Thành", "TP Cần Thơ", "các huyện, thị xã, thành phố", "quận, huyện"
        breaker = rf"(?!{alternation(ag.place_name_breakers)}(?![\p{{L}}]))"
        proper = (rf"{breaker}{cap_word}(?:\s+{breaker}{cap_word}){{0,3}}"
                  rf"(?:\s*-\s*{cap_word}(?:\s+{breaker}{cap_word}){{0,2}})?")
        loc_list = rf"(?:{plural}\s+)?{localities}(?:\s*(?:,|/|{joiner})\s*{localities})*"
        self.locality_phrase = rf"(?:{loc_list}(?:\s+{proper})?|{alternation(nw.every_level, boundary=False)})"
        levels = alternation(ag.levels)
        self.level_list = rf"{levels}(?:\s*(?:,|{joiner})\s*{levels})*"
        lg = alternation(ag.local_government)
        # "HĐND và UBND huyện" is one body (their joint office): both words before one locality
        self.lg = rf"{lg}(?:\s+{joiner}\s+{lg})?\s+(?:{self.level_list}|{self.locality_phrase})"
        # "Tỉnh đoàn Lào Cai", "Tỉnh ủy Lâm Đồng": a body named for its level takes its place's name
        placed = [n for n in ag.named if n in ag.named_with_place]
        named = rf"(?:{alternation(placed)}(?:\s+{proper})?|{alternation(ag.named)})" if placed \
            else alternation(ag.named)
        # "Tài nguyên & Môi trường": a joiner's symbol stands for it in a domain's name
        domains = ag.domains + [d.replace(f" {j} ", f" {sym} ") for d in ag.domains for j in ag.list_joiners
                                for sym in ag.joiner_symbols if f" {j} " in d]
        domains += [d.replace(" - ", " – ") for d in domains if " - " in d]  # the en dash, as often typed
        domain = alternation(domains)
        heads = alternation(ag.heads)
        # the next agency of a list is no part of this name ("Bộ Chỉ huy Quân sự tỉnh và UBND ...")
        another = rf"(?:{heads}|{lg}|{named})(?![\p{{L}}])"
        # Words of a name are taken greedily here and the name is cut afterwards at the first stopword
        # (see `name_end`): one search on the matched words instead of a lookahead on every syllable.
        # a unit's number after "Khu vực", "số", "Đội" ("Chi nhánh Khu vực 14", "Tổ công tác số 3")
        numbered = rf"(?<={alternation(nw.numbered_after, boundary=False)}\s)\d{{1,3}}(?![\d/.,]\d)"
        # ("và" and "-", "&" in one branch: no place begins with both, the branches are tried as before
        # with `another`, a big piece, written once; see `heads_named`)
        word = rf"(?:(?:{joiner}|[-–&])\s+(?!{another}){cap_word}|{L}[\p{{L}}\p{{M}}\d&\-’']*|{numbered})"
        # searched in the tail only; "và" before a capitalised word joins two parts of one name
        # a capitalised "Các" opens the next body ("Sở Tài chính Các sở, ngành" of a merged table cell)
        opens_next = alternation([w[:1].upper() + w[1:] for w in ag.collective.introducers])
        # the party committee a body belongs to ends its name ("Ủy ban Kiểm tra Huyện ủy | đưa nội dung …")
        owners = alternation(ag.owner_suffixes)
        self.name_end = regex.compile(
            rf"\s(?:(?!{joiner}\s+(?!{another})\p{{Lu}}){stop}|{lg}|{opens_next}"
            rf"|[-–]\s+{alternation(ag.apposition_openers)})(?![\p{{L}}])|(?<=\s{owners})\s")
        generic_more = rf"(?P<tail>(?:\s+{word}){{0,10}})"
        generic = rf"(?:{cap_word}|{abbrev}){generic_more}"
        # "Cục Y tế dự phòng", "Vụ Tổ chức cán bộ", "Ban Tuyên giáo Huyện ủy"; never a plural's "các", which
        # opens the places after the name ("Trung tâm Y tế các huyện, thị xã, thành phố")
        # nor a place's word: "Sở Nội vụ tỉnh Thừa Thiên Huế" takes the place whole (locality_suffix)
        domain_more = (rf"(?P<tail>(?:\s+(?!{another}|{alternation(ag.collective.introducers)}\s|{localities}\s+\p{{Lu}})"
                       rf"{word}){{0,3}}"
                       rf"(?:\s+{owners})?)")
        locality_suffix = rf"(?:\s+{self.locality_phrase})?"
        heads_bare = alternation(ag.heads_without_name)
        low_heads = alternation(ag.lowercase_heads)
        low_suffix = alternation(ag.lowercase_head_suffixes)
        domain_ci = alternation(_both_cases(domains))
        # the three readings of a head, in order of preference: a head and its name, a head without
        # a name before a place, a lower-case head before a domain
        # A head inside the name ("Văn phòng thường trực Ban Chỉ huy ...") or not, factored:
        # "(?:H\s+)?(?:A|B)L" tries what "H\s+(?:A|B)L|AL|BL" tries, in that order, with each big piece
        # written once (`regex` rebuilds a pattern from the disk cache in a time that grows faster than
        # its size: at 50,713 characters this one took 13-50 ms of a one-file start-up)
        heads_named = (rf"{heads}\s+(?:{self.lg}|{named}"
                       rf"|(?:{heads}\s+)?(?:{domain}{domain_more}|{generic}){locality_suffix})")
        one_place_heads = rf"|{alternation(ag.heads_before_one_place)}\s+{localities}" if ag.heads_before_one_place else ""
        heads_placed = rf"{heads_bare}\s+{self.locality_phrase}"
        if one_place_heads:
            heads_placed += rf"{one_place_heads}(?:\s+{proper})?"
        heads_lower = rf"{low_heads}\s+{domain_ci}(?:\s+{self.locality_phrase})?(?:\s+{low_suffix})?"
        # a head, lower-case words that are no stopword, and a place's level or an anchor at their end
        # ("Trung tâm dịch vụ kỹ thuật nông nghiệp huyện", "Trạm y tế xã Nghĩa Thắng")
        dn = ag.described_names
        described_heads = alternation(dn.heads)
        # a compound noun whose first word is also a verb ("truyền hình") is a word of the name
        compounds = rf"(?:{alternation(dn.compounds)})(?![\p{{L}}])|" if dn.compounds else ""
        described_word = rf"(?:{compounds}(?!{stop}(?![\p{{L}}]))\p{{Ll}}[\p{{L}}\p{{M}}]*)"
        described_end = (rf"(?:(?:{localities})(?:\s+{proper})?|{levels}|{alternation(dn.anchors)})"
                         rf"(?![\p{{L}}])")
        heads_described = rf"{described_heads}\s+(?:{described_word}\s+){{1,7}}?{described_end}"
        # "các Bộ: Tài chính, Tư pháp"; without the colon only a list ("Các Bộ Quốc phòng, Công an")
        self.elliptic = (
            rf"{plural_any}\s+(?P<ehead>{alternation(ag.colon_list_heads)})"
            rf"(?:\s*,\s*(?:{alternation(ag.colon_list_companions)}))?"
            rf"(?:\s*:\s*(?P<edomains>{domain}(?:\s*(?:,|{joiner})\s*{domain})*)"
            rf"|\s+(?P<edomains2>{domain}(?:\s*(?:,|{joiner})\s*{domain})+))"
        )
        # "các Tập đoàn: EVN, VNPT, Viettel": one-word brands, two or more, after a plural group's head
        self.brand = regex.compile(r"\p{Lu}[\p{L}\d]*(?![\p{L}\d])")
        if ag.brand_list_heads:
            self.elliptic += (rf"|{plural_any}\s+(?P<bhead>{alternation(ag.brand_list_heads)})\s*:?\s+"
                              rf"(?P<ebrands>{self.brand.pattern}(?:\s*(?:,|{joiner})\s*{self.brand.pattern})+)"
                              rf"(?!\s+\p{{Lu}})")
        person_name = r"\p{Lu}[\p{L}\p{M}]*(?:\s+\p{Lu}[\p{L}\p{M}]*){1,3}"
        self.person = (rf"(?P<poffice>{alternation(ag.person_offices)})\s*:?\s+"
                       rf"(?P<pnames>{person_name}(?:\s*(?:,|{joiner})\s*{person_name})*)")
        self.person_name_re = regex.compile(person_name)
        pl = ag.province_lists
        titles_any = alternation(_both_cases(ag.titles))
        pl_head = rf"(?:{alternation(pl.heads)}|{alternation(pl.domain_heads)}\s+{domain})"
        pl_one = rf"(?:(?:{titles_any})(?:\s*,\s*|\s+))*{pl_head}"
        pl_unit = alternation(pl.units)
        # a place's name, never a capitalised verb ("Ủy ban nhân dân các xã, phường: Tổng hợp …" lists no place)
        # (verbs of two words or more: "Cần Thơ" is a place though "cần" is a stopword)
        not_verb = rf"(?!{alternation([w[:1].upper() + w[1:] for w in ag.name_stopwords if ' ' in w])}(?![\p{{L}}]))"
        unit_abbreviation = rf"{alternation(list(pl.unit_abbreviations), boundary=False)}\.?"  # "TP", "TP."
        pl_name = (rf"(?:(?:{alternation(_both_cases(pl.units))}|{unit_abbreviation})\s+)?{not_verb}\p{{Lu}}[\p{{L}}\p{{M}}]*"
                   rf"(?:\s+\p{{Lu}}[\p{{L}}\p{{M}}]*){{0,2}}")
        self.province_list = (
            rf"(?P<plheads>{pl_one}(?:\s*(?:,|{joiner})\s*{pl_one})*)\s+(?:{plural_any}|\d{{1,3}})\s+"
            rf"(?P<plunits>{pl_unit}(?:\s*,\s*{pl_unit})*)(?:\s+{alternation(pl.unit_tails)})?\s*:\s*"
            rf"(?P<plnames>{pl_name}(?:\s*(?:,|{joiner})\s*{pl_name})*)"
        )
        self.pl_head_re = regex.compile(pl_head)
        # a cheap test on the line before the costly pattern is tried at every head
        self.province_list_gate = regex.compile(
            rf"(?:{plural_any}|\d{{1,3}})\s+{pl_unit}(?:\s*,\s*{pl_unit})*(?:\s+{alternation(pl.unit_tails)})?\s*:")
        self.pl_name_re = regex.compile(pl_name)
        self.singled_out = regex.compile(
            rf"\s*,?\s*(?:{alternation(pl.singling_words)})\s+{plural_any}\s+(?P<unit>{pl_unit})"
            rf"(?:\s*,\s*{pl_unit})*\s*:\s*(?P<names>{pl_name}(?:\s*(?:,|{joiner})\s*{pl_name})*)")
        self.pl_unit_re = regex.compile(rf"^(?:{alternation(_both_cases(pl.units))}|{unit_abbreviation})\s+")
        self.pl_unit_full = {k.lower(): v for k, v in pl.unit_abbreviations.items()}
        self.plural_words = frozenset(w.lower() for w in nw.plural)
        self.pl_bare = frozenset(pl.bare)
        col = ag.collective
        intro = alternation(_both_cases(col.introducers))
        # units are written either way ("các Bộ, ngành", "các bộ, ngành, địa phương", "cơ quan ngang bộ")
        other = set(col.other_units)
        safe = alternation(_both_cases([u for u in col.safe_units if u not in other]))
        # never a word that opens with a unit and is another noun ("các trường hợp", "các trường dữ liệu")
        not_lookalike = rf"(?!{alternation(_both_cases(col.unit_lookalikes))})" if col.unit_lookalikes else ""
        unit = not_lookalike + alternation(_both_cases([u for u in col.safe_units + col.units if u not in other]))
        other_unit = alternation(_both_cases(col.other_units))
        # an administrative unit that begins a unit of the other kind ("tổ chức" / "tổ chức chính trị -
        # xã hội"): only those need the look ahead, so the pattern stays cheap
        clashes = [o for o in col.other_units if any(o.lower().startswith(u.lower() + " ")
                                                     for u in col.safe_units + col.units if u not in other)]
        not_other = rf"(?!{alternation(_both_cases(clashes))})" if clashes else ""
        # "các sở, ban, ngành Thành phố" as well as "… thành phố"
        qual = rf"(?:{alternation(nw.subordinate, boundary=False)}\s+{self.lg}|{alternation(_both_cases(col.qualifiers))})"
        compound = alternation(col.space_joined_units)
        group_tail = rf"(?:\s+{compound})*(?:\s+{qual})*"
        # a head with its name is the next body, no unit of this one ("các cơ quan Trung ương, Bộ Tài chính")
        named_next = rf"(?!(?:{heads})\s+\p{{Lu}})"
        more = rf"(?:\s*(?:,|;|/|{joiner})\s*(?:{intro}\s+)?{named_next}{not_other}{unit}{group_tail})*"
        other_more = rf"(?:\s*(?:,|;|/|{joiner})\s*(?:{intro}\s+)?{other_unit}{group_tail})*"
        # administrative units run on with each other; "chủ đầu tư", "doanh nghiệp" … with each other
        # (alone only as a sentence's subject, capitalised: "Chủ đầu tư phối hợp …"; "chủ đầu tư và
        # người mua nhà còn gặp khó khăn" describes)
        other_capital = alternation([u[:1].upper() + u[1:] for u in col.other_units])
        # the collective's readings, in order of preference: "các" + unit, a unit that stands alone,
        # "các" + a unit of the other kind, one capitalised, one after a comma (each one is tried only
        # where its own first words begin)
        # right after a role's cue a list of units needs no "các" ("phối hợp với sở, ban, ngành, đoàn thể",
        # "phối hợp với doanh nghiệp, viện nghiên cứu"): one unit alone there stays a common noun
        role_cues = _both_cases(rules.roles.lead.preceding + rules.roles.support.preceding)
        after_cue = rf"(?<=(?<![\p{{L}}]){alternation(role_cues, boundary=False)}\s)"
        cue_units = [u for u in col.units if u not in other and u not in col.not_after_cues]
        cue_unit = not_lookalike + alternation(_both_cases(cue_units))
        list_opening = alternation(col.list_opening_units) if col.list_opening_units else "(?!)"
        collectives = [
            (rf"{intro}\s+{not_other}{unit}{group_tail}{more}", col.introducers),
            # a unit of the other kind, capitalised, before a unit its first words are ("Cơ quan thanh tra
            # khẩn trương …" is no "Cơ quan")
            (rf"{other_capital}{group_tail}", col.other_units),
            (rf"{safe}{group_tail}{more}", [u for u in col.safe_units if u not in other]),
            # each unit of another kind is an assignee of its own ("các Tập đoàn, Tổng Công ty nhà nước,
            # doanh nghiệp xuất khẩu"; "Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư"): one kind of
            # body each, as the administrative list ("các sở, ban, ngành") is one collective
            (rf"{intro}\s+{other_unit}{group_tail}", col.introducers),
            (rf"(?<=,\s){other_unit}{group_tail}", col.other_units),
            (rf"{after_cue}{not_other}{cue_unit}{group_tail}{more[:-1]}+", cue_units),
            (rf"{after_cue}{other_unit}{group_tail}{other_more[:-1]}+", col.other_units),
            # "Sở, ban, ngành …": a capitalised unit that opens a list, with one more unit at least
            (rf"{list_opening}{group_tail}{more[:-1]}+", col.list_opening_units),
        ]
        # Candidate starts are found by a plain `re` scan for the words a name can open with (much
        # faster than trying the full grammar at every character or at every capitalised word).
        alternatives = {
            # first: a province list is the longer reading of "Ủy ban nhân dân các tỉnh: …"
            "province_list": (rf"(?P<province_list>{self.province_list})",
                              set(_both_cases([w.split()[0] for w in pl.heads + pl.domain_heads + ag.titles]))),
            "lg": (rf"(?P<lg>{self.lg})", {w.split()[0] for w in ag.local_government}),
            "named": (rf"(?P<named>{named})", {w.split()[0] for w in ag.named}),
            "elliptic": (rf"(?P<elliptic>{self.elliptic})", set(_both_cases(nw.plural))),
            "person": (rf"(?P<person>{self.person})", {w.split()[0] for w in ag.person_offices}),
            "head": (rf"(?P<head>{heads_named})", {w.split()[0] for w in ag.heads}),
            "head_placed": (rf"(?P<head>{heads_placed})",
                            {w.split()[0] for w in ag.heads_without_name + ag.heads_before_one_place}),
            "head_lower": (rf"(?P<head>{heads_lower})", set(_both_cases([w.split()[0] for w in ag.lowercase_heads]))),
            "head_described": (rf"(?P<head>{heads_described})", {w.split()[0] for w in dn.heads}),
        } | ({
            "head_alone": (rf"(?P<head>{alternation(ag.heads_alone)})(?![\p{{L}}])", {w.split()[0] for w in ag.heads_alone}),
        } if ag.heads_alone else {}) | {
            f"collective{k}": (rf"(?P<collective>{source})", set(_both_cases([w.split()[0] for w in words])))
            for k, (source, words) in enumerate(collectives)
        }
        openers = sorted(set().union(*(words for _, words in alternatives.values())), key=len, reverse=True)
        # factored on common beginnings: `re` tries the branches of an alternation one by one
        # (the word's start is checked after the scan: a pattern that opens on a look-behind makes `re`
        # try it at every character, one that opens on the words jumps to their first letters)
        self.candidates = re.compile(rf"{word_tree(openers)}(?!\w)")
        # a line without a province list ("các tỉnh: …") is scanned for the words that open anything else
        # ("công", "tỉnh", "vụ" … open only the list's titles and heads: most candidates otherwise)
        others = [w for w in openers if any(w in words for n, (_, words) in alternatives.items() if n != "province_list")]
        self.candidates_no_lists = re.compile(rf"{word_tree(others)}(?!\w)" if others else r"(?!)")
        # Each opening word has the alternatives that can start with it, tried one after the other in
        # the grammar's order of preference (as one alternation would, but `regex` sets up every group
        # and repeat of a pattern on each attempt: a small pattern fails much faster than a big one).
        # Compiled on first use: most documents need only a few of them.
        self._sources = {n: src for n, (src, _) in alternatives.items()}
        # Most candidates open no name ("các", "Bộ trưởng", "sở hữu", "cơ sở dữ liệu"), and a failed
        # attempt of a big pattern costs much more than one of a small pattern: each reading first
        # checks its first words (and the kind of word that must follow) with a small pattern, a
        # beginning of every match it can give.
        gates = {
            "head": rf"{heads}\s+(?:{lg}|{named}|{heads}|{domain}|{cap_word}|{abbrev})",
            "head_placed": rf"(?:{heads_bare}\s+(?:{plural}\s|{localities}){one_place_heads})",
            "head_lower": rf"{low_heads}\s+{domain_ci}",
            "head_described": rf"{described_heads}\s+\p{{Ll}}",
            "elliptic": rf"{plural_any}\s+{alternation(ag.colon_list_heads + ag.brand_list_heads)}",
            "collective0": rf"{intro}\s+{unit}",
            "collective1": other_capital,
            "collective2": safe,
            "collective3": rf"{intro}\s+{other_unit}",
            "collective4": rf"(?<=,\s){other_unit}",
            "collective5": rf"{after_cue}{cue_unit}",
            "collective6": rf"{after_cue}{other_unit}",
            "collective7": rf"{list_opening}\s*,",
        }
        self.gates = frozenset(gates)
        # On a line whose only white space is single spaces (a normalized text's lines), every `\s+`
        # matches one space: each reading and gate has a copy with a plain space there, which `regex`
        # tries much faster (it sets up each repeat of a pattern on every attempt, and the phrase lists
        # have a `\s+` between any two words: ~2,000 in the head reading). Compiled on first use too.
        self._sources |= {_SPACED + n: single_spaced(src) for n, src in self._sources.items()}
        # (the gates too: sources here, each compiled, or read from the disk cache, on first use)
        self._sources |= {_GATE + n: src for n, src in gates.items()}
        self._sources |= {_SPACED_GATE + n: single_spaced(src) for n, src in gates.items()}
        self._compiled: dict[str, regex.Pattern[str]] = {}
        self._frozen: dict[str, bytes] = {}  # from the disk cache, loaded when needed
        self.opener_names: dict[str, tuple[str, ...]] = {
            word: tuple(n for n, (_, words) in alternatives.items() if word in words) for word in openers}
        self.opener_names_no_lists = {word: tuple(n for n in names if n != "province_list")
                                      for word, names in self.opener_names.items()}
        # the same, as the names of the patterns tried (the gate's first, None: no gate), for lines with
        # and without a province list, single-spaced or not: no names made up on each attempt
        # A reading whose phrases are written in one case only ("Doanh nghiệp" capitalised alone: the
        # collective that opens a sentence; "sở", "phòng" lower-case before a domain) is left out for the
        # opening word in the other case: its pattern, case-sensitive, cannot match there. (Where every
        # opening word is letters and digits, the word the candidate scan gives is the phrase's first
        # word; else nothing is left out.) A reading that looks back for ", " is tried only after one.
        one_case = {
            "collective1": {(u[:1].upper() + u[1:]).split()[0] for u in col.other_units if u.split()},
            "head_lower": {w.split()[0] for w in ag.lowercase_heads if w.split()},
            "collective7": {w.split()[0] for w in col.list_opening_units if w.split()},
        } if all(_WORD_RUN.fullmatch(w) for w in openers) else {}
        # The phrases each reading (its gate, or its pattern when it has none) must begin with: where
        # every reading a word opens begins with two words or more, the word after the candidate tells
        # whether any can match, a set look-up instead of `regex` attempts ("các" before a verb,
        # "trường hợp", "chủ yếu", "toàn bộ": most candidates)
        def both(words: list[str]) -> list[str]:
            return _both_cases(words)
        units_all = [u for u in col.safe_units + col.units if u not in other]
        first_phrases: dict[str, list[str]] = {
            "named": ag.named,
            "person": ag.person_offices,
            "head_placed": [f"{h} {x}" for h in ag.heads_without_name for x in nw.plural + ag.localities]
            + [f"{h} {x}" for h in ag.heads_before_one_place for x in ag.localities],
            "head_lower": [f"{h} {d}" for h in ag.lowercase_heads for d in both(domains)],
            "elliptic": [f"{p} {h}" for p in both(nw.plural) for h in ag.colon_list_heads + ag.brand_list_heads],
            "collective0": [f"{i} {u}" for i in both(col.introducers) for u in both(units_all)],
            "collective1": [u[:1].upper() + u[1:] for u in col.other_units],
            "collective2": both([u for u in col.safe_units if u not in other]),
            "collective3": [f"{i} {u}" for i in both(col.introducers) for u in both(col.other_units)],
            "collective4": both(col.other_units),
            "collective5": both(cue_units),
            "collective6": both(col.other_units),
            "collective7": col.list_opening_units,
        }
        self.second_words = _second_words(self.opener_names, first_phrases)
        self.second_words_no_lists = _second_words(self.opener_names_no_lists, first_phrases)
        after_comma = {"collective4"}
        # The readings that open on a role's cue (`after_cue`, case-sensitive: looked for as written):
        # the word before the candidate, right before one white space character, is a cue's last word
        after_cue_names = {"collective5", "collective6"}
        self.cue_ends = tuple(sorted({c.split()[-1] for c in role_cues if c.split()}))
        # Each reading of an opening word with the words that can follow it there (`_second_words` for
        # one reading: None where one of its phrases that begins with the word is one word long): a
        # set look-up skips the reading's gate, or its pattern, where the next word is none of them
        # A head and its name: after a head of one word comes a capitalised word (`cap_word`, `abbrev`: \p{Lu},
        # never a lower-case letter to str.islower) or a committee, body, head or domain, whose first letters
        # are known; after a head of more words, its next word (where every phrase's first word is letters).
        # Only a next word that begins with another lower-case letter rules the reading out.
        after_head = [*ag.local_government, *ag.named, *ag.heads, *domains]
        head_firsts = frozenset(w[0] for w in after_head if w) \
            if all(_WORD_RUN.match(w) for w in after_head) and all(_WORD_RUN.fullmatch(h.split()[0]) for h in ag.heads) \
            else None
        head_more = {"head": [h for h in ag.heads if len(h.split()) > 1]}
        def following(word: str, name: str) -> tuple[frozenset[str] | None, frozenset[str] | None]:
            if name == "head" and head_firsts is not None:
                return _second_words({word: (name,)}, head_more).get(word, frozenset()), head_firsts
            return _second_words({word: (name,)}, first_phrases).get(word), None
        self._plans: dict[tuple[bool, bool], dict[str, tuple[_Plan, ...]]] = {
            (lists, spaced): {word: tuple(((_SPACED_GATE if spaced else _GATE) + n if n in gates else None,
                                          (_SPACED if spaced else "") + n, n in after_comma,
                                          n in after_cue_names, *following(word, n))
                                         for n in names if n not in one_case or word in one_case[n])
                              for word, names in (self.opener_names if lists else self.opener_names_no_lists).items()}
            for lists in (True, False) for spaced in (True, False)}
        self.level_re = regex.compile(levels)
        self.level_at_end = regex.compile(rf"(?<=\s){levels}$")
        self.level_ends = tuple(sorted({w.split()[-1] for w in ag.levels if w.split()}))  # a name ending so may match it
        self.next_level = regex.compile(rf"\s*(?:,|{joiner})\s*(?P<level>{levels})")
        # "Ủy ban nhân dân thành phố Hà Nội, Thành phố Hồ Chí Minh": one committee per place, the head repeated
        self.place_at_end = regex.compile(rf"(?<=\s)(?:{localities})\s+{proper}$")
        self.next_place = regex.compile(
            rf"\s*(?:,|{alternation(ag.list_joiners)})\s*(?P<place>(?:{localities})\s+{proper})(?![\p{{L}}])")
        self.domain_re = regex.compile(domain)
        # "các Bộ, cơ quan: Văn phòng Chính phủ, Nội vụ": a list after a plural head that names some
        # bodies in full and others by their domain only (the head understood)
        self.colon_list_head = regex.compile(
            rf"{plural_any}\s+(?P<ehead>{alternation(_both_cases(ag.colon_list_heads))})"
            rf"(?:\s*,\s*(?:{alternation(ag.colon_list_companions)}))?\s*:\s*")
        self.domain_item = regex.compile(rf"(?:{domain})(?![\p{{L}}])")
        self.item_separator = regex.compile(rf"\s*(?:,|{alternation(ag.list_joiners)})\s*(?!{intro}\s)")
        titles = alternation(_both_cases(ag.titles), backwards=True)
        # matched backwards from the mention (REVERSE: from the end, where a search finds it first), so only
        # the few characters before it are read
        self.title_tail = regex.compile(rf"(?:{titles}(?:\s*,\s*|\s+))+$", regex.REVERSE)
        # the titles' last words: the words before a mention, once its separator is set aside, end with one
        # where `title_tail` finds a title (a cheap test first: most mentions have none)
        self.title_ends = tuple(sorted({t.split()[-1] for t in _both_cases(ag.titles) if t.split()}))
        self.lg_head_re = regex.compile(rf"^{lg}")
        self.restrictive_tail = regex.compile(restrictive_tail_source(ag.restrictive_tails))
        self.bare_titles = []
        for bare in ag.bare_titles:
            own = alternation(bare.own_words) if bare.own_words else None
            own_part = rf"(?:\s+(?P<own>{own}(?:\s*,\s*{own})*))?" if own else ""
            self.bare_titles.append((regex.compile(
                rf"(?<![\p{{L}}]){regex.escape(bare.title)}{own_part}"
                rf"(?=\s*(?:[,;]|\s{joiner}\s)\s*{alternation(_both_cases(bare.before))})"), bare))
        # a collective whose units each repeat one head ("cơ quan ngang bộ, cơ quan thuộc Chính phủ")
        self.unit_head_re = regex.compile(rf"^(?:{intro}\s+)?(?P<unit>{unit})")
        ps = ag.place_subject
        place_name = r"\p{Lu}[\p{L}\p{M}]*(?:\s+\p{Lu}[\p{L}\p{M}]*){0,3}"
        # the pattern is tried only on a line that has one of its unit and follower words
        self.place_subject_words = (tuple({w.split()[0] for w in ps.units}), tuple({w.split()[0] for w in ps.followers}))
        self.place_subject = regex.compile(
            rf"(?:^|(?<=[,;:]\s))(?:{alternation(ps.units)})(?:\s+{place_name})?"
            rf"(?=\s+{alternation(ps.followers)}(?![\p{{L}}]))")
        # "cơ quan chức năng của Bộ X": the owner is the one named
        self.owned_by = regex.compile(
            rf"\s+{alternation(ag.owned_unit_words)}\s+{alternation(nw.owner, boundary=False)}\s+")
        vague = ag.vague_collective
        # "các sở, ban, ngành và các đơn vị có liên quan": a named list, then bodies nobody names
        self.vague_tail = regex.compile(
            rf"\s+(?:{alternation(ag.list_joiners)})\s+(?P<rest>(?:{intro}\s+)?{alternation(vague.units)}"
            rf"(?:\s*,\s*{alternation(vague.units)})*\s+{alternation(vague.qualifiers)})$")
        # "các Bộ, cơ quan liên quan và các địa phương": bodies nobody names, then a named list
        self.vague_head = regex.compile(
            rf"^(?P<vague>(?:{intro}\s+)?{alternation(vague.units)}(?:\s*,\s*{alternation(vague.units)})*"
            rf"\s+{alternation(vague.qualifiers)})\s+(?:{alternation(ag.list_joiners)})\s+(?P<rest>\S.*)$")
        # the last words its three readings end with, lower-cased: a name ending otherwise is tried no further
        # (case-insensitive, as the lower-cased text of the cued scans is read: `OpenerScan`)
        self.vague_ends = tuple(sorted({w.split()[-1].lower() for w in vague.qualifiers + vague.assigned_qualifiers
                                        + vague.bare if w.split()}))
        self.vague_re = regex.compile(
            rf"^(?:{intro}\s+)?{alternation(vague.units)}\s+{alternation(vague.qualifiers)}$"
            rf"|^(?:{intro}\s+)?{alternation(vague.units)}(?:\s*,\s*{alternation(vague.units)})*"
            rf"\s+{alternation(vague.assigned_qualifiers)}$"
            rf"|^(?:{intro}\s+)?{alternation(vague.bare)}$", regex.I)

    def match_opener(self, word: str, text: str, position: int, lists: bool = True,
                     single_spaced: bool = False, following: str | None = "") -> regex.Match[str] | None:
        """The first alternative that can start with `word` and matches at `position`; without `lists`
        the province list (costly to try, and only possible where the text has "các …:") is left out.
        `single_spaced`: the text's only white space is single spaces (the readings' faster copies).
        `following`: the word after `word` (`_NEXT_WORD`'s) when the caller has looked for it already
        (None: there is none; "": not looked for)."""
        compiled = self._compiled
        for gate, name, after_comma, after_cue, seconds, firsts in self._plans[lists, single_spaced][word]:
            if after_comma and not (position >= 2 and text[position - 2] == "," and text[position - 1].isspace()):
                continue  # its pattern opens on (?<=,\s) (\s: white space to str.isspace too)
            if after_cue and not (position >= 2 and text[position - 1].isspace()
                                  and text.endswith(self.cue_ends, 0, position - 1)):
                continue  # its pattern opens on (?<=cue\s)
            if seconds is not None:
                if following == "":
                    after = _NEXT_WORD.match(text, position + len(word))
                    following = after.group(1) if after is not None else None
                if following not in seconds and (firsts is None or following is not None and following[0].islower()
                                                 and following[0] not in firsts):
                    continue
            if gate is not None and (compiled.get(gate) or self._pattern(gate)).match(text, position) is None:
                continue
            match = (compiled.get(name) or self._pattern(name)).match(text, position)
            if match is not None:
                return match
        return None

    def _pattern(self, name: str) -> regex.Pattern[str]:
        pattern = self._compiled.get(name)
        if pattern is None:
            frozen = self._frozen.get(name)
            if frozen is not None:
                pattern = self._compiled[name] = pickle.loads(frozen)
            else:
                pattern = self._compiled[name] = regex.compile(self._sources[name])
                current_grammar().grew()  # kept with the grammar on disk: the next run skips this compile
        return pattern

    # On disk each alternative's pattern is pickled on its own and loaded on first use: a document
    # may need only a few (a pickled `regex` pattern loads without parsing, but the big ones still
    # take ~10 ms each to rebuild).
    def __getstate__(self) -> dict[str, Any]:
        state = {k: getattr(self, k) for k in self.__dict__}
        frozen = dict(self._frozen)
        frozen.update((names, pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL))
                      for names, p in self._compiled.items())
        state["_compiled"], state["_frozen"] = {}, frozen
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def _second_words(opener_names: dict[str, tuple[str, ...]],
                  first_phrases: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """For each opening word whose every reading begins with two words or more, the words that can
    follow it (readings with no list of first phrases, or a phrase of one word: no set)."""
    out: dict[str, frozenset[str]] = {}
    for word, names in opener_names.items():
        seconds: set[str] = set()
        for name in names:
            phrases = first_phrases.get(name)
            if phrases is None:
                break
            mine = [words for words in (p.split() for p in phrases) if words[:1] == [word]]
            # the second word's letters and digits up to its first other character ("KH&ĐT": "KH")
            runs = [_WORD_RUN.match(words[1]) if len(words) > 1 else None for words in mine]
            if not all(runs):
                break
            seconds.update(run.group(0) for run in runs if run is not None)
        else:
            out[word] = frozenset(seconds)
    return out


# a reading tried at an opening word: its gate's name (None: no gate), its pattern's name, whether it
# opens after ", " or after a role's cue, the words that may follow the opening word (None: any) and
# the lower-case letters that may begin it besides (None: no others; where given, any other letter too)
_Plan = tuple[str | None, str, bool, bool, frozenset[str] | None, frozenset[str] | None]

_SPACED = "single-spaced "  # the names of the readings' copies for single-spaced lines
_SPACED_GATE = "single-spaced gate "
_GATE = "gate "


def single_spaced(source: str) -> str:
    """`source` with each `\\s+` (outside a character class) a plain space: the same pattern on a text
    whose white space is single spaces, where `\\s+` can only match one space (lazy or possessive,
    too)."""
    tokens = list(regex_tokens(source))
    out: list[str] = []
    k = 0
    while k < len(tokens):
        if tokens[k] == ("\\s", False) and tokens[k + 1:k + 2] == [("+", False)]:
            k += 3 if tokens[k + 2:k + 3] in ([("?", False)], [("+", False)]) else 2
            out.append(" ")
            continue
        out.append(tokens[k][0])
        k += 1
    return "".join(out)


# the word after a candidate: letters and digits (the readings' words end where `regex`'s \p{L}\p{N} do)
_NEXT_WORD = re.compile(r"\s+([^\W_]+)")
_WORD_RUN = re.compile(r"[^\W_]+")


def _grammar() -> _Grammar:
    return current_grammar().stage("extractor.recognize.agencies._grammar", _build_grammar)


def _build_grammar(rules: Rules) -> _Grammar:
    return _Grammar(rules)


def find_agencies(text: str, offset: int = 0, *, grammar: Grammar | None = None) -> list[AgencyMention]:
    """All agency mentions in `text`; spans are shifted by `offset` (the text's place in the document).
    A name never runs over a paragraph break (a heading "… các xã, phường" above "Căn cứ …")."""
    if grammar is None:  # the grammar in force: no context to set (tens of thousands of calls a pass)
        return _find_agencies(text, offset)
    with using(grammar):
        return _find_agencies(text, offset)


def _find_agencies(text: str, offset: int = 0) -> list[AgencyMention]:
    memo = _MEMO.get()
    find = _find_in_line if memo is None else memo.find
    if "\n" not in text:
        return find(text, offset)
    mentions: list[AgencyMention] = []
    start = 0
    for line in text.split("\n"):
        mentions.extend(find(line, offset + start))
        start += len(line) + 1
    return mentions


class document_memo:  # used as a function: `with document_memo():`
    """Inside, a line's mentions are found once per document: the recognize stage reads a line again
    as a table cell, an attribute value or a repeated row ("Sở Tài chính" in many rows). A line's
    mentions depend only on its words and grammar, so a line met at another offset gets them shifted.
    Kept for the document only (the memo is dropped on exit)."""

    __slots__ = ("_grammar", "_lines", "_token")

    def __init__(self) -> None:
        self._grammar: Grammar | None = None
        self._lines: dict[str, tuple[int, list[AgencyMention]]] = {}
        self._token: Token[document_memo | None] | None = None

    def __enter__(self) -> None:
        self._grammar = current_grammar()
        self._token = _MEMO.set(self)

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _MEMO.reset(self._token)
            self._token = None
        self._lines.clear()

    def find(self, line: str, offset: int) -> list[AgencyMention]:
        if current_grammar() is not self._grammar:  # another grammar inside: nothing shared
            return _find_in_line(line, offset)
        known = self._lines.get(line)
        if known is None:
            found = _find_in_line(line, offset)
            self._lines[line] = (offset, found)
            return list(found)
        at, found = known
        if at == offset:
            return list(found)
        by = offset - at
        return [AgencyMention(name=m.name, canonical=m.canonical, span=(m.span[0] + by, m.span[1] + by),
                              text=m.text, title_start=m.title_start + by, kind=m.kind, vague=m.vague)
                for m in found]


_MEMO: ContextVar[document_memo | None] = ContextVar("nhiemvu_agency_memo", default=None)


def _find_in_line(text: str, offset: int) -> list[AgencyMention]:
    grammar = _grammar()
    mentions: list[AgencyMention] = []
    position = 0
    lists = ":" in text and grammar.province_list_gate.search(text) is not None  # "… các tỉnh: A, B"
    spaced = is_single_spaced(text)
    second_words = grammar.second_words if lists else grammar.second_words_no_lists
    next_word = _NEXT_WORD.match
    for candidate in (grammar.candidates if lists else grammar.candidates_no_lists).finditer(text):
        at = candidate.start()
        if at < position:
            continue
        if at and (text[at - 1].isalnum() or text[at - 1] == "_"):  # inside a word (`re`'s \w): no name opens there
            continue
        word = candidate.group(0)
        seconds = second_words.get(word)
        following: str | None = ""  # the next word, when looked for (None: there is none)
        if seconds is not None:
            after = next_word(text, candidate.end())
            following = after.group(1) if after is not None else None
            if following not in seconds:
                continue
        match = grammar.match_opener(word, text, at, lists, spaced, following)
        if match is None or match.end() == match.start():
            continue
        position = match.end()
        kind = match.lastgroup or "head"
        start, end = match.span()
        title_match = grammar.title_tail.match(text, max(0, start - 80), start) \
            if _may_end_with_title(grammar, text, start) else None
        title_start = title_match.start() if title_match else start
        tail = (grammar.restrictive_tail.match(text, end)
                if kind == "lg" and not grammar.plural_words.isdisjoint(text[start:end].lower().split()) else None)
        if tail is not None:  # "Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng"
            end = position = tail.end()
            mentions.append(_mention(text[start:end], text[start:end], (start, end), title_start,
                                     "local_government", offset))
        elif kind == "lg":
            mentions.extend(_split_levels(grammar, match, title_start, offset))
        elif kind == "province_list":
            mentions.extend(_split_province_list(grammar, match, title_start, offset))
        elif kind == "person":
            mentions.extend(_split_people(grammar, match, title_start, offset))
        elif kind == "elliptic":
            mentions.extend(_split_elliptic(grammar, match, title_start, offset))
        else:
            if kind == "head" and "tail" in match.re.groupindex and match.group("tail"):  # a named head
                end = _cut_name(grammar, text, match.span("tail"), end)
                position = end
            if kind == "collective" and not grammar.plural_words.isdisjoint(text[start:end].lower().split()):
                tail = grammar.restrictive_tail.match(text, end)
                if tail is not None:
                    end = position = tail.end()
            if kind == "collective" and title_start < start:
                parts = _split_repeated_head(grammar, text, start, end)
                if parts:
                    mentions.extend(_mention(text[a:b], text[a:b], (a, b), title_start if i == 0 else a,
                                             kind, offset) for i, (a, b) in enumerate(parts))
                    continue
            written = text[start:end]
            vague_tail = grammar.vague_tail.search(written) if kind == "collective" else None
            if vague_tail is not None and vague_tail.start() > 0:
                # the named part keeps its role; the rest is boilerplate with none
                cut = start + vague_tail.start()
                mentions.append(_mention(text[start:cut], text[start:cut], (start, cut), title_start, kind, offset))
                rest = start + vague_tail.start("rest")
                mentions.append(replace(_mention(text[rest:end], text[rest:end], (rest, end), rest, kind, offset),
                                        vague=True))
                continue
            vague_head = grammar.vague_head.match(written) if kind == "collective" else None
            if vague_head is not None:
                rest, cut = start + vague_head.start("rest"), start + vague_head.end("vague")
                mentions.append(replace(_mention(text[start:cut], text[start:cut], (start, cut), title_start,
                                                 kind, offset), vague=True))
                mentions.append(_mention(text[rest:end], text[rest:end], (rest, end), rest, kind, offset))
                continue
            mention = _mention(written, written, (start, end), title_start, kind, offset)
            if kind == "collective" and mention.name.lower().endswith(grammar.vague_ends) \
                    and grammar.vague_re.match(mention.name):
                mention = replace(mention, vague=True)
            mentions.append(mention)
    mentions = _owners_for_units(grammar, text, offset, mentions)
    if ":" in text:
        mentions = _colon_list_domains(grammar, text, offset, mentions)
    units, followers = grammar.place_subject_words
    places = grammar.place_subject.finditer(text) \
        if any(map(text.__contains__, followers)) and any(map(text.__contains__, units)) else ()
    for place in places:
        span = (place.start() + offset, place.end() + offset)
        if not any(m.span[0] < span[1] and span[0] < m.span[1] for m in mentions):
            mentions.append(AgencyMention(name=place.group(0), canonical=place.group(0), span=span,
                                          text=place.group(0), title_start=span[0], kind="local_government"))
            mentions.sort(key=lambda m: m.span)
    mentions = _with_bare_titles(grammar, text, offset, _more_levels(grammar, text, offset, mentions))
    if ":" in text:
        mentions = _singled_out_places(grammar, text, offset, mentions)
    return mentions


def _may_end_with_title(grammar: _Grammar, text: str, start: int) -> bool:
    """Whether the words before `start`, without the white space and commas that end them, end with a
    title's last word: true wherever `title_tail` finds a title there (a title, then one separator: white
    space, or a comma between any; str.isspace holds for every character `regex` reads as \\s)."""
    return text[max(0, start - 80):start].rstrip().rstrip(",").rstrip().endswith(grammar.title_ends)


def _more_levels(grammar: _Grammar, text: str, offset: int,
                 mentions: list[AgencyMention]) -> list[AgencyMention]:
    """"Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã": one body per level, the head repeated (as
    "UBND cấp huyện, cấp xã" for the people's committees)."""
    out: list[AgencyMention] = []
    for mention in mentions:
        out.append(mention)
        if mention.kind == "local_government":
            place = grammar.place_at_end.search(mention.name)
            if place is None or place.start() == 0:
                continue
            head, position = mention.name[:place.start()].rstrip(), mention.span[1] - offset
            while (more := grammar.next_place.match(text, position)) is not None \
                    and not any(m.span[0] <= more.start("place") + offset < m.span[1] for m in mentions):
                span = (more.start("place") + offset, more.end("place") + offset)
                name = f"{head} {more.group('place')}"
                out.append(AgencyMention(name=name, canonical=expand_abbreviations(name), span=span,
                                         text=more.group("place"), title_start=span[0], kind="elliptic"))
                position = more.end()
            continue
        last = grammar.level_at_end.search(mention.name) if mention.name.endswith(grammar.level_ends) else None
        if last is None:
            continue
        head = mention.name[:last.start()].rstrip()
        position = mention.span[1] - offset
        while (more := grammar.next_level.match(text, position)) is not None:
            span = (more.start("level") + offset, more.end("level") + offset)
            name = f"{head} {more.group('level')}"
            out.append(AgencyMention(name=name, canonical=expand_abbreviations(name), span=span,
                                     text=more.group("level"), title_start=span[0], kind="elliptic"))
            position = more.end()
    return out




def _singled_out_places(grammar: _Grammar, text: str, offset: int,
                        mentions: list[AgencyMention]) -> list[AgencyMention]:
    """"Bí thư, Chủ tịch Ủy ban nhân dân các tỉnh khu vực Trung Bộ, nhất là các tỉnh: Khánh Hòa, Gia Lai"
    -> also "Tỉnh ủy Khánh Hòa", "Ủy ban nhân dân tỉnh Khánh Hòa", … (each head over each place; spans on
    the place names; they share the plural body's role)."""
    extra: list[AgencyMention] = []
    for mention in mentions:
        head = grammar.lg_head_re.match(mention.text) if mention.kind == "local_government" else None
        if head is None or grammar.plural_words.isdisjoint(mention.text.lower().split()):
            continue
        found = grammar.singled_out.match(text, mention.span[1] - offset)
        if found is None:
            continue
        places = mention.text[head.end():].strip()
        # the bodies over the same places: the committee, and a party committee a title shares them with
        bodies = [head.group(0)] + [m.name[:-len(places)].strip() for m in mentions
                                    if m is not mention and m.name.endswith(places) and m.span[1] <= mention.span[1]
                                    and m.name[:-len(places)].strip() in grammar.pl_bare]
        base = found.start("names")
        for k, name in enumerate(grammar.pl_name_re.finditer(found.group("names"))):
            span = (base + name.start(), base + name.end())
            for body in bodies:
                full = f"{body} {name.group(0)}" if body in grammar.pl_bare \
                    else f"{body} {found.group('unit')} {name.group(0)}"
                # the first shares the plural body's words, so it takes its role
                extra.append(_mention(full, name.group(0), span, mention.title_start - offset if k == 0 else span[0],
                                      "elliptic", offset))
    return sorted(mentions + extra, key=lambda m: m.span) if extra else mentions


def _colon_list_domains(grammar: _Grammar, text: str, offset: int,
                        mentions: list[AgencyMention]) -> list[AgencyMention]:
    """"các bộ, cơ quan: Công an, Văn phòng Chính phủ, Văn phòng Trung ương Đảng": each item is a body,
    a bare domain ("Công an") with the list's head ("Bộ Công an"); the plural head itself is no body."""
    for head in grammar.colon_list_head.finditer(text):
        starts = {m.span[0] - offset: m for m in mentions}
        position, items = head.end(), []
        while True:
            known = starts.get(position)
            if known is not None:
                position = known.span[1] - offset
            elif (domain := grammar.domain_item.match(text, position)) is not None:
                word = head.group("ehead")
                name = f"{word[:1].upper()}{word[1:]} {domain.group(0)}"
                items.append(_mention(name, domain.group(0), domain.span(), domain.start(), "elliptic", offset))
                position = domain.end()
            else:
                break
            separator = grammar.item_separator.match(text, position)
            if separator is None:
                break
            position = separator.end()
        first = next((m for m in mentions if m.span[0] - offset == head.end()), items[0] if items else None)
        if items and first is not None:
            # the list's first body reads from the plural head, so a cue before the head reaches it
            with_head = replace(first, title_start=head.start() + offset)
            items = [with_head if m is first else m for m in items]
            mentions = [with_head if m is first else m for m in mentions]
            covered = (head.start() + offset, head.end() + offset)
            mentions = sorted([m for m in mentions if not (covered[0] <= m.span[0] and m.span[1] <= covered[1])]
                              + items, key=lambda m: m.span)
    return mentions


def _owners_for_units(grammar: _Grammar, text: str, offset: int,
                      mentions: list[AgencyMention]) -> list[AgencyMention]:
    """"cơ quan chức năng của Bộ Nông nghiệp và Môi trường": the collective is the owner's functional
    units, so the owner is the one named ("các cơ quan của Quốc hội" stays as written)."""
    if len(mentions) < 2:
        return mentions  # no collective with an owner after it (most lines)
    out: list[AgencyMention] = []
    skip = False
    for k, mention in enumerate(mentions):
        if skip:
            skip = False
            continue
        following = mentions[k + 1] if k + 1 < len(mentions) else None
        if mention.kind == "collective" and following is not None:
            gap = grammar.owned_by.fullmatch(text, mention.span[1] - offset, following.title_start - offset)
            if gap is not None and len(mention.name.split(",")) == 1:
                # one mention over the words, named for the owner
                span = (mention.span[0], following.span[1])
                out.append(replace(following, span=span, text=text[span[0] - offset:span[1] - offset],
                                   title_start=mention.title_start))
                skip = True
                continue
        out.append(mention)
    return out


def _with_bare_titles(grammar: _Grammar, text: str, offset: int,
                      mentions: list[AgencyMention]) -> list[AgencyMention]:
    """"Bộ trưởng, Thủ trưởng cơ quan ngang bộ" -> "các Bộ" (on the title's words) before the rest."""
    extra: list[AgencyMention] = []
    for pattern, bare in grammar.bare_titles:
        if bare.title not in text:  # the pattern opens with the title as written
            continue
        for match in pattern.finditer(text):
            if bare.shares_locality:
                following = next((m for m in mentions if m.span[0] >= match.end() + offset), None)
                shared = _shared_locality(grammar, following, match.groupdict().get("own") or bare.agency)
                if shared is not None:
                    extra.append(shared)
                    # "Bí thư tỉnh ủy, thành ủy và Chủ tịch Ủy ban nhân dân …": the people's titles open the
                    # subject the committee is
                    mentions = [replace(m, title_start=match.start() + offset) if m is following else m
                                for m in mentions]
                continue
            agency = bare.agency
            # the span is on the written word the name ends with ("Bộ" of "Bộ trưởng")
            word = agency.split()[-1]
            length = len(word) if match.group(0).startswith(word) else len(match.group(0))
            span = (match.start() + offset, match.start() + length + offset)
            # a title before the bare one ("Các đồng chí Bộ trưởng, …") is the same people's
            title = grammar.title_tail.match(text, max(0, match.start() - 80), match.start())
            extra.append(AgencyMention(name=agency, canonical=agency, span=span, text=match.group(0)[:length],
                                       title_start=title.start() + offset if title else span[0], kind="collective"))
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda m: m.span)


def _shared_locality(grammar: _Grammar, following: AgencyMention | None, body: str) -> AgencyMention | None:
    """The party committee of the places the next people's committee (`following`, the first mention after
    the title) names: "Bí thư, Chủ tịch Ủy ban nhân dân các tỉnh khu vực Trung Bộ" -> "Tỉnh ủy các tỉnh khu
    vực Trung Bộ" (span on the places)."""
    if following is None or following.kind != "local_government":
        return None
    head = grammar.lg_head_re.match(following.text)
    if head is None:
        return None
    words = following.text[head.end():]
    start = following.span[0] + head.end() + (len(words) - len(words.lstrip()))
    place = words.strip()
    if not place.lower().startswith(tuple(grammar.plural_words)):
        return None  # one committee ("Chủ tịch UBND tỉnh X") is its own body; the title is its person
    name = f"{body[:1].upper()}{body[1:]} {place}"
    return AgencyMention(name=name, canonical=expand_abbreviations(name), span=(start, start + len(place)),
                         text=place, title_start=start, kind="collective")


def _split_repeated_head(grammar: _Grammar, text: str, start: int, end: int) -> list[Span]:
    """A titled collective whose parts each repeat a unit word of two or more words ("Thủ trưởng cơ
    quan ngang bộ, cơ quan thuộc Chính phủ") is one body per part; "các sở, ban, ngành" stays one."""
    parts: list[Span] = []
    position = start
    for piece in regex.split(r"(,\s*)", text[start:end]):
        if piece and not piece.startswith(","):
            parts.append((position, position + len(piece)))
        position += len(piece)
    if len(parts) < 2:
        return []
    heads = []
    for a, b in parts:
        head = grammar.unit_head_re.match(text[a:b])
        words = head.group("unit").lower().split() if head else []
        if len(words) < 2:
            return []
        heads.append(" ".join(words[:2]))
    return parts if len(set(heads)) == 1 else []


def _cut_name(grammar: _Grammar, text: str, tail: tuple[int, int], end: int) -> int:
    """End of a head + name mention: before the first stopword in the name's free words."""
    # look a little past the tail so that a two-word stop ("phối hợp") cut by the word limit is seen
    cut = grammar.name_end.search(text, tail[0], min(len(text), tail[1] + 24))
    if cut is None or cut.start() >= tail[1]:
        return end
    # a joiner the cut leaves at the end belongs to what follows ("Sở Tài chính - Cơ quan thường trực …")
    return len(text[:cut.start()].rstrip(" -–&"))


def _mention(name: str, written: str, span: Span, title_start: int, kind: str,
             offset: int) -> AgencyMention:
    name = " ".join(name.split())
    return AgencyMention(
        name=name, canonical=expand_abbreviations(name),
        span=(span[0] + offset, span[1] + offset), text=written,
        title_start=title_start + offset, kind=kind,
    )


def _split_levels(grammar: _Grammar, match: regex.Match[str], title_start: int,
                  offset: int) -> list[AgencyMention]:
    """"UBND cấp huyện, cấp xã" -> "UBND cấp huyện" and "UBND cấp xã" (each with its own span)."""
    whole = match.group(0)
    start = match.start()
    head = grammar.lg_head_re.match(whole)
    levels = list(grammar.level_re.finditer(whole))
    if head is None or len(levels) < 2:
        return [_mention(whole, whole, match.span(), title_start, "local_government", offset)]
    head_text = head.group(0)
    out: list[AgencyMention] = []
    first = levels[0]
    span0 = (start, start + first.end())
    out.append(_mention(whole[:first.end()], whole[:first.end()], span0, title_start,
                        "local_government", offset))
    for level in levels[1:]:
        span = (start + level.start(), start + level.end())
        out.append(_mention(f"{head_text} {level.group(0)}", level.group(0), span, span[0],
                            "local_government", offset))
    return out


def _split_province_list(grammar: _Grammar, match: regex.Match[str], title_start: int,
                         offset: int) -> list[AgencyMention]:
    """"Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Đắk Lắk, Gia Lai" -> "Tỉnh ủy Đắk Lắk",
    "Tỉnh ủy Gia Lai", "Ủy ban nhân dân tỉnh Đắk Lắk", "Ủy ban nhân dân tỉnh Gia Lai" (spans on the
    province names; the first keeps the title before the list)."""
    heads = [h.group(0) for h in grammar.pl_head_re.finditer(match.group("plheads"))]
    unit = match.group("plunits").split(",")[0].strip().lower()
    base = match.start("plnames")
    out: list[AgencyMention] = []
    for head in heads:
        bare = head in grammar.pl_bare
        written_head = head[:1].upper() + head[1:] if bare else head
        for name in grammar.pl_name_re.finditer(match.group("plnames")):
            words = name.group(0)
            own_unit = grammar.pl_unit_re.match(words)
            place = words[own_unit.end():] if own_unit else words
            written_unit = own_unit.group(0).strip().lower() if own_unit else unit
            place_unit = grammar.pl_unit_full.get(written_unit.rstrip("."), written_unit)
            full = f"{written_head} {place}" if bare else f"{written_head} {place_unit} {place}"
            span = (base + name.start(), base + name.end())
            out.append(_mention(full, words, span, title_start if not out else span[0], "elliptic", offset))
    return out


def _split_people(grammar: _Grammar, match: regex.Match[str], title_start: int,
                  offset: int) -> list[AgencyMention]:
    """"Phó Thủ tướng Chính phủ Lê Thành Long, Hồ Quốc Dũng" -> one person each, office repeated."""
    office = " ".join(match.group("poffice").split())
    base = match.start("pnames")
    out: list[AgencyMention] = []
    for name in grammar.person_name_re.finditer(match.group("pnames")):
        span = (base + name.start(), base + name.end())
        out.append(_mention(f"{office} {name.group(0)}", name.group(0), span,
                            title_start if not out else span[0], "person", offset))
    return out


def _split_elliptic(grammar: _Grammar, match: regex.Match[str], title_start: int,
                    offset: int) -> list[AgencyMention]:
    """"các Bộ: Tài chính, Tư pháp" -> "Bộ Tài chính", "Bộ Tư pháp" (spans on the domain words)."""
    out: list[AgencyMention] = []
    if match.group("ebrands") is not None:  # "các Tập đoàn: EVN, VNPT" -> "Tập đoàn EVN", "Tập đoàn VNPT"
        base = match.start("ebrands")
        for brand in grammar.brand.finditer(match.group("ebrands")):
            span = (base + brand.start(), base + brand.end())
            out.append(_mention(f"{match.group('bhead')} {brand.group(0)}", brand.group(0), span,
                                title_start if not out else span[0], "elliptic", offset))
        return out
    head = match.group("ehead")
    group = "edomains" if match.group("edomains") is not None else "edomains2"
    base = match.start(group)
    for domain in grammar.domain_re.finditer(match.group(group)):
        span = (base + domain.start(), base + domain.end())
        out.append(_mention(f"{head} {domain.group(0)}", domain.group(0), span,
                            title_start if not out else span[0], "elliptic", offset))
    return out
