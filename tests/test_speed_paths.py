"""The throughput work's fast paths give what the slower code they replace gives (issue 10): each is
checked against the plain computation on phrase tables, with negatives."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from extractor.grammar import OpenerScan, current_rules, word_tree
from extractor.models import Assignee, Deadline, Metric, Reference, Target, Task, built, copy_with
from extractor.recognize.agencies import _grammar as agency_grammar
from extractor.recognize.agencies import _may_end_with_title
from extractor.recognize.roles import _cues
from extractor.textutil import looks_vietnamese, vietnamese_share

VIETNAMESE = ("Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan "
              "triển khai thực hiện kế hoạch này và báo cáo kết quả. ")
ENGLISH = "The committee asks the finance department to report on the plan by the end of the year. "


@pytest.mark.parametrize("text", [
    VIETNAMESE * 3,
    VIETNAMESE * 400,                       # more than one chunk of words, decided early
    ENGLISH * 400,                          # never reaches the minimum
    ENGLISH * 380 + VIETNAMESE * 20,        # a few common syllables, far apart
    ENGLISH * 40 + VIETNAMESE * 3,          # just over the minimum share (.085)
    ENGLISH * 45 + VIETNAMESE * 3,          # just under it (.077)
    ENGLISH * 200 + VIETNAMESE * 20,        # over it, known only after the first chunk
    "một hai",                              # too short to tell
    "",
])
def test_looks_vietnamese_is_the_share_against_the_minimum(text):
    expected = len(text.split(maxsplit=12)) < 12 or \
        vietnamese_share(text) >= current_rules().language.minimum_share
    assert looks_vietnamese(text) is expected


@pytest.mark.parametrize("words, text", [
    (["hằng", "hàng", "định kỳ"], "Định kỳ hằng tháng, hàng quý báo cáo"),
    (["ab", "b", "bab"], "abababbab"),      # overlapping places and words inside others
    (["trước", "chậm nhất"], "không có gì"),
    (["x"], ""),
])
def test_opener_scan_places_are_the_word_tree_scan(words, text):
    scan = OpenerScan(re.compile("(?!)"), words)  # type: ignore[arg-type]
    tree = re.compile(f"(?={word_tree(sorted({w.lower() for w in words}))})")
    lowered = text.lower()
    assert scan.starts(lowered) == [m.start() for m in tree.finditer(lowered)]


@pytest.mark.parametrize("phrases, text", [
    (["hằng tháng", "hàng quý", "định kỳ"], "Định kỳ  hằng\ttháng, hàng quý báo cáo; HẰNG THÁNG"),
    (["ab", "b a", "bab"], "abab ababbab b  a"),     # phrases beginning inside others, overlapping
    (["trước ngày", "chậm nhất"], "không có gì"),       # none
    (["trước ngày", "trước"], "trước ngày 15, trướcngày, trước"),  # one begins another
    (["x y"], ""),
])
@pytest.mark.parametrize("by_words", [False, True])
def test_opener_scan_finds_what_the_pattern_finds(phrases, text, by_words):
    """The places searched for (the phrases as one tree, or the words and then the phrases: a phrase
    whose first word is not an opener) give the pattern's own matches."""
    import regex

    pattern = regex.compile("|".join(r"\s+".join(regex.escape(w) for w in p.split()) for p in phrases)
                            + r"(?:\s+\w+)?", regex.I)
    # with a phrase that begins with no opener, the places are the words' (then the phrases')
    scan = OpenerScan(pattern, [p.split()[0] for p in phrases], phrases + (["qq zzz"] if by_words else []))
    assert scan.by_phrase is not by_words
    assert [m.span() for m in scan.finditer(text)] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("text", [
    "Phấn đấu đạt 100% số xã có nhà văn hóa; tối thiểu một lần/năm kiểm tra",
    "tăng ít nhất 15% so với năm trước, giảm 02 cán bộ, công chức",
    "đạt chuẩn quốc gia, tăng cường kiểm tra, không quá nhiều",   # cues with no figure after them
    "Tổ chức 03 hội nghị/năm; trên 04 loại hình báo chí; đạt  1.200 công trình",
    "",
])
def test_the_cued_figures_gate_keeps_every_match(text):
    from extractor.recognize.metrics import _patterns as metric_patterns

    cued = metric_patterns().cued
    assert cued.gate is not None
    assert [m.span() for m in cued.finditer(text)] == [m.span() for m in cued.pattern.finditer(text)]


