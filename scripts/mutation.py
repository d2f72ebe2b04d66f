"""Mutation score of the modules whose mistakes corrupt data (issue 17, docs/mutation.md).

Two kinds of mutants, both judged by a fast test command chosen per module:

* code mutants made by mutmut (pinned in pyproject.toml): operators, numbers, strings, arguments and
  return values inside functions. mutmut only mutates function bodies, so
* vocabulary mutants are made here: one word (a regex alternative, a dict key, a tuple member) left out
  of a module-level vocabulary such as the bound words or the past-tense cues ("以下 dropped from the
  bound words", "预计 dropped from the past cues" are the mistakes these catch).

Each module is mutated in its own scratch copy of the repository (``.mutation/<module>/``), so the
checkout is never touched and mutmut's per-module test selection is a plain setup.cfg there.

    .venv/bin/python scripts/mutation.py                 # every module, full runs, the table at the end
    .venv/bin/python scripts/mutation.py genre checks     # some modules
    .venv/bin/python scripts/mutation.py --sample 0.1     # every module, one mutant in ten (CI-sized)
    .venv/bin/python scripts/mutation.py --survivors      # also print each surviving mutant's diff

The score is killed / (killed + survived): a timeout counts as killed (the mutant made the code hang),
"no tests" counts as survived (no test in the module's command reaches the mutated function).
Mutants listed as equivalent in docs/mutation.md (``equivalent: NAME``) are left out of both counts
and printed separately, so a listed mutant can never hide a new survivor.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
PYTHON = sys.executable
COPY = ("extractor", "tests", "seeds", "schemas", "prompts", "cassettes", "pyproject.toml")
SMALL = 150
"""A module with at most this many mutants is always run whole, whatever --sample says."""
PYTEST_ARGS = ("-x", "-q", "-n", "0", "-p", "no:cacheprovider", "-p", "no:randomly", "-m", "not gold")


def _cache_module() -> str:
    """The response cache moved from extractor/backends/llm_cache.py to extractor/backends/llm/cache.py."""
    moved = Path("extractor/backends/llm/cache.py")
    return str(moved) if (ROOT / moved).exists() else "extractor/backends/llm_cache.py"


@dataclass(frozen=True)
class Module:
    """One module (or a few functions of one) and the fast test command that judges its mutants."""

    source: str
    tests: tuple[str, ...]
    functions: tuple[str, ...] = ("*",)
    """Globs over mutmut's function names (x_run, xǁCacheKeyPartsǁkey): the part of the file in scope."""
    sample: float = 1.0
    """Share of the code mutants run by default (rules.py is large: a seeded sample)."""
    vocabulary: tuple[str, ...] = ()
    """Module-level names whose words are left out one at a time."""
    vocabulary_tests: tuple[str, ...] = ()
    """The test command for the vocabulary mutants (default: ``tests``)."""


MODULES: dict[str, Module] = {
    "numbers": Module(
        "extractor/numbers.py",
        ("tests/test_numbers.py", "tests/test_grounding_checks.py", "tests/test_offsets.py"),
        vocabulary=("PERCENT_WORDS",),
    ),
    "grounding": Module("extractor/grounding.py", ("tests/test_grounding_checks.py", "tests/test_offsets.py")),
    "checks": Module(
        "extractor/checks.py",
        (
            "tests/test_checks.py",
            "tests/test_checks_gold.py",
            "tests/test_grounding_checks.py",
            "tests/test_known_mutations.py",
        ),
        vocabulary=("_GROWTH_LIMIT", "_MONEY_LIMIT"),
    ),
    "sections": Module("extractor/sections.py", ("tests/test_sections.py",)),
    "genre": Module(
        "extractor/genre.py",
        ("tests/test_genre.py", "tests/test_known_mutations.py", "tests/test_outcomes.py"),
        vocabulary_tests=("tests/test_genre.py",),
        vocabulary=(
            "BOUND_OF_QUALIFIER",
            "QUALIFIERS_AFTER",
            "QUALIFIERS_BEFORE",
            "_ESTIMATE",
            "_BACKGROUND",
            "ACHIEVEMENT",
            "_ACHIEVED",
            "_PAST_TIME",
            "_PAST_VERB",
            "_RECAP",
            "_STRONG_GOAL",
        ),
    ),
    "rules": Module(
        "extractor/backends/rules.py",
        (
            "tests/test_rules.py",
            "tests/test_known_mutations.py",
            "tests/test_quality_floors.py",
            "tests/test_older_reports.py",
            "tests/test_recent_sets.py",
        ),
        sample=0.1,
    ),
    "cache_key": Module(
        _cache_module(), ("tests/test_cache_key.py",), functions=("xǁCacheKeyPartsǁkey", "x_chunk_hash"), sample=1.0
    ),
    "decisions": Module("extractor/decisions.py", ("tests/test_review_export.py", "tests/test_review_app.py")),
    "export": Module(
        "extractor/export.py", ("tests/test_review_export.py", "tests/test_cli_run.py", "tests/test_review_app.py")
    ),
    "exit_codes": Module(
        "extractor/cli.py", ("tests/test_exit_codes.py",), functions=("x_exit_code", "x__require_run_dir")
    ),
}


