"""The model-response cache key: every part that can change the answer changes the key, and nothing else.

A part left out of the key would serve one chunk's cached answer for another (a 2023 answer for the
2024 report, a review section's answer for a plan section), so each part is varied on its own here,
on real chunks of a seed.
"""

from __future__ import annotations

import dataclasses

import pytest

from extractor.pipeline import prepare
from tests.conftest import SEEDS

try:  # the model backend is moving to extractor/backends/llm/
    from extractor.backends.llm.cache import CacheKeyParts, chunk_hash
except ImportError:
    from extractor.backends.llm_cache import CacheKeyParts, chunk_hash

CHUNKS = prepare(next(SEEDS.glob("003_*.txt"))).chunks
PLAN = next(c for c in CHUNKS if c.section_kind == "plan" and c.year is not None and c.section_path)
BASE = CacheKeyParts("https://api.example.invalid/v1", "model-a", "json", "prompt-1", "schema-1", chunk_hash(PLAN))


@pytest.mark.parametrize(
    ("field", "other"),
    [
        ("endpoint", "https://other.example.invalid/v1"),
        ("model", "model-b"),
        ("mode", "md_json"),
        ("prompt_version", "prompt-2"),
        ("schema_hash", "schema-2"),
        ("chunk_hash", chunk_hash(CHUNKS[-1])),
    ],
)
def test_every_part_of_the_key_changes_it(field: str, other: str) -> None:
    assert getattr(BASE, field) != other
    assert dataclasses.replace(BASE, **{field: other}).key != BASE.key


def test_the_key_is_a_stable_hex_digest() -> None:
    assert BASE.key == dataclasses.replace(BASE).key
    assert len(BASE.key) == 64 and int(BASE.key, 16) >= 0


@pytest.mark.parametrize(
    ("field", "other"),
    [
        ("text", PLAN.text + "。"),
        ("section_path", [*PLAN.section_path, "（一）"]),
        ("year", PLAN.year + 1),  # type: ignore[operator]
        ("year", None),
        ("section_kind", "review"),
    ],
)
def test_everything_the_prompt_shows_of_a_chunk_changes_its_hash(field: str, other: object) -> None:
    assert chunk_hash(PLAN.model_copy(update={field: other})) != chunk_hash(PLAN)


@pytest.mark.parametrize(("field", "other"), [("doc_id", "another-document"), ("index", 99), ("report_year", 1999)])
def test_what_the_prompt_does_not_show_does_not_change_the_hash(field: str, other: object) -> None:
    """The same paragraph in two files (a re-scrape, a digest) is one model answer."""
    assert chunk_hash(PLAN.model_copy(update={field: other})) == chunk_hash(PLAN)


def test_the_same_chunk_elsewhere_in_a_longer_file_has_the_same_hash() -> None:
    shift = 1000
    moved = PLAN.model_copy(
        update={
            "char_start": PLAN.char_start + shift,
            "char_end": PLAN.char_end + shift,
            "parts": [
                p.model_copy(update={"char_start": p.char_start + shift, "char_end": p.char_end + shift})
                for p in PLAN.part_spans()
            ],
        }
    )
    assert chunk_hash(moved) == chunk_hash(PLAN)


def test_where_the_sections_of_a_packed_chunk_meet_changes_its_hash() -> None:
    """The prompt shows each part's heading path and year from where it starts in the chunk."""
    from extractor.chunks import pack_chunks

    prepared = prepare(next(SEEDS.glob("003_*.txt")))
    packed = next((c for c in pack_chunks(prepared.document, prepared.sections) if len(c.parts) >= 2), None)
    assert packed is not None
    first, second = packed.parts[0], packed.parts[1]
    moved = packed.model_copy(
        update={
            "parts": [
                first.model_copy(update={"char_end": first.char_end - 1}),
                second.model_copy(update={"char_start": second.char_start - 1}),
                *packed.parts[2:],
            ]
        }
    )
    assert chunk_hash(moved) != chunk_hash(packed)
    renamed = packed.model_copy(
        update={"parts": [first.model_copy(update={"section_path": ["另一节"]}), *packed.parts[1:]]}
    )
    assert chunk_hash(renamed) != chunk_hash(packed)


def test_two_real_chunks_have_different_hashes() -> None:
    assert len({chunk_hash(c) for c in CHUNKS}) == len(
        {(c.text, tuple(c.section_path), c.year, c.section_kind) for c in CHUNKS}
    )


def test_the_hash_format_is_pinned_so_old_caches_stay_valid() -> None:
    """A change of the hash format (ASCII escapes, field order) silently turns every user's cache into
    misses: paid-for answers are asked again. The format is JSON of what the prompt shows (text, each
    part's span within the chunk, heading path and year, the chunk's year and section kind), UTF-8,
    SHA-256."""
    import hashlib
    import json

    parts = [
        (p.char_start - PLAN.char_start, p.char_end - PLAN.char_start, p.section_path, p.year)
        for p in PLAN.part_spans()
    ]
    payload = json.dumps([PLAN.text, parts, PLAN.year, PLAN.section_kind], ensure_ascii=False)
    assert chunk_hash(PLAN) == hashlib.sha256(payload.encode("utf-8")).hexdigest()
    key_parts = [BASE.endpoint, BASE.model, BASE.mode, BASE.prompt_version, BASE.schema_hash, BASE.chunk_hash]
    assert BASE.key == hashlib.sha256(json.dumps(key_parts).encode("utf-8")).hexdigest()
