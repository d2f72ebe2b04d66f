"""Learn the IMPLAUSIBLE check's ranges from the annotated gold (targets and results): ``schemas/plausible_ranges.json``.

For every (indicator_id, metric, unit) with at least MIN_SEEN gold values, a generous range around
what real reports write: from 0 to the 95th percentile times SPREAD or half again the largest value seen
(no lower bound: a county's
first new enterprise is as real as a province's thousandth). Keys without enough examples fall back to the range of their (metric, unit) over all
indicators (at least MIN_SEEN values, wider by FALLBACK_SPREAD). Without a range, only impossible
values (negative, a share over 100 %, a range upside down) are flagged.

    .venv/bin/python scripts/learn_plausible_ranges.py
"""

from __future__ import annotations

import functools
import json
import statistics
from collections import defaultdict
from pathlib import Path

from extractor import genre
from extractor.ingest import load_document

ROOT = Path(__file__).resolve().parent.parent
GOLD = (
    ROOT / "tests/gold",
    ROOT / "tests/corpus/gold",
    ROOT / "tests/gold/results",
    ROOT / "tests/corpus/gold_results",
)
KINDS = ("target", "result")
"""Goals and achieved figures: the check reads both, and a fall reported (下降20.1%) is as real as one set."""
OUT = ROOT / "schemas/plausible_ranges.json"
MIN_SEEN = 3
SPREAD = 3.0
FALLBACK_SPREAD = 5.0


def quantile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[max(0, min(98, round(q * 100) - 1))]


def span(values: list[float], spread: float) -> list[float]:
    return [0.0, round(max(quantile(values, 0.95) * spread, max(values) * 1.5), 4)]


DOCS = (ROOT / "seeds", ROOT / "tests/corpus/docs")


@functools.cache
def _text(source_file: str) -> str:
    path = next((folder / source_file for folder in DOCS if (folder / source_file).is_file()), None)
    return load_document(path).text if path else ""


def _sentence_to(row: dict[str, object]) -> str:
    """The gold record's sentence up to the end of its quote: a base written in an earlier clause ("2005年与2000年相比，
    国内生产总值增长57.3%") dates the growth as much as one in the quote."""
    quote = str(row["quote"])
    text = _text(str(row["source_file"]))
    at = text.find(quote)
    if at < 0:
        return quote
    start, _ = genre.sentence_span(text, at)
    return text[start : at + len(quote)]


def main() -> None:
    by_key: dict[str, list[float]] = defaultdict(list)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for folder in GOLD:
        for file in sorted(folder.glob("*.jsonl")):
            for line in file.read_text(encoding="utf-8").splitlines():
                row = json.loads(line) if line.strip() else None
                if not row or row.get("kind") not in KINDS or row.get("value") is None or "翻" in row["quote"]:
                    continue
                if row["metric"] == "growth" and genre.MULTI_YEAR_BASE.search(_sentence_to(row)):
                    continue  # "比“十五”末增长74%": growth over several years, not the yearly rate the check judges
                kind = f"{row['metric']}|{row.get('unit') or ''}"
                for value in (row["value"], row.get("value_high")):
                    if value is None:
                        continue
                    by_kind[kind].append(float(value))
                    if row.get("indicator_id", "other") != "other":
                        by_key[f"{row['indicator_id']}|{kind}"].append(float(value))
    table = {
        "description": (
            "Plausible value ranges by indicator_id|metric|unit (and a fallback by metric|unit), learned from the "
            "gold annotations by scripts/learn_plausible_ranges.py; used by checks.check_plausible (IMPLAUSIBLE)."
        ),
        "ranges": {k: span(sorted(v), SPREAD) for k, v in sorted(by_key.items()) if len(v) >= MIN_SEEN},
        "fallback": {k: span(sorted(v), FALLBACK_SPREAD) for k, v in sorted(by_kind.items()) if len(v) >= MIN_SEEN * 3},
    }
    OUT.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(table['ranges'])} indicator ranges and {len(table['fallback'])} fallbacks written to {OUT}")


if __name__ == "__main__":
    main()