@pytest.mark.parametrize("text", [
    "Căn cứ Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ; Quyết định 12/QĐ-UBND",
    "báo cáo số 12/BC-UBND ngày 5/3/2025",                 # the verb in lower case: no citation
    "Báo cáo số 12/BC-UBND; Thông tư liên tịch số 1/2020/TTLT-BTC-BNV",
    "Quyết  định\u00a0số 5/QĐ-UBND, Kế hoạch\tsố 7/KH-UBND",  # other white space inside a type
    "xNghị định số 1/NĐ-CP, Nghị địnhx số 2/NĐ-CP",        # a type inside a word
    "",
])
def test_citations_are_tried_where_a_type_is_written(text):
    from extractor.recognize.references import _pattern as reference_pattern

    scan = reference_pattern()
    assert scan.cased and scan.places is not None
    assert [m.span() for m in scan.finditer(text)] == [m.span() for m in scan.pattern.finditer(text)]


@pytest.mark.parametrize("text", [
    "hoà bình, khoẻ mạnh, thuỷ lợi, tuỳ theo",
    "Quà tặng, quý vị, qoà",                      # after "q" the mark stays
    "hoàng hôn, khoẻo",                            # a letter after the pair: no syllable's end
    "HOÀ BÌNH; KHOẺ. Thuỷ",
    "hoàđ toà\u00e0 hoà\u0301",                  # a letter outside ASCII after it: the gate passes, not the pattern
    "oàoà uỷuỷ",
    "",
])
def test_tone_marks_are_moved_where_the_gate_finds_a_pair(text):
    from extractor.normalize import _patterns as normalize_patterns
    from extractor.normalize import _retone

    pats = normalize_patterns()
    expected = pats.tone.sub(lambda m: pats.tone_table[m.group(0)], text)
    assert _retone(text, pats.tone_gate.search(text), pats) == expected


@pytest.mark.parametrize("after", [
    " chủ trì, phối hợp với Sở Y tế", "  phối hợp thực hiện", "\tchỉ đạo như sau:", " có ý kiến như sau",
    " là cơ quan thường trực", "phối hợp thực hiện", " thực hiện", "", " Chủ trì", ", chủ trì",
])
def test_the_cues_after_a_mention_in_one_pattern(after):
    cues = _cues()
    assert cues.following_any is not None
    one = cues.following_any.match(after)
    by_list = next((role for pattern, role in cues.following if pattern.search(after)), "none")
    if one is None:
        assert by_list == "none"
    else:
        assert one.lastgroup is not None and cues.following[int(one.lastgroup[1:])][1] == by_list


@pytest.mark.parametrize("before", [
    "Giao Giám đốc ", "đề nghị Chủ tịch ", "Bí thư, Chủ tịch ", "Phó Chủ tịch  ,  ", "giao ", "", "Chủ tịch",
    "các đồng chí Bộ trưởng, ", "Chủ tịch\u00a0",
])
def test_a_title_is_searched_for_where_one_may_end(before):
    grammar = agency_grammar()
    text = before + "Sở Tài chính"
    start = len(before)
    found = grammar.title_tail.search(text, max(0, start - 80), start)
    if found is not None:
        assert _may_end_with_title(grammar, text, start)
    if before in ("giao ", ""):
        assert not _may_end_with_title(grammar, text, start)


def _same(made, expected):
    assert made == expected
    assert list(made.__dict__) == list(expected.__dict__)
    assert made.__pydantic_fields_set__ == expected.__pydantic_fields_set__
    assert made.__pydantic_private__ == expected.__pydantic_private__
    assert made.model_dump_json() == expected.model_dump_json()


