"""The compiled form of one `Rules`: every stage's patterns, built on first use and kept together.

A `Grammar` is what the stages read instead of process-wide caches, so that two rule sets can be used
in one process (`Extractor(rules=load_rules(dir))` next to the default). The stage modules keep their
own builders (`_build_patterns(rules)`); the grammar only stores what they built under a name.

The stage in force is the grammar of the current context (`using(grammar)`), the default grammar
otherwise: the pipeline's entry points take a `grammar` argument and set it, so that the helpers deep
inside a stage need no extra parameter.

Compiling the patterns is most of a one-file run's time (the `regex` parser is pure Python), so the
default grammar is kept on disk, keyed by a hash of the rules files' bytes and the versions of the
package, `regex` and Python: a pickled `regex` pattern holds its compiled code, not only its source,
and loads without parsing again. Patterns compiled later (the agency grammar compiles per opening word
on first use) are added to the file after the run that needed them.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar, Token
from pathlib import Path
from typing import Any, TypeVar

import regex

from .rules import Rules, load_rules, registry_dir, rules_dir

T = TypeVar("T")

CACHE_DIR_ENV = "NHIEMVU_CACHE_DIR"  # "off" (or "0", "") turns the disk cache off
_FORMAT = 6  # bump when what is pickled changes shape (5: the registry is part of `Rules`; 6: rules
# and registry entries are plain records)


class Grammar:
    """One `Rules` and the patterns compiled from it, stage by stage."""

    def __init__(self, rules: Rules, *, cache_file: Path | None = None) -> None:
        self.rules = rules
        self._stages: dict[str, Any] = {}
        self._cache_file = cache_file
        self._dirty = False

    def stage(self, name: str, build: Callable[[Rules], T]) -> T:
        """What `build(self.rules)` returns, built once for this grammar."""
        try:
            built: T = self._stages[name]  # each name is built by one function: its T
            return built
        except KeyError:
            built = self._stages[name] = build(self.rules)
            self._dirty = True
            return built

    def grew(self) -> None:
        """A stage compiled more on use (kept in its own object): the disk copy is out of date."""
        self._dirty = True

    def save(self) -> None:
        """Write the compiled stages to the disk cache when anything was built since it was read.
        Best effort: an unwritable cache directory only costs the next start-up its compile time."""
        if not self._dirty or self._cache_file is None:
            return
        self._dirty = False
        import tempfile  # here: a run that reads its grammar from disk writes nothing

        try:
            self._cache_file.parent.mkdir(parents=True, exist_ok=True)
            data = pickle.dumps((_FORMAT, self.rules, self._stages), protocol=pickle.HIGHEST_PROTOCOL)
            # written aside and renamed: batch workers and concurrent runs never read half a file
            fd, tmp = tempfile.mkstemp(dir=self._cache_file.parent, prefix=".grammar-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self._cache_file)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass

    @classmethod
    def from_directory(cls, directory: str | os.PathLike[str] | None = None) -> Grammar:
        """The grammar of the rules in `directory` (default: $NHIEMVU_RULES or the bundled rules/),
        read from the disk cache when the same rules were compiled before."""
        given = Path(directory) if directory else None
        base = given or rules_dir()
        cache_file = _cache_file(base, registry_dir(given))
        cached = _read_cache(cache_file) if cache_file is not None else None
        if cached is not None:
            rules, stages = cached
            grammar = cls(rules, cache_file=cache_file)
            grammar._stages = stages
            return grammar
        rules = load_rules(str(base)) if directory else load_rules()
        grammar = cls(rules, cache_file=cache_file)
        grammar._dirty = True  # the validated rules alone are worth keeping
        return grammar


def _read_cache(path: Path) -> tuple[Rules, dict[str, Any]] | None:
    collecting = gc.isenabled()
    gc.disable()  # the load makes ~10^5 objects, none of them garbage: no collections on the way
    try:
        with path.open("rb") as handle:
            fmt, rules, stages = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, stale or broken: rebuilt, never fatal
        return None
    finally:
        if collecting:
            gc.enable()
    if fmt != _FORMAT or not isinstance(rules, Rules) or not isinstance(stages, dict):
        return None
    return rules, stages


def cache_dir() -> Path | None:
    """Where compiled grammars are kept: $NHIEMVU_CACHE_DIR, else the user's cache directory."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override is not None:
        return None if override.strip().lower() in ("", "0", "off", "no", "false") else Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nhiemvu"


