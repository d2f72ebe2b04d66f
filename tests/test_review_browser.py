"""End to end in a real browser: Debian's Chromium driven by playwright, keyboard only.

A reviewer opens the page on a run over seeds/, accepts one record, corrects another (a value
with letters is refused first), rejects a third, reloads, comes back after a server restart, and
finds the decisions kept; the reviewed export applies them and the HTML report opens from disk.
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from typer.testing import CliRunner

from extractor.cli import app
from tests.review_support import ENABLE_BROWSER, evil_run, find_chromium, review_count, seeds_run, start_review, stop

CHROMIUM = find_chromium()
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=f"no Chromium found: {ENABLE_BROWSER}")
EDIT_FIELD = {"target": ("value", "7.5abc", "7.5"), "project": ("target_year", "20x3", "2024")}


@pytest.fixture(scope="module")
def built_runs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Build the run folders before playwright starts: its sync API keeps an event loop running in this
    thread, and `extractor run` needs one of its own."""
    seeds_run(tmp_path_factory, tmp_path_factory.mktemp("warm") / "seeds")
    evil_run(tmp_path_factory, tmp_path_factory.mktemp("warm") / "evil")


@pytest.fixture(scope="module")
def browser(built_runs: None) -> Iterator[Browser]:
    assert CHROMIUM is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def goto(page: Page, url: str) -> None:
    """Open the page and wait until its script is ready for keys."""
    page.goto(url)
    page.wait_for_selector("body[data-ready]")


def open_page(browser: Browser, dialogs: list[str]) -> Page:
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: dialogs.append(f"page error: {error}"))
    return page


def current_id(page: Page) -> str:
    return page.get_attribute("#record", "data-item-id") or ""


def press_and_wait(page: Page, key: str) -> None:
    """Press a key that saves a decision or moves on, and wait until the page has swapped in the next
    record (the page does not reload: ``body[data-version]`` counts the swaps)."""
    version = page.get_attribute("body", "data-version") or "0"
    page.keyboard.press(key)
    page.wait_for_selector(f'body:not([data-version="{version}"])', state="attached")


def focus_field(page: Page, name: str) -> None:
    """Move through the edit form with Shift+Tab / Tab, as a keyboard user would."""
    for key in ("Shift+Tab",) * 8 + ("Tab",) * 16:
        if page.evaluate("document.activeElement && document.activeElement.name") == name:
            return
        page.keyboard.press(key)
    pytest.fail(f"could not reach the {name} field with the keyboard")


