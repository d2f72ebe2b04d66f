"""Where the model lives: endpoint, model name, mode and key, from flags, environment and presets;
with the packed chunk size and, when the user gives them, token prices for the cost estimate.

Kept free of heavy imports (no openai / instructor) so the CLI can ask ``model_configured`` on every
run cheaply. The API key is held in a field excluded from ``repr`` and is never written anywhere;
``redact`` scrubs it from any text that might be logged or stored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from extractor.chunks import DEFAULT_PACK_BUDGET
from extractor.errors import ConfigError

MODES = ("json", "md_json")
_MODE_ALIASES = {
    "json": "json",
    "json_mode": "json",
    "md_json": "md_json",
    "markdown_json_mode": "md_json",
    "markdown": "md_json",
}
LOCAL_KEY = "not-needed"  # local servers ignore the key, but the openai client insists on one
CHUNK_CHARS = DEFAULT_PACK_BUDGET  # default packed chunk size in characters
CHUNK_TOKENS = 2500  # default packed chunk size in tokens, where a tokenizer for the preset is installed


@dataclass(frozen=True)
class Prices:
    """Prices per million tokens, in whatever currency the user states them: uncached prompt tokens,
    prompt tokens the provider served from its prefix cache, and completion tokens."""

    prompt: float
    cached_prompt: float
    completion: float

    def cost(self, prompt_tokens: int, cached_tokens: int, completion_tokens: int) -> float:
        """``prompt_tokens`` includes the cached ones (as providers report them)."""
        uncached = max(0, prompt_tokens - cached_tokens)
        total = uncached * self.prompt + cached_tokens * self.cached_prompt + completion_tokens * self.completion
        return total / 1_000_000


@dataclass(frozen=True)
class Preset:
    """A provider's OpenAI-compatible base URL, a default model, a mode known to work and its key
    variable; with the default model's published rate limits (requests and tokens per minute) where
    the provider publishes them (``limits_source``), else None: no limit."""

    base_url: str
    model: str | None
    mode: str
    key_env: str | None
    rpm: float | None = None
    tpm: float | None = None
    limits_source: str | None = None


# Modes follow each provider's documented support for response_format={"type": "json_object"};
# Zhipu's support varies by model, so its preset asks for a fenced JSON block instead.
# Rate limits, as each provider publishes them for the preset's default model (checked 2026-11):
# * DeepSeek: "DeepSeek API does NOT constrain user's rate limit"
#   (https://api-docs.deepseek.com/quick_start/rate_limit): no limit; 429/503 under load are retried.
# * Qwen (DashScope): qwen-plus 15,000 requests and 1,200,000 tokens (input + output) per minute
#   (https://help.aliyun.com/zh/model-studio/user-guide/rate-limit).
# * Moonshot: by cumulative recharge; Tier0, which every account starts in, allows 3 requests and
#   500,000 tokens per minute and 1 request at a time (https://platform.moonshot.ai/docs/pricing/limits).
#   A higher tier: --rpm/--tpm (Tier1: 200 RPM, 2,000,000 TPM).
# * OpenAI, Zhipu: limits depend on the account's tier and are shown in its console; no page of the
#   provider's own that we could cite gives the numbers, so no default limit. Local servers: none.
PRESETS: dict[str, Preset] = {
    "openai": Preset("https://api.openai.com/v1", "gpt-4o-mini", "json", "OPENAI_API_KEY"),
    "deepseek": Preset(
        "https://api.deepseek.com/v1",
        "deepseek-chat",
        "json",
        "DEEPSEEK_API_KEY",
        limits_source="https://api-docs.deepseek.com/quick_start/rate_limit",
    ),
    "qwen": Preset(
        "https://dashscope.aliyuncs.com/compatible-mode/v1",
        "qwen-plus",
        "json",
        "DASHSCOPE_API_KEY",
        rpm=15_000,
        tpm=1_200_000,
        limits_source="https://help.aliyun.com/zh/model-studio/user-guide/rate-limit",
    ),
    "moonshot": Preset(
        "https://api.moonshot.cn/v1",
        "moonshot-v1-8k",
        "json",
        "MOONSHOT_API_KEY",
        rpm=3,
        tpm=500_000,
        limits_source="https://platform.moonshot.ai/docs/pricing/limits",
    ),
    "zhipu": Preset("https://open.bigmodel.cn/api/paas/v4", "glm-4-flash", "md_json", "ZHIPUAI_API_KEY"),
    "vllm": Preset("http://127.0.0.1:8000/v1", None, "json", None),
    "ollama": Preset("http://127.0.0.1:11434/v1", "qwen2.5:7b", "json", None),
}
PROVIDER_ALIASES = {"dashscope": "qwen", "kimi": "moonshot", "glm": "zhipu", "bigmodel": "zhipu"}


class ModelConfigError(ConfigError):
    """The model settings are incomplete or contradictory; the message is one line for the user."""


@dataclass(frozen=True)
class ModelConfig:
    """Everything needed to call the endpoint. ``api_key`` is excluded from repr and never stored."""

    base_url: str
    model: str
    mode: str = "json"
    api_key: str = field(default=LOCAL_KEY, repr=False)
    provider: str | None = None
    fallback_mode: str | None = "md_json"
    timeout: float = 120.0
    transport_attempts: int = 6
    max_reasks: int = 2
    max_tokens: int | None = 4096
    temperature: float = 0.0
    cache_dir: Path | None = None
    max_wait: float = 120.0
    retry_deadline: float = 300.0
    """Seconds one chunk may spend on retries (waits included) before it is failed."""
    run_deadline: float | None = None
    """Seconds after the run's first model call past which nothing is retried any more (None: no limit)."""
    chunk_size: int | None = None  # packed chunk budget; None: CHUNK_TOKENS with a tokenizer, else CHUNK_CHARS
    prices: Prices | None = None
    rpm: float | None = None
    """Requests per minute, run-wide (None: no limit); EXTRACTOR_RPM, --rpm, or the preset's published limit."""
    tpm: float | None = None
    """Tokens (prompt + completion) per minute, run-wide (None: no limit); EXTRACTOR_TPM, --tpm, or the preset's."""
    rate_window: float = 60.0
    """The window rpm and tpm are counted over, in seconds (a minute; shorter only in tests)."""
    max_cost: float | None = None
    """Stop sending once this much is spent, in the currency of ``prices`` (--max-cost)."""
    max_total_tokens: int | None = None
    """Stop sending once this many tokens (prompt + completion, every attempt) are spent (--max-total-tokens)."""

    @property
    def endpoint(self) -> str:
        """The base URL as it is stored (cache keys, summary.json, logs): no trailing slash and never a
        secret (a password in it or any query value, such as ``?key=sk-…``, is redacted)."""
        return redact_url(self.base_url).rstrip("/")

    @property
    def secrets(self) -> tuple[str, ...]:
        """Everything ``redact`` must scrub: the key, and any password or query value in the base URL."""
        return (self.api_key, *url_secrets(self.base_url))


