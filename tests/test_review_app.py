"""The review page's endpoints, through FastAPI's TestClient over a private run of seeds/."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from extractor import store
from extractor.checks import PLAIN_WORDS
from extractor.review.app import create_app
from extractor.review.data import split_spans
from tests.conftest import SEEDS
from tests.review_support import ORIGIN, SAME_ORIGIN, build_run, evil_run, review_count, seeds_run


@pytest.fixture
def run_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return seeds_run(tmp_path_factory, tmp_path / "run")


def client_for(run_dir: Path, reviewer: str = "tester") -> TestClient:
    return TestClient(create_app(run_dir, reviewer=reviewer), base_url=ORIGIN)


@pytest.fixture
def client(run_dir: Path) -> TestClient:
    return client_for(run_dir)


def items(client: TestClient, **filters: str) -> list[dict]:
    response = client.get("/api/items", params=filters)
    assert response.status_code == 200
    return response.json()["items"]


def post(client: TestClient, item_id: str, body: dict, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return client.post(f"/api/items/{item_id}/review", json=body, headers=headers or SAME_ORIGIN)


def first(client: TestClient, kind: str) -> dict:
    return next(item for item in items(client) if item["kind"] == kind)


def item_status(run_dir: Path, item_id: str) -> str:
    with closing(sqlite3.connect(run_dir / "run.sqlite")) as connection:
        return connection.execute("SELECT status FROM items WHERE id = ?", (item_id,)).fetchone()[0]


# --- the page ------------------------------------------------------------------------------------


def test_page_shows_the_first_flagged_record_in_context(client: TestClient, run_dir: Path) -> None:
    queue = items(client)
    flagged = [item for item in queue if item["status"] == "flagged"]
    assert flagged, "the seed run should have flagged records"
    assert queue[: len(flagged)] == flagged  # flagged first
    page = client.get("/")
    assert page.status_code == 200
    text = page.text
    current = flagged[0]
    assert f'data-item-id="{current["id"]}"' in text
    assert f"0 of {len(queue)} reviewed" in text
    record = client.get(f"/api/items/{current['id']}").json()["record"]
    current_marks = re.findall(r'<mark class="hl current[^"]*"[^>]*>([^<]*)</mark>', text)
    assert 'id="quote"' in text and html.unescape("".join(current_marks)) == record["quote"]
    assert html.escape(" › ".join(record["section_path"]), quote=False) in text
    for code in current["flags"]:
        if code in PLAIN_WORDS:
            assert html.escape(PLAIN_WORDS[code], quote=False) in text
    assert "<kbd>a</kbd>" in text and "/static/review.js" in text


def test_static_files_and_security_headers(client: TestClient) -> None:
    script = client.get("/static/review.js")
    assert script.status_code == 200 and "keydown" in script.text
    assert client.get("/static/style.css").status_code == 200
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_filters_by_kind_flag_document_and_status(client: TestClient) -> None:
    everything = items(client)
    projects = items(client, kind="project")
    assert projects and all(i["kind"] == "project" for i in projects)
    assert len(projects) < len(everything)
    code = next(code for i in everything for code in i["flags"])
    with_code = items(client, flag=code)
    assert with_code and all(code in i["flags"] for i in with_code)
    doc_id = everything[-1]["doc_id"]
    assert {i["doc_id"] for i in items(client, doc=doc_id)} == {doc_id}
    assert {i["status"] for i in items(client, status="flagged")} == {"flagged"}
    page = client.get("/", params={"kind": "project"})
    assert 'data-kind="project"' in page.text
    assert "No record matches these filters" in client.get("/", params={"flag": "NO_SUCH_CODE"}).text


def test_accept_reject_edit_are_logged_with_reviewer_and_status(client: TestClient, run_dir: Path) -> None:
    flagged = items(client, status="flagged")
    accept_id, reject_id = flagged[0]["id"], flagged[1]["id"]
    target_id = first(client, "target")["id"] if len(flagged) < 3 else flagged[2]["id"]
    assert post(client, accept_id, {"decision": "accept"}).json()["status"] == "accepted"
    assert post(client, reject_id, {"decision": "reject", "note": "past result"}).json()["status"] == "rejected"
    answer = post(client, target_id, {"decision": "edit", "edits": {"value": "7.5", "unit": "%"}, "note": "typo"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["record"]["value"] == 7.5 and answer.json()["status"] == "edited"
    latest = store.latest_reviews(store.connect(run_dir))
    assert latest[accept_id]["decision"] == "accept" and latest[accept_id]["reviewer"] == "tester"
    assert latest[reject_id]["note"] == "past result"
    assert json.loads(latest[target_id]["edits"])["value"] == 7.5
    assert [item_status(run_dir, i) for i in (accept_id, reject_id, target_id)] == ["accepted", "rejected", "edited"]
    page = client.get("/", params={"item": target_id}).text
    assert "3 of" in page and "reviewed" in page
    assert '<td data-field="value">7.5 <span class="muted">(extracted:' in page
    assert "typo" in page and "tester" in page
    assert {i["id"] for i in items(client, status="reviewed")} == {accept_id, reject_id, target_id}


def test_latest_decision_wins_and_the_log_is_append_only(client: TestClient, run_dir: Path) -> None:
    item_id = items(client)[0]["id"]
    post(client, item_id, {"decision": "accept"})
    post(client, item_id, {"decision": "reject"})
    assert review_count(run_dir) == 2
    assert client.get(f"/api/items/{item_id}").json()["status"] == "rejected"
    history = client.get(f"/api/items/{item_id}").json()["history"]
    assert [row["decision"] for row in history] == ["accept", "reject"]


def test_a_partial_edit_builds_on_the_previous_edit(client: TestClient, run_dir: Path) -> None:
    target = first(client, "target")
    post(client, target["id"], {"decision": "edit", "edits": {"unit": "万元"}})
    post(client, target["id"], {"decision": "edit", "edits": {"value": "12"}})
    latest = store.latest_reviews(store.connect(run_dir))[target["id"]]
    assert json.loads(latest["edits"]) == {"unit": "万元", "value": 12.0}


@pytest.mark.parametrize(
    ("kind", "edits", "message"),
    [
        ("target", {"value": "6.5abc"}, "is not a number"),
        ("target", {"value": "六点五"}, "is not a number"),
        ("target", {"value_high": "-3"}, "must not be negative"),
        ("target", {"value": "5", "value_high": "4"}, "must not be below value"),
        ("target", {"target_year": "20x3"}, "is not a year"),
        ("target", {"indicator": "  "}, "must not be empty"),
        ("target", {"quote": "changed"}, "cannot be edited"),
        ("project", {"stage": "flying"}, "is not a stage"),
        ("project", {"name": ""}, "must not be empty"),
    ],
)
def test_invalid_edits_are_refused_with_a_message_and_nothing_is_stored(
    client: TestClient, run_dir: Path, kind: str, edits: dict, message: str
) -> None:
    item = first(client, kind)
    response = post(client, item["id"], {"decision": "edit", "edits": edits})
    assert response.status_code == 422
    assert message in response.json()["error"]
    assert review_count(run_dir) == 0
    assert item_status(run_dir, item["id"]) == item["status"]


def test_malformed_decisions_are_refused(client: TestClient, run_dir: Path) -> None:
    item_id = items(client)[0]["id"]
    assert post(client, item_id, {"decision": "approve"}).status_code == 422
    assert post(client, item_id, {"decision": "edit"}).status_code == 422
    assert post(client, item_id, {"decision": "accept", "note": "x" * 5000}).status_code == 422
    assert post(client, "0000000000000000", {"decision": "accept"}).status_code == 404
    bad_json = client.post(
        f"/api/items/{item_id}/review", content=b"{", headers={**SAME_ORIGIN, "Content-Type": "application/json"}
    )
    assert bad_json.status_code == 400
    assert review_count(run_dir) == 0


def test_cross_origin_and_foreign_host_requests_are_refused(client: TestClient, run_dir: Path) -> None:
    item_id = items(client)[0]["id"]
    foreign = post(client, item_id, {"decision": "reject"}, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    cross_site = post(client, item_id, {"decision": "reject"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status_code == 403
    form = client.post(
        f"/api/items/{item_id}/review",
        content=b"decision=reject",
        headers={**SAME_ORIGIN, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 415
    rebinding = TestClient(create_app(run_dir), base_url="http://evil.example:8765")
    assert rebinding.get("/").status_code == 400
    assert rebinding.post(f"/api/items/{item_id}/review", json={"decision": "reject"}).status_code == 400
    assert review_count(run_dir) == 0
    assert post(client, item_id, {"decision": "accept"}, headers={}).status_code == 200  # a same-origin tool


def test_decisions_survive_a_restart_and_a_re_run(client: TestClient, run_dir: Path) -> None:
    target = first(client, "target")
    project = first(client, "project")
    post(client, target["id"], {"decision": "edit", "edits": {"value": "9.5"}})
    post(client, project["id"], {"decision": "reject"})
    restarted = client_for(run_dir, reviewer="someone else")
    assert restarted.get(f"/api/items/{target['id']}").json()["record"]["value"] == 9.5
    build_run(SEEDS, run_dir)  # extract again into the same folder: items replaced, reviews kept
    assert item_status(run_dir, project["id"]) == "rejected"  # the re-run keeps the decision's status
    again = client_for(run_dir)
    assert item_status(run_dir, project["id"]) == "rejected"
    assert again.get(f"/api/items/{project['id']}").json()["status"] == "rejected"
    assert again.get(f"/api/items/{target['id']}").json()["record"]["value"] == 9.5
    assert "2 of" in again.get("/").text


def test_the_server_writes_nothing_outside_the_run_folder(client: TestClient, run_dir: Path, tmp_path: Path) -> None:
    outside = {p for p in tmp_path.rglob("*") if run_dir not in p.parents}
    for item in items(client)[:5]:
        post(client, item["id"], {"decision": "accept", "note": "../../escape"})
        client.get("/", params={"item": item["id"]})
    post(client, "../../../etc/passwd", {"decision": "accept"})
    assert {p for p in tmp_path.rglob("*") if run_dir not in p.parents} == outside
    assert {p.name for p in run_dir.iterdir()} <= {
        "run.sqlite", "run.sqlite-wal", "run.sqlite-shm", "items.jsonl", "targets.csv", "projects.csv",
        "documents.jsonl", "summary.json", "run.lock", "results.csv",
    }  # fmt: skip


def test_create_app_refuses_a_folder_that_is_not_a_run(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        create_app(tmp_path)
    assert not (tmp_path / "run.sqlite").exists()


def test_untrusted_report_text_is_shown_as_text(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    run_dir = evil_run(tmp_path_factory, tmp_path / "evil")
    client = client_for(run_dir)
    queue = items(client)
    assert any("<script>" in client.get(f"/api/items/{i['id']}").json()["record"]["quote"] for i in queue)
    for item in queue:
        page = client.get("/", params={"item": item["id"]}).text
        assert "<script>alert" not in page
        assert "<img src=x" not in page
    page = client.get("/", params={"item": queue[0]["id"]}).text
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in page or "&lt;script&gt;alert(&quot;xss&quot;)" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "{{ 7*7 }}" in page and "{% raw %}" in page
    assert page.count("<script") == 1  # only the page's own /static/review.js


def test_a_record_whose_quote_was_not_located_is_shown_without_highlight(client: TestClient, run_dir: Path) -> None:
    item_id = items(client)[0]["id"]
    with closing(sqlite3.connect(run_dir / "run.sqlite")) as connection, connection:
        connection.execute(
            "UPDATE items SET char_start = NULL, char_end = NULL, "
            "record = json_set(record, '$.char_start', json('null'), '$.char_end', json('null')) WHERE id = ?",
            (item_id,),
        )
    page = client.get("/", params={"item": item_id}).text
    assert "could not be located" in page and 'id="quote"' not in page


def test_overlapping_spans_are_cut_into_segments() -> None:
    segments = split_spans("abcdefgh", 10, [(11, 15, "x"), (13, 17, "y"), (30, 40, "far")])
    assert [(s.text, set(s.keys)) for s in segments] == [
        ("a", set()), ("bc", {"x"}), ("de", {"x", "y"}), ("fg", {"y"}), ("h", set()),
    ]  # fmt: skip


# --- consistent edits, undo, bulk, added records, spot check ----------------------------------------


def _flagged_with(client: TestClient, code: str) -> list[dict]:
    return [i for i in items(client) if code in i["flags"]]


def test_an_edit_keeps_the_record_consistent(client: TestClient, run_dir: Path) -> None:
    target = next(
        i
        for i in items(client)
        if i["kind"] == "target" and client.get(f"/api/items/{i['id']}").json()["record"]["qualifier"] == "以上"
    )
    answer = post(client, target["id"], {"decision": "edit", "edits": {"qualifier": "左右"}}).json()
    assert (answer["record"]["qualifier"], answer["record"]["bound"]) == ("左右", "around")  # bound follows
    answer = post(client, target["id"], {"decision": "edit", "edits": {"value": "-2"}}).json()
    assert (answer["record"]["value"], answer["record"]["direction"]) == (2.0, "decrease")  # sign → direction
    edits = {"metric": "level", "modality": "ensure", "headline": "true", "bound": "around"}
    answer = post(client, target["id"], {"decision": "edit", "edits": edits}).json()
    assert {k: answer["record"][k] for k in edits} == {**edits, "headline": True}  # every field is editable
    refused = post(client, target["id"], {"decision": "edit", "edits": {"bound": "at_most"}})
    assert refused.status_code == 422 and "contradicts the qualifier 左右" in refused.json()["error"]
    project = first(client, "project")
    answer = post(client, project["id"], {"decision": "edit", "edits": {"stage_raw": "建成", "group_count": "12"}})
    assert answer.json()["record"]["group_count"] == 12


def test_undo_restores_the_previous_decision_and_the_log_keeps_both(client: TestClient, run_dir: Path) -> None:
    item_id = items(client, status="flagged")[0]["id"]
    post(client, item_id, {"decision": "accept"})
    post(client, item_id, {"decision": "reject"})
    assert client.post("/api/undo", json={"ids": [item_id]}, headers=SAME_ORIGIN).json()["ids"] == [item_id]
    assert client.get(f"/api/items/{item_id}").json()["status"] == "accepted"
    client.post("/api/undo", json={}, headers=SAME_ORIGIN)  # without ids: the latest decision in the log
    assert client.get(f"/api/items/{item_id}").json()["status"] == "flagged"
    assert item_status(run_dir, item_id) == "flagged"
    assert [r["decision"] for r in client.get(f"/api/items/{item_id}").json()["history"]] == [
        "accept", "reject", "undo", "undo",
    ]  # fmt: skip
    assert client.post("/api/undo", json={"ids": [item_id]}, headers=SAME_ORIGIN).status_code == 404


def test_bulk_decides_the_unreviewed_records_of_the_filter_one_log_row_each(client: TestClient, run_dir: Path) -> None:
    code = max({c for i in items(client) for c in i["flags"]}, key=lambda c: len(_flagged_with(client, c)))
    matching = _flagged_with(client, code)
    post(client, matching[0]["id"], {"decision": "reject"})  # an explicit decision is left alone
    stale = client.post(
        "/api/bulk",
        json={"decision": "accept", "query": f"?flag={code}", "expected": len(matching)},
        headers=SAME_ORIGIN,
    )
    assert stale.status_code == 409 and review_count(run_dir) == 1  # the count changed: nothing stored
    answer = client.post(
        "/api/bulk",
        json={"decision": "accept", "query": f"?flag={code}", "expected": len(matching) - 1},
        headers=SAME_ORIGIN,
    ).json()
    assert sorted(answer["ids"]) == sorted(i["id"] for i in matching[1:])
    assert review_count(run_dir) == len(matching)
    assert {item_status(run_dir, i["id"]) for i in matching[1:]} == {"accepted"}
    assert item_status(run_dir, matching[0]["id"]) == "rejected"
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["flagged_open"] == summary["flagged"] - len(matching)  # kept current by the server


def test_a_missed_record_is_added_from_offsets_and_survives_a_re_run(client: TestClient, run_dir: Path) -> None:
    connection = store.connect(run_dir)
    document = store.load_documents(connection)[-1]
    connection.close()
    text = document["text"]
    start = text.index("2023年")
    end = text.index("。", start)
    answer = client.post(
        "/api/records",
        json={"doc_id": document["doc_id"], "char_start": start, "char_end": end, "kind": "project",
              "fields": {"name": text[start:end][:10], "stage": "planning", "stage_raw": "谋划"}},
        headers=SAME_ORIGIN,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    record = answer.json()["record"]
    assert record["quote"] == text[start:end] and record["backend"] == "reviewer"
    assert client.post(
        "/api/records", json={"doc_id": document["doc_id"], "char_start": 5, "char_end": 5, "kind": "target"},
        headers=SAME_ORIGIN,
    ).status_code == 422  # fmt: skip
    build_run(SEEDS, run_dir)  # re-extraction replaces the items; the added record comes back from the log
    assert item_status(run_dir, record["id"]) == "accepted"
    client.post("/api/undo", json={"ids": [record["id"]]}, headers=SAME_ORIGIN)
    assert client.get(f"/api/items/{record['id']}").status_code == 404  # undoing an add removes the record


def test_filters_search_indicator_region_year_headline(client: TestClient) -> None:
    everything = items(client)
    record = client.get(f"/api/items/{first(client, 'target')['id']}").json()["record"]
    found = items(client, q=record["quote"][:8])
    assert record["id"] in {i["id"] for i in found} and len(found) < len(everything)
    gdp = items(client, indicator="gdp")
    assert gdp and all(client.get(f"/api/items/{i['id']}").json()["record"]["indicator_id"] == "gdp" for i in gdp)
    lixian = items(client, region="澧县")
    assert lixian and {i["source_file"][:3] for i in lixian} == {"004"}
    in_2026 = items(client, year="2026")
    assert in_2026 and all(client.get(f"/api/items/{i['id']}").json()["record"]["target_year"] == 2026 for i in in_2026)
    headline = items(client, headline="yes")
    assert headline and all(client.get(f"/api/items/{i['id']}").json()["record"]["headline"] for i in headline)


def test_a_list_quote_highlights_the_records_own_clause_and_flags_point_at_characters(client: TestClient) -> None:
    for item in items(client, kind="target"):
        record = client.get(f"/api/items/{item['id']}").json()["record"]
        if "、" in record["quote"] and record["value"] is not None:
            break
    page = client.get("/", params={"item": item["id"]}).text
    clause = "".join(re.findall(r'<mark class="hl current[^"]* clause[^"]*"[^>]*>([^<]*)</mark>', page))
    assert clause and clause != record["quote"] and clause in record["quote"]
    assert f"{record['value']:g}" in clause
    mismatch = next(i for i in items(client) if "QUALIFIER_MISMATCH" in i["flags"])
    page = client.get("/", params={"item": mismatch["id"]}).text
    pointed = re.search(r'<mark class="flagspan-ref" data-flag="QUALIFIER_MISMATCH">([^<]+)</mark>', page)
    assert pointed and re.search(rf'data-flag="QUALIFIER_MISMATCH">{re.escape(pointed.group(1))}</mark>', page)


def test_a_duplicate_links_to_its_twin(client: TestClient) -> None:
    duplicate = next(i for i in items(client) if "DUPLICATE" in i["flags"])
    page = client.get("/", params={"item": duplicate["id"]}).text
    twin = re.search(r'<a class="twin" href="/\?item=([0-9a-f]+)"', page)
    assert twin and twin.group(1) != duplicate["id"]
    mine = client.get(f"/api/items/{duplicate['id']}").json()["record"]
    theirs = client.get(f"/api/items/{twin.group(1)}").json()["record"]
    assert (theirs["doc_id"], theirs["value"], theirs.get("indicator_id")) == (
        mine["doc_id"], mine["value"], mine.get("indicator_id"),
    )  # fmt: skip


def test_the_spot_check_is_a_stable_seeded_sample_of_unflagged_records(run_dir: Path) -> None:
    sample = [i for i in items(client_for(run_dir), status="spot")]
    again = [i for i in items(client_for(run_dir), status="spot")]  # another session, the same sample
    assert len(sample) == 20 and [i["id"] for i in sample] == [i["id"] for i in again]
    assert {i["status"] for i in sample} == {"ok"}
    client = client_for(run_dir)
    for index, item in enumerate(sample[:4]):
        post(client, item["id"], {"decision": "reject" if index == 0 else "accept"})
    html = client.get("/", params={"status": "spot"}).text
    assert "spot check" in html
    from extractor.review.data import spot_estimate

    estimate = spot_estimate(store.connect(run_dir))
    assert (estimate.checked, estimate.correct, estimate.sample) == (4, 3, 20)
    low, high = estimate.interval or (0, 0)
    assert 0 < low < 0.75 < high <= 1
