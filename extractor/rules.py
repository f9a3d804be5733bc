"""Load the reviewed vocabulary in rules/*.yaml, validate it with pydantic, once per process.

The code compiles these lists into patterns; nothing Vietnamese-specific that a reviewer might want to
change lives in the code. A malformed file raises RulesError naming the file and the field.
"""

from __future__ import annotations

import os
import unicodedata
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import regex
from pydantic import Field, StringConstraints, ValidationError, field_validator, model_validator

from .errors import RulesError
from .models import DocType, Recurrence
from .records import Record, fields, validate

RULES_DIR_ENV = "NHIEMVU_RULES"
REGISTRY_DIR_ENV = "NHIEMVU_REGISTRY"


class _Strict(Record):
    # a plain record, its pydantic model made on the first validation: a run that reads the compiled
    # grammar from its disk cache never validates, and skips making them (start-up time)
    pass


def _non_empty(values: list[str]) -> list[str]:
    cleaned = [v for v in values if v and v.strip()]
    if len(cleaned) != len(values):
        raise ValueError("empty entry")
    return values


class AbbreviationRules(_Strict):
    expansions: dict[str, str]


class CollectiveRules(_Strict):
    introducers: list[str]
    safe_units: list[str]
    space_joined_units: list[str]
    units: list[str]
    not_after_cues: list[str]
    unit_lookalikes: list[str]
    list_opening_units: list[str]
    other_units: list[str]
    qualifiers: list[str]


class VagueRules(_Strict):
    units: list[str]
    qualifiers: list[str]
    assigned_qualifiers: list[str]
    bare: list[str]


class ScoringRules(_Strict):
    dropped_words: list[str] = Field(min_length=1)
    neutral_determiners: list[str] = Field(min_length=1)


class KindRules(_Strict):
    person: list[str]
    enterprise: list[str]
    association: list[str]
    collective: list[str]


class ProvinceListRules(_Strict):
    heads: list[str]
    domain_heads: list[str]
    bare: list[str]
    units: list[str]
    unit_tails: list[str]
    unit_abbreviations: dict[str, str]
    singling_words: list[str]


class RelativeTailRules(_Strict):
    openers: list[str]
    max_words: int = Field(ge=1)
    predicate_openers: list[str]


class RestrictiveTailRules(_Strict):
    fixed: list[str]
    range_words: list[str]
    region_words: list[str]
    relative: RelativeTailRules


class NameWordRules(_Strict):
    plural: list[str] = Field(min_length=1)
    every_level: list[str] = Field(min_length=1)
    subordinate: list[str] = Field(min_length=1)
    owner: list[str] = Field(min_length=1)
    numbered_after: list[str] = Field(min_length=1)


class PlaceSubjectRules(_Strict):
    units: list[str]
    followers: list[str]


class BareTitleRules(_Strict):
    title: str
    agency: str
    before: list[str]
    own_words: list[str] = Field(default=[])  # the body's own words after the title ("tỉnh ủy, thành ủy")
    shares_locality: bool = False    # the body takes the locality of the next name


class DescribedNameRules(_Strict):
    heads: list[str] = Field(min_length=1)
    anchors: list[str] = Field(min_length=1)
    compounds: list[str] = Field(default_factory=list)


class AgencyRules(_Strict):
    titles: list[str]
    bare_titles: list[BareTitleRules]
    local_government: list[str]
    levels: list[str]
    localities: list[str]
    named: list[str]
    heads: list[str]
    heads_without_name: list[str]
    heads_before_one_place: list[str]
    heads_alone: list[str] = Field(default_factory=list)
    domains: list[str]
    lowercase_heads: list[str]
    lowercase_head_suffixes: list[str]
    described_names: DescribedNameRules
    collective: CollectiveRules
    vague_collective: VagueRules
    scoring: ScoringRules
    list_joiners: list[str]
    cell_fillers: list[str] = Field(min_length=1)
    provision_words: list[str] = Field(min_length=1)
    provision_leads: list[str]
    name_stopwords: list[str]
    kinds: KindRules
    province_lists: ProvinceListRules
    person_offices: list[str]
    restrictive_tails: RestrictiveTailRules
    owned_unit_words: list[str]
    name_words: NameWordRules
    place_subject: PlaceSubjectRules
    place_name_breakers: list[str]
    colon_list_heads: list[str]
    brand_list_heads: list[str] = Field(default_factory=list)
    colon_list_companions: list[str]
    apposition_openers: list[str]
    named_with_place: list[str]
    joiner_symbols: list[str]
    owner_suffixes: list[str]

    _check = field_validator("titles", "heads", "domains", "named", "name_stopwords")(_non_empty)


