"""Where the model lives: endpoint, model name, mode and key, from flags, environment and presets;
with the packed chunk size and, when the user gives them, token prices for the cost estimate.

Kept free of heavy imports (no openai / instructor) so the CLI can ask ``model_configured`` on every
run cheaply. The API key is held in a field excluded from ``repr`` and is never written anywhere;
``redact`` scrubs it from any text that might be logged or stored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    """A provider's OpenAI-compatible base URL, a default model, a mode known to work and its key variable."""

    base_url: str
    model: str | None
    mode: str
    key_env: str | None


# Modes follow each provider's documented support for response_format={"type": "json_object"};
# Zhipu's support varies by model, so its preset asks for a fenced JSON block instead.
PRESETS: dict[str, Preset] = {
    "openai": Preset("https://api.openai.com/v1", "gpt-4o-mini", "json", "OPENAI_API_KEY"),
    "deepseek": Preset("https://api.deepseek.com/v1", "deepseek-chat", "json", "DEEPSEEK_API_KEY"),
    "qwen": Preset("https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus", "json", "DASHSCOPE_API_KEY"),
    "moonshot": Preset("https://api.moonshot.cn/v1", "moonshot-v1-8k", "json", "MOONSHOT_API_KEY"),
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
    )


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
