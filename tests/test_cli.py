"""The CLI through main(argv): output shape, exit codes, one line per input, errors typed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from extractor.cli import main

from .conftest import CORPUS

SEED = CORPUS / "seeds" / "docs" / "001_469ec51c1b46772e.txt"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_extract_one_file_is_pretty_json_with_diacritics():
    code, text = run("extract", str(SEED))
    assert code == 0
    notice = json.loads(text)
    assert notice["schema_version"] == "1.1" and notice["doc_type"] == "thong_bao"
    assert "Sở Nội vụ" in text and "\\u" not in text  # ensure_ascii=False
    assert text.startswith("{\n")


def test_extract_many_is_json_lines_one_per_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    odd = tmp_path / "notice.xyz"
    odd.write_text("x", encoding="utf-8")
    missing = tmp_path / "gone.txt"
    code, text = run("extract", str(SEED), str(empty), str(odd), str(missing))
    lines = [json.loads(line) for line in text.splitlines()]
    assert code == 1
    assert len(lines) == 4
    assert lines[0]["tasks"]
    assert [line.get("error", {}).get("code") for line in lines[1:]] == ["empty", "unsupported_format", "not_found"]


def test_binary_junk_is_a_corrupt_file(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 4)
    code, text = run("extract", str(junk))
    assert code == 1 and json.loads(text)["error"]["code"] == "corrupt_file"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_bom_and_utf16_inputs(tmp_path, encoding):
    path = tmp_path / f"notice-{encoding}.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode(encoding))
    code, text = run("extract", str(path))
    assert code == 0 and len(json.loads(text)["tasks"]) == 25


def test_output_file(tmp_path):
    target = tmp_path / "out" / "n.jsonl"
    code, _ = run("extract", str(SEED), "-o", str(target), "--jsonl")
    assert code == 0 and len(target.read_text(encoding="utf-8").splitlines()) == 1


def test_include_text_gives_the_text_spans_refer_to():
    _, text = run("extract", str(SEED), "--include-text")
    notice = json.loads(text)
    task = notice["tasks"][0]
    assert notice["text"][task["span"][0]:task["span"][1]] == task["text"]


def test_usage_errors_exit_2():
    assert run()[0] == 2
    assert run("extract")[0] == 2
    assert run("frobnicate")[0] == 2
    assert run("eval", "/nonexistent", "/nonexistent")[0] == 2


def test_help_has_examples(capsys):
    assert main(["--help"]) == 0
    assert "nhiemvu extract" in capsys.readouterr().out


def test_eval_prints_fields():
    code, text = run("eval", str(CORPUS / "seeds" / "gold"), str(CORPUS / "seeds" / "docs"))
    assert code == 0
    for field in ("task", "lead", "support", "deadline", "metric", "doc_type", "number", "issue_date"):
        assert field in text


def test_eval_json():
    _, text = run("eval", str(CORPUS / "dev" / "gold"), str(CORPUS / "dev" / "docs"), "--json")
    report = json.loads(text)
    assert report["documents"] == 6 and set(report["fields"]) == {"task", "lead", "support", "deadline", "metric"}


@pytest.mark.parametrize("encoding", ["cp1258", "tcvn3"])  # TCVN3 has no capitals with tones: lower-cased
def test_legacy_encoded_text_files(tmp_path, encoding):
    import unicodedata
    text = SEED.read_text(encoding="utf-8")
    if encoding == "cp1258":
        # Windows-1258 keeps â, ê, ô, ơ, ư, ă precomposed and writes the five tones as combining marks
        tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
        pieces = []
        for char in text:
            decomposed = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
            pieces.append(base + "".join(c for c in decomposed if c in tones))
        data = "".join(pieces).encode("cp1258")
    else:
        from extractor.readers.legacy_fonts import TCVN3_TO_UNICODE
        encode = {char: bytes([code]) for code, char in TCVN3_TO_UNICODE.items()}
    if encoding == "tcvn3":  # TCVN3 has no capitals with tones: those letters are written small
        data = b"".join(encode.get(ch) or encode.get(ch.lower()) or ch.encode("latin-1", errors="replace")
                        for ch in text)
    path = tmp_path / f"legacy-{encoding}.txt"
    path.write_bytes(data)
    code, out = run("extract", str(path))
    notice = json.loads(out)
    assert code == 0 and len(notice["tasks"]) == 25
    assert notice["tasks"][-1]["assignees"][0]["name"] == "Sở Nội vụ"


@pytest.mark.parametrize(("argv", "expected_id", "expected_name"), [
    (["--province", "Hà Tĩnh"], "so-noi-vu@ha-tinh", "Sở Nội vụ tỉnh Hà Tĩnh"),
    (["--province", "Hà Nội"], "uy-ban-nhan-dan-tinh@ha-noi", "Ủy ban nhân dân thành phố Hà Nội"),
    (["--province", "Huế"], "tinh-uy@hue", "Thành ủy Huế"),
    (["--level", "trung_uong"], "bo-tai-chinh", "Bộ Tài chính"),
    (["--level", "xa"], "uy-ban-nhan-dan-xa", "Ủy ban nhân dân xã"),
])
def test_agencies_lists_the_registry(argv, expected_id, expected_name):
    out = io.StringIO()
    assert main(["agencies", "--json", *argv], out=out) == 0
    rows = {row["registry_id"]: row for row in json.loads(out.getvalue())}
    assert rows[expected_id]["canonical"] == expected_name
    if "--level" in argv:
        assert {row["level"] for row in rows.values()} == {argv[1]}


def test_agencies_shows_the_successor_of_a_merged_body():
    out = io.StringIO()
    assert main(["agencies", "--province", "Quảng Nam"], out=out) == 0
    line = next(l for l in out.getvalue().splitlines() if l.startswith("so-ke-hoach-va-dau-tu@quang-nam"))
    assert line.endswith("-> so-tai-chinh@da-nang")


def test_agencies_unknown_province_is_a_usage_error():
    assert main(["agencies", "--province", "Atlantis"], out=io.StringIO()) == 2


# --- regressions: CLI defects found by a review (issue 12) ------------------------------------------
@pytest.fixture(scope="module")
def batch_jsonl(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "batch.jsonl"
    assert main(["extract", str(SEED), "-o", str(path), "--jsonl"], out=io.StringIO()) == 0
    return path


@pytest.mark.parametrize("command", ["export", "stats"])
@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d / "missing.jsonl", "cannot read {path}: No such file or directory"),
    (lambda d: d, "cannot read {path}: Is a directory"),
    (lambda d: _write(d / "notice.txt", SEED.read_bytes()), "{path} is not JSON Lines: line 3 is not JSON"),
    (lambda d: _write(d / "pretty.json", b'{\n  "id": "x"\n}\n'), "{path} is not JSON Lines: line 1 is not JSON"),
    (lambda d: _write(d / "tasks.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xff\xfe"), "{path} is not JSON Lines"),
    (lambda d: _write(d / "list.jsonl", b"[1, 2]\n"), "{path} line 1 is not a notice or an error record"),
])
def test_export_and_stats_on_a_missing_or_non_jsonl_file_ended_in_a_traceback(tmp_path, capsys, command, make,
                                                                              message):
    path = make(tmp_path)
    argv = [command, str(path)] + (["-o", str(tmp_path / "out.csv")] if command == "export" else [])
    code, text = run(*argv)
    err = capsys.readouterr().err
    assert code == 2 and text == ""
    assert err.startswith(f"nhiemvu {command}: " + message.format(path=path)) and err.count("\n") == 1


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("argv", "written"), [
    (["-o", "tasks.xlsx"], "xlsx"),                 # the format from the extension
    (["-o", "tasks.CSV"], "csv"),
    (["-o", "tasks.json"], "json"),
    (["--to", "XLSX", "-o", "tasks.xlsx"], "xlsx"),  # --to in any case
    (["--to", "Csv", "-o", "tasks.txt"], "csv"),     # an extension of no format: --to decides
])
def test_export_format_from_the_extension_and_to_in_any_case(tmp_path, batch_jsonl, argv, written):
    argv = [a if a.startswith("-") or not a.startswith("tasks") else str(tmp_path / a) for a in argv]
    code, text = run("export", str(batch_jsonl), *argv)
    target = Path(argv[argv.index("-o") + 1])
    assert code == 0 and "25 task" in text  # XLSX: "25 tasks written … (a row per deadline)"
    head = target.read_bytes()[:4]
    assert {"xlsx": head == b"PK\x03\x04", "csv": head[:3] == b"\xef\xbb\xbf", "json": head[:1] == b"["}[written]


@pytest.mark.parametrize(("argv", "message"), [
    (["--to", "csv", "-o", "tasks.xlsx"], ("--to csv does not fit {dir}/tasks.xlsx (a .xlsx name): "
                                             "change the name or leave --to out")),
    (["--to", "json", "-o", "tasks.csv"], ("--to json does not fit {dir}/tasks.csv (a .csv name): "
                                             "change the name or leave --to out")),
    (["-o", "tasks.txt"], "cannot tell the format of {dir}/tasks.txt: give --to (csv, xlsx, json, sqlite, postgres, ics, spacy)"),
])
def test_export_to_csv_into_a_xlsx_name_wrote_csv(tmp_path, capsys, batch_jsonl, argv, message):
    argv = [a if not a.startswith("tasks") else str(tmp_path / a) for a in argv]
    code, _ = run("export", str(batch_jsonl), *argv)
    assert code == 2 and not any(tmp_path.iterdir())
    assert capsys.readouterr().err == f"nhiemvu export: {message.format(dir=tmp_path)}\n"


def test_export_to_an_unknown_format_is_a_usage_error(tmp_path, batch_jsonl):
    assert run("export", str(batch_jsonl), "--to", "pdf", "-o", str(tmp_path / "t.pdf"))[0] == 2


def test_extract_piped_into_head_ended_in_a_broken_pipe_traceback():
    import subprocess
    import sys

    from .conftest import ROOT

    seeds = sorted((CORPUS / "seeds" / "docs").glob("*.txt")) * 4
    process = subprocess.Popen([sys.executable, "-m", "extractor.cli", "extract", *map(str, seeds)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stdout.readline().startswith(b"{")
    process.stdout.close()  # what `head -1` does after its line
    _, err = process.communicate(timeout=120)
    assert err == b"" and process.returncode == 141


def test_extract_help_named_only_txt(capsys):
    assert main(["extract", "--help"]) == 0
    assert "notice files (.txt, .docx, .pdf)" in capsys.readouterr().out