class CueList(_Strict):
    preceding: list[str]
    following: list[str]


class RoleRules(_Strict):
    directive_cues: list[str]
    lead: CueList
    support: CueList
    report_to: CueList
    pseudo: CueList
    termination: list[str]
    clause_openers: list[str]
    list_separators: list[str]
    named_lead_cues: list[str]
    via_cues: list[str] = Field(min_length=1)
    past_markers: list[str] = Field(min_length=1)


class MarkerRule(_Strict):
    kind: str
    rank: int = Field(ge=0)
    pattern: str
    bullet: bool = False  # a glyph, not a numbering: its rank among other glyphs is the order they first nest in

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        compiled = regex.compile(value)
        if "label" not in compiled.groupindex:
            raise ValueError("marker pattern needs a (?P<label>...) group")
        return value


class OutlineRules(_Strict):
    markers: list[MarkerRule]
    first_labels: list[str]
    ordinal_words: list[str]
    count_words: list[str]
    letters: list[str]
    part_heading_words: list[str] = Field(min_length=1)
    bullet_glyphs: list[str] = Field(min_length=1)

    @field_validator("bullet_glyphs")
    @classmethod
    def _one_character_each(cls, glyphs: list[str]) -> list[str]:
        if any(len(g) != 1 or g.isalnum() or g.isspace() for g in glyphs):
            raise ValueError("each bullet glyph is one character, neither a letter, a digit nor a space")
        return glyphs

    @model_validator(mode="after")
    def _glyphs_are_the_bullet_markers(self) -> OutlineRules:
        # the glyphs are written twice, as a list and inside the bullet markers' patterns: the two must name
        # the same glyphs, or a line would open an item that layout never sees as one (or the other way)
        patterns = [regex.compile(m.pattern) for m in self.markers if m.bullet]
        opens = {g for g in self.bullet_glyphs if any(p.match(f"{g} Sở Y tế") for p in patterns)}
        if missing := [g for g in self.bullet_glyphs if g not in opens]:
            raise ValueError(f"bullet_glyphs {missing} open no item: no marker with bullet: true matches them")
        if unlisted := [m.kind for m, p in zip([m for m in self.markers if m.bullet], patterns)
                        if not any(p.match(f"{g} Sở Y tế") for g in self.bullet_glyphs)]:
            raise ValueError(f"bullet markers {unlisted} match none of bullet_glyphs")
        return self


class SectionRules(_Strict):
    non_task: list[str]
    target: list[str]
    task: list[str]
    appraisal_openers: list[str]
    descriptive_openers: list[str]
    content_openers: list[str]
    topic_openers: list[str]
    topic_only_openers: list[str]
    heading_max_words: int = Field(gt=0)
    short_heading_words: int = Field(gt=0)
    colon_label_words: int = Field(gt=0)
    heading_line_words: int = Field(gt=0)
    agency_heading_max_words: int = Field(gt=0)
    action_words: list[str]
    result_after_subject: list[str]
    quotation_marks: list[Annotated[str, StringConstraints(min_length=2, max_length=2)]]
    paragraph_action_words: list[str]
    agency_heading_openers: list[str]
    agency_heading_trailers: list[str]
    descriptive_units: list[str]
    spec_label_extra_words: int = Field(ge=0)
    attribute_label_tails: list[str]
    label_lead_in_words: int = Field(ge=0)
    determiners: list[str]
    two_part_task_words: list[str]
    definition_subject_chars: int = Field(gt=0)
    definition_copulas: list[str]
    definition_articles: list[str]
    definition_complements: list[str]
    money_units: list[str]
    lead_in_endings: list[str]
    generic_lead_in: dict[Literal["verbs", "nouns", "qualifiers"], list[str]]
    generic_lead_in_endings: list[str] = Field(min_length=1)
    agency_item_fillers: list[str] = Field(min_length=1)
    generic_actions: list[str]
    closing_formulas: list[str]
    effect_formulas: list[str]
    closing_paragraphs: list[str]
    section_word_name_heads: list[str]
    section_tail_endings: list[str] = Field(min_length=1)
    section_heading_openers: list[str] = Field(min_length=1)
    content_list_endings: list[str]
    verb_like_section_words: list[str]
    time_note_openers: list[str]
    report_openers: list[str]
    attribute_labels: dict[Literal["lead", "support", "time", "product", "task", "other"], list[str]]
    table_columns: dict[Literal["label", "task", "lead", "support", "time", "product", "result"], list[str]]
    target_columns: list[str]
    task_table_header_cells: list[str] = Field(min_length=1)
    task_table_header_starts: list[str] = Field(min_length=1)

    @field_validator("generic_actions", "closing_formulas", "effect_formulas", "closing_paragraphs")
    @classmethod
    def _patterns_compile(cls, values: list[str]) -> list[str]:
        for value in values:
            regex.compile(value)
        return values

    @model_validator(mode="after")
    def _target_columns_are_task_columns(self) -> SectionRules:
        stray = set(self.target_columns) - set(self.table_columns.get("task", []))
        if stray:
            raise ValueError(f"target_columns not among the task columns: {sorted(stray)}")
        return self


