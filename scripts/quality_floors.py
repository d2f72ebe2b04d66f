"""Print the rules backend's quality on the seeds and the development corpus beside the floors
that tests/test_quality_floors.py enforces; ``--write`` sets the floors a small margin under today's
values (commit the new tests/quality_floors.json together with the improvement that raised them).

    .venv/bin/python scripts/quality_floors.py            # table: measurement, value, floor, margin
    .venv/bin/python scripts/quality_floors.py --write    # after a deliberate improvement
    .venv/bin/python scripts/quality_floors.py --below    # only what is under its floor
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.api import run_folder  # noqa: E402
from tests.quality_floors import (  # noqa: E402
    FLOORS,
    floor_for,
    is_ceiling,
    load_floors,
    measure,
    violations,
)

SETS = {
    "seeds": (ROOT / "seeds", ROOT / "tests" / "gold", None),
    "corpus": (
        ROOT / "tests" / "corpus" / "docs",
        ROOT / "tests" / "corpus" / "gold",
        ROOT / "tests" / "corpus" / "manifest.jsonl",
    ),
}


RESULTS_GOLD = {"seeds": ROOT / "tests" / "gold" / "results", "corpus": ROOT / "tests" / "corpus" / "gold_results"}


def measure_all() -> dict[str, float]:
    """Run the rules backend over both sets (in temporary folders) and measure them."""
    os.environ.setdefault("EXTRACTOR_STRICT", "1")
    measured: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, (docs, gold, manifest) in SETS.items():
            out = Path(scratch) / name
            run_folder([docs], out, backend="rules")
            measured.update(measure(name, gold, out, manifest, RESULTS_GOLD[name]))
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write floors a margin under today's values")
    parser.add_argument("--below", action="store_true", help="print only measurements under their floor")
    args = parser.parse_args()
    measured = measure_all()
    floors = load_floors() if FLOORS.exists() else {}
    print(f"{'measurement':72} {'value':>8} {'floor':>8} {'margin':>8}")
    for key, value in sorted(measured.items()):
        floor = floors.get(key)
        margin = "" if floor is None else f"{(floor - value if is_ceiling(key) else value - floor):+8.3f}"
        if args.below and (floor is None or float(margin) >= 0):
            continue
        print(f"{key:72} {value:8.4f} {'' if floor is None else f'{floor:8.3f}':>8} {margin:>8}")
    problems = violations(measured, floors)
    print(f"\n{len(measured)} measurements, {len(problems)} problems")
    for problem in problems:
        print(f"  {problem}")
    if args.write:
        new = {key: round(floor_for(key, value), 4) for key, value in sorted(measured.items())}
        raised = sum(1 for key in new if key in floors and new[key] > floors[key])
        lowered = sorted(key for key in new if key in floors and new[key] < floors[key])
        payload = {
            "note": "written by scripts/quality_floors.py --write; see tests/quality_floors.py for the margins",
            "floors": new,
        }
        FLOORS.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {FLOORS.relative_to(ROOT)}: {len(new)} floors, {raised} raised, {len(lowered)} lowered")
        for key in lowered:
            print(f"  lowered: {key} {floors[key]:g} → {new[key]:g}")
    sys.exit(1 if problems and not args.write else 0)


if __name__ == "__main__":
    main()