def test_built_models_are_the_validated_ones():
    assignee = {"name": "Sở Tài chính", "canonical": "Sở Tài chính", "role": "lead", "inherited": False, "span": (3, 15),
                    "text": "Sở Tài chính"}
    _same(built(Assignee, **assignee), Assignee(**assignee))
    deadline = {"text": "trước ngày 15/12/2025", "kind": "by", "start": None, "end": "2025-12-15", "recurrence": None,
                    "span": (0, 21)}
    _same(built(Deadline, **deadline), Deadline(**deadline))
    metric = {"text": "100%", "value": 100, "value_max": None, "unit": "%", "op": "=", "subject": None, "span": (0, 4)}
    _same(built(Metric, **metric), Metric(**metric))
    reference = {"text": "Quyết định số 12/QĐ-UBND", "doc_type": "Quyết định", "number": "12/QĐ-UBND", "date": None,
                     "issuer": None, "span": (0, 24)}
    _same(built(Reference, **reference), Reference(**reference))
    leads = [Assignee(**assignee)]
    task = {"id": "n:1", "label": "1.", "path": "1", "source_kind": "list", "product": None, "heading": None, "text": "Rà soát",
                "span": (0, 7), "page": None, "parent": None, "assignees": leads, "deadlines": [], "metrics": [], "references": []}
    made = built(Task, **task)
    _same(made, Task(**task))
    assert made.assignees is not leads  # its own list, as validation gives
    target = {"text": "Đạt 100%", "span": (0, 8), "path": "1", "metrics": [], "deadlines": []}
    _same(built(Target, **target), Target(**target))
    bare = built(Target, text="x", span=(0, 1), path="")
    assert bare.metrics == [] and bare.metrics is not built(Target, text="y", span=(0, 1), path="").metrics


def test_built_leaves_an_unknown_or_missing_field_to_validation():
    with pytest.raises(ValidationError):
        built(Assignee, name="x", canonical="x", role="lead", colour="red")
    with pytest.raises(ValidationError):
        built(Assignee, name="x", role="lead")


def test_copy_with_is_model_copy():
    assignee = Assignee(name="Sở Y tế", canonical="Sở Y tế", role="support", span=(0, 7), text="Sở Y tế")
    assignee._source_span = (1, 2)
    _same(copy_with(assignee, {"kind": "agency", "registry_id": "x"}),
          assignee.model_copy(update={"kind": "agency", "registry_id": "x"}))


@pytest.mark.parametrize("lower", [
    "tối thiểu một lần/năm", "khai thác", "hai", "thứ hai,ba", "_hai", "bahai ba", "mười1", "không có số",
    "cả ba đơn vị", "",
])
def test_a_count_in_words_is_found_where_the_look_behind_finds_it(lower):
    from extractor.recognize.metrics import _has_number_word
    from extractor.recognize.metrics import _patterns as metric_patterns
    pats = metric_patterns()
    assert pats.number_word_run is not None
    assert _has_number_word(lower, pats) is (pats.number_word.search(lower) is not None)


@pytest.mark.parametrize("window", [
    "Giao ", "đề nghị Sở Y tế phối hợp với ", "giao\n", "giao  \n", "chủ trì\nx", "thông qua ", "(qua ", "", "x",
    "UBND tỉnh giao cho ", "báo cáo về ",
])
def test_the_cues_before_a_mention_matched_from_the_end(window):
    cues = _cues()
    for pattern in (cues.preceding, cues.named_lead, cues.via):
        searched, matched = pattern.search(window), pattern.match(window)
        assert (searched is None) is (matched is None)
        if searched is not None and matched is not None:
            assert searched.span() == matched.span()


@pytest.mark.parametrize("window", [
    "hoàn thành trước ", "Quyết định số 12 ngày ", "định kỳ báo cáo ", "báo cáo kết quả\n", "", "x ", "Chủ tịch, ",
    "Giám đốc\n", "Bí thư,  Chủ tịch ", "văn bản số ",
])
def test_end_anchored_backward_patterns_matched_from_the_end(window):
    from extractor.recognize.deadlines import _patterns as deadline_patterns
    pats = deadline_patterns()
    for pattern in (pats.block_before, pats.recurring_trigger, agency_grammar().title_tail):
        searched, matched = pattern.search(window), pattern.match(window)
        assert (searched is None) is (matched is None)
        if searched is not None and matched is not None:
            assert searched.span() == matched.span()