class RecurrenceRules(_Strict):
    words: dict[str, Recurrence | None]
    prefixes: list[str]
    triggers: list[str]
    periodic_words: list[str] = Field(min_length=1)
    purpose_words: list[str] = Field(min_length=1)


class EventRules(_Strict):
    openers: list[str]
    narrative_verbs: list[str]
    max_chars: int = Field(ge=10)


class RelativeRules(_Strict):
    number_openers: list[str] = Field(min_length=1)
    units: dict[str, str]
    anchors: list[str]
    immediate: list[str] = Field(min_length=1)
    term_cues: list[str] = Field(min_length=1)
    signing_anchors: list[str]
    events: EventRules


class BlockerRules(_Strict):
    before: list[str]
    after: list[str]
    name_periods: list[str]
    name_nouns: list[str]
    name_chars: int = Field(gt=0)
    self_reference: list[str]
    topic_openers: list[str] = Field(default_factory=list)
    topic_chars: int = Field(default=200, gt=0)


class DeadlineRules(_Strict):
    by_cues: list[str]
    before_cues: list[str] = Field(min_length=1)
    after_cues: list[str] = Field(default_factory=list)
    year_target_cues: list[str] = Field(default_factory=list)
    within_cues: list[str]
    from_cues: list[str]
    range_separators: list[str]
    range_from_now: list[str]
    slot_labels: list[str]
    completion_verbs: list[str]
    recurrence: RecurrenceRules
    relative: RelativeRules
    half_years: dict[str, tuple[int, int]]
    number_words: dict[str, int]
    quarters: dict[str, int]
    blockers: BlockerRules
    paren_range_words: list[str]
    reporting_subjects: list[str] = Field(min_length=1)
    year_parts: dict[str, Literal["first", "last"]]
    end_words: list[str] = Field(min_length=1)
    range_openers: list[str] = Field(min_length=1)
    phase_words: list[str] = Field(min_length=1)


class TargetReferenceRules(_Strict):
    cues: dict[Literal[">=", ">", "<", "<="], list[str]]
    nouns: list[str] = Field(min_length=1)


class PhraseUnitRules(_Strict):
    heads: list[str] = Field(min_length=1)
    max_words: int = Field(gt=0)
    stops: list[str] = Field(min_length=1)
    name_heads: list[str]


