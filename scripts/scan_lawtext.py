"""Plan year and region of every report in a clone of github.com/lawtext/gov, against its folder and file names.

    python scripts/scan_lawtext.py /path/to/lawtext-gov [--out scan.json] [--show]

The repository files its reports as 政府工作报告-<kind>/<region>/<year>.md. Each file is converted as the corpus's
lawtext documents are (YAML front matter and ** marks removed), cleaned, dated and placed as `extractor run`
does, and compared with the labels: right, wrong or unknown (the tool said why). The labels are not gold: some
files hold another year's or another city's report (the 四川 files are labelled with the year before the
congress; 宿迁 2015 holds 苏州's report), so a "wrong" is a case to read, not a verdict.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

from extractor.doc_year import read_year
from extractor.ingest import document_from_text
from extractor.regions import resolve_region


def _files(repo: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "--name-only", "-z", "HEAD"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [
        name
        for name in listing.split("\0")
        if name.startswith("政府工作报告-") and "国务院" not in name and re.fullmatch(r"[^/]+/[^/]+/\d{4}\.md", name)
    ]


def _markdown_to_text(raw: str) -> str:
    lines = raw.replace("\r\n", "\n").split("\n")
    if lines and lines[0].strip() == "---" and "---" in lines[1:]:
        lines = lines[lines.index("---", 1) + 1 :]
    return "\n".join(lines).replace("**", "").strip() + "\n"


def _read(args: tuple[str, str]) -> tuple[str, int | None, str | None]:
    repo, name = args
    raw = subprocess.run(["git", "-C", repo, "show", f"HEAD:{name}"], capture_output=True, check=True).stdout
    document = document_from_text(_markdown_to_text(raw.decode("utf-8", "replace")), source_file=name)
    year = read_year(document.text, document.title).year
    region = resolve_region(document.text, year).region
    return name, year, region.name if region else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show", action="store_true", help="list every wrong or unknown reading")
    args = parser.parse_args()
    names = _files(args.repo)
    with Pool() as pool:
        readings = pool.map(_read, [(str(args.repo), name) for name in names], chunksize=20)
    years: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    for name, year, region in readings:
        _, label_region, label_year = name.split("/")
        years["unknown" if year is None else "right" if year == int(label_year[:4]) else "wrong"] += 1
        regions["unknown" if region is None else "right" if region == label_region else "wrong"] += 1
        if args.show and (year != int(label_year[:4]) or region != label_region):
            print(f"{name}: year {year}, region {region}")
    print(f"{len(readings)} reports; plan year {dict(years)}; region {dict(regions)}")
    if args.out:
        args.out.write_text(json.dumps(readings, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