def normalize_mode(mode: str) -> str:
    try:
        return _MODE_ALIASES[mode.strip().lower()]
    except KeyError:
        raise ModelConfigError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}") from None


def preset_for(provider: str) -> Preset:
    name = PROVIDER_ALIASES.get(provider.strip().lower(), provider.strip().lower())
    if name not in PRESETS:
        raise ModelConfigError(f"unknown provider {provider!r}: use one of {', '.join(PRESETS)}")
    return PRESETS[name]


def _provider_name(provider: str | None) -> str | None:
    if not provider:
        return None
    return PROVIDER_ALIASES.get(provider.strip().lower(), provider.strip().lower())


def model_configured(
    provider: str | None = None,
    base_url: str | None = None,
    model: str | None = None,
    env: Mapping[str, str] | None = None,
) -> bool:
    """True when the user has pointed the tool at a model (flag or environment)."""
    env = os.environ if env is None else env
    return bool(
        provider
        or base_url
        or model
        or env.get("EXTRACTOR_PROVIDER")
        or env.get("EXTRACTOR_BASE_URL")
        or env.get("EXTRACTOR_MODEL")
    )


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ModelConfigError(f"{name} must be a number, not {raw!r}") from None


def parse_prices(raw: str | None) -> Prices | None:
    """``EXTRACTOR_PRICES="prompt,cached_prompt,completion"`` (per million tokens) or None when unset."""
    if not raw or not raw.strip():
        return None
    try:
        values = [float(v) for v in raw.split(",")]
    except ValueError:
        values = []
    if len(values) != 3 or any(v < 0 for v in values):
        raise ModelConfigError(
            f"EXTRACTOR_PRICES must be three numbers per million tokens (prompt,cached prompt,completion), not {raw!r}"
        )
    return Prices(*values)


