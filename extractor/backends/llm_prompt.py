"""Prompt files (``prompts/``) turned into chat messages for one chunk.

The prompt is data, not code: a Chinese system prompt, a user template and few-shot examples as
files. Their content hash is the prompt version that goes into cache keys, so editing any of them
invalidates cached responses. Instructor renders messages as Jinja templates when a validation
context is given, so every message is escaped here and comes out of that rendering unchanged.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any

from extractor.models import Chunk
from extractor.resources import data_dir

PROMPTS_DIR = data_dir("prompts")
_JINJA_OPENERS = re.compile(r"\{[{%#]")
# How build_messages lays the files out; part of the prompt version, so a layout change misses the cache.
LAYOUT = "system+examples,user:1"


@dataclass(frozen=True)
class Example:
    """A few-shot example: a chunk and the answer a careful coder would give."""

    name: str
    heading_path: tuple[str, ...]
    year: int | None
    section_kind: str
    text: str
    output: dict[str, Any]


@dataclass(frozen=True)
class PromptSet:
    system: str
    user_template: str
    examples: tuple[Example, ...]
    version: str


def escape_jinja(text: str) -> str:
    """Make ``text`` render to itself under Jinja: each ``{{``, ``{%`` or ``{#`` becomes a string literal."""
    return _JINJA_OPENERS.sub(lambda m: "{{ '" + m.group(0) + "' }}", text)


def prompt_version(directory: Path = PROMPTS_DIR) -> str:
    """Hash of every file under ``prompts/`` (path and content, in path order) and of the message layout."""
    digest = hashlib.sha256(LAYOUT.encode("utf-8") + b"\0")
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest.update(path.relative_to(directory).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def load_example(path: Path) -> Example:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Example(
        name=path.stem,
        heading_path=tuple(data["heading_path"]),
        year=data.get("year"),
        section_kind=data.get("section_kind", "plan"),
        text=data["text"],
        output=data["output"],
    )


@lru_cache(maxsize=4)
def load_prompts(directory: Path = PROMPTS_DIR) -> PromptSet:
    examples = tuple(load_example(p) for p in sorted((directory / "examples").glob("*.json")))
    return PromptSet(
        system=(directory / "system.md").read_text(encoding="utf-8").strip(),
        user_template=(directory / "user.md").read_text(encoding="utf-8").strip(),
        examples=examples,
        version=prompt_version(directory),
    )


def render_user(
    template: str, heading_path: tuple[str, ...] | list[str], year: int | None, section_kind: str, text: str
) -> str:
    """The user message: heading path and inferred year as context, then the chunk between tags."""
    return Template(template).substitute(
        heading_path=" > ".join(heading_path) if heading_path else "（无，报告开头）",
        year=str(year) if year is not None else "未知",
        section_kind=section_kind,
        text=text.strip("\n"),
    )


def system_message(prompts: PromptSet) -> str:
    """The system prompt followed by the few-shot examples, each as the user message it would be and its answer.

    Examples live in the system message rather than as extra turns: instructor compiles every message
    as a Jinja template on every call, and two messages cost a third of six.
    """
    parts = [prompts.system, "", "## 五、示例"]
    for number, example in enumerate(prompts.examples, start=1):
        parts += [
            "",
            f"### 示例{number}：输入",
            render_user(prompts.user_template, example.heading_path, example.year, example.section_kind, example.text),
            f"### 示例{number}：输出",
            json.dumps(example.output, ensure_ascii=False),
        ]
    return "\n".join(parts)


def build_messages(chunk: Chunk, prompts: PromptSet | None = None) -> list[dict[str, str]]:
    """System prompt with examples, then the chunk; every content string Jinja-escaped."""
    prompts = prompts or load_prompts()
    user = render_user(prompts.user_template, chunk.section_path, chunk.year, chunk.section_kind, chunk.text)
    return [
        {"role": "system", "content": escape_jinja(system_message(prompts))},
        {"role": "user", "content": escape_jinja(user)},
    ]


def chunk_from_message(content: str) -> str | None:
    """The chunk text inside a rendered user message (used by the fake server)."""
    match = re.search(r"<chunk>\n(.*)\n</chunk>", content, flags=re.DOTALL)
    return match.group(1) if match else None