class MetricRules(_Strict):
    ops: dict[str, list[str]]
    count_units: list[str]
    phrase_units: PhraseUnitRules
    preposition_cues: list[str]
    prescriptive_bounds: list[str]
    contribution_markers: list[str]
    request_topics: list[str]
    rate_periods: list[str]
    rate_noun_words: int = Field(ge=0)
    number_words: dict[str, int]
    target_references: TargetReferenceRules
    percent_units: list[str]
    past_markers: list[str]
    relative_markers: list[str]
    range_pattern_words: dict[str, list[str]]
    subject_stops: list[str]
    subject_max_words: int = Field(gt=0)
    time_units: list[str]
    time_anchors: list[str]
    joining_words: list[str]
    number_lead_words: list[str]

    @field_validator("ops")
    @classmethod
    def _known_ops(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - {">=", ">", "<", "<=", "="}
        if unknown:
            raise ValueError(f"unknown operators {sorted(unknown)}")
        return value

    @model_validator(mode="after")
    def _relative_markers_are_past_markers(self) -> MetricRules:
        stray = set(self.relative_markers) - set(self.past_markers)
        if stray:
            raise ValueError(f"relative_markers not among past_markers: {sorted(stray)}")
        return self

    @model_validator(mode="after")
    def _cue_lists_are_cues(self) -> MetricRules:
        cues = {cue for cues in self.ops.values() for cue in cues}
        for name, words in (("preposition_cues", self.preposition_cues), ("prescriptive_bounds", self.prescriptive_bounds)):
            stray = set(words) - cues
            if stray:
                raise ValueError(f"{name} not among ops: {sorted(stray)}")
        return self

    @model_validator(mode="after")
    def _phrase_heads_are_count_units(self) -> MetricRules:
        stray = set(self.phrase_units.heads) - set(self.count_units)
        if stray:
            raise ValueError(f"phrase_units heads not among count_units: {sorted(stray)}")
        return self


class ReferenceRules(_Strict):
    doc_types: list[str]
    connectors: list[str] = Field(min_length=1)
    issuer_words: list[str] = Field(min_length=1)


class HeaderRules(_Strict):
    doc_type_words: dict[str, DocType]
    urgency_words: list[str] = Field(min_length=1)
    symbol_codes: dict[str, DocType]
    motto_lines: list[str]
    number_label: str
    subject_label: str
    salutation: str
    recipients_label: str
    archive_label: str
    authorities: list[str]
    authority_aliases: dict[str, str]
    issuer_casing: dict[str, str]
    issuer_localities: list[str]
    signer_titles: list[str]
    news_markers: list[str]
    relay_cues: list[str]
    open_line_endings: list[str] = Field(min_length=1)
    attachment_words: list[str] = Field(min_length=1)
    addressee_endings: list[str] = Field(min_length=1)
    attachment_notes: list[str] = Field(min_length=1)
    signed_marks: list[str] = Field(min_length=1)
    place_issuers: list[str]
    place_issuer_unit: str
    page_words: list[str] = Field(min_length=1)


class DateRules(_Strict):
    """The words of the one date grammar (rules/dates.yaml)."""

    day: str = Field(min_length=1)
    month: str = Field(min_length=1)
    quarter: str = Field(min_length=1)
    year: str = Field(min_length=1)
    weekdays: dict[str, Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]]
    hour_words: list[str] = Field(min_length=1)
    minute_words: list[str] = Field(min_length=1)


class OcrRules(_Strict):
    """How OCR misreads dates and table separators (rules/ocr.yaml), for the OCR text repairs."""

    bar_look_alikes: list[str] = Field(min_length=1)
    slash_look_alikes: list[str] = Field(min_length=1)
    min_edit_length: int = Field(ge=3)

    @field_validator("bar_look_alikes", "slash_look_alikes")
    @classmethod
    def _single_characters(cls, values: list[str]) -> list[str]:
        if any(len(v) != 1 for v in values):
            raise ValueError("each look-alike is one character")
        return values


class LanguageRules(_Strict):
    common_syllables: list[str]
    minimum_share: float = Field(gt=0, lt=1)


# --- rules/registry/: the agency registry (compiled by extractor/registry.py) ---------------------------
Level = Literal["trung_uong", "tinh", "xa", "khac"]
Kind = Literal["agency", "enterprise", "association", "party", "person_office"]


class RegistryEntry(_Strict):
    id: str
    name: str
    short: list[str]
    aliases: list[str]
    code: str | None
    level: Level
    kind: Kind
    successor: str | None       # the body that took its work (2025 reorganisation)
    successor_date: str | None  # when it was merged (or abolished, without a successor); null if unknown

    @model_validator(mode="after")
    def _well_formed(self) -> RegistryEntry:
        if not regex.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", self.id):
            raise ValueError(f"id {self.id!r} is not a lower-case ASCII slug")
        if unicodedata.normalize("NFC", self.name) != self.name:
            raise ValueError(f"{self.id}: name is not NFC")
        return self


