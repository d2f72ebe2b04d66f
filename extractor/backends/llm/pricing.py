"""Published token prices of the presets' default models, for ``extractor run --dry-run``.

Only prices a provider publishes itself are listed, each with its page; a preset whose provider's own
price page we could not cite has none (the dry run says so and uses ``EXTRACTOR_PRICES`` when set).
Prices change: check the page before budgeting. Checked 2026-11.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.backends.llm.config import Prices


@dataclass(frozen=True)
class PublishedPrice:
    """Per million tokens: uncached prompt, prompt served from the provider's prefix cache, completion."""

    model: str
    prices: Prices
    currency: str
    source: str
    note: str = ""


PUBLISHED: dict[str, PublishedPrice] = {
    # deepseek-chat: 1M tokens input (cache miss) $0.27, input (cache hit) $0.07, output $1.10.
    "deepseek": PublishedPrice(
        "deepseek-chat",
        Prices(prompt=0.27, cached_prompt=0.07, completion=1.10),
        "USD",
        "https://api-docs.deepseek.com/quick_start/pricing-details-usd",
    ),
    # GLM-4-Flash is BigModel's free language model (免费语言模型).
    "zhipu": PublishedPrice(
        "glm-4-flash",
        Prices(prompt=0.0, cached_prompt=0.0, completion=0.0),
        "CNY",
        "https://docs.bigmodel.cn/cn/guide/models/text/glm-4",
        "free model",
    ),
}

UNPRICED_NOTE = "no price page of the provider's own to cite; set EXTRACTOR_PRICES"
LOCAL_PRESETS = ("vllm", "ollama")  # your own hardware: no charge per token


@dataclass(frozen=True)
class Cost:
    """What a set of requests costs at ``prices``: every prompt token at the uncached price, and with
    the system message of every request after the first billed at the prefix-cache price."""

    without_prefix_cache: float
    with_prefix_cache: float


def cost_of(prices: Prices, prompt_tokens: int, cached_prefix_tokens: int, completion_tokens: int) -> Cost:
    return Cost(
        without_prefix_cache=prices.cost(prompt_tokens, 0, completion_tokens),
        with_prefix_cache=prices.cost(prompt_tokens, cached_prefix_tokens, completion_tokens),
    )