def _opener_by_patterns(grammar, word, text, position, lists, spaced):
    """match_opener as it was: every reading's gate and pattern tried, none skipped by a word test."""
    for gate, name, after_comma, *_tests in grammar._plans[lists, spaced][word]:
        if after_comma and not (position >= 2 and text[position - 2] == "," and text[position - 1].isspace()):
            continue
        if gate is not None and grammar._pattern(gate).match(text, position) is None:
            continue
        match = grammar._pattern(name).match(text, position)
        if match is not None:
            return match
    return None


@pytest.mark.parametrize("text", [
    "giao Sở Tài chính chủ trì, phối hợp với sở, ban, ngành, các xã, phường triển khai",
    "phối hợp với doanh nghiệp, viện nghiên cứu và các tổ chức chính trị - xã hội",
    "Phối hợp với  ngành\tliên quan; giao cho UBND cấp xã, cấp huyện; Giao xã hội hóa",
    "sở Tài chính, sở tài chính, phòng Nội vụ, phòng họp, các Bộ: Tài chính, Tư pháp, các bộ phận",
    "Các Bộ Quốc phòng, Công an; các tỉnh: Gia Lai, Đắk Lắk; các cơ quan, đơn vị liên quan",
    "Văn phòng Chính phủ, Chính phủ, chính quyền địa phương, Thủ tướng Chính phủ Lê Minh Khái",
    "trường hợp, trường học, Trường Đại học Luật, cơ sở dữ liệu, cơ quan chức năng, tổ chức thi",
    "nhà đầu tư, Chủ đầu tư phối hợp, chủ đầu tư và người mua nhà, với lực lượng vũ trang, lực lượng",
    "Giaosở, vớiban, với\u00a0ban ngành, với  xã hội, cùng bộ, ngành, cùng xã",
    "Bộ trưởng, Ban hành, Ban Chỉ đạo, Ban chỉ đạo, Ban quản lý dự án, Bộ 12, Bộ ÉÂ, Sở UBND, Sở Ǆ, Bộ ǅ",
    "Trường Đại học, trường Tiểu học, trường hợp, Văn phòng Chính phủ, Văn phòng, Hội đồng nhân dân, Bộ\tTài chính",
    "Ban quản lý dự án Nhà ở tỉnh, Ban chỉ đạo Tỉnh, Sở trường Đại học Y, Phòng trường hợp",
])
def test_an_opening_word_s_readings_skipped_by_the_words_around_it(text):
    grammar = agency_grammar()
    from extractor.textutil import is_single_spaced
    for lists in (True, False):
        scan = grammar.candidates if lists else grammar.candidates_no_lists
        for spaced in {False, is_single_spaced(text)}:
            for candidate in scan.finditer(text):
                word, at = candidate.group(0), candidate.start()
                fast = grammar.match_opener(word, text, at, lists, spaced)
                slow = _opener_by_patterns(grammar, word, text, at, lists, spaced)
                assert (fast is None) is (slow is None), (word, at)
                if fast is not None and slow is not None:
                    assert (fast.span(), fast.lastgroup, fast.re.pattern) == (slow.span(), slow.lastgroup, slow.re.pattern)


def test_an_upper_case_letter_to_regex_is_never_lower_case_to_str():
    """The head reading's word test: a next word ruled out begins with a letter str.islower holds for,
    which `regex` never reads as \\p{Lu} (checked over every code point: `regex` knows a later Unicode)."""
    import sys

    import regex
    upper = regex.compile(r"\p{Lu}")
    assert not [hex(code) for code in range(sys.maxunicode + 1) if chr(code).islower() and upper.match(chr(code))]


