"""A Tesseract TSV written by hand and a stand-in `tesseract` binary, for the OCR tests that must run
where Tesseract is not installed."""

from __future__ import annotations

import stat
from pathlib import Path

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(*words: tuple[int, int, int, int, int, int, float, str], structure: bool = True) -> str:
    """A Tesseract TSV: words as (line_num, word_num, left, top, width, height, conf, text) in one
    block and paragraph, with the page/block/paragraph/line rows (conf -1) Tesseract writes."""
    rows = [HEADER]
    if structure:
        rows += ["1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t", "2\t1\t1\t0\t0\t0\t100\t100\t2000\t400\t-1\t",
                 "3\t1\t1\t1\t0\t0\t100\t100\t2000\t400\t-1\t"]
    seen_lines: set[int] = set()
    for line, word, left, top, width, height, conf, text in words:
        if structure and line not in seen_lines:
            seen_lines.add(line)
            rows.append(f"4\t1\t1\t1\t{line}\t0\t100\t{top}\t2000\t{height}\t-1\t")
        rows.append(f"5\t1\t1\t1\t{line}\t{word}\t{left}\t{top}\t{width}\t{height}\t{conf}\t{text}")
    return "\n".join(rows) + "\n"


def fake_tesseract(tmp_path: Path, body: str, languages: str = "eng\nosd\nvie") -> Path:
    """An executable `tesseract` in tmp_path: `--list-langs` lists `languages`; any other call reads
    the image from stdin and runs `body` (a shell script)."""
    script = tmp_path / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--list-langs" ]; then\n'
        f"  printf 'List of available languages in \"/x/\" (3):\\n{languages}\\n'; exit 0\n"
        "fi\n"
        "cat > /dev/null\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def serving(tmp_path: Path, *pages: str) -> str:
    """A `body` for `fake_tesseract` that answers its n-th call with the n-th TSV of `pages` (an
    empty string: exit 3 with an error, as Tesseract does on an image it cannot read)."""
    lines = [f'n=$(cat "{tmp_path / "calls"}" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "{tmp_path / "calls"}"']
    for number, page in enumerate(pages, 1):
        if page:
            (tmp_path / f"page{number}.tsv").write_text(page, encoding="utf-8")
            lines.append(f'if [ "$n" = {number} ]; then cat "{tmp_path / f"page{number}.tsv"}"; exit 0; fi')
        else:
            lines.append(f'if [ "$n" = {number} ]; then echo "Error: page image unreadable" >&2; exit 3; fi')
    lines.append('echo "no answer for call $n" >&2; exit 4')
    return "\n".join(lines) + "\n"
