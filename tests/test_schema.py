"""The committed JSON Schema is the one the models generate, and corpus output validates against it."""

from __future__ import annotations

import json

import pytest

from extractor.models import Notice, notice_json_schema

from .conftest import ROOT


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "schema" / "notice.schema.json").read_text(encoding="utf-8"))
    assert committed == notice_json_schema(), "run `make schema` and commit schema/notice.schema.json"


def test_contract_field_names():
    assert set(Notice.model_fields) >= {
        "schema_version", "id", "source", "doc_type", "number", "issuer", "place", "issue_date", "title",
        "signer", "recipients", "tasks", "references", "warnings"}
    task_fields = notice_json_schema()["$defs"]["Task"]["properties"]
    assert set(task_fields) >= {"id", "label", "path", "heading", "text", "span", "page", "parent",
                                "assignees", "deadlines", "metrics", "references"}


@pytest.mark.parametrize("name", ["sqlite.sql", "postgres.sql"])
def test_committed_ddl_is_the_one_the_package_runs(name):
    """schema/*.sql is what extractor/sql/*.sql creates (`make schema` copies it)."""
    assert (ROOT / "schema" / name).read_text(encoding="utf-8") == \
        (ROOT / "extractor" / "sql" / name).read_text(encoding="utf-8"), "stale: run make schema"
