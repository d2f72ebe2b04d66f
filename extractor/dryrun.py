"""``extractor run --dry-run``: what a run would send to the model and what it would cost, without a call.

Every input is prepared exactly as a run prepares it (``pipeline.prepare`` with the run's stated
region/year and limits) and packed exactly as the model backend packs it (``pack_chunks`` to the
configured budget, review sections left out). Each chunk's request is built (``build_messages``) and
its tokens estimated: the provider's tokenizer where one is installed (DeepSeek's), else characters
/ 1.6; the completion at ``tokens.COMPLETION_PER_PROMPT_TOKEN`` per chunk token. Chunks whose answer
is already in the response cache (read only) would cost nothing and are counted apart. Nothing is
written: not the run folder, not the cache.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from extractor.backends.llm.cache import CACHE_NAME, CacheKeyParts, chunk_hash
from extractor.backends.llm.config import LOCAL_KEY, PRESETS, ModelConfig, Prices
from extractor.backends.llm.pricing import LOCAL_PRESETS, PUBLISHED, UNPRICED_NOTE, cost_of
from extractor.backends.llm.prompt import build_messages, load_prompts
from extractor.backends.llm.response import request_messages
from extractor.backends.llm.schema import schema_hash
from extractor.backends.llm.tokens import (
    COMPLETION_PER_PROMPT_TOKEN,
    budget_for,
    estimate_request,
    estimator_for,
)
from extractor.chunks import pack_chunks
from extractor.errors import ExtractorError
from extractor.limits import Limits
from extractor.pipeline import DocumentOverrides, SameText, prepare_input
from extractor.run import InputFile


@dataclass
class CostLine:
    """The estimated cost of the run's uncached requests at one preset's published prices."""

    provider: str
    model: str
    currency: str
    prices: Prices | None
    source: str
    without_prefix_cache: float | None = None
    with_prefix_cache: float | None = None


@dataclass
class DryRunReport:
    """What ``extractor run`` would do with the model: documents, chunks, tokens, cost."""

    files: int = 0
    documents: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    duplicates: int = 0
    chunks: int = 0
    review_chunks: int = 0
    cached_chunks: int = 0
    requests: int = 0
    system_tokens: int = 0
    chunk_prompt_tokens: int = 0
    prompt_tokens: int = 0
    largest_prompt: int = 0
    completion_tokens: int = 0
    token_unit: str = ""
    chunk_budget: str = ""
    cache_path: str | None = None
    backend: str = "llm"
    costs: list[CostLine] = field(default_factory=list)

    @property
    def cached_prefix_tokens(self) -> int:
        """System-message tokens a prefix-caching provider bills at its cached price: every request's
        but the first's."""
        return self.system_tokens * max(0, self.requests - 1)

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "documents": self.documents,
            "failed": [{"source_file": s, "reason": r} for s, r in self.failed],
            "duplicates": self.duplicates,
            "chunks": self.chunks,
            "review_chunks_not_sent": self.review_chunks,
            "cached_chunks": self.cached_chunks,
            "requests": self.requests,
            "system_tokens_per_request": self.system_tokens,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "token_unit": self.token_unit,
            "costs": [
                {
                    "provider": c.provider,
                    "model": c.model,
                    "currency": c.currency,
                    "without_prefix_cache": c.without_prefix_cache,
                    "with_prefix_cache": c.with_prefix_cache,
                    "source": c.source,
                }
                for c in self.costs
            ],
        }

    def lines(self) -> list[str]:
        """The report as printed by ``extractor run --dry-run``."""
        out = [
            "dry run: no model call made, nothing written",
            f"documents: {self.documents} of {self.files} files"
            + (f" ({len(self.failed)} not reports)" if self.failed else "")
            + (f", {self.duplicates} duplicates not sent twice" if self.duplicates else ""),
        ]
        out += [f"  not a report: {name}: {reason}" for name, reason in self.failed]
        if self.backend == "rules":
            out.append("the rules backend makes no model call; below, what --backend llm or hybrid would send")
        out.append(
            f"chunks for the model: {self.chunks} (packed to {self.chunk_budget}; {self.review_chunks} review "
            f"sections not sent); {self.cached_chunks} already in {self.cache_path or CACHE_NAME} (cost nothing), "
            f"{self.requests} to send"
        )
        average = self.chunk_prompt_tokens // self.requests if self.requests else 0
        out.append(
            f"estimated prompt tokens: {self.prompt_tokens:,} ({self.requests} requests × system message "
            f"{self.system_tokens:,} + chunk {average:,} on average; largest request {self.largest_prompt:,}; "
            f"counted with {self.token_unit})"
        )
        out.append(
            f"estimated completion tokens: {self.completion_tokens:,} ({COMPLETION_PER_PROMPT_TOKEN:.2f} per chunk "
            "token, as measured on the constructed answers: seeds 2.42, corpus 0.82)"
        )
        out.append(
            "estimated cost (prices per million tokens: prompt / cached prefix / completion; the prefix-cache "
            f"figure bills the system message of {max(0, self.requests - 1)} requests at the cached price):"
        )
        for c in self.costs:
            if c.prices is None or c.without_prefix_cache is None or c.with_prefix_cache is None:
                out.append(f"  {c.provider:<9} {c.model:<14} {c.source}")
                continue
            p = c.prices
            out.append(
                f"  {c.provider:<9} {c.model:<14} {c.currency} {c.without_prefix_cache:.4f}, "
                f"{c.with_prefix_cache:.4f} with the prefix cache "
                f"({p.prompt:g} / {p.cached_prompt:g} / {p.completion:g}; {c.source})"
            )
        return out