def test_linking_with_the_notice_s_memo_is_linking_each_assignee_anew():
    """The link stage's memos (fields changed per name, span, text…, for one text and province)."""
    from extractor.pipeline import default_linker
    linker = default_linker()
    text = ("Giao Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia chủ trì; Bộ Tài chính xuất cấp; "
            "UBND tỉnh Gia Lai, Ủy ban nhân dân tỉnh Gia Lai, Sở Y tế tỉnh và các cơ quan liên quan.")

    def at(name, written=None, role="lead", inherited=False, source=None):
        written = written or name
        start = text.index(written)
        made = built(Assignee, name=name, canonical=name, role=role, inherited=inherited,
                     span=None if inherited else (start, start + len(written)), text=written)
        made._source_span = source
        return made

    vp = text.index("Văn phòng Ban chỉ đạo")
    assignees = [
        at("Văn phòng Ban"), at("Bộ Tài chính xuất cấp"), at("UBND tỉnh Gia Lai"),
        at("Ủy ban nhân dân tỉnh Gia Lai"), at("Sở Y tế tỉnh"), at("các cơ quan liên quan", role="support"),
        at("Văn phòng Ban", inherited=True, source=(vp, vp + len("Văn phòng Ban"))),
        at("Văn phòng Ban", inherited=True, source=(vp, vp + len("Văn phòng Ban"))),
        at("Ủy ban nhân dân tỉnh Gia Lai", "Gia Lai"),   # a list member: the name is not its words
        at("Văn phòng Ban"), at("Bộ Tài chính xuất cấp", role="support"), at("UBND tỉnh Gia Lai"),
    ]
    province = linker.registry.find_province("UBND TỈNH GIA LAI")
    for where in (None, province):
        fits, links = {}, {}
        for assignee in assignees:
            fitted = linker.fit_extent(assignee, text, fits)
            _same(fitted, linker.fit_extent(assignee, text))
            _same(linker.link_assignee(fitted, where, links), linker.link_assignee(fitted, where))
        assert len(fits) < len(assignees) and len(links) < len(assignees)


@pytest.mark.parametrize("text", [
    "Thực hiện từ ngày 01/3/2025 đến ngày 30/6/2025; thực hiện các nhiệm vụ trong năm 2025",
    "THỰC HIỆN TỪ THÁNG 3/2025, bắt đầu  thực hiện\ttừ quý II/2025, kể từ ngày 15/10/2025",
    "hoàn thành trước ngày 31/12/2025; chậm nhất là ngày 15/9; không muộn hơn  ngày 20/11/2025",
    "trong khoảng thời gian từ ngày 1/1 đến ngày 31/3/2026; hạn chót 30/9/2025; hạn chế",
    "định kỳ hằng tháng, hàng quý, mỗi năm; kết thúc trong tháng 10/2025; kết quả",
    "số lượng: 05 người; số liệu 12; tổ chức 02 hội nghị; tổ chức thực hiện; ban hành 03 văn bản",
    "không quá 10%, không dưới 50 người, cao hơn 5%, trình thông qua 02 đề án, xuất cấp 100 tấn",
    "Phấn đấu đạt tối thiểu 95% và  TĂNG   15%; giảm xuống còn 3%; × 2",
    "", "không có gì",
])
def test_cued_scans_try_only_where_a_whole_cue_begins(text):
    from extractor.recognize.deadlines import _patterns as deadline_patterns
    from extractor.recognize.metrics import _patterns as metric_patterns
    d = deadline_patterns()
    scans = [d.range, d.by, d.within, d.frm, d.completion, d.recurring_scan, metric_patterns().cued]
    for scan in scans:
        assert scan.phrases is not None
        assert [m.span() for m in scan.finditer(text)] == [m.span() for m in scan.pattern.finditer(text)]


def test_white_space_to_regex_is_white_space_to_str():
    """A phrase's `\\s+` to `regex` is read by `re`'s `\\s+` on the same text (every code point)."""
    import sys

    import regex
    space = regex.compile(r"\s")
    assert not [hex(c) for c in range(sys.maxunicode + 1) if space.match(chr(c)) and not re.match(r"\s", chr(c))]


