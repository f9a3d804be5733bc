"""Mutated inputs: damaged copies of corpus files, made deterministically from a seed, run through
`nhiemvu batch`; prints how many inputs got each code. Every input must get one line, none the
`internal` code, and no hang (tests/test_mutations.py builds 40 of them).

Mutations (cycled in this order, the source file and the damage drawn from the seed):
- truncated: the first k bytes of a .txt, .docx or .pdf;
- bitflip: 1 to 32 random bits flipped;
- zeroed: a random range set to zero bytes;
- docx-cut: a DOCX with word/document.xml cut short (the ZIP itself intact);
- docx-missing: a DOCX without one of its parts (document.xml, [Content_Types].xml, _rels/.rels,
  styles.xml, numbering.xml, word/_rels/document.xml.rels);
- docx-badxml: a DOCX whose document.xml has a tag broken, an undefined prefix or stray bytes;
- garbage: random bytes with a .pdf, .docx or .txt name, half of them behind the format's magic.

    python scripts/mutate_corpus.py [--count 200] [--seed 12] [--workers 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

DOCX_PARTS = ["word/document.xml", "[Content_Types].xml", "_rels/.rels", "word/styles.xml",
              "word/numbering.xml", "word/_rels/document.xml.rels"]
MAGIC = {".pdf": b"%PDF-1.7\n", ".docx": b"PK\x03\x04", ".txt": b"\xef\xbb\xbf"}


def corpus_sources() -> dict[str, list[Path]]:
    """The corpus files a mutation starts from, by extension, sorted (the seed picks among them)."""
    return {
        ".txt": sorted(CORPUS.glob("*/docs/*.txt")),
        ".docx": sorted(CORPUS.glob("*/docx/*.docx")),
        ".pdf": sorted(CORPUS.glob("*/pdf/*.pdf")),
    }


def _any_source(rng: random.Random, sources: dict[str, list[Path]]) -> Path:
    return rng.choice(sources[rng.choice(sorted(sources))])


def truncated(rng: random.Random, sources: dict[str, list[Path]]) -> tuple[Path, bytes]:
    source = _any_source(rng, sources)
    data = source.read_bytes()
    return source, data[:rng.randrange(len(data))]


def bitflip(rng: random.Random, sources: dict[str, list[Path]]) -> tuple[Path, bytes]:
    source = _any_source(rng, sources)
    data = bytearray(source.read_bytes())
    for _ in range(rng.randint(1, 32)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return source, bytes(data)


def zeroed(rng: random.Random, sources: dict[str, list[Path]]) -> tuple[Path, bytes]:
    source = _any_source(rng, sources)
    data = bytearray(source.read_bytes())
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, max(1, len(data) // 4)))
    data[start:end] = bytes(end - start)
    return source, bytes(data)


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The DOCX package with each member passed through `change` (None drops it); the members'
    ZipInfo (names, dates, compression) is kept so that the output is the same on every run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as package, zipfile.ZipFile(out, "w") as target:
        for info in package.infolist():
            member = change(info.filename, package.read(info))
            if member is not None:
                target.writestr(info, member)
    return out.getvalue()


def docx_cut(rng: random.Random, sources: dict[str, list[Path]]) -> tuple[Path, bytes]:
    source = rng.choice(sources[".docx"])

    def cut(name: str, member: bytes) -> bytes:
        return member[:rng.randrange(len(member))] if name == "word/document.xml" else member

    return source, _rezip(source.read_bytes(), cut)


def docx_missing(rng: random.Random, sources: dict[str, list[Path]]) -> tuple[Path, bytes]:
    source = rng.choice(sources[".docx"])
    dropped = rng.choice(DOCX_PARTS)
    return source, _rezip(source.read_bytes(), lambda name, member: None if name == dropped else member)


def _stray_bytes(rng: random.Random, xml: bytes) -> bytes:
    at = rng.randrange(len(xml))
    return xml[:at] + b"<\x00&;>" + xml[at:]


BAD_XML: list[Callable[[random.Random, bytes], bytes]] = [
    lambda rng, xml: xml.replace(b"</w:p>", b"</w:q>", 1),                          # mismatched tag
    lambda rng, xml: xml.replace(b"<w:body>", b"<w:body><zz:p>x</zz:p>", 1),        # unbound prefix
    _stray_bytes,
    lambda rng, xml: xml.replace(b'encoding="UTF-8"', b'encoding="no-such-codec"', 1),
    lambda rng, xml: xml.replace(b"<w:t>", b"<w:t>\xff\xfe", 3),                    # not UTF-8
    lambda rng, xml: xml + b"<trailing/>",                                           # two roots
]


def docx_badxml(rng: random.Random, sources: dict[str, list[Path]]) -> tuple[Path, bytes]:
    source = rng.choice(sources[".docx"])
    damage = rng.choice(BAD_XML)

    def broken(name: str, member: bytes) -> bytes:
        return damage(rng, member) if name == "word/document.xml" else member

    return source, _rezip(source.read_bytes(), broken)


def garbage(rng: random.Random, sources: dict[str, list[Path]]) -> tuple[Path, bytes]:
    suffix = rng.choice(sorted(MAGIC))
    noise = rng.randbytes(rng.randint(0, 64 * 1024))
    return Path(f"garbage{suffix}"), (MAGIC[suffix] + noise if rng.random() < 0.5 else noise)


MUTATIONS: list[tuple[str, Callable[[random.Random, dict[str, list[Path]]], tuple[Path, bytes]]]] = [
    ("truncated", truncated), ("bitflip", bitflip), ("zeroed", zeroed), ("docx-cut", docx_cut),
    ("docx-missing", docx_missing), ("docx-badxml", docx_badxml), ("garbage", garbage),
]


def build_mutations(directory: Path, count: int, seed: int = 12) -> list[Path]:
    """`count` mutated files written to `directory`, the same bytes and names for the same seed."""
    rng = random.Random(seed)
    sources = corpus_sources()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        kind, mutate = MUTATIONS[index % len(MUTATIONS)]
        source, data = mutate(rng, sources)
        path = directory / f"{index:03d}_{kind}_{source.stem}{source.suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--keep", type=Path, help="write the mutated files and the output here")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from extractor.batch import BatchOptions, run_batch

    with tempfile.TemporaryDirectory() as tmp:
        directory = args.keep or Path(tmp)
        paths = build_mutations(directory / "inputs", args.count, args.seed)
        out = directory / "out.jsonl"
        summary = run_batch([str(p) for p in paths], out, BatchOptions(workers=args.workers, timeout=args.timeout))
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        codes = Counter(line["error"]["code"] if "error" in line else "notice" for line in lines)
        print(f"{len(paths)} mutated inputs, {len(lines)} lines, {summary.seconds:.1f} s")
        for code, n in codes.most_common():
            print(f"  {code:<20} {n}")
        for path, line in zip(paths, lines, strict=True):
            if "error" in line and line["error"]["code"] in ("internal", "timeout"):
                print(f"{line['error']['code']}: {path.name}: {line['error']['message'][:200]}")
        ok = len(lines) == len(paths) and not codes["internal"] and not codes["timeout"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