def _cache_lookup(config: ModelConfig | None, out: Path) -> tuple[sqlite3.Connection | None, Path]:
    """The response cache, opened read only (None when there is none yet)."""
    folder = config.cache_dir if config is not None and config.cache_dir is not None else out
    path = folder / CACHE_NAME
    if config is None or not path.is_file():
        return None, path
    try:
        # immutable: no lock and no -shm/-wal file beside it (a WAL database opened read-only makes
        # them); answers a running run has not yet checkpointed are not seen, which only errs high.
        return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True), path
    except sqlite3.Error:
        return None, path


def _in_cache(db: sqlite3.Connection, config: ModelConfig, parts: dict[str, str], chunk_key: str) -> bool:
    for mode in dict.fromkeys([config.mode, config.fallback_mode]):
        if mode is None:
            continue
        key = CacheKeyParts(chunk_hash=chunk_key, mode=mode, **parts).key
        try:
            if db.execute("SELECT 1 FROM responses WHERE key = ?", (key,)).fetchone():
                return True
        except sqlite3.Error:
            return False
    return False


def plan(
    files: list[InputFile],
    out: Path,
    *,
    backend: str,
    config: ModelConfig | None,
    overrides: DocumentOverrides,
    max_bytes: int,
    limits: Limits,
    use_cache: bool = True,
) -> DryRunReport:
    """Prepare and pack every file as a run would, estimate tokens and cost; no call, no write."""
    estimate_config = config or ModelConfig(base_url="", model="", api_key=LOCAL_KEY)
    budget = budget_for(estimate_config)
    unit, measure = estimator_for(estimate_config.provider)
    prompts = load_prompts()
    report = DryRunReport(files=len(files), token_unit=unit, chunk_budget=budget.describe(), backend=backend)
    db, cache_path = _cache_lookup(config, out) if use_cache else (None, out / CACHE_NAME)
    report.cache_path = str(cache_path)
    parts = (
        {
            "endpoint": config.endpoint,
            "model": config.model,
            "prompt_version": prompts.version,
            "schema_hash": schema_hash(),
        }
        if config is not None
        else {}
    )
    same_text = SameText()
    system_measured: dict[str, int] = {}
    try:
        for item in files:
            try:
                prepared = prepare_input(item.path, item.source_file, overrides, max_bytes, limits)
            except ExtractorError as exc:
                report.failed.append((item.source_file, str(exc)))
                continue
            if same_text.earlier(prepared.document) is not None:
                report.duplicates += 1
                continue
            report.documents += 1
            for chunk in pack_chunks(prepared.document, prepared.sections, budget.size, budget.measure):
                if chunk.section_kind == "review":
                    report.review_chunks += 1
                    continue
                report.chunks += 1
                if db is not None and config is not None and _in_cache(db, config, parts, chunk_hash(chunk)):
                    report.cached_chunks += 1
                    continue
                messages = request_messages(build_messages(chunk, prompts), estimate_config.mode)
                system = messages[0]["content"]
                if system not in system_measured:
                    system_measured[system] = measure(system)
                estimate = estimate_request(messages, lambda text: system_measured.get(text) or measure(text))
                report.requests += 1
                report.system_tokens = estimate.system
                report.chunk_prompt_tokens += estimate.prompt - estimate.system
                report.prompt_tokens += estimate.prompt
                report.largest_prompt = max(report.largest_prompt, estimate.prompt)
                report.completion_tokens += estimate.completion
    finally:
        if db is not None:
            db.close()
    report.costs = _costs(report, config)
    return report


def _costs(report: DryRunReport, config: ModelConfig | None) -> list[CostLine]:
    lines = []
    for provider, preset in PRESETS.items():
        published = PUBLISHED.get(provider)
        if published is not None:
            line = CostLine(provider, published.model, published.currency, published.prices, published.source)
        elif provider in LOCAL_PRESETS:
            lines.append(CostLine(provider, preset.model or "(--model)", "", None, "local server: no charge per token"))
            continue
        else:
            lines.append(CostLine(provider, preset.model or "", "", None, UNPRICED_NOTE))
            continue
        lines.append(_priced(line, report))
    if config is not None and config.prices is not None:
        mine = CostLine("yours", config.model, "", config.prices, "EXTRACTOR_PRICES")
        lines.append(_priced(mine, report))
    return lines


def _priced(line: CostLine, report: DryRunReport) -> CostLine:
    assert line.prices is not None
    cost = cost_of(line.prices, report.prompt_tokens, report.cached_prefix_tokens, report.completion_tokens)
    line.without_prefix_cache = round(cost.without_prefix_cache, 6)
    line.with_prefix_cache = round(cost.with_prefix_cache, 6)
    return line
