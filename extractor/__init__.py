"""nhiemvu: Vietnamese administrative notices -> typed task records (contract 1.x)."""

__all__ = ["ExtractionError", "Notice", "Task", "extract"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Imported on first use, so that `nhiemvu --version` does not load pydantic and the rules.
    if name == "extract":
        from .pipeline import extract
        return extract
    if name in ("Notice", "Task"):
        from . import models
        return getattr(models, name)
    if name == "ExtractionError":
        from .errors import ExtractionError
        return ExtractionError
    raise AttributeError(name)