# --- vocabulary mutants ---------------------------------------------------------------------------


def _split_alternatives(pattern: str) -> list[tuple[int, int]]:
    """Spans of the ``|`` alternatives of a regex source, at the top level and inside every group
    (``(?:完成|实现)了`` gives 完成 and 实现); a context without a bar gives nothing."""
    contexts: list[list[int]] = [[0]]  # per open context: start, then the position of each bar
    found: list[tuple[int, int]] = []

    def close(context: list[int], end: int) -> None:
        if len(context) > 1:
            bounds = [context[0], *(bar + 1 for bar in context[1:])]
            ends = [*context[1:], end]
            found.extend(zip(bounds, ends, strict=True))

    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            prefix = re.match(r"\(\?(?:[:=!]|<[=!]|P?<\w+>)?", pattern[index:])
            contexts.append([index + (prefix.end() if prefix else 1)])
        elif char == ")" and len(contexts) > 1:
            close(contexts.pop(), index)
        elif char == "|":
            contexts[-1].append(index)
        index += 1
    close(contexts[0], len(pattern))
    return sorted(found)


def vocabulary_mutants(source: str, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, mutated source) for every word of the named module-level vocabularies left out.

    A dict loses one entry, a tuple one member, a regex string (implicitly concatenated pieces
    included) one top-level ``|`` alternative.
    """
    import ast
    import io
    import tokenize

    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(line: int, column: int) -> int:
        """Character offset of an ast (line, UTF-8 byte column) position."""
        return offsets[line - 1] + len(lines[line - 1].encode("utf-8")[:column].decode("utf-8"))

    strings = [
        (offsets[t.start[0] - 1] + t.start[1], offsets[t.end[0] - 1] + t.end[1], t.string)
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type == tokenize.STRING
    ]

    def cut(start: int, end: int) -> str:
        tail = re.match(r"\s*,", source[end:])
        return source[:start] + source[end + (tail.end() if tail else 0) :]

    mutants: list[tuple[str, str]] = []
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        if not isinstance(target, ast.Name) or target.id not in names or value is None:
            continue
        if isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values, strict=True):
                start = at(key.lineno, key.col_offset)  # type: ignore[union-attr]
                end = at(item.end_lineno, item.end_col_offset)  # type: ignore[arg-type]
                mutants.append((f"{target.id} without {ast.literal_eval(key)}", cut(start, end)))  # type: ignore[arg-type]
        elif isinstance(value, ast.Tuple):
            for item in value.elts:
                start, end = at(item.lineno, item.col_offset), at(item.end_lineno, item.end_col_offset)  # type: ignore[arg-type]
                mutants.append((f"{target.id} without {ast.literal_eval(item)}", cut(start, end)))
        else:
            low, high = at(value.lineno, value.col_offset), at(value.end_lineno, value.end_col_offset)  # type: ignore[arg-type]
            body, index_map = "", []
            for start, end, text in strings:
                if low <= start and end <= high and "{" not in text:
                    quote = re.match(r"[rRuU]*(['\"])", text)
                    assert quote is not None
                    inner_start = start + quote.end()
                    inner_end = end - 1
                    body += source[inner_start:inner_end]
                    index_map += range(inner_start, inner_end)
            for a, b in _split_alternatives(body):
                if a == b:
                    continue
                bar = b if b < len(body) and body[b] == "|" else a - 1  # drop the word and one of its bars
                dropped = {index_map[i] for i in range(a, b)} | {index_map[bar]}
                mutated = "".join(char for i, char in enumerate(source) if i not in dropped)
                mutants.append((f"{target.id} without {body[a:b]}", mutated))
    seen: dict[str, int] = {}
    labelled = []
    for label, text in mutants:
        seen[label] = seen.get(label, 0) + 1
        labelled.append((label if seen[label] == 1 else f"{label} ({seen[label]})", text))
    return labelled


def _pytest(workdir: Path, tests: tuple[str, ...], timeout: float) -> str:
    """'killed' / 'survived' / 'timeout' for the test command in ``workdir``."""
    env = {**os.environ, "PYTHONPATH": str(workdir), "EXTRACTOR_STRICT": "1"}
    try:
        result = subprocess.run(
            [PYTHON, "-m", "pytest", *PYTEST_ARGS, *tests],
            cwd=workdir,
            env=env,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if result.returncode == 0 else "killed"


def run_vocabulary(name: str, module: Module, sample: float, jobs: int) -> dict[str, str]:
    """Result of every vocabulary mutant of ``module``, each in its own scratch copy."""
    source = (ROOT / module.source).read_text(encoding="utf-8")
    mutants = vocabulary_mutants(source, module.vocabulary)
    mutants = _sample(mutants, sample if len(mutants) > SMALL else 1.0, key=lambda m: m[0])
    base = WORK / name / "vocabulary"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    baseline = base / "clean"
    _copy_repository(baseline)
    started = time.monotonic()
    tests = module.vocabulary_tests or module.tests
    if _pytest(baseline, tests, 600) != "survived":
        raise SystemExit(f"{name}: the test command fails on the unmutated code: {' '.join(tests)}")
    clean_seconds = time.monotonic() - started

    def judge(index: int, label: str, text: str) -> tuple[str, str]:
        workdir = Path(tempfile.mkdtemp(prefix=f"m{index}-", dir=base))
        for entry in baseline.iterdir():
            (workdir / entry.name).symlink_to(entry) if entry.name != "extractor" else shutil.copytree(
                entry, workdir / "extractor", symlinks=True
            )
        (workdir / module.source).write_text(text, encoding="utf-8")
        try:
            return label, _pytest(workdir, tests, 10 * clean_seconds + 30)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    results: dict[str, str] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(judge, i, label, text) for i, (label, text) in enumerate(mutants)]
        for future in concurrent.futures.as_completed(futures):
            label, verdict = future.result()
            results[label] = verdict
    return results


# --- code mutants (mutmut) ------------------------------------------------------------------------


def _copy_repository(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)


def _write_setup_cfg(workdir: Path, module: Module) -> None:
    def listing(values: tuple[str, ...] | list[str]) -> str:
        return "".join(f"\n    {v}" for v in values)

    (workdir / "setup.cfg").write_text(
        "[mutmut]\n"
        "source_paths = extractor\n"
        f"only_mutate = {module.source}\n"
        f"also_copy ={listing(['seeds', 'schemas', 'prompts', 'cassettes'])}\n"
        f"pytest_add_cli_args_test_selection ={listing(module.tests)}\n"
        f"pytest_add_cli_args ={listing(PYTEST_ARGS)}\n"
        "use_git_change_detection = false\n"
        # log and error lines: their text is for people, never data
        "do_not_mutate_patterns =\n    log\\.(debug|info|warning|error|exception)\\(\n",
        encoding="utf-8",
    )


def _mutmut(workdir: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "mutmut", *args],
        cwd=workdir,
        env={**os.environ, "EXTRACTOR_STRICT": "1"},
        capture_output=True,
        text=True,
    )


def _meta(workdir: Path, module: Module) -> dict[str, int | None]:
    path = workdir / "mutants" / (module.source + ".meta")
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["exit_code_by_key"]


def run_code(name: str, module: Module, sample: float, jobs: int) -> dict[str, str]:
    """Result of every (sampled) mutmut mutant of ``module`` in scope."""
    workdir = WORK / name / "code"
    shutil.rmtree(workdir, ignore_errors=True)
    _copy_repository(workdir)
    _write_setup_cfg(workdir, module)
    stem = module.source.removesuffix(".py").replace("/", ".")
    # First pass generates the mutants and the test map without running any (a name that matches none).
    first = _mutmut(workdir, ["run", "--max-children", str(jobs), f"{stem}.x_no_such_function_*"])
    names = [key for key in _meta(workdir, module) if _in_scope(key, stem, module.functions)]
    if not names:
        raise SystemExit(f"{name}: mutmut made no mutants:\n{first.stdout[-2000:]}\n{first.stderr[-2000:]}")
    chosen = _sample(names, sample if len(names) > SMALL else 1.0, key=str)
    for batch in range(0, len(chosen), 400):
        result = _mutmut(workdir, ["run", "--max-children", str(jobs), *chosen[batch : batch + 400]])
        if "Failed to run clean test" in result.stdout:
            raise SystemExit(f"{name}: the test command fails on the unmutated code:\n{result.stdout[-3000:]}")
    codes = _meta(workdir, module)
    return {key: _verdict(codes.get(key)) for key in chosen}


def _in_scope(key: str, stem: str, functions: tuple[str, ...]) -> bool:
    import fnmatch

    function = key.removeprefix(stem + ".").split("__mutmut_")[0]
    return any(fnmatch.fnmatch(function, pattern) for pattern in functions)


def _verdict(code: int | None) -> str:
    if code in (1, 3):
        return "killed"
    if code in (-24, 24, 152, 255, 36):
        return "timeout"
    if code in (0,):
        return "survived"
    if code in (5, 33):
        return "no tests"
    return "not run" if code is None else f"other ({code})"


def mutant_diff(name: str, key: str) -> str:
    return _mutmut(WORK / name / "code", ["show", key]).stdout


# --- sampling, equivalents, the table -------------------------------------------------------------


def _sample(items: list, share: float, key) -> list:  # type: ignore[type-arg]
    """A seeded sample, the same on every machine for the same code (sorted by name, fixed seed)."""
    items = sorted(items, key=key)
    if share >= 1.0:
        return items
    count = max(1, round(len(items) * share))
    return sorted(random.Random(17).sample(items, count), key=key)


def documented_equivalents() -> set[str]:
    """Mutant names listed in docs/mutation.md as ``equivalent: NAME — reason``."""
    path = ROOT / "docs" / "mutation.md"
    if not path.exists():
        return set()
    return set(re.findall(r"equivalent: `([^`]+)`", path.read_text(encoding="utf-8")))


@dataclass
class Score:
    module: str
    kind: str
    verdicts: dict[str, str] = field(default_factory=dict)

    def count(self, *states: str) -> int:
        return sum(1 for v in self.verdicts.values() if v in states)

    @property
    def killed(self) -> int:
        return self.count("killed", "timeout")

    @property
    def survivors(self) -> list[str]:
        return sorted(k for k, v in self.verdicts.items() if v not in ("killed", "timeout", "equivalent"))

    @property
    def score(self) -> float:
        judged = self.killed + len(self.survivors)
        return self.killed / judged if judged else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help=f"default: all of {', '.join(MODULES)}")
    parser.add_argument("--sample", type=float, help="share of mutants to run (default: each module's own)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--survivors", action="store_true", help="print the diff of every survivor")
    parser.add_argument("--json", type=Path, help="write the scores and survivors here")
    parser.add_argument("--floor", type=float, default=0.85, help="exit 1 when a module scores below this")
    parser.add_argument("--report", action="store_true", help="print the table of the last runs, run nothing")
    args = parser.parse_args()
    unknown = sorted(set(args.modules) - set(MODULES))
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    equivalents = documented_equivalents()
    scores: list[Score] = []
    for name in args.modules or MODULES:
        module = MODULES[name]
        saved = WORK / name / "result.json"
        if args.report:
            if saved.exists():
                for kind, verdicts in json.loads(saved.read_text(encoding="utf-8")).items():
                    scores.append(Score(name, kind, verdicts))
            continue
        started = time.monotonic()
        results = {"code": run_code(name, module, args.sample or module.sample, args.jobs)}
        if module.vocabulary:
            results["vocabulary"] = run_vocabulary(name, module, args.sample or 1.0, args.jobs)
        saved.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        scores += [Score(name, kind, verdicts) for kind, verdicts in results.items()]
        print(f"{name}: done in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    for score in scores:
        for key in score.verdicts:
            if key in equivalents and score.verdicts[key] not in ("killed", "timeout"):
                score.verdicts[key] = "equivalent"
    print_table(scores, args.survivors)
    if args.json:
        args.json.write_text(
            json.dumps(
                {f"{s.module}/{s.kind}": {"score": round(s.score, 4), "verdicts": s.verdicts} for s in scores},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    below = [s for s in scores if s.score < args.floor]
    sys.exit(1 if below else 0)


def print_table(scores: list[Score], show_diffs: bool) -> None:
    print("| module | file | mutants run | killed | survived | equivalent | score | tests |")
    print("|---|---|---|---|---|---|---|---|")
    for s in scores:
        module = MODULES[s.module]
        share = module.sample if s.kind == "code" else 1.0
        label = f"{s.module} ({s.kind})"
        print(
            f"| {label} | {module.source} | {len(s.verdicts)}{' (sample)' if share < 1 else ''} | {s.killed} |"
            f" {len(s.survivors)} | {s.count('equivalent')} | {s.score:.1%} | {' '.join(module.tests)} |"
        )
    total_killed = sum(s.killed for s in scores)
    total_judged = total_killed + sum(len(s.survivors) for s in scores)
    print(
        f"| **all** | | {sum(len(s.verdicts) for s in scores)} | {total_killed} | {total_judged - total_killed} |"
        f" {sum(s.count('equivalent') for s in scores)} | {total_killed / max(1, total_judged):.1%} | |"
    )
    for s in scores:
        for key in s.survivors:
            print(f"survived: {s.module} {s.kind}: {key} ({s.verdicts[key]})")
            if show_diffs and s.kind == "code":
                print(mutant_diff(s.module, key))


if __name__ == "__main__":
    main()