@pytest.mark.parametrize("text", [
    "Giao Sở Y tế chủ trì; phối hợp với Sở Tài chính. Công an tỉnh - Sở Nội vụ: báo cáo (nếu có)!",
    " - - - ", "a - b – c -\n- d", "\n- Sở Y tế\n-\tSở Tài chính", "x.y;z:w?v!u(t)s", "", "không có dấu",
    "Sở A -  Sở B - Sở C", "a -- b - - c",
])
def test_a_clause_start_read_from_the_text_s_breaks_found_once(text):
    from extractor.recognize.roles import _clause_start, _clause_start_among
    cues = _cues()
    breaks: list[tuple[int, int]] = []
    for position in [*range(len(text) + 1), *range(len(text), -1, -1)]:  # in both orders, one list kept
        assert _clause_start_among(text, position, cues, breaks) == _clause_start(text, position, cues), position


@pytest.mark.parametrize("name", [
    "các cơ quan liên quan", "CÁC CƠ QUAN LIÊN QUAN", "Các đơn vị được giao chủ trì", "cơ quan", "Đơn Vị", "TỔ CHỨC",
    "các sở, ban, ngành có liên quan", "Các Bộ, cơ quan được phân công", "các đơn vị được giao",
    "các sở, ban, ngành", "Sở Y tế", "cơ quan chức năng", "các tổ chức chính trị - xã hội", "đơn vị sự nghiệp", "",
])
def test_a_vague_collective_is_matched_only_where_its_last_words_end_the_name(name):
    grammar = agency_grammar()
    fast = name.lower().endswith(grammar.vague_ends) and grammar.vague_re.match(name) is not None
    assert fast is (grammar.vague_re.match(name) is not None)


@pytest.mark.parametrize("after", [
    " chủ trì, phối hợp", " CHỦ TRÌ", "\tPhối hợp thực hiện", "  \n là cơ quan thường trực", " cần tiếp tục",
    " làm đầu mối", "chịu trách nhiệm chính", " thực hiện", "", " ", ", chủ trì", " chủ động", " chủtrì",
])
def test_the_cues_after_a_mention_tried_only_after_a_cue_s_first_word(after):
    cues = _cues()
    assert cues.following_any is not None
    gated = cues.following_any.match(after) if after.lstrip().lower().startswith(cues.following_firsts) else None
    plain = cues.following_any.match(after)
    assert (gated is None) is (plain is None)
    if gated is not None and plain is not None:
        assert (gated.span(), gated.lastgroup) == (plain.span(), plain.lastgroup)


def _normalize_chars_as_it_was(text):
    import unicodedata

    from extractor.normalize import _ZERO_WIDTH, _patterns
    pats = _patterns()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.isascii() and any(map(text.__contains__, _ZERO_WIDTH)):
        text = pats.zero_width.sub("", text)
    if pats.tone_gate.search(text) is not None:
        table = pats.tone_table
        text = pats.tone.sub(lambda m: table[m.group(0)], text)
    if "  " in text or pats.odd_space.search(text) is not None:
        text = pats.space.sub(" ", text)
    return text.strip()


@pytest.mark.parametrize("text", [
    "Ủy ban nhân dân tỉnh", "  hai  khoảng  trắng ", "tab\tở giữa", "không\u00a0ngắt", "em\u2003space", "a\u3000b",
    "zero\u200bwidth", "soft\u00adhyphen", "\ufeffBOM ở đầu", "hoà bình, thuỷ lợi, khoẻ", "hoà\u00a0bình", "tho\u0300i",
    "x\u202fy\u205fz", "", "   ", "ascii only", "joiner\u200d\u200c",
])
def test_a_printable_block_skips_the_zero_width_and_odd_space_searches(text):
    from extractor.normalize import normalize_chars
    assert normalize_chars(text) == _normalize_chars_as_it_was(text)


