"""Backends: ways to turn a prepared document into records (rules, llm, hybrid).

``make_backend`` is the one place that builds them; the run orchestrator and the Python API only
see the ``DocumentBackend`` interface (``base.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.backends.base import DocumentBackend, DocumentExtraction, RulesBackend

if TYPE_CHECKING:
    import httpx

    from extractor.backends.llm.config import ModelConfig

BACKENDS = ("rules", "llm", "hybrid")

__all__ = ["BACKENDS", "DocumentBackend", "DocumentExtraction", "RulesBackend", "make_backend"]


def make_backend(
    name: str,
    config: ModelConfig | None = None,
    connection: sqlite3.Connection | None = None,
    *,
    concurrency: int = 4,
    use_cache: bool = True,
    cache_path: Path | None = None,
    http_client: httpx.AsyncClient | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    clock: Callable[[], float] | None = None,
) -> DocumentBackend:
    """The backend called ``name``. A model backend needs a ``config`` and a cache location (the run
    folder's ``llm_cache.sqlite`` via ``connection``, or ``cache_path``)."""
    if name == "rules":
        return RulesBackend()
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    from extractor.backends.llm.backend import ModelBackend
    from extractor.backends.llm.cache import cache_path_for
    from extractor.backends.llm.config import resolve_config

    config = config or resolve_config()
    if cache_path is None:
        if connection is None:
            raise ValueError("a model backend needs a run database connection or a cache_path")
        cache_path = cache_path_for(connection, config.cache_dir)
    return ModelBackend(
        config,
        mode=name,
        concurrency=concurrency,
        use_cache=use_cache,
        cache_path=cache_path,
        http_client=http_client,
        sleep=sleep,
        clock=clock,
    )