def png_is_not_blank(path: Path) -> bool:
    """Decode the PNG's pixel stream (stdlib only) and check it has real variety, not one colour."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, pixels = 8, b""
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        if data[position + 4 : position + 8] == b"IDAT":
            pixels += data[position + 8 : position + 8 + length]
        position += 12 + length
    return len(set(zlib.decompress(pixels))) > 32


def progress_text(page: Page) -> str:
    return page.inner_text("#progress strong")


def test_keyboard_review_is_kept_and_exported(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    run_dir = seeds_run(tmp_path_factory, tmp_path / "run")
    dialogs: list[str] = []
    process, url = start_review(run_dir, "--port", "0", "--reviewer", "e2e")
    try:
        page = open_page(browser, dialogs)
        goto(page, url)
        assert progress_text(page).startswith("0 of ")
        assert page.locator("mark#quote").is_visible()
        accepted = current_id(page)
        press_and_wait(page, "a")

        edited, kind = current_id(page), page.get_attribute("#record", "data-kind") or ""
        assert edited != accepted and "Saved: accepted" in page.inner_text("#flash")
        field, bad, good = EDIT_FIELD[kind]
        page.keyboard.press("e")
        focus_field(page, field)
        page.keyboard.press("Control+A")
        page.keyboard.type(bad)
        page.keyboard.press("Enter")
        page.wait_for_selector("#error:not([hidden])")
        assert "Not saved" in page.inner_text("#error") and review_count(run_dir) == 1
        page.keyboard.press("Control+A")
        page.keyboard.type(good)
        press_and_wait(page, "Enter")

        rejected = current_id(page)
        press_and_wait(page, "r")
        page.reload()
        page.wait_for_selector("body[data-ready]")
        assert progress_text(page).startswith("3 of ")
        for expected_id, status in ((rejected, "rejected"), (edited, "edited"), (accepted, "accepted")):
            press_and_wait(page, "k")
            assert current_id(page) == expected_id
            assert page.inner_text("#record-status") == status
        press_and_wait(page, "j")  # back on the edited record, as the reviewer left it
        assert page.inner_text(f'td[data-field="{field}"]').startswith(good)
        screenshot = tmp_path / "review.png"
        page.screenshot(path=str(screenshot), full_page=False)
        assert screenshot.stat().st_size > 20_000 and png_is_not_blank(screenshot)
        page.context.close()
    finally:
        stop(process)

    process, url = start_review(run_dir, "--port", "0")  # the reviewer comes back another day
    try:
        page = open_page(browser, dialogs)
        goto(page, url)
        assert progress_text(page).startswith("3 of ")
        page.context.close()
    finally:
        stop(process)
    assert review_count(run_dir) == 3

    out = tmp_path / "export"
    result = CliRunner().invoke(app, ["export", str(run_dir), "--reviewed", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = {}
    for name in ("targets_reviewed.csv", "projects_reviewed.csv"):
        with (out / name).open(encoding="utf-8-sig", newline="") as stream:
            rows.update({row["id"]: row for row in csv.DictReader(stream)})
    assert rows[accepted]["review_status"] == "accepted"
    assert rows[edited]["review_status"] == "edited" and float(rows[edited][field]) == float(good)
    assert rejected not in rows
    assert dialogs == []


def test_report_opens_from_disk_and_hostile_text_stays_text(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    run_dir = evil_run(tmp_path_factory, tmp_path / "evil")
    report = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(run_dir), "-o", str(report)])
    assert result.exit_code == 0, result.output
    dialogs: list[str] = []
    page = open_page(browser, dialogs)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    assert page.locator("mark.hl.k-target").first.is_visible()
    assert '<script>alert("xss")</script>' in page.inner_text(".doc-text")
    assert "{{ 7*7 }}" in page.inner_text(".doc-text")
    assert page.locator(".doc-text img").count() == 0
    assert requests == [report.as_uri()]  # nothing else is loaded: the file is self-contained
    years = "#records-table tbody tr td:nth-child(5)"
    page.click("#records-table thead th:nth-child(5)")  # the table sorts by target year…
    assert page.get_attribute("#records-table thead th:nth-child(5)", "aria-sort") == "ascending"
    shown = [int(t) for t in page.locator(years).all_inner_texts() if t.strip()]
    assert shown == sorted(shown) and shown
    page.click("#records-table thead th:nth-child(5)")  # …and back
    shown = [int(t) for t in page.locator(years).all_inner_texts() if t.strip()]
    assert shown == sorted(shown, reverse=True)
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot))
    assert png_is_not_blank(shot)
    page.context.close()

    process, url = start_review(run_dir, "--port", "0")
    try:
        page = open_page(browser, dialogs)
        goto(page, url)
        assert '<script>alert("xss")</script>' in page.inner_text(".paragraph")
        assert page.locator(".paragraph img").count() == 0
        page.context.close()
    finally:
        stop(process)
    assert dialogs == []


def wait_swap(page: Page, version: str) -> None:
    page.wait_for_selector(f'body:not([data-version="{version}"])', state="attached")


def db_rows(run_dir: Path, query: str, *params: object) -> list[tuple]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(run_dir / "run.sqlite")) as connection:
        return connection.execute(query, params).fetchall()


def test_undo_add_bulk_done_and_spot_check(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """A reviewer's session: a decision undone, a missed record added from a selection, the rest of a
    flag accepted in bulk, the done screen, then the spot check whose estimate the report shows."""
    import json

    run_dir = seeds_run(tmp_path_factory, tmp_path / "run")
    dialogs: list[str] = []
    process, url = start_review(run_dir, "--port", "0", "--reviewer", "e2e", "--spot-check", "3")
    try:
        page = open_page(browser, dialogs)
        goto(page, url)
        first = current_id(page)
        status_before = page.inner_text("#record-status")
        page.evaluate("() => { window.stillTheSamePage = true; }")
        press_and_wait(page, "a")
        assert current_id(page) != first and "Saved: accepted" in page.inner_text("#flash")
        assert page.evaluate("() => window.stillTheSamePage") is True  # saved and moved on without a reload
        press_and_wait(page, "u")  # undo: back on the record, decision cancelled
        assert current_id(page) == first and page.inner_text("#record-status") == status_before
        assert db_rows(run_dir, "SELECT decision FROM reviews ORDER BY id") == [("accept",), ("undo",)]
        assert db_rows(run_dir, "SELECT COUNT(*) FROM effective_reviews") == [(0,)]

        # Add a missed record: select words of the paragraph that no record covers, press m, save.
        selected = page.evaluate(
            """() => {
                const piece = [...document.querySelectorAll('#paragraph span[data-start]')]
                    .find((el) => el.textContent.trim().length >= 8);
                const node = piece.firstChild, range = document.createRange();
                range.setStart(node, 2); range.setEnd(node, 8);
                getSelection().removeAllRanges(); getSelection().addRange(range);
                return {start: Number(piece.dataset.start) + 2, text: range.toString()};
            }"""
        )
        page.keyboard.press("m")
        page.wait_for_selector("#add-form:not([hidden])")
        assert page.inner_text("#add-quote") == selected["text"]
        page.select_option("#add-kind", "target")
        page.fill("#add-indicator", "审核补录的指标")
        version = page.get_attribute("body", "data-version") or "0"
        page.press("#add-indicator", "Enter")
        wait_swap(page, version)
        assert "Added: target" in page.inner_text("#flash")
        [(added_id, record_json)] = db_rows(run_dir, "SELECT item_id, record FROM reviews WHERE decision = 'add'")
        added = json.loads(record_json)
        assert db_rows(run_dir, "SELECT status FROM items WHERE id = ?", added_id) == [("accepted",)]
        assert (added["char_start"], added["char_end"]) == (selected["start"], selected["start"] + 6)
        assert added["quote"] == selected["text"] and added["backend"] == "reviewer"
        [(text,)] = db_rows(run_dir, "SELECT text FROM documents WHERE doc_id = ?", added["doc_id"])
        assert text[added["char_start"] : added["char_end"]] == added["quote"]  # grounded by construction

        # Bulk: every unreviewed flagged record accepted after a confirmation; then the done screen.
        page.goto(url + "?status=flagged")
        page.wait_for_selector("body[data-ready]")
        count = int(page.get_attribute("#bulk", "data-count") or "0")
        assert count > 3
        page.keyboard.press("A")
        page.wait_for_selector("#confirm:not([hidden])")
        assert f"Accept {count} unreviewed records" in page.inner_text("#confirm-text")
        press_and_wait(page, "Enter")
        assert page.locator("#done").is_visible() and "Review done" in page.inner_text("#done")
        assert page.get_attribute("#flagged-open", "data-open") == "0"
        rows = db_rows(run_dir, "SELECT COUNT(*), COUNT(DISTINCT item_id) FROM reviews WHERE note LIKE 'bulk accept%'")
        assert rows == [(count, count)]  # one log entry per record
        summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
        assert summary["flagged_open"] == 0 and summary["review"]["done"] is True

        # Spot check: three sampled unflagged records, two accepted and one rejected.
        page.click("#done a[href*='status=spot']")
        page.wait_for_selector("body[data-ready] #record .badge.spot")
        for key in ("a", "r", "a"):
            assert page.locator("#record .badge.spot").is_visible()
            press_and_wait(page, key)
        assert "Spot check: 2 of 3 sampled unflagged records correct" in page.inner_text("#spot-result")

        page.keyboard.press("?")
        assert page.locator("#help").is_visible() and "undo your last decision" in page.inner_text("#help")
        page.keyboard.press("Escape")
        assert not page.locator("#help").is_visible()
        page.context.close()
    finally:
        stop(process)
    assert dialogs == []
    report = tmp_path / "report.html"
    assert CliRunner().invoke(app, ["report", str(run_dir), "-o", str(report)]).exit_code == 0
    assert "Spot check: 2 of 3 sampled unflagged records correct" in report.read_text(encoding="utf-8")
