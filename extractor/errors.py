"""Typed errors: every failure on one input maps to one contract error code."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic loads only where a model is built (`nhiemvu --version`, `report --help`)
    from .models import ErrorCode


class ExtractionError(Exception):
    """An input that cannot become a Notice; `code` is one of the contract's error codes."""

    code: ErrorCode = "internal"

    def __init__(self, message: str, code: ErrorCode | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.code


class UnsupportedFormat(ExtractionError):
    code = "unsupported_format"


class CorruptFile(ExtractionError):
    code = "corrupt_file"


class EmptyInput(ExtractionError):
    code = "empty"


class TooLarge(ExtractionError):
    code = "too_large"


class NotFound(ExtractionError):
    code = "not_found"


class WorkerDied(ExtractionError):
    """The process extracting this input died (a crash in a native library, killed by the OS): the
    batch, watch and the web app answer that input with this and go on with a fresh process."""

    code = "internal"


class RulesError(Exception):
    """A rules/ data file failed validation: a developer error, reported with the file name."""