class PlaceWords(_Strict):
    province_units: list[str]   # "tỉnh", "thành phố" before a province's name
    local_units: list[str]      # "xã", "phường", "khu vực" before a commune's or region's own name
    plural_words: list[str]     # "các": "UBND các xã, phường" is the body of every commune
    level_words: list[str] = Field(min_length=1)  # "cấp": "UBND cấp huyện" names a level, not a place
    province_unit: str = Field(min_length=1)  # the unit of a province ("tỉnh Hà Tĩnh")
    city_unit: str = Field(min_length=1)      # the unit of a centrally-run city ("thành phố Huế")


class AddedProvince(_Strict):
    name: str
    unit: str  # place_words' province_unit or city_unit


class RegistryFile(_Strict):
    source: str
    place_words: PlaceWords | None = None
    entries: list[RegistryEntry]
    # provincial templates named by the bare province ("Tỉnh ủy Hà Tĩnh", not "… tỉnh Hà Tĩnh")
    bare_place: list[str] = Field(default=[])
    # words a template's name takes in a centrally-run city ("Tỉnh ủy" -> "Thành ủy")
    city_forms: dict[str, str] = Field(default={})
    # names a province went by before ("Thừa Thiên Huế" -> "Huế")
    province_aliases: dict[str, str] = Field(default={})
    # current provinces the package vietnam-provinces does not list: a new province is a data change
    added_provinces: list[AddedProvince] = Field(default=[])


class FormerProvince(_Strict):
    name: str
    unit: str  # place_words' province_unit or city_unit
    successor: str | None


class FormerProvinces(_Strict):
    source: str
    provinces: list[FormerProvince]


class RegistryRules(_Strict):
    """The files of rules/registry/ (or $NHIEMVU_REGISTRY), one field per file."""

    central: RegistryFile
    provincial: RegistryFile
    local: RegistryFile
    former_provinces: FormerProvinces


class Rules(_Strict):
    abbreviations: AbbreviationRules
    agencies: AgencyRules
    roles: RoleRules
    outline: OutlineRules
    sections: SectionRules
    deadlines: DeadlineRules
    metrics: MetricRules
    references: ReferenceRules
    header: HeaderRules
    language: LanguageRules
    dates: DateRules
    ocr: OcrRules
    registry: RegistryRules  # read from the rules directory's registry/ (see `registry_dir`)


