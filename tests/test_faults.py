"""Fault injection (issue 15): a hostile-input corpus generated from the seeds at test time, a
fault-injecting model endpoint, kill -9 with resume, concurrent runs, a full disk, review-server
attacks, leaked secrets and spreadsheet formulas.

Each case is judged survived / lost / wrong-marked-clean (tests/fault_support.py) and must survive.
``.venv/bin/python scripts/fault_table.py`` runs this module and prints the table by group.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import opencc
import pytest
from fake_openai import FakeOpenAI, completion_body, rules_answer
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from extractor import store
from extractor.backends import make_backend, rules
from extractor.backends.llm.config import ModelConfig
from extractor.chunks import pack_chunks
from extractor.cli import EXIT_FAILED, app
from extractor.export import csv_bytes
from extractor.ingest import clean_text, content_hash
from extractor.models import Document, Project, Record, Target
from extractor.pipeline import DocumentOverrides, Limits, extract_document, prepare, prepare_document
from extractor.review.app import create_app
from extractor.review.server import allowed_hosts
from extractor.run import run_files, summarize
from extractor.sections import SectionLookup, build_sections
from tests.conftest import CORPUS
from tests.fault_support import (
    GDP,
    LOST,
    SEED,
    SEED_TEXT,
    SEEDS,
    SURVIVED,
    WRONG,
    FakeClock,
    Ledger,
    cli_popen,
    cli_process,
    outputs,
    seed_with,
    traceback_in,
    unprivileged_prefix,
)

runner = CliRunner()
pytestmark = [pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]
Verdict = tuple[str, str]


@pytest.fixture(scope="module")
def ledger() -> Iterator[Ledger]:
    book = Ledger()
    yield book
    book.write()


def run_cli(args: list[str]) -> tuple[int, str, BaseException | None]:
    """``extractor ARGS`` in process: exit code, what it printed, and an exception that escaped."""
    result = runner.invoke(app, args)
    escaped = result.exception if result.exception and not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.output, escaped


def value_counts(items: list[dict[str, Any]]) -> Counter[tuple[Any, Any]]:
    return Counter((i["value"], i["unit"]) for i in items if i["kind"] == "target")


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seed as UTF-8: what every re-encoding must read."""
    folder = tmp_path_factory.mktemp("baseline")
    (folder / "in.txt").write_text(SEED_TEXT, encoding="utf-8")
    code, output, escaped = run_cli(["run", str(folder / "in.txt"), "--out", str(folder / "run")])
    assert escaped is None and code in (0, 3), output
    return outputs(folder / "run")


# --- encodings ------------------------------------------------------------------------------------

TRADITIONAL = opencc.OpenCC("s2t").convert(SEED_TEXT)


def _bad_byte_in_number() -> bytes:
    data = SEED_TEXT.encode("utf-8")
    at = data.index(GDP.encode("utf-8")) + len("生产总值增长6".encode())
    return data[:at] + b"\xff" + data[at + 1 :]  # the "." of 6.5 replaced by a byte that is not UTF-8


ENCODED: dict[str, tuple[Callable[[], bytes], str]] = {
    "utf-8": (lambda: SEED_TEXT.encode("utf-8"), "utf-8"),
    "utf-8 with BOM": (lambda: codecs.BOM_UTF8 + SEED_TEXT.encode("utf-8"), "utf-8-sig"),
    "gb18030": (lambda: SEED_TEXT.encode("gb18030"), "gb18030"),
    "gbk": (lambda: SEED_TEXT.encode("gbk"), "gb18030"),
    "big5 (traditional)": (lambda: TRADITIONAL.encode("big5", errors="replace"), "big5"),
    "traditional in gb18030": (lambda: TRADITIONAL.encode("gb18030"), "gb18030"),
    "utf-16 LE with BOM": (lambda: SEED_TEXT.encode("utf-16"), "utf-16"),
    "utf-16 BE with BOM": (lambda: codecs.BOM_UTF16_BE + SEED_TEXT.encode("utf-16-be"), "utf-16"),
    "utf-16 LE without BOM": (lambda: SEED_TEXT.encode("utf-16-le"), "utf-16-le"),
    "utf-16 BE without BOM": (lambda: SEED_TEXT.encode("utf-16-be"), "utf-16-be"),
    "utf-32 with BOM": (lambda: SEED_TEXT.encode("utf-32"), "utf-32"),
    "utf-8 with stray bytes": (
        lambda: SEED_TEXT.encode("utf-8").replace("。".encode(), "。".encode() + b"\xfe", 3),
        "utf-8 (3 invalid bytes replaced)",
    ),
    "html in gbk": (
        lambda: ("<html><head><meta charset='gbk'></head><body><p>" + SEED_TEXT.replace("\n", "</p><p>")).encode("gbk"),
        "gb18030",
    ),
}


@pytest.mark.parametrize("name", list(ENCODED))
def test_encodings_are_read_from_evidence(name: str, tmp_path: Path, ledger: Ledger, baseline: dict) -> None:
    make, label = ENCODED[name]
    (tmp_path / "report.txt").write_bytes(make())
    _code, _output, escaped = run_cli(["run", str(tmp_path / "report.txt"), "--out", str(tmp_path / "run")])
    ledger.check("encodings", name, _encoding_verdict(tmp_path / "run", escaped, label, baseline))


def _encoding_verdict(run_dir: Path, escaped: BaseException | None, label: str, baseline: dict) -> Verdict:
    if escaped is not None:
        return LOST, f"{type(escaped).__name__}: {escaped}"
    found = outputs(run_dir)
    if "missing" in found:
        return LOST, f"run files missing: {found['missing']}"
    documents = [d for d in found["documents"] if d["status"] == "ok"]
    if not documents:
        return LOST, f"no document: {found['documents']}"
    if not documents[0]["encoding"].startswith(label):
        wrong = [i for i in found["items"] if i["status"] == "ok"]
        return (WRONG if wrong else LOST), f"decoded as {documents[0]['encoding']}, not {label}"
    if value_counts(found["items"]) != value_counts(baseline["items"]):
        return WRONG, "values differ from the UTF-8 reading"
    return SURVIVED, f"{documents[0]['encoding']}, {len(found['items'])} records as in UTF-8"


def test_a_byte_that_is_not_utf8_inside_a_number_is_flagged(tmp_path: Path, ledger: Ledger) -> None:
    (tmp_path / "report.txt").write_bytes(_bad_byte_in_number())
    _code, _output, escaped = run_cli(["run", str(tmp_path / "report.txt"), "--out", str(tmp_path / "run")])
    found = outputs(tmp_path / "run")
    gdp = [i for i in found.get("items", []) if "\ufffd" in i["quote"]]
    if escaped is not None or not found.get("items"):
        verdict: Verdict = (LOST, f"{escaped or found}")
    elif any(i["status"] == "ok" for i in gdp):
        verdict = (WRONG, f"read as {[i['value'] for i in gdp]} with status ok")
    else:
        verdict = (SURVIVED, f"{len(gdp)} records on the damaged clause, all flagged DAMAGED_TEXT")
    ledger.check("encodings", "invalid byte inside 6.5", verdict)


