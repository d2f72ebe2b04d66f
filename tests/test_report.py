"""`extractor report`: one self-contained HTML file with records highlighted and decisions shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor import store
from extractor.cli import app
from extractor.models import Target
from extractor.report import SORT_SCRIPT, build_report, load_items, paragraphs, script_hash
from tests.review_support import evil_run, seeds_run

runner = CliRunner()


@pytest.fixture
def run_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return seeds_run(tmp_path_factory, tmp_path / "run")


def test_report_command_writes_one_self_contained_file(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(run_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    connection = store.connect(run_dir)
    documents = store.load_documents(connection)
    records = store.load_records(connection)
    connection.close()
    for document in documents:
        assert f'id="doc-{document["doc_id"]}"' in html and document["source_file"] in html
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert scripts == [SORT_SCRIPT] and html.lower().count("<script") == 1  # the table sorter, nothing else
    assert f"script-src '{script_hash(SORT_SCRIPT)}'" in html  # allowed by its hash only
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)  # nothing remote
    assert "<link" not in html and "<style>" in html  # CSS inlined
    assert "default-src 'none'" in html
    assert 'class="hl k-target' in html and 'class="hl k-project' in html
    located = [r for r in records if r.char_start is not None]
    assert html.count('<a id="r-') == len(located)  # every located record is anchored in its text
    flagged = [r for r in records if r.status == "flagged"]
    assert f"Flagged records ({len(flagged)})" in html
    for record in flagged:
        assert f'href="#r-{record.id}"' in html


def test_report_highlights_cover_exactly_the_quotes(run_dir: Path) -> None:
    connection = store.connect(run_dir)
    document = store.load_documents(connection)[0]
    items = [i for i in load_items(connection) if i.record.doc_id == document["doc_id"]]
    connection.close()
    lines = paragraphs(document["text"], items)
    assert "\n".join("".join(piece.text for piece in line) for line in lines) == document["text"]
    highlighted = "".join(piece.text for line in lines for piece in line if piece.css)
    for item in items:
        if item.record.char_start is not None and "\n" not in item.record.quote:
            assert item.record.quote in highlighted


def test_report_shows_review_decisions(run_dir: Path) -> None:
    connection = store.connect(run_dir)
    targets = [r for r in store.load_records(connection) if isinstance(r, Target) and r.char_start is not None]
    rejected, edited = targets[0], targets[5]
    store.add_review(connection, rejected.id, "reject")
    store.add_review(connection, edited.id, "edit", {"indicator": "审核后的指标名"})
    connection.close()
    html = build_report(run_dir)
    assert "st-rejected" in re.search(rf'<a id="r-{rejected.id}"></a><mark class="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert "审核后的指标名" in html
    assert "2 reviewed" in html


def test_untrusted_text_is_escaped_in_the_report(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    run_dir = evil_run(tmp_path_factory, tmp_path / "evil")
    html = build_report(run_dir)
    assert html.lower().count("<script") == 1  # only the report's own sorter
    assert "<script>alert" not in html.lower()
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "{{ 7*7 }}" in html and "{% raw %}" in html


def test_report_refuses_a_folder_that_is_not_a_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert not (tmp_path / "r.html").exists()


def test_report_has_summaries_a_table_of_all_records_and_details_in_the_page(run_dir: Path) -> None:
    html = build_report(run_dir)
    connection = store.connect(run_dir)
    records = store.load_records(connection)
    connection.close()
    table = html.split('id="records-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == len(records) + 1  # a heading row and one row per record
    by_indicator = html.split('id="by-indicator"')[1].split("</section>")[0]
    gdp = sum(1 for r in records if isinstance(r, Target) and r.indicator_id == "gdp")
    assert re.search(rf'<code>gdp</code></td><td>[^<]*</td><td class="num">{gdp}</td>', by_indicator)
    by_region = html.split('id="by-region"')[1].split("</section>")[0]
    assert "<td>澧县</td><td>430723</td><td>county</td>" in by_region
    target = next(r for r in records if isinstance(r, Target) and r.value is not None and r.char_start is not None)
    row = html.split(f'<tr id="d-{target.id}">')[1].split("</tr>")[0]
    assert f"value={target.value:g}" in row and "target_year=" in row  # written out, not only in a tooltip
    assert "@media print" in html