def test_the_characters_normalize_rewrites_as_space_or_drops_are_unprintable():
    import sys

    from extractor.normalize import _ZERO_WIDTH, _patterns
    odd = _patterns().odd_space
    assert not [c for c in _ZERO_WIDTH if c.isprintable()]
    assert not [hex(c) for c in range(sys.maxunicode + 1) if odd.match(chr(c)) and chr(c).isprintable()]


@pytest.mark.parametrize("text", [
    "Trên đây là thông báo kết luận", "TRÊN ĐÂY LÀ", "Nghiêm túc thực hiện./.", "nếu có khó khăn vướng mắc, báo cáo",
    "Có khó khăn, vướng mắc", "Quyết định này có hiệu lực kể từ ngày ký", "Bãi bỏ Quyết định số 12", "bãi bỏ quy định",
    "Chịu trách nhiệm thi hành Quyết định này", "Nhận Công điện này, yêu cầu", "Thông báo để các cơ quan biết, thực hiện",
    "Trân trọng cảm ơn!", "Xin cảm ơn", "(Đính kèm danh sách)", "Tải văn bản tại đây", "Giao Sở Y tế chủ trì", "",
])
def test_closing_formulas_searched_only_where_their_literal_words_are(text):
    from extractor.outline import _CLAUSES, _patterns, directive_start, is_closing_formula, is_effect_formula
    pats = _patterns()
    assert is_closing_formula(text) is any(p.search(text) for p, _ in pats.closing)
    assert is_effect_formula(text) is any(p.search(text) for p, _ in pats.effect)
    expected = None  # directive_start as it was: every pattern searched
    if not any(p.search(text) for p, _ in pats.closing_paragraph):
        for clause in _CLAUSES.finditer(text):
            if not any(p.search(clause.group(0)) for p, _ in pats.closing):
                expected = clause.start() + (len(clause.group(0)) - len(clause.group(0).lstrip()))
                break
    assert directive_start(text) == expected


@pytest.mark.parametrize("source, literal", [
    ("trên đây là", "trên đây là"), ("có khó khăn,? vướng mắc", "có khó khăn"), ("^bãi bỏ (?:a|b)", "bãi bỏ "),
    ("thông báo\\s.{0,200}", "thông báo"), ("abc|def", None), ("abc[\\](]x|def", None), ("(?x)a b c d", None),
    ("xyz{0,2}", None), ("ab", None), ("[]|]abc", None), ("(?:xin|chân thành) cảm ơn", None), ("ABC[|]d", "abc"),
])
def test_a_pattern_s_leading_literal_words(source, literal):
    from extractor.outline import _leading_literal
    assert _leading_literal(source) == literal


def test_mentions_cut_out_in_one_go_as_one_after_the_other():
    """assemble's text without its mentions: random spans, titles, ties, overlaps, out-of-range ends."""
    import random

    from extractor.assemble import _cut_mentions
    from extractor.recognize.agencies import AgencyMention

    def as_it_was(text, offset, mentions):
        rest = text
        for mention in sorted(mentions, key=lambda m: -m.span[0]):
            s, e = mention.title_start - offset, mention.span[1] - offset
            rest = rest[:max(0, s)] + " " + rest[e:]
        return rest

    rng = random.Random(10)
    text = "Giao Giám đốc Sở Y tế chủ trì, phối hợp với Sở Tài chính và UBND cấp xã triển khai."
    for _ in range(3000):
        offset = rng.choice([0, 7])
        mentions = []
        for _ in range(rng.randint(1, 4)):
            a = rng.randint(-2, len(text) + 2) + offset
            b = a + rng.randint(-1, 12)
            title = a - rng.choice([0, 0, 3, 9])
            mentions.append(AgencyMention(name="x", canonical="x", span=(a, b), text="x", title_start=title,
                                          kind="head"))
        assert _cut_mentions(text, offset, mentions) == as_it_was(text, offset, mentions)