def resolve_config(
    provider: str | None = None,
    base_url: str | None = None,
    model: str | None = None,
    mode: str | None = None,
    api_key_env: str | None = None,
    env: Mapping[str, str] | None = None,
) -> ModelConfig:
    """Flags win over environment, environment over the provider preset.

    Key lookup order: the variable named by ``--api-key-env``, ``EXTRACTOR_API_KEY``, the preset's own
    variable (e.g. DEEPSEEK_API_KEY), ``OPENAI_API_KEY``; local presets (vLLM, Ollama) need none.
    """
    env = os.environ if env is None else env
    provider = _provider_name(provider or env.get("EXTRACTOR_PROVIDER"))
    preset = preset_for(provider) if provider else None
    url = base_url or env.get("EXTRACTOR_BASE_URL") or (preset.base_url if preset else None)
    name = model or env.get("EXTRACTOR_MODEL") or (preset.model if preset else None)
    if not url:
        raise ModelConfigError("no model endpoint: set EXTRACTOR_BASE_URL, --base-url or --provider")
    if not name:
        raise ModelConfigError("no model name: set EXTRACTOR_MODEL or --model")
    chosen_mode = normalize_mode(mode or env.get("EXTRACTOR_MODE") or (preset.mode if preset else "json"))
    if api_key_env and not env.get(api_key_env):
        raise ModelConfigError(f"--api-key-env names {api_key_env}, which is not set")
    key_names = [api_key_env, "EXTRACTOR_API_KEY", preset.key_env if preset else None, "OPENAI_API_KEY"]
    key = next((env[n] for n in key_names if n and env.get(n)), None)
    if key is None:
        if preset is not None and preset.key_env is not None:
            raise ModelConfigError(f"no API key: set EXTRACTOR_API_KEY or {preset.key_env}")
        key = LOCAL_KEY
    cache_dir = env.get("EXTRACTOR_CACHE_DIR")
    max_tokens = int(_number(env, "EXTRACTOR_MAX_TOKENS", 4096)) or None
    run_deadline = _number(env, "EXTRACTOR_RUN_DEADLINE", 0.0) or None
    chunk_size = int(_number(env, "EXTRACTOR_CHUNK_SIZE", 0)) or None
    rpm = _limit(env, "EXTRACTOR_RPM", preset.rpm if preset else None)
    tpm = _limit(env, "EXTRACTOR_TPM", preset.tpm if preset else None)
    return ModelConfig(
        base_url=url,
        model=name,
        mode=chosen_mode,
        api_key=key,
        provider=provider,
        fallback_mode=None if chosen_mode == "md_json" else "md_json",
        timeout=_number(env, "EXTRACTOR_TIMEOUT", 120.0),
        max_tokens=max_tokens,
        cache_dir=Path(cache_dir).expanduser() if cache_dir else None,
        retry_deadline=_number(env, "EXTRACTOR_RETRY_DEADLINE", 300.0),
        run_deadline=run_deadline,
        chunk_size=chunk_size,
        prices=parse_prices(env.get("EXTRACTOR_PRICES")),
        rpm=rpm,
        tpm=tpm,
    )


def _limit(env: Mapping[str, str], name: str, default: float | None) -> float | None:
    """A per-minute limit from the environment: unset keeps ``default``, 0 means no limit."""
    if not env.get(name):
        return default
    value = _number(env, name, 0.0)
    if value < 0:
        raise ModelConfigError(f"{name} must be 0 (no limit) or a positive number, not {env[name]!r}")
    return value or None


def url_secrets(url: str) -> tuple[str, ...]:
    """The parts of a URL that may hold a credential: the password and every query value."""
    parts = urlsplit(url)
    found = [value for _, value in parse_qsl(parts.query, keep_blank_values=False)]
    if parts.password:
        found.append(parts.password)
    if parts.username and parts.password is None:
        found.append(parts.username)  # https://sk-…@host: a bare key in the user part
    found += [unquote(v) for v in found if unquote(v) != v]
    return tuple(found)


def redact_url(url: str) -> str:
    """``url`` with its password (or bare user key) and every query value replaced by ``[REDACTED]``."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "[REDACTED]@" + netloc.rsplit("@", 1)[1]
    query = "&".join(f"{name}=[REDACTED]" for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every secret replaced; used on anything logged or stored."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret and secret != LOCAL_KEY and len(secret) >= 4:
            text = text.replace(secret, "[REDACTED]")
    return text


def check_run_limits(config: ModelConfig) -> None:
    """Refuse limits that cannot work: a cost budget without prices, a negative or zero budget."""
    if config.max_cost is not None:
        if config.max_cost <= 0:
            raise ModelConfigError(f"--max-cost must be above 0, not {config.max_cost:g}")
        if config.prices is None:
            raise ModelConfigError(
                "--max-cost needs prices: set EXTRACTOR_PRICES=prompt,cached_prompt,completion (per million tokens, "
                "in the currency of the budget)"
            )
    if config.max_total_tokens is not None and config.max_total_tokens <= 0:
        raise ModelConfigError(f"--max-total-tokens must be above 0, not {config.max_total_tokens}")
    for name, value in (("--rpm", config.rpm), ("--tpm", config.tpm)):
        if value is not None and value < 0:
            raise ModelConfigError(f"{name} must be 0 (no limit) or a positive number, not {value:g}")


def with_run_limits(
    config: ModelConfig,
    rpm: float | None = None,
    tpm: float | None = None,
    max_cost: float | None = None,
    max_total_tokens: int | None = None,
) -> ModelConfig:
    """``config`` with the rate limits and budget given on the command line (flags win over env and
    the preset; ``--rpm 0`` / ``--tpm 0`` lift a preset's limit), checked."""
    changes: dict[str, float | int | None] = {}
    if rpm is not None:
        changes["rpm"] = rpm or None
    if tpm is not None:
        changes["tpm"] = tpm or None
    if max_cost is not None:
        changes["max_cost"] = max_cost
    if max_total_tokens is not None:
        changes["max_total_tokens"] = max_total_tokens
    updated = replace(config, **changes) if changes else config  # type: ignore[arg-type]
    check_run_limits(updated)
    return updated
