"""What one upload of the inbox holds: files, and the files inside a zip, each with its bytes or a typed
error (issue 14, item 3: size and count limits, zip-bomb and path-traversal protection).

A zip is opened in memory and never extracted to disk: its members' names are only shown, never used
as paths; a member whose name climbs out of the archive (`..`, an absolute or drive path) is refused
all the same, because it says the archive was built to attack. Sizes are checked twice: the sizes the
archive declares (count, total, compression ratio) before anything is inflated, and the bytes actually
inflated, read with a bound, so a lying header cannot get past. A zip inside a zip is not opened.
Error codes are the contract's (`unsupported_format`, `too_large`, `encrypted`, `corrupt_file`) or
the app's own (`zip_*`); their words are in report_assets/labels.yaml.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

SUFFIXES = (".txt", ".docx", ".pdf")
ZIP = ".zip"


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int = 20 * 1024 * 1024     # one notice file (also each member of a zip, inflated)
    files: int = 50                        # files in one upload, zip members counted
    total_bytes: int = 200 * 1024 * 1024   # all of one upload, inflated
    ratio: int = 100                       # inflated / compressed, for a member over 1 MB


@dataclass(frozen=True, slots=True)
class Item:
    """One file of an upload: its name as the clerk sees it, its bytes or the error code."""

    name: str
    content: bytes | None = None
    error: str | None = None

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


def unsafe_name(name: str) -> bool:
    """A member name that would leave the folder it is extracted into."""
    path = name.replace("\\", "/")
    return (path.startswith("/") or (len(path) > 1 and path[1] == ":") or "\x00" in path
            or any(part == ".." for part in path.split("/")))


def _skipped(name: str) -> bool:
    """Folders and the archiver's own files (macOS resource forks, hidden files)."""
    parts = name.replace("\\", "/").split("/")
    return name.endswith("/") or parts[0] == "__MACOSX" or parts[-1].startswith(".")


def unpack_zip(name: str, content: bytes, limits: Limits, budget: int) -> list[Item]:
    """The notice files of a zip; one error item for the whole archive when it cannot be opened safely."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = [m for m in archive.infolist() if not _skipped(m.filename)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return [Item(name, error="corrupt_file")]
    if len(members) > limits.files:
        return [Item(name, error="zip_too_many")]
    if sum(m.file_size for m in members) > min(budget, limits.total_bytes):
        return [Item(name, error="zip_bomb")]
    items: list[Item] = []
    inflated = 0
    for member in members:
        shown = f"{name}/{member.filename}"
        suffix = PurePosixPath(member.filename).suffix.lower()
        if unsafe_name(member.filename):
            items.append(Item(shown, error="zip_unsafe_name"))
        elif member.flag_bits & 0x1:
            items.append(Item(shown, error="encrypted"))
        elif suffix == ZIP:
            items.append(Item(shown, error="zip_nested"))
        elif suffix not in SUFFIXES:
            items.append(Item(shown, error="unsupported_format"))
        elif member.file_size > 1024 * 1024 and member.file_size > limits.ratio * max(member.compress_size, 1):
            return [Item(name, error="zip_bomb")]
        elif member.file_size > limits.file_bytes:
            items.append(Item(shown, error="too_large"))
        else:
            try:
                with archive.open(member) as handle:
                    data = handle.read(limits.file_bytes + 1)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
                items.append(Item(shown, error="corrupt_file"))
                continue
            if len(data) > limits.file_bytes:  # the header lied about the size
                return [Item(name, error="zip_bomb")]
            inflated += len(data)
            if inflated > budget:
                return [Item(name, error="zip_bomb")]
            items.append(Item(shown, content=data))
    return items or [Item(name, error="zip_empty")]


def unpack(files: list[tuple[str, bytes]], limits: Limits) -> list[Item]:
    """Every file of one upload, zips opened; the upload's file count and total size are enforced."""
    if len(files) > limits.files:
        return [Item(name, error="too_many_files") for name, _ in files]
    items: list[Item] = []
    budget = limits.total_bytes
    for raw_name, content in files:
        name = PurePosixPath(raw_name.replace("\\", "/")).name or raw_name
        suffix = PurePosixPath(name).suffix.lower()
        if len(content) > limits.file_bytes and suffix != ZIP:
            items.append(Item(name, error="too_large"))
        elif suffix == ZIP:
            unpacked = unpack_zip(name, content, limits, budget)
            budget -= sum(len(i.content or b"") for i in unpacked)
            items.extend(unpacked)
        elif suffix not in SUFFIXES:
            items.append(Item(name, error="unsupported_format"))
        else:
            budget -= len(content)
            items.append(Item(name, content=content))
    if len(items) > limits.files:
        return [Item(i.name, error="too_many_files") for i in items]
    return items
