"""The output contract (schema 1.x) as pydantic models: the single source of truth in code.

Field names follow ../shared/contract.md exactly; `nhiemvu schema` prints the JSON Schema generated
from these classes and tests/test_schema.py fails when schema/notice.schema.json is stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from pydantic_core import PydanticUndefined

SchemaVersion = Literal["1.0", "1.1"]  # 1.1 only adds fields; 1.0 lines stay readable
SCHEMA_VERSION: SchemaVersion = "1.1"

Span = tuple[int, int]
DocType = Literal[
    "thong_bao", "chi_thi", "cong_van", "ke_hoach", "quyet_dinh", "nghi_quyet",
    "cong_dien", "ket_luan", "bao_cao", "tin_bai", "other",
]
Role = Literal["lead", "support", "report_to"]
SourceFormat = Literal["txt", "docx", "pdf"]
DeadlineKind = Literal["by", "within", "from", "range", "recurring", "relative"]
Recurrence = Literal["weekly", "monthly", "quarterly", "yearly"]
AssigneeKind = Literal["agency", "person", "enterprise", "association", "collective"]
AgencyLevel = Literal["trung_uong", "tinh", "xa", "khac"]
SourceKind = Literal["list", "paragraph", "table", "attribute_block"]
MetricOp = Literal[">=", ">", "<", "<=", "=", "range"]
ErrorCode = Literal[
    "unsupported_format", "corrupt_file", "encrypted", "no_text_layer", "empty", "too_large",
    "timeout", "internal", "not_found",
]


class _Model(BaseModel):
    # validators and serializers built on a model's first use, not when this module is imported: a run
    # that writes notices never builds the error records' (start-up time, ~12 ms for all twelve)
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Source(_Model):
    path: str | None = None
    sha256: str
    format: SourceFormat
    pages: int | None = None
    ocr: bool = False
    ocr_confidence: float | None = Field(default=None, description="mean OCR word confidence, 0-100")


class Signer(_Model):
    name: str | None = None
    title: str | None = None
    authority: Literal["TM.", "KT.", "TL.", "TUQ.", "Q."] | None = None


class Assignee(_Model):
    name: str = Field(description="agency as written, without a leading title")
    canonical: str = Field(description="abbreviations expanded")
    role: Role
    inherited: bool = False
    span: Span | None = None
    text: str | None = Field(default=None, description="the written words at `span` (null when inherited)")
    kind: AssigneeKind = "agency"
    # where an inherited name was written (the heading's words): not output, lets the link stage fit
    # the name's extent ("Ban Quản lý" + "các khu công nghệ cao và khu công nghiệp")
    _source_span: Span | None = PrivateAttr(default=None)
    registry_id: str | None = Field(default=None, description="agency registry id (rules/registry)")
    level: AgencyLevel | None = None
    current: str | None = Field(default=None, description="registry id of the successor of a merged body")


class Deadline(_Model):
    text: str
    kind: DeadlineKind
    start: str | None = None
    end: str | None = None
    recurrence: Recurrence | None = None
    span: Span


class Metric(_Model):
    text: str
    value: int | float
    value_max: int | float | None = None
    unit: str | None = None
    op: MetricOp
    subject: str | None = None
    span: Span


class Reference(_Model):
    text: str
    doc_type: str
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    span: Span


class Target(_Model):
    """An item of a "Mục tiêu"/"Chỉ tiêu" section: what the plan aims at, not work assigned."""
    text: str
    span: Span
    path: str
    metrics: list[Metric] = []
    deadlines: list[Deadline] = []


class Task(_Model):
    id: str
    uid: str | None = Field(default=None, description="doc_id + path + ordinal among same-path siblings")
    label: str | None
    path: str
    heading: str | None = None
    text: str
    span: Span
    page: int | None = None
    parent: str | None = None
    assignees: list[Assignee] = []
    deadlines: list[Deadline] = []
    metrics: list[Metric] = []
    references: list[Reference] = []
    source_kind: SourceKind = "list"
    product: str | None = Field(default=None, description="the expected output (Sản phẩm)")


class Notice(_Model):
    schema_version: SchemaVersion = SCHEMA_VERSION
    id: str
    doc_id: str | None = Field(default=None, description="issuer + number + issue date, same in every format")
    source: Source
    doc_type: DocType
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    issue_date: str | None = None
    title: str | None = None
    signer: Signer | None = None
    recipients: list[str] = []
    tasks: list[Task] = []
    targets: list[Target] = []
    references: list[Reference] = []
    warnings: list[str] = []
    notes: list[str] = Field(default=[], description="footnotes moved out of the body")
    text: str | None = Field(default=None, description="normalized text that every span refers to (always set by "
                                                       "the Python API; in JSON only with --include-text)")
    # spans of `text` whose words OCR was unsure of (word confidence under
    # readers.ocr.LOW_WORD_CONFIDENCE): not output (the contract has no such field); the review report
    # of a notice file marks the lead, deadline and metric written there (`ocr_uncertain`)
    # (a default pydantic copies per instance, not `default_factory=list`: pydantic reads a factory's
    # signature, and a builtin's is parsed by `tokenize`, whose first use costs start-up ~8 ms)
    _ocr_uncertain: list[Span] = PrivateAttr(default=[])

    @property
    def ocr_uncertain(self) -> list[Span]:
        """Spans of `text` holding words OCR was unsure of; empty for a text layer, DOCX or text."""
        return list(self._ocr_uncertain)


class ErrorDetail(_Model):
    code: ErrorCode
    message: str


class ErrorRecord(_Model):
    schema_version: SchemaVersion = SCHEMA_VERSION
    source: Source | dict[str, Any]
    error: ErrorDetail


M = TypeVar("M", bound=BaseModel)

# BaseModel's slots, set as its own `__init__` leaves them (in `copy_with`, `built`; its __setattr__ is for fields)
_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def copy_with(model: M, update: Mapping[str, Any]) -> M:
    """What `model.model_copy(update=update)` gives (a shallow copy with `update`'s fields replaced,
    unvalidated, and added to the fields set; private attributes copied), made directly: pydantic's
    generic path costs several microseconds a copy, and the link stage copies every assignee and task
    of a notice. For the contract's models, whose extra fields are forbidden."""
    copied = _new(type(model))
    values = model.__dict__.copy()
    values.update(update)
    extra = model.__pydantic_extra__
    private = getattr(model, "__pydantic_private__", None)
    _set_dict(copied, values)
    _set_extra(copied, None if extra is None else dict(extra))
    _set_fields_set(copied, model.__pydantic_fields_set__ | update.keys())
    _set_private(copied, None if private is None else
                 {k: v for k, v in private.items() if v is not PydanticUndefined})
    return copied


