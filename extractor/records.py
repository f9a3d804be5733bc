"""Plain frozen records that pydantic checks when they are read: the rules and the agency registry.

They are declared as pydantic models are (fields as annotations, defaults and `Field(...)`
constraints as class attributes, `field_validator`/`model_validator` methods), but a `Record` class
is a plain class: defining it costs nothing, where pydantic evaluates every annotation of a model
when its class is made (~0.5 ms a class; the rules have ~40). The rules and the registry are only
validated when the compiled grammar is not in its disk cache, so a run that reads the cache never
needs their pydantic models: `validate` makes them from the same class bodies on first use.
"""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any, TypeVar, get_args, get_origin

if typing.TYPE_CHECKING:
    from pydantic import BaseModel

R = TypeVar("R", bound="Record")


class Record:
    """A frozen record; unknown keys are an error when validated (extra="forbid"). A mutable default
    is written `Field(default=[])` (ruff's RUF012 knows a pydantic model's class body only)."""

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((type(self), *vars(self).values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"


def fields(cls: type[Record]) -> list[str]:
    """The names of `cls`'s fields, in the order they are declared."""
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        names.extend(n for n in inspect.get_annotations(klass) if n not in names)
    return names


def validate(cls: type[R], data: Any) -> R:
    """`data` as a `cls`, checked by its pydantic model (pydantic's ValidationError, titled with the
    class's name, when it does not fit)."""
    record: R = _record(_model(cls).model_validate(data))
    return record


def _model(cls: type[Record]) -> type[BaseModel]:
    """The pydantic model of `cls`: its class body, with the records its fields hold replaced by
    their models. Made once per class (kept on it, as pydantic keeps a model's schema)."""
    built: type[BaseModel] | None = cls.__dict__.get("_pydantic_model")
    if built is not None:
        return built
    from pydantic import BaseModel, ConfigDict

    hints = typing.get_type_hints(cls, include_extras=True)
    namespace = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__", "__annotations__")}
    namespace["__annotations__"] = {name: _swap(hints[name]) for name in fields(cls)}
    namespace["model_config"] = ConfigDict(extra="forbid", frozen=True)
    model = types.new_class(cls.__name__, (BaseModel,), exec_body=lambda ns: ns.update(namespace))
    model._record_class = cls  # type: ignore[attr-defined]  # the way back (`_record`)
    type.__setattr__(cls, "_pydantic_model", model)
    return model


def _swap(annotation: Any) -> Any:
    """`annotation` with every Record class in it replaced by its pydantic model."""
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return _model(annotation)
    args = get_args(annotation)
    origin = get_origin(annotation)
    if not args or origin is typing.Literal or origin is typing.Annotated:
        return annotation
    swapped = tuple(_swap(a) for a in args)
    if swapped == args:
        return annotation
    if origin is types.UnionType or origin is typing.Union:
        return typing.Union[swapped]  # noqa: UP007 - built from a tuple of members
    return origin[swapped]


def _record(value: Any) -> Any:
    """A validated value with its pydantic models turned back into their records."""
    record_class: type[Record] | None = getattr(type(value), "_record_class", None)
    if record_class is not None:
        record = object.__new__(record_class)
        vars(record).update((name, _record(getattr(value, name))) for name in fields(record_class))
        return record
    if isinstance(value, list):
        return [_record(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_record(v) for v in value)
    if isinstance(value, dict):
        return {k: _record(v) for k, v in value.items()}
    return value
