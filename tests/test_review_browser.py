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
from tests.review_support import evil_run, review_count, seeds_run, start_review, stop

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
EDIT_FIELD = {"target": ("value", "7.5abc", "7.5"), "project": ("target_year", "20x3", "2024")}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install it with `apt-get install chromium fonts-wqy-microhei` (see .ci/run)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser: Browser, dialogs: list[str]) -> Page:
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: dialogs.append(f"page error: {error}"))
    return page


def current_id(page: Page) -> str:
    return page.get_attribute("#record", "data-item-id") or ""


def press_and_wait(page: Page, key: str) -> None:
    """Press a key that saves a decision or moves on, and wait for the next record."""
    with page.expect_navigation():
        page.keyboard.press(key)


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
        page.goto(url)
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
        page.goto(url)
        assert progress_text(page).startswith("3 of ")
        page.context.close()
    finally:
        stop(process)
    assert review_count(run_dir) == 3

    out = tmp_path / "export"
    result = CliRunner().invoke(app, ["export", str(run_dir), "--reviewed", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = {}
    for name in ("targets.csv", "projects.csv"):
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
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot))
    assert png_is_not_blank(shot)
    page.context.close()

    process, url = start_review(run_dir, "--port", "0")
    try:
        page = open_page(browser, dialogs)
        page.goto(url)
        assert '<script>alert("xss")</script>' in page.inner_text(".paragraph")
        assert page.locator(".paragraph img").count() == 0
        page.context.close()
    finally:
        stop(process)
    assert dialogs == []