@pytest.mark.parametrize(("text", "mentions"), [
    # a collective of functional units with its owner after it is the owner, over all the words
    ("các cơ quan chức năng của Bộ Nông nghiệp và Môi trường",
     [("Bộ Nông nghiệp và Môi trường", "các cơ quan chức năng của Bộ Nông nghiệp và Môi trường")]),
    ("cơ quan chức năng của Bộ Tài chính", [("Bộ Tài chính", "cơ quan chức năng của Bộ Tài chính")]),
    # a line of one mention or none is left as it is; a collective of another kind keeps its owner apart
    ("Sở Y tế", [("Sở Y tế", "Sở Y tế")]),
    ("các cơ quan của Quốc hội", [("các cơ quan", "các cơ quan"), ("Quốc hội", "Quốc hội")]),
    ("không có cơ quan nào", [("cơ quan", "cơ quan")]),
    ("", []),
])
def test_owners_for_units_names_the_owner_and_leaves_other_lines_as_they_are(text, mentions):
    from extractor.recognize.agencies import find_agencies
    assert [(m.name, m.text) for m in find_agencies(text)] == mentions


@pytest.mark.parametrize(("text", "names"), [
    # a collective and its description, or the bodies its parentheses list
    ("Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm:",
     ["Các đơn vị cấp nước sạch trên địa bàn thành phố"]),
    ("Các cơ quan đăng ký đầu tư (Sở Tài chính, Sở Kế hoạch và Đầu tư):", ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]),
    ("Đề nghị các doanh nghiệp hoạt động trong lĩnh vực xây dựng:",
     ["các doanh nghiệp hoạt động trong lĩnh vực xây dựng"]),
    # no collective first, or none described: none
    ("Sở Tài chính chủ trì:", None), ("Các cơ quan", None), ("Triển khai thực hiện kế hoạch", None),
    ("Giao các sở, ban, ngành tỉnh:", None),
])
def test_a_described_collective_read_only_after_a_collective(text, names):
    from extractor import assemble
    from extractor.recognize import NodeFacts
    from extractor.recognize.agencies import find_agencies
    found = assemble._described_collective(text, NodeFacts(span=(0, len(text)), mentions=find_agencies(text)))
    assert (None if found is None else [a.name for a in found]) == names



_PHRASE_TEXTS = ("Giao cơ quan kiểm tra, Cơ quan hải quan và CƠ QUAN KIỂM TRA; cơ quan thuế, cơ quan hải quanx",
                 "Sở tư pháp, sở du lịch, SỞ TƯ PHÁP, Sở Tư pháp; cơ quan, Cơ quan; cơ  quan\tkiểm tra", "")


@pytest.mark.parametrize("phrases", [
    # the same phrases in either case, those of one length in another order under each: one class
    ["Cơ quan hải quan", "Cơ quan kiểm tra", "cơ quan kiểm tra", "cơ quan hải quan", "cơ quan", "Cơ quan"],
    ["Sở tư pháp", "Sở du lịch", "sở du lịch", "sở tư pháp"],
    # not the same phrases under each case: kept one by one
    ["Sở Tư pháp", "sở tư pháp", "Sở Tài chính"],
    ["Cơ quan kiểm tra", "cơ quan hải quan", "Cơ quan", "cơ quan thuế"],
])
@pytest.mark.parametrize("ignore_case", [False, True])
def test_the_phrase_tree_finds_what_the_phrases_longest_first_find(phrases, ignore_case):
    """`alternation` factors phrases written in either case under one class ("[Cc]ơ quan …") when the
    same phrases follow each case, whatever order the phrases of one length come in."""
    import regex

    from extractor.rules import _branches, _phrase, alternation

    flags = regex.I if ignore_case else 0
    tree = regex.compile(alternation(phrases, boundary=False), flags)
    flat = regex.compile("(?:" + "|".join(_phrase(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")",
                         flags)
    for text in _PHRASE_TEXTS:
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]
    # given longest first, as `alternation` orders them (here the phrases of one length in the order written)
    same = {p[1:] for p in phrases if p[0].isupper()} == {p[1:] for p in phrases if p[0].islower()}
    assert (re.match(r"\[\w\w\]", _branches(sorted(phrases, key=len, reverse=True), False)) is not None) is same