def rules_dir() -> Path:
    override = os.environ.get(RULES_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "rules"


def registry_dir(rules_directory: Path | None = None) -> Path:
    """The registry of a rules directory given: its registry/; else $NHIEMVU_REGISTRY, else the
    registry/ of the rules directory in force."""
    if rules_directory is not None:
        return rules_directory / "registry"
    return Path(os.environ.get(REGISTRY_DIR_ENV) or rules_dir() / "registry")


def read_yaml(path: Path) -> dict[str, Any]:
    """A rules file as a mapping; RulesError names the file when it is missing or malformed."""
    import yaml  # here: a run that finds its compiled grammar on disk reads no YAML

    # libyaml's safe loader when PyYAML was built with it (ten times faster on the registry)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=loader)
    except FileNotFoundError as exc:
        raise RulesError(f"missing rules file {path}") from exc
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{path}: expected a mapping at the top level")
    return data


@cache
def load_rules(directory: str | None = None) -> Rules:
    """All rule files (the registry's too), validated; cached so each process reads them once."""
    base = Path(directory) if directory else rules_dir()
    registry = registry_dir(Path(directory) if directory else None)
    raw: dict[str, Any] = {name: read_yaml(base / f"{name}.yaml") for name in fields(Rules) if name != "registry"}
    raw["registry"] = {name: read_yaml(registry / f"{name}.yaml") for name in fields(RegistryRules)}
    try:
        return validate(Rules, raw)
    except ValidationError as exc:
        raise RulesError(f"rules in {base} failed validation:\n{_explain(exc, base, registry)}") from exc


def _explain(exc: ValidationError, base: Path, registry: Path) -> str:
    """One line per error naming the file and the key: a rules directory written for an older
    version lacks the keys added since, and its owner has to know where to add which."""
    lines = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        if loc[0] == "registry" and len(loc) > 1:
            path, key = registry / f"{loc[1]}.yaml", loc[2:]
        else:
            path, key = base / f"{loc[0]}.yaml", loc[1:]
        where = ".".join(key) or "(top level)"
        if error["type"] == "missing":
            lines.append(f"{path}: missing key {where!r}")
        else:
            lines.append(f"{path}: {where}: {error['msg']}")
    return "\n".join(lines)


def alternation(words: list[str], *, boundary: bool = True, backwards: bool = False) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace.

    The phrases are factored on their common beginnings ("Sở (?:Nội vụ|Tài chính)"): `regex` tries
    the branches of an alternation one after the other, and the lists of rules/ are long. The tree
    tries the same phrases in the same order (at one place in the text the phrases that match are
    each the beginning of the next, and the longer one is tried first), with or without IGNORECASE.
    `backwards`: for a pattern compiled with regex.REVERSE, which reads from the end: the phrases are
    factored on their common endings instead.
    """
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    tree = _phrase_tree(parts, backwards)
    body = tree if tree is not None else "(?:" + "|".join(_phrase(p) for p in parts) + ")"
    if boundary:
        return r"(?<![\p{L}\p{N}])" + body + r"(?![\p{L}\p{N}])"
    return body


def _phrase(phrase: str) -> str:
    return regex.escape(phrase).replace(r"\ ", r"\s+")


def _phrase_tree(parts: list[str], backwards: bool) -> str | None:
    """`parts` (longest first) as one alternation factored on common beginnings (endings when
    `backwards`); None when a phrase has spaces the tree cannot keep apart (leading, trailing,
    doubled, or not a plain space)."""
    for part in parts:
        if part != part.strip() or "  " in part or any(c.isspace() and c != " " for c in part):
            return None
    if backwards:
        return "(?:" + _branches([p[::-1] for p in parts], True) + ")"
    return "(?:" + _branches(parts, False) + ")"


def _branches(suffixes: list[str], backwards: bool) -> str:
    """The alternation of `suffixes` (longest first; "" ends a phrase here, so it is tried last);
    `backwards`: the suffixes are written reversed, each branch is read from its end."""
    groups: dict[str, list[str]] = {}
    for suffix in suffixes:
        if suffix:
            first = suffix[0].casefold()
            groups.setdefault(first if len(first) == 1 else suffix[0], []).append(suffix)
    branches = []
    for group in groups.values():
        by_char: dict[str, list[str]] = {}
        for suffix in group:
            by_char.setdefault(suffix[0], []).append(suffix[1:])
        rests = list(by_char.values())
        if len(by_char) == 1:
            char = next(iter(by_char))
            atom = r"\s+" if char == " " else regex.escape(char)
        elif all(set(rest) == set(rests[0]) for rest in rests[1:]):
            # the same phrases under "C" and "c" ("Các"/"các"): one class, alike in either case mode (in
            # any order: phrases of one length that differ never match at one place, and in either case
            # alike only where they match the same characters)
            atom = "[" + "".join(regex.escape(c) for c in sorted(by_char)) + "]"
        else:  # letters that differ in case only, before different phrases: kept as a plain list
            branches.append("(?:" + "|".join(_phrase(s[::-1] if backwards else s) for s in group) + ")")
            continue
        rest = _branches(rests[0], backwards)
        branches.append(rest + atom if backwards else atom + rest)
    if "" in suffixes:
        branches.append("")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def restrictive_tail_source(tails: RestrictiveTailRules) -> str:
    """One or more restrictive tails after a plural name ("ven biển từ Đà Nẵng đến Lâm Đồng")."""
    place = r"\p{Lu}[\p{L}\p{M}]*(?:\s+\p{Lu}[\p{L}\p{M}]*){0,3}"
    ranged = (rf"{alternation(tails.range_words[:1])}\s+{place}\s+"
              rf"{alternation(tails.range_words[1:])}\s+{place}")
    region = rf"{alternation(tails.region_words)}\s+{place}"
    rel = tails.relative
    predicate = rf"{alternation(rel.predicate_openers)}(?![\p{{L}}])"
    # lower-case words (a comma may join two: "mưa, lũ"), the fewest that reach the clause's verb
    word = rf"(?:,?\s+(?!{predicate})\p{{Ll}}[\p{{L}}\p{{M}}]*)"
    relative = (rf"(?!{predicate}){alternation(rel.openers)}(?![\p{{L}}]){word}{{1,{rel.max_words}}}?"
                rf"(?=\s+{predicate})")
    return rf"(?:\s+(?:{alternation(tails.fixed)}|{ranged}|{region}|{relative}))+(?![\p{{L}}\p{{N}}])"
