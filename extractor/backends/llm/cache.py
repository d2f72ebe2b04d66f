"""Response cache: the raw chat-completion JSON of every chunk the model answered acceptably.

Keyed by endpoint, model, mode, prompt version, schema hash and a hash of what the model saw of the
chunk (text, heading path, year), so any change that could change the answer misses the cache. The
raw response is stored, not the parsed records, and is re-validated on load: a cached answer that no
longer passes the validators is treated as a miss. Each entry is committed as it arrives, so an
interrupted run loses no paid-for answer. Default location: ``llm_cache.sqlite`` in the run folder;
``EXTRACTOR_CACHE_DIR`` shares one cache between run folders.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from extractor.models import Chunk

CACHE_NAME = "llm_cache.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY, endpoint TEXT NOT NULL, model TEXT NOT NULL, mode TEXT NOT NULL,
    prompt_version TEXT NOT NULL, schema_hash TEXT NOT NULL, chunk_hash TEXT NOT NULL,
    response TEXT NOT NULL, created_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class CacheKeyParts:
    endpoint: str
    model: str
    mode: str
    prompt_version: str
    schema_hash: str
    chunk_hash: str

    @property
    def key(self) -> str:
        payload = json.dumps(
            [self.endpoint, self.model, self.mode, self.prompt_version, self.schema_hash, self.chunk_hash]
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chunk_hash(chunk: Chunk) -> str:
    """Hash of everything the prompt shows of a chunk: its text, its parts' spans and heading paths,
    year and section kind."""
    parts = [
        (p.char_start - chunk.char_start, p.char_end - chunk.char_start, p.section_path, p.year)
        for p in chunk.part_spans()
    ]
    payload = json.dumps([chunk.text, parts, chunk.year, chunk.section_kind], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def cache_path_for(connection: sqlite3.Connection, cache_dir: Path | None) -> Path:
    """``cache_dir/llm_cache.sqlite`` when given, else beside the run database."""
    if cache_dir is not None:
        return cache_dir / CACHE_NAME
    row = connection.execute("PRAGMA database_list").fetchone()
    database = row[2] if row is not None else ""
    return (Path(database).parent if database else Path.cwd()) / CACHE_NAME


class ResponseCache:
    """A small SQLite table of raw responses; writes are committed one by one."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # survives a crashed process; no fsync per answer
        self._db.executescript(_SCHEMA)

    def get(self, parts: CacheKeyParts) -> str | None:
        row = self._db.execute("SELECT response FROM responses WHERE key = ?", (parts.key,)).fetchone()
        return row[0] if row else None

    def put(self, parts: CacheKeyParts, raw_response: str) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO responses VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    parts.key,
                    parts.endpoint,
                    parts.model,
                    parts.mode,
                    parts.prompt_version,
                    parts.schema_hash,
                    parts.chunk_hash,
                    raw_response,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )

    def delete(self, parts: CacheKeyParts) -> None:
        with self._db:
            self._db.execute("DELETE FROM responses WHERE key = ?", (parts.key,))

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def close(self) -> None:
        self._db.close()