def rules_hash(directory: Path, registry: Path | None = None) -> str:
    """A hash of every rules file's name and bytes (the registry's too: `Rules.registry`, by default
    the registry/ of `directory`), and of the code that compiles them."""
    import regex

    from . import __version__

    registry = registry_dir(directory) if registry is None else registry
    digest = hashlib.sha256(f"{_FORMAT}|{__version__}|{regex.__version__}|{sys.version}".encode())
    for path in [*sorted(directory.glob("*.yaml")), *sorted(registry.glob("*.yaml"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    # the stages' builders are code: an edited builder with the same rules must not load old patterns
    # (size and modification time: reading the sources would cost start-up time)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}|{stat.st_size}|{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:32]


def _cache_file(directory: Path, registry: Path) -> Path | None:
    where = cache_dir()
    if where is None:
        return None
    try:
        return where / f"grammar-{rules_hash(directory, registry)}.pickle"
    except OSError:
        return None  # a missing rules directory: load_rules says so


_DEFAULT: list[Grammar] = []
_CURRENT: ContextVar[Grammar | None] = ContextVar("nhiemvu_grammar", default=None)


def default_grammar() -> Grammar:
    """The grammar of $NHIEMVU_RULES or the bundled rules, built once per process."""
    if not _DEFAULT:
        _DEFAULT.append(Grammar.from_directory())
    return _DEFAULT[0]


def current_grammar() -> Grammar:
    """The grammar the stages use here: the one set by `using`, else the default."""
    return _CURRENT.get() or (_DEFAULT[0] if _DEFAULT else default_grammar())


def current_rules() -> Rules:
    return current_grammar().rules


class using:  # used as a function: `with using(grammar):`
    """Run the stages inside with `grammar` (None: keep the one in force).

    A class rather than a @contextmanager generator: every recognizer call enters one, tens of
    thousands per corpus pass."""

    __slots__ = ("_grammar", "_token")

    def __init__(self, grammar: Grammar | None) -> None:
        self._grammar = grammar
        self._token: Token[Grammar | None] | None = None

    def __enter__(self) -> Grammar:
        if self._grammar is None:
            return current_grammar()
        self._token = _CURRENT.set(self._grammar)
        return self._grammar

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _CURRENT.reset(self._token)
            self._token = None


def word_tree(words: Iterable[str], space: str | None = None) -> str:
    """Literal `words` as one `re` alternation factored on common beginnings ("B(?:an|ộ)"): `re`
    tries the branches of an alternation one by one. A word that begins another is tried after it.
    `space`: the pattern a space in the words stands for (one for any white space: phrases)."""
    groups: dict[str, list[str]] = {}
    ends = False
    for word in words:
        if word:
            groups.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    branches = [(space if first == " " and space is not None else re.escape(first)) + word_tree(rest, space)
                for first, rest in groups.items()]
    if not branches:
        return ""
    return "(?:" + "|".join(branches) + ")" + ("?" if ends else "")


class OpenerScan:
    """A `regex` pattern whose every match begins with one of a few words, searched only where one
    of those words begins: a plain `re` scan of the lower-cased text finds the places, and the
    pattern is tried there (`regex` tries its whole pattern at every character otherwise, which is
    most of a long pattern's cost). Gives what `pattern.finditer` gives, provided that `openers` holds
    the beginning of every match (for phrases, their first words) and no match is empty."""

    __slots__ = ("by_phrase", "cased", "gate", "pattern", "phrases", "places", "words")

    def __init__(self, pattern: regex.Pattern[str], openers: Iterable[str],
                 phrases: Iterable[str] | None = None, gate: regex.Pattern[str] | None = None,
                 cased: bool = False) -> None:
        """`phrases`: when every match begins with one of these whole (their words apart by white
        space), a place is tried only where one of them begins (a `re` match on the lower-cased text:
        "thực" begins "thực hiện từ" once in a thousand). `gate`: a small pattern that matches the
        beginning of every match, tried first at each place (a failed attempt of a big pattern costs
        more). `cased`: every match begins with one of the phrases as written (a pattern that reads
        them in their case: "Báo cáo" cites, "báo cáo" is a verb): their places are searched in the
        text itself."""
        self.pattern = pattern
        self.gate = gate
        self.cased = cased and phrases is not None
        self.places: re.Pattern[str] | None = None
        if self.cased and phrases is not None:
            written = sorted({" ".join(p.split()) for p in phrases})
            self.words = tuple(sorted({p.split()[0] for p in written if p}))
            self.phrases = None
            # an empty phrase begins anywhere: no places then (the pattern's own search)
            self.places = re.compile(word_tree(written, r"\s+")) if all(written) else None
            self.by_phrase = True
            return
        self.words = tuple(sorted({w.lower() for w in openers}))
        phrases = list(phrases) if phrases is not None else None
        alternatives = sorted({r"\s+".join(re.escape(w) for w in p.lower().split()) for p in phrases or ()},
                              key=len, reverse=True)
        self.phrases = re.compile("|".join(alternatives)) if phrases is not None and all(alternatives) else None
        # What finds the places, searched from each place on (`re`, a few C searches): the phrases, as one
        # alternation factored on their beginnings, where each begins with one of the words (a place
        # where one begins is a place where a word begins); else the words so (None: an empty word)
        self.by_phrase = False  # whether `places` finds the phrases
        if not all(self.words):
            pass
        elif self.phrases is not None and phrases is not None \
                and all(p.lower().split()[0] in self.words for p in phrases):
            self.places = re.compile(word_tree(sorted({" ".join(p.lower().split()) for p in phrases}), r"\s+"))
            self.by_phrase = True
        else:
            self.places = re.compile(word_tree(self.words))

    def starts(self, lowered: str) -> list[int]:
        """Every place in `lowered` where one of the words begins, also inside another candidate, in
        order (each word found with `str.find`)."""
        found: list[int] = []
        find = lowered.find
        for word in self.words:
            at = find(word)
            while at >= 0:
                found.append(at)
                at = find(word, at + 1)
        return sorted(set(found)) if len(found) > 1 else found

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[regex.Match[str]]:
        """`lowered`: `text.lower()` when the caller has it already."""
        if self.cased:
            lowered = text  # the phrases' places as written
        elif lowered is None:
            lowered = text.lower()
        if len(lowered) != len(text) or self.places is None:
            # a letter whose lower case is longer ("İ"): places would shift; an empty word begins anywhere
            yield from self.pattern.finditer(text)
            return
        match_at = self.pattern.match
        gate = self.gate.match if self.gate is not None else None
        # the places where a phrase begins; or where a word does, then only those where a phrase does
        begins = None if self.by_phrase or self.phrases is None else self.phrases.match
        search = self.places.search
        # each search from the character after the last place (a word may begin inside another), or
        # from the end of the last match
        place = search(lowered)
        while place is not None:
            at = place.start()
            if (begins is None or begins(lowered, at) is not None) and (gate is None or gate(text, at) is not None):
                found = match_at(text, at)
                if found is not None:
                    yield found
                    place = search(lowered, max(at + 1, found.end()))
                    continue
            place = search(lowered, at + 1)