def built(cls: type[M], /, **values: Any) -> M:
    """What `cls(**values)` gives, made directly from values that already have their fields' types as
    validation leaves them (str, int, a tuple for a span, a model instance, a Literal's string): each
    list is copied (validation gives the model its own list), defaults fill the other fields in the
    fields' order (the order they are written out in) and the fields set are the keys given. A key that
    is no field, or a required field left out, goes through `cls(**values)` and its error. For the
    recognizers' and the assembler's thousands of assignees, deadlines, citations and tasks a pass
    (validating each costs ~5 µs)."""
    table = _TABLES.get(cls)
    if table is None:
        table = _TABLES[cls] = _Table(cls)
    keys = values.keys()
    if not (keys <= table.fields and table.required <= keys):
        return cls(**values)
    data = table.defaults.copy()
    data.update(values)  # in the fields' order: every key is already there
    for name in table.lists:
        if name in values:
            data[name] = list(values[name])
        else:
            data[name] = []
    made = _new(cls)
    _set_dict(made, data)
    _set_fields_set(made, set(keys))
    _set_extra(made, None)
    _set_private(made, None if table.private is None else table.private.copy())
    return made


class _Table:
    """A model's fields for `built`: their defaults in order, the required ones, the list-typed ones,
    and the private attributes' defaults."""

    __slots__ = ("defaults", "fields", "lists", "private", "required")

    def __init__(self, cls: type[BaseModel]) -> None:
        self.defaults: dict[str, Any] = {}
        required: set[str] = set()
        lists: list[str] = []
        for name, info in cls.model_fields.items():
            if info.default_factory is not None:
                raise TypeError(f"{cls.__name__}.{name}: a default factory (not made by `built`)")
            self.defaults[name] = None if info.is_required() else info.default
            if info.is_required():
                required.add(name)
            if getattr(info.annotation, "__origin__", None) is list:
                if not info.is_required() and info.default != []:
                    raise TypeError(f"{cls.__name__}.{name}: a list default other than [] (not made by `built`)")
                lists.append(name)
        self.fields = frozenset(self.defaults)
        self.required = frozenset(required)
        self.lists = tuple(lists)
        private = getattr(cls, "__private_attributes__", {})
        if any(attr.default is PydanticUndefined or isinstance(attr.default, (list, dict, set))
               for attr in private.values()):
            raise TypeError(f"{cls.__name__}: a private attribute without a plain default (not made by `built`)")
        self.private: dict[str, Any] | None = {k: attr.default for k, attr in private.items()} if private else None


_TABLES: dict[type[BaseModel], _Table] = {}  # per model class, made on its first use


def notice_json_schema() -> dict[str, Any]:
    """JSON Schema of a batch line: a Notice or an error record."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "nhiemvu output line (schema 1.x)",
        "oneOf": [{"$ref": "#/$defs/Notice"}, {"$ref": "#/$defs/ErrorRecord"}],
        "$defs": _collect_defs(),
    }


def _collect_defs() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    for model in (Notice, ErrorRecord):
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
    return dict(sorted(defs.items()))