JUNK: dict[str, bytes] = {
    "random bytes": random.Random(15).randbytes(4000),
    "shift_jis japanese": ("日本国の経済成長率は前年比で増加する見込みです。" * 40).encode("shift_jis"),
    "latin-1 english": ("The economy will grow by about 6.5 percent, café. " * 40).encode("latin-1"),
}


@pytest.mark.parametrize("name", list(JUNK))
def test_undecodable_files_fail_with_one_line_and_the_rest_is_processed(
    name: str, tmp_path: Path, ledger: Ledger
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(JUNK[name])
    shutil.copy(SEED, folder / "good.txt")
    _code, output, escaped = run_cli(["run", str(folder), "--out", str(tmp_path / "run")])
    ledger.check("encodings", name, _bad_file_verdict(tmp_path / "run", escaped, output, "bad.txt", allow_ok=False))


def _bad_file_verdict(
    run_dir: Path, escaped: BaseException | None, output: str, bad: str, allow_ok: bool = False, cause: str = ""
) -> Verdict:
    """One line naming the bad file, its failed row (or, with ``allow_ok``, a clean reading), the good file done."""
    if escaped is not None or traceback_in(output):
        return LOST, f"{type(escaped).__name__ if escaped else 'traceback'}: {escaped or output[-300:]}"
    found = outputs(run_dir)
    if "missing" in found:
        return LOST, f"run files missing: {found['missing']}"
    rows = {d["source_file"].rsplit("/", 1)[-1]: d for d in found["documents"]}
    good = rows.get("good.txt")
    if good is None or good["status"] != "ok":
        return LOST, f"the good file was not processed: {sorted(rows)}"
    row = next((d for name, d in rows.items() if bad in name), None)
    if row is None:
        return LOST, f"no row names {bad}: {sorted(rows)}"
    if row["status"] == "ok":
        if not allow_ok:
            records = [i for i in found["items"] if i["doc_id"] == row["doc_id"] and i["status"] == "ok"]
            return (WRONG if records else LOST), f"{bad} was read as a report ({row['encoding']})"
        return SURVIVED, f"{bad} read as a report"
    lines = [line for line in output.splitlines() if bad in line and "error" in line]
    if not lines:
        return LOST, f"no error line names {bad}"
    if cause and cause not in row["error"]:
        return LOST, f"cause not named: {row['error']}"
    return SURVIVED, row["error"]


# --- invisible characters -------------------------------------------------------------------------

INVISIBLE = {
    "U+2060 word joiner": "\u2060",
    "U+200B zero width space": "\u200b",
    "U+200C zero width non-joiner": "\u200c",
    "U+200D zero width joiner": "\u200d",
    "U+FEFF inside the text": "\ufeff",
    "U+00AD soft hyphen": "\u00ad",
    "U+200E left-to-right mark": "\u200e",
    "U+202E right-to-left override": "\u202e",
    "U+2066 left-to-right isolate": "\u2066",
    "U+180E mongolian vowel separator": "\u180e",
    "U+FE0F variation selector": "\ufe0f",
    "U+E0001 language tag": "\U000e0001",
    "BEL control": "\x07",
    "ESC control": "\x1b",
    "vertical tab": "\x0b",
    "form feed": "\x0c",
    "U+2009 thin space": "\u2009",
    "U+202F narrow no-break space": "\u202f",
}


def records_of_text(raw: str) -> list[Record]:
    """The rules' records for a report given as text (ingest's cleaning, then the whole pipeline)."""
    text, title = clean_text(raw)
    document = Document(doc_id=content_hash(text), source_file="t.txt", encoding="utf-8", text=text, title=title)
    return extract_document(prepare_document(document), rules.extract).records


def gdp_verdict(records: list[Record], expect: dict[str, Any], must_flag: str | None = None) -> Verdict:
    gdp = [r for r in records if isinstance(r, Target) and "生产总值" in r.indicator and r.value is not None]
    if not gdp:
        return LOST, "no record for 生产总值"
    record = gdp[0]
    got = {name: getattr(record, name) for name in expect}
    codes = [f.code for f in record.flags]
    if must_flag is not None:
        if must_flag in codes:
            return SURVIVED, f"{got}, flagged {must_flag}"
        return (WRONG if record.status == "ok" else LOST), f"{got}, flags {codes}: not {must_flag}"
    if got == expect:
        return SURVIVED, f"{got}"
    if record.status != "ok":
        return SURVIVED, f"misread as {got} but flagged {codes}"
    return WRONG, f"read {got}, expected {expect}, status ok"


@pytest.mark.parametrize("name", list(INVISIBLE))
@pytest.mark.parametrize("where", ["6X.5", "6.X5"])
def test_invisible_characters_inside_numbers(name: str, where: str, ledger: Ledger) -> None:
    number = where.replace("X", INVISIBLE[name])
    records = records_of_text(seed_with(f"生产总值增长{number}%以上"))
    verdict = gdp_verdict(records, {"value": 6.5, "unit": "%", "qualifier": "以上"})
    ledger.check("invisible characters", f"{name} in {where}", verdict)


HEADLINE = SEED_TEXT.splitlines()[next(i for i, line in enumerate(SEED_TEXT.splitlines()) if GDP in line)]
IGNORABLE = st.sampled_from(["\u2060", "\u200b", "\ufeff", "\u00ad", "\u200e", "\u202e", "\u2066", "\ufe0f", "\x07"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(insertions=st.lists(st.tuples(st.integers(min_value=0, max_value=len(HEADLINE)), IGNORABLE), max_size=12))
def test_property_invisible_characters_never_change_the_values_read(
    insertions: list[tuple[int, str]], ledger: Ledger
) -> None:
    """Random format and control characters anywhere in the main-targets paragraph read the same."""
    expected = _readings(records_of_text(HEADLINE))
    line = HEADLINE
    for position, char in sorted(insertions, reverse=True):
        line = line[:position] + char + line[position:]
    got = _readings(records_of_text(line))
    if got != expected:
        ledger.record("invisible characters", f"property: {insertions!r}", WRONG, f"{got ^ expected}")
    assert got == expected and expected


def test_property_cases_are_counted(ledger: Ledger) -> None:
    """The property test above ran its examples; it counts as one case in the table."""
    failed = [r for r in ledger.rows if r["case"].startswith("property:")]
    ledger.check(
        "invisible characters",
        "property: 40 random insertions into the headline paragraph",
        (LOST, f"{len(failed)} failing examples") if failed else (SURVIVED, "all examples read the same"),
    )


def _readings(records: list[Record]) -> set[tuple[Any, ...]]:
    return {(r.indicator, r.value, r.unit, r.qualifier) for r in records if isinstance(r, Target)}


# --- numbers ---------------------------------------------------------------------------------------

NUMBERS: dict[str, tuple[str, dict[str, Any], str | None]] = {
    "增长-5%": ("生产总值增长-5%", {"value": 5.0, "direction": "decrease"}, None),
    "增长－5% (full-width minus)": ("生产总值增长－5%", {"value": 5.0, "direction": "decrease"}, None),
    "增长−5% (U+2212 minus)": ("生产总值增长−5%", {"value": 5.0, "direction": "decrease"}, None),
    "下降-2% (double negative)": ("生产总值下降-2%", {}, "DIRECTION_MISMATCH"),
    "百分之六点五左右": ("生产总值增长百分之六点五左右", {"value": 6.5, "unit": "%", "bound": "around"}, None),
    "百分之六点五以上": ("生产总值增长百分之六点五以上", {"value": 6.5, "unit": "%", "bound": "at_least"}, None),
    "百分之十": ("生产总值增长百分之十", {"value": 10.0, "unit": "%"}, None),
    "不低于百分之六": ("生产总值增长不低于百分之六", {"value": 6.0, "unit": "%", "qualifier": "不低于"}, None),
    "千分之五以内": ("生产总值增长千分之五以内", {"value": 5.0, "unit": "‰", "bound": "at_most"}, None),
    "６．５％ (full-width)": ("生产总值增长６．５％以上", {"value": 6.5, "unit": "%", "qualifier": "以上"}, None),
    "6.5%-7% range": ("生产总值增长6.5%-7%", {"value": 6.5, "value_high": 7.0, "bound": "range"}, None),
    "14-digit 亿元": ("生产总值达到９９９９９９９９９９９９９９亿元", {}, "IMPLAUSIBLE"),
    "growth of 65%": ("生产总值增长65%以上", {}, "IMPLAUSIBLE"),
    "1,200亿元 with a thousands comma": ("生产总值达到1200亿元", {"value": 1200.0, "unit": "亿元"}, None),
}


@pytest.mark.parametrize("name", list(NUMBERS))
def test_signs_and_chinese_percentages(name: str, ledger: Ledger) -> None:
    clause, expect, flag = NUMBERS[name]
    ledger.check("numbers", name, gdp_verdict(records_of_text(seed_with(clause)), expect, must_flag=flag))


def test_a_signed_growth_from_the_model_is_flagged(ledger: Ledger) -> None:
    """The checks catch a model that reads 增长-5% as +5 (same checks for every backend)."""
    from extractor.checks import check_records

    record = Target(quote="生产总值增长-5%", char_start=0, char_end=9, indicator="生产总值", metric="growth",
                    value=5, unit="%", bound="point", direction="increase", backend="llm")  # fmt: skip
    checked = check_records([record], lambda r: None)[0]
    codes = [f.code for f in checked.flags]
    verdict = (SURVIVED, f"flagged {codes}") if "DIRECTION_MISMATCH" in codes else (WRONG, f"flags {codes}")
    ledger.check("numbers", "model reads 增长-5% as +5", verdict)


# --- size ------------------------------------------------------------------------------------------


def test_one_sentence_repeated_to_3_mb_fails_fast_with_a_reason(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_text("生产总值增长6.5%以上。\n" * 200_000, encoding="utf-8")
    shutil.copy(SEED, folder / "good.txt")
    started = time.perf_counter()
    _code, output, escaped = run_cli(["run", str(folder), "--out", str(tmp_path / "run")])
    seconds = time.perf_counter() - started
    verdict = _bad_file_verdict(tmp_path / "run", escaped, output, "bad.txt", cause="--max-records")
    if verdict[0] == SURVIVED and seconds > 30:
        verdict = (LOST, f"took {seconds:.0f} s")
    ledger.check("size", "one sentence repeated to 3 MB", (verdict[0], f"{verdict[1]} ({seconds:.1f} s)"))


def _every_report_in_one() -> str:
    """Every report of the seeds and the corpus in one text (1.1 MB): distinct paragraphs, since copies of the same
    report would be dropped as a page's second copy (ingest.drop_repeated_copy)."""
    parts = [*sorted(SEEDS.glob("*.txt")), *sorted((CORPUS / "docs").glob("*.txt"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in parts)


def test_a_1_mb_report_is_extracted_and_finalised_in_bounded_time(tmp_path: Path, ledger: Ledger) -> None:
    path = tmp_path / "big.txt"
    path.write_text(_every_report_in_one(), encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    limits = Limits(max_records=10**6, max_seconds=600)
    started = time.process_time()  # CPU seconds: other test workers share the machine
    prepared = prepare(path, max_bytes=1 << 30, budget=limits.start())
    records = extract_document(prepared, rules.extract, limits.start()).records
    seconds = time.process_time() - started
    verdict = (SURVIVED if seconds < 30 and len(records) > 3000 else LOST, f"{len(records)} records in {seconds:.1f} s")
    ledger.check("size", "1 MB report with --max-records raised", verdict)


def test_section_lookup_is_logarithmic(ledger: Ledger) -> None:
    """100,000 lookups over 50,000 sections: a linear scan per record (the old way) would take hours."""
    text = "深化改革创新。生产总值增长6.5%以上。\n" * 50_000
    sections = build_sections(text, 2023)
    lookup = SectionLookup(sections)
    offsets = random.Random(15).sample(range(len(text)), 100_000)
    started = time.perf_counter()
    found = [lookup.at(offset) for offset in offsets]
    seconds = time.perf_counter() - started
    sample = offsets[:200]
    linear = [max((s for s in sections if s.char_start <= o < s.char_end), key=lambda s: s.level) for o in sample]
    same = [f.index for f in found[:200]] == [s.index for s in linear]
    verdict = (SURVIVED if same and seconds < 3 else LOST, f"{len(sections)} sections, {seconds:.2f} s, same={same}")
    ledger.check("size", "section lookup over 50,000 sections", verdict)


def test_a_document_over_the_time_bound_fails_with_a_reason(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_text(_every_report_in_one(), encoding="utf-8")
    shutil.copy(SEED, folder / "good.txt")
    args = ["run", str(folder), "--out", str(tmp_path / "run"), "--max-seconds", "0.3", "--max-records", "1000000"]
    _code, output, escaped = run_cli(args)
    good_ok = _bad_file_verdict(tmp_path / "run", escaped, output, "bad.txt", cause="--max-seconds")
    ledger.check("size", "--max-seconds 0.3 on a 1.1 MB report", good_ok)


@pytest.mark.parametrize(
    "name,content,cause",
    [
        ("empty file", b"", "empty file"),
        ("only whitespace", b" \n\t\n" * 100, "no Chinese"),
        ("only site furniture", "上一篇\n下一篇\n版权所有 ©\n".encode() * 50, "no"),
        ("a PDF renamed .txt", b"%PDF-1.7\n" + bytes(500), "PDF"),
        ("over --max-mb", b"x" * 2_200_000, "too large"),
    ],
)
def test_empty_tiny_and_oversized_files(name: str, content: bytes, cause: str, tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(content)
    shutil.copy(SEED, folder / "good.txt")
    _code, output, escaped = run_cli(["run", str(folder), "--out", str(tmp_path / "run"), "--max-mb", "2"])
    ledger.check("size", name, _bad_file_verdict(tmp_path / "run", escaped, output, "bad.txt", cause=cause))


# --- paths -----------------------------------------------------------------------------------------

ODD_NAMES: dict[str, bytes] = {
    "not UTF-8 (b_\\xff\\xfe.txt)": b"b_\xff\xfe.txt",
    "a newline in the name": b"a\nb.txt",
    "a right-to-left override": "报告\u202etxt.exe".encode(),
    "a leading dash": b"-rf.txt",
    "255 bytes long": ("报" * 83 + "x").encode(),
    "spaces and quotes": b'"it\'s" a report .txt',
}


@pytest.mark.parametrize("name", list(ODD_NAMES))
def test_odd_file_names_are_processed_and_stored_printable(name: str, tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = ODD_NAMES[name]
    with open(os.path.join(os.fsencode(folder), raw), "wb") as handle:
        handle.write(seed_with("生产总值增长7.5%以上").encode("utf-8"))
    shutil.copy(SEED, folder / "good.txt")
    _code, _output, escaped = run_cli(["run", str(folder), "--out", str(tmp_path / "run")])
    found = outputs(tmp_path / "run")
    if escaped is not None or "missing" in found:
        verdict: Verdict = (LOST, f"{escaped or found}")
    else:
        rows = [d for d in found["documents"] if d["status"] == "ok"]
        names = [d["source_file"] for d in rows]
        odd = [n for n in names if n != "good.txt"]
        readable = all(n.isprintable() for n in names)
        verdict = (SURVIVED, f"stored as {odd!r}") if len(rows) == 2 and readable else (LOST, f"{names}")
    ledger.check("paths", name, verdict)


def _chmod_case(tmp_path: Path, make_bad: Callable[[Path], list[str]], ledger: Ledger, case: str, cause: str) -> None:
    prefix = unprivileged_prefix()
    if prefix is None:
        ledger.skip("paths", case, "running as root off Linux without setpriv: permission bits cannot be enforced")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    extra = make_bad(folder)
    out = tmp_path / "run"
    try:
        done = cli_process(["run", str(folder), *extra, "--out", str(out)], prefix=prefix)
    finally:
        for path in folder.rglob("*"):
            path.chmod(0o755)
    verdict = _bad_file_verdict(out, None, done.stderr, "locked", cause=cause)
    if verdict[0] == SURVIVED and done.returncode != EXIT_FAILED:
        verdict = (LOST, f"exit {done.returncode}, expected {EXIT_FAILED}")
    ledger.check("paths", case, verdict)


def test_an_unreadable_sub_folder_is_one_failed_row(tmp_path: Path, ledger: Ledger) -> None:
    def make(folder: Path) -> list[str]:
        (folder / "locked").mkdir()
        shutil.copy(SEEDS / "001_332ad4d155dc2366.txt", folder / "locked" / "inside.txt")
        (folder / "locked").chmod(0)
        return []

    _chmod_case(tmp_path, make, ledger, "unreadable sub-folder (chmod 000)", "Permission denied")


def test_an_unreadable_file_named_on_the_command_line_is_one_failed_row(tmp_path: Path, ledger: Ledger) -> None:
    def make(folder: Path) -> list[str]:
        bad = folder.parent / "locked.txt"
        shutil.copy(SEEDS / "001_332ad4d155dc2366.txt", bad)
        bad.chmod(0)
        return [str(bad)]

    _chmod_case(tmp_path, make, ledger, "chmod-000 file named on the command line", "Permission denied")


def _fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "bad.txt")
    return []


def _fifo_on_command_line(folder: Path) -> list[str]:
    os.mkfifo(folder.parent / "bad.txt")
    return [str(folder.parent / "bad.txt")]


def _loop(folder: Path) -> list[str]:
    os.symlink(folder, folder / "bad.txt")  # a folder link back to its own parent
    return []


def _dangling(folder: Path) -> list[str]:
    os.symlink(folder / "missing.txt", folder / "bad.txt")
    return []


def _self_link(folder: Path) -> list[str]:
    os.symlink(folder / "bad.txt", folder / "bad.txt")
    return []


def _device(folder: Path) -> list[str]:
    os.symlink("/dev/null", folder / "bad.txt")
    return []


def _missing(folder: Path) -> list[str]:
    return [str(folder.parent / "bad.txt")]


SPECIAL_PATHS: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "FIFO in a folder": (_fifo, "not a regular file"),
    "FIFO named on the command line": (_fifo_on_command_line, "not a regular file"),
    "symbolic link loop": (_loop, "loop"),
    "dangling symbolic link": (_dangling, "does not exist"),
    "link to itself (ELOOP)": (_self_link, ""),
    "link to /dev/null": (_device, "not a regular file"),
    "path that does not exist": (_missing, "does not exist"),
}


@pytest.mark.parametrize("name", list(SPECIAL_PATHS))
def test_special_paths_are_one_failed_row_each(name: str, tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    make, cause = SPECIAL_PATHS[name]
    extra = make(folder)
    _code, output, escaped = run_cli(["run", str(folder), *extra, "--out", str(tmp_path / "run")])
    ledger.check("paths", name, _bad_file_verdict(tmp_path / "run", escaped, output, "bad.txt", cause=cause))


def test_files_with_the_same_cleaned_text_all_appear(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    (folder / "b.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))  # same text, other bytes
    (folder / "c.txt").write_text(SEED_TEXT.replace("\n", "\n\n") + "\n上一篇\n", encoding="utf-8")  # same cleaned
    _code, _output, escaped = run_cli(["run", str(folder), str(folder / "a.txt"), "--out", str(tmp_path / "run")])
    found = outputs(tmp_path / "run")
    names = {d["source_file"]: d for d in found.get("documents", [])}
    if escaped is not None or set(names) != {"a.txt", "b.txt", "c.txt"}:
        verdict: Verdict = (LOST, f"{escaped or sorted(names)}")
    else:
        duplicates = {n: d.get("same_text_as") for n, d in names.items() if d["status"] == "duplicate"}
        ok = duplicates == {"b.txt": "a.txt", "c.txt": "a.txt"} and names["a.txt"]["same_text_files"] == [
            "b.txt",
            "c.txt",
        ]
        verdict = (SURVIVED, f"duplicates: {duplicates}") if ok else (LOST, f"{names}")
    ledger.check("paths", "three files with the same cleaned text (one named twice)", verdict)


# --- run folder ------------------------------------------------------------------------------------


def _refused(
    code: int, output: str, escaped: BaseException | None, phrase: str, untouched: Callable[[], bool]
) -> Verdict:
    lines = [line for line in output.splitlines() if line.startswith("error:")]
    if escaped is not None or traceback_in(output):
        return LOST, f"traceback: {escaped}"
    if code != 2 or len(lines) != 1 or phrase not in lines[0]:
        return LOST, f"exit {code}, lines {lines}"
    if not untouched():
        return LOST, "the existing file was changed"
    return SURVIVED, lines[0]


def test_out_pointing_at_a_file_is_refused(tmp_path: Path, ledger: Ledger) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    code, output, escaped = run_cli(["run", str(SEED), "--out", str(target)])
    verdict = _refused(code, output, escaped, "not a folder", lambda: target.read_text(encoding="utf-8") == "mine")
    ledger.check("run folder", "--out is an existing file", verdict)


def test_a_folder_with_another_programs_database_is_refused(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "app"
    folder.mkdir()
    with sqlite3.connect(folder / "run.sqlite") as other:
        other.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        other.execute("INSERT INTO users VALUES (1, 'ada')")
    other.close()
    before = (folder / "run.sqlite").read_bytes()
    code, output, escaped = run_cli(["run", str(SEED), "--out", str(folder)])
    verdict = _refused(code, output, escaped, "another program", lambda: (folder / "run.sqlite").read_bytes() == before)
    ledger.check("run folder", "another program's run.sqlite", verdict)


def test_a_run_sqlite_that_is_not_a_database_is_refused(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "run.sqlite").write_bytes(b"not a database at all, just text\n" * 100)
    before = (folder / "run.sqlite").read_bytes()
    code, output, escaped = run_cli(["run", str(SEED), "--out", str(folder)])
    verdict = _refused(
        code, output, escaped, "not a run database", lambda: (folder / "run.sqlite").read_bytes() == before
    )
    ledger.check("run folder", "run.sqlite that is not SQLite", verdict)


def test_out_below_a_file_is_refused(tmp_path: Path, ledger: Ledger) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, output, escaped = run_cli(["run", str(SEED), "--out", str(tmp_path / "file" / "run")])
    verdict = _refused(code, output, escaped, "cannot open the run folder", lambda: True)
    ledger.check("run folder", "--out below a file", verdict)


def _corpus(folder: Path, copies: int) -> Path:
    """The seeds and ``copies`` altered copies of each (distinct texts, the same kind of records)."""
    folder.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for n in range(copies):
            (folder / f"{seed.stem}_{n:02d}.txt").write_text(text + f"\n附件{n + 1}。\n", encoding="utf-8")
    return folder


def _ids(run_dir: Path) -> set[str]:
    return {i["id"] for i in outputs(run_dir)["items"]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """30 reports and the record ids of one uninterrupted run over them."""
    base = tmp_path_factory.mktemp("corpus")
    folder = _corpus(base / "in", 6)
    done = cli_process(["run", str(folder), "--out", str(base / "clean")])
    assert done.returncode in (0, 3), done.stderr
    return folder, _ids(base / "clean")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_at_a_random_point_then_resume(seed: int, tmp_path: Path, ledger: Ledger, corpus: tuple) -> None:
    folder, expected = corpus
    out = tmp_path / "run"
    delay = random.Random(seed).uniform(0.4, 2.0)
    process = cli_popen(["run", str(folder), "--out", str(out)])
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    integrity = "no database yet"
    if (out / "run.sqlite").exists():
        with sqlite3.connect(out / "run.sqlite") as db:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
            partial = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        db.close()
    else:
        partial = 0
    again = cli_process(["run", str(folder), "--out", str(out), "--lock-wait", "5"])
    if traceback_in(again.stderr) or again.returncode not in (0, 3):
        verdict: Verdict = (LOST, f"resume exit {again.returncode}: {again.stderr[-300:]}")
    elif integrity not in ("ok", "no database yet"):
        verdict = (LOST, f"integrity_check: {integrity}")
    elif _ids(out) != expected:
        verdict = (LOST, f"{len(expected - _ids(out))} records missing after resume")
    else:
        verdict = (
            SURVIVED,
            f"killed after {delay:.1f} s with {partial} documents stored; resumed to all {len(expected)}",
        )
    ledger.check("run folder", f"kill -9 after {delay:.1f} s, then resume", verdict)


def test_two_runs_into_one_folder_wait_for_each_other(tmp_path: Path, ledger: Ledger) -> None:
    folder = _corpus(tmp_path / "in", 2)
    out = tmp_path / "run"
    first = cli_popen(["run", str(folder), "--out", str(out), "--lock-wait", "60"])
    second = cli_popen(["run", str(folder), "--out", str(out), "--lock-wait", "60"])
    results = [(*p.communicate(timeout=120), p.returncode) for p in (first, second)]
    errors = [line for _, err, _ in results for line in err.splitlines() if "locked" in line or "Traceback" in line]
    with sqlite3.connect(out / "run.sqlite") as db:
        failures = db.execute("SELECT COUNT(*) FROM failures").fetchone()[0]
        documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    db.close()
    codes = [code for _, _, code in results]
    ok = not errors and failures == 0 and documents == 10 and all(c in (0, 3) for c in codes)
    ledger.check(
        "run folder",
        "two concurrent runs into one folder (--lock-wait 60)",
        (SURVIVED, f"exit codes {codes}, {documents} documents, no failures")
        if ok
        else (LOST, f"exit {codes}, {failures} failures, {documents} documents, {errors[:2]}"),
    )


def test_a_second_run_is_refused_in_one_line_when_it_may_not_wait(tmp_path: Path, ledger: Ledger) -> None:
    folder = _corpus(tmp_path / "in", 8)
    out = tmp_path / "run"
    first = cli_popen(["run", str(folder), "--out", str(out)])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not ((out / "run.lock").exists() and (out / "run.lock").read_text().strip()):
        time.sleep(0.02)
    second = cli_process(["run", str(folder), "--out", str(out), "--lock-wait", "0"])
    first.communicate(timeout=120)
    lines = [line for line in second.stderr.splitlines() if line.startswith("error:")]
    ok = second.returncode == 2 and len(lines) == 1 and "another `extractor run`" in lines[0]
    ok = ok and first.returncode in (0, 3) and not traceback_in(second.stderr)
    ledger.check(
        "run folder",
        "a second run with --lock-wait 0",
        (SURVIVED, lines[0]) if ok else (LOST, f"exit {second.returncode}/{first.returncode}: {second.stderr[-300:]}"),
    )


def test_review_decisions_written_during_a_run_never_hit_a_lock(tmp_path: Path, ledger: Ledger) -> None:
    folder = _corpus(tmp_path / "in", 1)
    out = tmp_path / "run"
    assert run_cli(["run", str(folder), "--out", str(out)])[0] in (0, 3)
    ids = sorted(_ids(out))[:200]
    errors: list[str] = []
    stop = threading.Event()

    def reviewer() -> None:
        connection = store.connect(out)
        try:
            while not stop.is_set():
                for item_id in ids:
                    try:
                        store.add_review(connection, item_id, "accept", reviewer="fault-suite")
                    except sqlite3.Error as exc:
                        errors.append(str(exc))
                time.sleep(0.01)
        finally:
            connection.close()

    thread = threading.Thread(target=reviewer)
    thread.start()
    done = cli_process(["run", str(folder), "--out", str(out)])
    stop.set()
    thread.join()
    with sqlite3.connect(out / "run.sqlite") as db:
        reviews = db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
        failures = db.execute("SELECT COUNT(*) FROM failures").fetchone()[0]
    db.close()
    ok = not errors and failures == 0 and done.returncode in (0, 3) and reviews > 0
    ledger.check(
        "run folder",
        "review decisions written while a run rewrites the folder",
        (SURVIVED, f"{reviews} decisions stored, no lock errors")
        if ok
        else (LOST, f"{errors[:2]} {done.stderr[-200:]}"),
    )


def test_disk_full_in_sqlite_is_named_and_stops_cleanly(
    tmp_path: Path, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLITE_FULL injected through max_page_count: no root needed, the same error a full disk gives."""
    connect = store.connect

    def small(run_dir: Path) -> sqlite3.Connection:
        connection = connect(run_dir)
        connection.execute("PRAGMA max_page_count = 60")
        return connection

    monkeypatch.setattr(store, "connect", small)
    code, output, escaped = run_cli(["run", str(SEEDS), "--out", str(tmp_path / "run")])
    monkeypatch.undo()
    lines = [line for line in output.splitlines() if line.startswith("error:")]
    with sqlite3.connect(tmp_path / "run" / "run.sqlite") as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        kept = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    db.close()
    ok = escaped is None and code == EXIT_FAILED and len(lines) == 1 and "disk full" in lines[0] and integrity == "ok"
    ledger.check(
        "run folder",
        "SQLite full (max_page_count) mid-run",
        (SURVIVED, f"{lines[0]} ({kept} documents kept)") if ok else (LOST, f"{escaped} exit {code} {lines}"),
    )


def test_no_space_while_writing_run_files_is_named(
    tmp_path: Path, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor import export

    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(export, "atomic_write", full)
    code, output, escaped = run_cli(["run", str(SEED), "--out", str(tmp_path / "run")])
    monkeypatch.undo()
    lines = [line for line in output.splitlines() if line.startswith("error:")]
    ok = escaped is None and code == EXIT_FAILED and len(lines) == 1 and "No space left" in lines[0]
    ledger.check(
        "run folder", "ENOSPC writing the run files", (SURVIVED, lines[0]) if ok else (LOST, f"{escaped} {lines}")
    )


def test_disk_full_on_a_small_tmpfs(tmp_path: Path, ledger: Ledger) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        ledger.skip("run folder", "full tmpfs (512 KB)", "mounting a tmpfs needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        ledger.skip("run folder", "full tmpfs (512 KB)", f"mount refused: {made.stderr.decode().strip()}")
    try:
        folder = _corpus(tmp_path / "in", 4)
        done = cli_process(["run", str(folder), "--out", str(mount / "run")])
        lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        with sqlite3.connect(mount / "run" / "run.sqlite") as db:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
            kept = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        db.close()
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
    ok = done.returncode == EXIT_FAILED and len(lines) == 1 and "disk full" in lines[0] and integrity == "ok"
    ok = ok and not traceback_in(done.stderr)
    ledger.check(
        "run folder",
        "full tmpfs (512 KB)",
        (SURVIVED, f"{lines[0]} ({kept} documents kept)")
        if ok
        else (LOST, f"exit {done.returncode}: {done.stderr[-300:]}"),
    )


# --- model endpoint ----------------------------------------------------------------------------------

KEY = "sk-planted-fault-key-77c1d0e5a9"
MODEL_FILE = SEEDS / "004_198e591ce9b795be.txt"


def model_backend_run(
    files: list[Path],
    connection: sqlite3.Connection,
    config: ModelConfig,
    sleep: Callable[[float], Any],
    clock: Callable[[], float] | None = None,
    http_client: httpx.AsyncClient | None = None,
    concurrency: int = 2,
) -> dict[str, Any]:
    """The llm backend over ``files`` through the run orchestrator; returns summary.json's content."""
    backend = make_backend(
        "llm", config, connection, concurrency=concurrency, http_client=http_client, sleep=sleep, clock=clock
    )
    result = run_files(files, connection, backend, DocumentOverrides(), 16 << 20)
    return summarize(connection, "llm", result)


def _model_run(
    tmp_path: Path, script: Callable[[int], str | None] | None = None, **config: Any
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], FakeClock, FakeOpenAI]:
    clock = FakeClock()
    settings_ = {"timeout": 0.5, "transport_attempts": 6, **config}
    with FakeOpenAI(script=script, max_requests=400) as server:
        model_config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY, **settings_)
        connection = store.connect(tmp_path / "run")
        summary = model_backend_run([MODEL_FILE], connection, model_config, clock.sleep, clock)
        failures = [dict(f) for f in store.load_failures(connection)]
        chunks = [dict(c) for c in connection.execute("SELECT idx, status, error FROM chunks")]
        connection.close()
    return summary, failures, chunks, clock, server


def sent_chunks(path: Path) -> int:
    """How many chunks the model backend sends for one file (its packed cut, review sections left out)."""
    prepared = prepare(path)
    return sum(1 for c in pack_chunks(prepared.document, prepared.sections) if c.section_kind != "review")


@pytest.fixture(scope="module")
def model_chunks() -> int:
    return sent_chunks(MODEL_FILE)


def _once(fault: str) -> Callable[[int], str | None]:
    return lambda serial: fault if serial == 1 else None


def _always(fault: str) -> Callable[[int], str | None]:
    return lambda serial: fault


TRANSIENT = ["http_429:0", "http_500", "http_502", "http_503", "http_504", "http_408", "http_409", "reset", "close",
             "truncated", "stall:2", "cut_json", "http_429:-5", "http_429:soon", "http_503:0.5"]  # fmt: skip


@pytest.mark.parametrize("fault", TRANSIENT)
def test_transient_endpoint_faults_are_retried(fault: str, tmp_path: Path, ledger: Ledger, model_chunks: int) -> None:
    try:
        summary, failures, chunks, _clock, server = _model_run(tmp_path, _once(fault))
    except Exception as exc:
        ledger.check("model endpoint", f"{fault} once", (LOST, f"{type(exc).__name__}: {exc}"))
        return
    answered = sum(1 for c in chunks if c["status"] == "done")
    ok = not failures and answered == len(chunks) == model_chunks and server.faults == 1
    ledger.check(
        "model endpoint",
        f"{fault} once",
        (SURVIVED, f"retried; {answered} chunks answered, {summary['model_calls']} calls")
        if ok
        else (LOST, f"{failures[:1]} answered {answered}/{model_chunks}"),
    )


@pytest.mark.parametrize("fault", ["reset", "close"])
def test_a_connection_dropped_on_every_attempt_is_reported_as_dropped_not_timed_out(
    fault: str, tmp_path: Path, model_chunks: int
) -> None:
    # The aiohttp transport raises every aiohttp connection error as httpx.ConnectTimeout.
    _summary, failures, _chunks, _clock, server = _model_run(tmp_path, _always(fault))
    reasons = [f["reason"] for f in failures]
    assert len(reasons) == model_chunks and server.requests >= 2 * model_chunks
    assert all("connection failed" in r and "timed out" not in r for r in reasons), reasons[:1]


PERMANENT = {
    "http_400": "HTTP 400 (not retried)",
    "http_401": "HTTP 401 (not retried)",
    "http_403": "HTTP 403 (not retried)",
    "http_404": "HTTP 404 (not retried)",
    "http_422": "HTTP 422 (not retried)",
    "malformed": "not JSON",
    "html": "not JSON",
    "empty": "empty body",
    "empty_choices": "empty choices list",
    "null_message": "without a message",
    "length": "finish_reason=length",
    "content_filter": "content filter",
}


@pytest.mark.parametrize("fault", list(PERMANENT))
def test_permanent_endpoint_faults_fail_one_chunk_with_a_clear_reason(
    fault: str, tmp_path: Path, ledger: Ledger, model_chunks: int
) -> None:
    try:
        _summary, failures, chunks, _clock, _server = _model_run(tmp_path, _once(fault))
    except Exception as exc:
        ledger.check("model endpoint", fault, (LOST, f"{type(exc).__name__}: {exc}"))
        return
    answered = sum(1 for c in chunks if c["status"] == "done")
    reasons = [f["reason"] for f in failures]
    internal = any(word in r for r in reasons for word in ("IndexError", "AttributeError", "TypeError", "KeyError"))
    ok = len(failures) == 1 and PERMANENT[fault] in reasons[0] and not internal and answered == model_chunks - 1
    ledger.check(
        "model endpoint",
        fault,
        (SURVIVED, reasons[0]) if ok else (LOST, f"{reasons} answered {answered}/{model_chunks}"),
    )


EXTREMES = {
    "Retry-After: 3600 on every attempt": (_always("http_429:3600"), {}, "retry deadline"),
    "Retry-After: an HTTP date in 2100": (_always("http_503:Fri, 31 Dec 2100 23:59:59 GMT"), {}, "retry deadline"),
    "503 on every attempt, run deadline 30 s": (_always("http_503:20"), {"run_deadline": 30.0}, "run deadline"),
    "Retry-After: 3600, retry deadline 10 s": (_always("http_429:3600"), {"retry_deadline": 10.0}, "retry deadline"),
}


@pytest.mark.parametrize("name", list(EXTREMES))
def test_retry_after_extremes_are_bounded_by_the_deadlines(
    name: str, tmp_path: Path, ledger: Ledger, model_chunks: int
) -> None:
    script, config, phrase = EXTREMES[name]
    started = time.perf_counter()
    _summary, failures, _chunks, clock, _server = _model_run(tmp_path, script, **config)
    seconds = time.perf_counter() - started
    deadline = config.get("retry_deadline", 300.0)
    bound = min(deadline, config.get("run_deadline") or deadline) * model_chunks
    reasons = [f["reason"] for f in failures]
    ok = len(failures) == model_chunks and all(phrase in r and "gave up" in r for r in reasons)
    ok = ok and clock.slept <= bound and seconds < 20
    ledger.check(
        "model endpoint",
        name,
        (SURVIVED, f"{len(failures)} chunks failed after {clock.slept:.0f} s of (fake) waiting: {reasons[0]}")
        if ok
        else (LOST, f"slept {clock.slept:.0f} s > {bound:.0f} or {reasons[:1]}"),
    )


def test_only_failed_chunks_are_sent_again(tmp_path: Path, ledger: Ledger, model_chunks: int) -> None:
    clock = FakeClock()
    with FakeOpenAI(script=_once("http_400"), max_requests=400) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY)
        for _ in range(2):
            connection = store.connect(tmp_path / "run")
            summary = model_backend_run([MODEL_FILE], connection, config, clock.sleep)
            failures = store.load_failures(connection)
            connection.close()
    ok = not failures and server.requests == model_chunks + 1 and summary["cache_hits"] == model_chunks - 1
    ledger.check(
        "model endpoint",
        "re-run after a failed chunk",
        (SURVIVED, "1 request, the rest from the cache") if ok else (LOST, f"{server.requests} requests, {failures}"),
    )


def test_kill_9_during_model_calls_then_resume_sends_only_what_was_not_answered(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(seed, folder / seed.name)
    expected = sum(sent_chunks(p) for p in folder.iterdir())
    out = tmp_path / "run"
    env = {"EXTRACTOR_MODEL": "fake-rules", "EXTRACTOR_API_KEY": KEY}
    with FakeOpenAI(latency=0.1, max_requests=10 * expected) as server:
        args = [
            "run",
            str(folder),
            "--out",
            str(out),
            "--backend",
            "llm",
            "--base-url",
            server.url,
            "--concurrency",
            "2",
        ]
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            process = cli_popen(args)
            deadline = time.monotonic() + 30
            while server.requests < expected // 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            process.send_signal(signal.SIGKILL)
            process.communicate()
            before = server.requests
            again = cli_process(args)
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        after = server.requests - before
    found = outputs(out)
    ok = again.returncode in (0, 3) and not traceback_in(again.stderr) and "missing" not in found
    ok = ok and after <= expected - (before - 2) and len(found["documents"]) == 3
    ledger.check(
        "model endpoint",
        "kill -9 mid-run, then resume",
        (SURVIVED, f"{before} requests before the kill, {after} after (of {expected} chunks)")
        if ok
        else (LOST, f"{before}+{after} requests for {expected} chunks, exit {again.returncode}"),
    )


# --- secrets ---------------------------------------------------------------------------------------


def _leaks(run_dir: Path, logs: str, secret: str) -> list[str]:
    found = [p.name for p in run_dir.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]
    return found + (["logs"] if secret in logs else [])


def _secret_run(tmp_path: Path, url: str, handler: Callable[[httpx.Request], httpx.Response], secret: str,
                caplog: pytest.LogCaptureFixture) -> list[str]:  # fmt: skip
    config = ModelConfig(base_url=url, model="m", api_key=KEY, transport_attempts=2)
    connection = store.connect(tmp_path / "run")
    with caplog.at_level("DEBUG"):
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        summary = model_backend_run([MODEL_FILE], connection, config, FakeClock().sleep, http_client=client)
        from extractor.export import write_run_files

        write_run_files(tmp_path / "run", connection, summary)
    connection.close()
    return _leaks(tmp_path / "run", caplog.text, secret)


def _answer(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    return httpx.Response(200, json=completion_body(body, rules_answer(body)))


def _echo(request: httpx.Request) -> httpx.Response:
    """An endpoint that quotes the whole request (URL and headers) back in its error message."""
    return httpx.Response(401, json={"error": {"message": f"denied {request.url} {dict(request.headers)}"}})


SECRET_CASES: dict[str, tuple[str, Callable[[httpx.Request], httpx.Response], str]] = {
    "key in the base URL query (?key=)": (
        "http://fake.invalid/v1?key=sk-url-query-5e8b1c",
        _answer,
        "sk-url-query-5e8b1c",
    ),
    "key in the URL's password": ("http://user:sk-url-pass-9d2f7a@fake.invalid/v1", _answer, "sk-url-pass-9d2f7a"),
    "key as the URL's user": ("http://sk-url-user-4c6e0b@fake.invalid/v1", _answer, "sk-url-user-4c6e0b"),
    "query key echoed in an error": (
        "http://fake.invalid/v1?api_key=sk-echo-query-1a2b3c",
        _echo,
        "sk-echo-query-1a2b3c",
    ),
    "Authorization header echoed in an error": ("http://fake.invalid/v1", _echo, KEY),
}


@pytest.mark.parametrize("name", list(SECRET_CASES))
def test_secrets_never_reach_a_file_or_a_log(
    name: str, tmp_path: Path, ledger: Ledger, caplog: pytest.LogCaptureFixture
) -> None:
    url, handler, secret = SECRET_CASES[name]
    try:
        leaks = _secret_run(tmp_path, url, handler, secret, caplog)
    except Exception as exc:
        ledger.check("secrets", name, (LOST, f"{type(exc).__name__}: {exc}"))
        return
    stored = (tmp_path / "run" / "llm_cache.sqlite").exists() or handler is _echo
    verdict = (LOST, f"leaked into {leaks}") if leaks else (SURVIVED, "redacted everywhere")
    if not stored:
        verdict = (LOST, "nothing was stored, so nothing was checked")
    ledger.check("secrets", name, verdict)


# --- review server ----------------------------------------------------------------------------------

ORIGIN = "http://127.0.0.1:8765"


@pytest.fixture(scope="module")
def review_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("review") / "run"
    code, output, escaped = run_cli(["run", str(SEED), "--out", str(out)])
    assert escaped is None and code in (0, 3), output
    return out, outputs(out)["items"][0]["id"]


def _reviews(run_dir: Path) -> int:
    with sqlite3.connect(run_dir / "run.sqlite") as db:
        count = db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    db.close()
    return count


def _deep(depth: int) -> bytes:
    return b'{"decision": "accept", "note": "x", "edits": ' + b"[" * depth + b"]" * depth + b"}"


def _chunks_of(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), 65536):
        yield data[start : start + 65536]


ATTACKS: dict[str, tuple[str, dict[str, Any], int]] = {
    "2 MB body with Content-Length": ("0.0.0.0", {"content": b'{"note": "' + b"x" * 2_000_000 + b'"}'}, 413),
    "2 MB body streamed without Content-Length": (
        "127.0.0.1",
        {"content": _chunks_of(b"[" + b"1," * 1_000_000 + b"1]")},
        413,
    ),
    "100,000-deep JSON": ("127.0.0.1", {"content": _deep(100_000)}, 400),
    "50-deep JSON": ("127.0.0.1", {"content": _deep(50)}, 400),
    "DNS rebinding Host, bound to 0.0.0.0": ("0.0.0.0", {"headers": {"Host": "evil.example:8765"}}, 400),
    "DNS rebinding Host, bound to 127.0.0.1": ("127.0.0.1", {"headers": {"Host": "evil.example:8765"}}, 400),
    "foreign Origin, bound to 0.0.0.0": ("0.0.0.0", {"headers": {"Origin": "http://evil.example"}}, 403),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_review_server_refuses_oversized_deep_and_foreign_requests(
    name: str, ledger: Ledger, review_run: tuple[Path, str]
) -> None:
    run_dir, item_id = review_run
    host, request, status = ATTACKS[name]
    client = TestClient(create_app(run_dir, allowed_hosts=allowed_hosts(host)), base_url=ORIGIN)
    before = _reviews(run_dir)
    headers = {"Origin": ORIGIN, "Content-Type": "application/json", **request.get("headers", {})}
    content = request.get("content", b'{"decision": "accept"}')
    try:
        response = client.post(f"/api/items/{item_id}/review", content=content, headers=headers)
        got: int | str = response.status_code
    except Exception as exc:  # a body the client itself refuses to send still reached nothing
        got = f"{type(exc).__name__}"
    stored = _reviews(run_dir) - before
    ok = got == status and stored == 0
    ledger.check(
        "review server",
        name,
        (SURVIVED, f"HTTP {got}, nothing stored") if ok else (LOST, f"HTTP {got}, {stored} stored"),
    )


def test_review_server_on_0_0_0_0_still_answers_its_ip_addresses(ledger: Ledger, review_run: tuple[Path, str]) -> None:
    run_dir, item_id = review_run
    client = TestClient(create_app(run_dir, allowed_hosts=allowed_hosts("0.0.0.0")), base_url="http://192.168.7.9:8765")
    response = client.post(
        f"/api/items/{item_id}/review", json={"decision": "accept"}, headers={"Origin": "http://192.168.7.9:8765"}
    )
    ok = response.status_code == 200 and response.json()["decision"] == "accept"
    ledger.check(
        "review server", "a real decision via the LAN address", (SURVIVED, "HTTP 200") if ok else (LOST, response.text)
    )


# --- csv ---------------------------------------------------------------------------------------------

FORMULAS = ["=1+2产业园项目", "+86-123产业园", "-2+3项目", "@SUM(A1)项目", "\t=1项目", "\r=1项目"]


@pytest.mark.parametrize("name", FORMULAS)
def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(name: str, tmp_path: Path, ledger: Ledger) -> None:
    text = seed_with(GDP + f"，开工建设{name}、东方大道等2个重大项目")
    (tmp_path / "in.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "run"
    _code, _output, _escaped = run_cli(["run", str(tmp_path / "in.txt"), "--out", str(out)])
    document = json.loads((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    record = Project(quote=name, name=name, stage="start", stage_raw="开工建设", doc_id=document["doc_id"],
                     source_file="in.txt", char_start=0, char_end=len(name))  # fmt: skip
    connection = store.connect(out)  # the rules may trim the name: store it as a model might return it
    with store.transaction(connection) as db:
        db.execute("INSERT OR REPLACE INTO items VALUES (?,?,?,?,?,?,?)",
                   (record.with_id().id, record.doc_id, "project", "ok", 0, len(name), record.model_dump_json()))  # fmt: skip
    connection.close()
    assert run_cli(["export", str(out), "--format", "csv"])[0] == 0
    text = (out / "export" / "projects.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    cells = [row["name"] for row in rows if row["name"].endswith(name[1:])] if "\r" not in text else []
    raw = csv_bytes([{"name": name, "value": -5.0}], ["name", "value"]).decode("utf-8-sig")
    escaped_ok = "'" + name.replace("\r", "\n") in cells and all(cell.startswith("'") for cell in cells)
    numbers_ok = raw.rstrip("\n").endswith(",-5.0")
    ledger.check(
        "csv",
        f"a cell starting with {name[0]!r}",
        (SURVIVED, "prefixed with ', numbers left as numbers")
        if escaped_ok and numbers_ok
        else (LOST, f"{cells} / {raw!r}"),
    )
