"""The agency registry: who an agency name refers to, as data (rules/registry/*.yaml).

A tracker needs "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT" and "SKHĐT" to be one agency, and since the 2025
reorganisation it needs to know who does that work now. Agencies are ours to keep as data (each file
says where its parts came from); places are not: provinces come from the registry packages
`vietnam-provinces` (the 34 provinces from 1 July 2025) and `vietnamadminunits` (the 63 before, and
which new province took each old one).

Entries of provincial.yaml are templates: "Sở Nội vụ" in a notice of Ủy ban nhân dân tỉnh Lào Cai is
"Sở Nội vụ tỉnh Lào Cai", registry id "so-noi-vu@lao-cai".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
from pydantic import ValidationError

from .errors import RulesError
from .records import fields, validate
from .rules import (
    Kind,
    Level,
    PlaceWords,
    RegistryEntry,
    RegistryFile,
    RegistryRules,
    read_yaml,
    registry_dir,
)
from .textutil import expand_abbreviations, fold

REGISTRY_FILES = ("central", "provincial", "local")
TEMPLATE_FILE = "provincial"


@dataclass(frozen=True, slots=True)
class Province:
    name: str          # "Hà Tĩnh", "Hồ Chí Minh"
    unit: str          # place_words' province_unit ("tỉnh") or city_unit ("thành phố")
    slug: str          # "ha-tinh"
    current: bool      # one of the 34 provinces from 1 July 2025
    successor: str | None = None  # slug of the province that took it over (old provinces)

    @property
    def phrase(self) -> str:
        return f"{self.unit} {self.name}"


@dataclass(frozen=True, slots=True)
class Match:
    entry: RegistryEntry
    province: Province | None
    canonical: str
    place: str | None = None      # a commune's or district's own name ("xã Tân Phú")

    @property
    def registry_id(self) -> str:
        if self.province is not None and self.entry.level == "tinh":
            return f"{self.entry.id}@{self.province.slug}"
        if self.place is not None:
            return f"{self.entry.id}@{slugify(self.place)}"
        return self.entry.id

    @property
    def level(self) -> Level:
        return self.entry.level

    @property
    def kind(self) -> Kind:
        return self.entry.kind

    @property
    def current(self) -> str | None:
        """Registry id of the body that does this work today, when it was merged or its province was."""
        successor = self.entry.successor
        province = self.province
        if province is not None and self.entry.level == "tinh":
            target = province.successor or province.slug
            if successor is None and province.successor is None:
                return None
            return f"{successor or self.entry.id}@{target}"
        return successor


def slugify(text: str) -> str:
    return "-".join(fold(text).split())




_MEMO_LIMIT = 100_000  # names remembered by a registry's memos before they start over


class Registry:
    """Entries indexed by every written form; `resolve` maps a name (and the issuer's province) to one."""

    def __init__(self, files: dict[str, RegistryFile], provinces: list[Province]):
        self.files = files
        words = _place_words(files)
        self.unit_words = tuple(words.province_units)
        self.plural = frozenset(fold(w) for w in words.plural_words)
        self.level_words = tuple(words.level_words)
        self.province_unit = words.province_unit
        self.entries: dict[str, RegistryEntry] = {}
        self.templates: set[str] = set()
        self.bare_place: set[str] = set()
        self.city_forms: dict[str, str] = {}
        self._forms: dict[str, RegistryEntry] = {}
        for file_name, data in files.items():
            self.bare_place.update(data.bare_place)
            self.city_forms.update(data.city_forms)
            for entry in data.entries:
                if entry.id in self.entries:
                    raise RulesError(f"registry: id {entry.id!r} defined twice")
                self.entries[entry.id] = entry
                if file_name == TEMPLATE_FILE:
                    self.templates.add(entry.id)
        for entry in self.entries.values():
            if entry.successor is not None and entry.successor not in self.entries:
                raise RulesError(f"registry: {entry.id}: successor {entry.successor!r} is no entry")
            for form in (entry.name, *entry.short, *entry.aliases):
                key = self._key(form)
                if key and key not in self._forms:
                    self._forms[key] = entry
        # every word-prefix of a known form: a name can only grow into a known one through these
        self.prefixes = frozenset(" ".join(key.split()[:n]) for key in self._forms for n in range(1, len(key.split()) + 1))
        self._resolved: dict[tuple[str, str | None], Match | None] = {}
        self._keys: dict[str, str] = {}  # written name -> its key, as `_resolved` (the link stage asks again and again)
        self.provinces = provinces
        self._province_by_key: dict[str, Province] = {}
        for province in sorted(provinces, key=lambda p: not p.current):
            self._province_by_key.setdefault(fold(province.name), province)
        aliases = {old: new for data in files.values() for old, new in data.province_aliases.items()}
        for old, new in aliases.items():
            if fold(new) in self._province_by_key:
                self._province_by_key.setdefault(fold(old), self._province_by_key[fold(new)])
        names = sorted({p.name for p in provinces} | set(aliases), key=len, reverse=True)
        units = "|".join(regex.escape(u) for u in self.unit_words)
        self._unit_prefix = regex.compile(rf"^(?:{units})\s+", regex.I)  # "tỉnh Hà Tĩnh" -> "Hà Tĩnh"
        self._province_tail = regex.compile(
            rf"(?:\s+(?P<unit>{units}))?\s+(?P<province>{'|'.join(regex.escape(n) for n in names)})\s*$",
            regex.I)
        self._province_anywhere = regex.compile(
            rf"(?<![\p{{L}}])(?P<province>{'|'.join(regex.escape(n) for n in names)})(?![\p{{L}}])", regex.I)
        levels = "|".join(regex.escape(w) for w in self.level_words)
        self._unit_tail = regex.compile(rf"\s+(?:(?:{levels})\s+)?(?:{units})\s*$", regex.I)
        local = "|".join(regex.escape(u) for u in words.local_units)
        self._local_tail = regex.compile(
            rf"^(?P<head>.+?\s(?P<unit>(?i:{local})))\s+(?P<place>[\p{{Lu}}\d][\p{{L}}\p{{M}}\d'’\-]*(?:\s+[\p{{Lu}}\d][\p{{L}}\p{{M}}'’\-]*)*)\s*$")

    # Pickled with the grammar's disk cache without the memo of resolved names: that is what one run's
    # documents named, not rules data (the cache would otherwise keep whichever run saved it).
    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_resolved": {}, "_keys": {}}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def _key(self, form: str) -> str:
        text = unicodedata.normalize("NFC", form)  # the old tone placement ("Uỷ") folds away below
        # "Ủy ban nhân dân các xã, phường" is the body of every commune: the plural word goes
        return " ".join(w for w in fold(expand_abbreviations(text)).split() if w not in self.plural)

    def _provincial_name(self, entry: RegistryEntry, where: Province) -> str:
        name = entry.name
        if where.unit != self.province_unit:
            for word, city_word in self.city_forms.items():
                name = name.replace(word, city_word)
        return f"{name} {where.name}" if entry.id in self.bare_place else f"{name} {where.phrase}"

    def province(self, name: str | None) -> Province | None:
        """"Hà Tĩnh", "tỉnh Hà Tĩnh", "TP Hồ Chí Minh" -> the Province; None when unknown."""
        if not name:
            return None
        text = self._unit_prefix.sub("", name.strip())
        return self._province_by_key.get(fold(text))

    def find_province(self, text: str) -> Province | None:
        """The first province named anywhere in `text` ("Đảng bộ tỉnh Hà Tĩnh Tỉnh ủy" -> Hà Tĩnh)."""
        found = self._province_anywhere.search(text)
        return self.province(found.group("province")) if found else None

    def listing(self, level: str | None = None, province: str | None = None) -> list[dict[str, Any]]:
        """The registry as rows, for `nhiemvu agencies`: with a province, its bodies (the provincial
        templates filled in) and nothing else; else every entry, templates without a province."""
        where = self.province(province) if province else None
        if province and where is None:
            raise ValueError(f"unknown province {province!r}")
        rows: list[dict[str, Any]] = []
        for entry in self.entries.values():
            if where is not None and entry.id not in self.templates:
                continue
            if level and entry.level != level:
                continue
            match = Match(entry=entry, province=where, canonical=(
                self._provincial_name(entry, where) if where is not None else entry.name))
            rows.append({"registry_id": match.registry_id, "canonical": match.canonical, "short": entry.short,
                         "code": entry.code, "level": entry.level, "kind": entry.kind, "current": match.current,
                         "since": entry.successor_date})
        return rows

    def by_code(self, code: str) -> RegistryEntry | None:
        """The entry whose document-symbol code this is ("VPCP", "TTg")."""
        for entry in self.entries.values():
            if entry.code and entry.code.casefold() == code.casefold():
                return entry
        return None

    def key(self, form: str) -> str:
        key = self._keys.get(form)
        if key is None:
            if len(self._keys) >= _MEMO_LIMIT:
                self._keys.clear()  # a long-running app or watch names new bodies without end
            key = self._keys[form] = self._key(form)
        return key

    def resolve(self, name: str, province: str | Province | None = None) -> Match | None:
        """The registry entry a written agency name refers to, with the province filled in.

        `province` is the context (the issuer's province) used when the name carries none.
        """
        memo = (name, province.slug if isinstance(province, Province) else province)
        if memo not in self._resolved:  # a notice names the same bodies again and again
            if len(self._resolved) >= _MEMO_LIMIT:
                self._resolved.clear()  # a long-running app or watch names new bodies without end
            self._resolved[memo] = self._resolve(name, province)
        return self._resolved[memo]

    def _resolve(self, name: str, province: str | Province | None) -> Match | None:
        context = province if isinstance(province, Province) or province is None else self.province(province)
        text = " ".join(unicodedata.normalize("NFC", name).split())
        named_province: Province | None = None
        tail = self._province_tail.search(text)
        if tail is not None:
            candidate = text[:tail.start()]
            with_unit = f"{candidate} {tail.group('unit')}" if tail.group("unit") else None
            if self._key(candidate) in self._forms:
                named_province = self.province(tail.group("province"))
                text = candidate
            elif with_unit and self._key(with_unit) in self._forms:  # "Thuế tỉnh" + "Cà Mau"
                named_province = self.province(tail.group("province"))
                text = with_unit
        entry = self._forms.get(self._key(text))
        place: str | None = None
        place_name = ""
        if entry is None:
            bare = self._unit_tail.sub("", text)
            if bare != text:
                entry = self._forms.get(self._key(bare))
        if entry is None:
            local = self._local_tail.match(text)
            if local is not None:
                entry = self._forms.get(self._key(local.group("head")))
                if entry is not None and entry.id not in self.templates:
                    place = local.group("place")
                    unit = local.group("unit")
                    place_name = f"{expand_abbreviations(local.group('head')[:-len(unit)])}{unit.lower()} {place}"
                else:
                    entry = None
        if entry is None:
            return None
        plural = any(w in self.plural for w in fold(text).split())
        # "Ủy ban nhân dân các tỉnh" is every province's committee: the issuer's province is not it
        where = named_province or (context if entry.id in self.templates and not plural else None)
        if entry.id in self.templates and where is not None:
            canonical = self._provincial_name(entry, where)
        elif place is not None:
            canonical = place_name
        elif (entry.id in self.templates or entry.level in ("xa", "khac")) \
                and self._key(text) != self._key(entry.name):
            # "UBND tỉnh", "UBND cấp huyện" with no province or place to name them by: as written
            canonical = expand_abbreviations(" ".join(name.split()))
        else:
            canonical = entry.name
        return Match(entry=entry, province=where if entry.id in self.templates else None,
                     canonical=canonical, place=place)


def _provinces(data: RegistryRules, words: PlaceWords) -> list[Province]:
    """The 34 provinces of 1 July 2025 from the package vietnam-provinces (and the registry's
    added_provinces), and the ones before them with their successors from
    rules/registry/former_provinces.yaml (generated from the package vietnamadminunits by
    scripts/build_former_provinces.py)."""
    from vietnam_provinces import Province as NewProvince
    from vietnam_provinces import VietNamDivisionType

    units = (words.province_unit, words.city_unit)
    unit_prefix = regex.compile(rf"^(?:{'|'.join(regex.escape(u) for u in words.province_units)})\s+", regex.I)
    out: list[Province] = []
    current: dict[str, Province] = {}
    for item in NewProvince.iter_all():
        city = item.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG
        short = unit_prefix.sub("", item.name)
        province = Province(name=short, unit=words.city_unit if city else words.province_unit, slug=slugify(short),
                            current=True)
        current[fold(short)] = province
        out.append(province)
    for added in (p for f in (data.central, data.provincial, data.local) for p in f.added_provinces):
        if added.unit not in units:
            raise RulesError(f"registry: added province {added.name}: unit {added.unit!r} is not one of {units}")
        province = Province(name=added.name, unit=added.unit, slug=slugify(added.name), current=True)
        current.setdefault(fold(added.name), province)
        out.append(province)
    for old in data.former_provinces.provinces:
        if old.unit not in units:
            raise RulesError(f"former province {old.name}: unit {old.unit!r} is not one of {units}")
        new = current.get(fold(old.successor)) if old.successor else None
        if old.successor and new is None:
            raise RulesError(f"former province {old.name}: successor {old.successor!r} is not a current province")
        out.append(Province(name=old.name, unit=old.unit, slug=slugify(old.name), current=False,
                            successor=new.slug if new else None))
    return out


def build_registry(data: RegistryRules) -> Registry:
    """The registry of validated registry files (`Rules.registry`): what the link stage uses."""
    files = {name: getattr(data, name) for name in REGISTRY_FILES}
    return Registry(files, _provinces(data, _place_words(files)))


def load_registry(directory: str | Path | None = None) -> Registry:
    """The registry of rules/registry (or `directory`), validated; build it once and pass it on."""
    base = Path(directory) if directory else registry_dir()
    raw = {name: read_yaml(base / f"{name}.yaml") for name in fields(RegistryRules)}
    try:
        data = validate(RegistryRules, raw)
    except ValidationError as exc:
        raise RulesError(f"registry in {base} failed validation:\n{exc}") from exc
    return build_registry(data)


def _place_words(files: dict[str, RegistryFile]) -> PlaceWords:
    words = next((f.place_words for f in files.values() if f.place_words is not None), None)
    if words is None:
        raise RulesError("registry: no file gives place_words")
    return words


def default_registry() -> Registry:
    """The registry of the rules in force (an `Extractor`'s inside its calls, else the default rules'):
    the link stage's, built once with it and kept with the grammar."""
    from .pipeline import default_linker  # here: the pipeline imports this module

    return default_linker().registry
