"""`extractor eval`: the matching rule and the numbers, on the seed gold annotations."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import app
from extractor.evaluate import Item, evaluate, load_gold, load_run
from extractor.regions import lookup_region

GOLD = Path(__file__).resolve().parent / "gold"
runner = CliRunner()


def _gold_items(seed_run: Path) -> list[Item]:
    _, texts = load_run(seed_run)
    return load_gold(GOLD, texts)


def test_gold_scored_against_itself_is_perfect(seed_run: Path) -> None:
    gold = _gold_items(seed_run)
    result = evaluate(gold, copy.deepcopy(gold))
    for name in ("target", "project", "headline_target", "headline_target_strict"):
        assert result.scores[name].f1 == 1.0, name
    assert not result.misses and not result.false_positives


def test_wrong_value_in_a_list_is_a_field_error_not_a_match_loss(seed_run: Path) -> None:
    gold = _gold_items(seed_run)
    predicted = copy.deepcopy(gold)
    rural = next(p for p in predicted if p.data.get("indicator_id") == "rural_disposable_income")
    rural.data["qualifier"] = "左右"
    result = evaluate(gold, predicted)
    assert result.scores["headline_target"].f1 == 1.0
    assert result.scores["headline_target_strict"].true_positives == result.scores["headline_target"].true_positives - 1
    assert result.field_accuracy["target"]["qualifier"] < 1.0


def test_missing_and_invented_records_lower_recall_and_precision(seed_run: Path) -> None:
    gold = _gold_items(seed_run)
    predicted = [copy.deepcopy(g) for g in gold if g.data["kind"] == "target"]
    invented = copy.deepcopy(predicted[0])
    invented.data.update(indicator="不存在的指标", indicator_id="other", value=987.0)
    invented.span = None
    result = evaluate(gold, [*predicted, invented])
    assert result.scores["project"].recall == 0.0
    assert result.scores["target"].precision < 1.0 and result.scores["target"].recall == 1.0
    assert any(fp.get("indicator") == "不存在的指标" for fp in result.false_positives)


def test_eval_cli_prints_tables_and_writes_json(seed_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    result = runner.invoke(app, ["eval", "--gold", str(GOLD), "--run", str(seed_run), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "headline_target" in result.output and "misses (gold not found)" in result.output
    numbers = json.loads(out.read_text(encoding="utf-8"))
    assert numbers["scores"]["target"]["gold"] == sum(
        1 for f in GOLD.glob("*.jsonl") for line in f.read_text(encoding="utf-8").splitlines() if '"target"' in line
    )
    # The rules backend's floor on the seeds (README has the current figures).
    assert numbers["scores"]["headline_target_strict"]["f1"] >= 0.95
    assert numbers["scores"]["target"]["f1"] >= 0.80
    assert numbers["scores"]["project_strict_stage"]["f1"] >= 0.70


def test_region_codes_are_year_aware() -> None:
    assert lookup_region("临海市", 2023).code == "331082"
    assert lookup_region("临海", 1990).code != "331082"  # before 台州 became a prefecture city
    assert lookup_region("临海市", 2023).level == "county"
    assert lookup_region("台州市", 2023).level == "prefecture"
    assert lookup_region("火星市", 2023).code is None


def test_a_gold_quote_is_found_as_the_file_writes_it_and_each_repeat_in_its_own_place(tmp_path: Path) -> None:
    """Annotators copy quotes from the file as written; cleaning folds full widths, so 保定 2021's
    "改造提升主城区主次干道8条（段）" must be found as "…8条(段)". 辽宁 2026 writes "城镇调查失业率5.5%左右" twice (the
    five-year and the year's targets): the second gold record with that quote is the second place, not the first."""
    from extractor.ingest import load_document

    corpus = Path(__file__).resolve().parent / "corpus"
    names = ("prefecture_baoding_2021_full.txt", "province_liaoning_2026_full.txt")
    texts = {name: load_document(corpus / "docs" / name).text for name in names}
    written = "高标准、高效率改造提升主城区主次干道8条（段）"
    assert written in (corpus / "docs" / names[0]).read_text(encoding="utf-8") and written not in texts[names[0]]
    gold = tmp_path / "gold.jsonl"
    repeated = [
        line
        for line in (corpus / "gold" / "province_liaoning_2026_full.jsonl").read_text(encoding="utf-8").splitlines()
        if '"城镇调查失业率5.5%左右"' in line
    ]
    row = {"source_file": names[0], "kind": "target", "quote": written}
    gold.write_text("\n".join([json.dumps(row, ensure_ascii=False), *repeated]) + "\n", encoding="utf-8")
    items = load_gold(gold, texts)
    assert (
        items[0].span is not None
        and texts[names[0]][slice(*items[0].span)] == "高标准、高效率改造提升主城区主次干道8条(段)"
    )
    first, second = items[1].span, items[2].span
    assert len(repeated) == 2 and first is not None and second is not None and first[0] < second[0]


def test_a_record_found_where_its_quote_stands_again_still_pairs(tmp_path: Path) -> None:
    """A gold quote may stand twice in a text: 清苑 2008 writes "职业介绍670人" in its review and again in its plan. The gold
    target (indicator id other, so only the place can pair it) pairs with a record found at either place, the place of
    its own turn first; before, a record found at the plan's place missed the gold record placed at the first."""
    from extractor.ingest import load_document

    staged = Path(__file__).resolve().parent / "corpus"
    name = "county_qingyuan_2008_full.txt"
    texts = {name: load_document(staged / "docs" / name).text}
    line = next(
        line
        for line in (staged / "gold" / name.replace(".txt", ".jsonl")).read_text(encoding="utf-8").splitlines()
        if '"职业介绍670人"' in line
    )
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(line + "\n", encoding="utf-8")
    (gold,) = load_gold(gold_file, texts)
    assert gold.data["indicator_id"] == "other" and gold.span is not None and len(gold.elsewhere) == 1
    found_in_plan = copy.deepcopy(gold)
    found_in_plan.span, found_in_plan.elsewhere = gold.elsewhere[0], ()
    assert evaluate([gold], [found_in_plan]).scores["target"].f1 == 1.0
    only_first_place = copy.deepcopy(gold)
    only_first_place.elsewhere = ()
    assert evaluate([only_first_place], [found_in_plan]).scores["target"].f1 == 0.0
