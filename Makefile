# Two commands on a fresh machine (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

.PHONY: demo test install dev schema bench eval eval-variants eval-formats eval-scans scan-fixtures corpus clean report bench-report

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

## demo: set up, extract every bundled corpus notice to out/corpus.jsonl, print a summary table
demo: $(VENV)/.installed
	$(BIN)/python scripts/demo.py --out $(OUT)/corpus.jsonl

## test: set up with the dev extras; ruff and mypy --strict (the package ships py.typed), then the test suite
test: $(VENV)/.dev-installed
	$(BIN)/ruff check extractor tests scripts
	$(BIN)/mypy --strict extractor
	$(BIN)/python -m pytest

## eval: precision/recall/F1 per corpus part, every part that has gold (seeds, dev, synthetic, heldout,
## structures, blind, real, scans-real)
eval: $(VENV)/.installed
	@for gold in corpus/*/gold; do part=$$(dirname $$gold); echo "== $$part"; \
	  $(BIN)/nhiemvu eval $$gold $$part/docs || exit 1; done

## eval-variants: the real corpus's figures when its text is copied otherwise ("–"/"•" bullets, lost bullets,
## hard-wrapped prose, old tone marks, "UBND", other date spellings; about a minute)
eval-variants: $(VENV)/.installed
	$(BIN)/python scripts/eval_variants.py

## eval-formats: the figures summed over the corpus rendered as DOCX, PDF and scanned PDF (OCR: ~2 min)
eval-formats: $(VENV)/.installed
	@for fmt in docs docx pdf scan; do echo "== $$fmt"; $(BIN)/python scripts/eval_formats.py $$fmt; done

## eval-scans: the OCR path per scan profile (bilevel, gray, colour, fax, photo) next to the text and the
## plain-Tesseract floor, and the real signed scans against their transcriptions (OCR: about an hour on
## 2 cores; renders and results cached in out/scans/; not part of `make test`)
eval-scans: $(VENV)/.installed
	$(BIN)/python scripts/eval_scans.py --plain-tesseract --real $(EVAL_SCANS_ARGS)

## scan-fixtures: re-make tests/fixtures/scan/h03_mix.* (one small page per scan profile)
scan-fixtures: $(VENV)/.installed
	$(BIN)/python scripts/make_scan_fixtures.py

## corpus: re-render the corpus as DOCX, PDF (LibreOffice) and scanned PDF, the table notices with ruled tables, and the PDF regression fixtures; the results are committed
corpus: $(VENV)/.dev-installed
	$(BIN)/python scripts/build_corpus.py --scan
	$(BIN)/python scripts/build_corpus.py --parts real structures --ruled
	$(BIN)/python scripts/build_pdf_fixtures.py

## schema: regenerate the committed JSON Schema from the models; copy the database DDL to schema/
schema: $(VENV)/.installed
	$(BIN)/nhiemvu schema > schema/notice.schema.json
	cp extractor/sql/sqlite.sql extractor/sql/postgres.sql schema/

## bench: notices per second on one core, peak RSS, CLI start-up time
bench: $(VENV)/.installed
	$(BIN)/python scripts/bench.py

## report: HTML review report of the bundled corpus
report: $(VENV)/.installed
	$(BIN)/nhiemvu report corpus/*/docs/*.txt -o $(OUT)/report.html

## bench-report: size and time to first paint of a 1,000-notice report in headless Chromium
bench-report: $(VENV)/.dev-installed
	$(BIN)/python scripts/bench_report.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
