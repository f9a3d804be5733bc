"""nhiemvu: Vietnamese administrative notices -> typed task records (contract 1.x)."""

from .errors import ExtractionError
from .models import Notice, Task
from .pipeline import extract

__all__ = ["ExtractionError", "Notice", "Task", "extract"]
__version__ = "0.1.0"
