"""Prompt files (``prompts/``) turned into chat messages: a cacheable prefix first, the chunk last.

The prompt is data, not code: a Chinese system prompt, a user template and few-shot examples as
files. Their content hash (with the layout below) is the prompt version that goes into cache keys,
so editing any of them invalidates cached responses.

Providers cache a repeated prompt prefix at a lower price (OpenAI, DeepSeek, Qwen/DashScope and
others do it automatically), so everything that does not depend on the chunk comes first and is
byte-identical across every request of a run: the system message holds the instructions, the worked
examples and (appended by instructor's JSON modes) the compact schema. The user message holds only
the chunk, each section in it opened by a marker line with its heading path and plan year.
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
# How build_messages lays the files out; part of the prompt version, so a layout change misses the cache.
LAYOUT = "system+compact-examples,user:packed-parts:2"
NO_PATH = "报告开头"
PATH_SEPARATOR = ">"
NO_YEAR = "年份未知"
_MARKER = re.compile(r"^【(?P<path>[^】\n]*)｜(?P<year>[^】｜\n]*)】$", flags=re.MULTILINE)
_DEFAULTS = {"direction": "increase"}


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


def marker(heading_path: tuple[str, ...] | list[str], year: int | None) -> str:
    """The line that opens a section inside a chunk: 【heading path｜plan year】."""
    path = PATH_SEPARATOR.join(heading_path) if heading_path else NO_PATH
    return f"【{path}｜{f'{year}年' if year is not None else NO_YEAR}】"


def chunk_body(chunk: Chunk) -> str:
    """The chunk as the model reads it: every part under its marker line, text verbatim."""
    return "\n".join(
        f"{marker(part.section_path, part.year)}\n{text.strip(chr(10))}"
        for part, text in zip(chunk.part_spans(), chunk.part_texts(), strict=True)
        if text.strip()
    )


def render_user(template: str, body: str) -> str:
    """The user message: the chunk between tags (the plan year and heading path are in its markers)."""
    return Template(template).substitute(text=body)


def compact_answer(output: dict[str, Any], year: int | None = None) -> str:
    """An example answer as it goes into the prompt: null fields, default fields and a target year equal
    to the section's plan year left out (the prompt says they may be), no spaces."""
    defaults = {**_DEFAULTS, "target_year": year}
    lists = {
        name: [{k: v for k, v in item.items() if v is not None and defaults.get(k, ...) != v} for item in items]
        for name, items in output.items()
    }
    return json.dumps(lists, ensure_ascii=False, separators=(",", ":"))


def system_message(prompts: PromptSet) -> str:
    """The system prompt followed by the few-shot examples, each as the user message it would be and its answer."""
    parts = [prompts.system, "", "## 六、示例"]
    for number, example in enumerate(prompts.examples, start=1):
        body = f"{marker(example.heading_path, example.year)}\n{example.text}"
        parts += [
            f"### 示例{number}：输入",
            render_user(prompts.user_template, body),
            f"### 示例{number}：输出",
            compact_answer(example.output, example.year),
        ]
    return "\n".join(parts)


_SYSTEM: dict[str, str] = {}


def _system(prompts: PromptSet) -> str:
    """The system message of a prompt set, built once per prompt version: the same string every request."""
    if prompts.version not in _SYSTEM:
        _SYSTEM[prompts.version] = system_message(prompts)
    return _SYSTEM[prompts.version]


def build_messages(chunk: Chunk, prompts: PromptSet | None = None) -> list[dict[str, str]]:
    """The cacheable system message (the same object for every chunk), then the chunk."""
    prompts = prompts or load_prompts()
    return [
        {"role": "system", "content": _system(prompts)},
        {"role": "user", "content": render_user(prompts.user_template, chunk_body(chunk))},
    ]


def chunk_from_message(content: str) -> str | None:
    """The chunk body inside a rendered user message (markers included)."""
    match = re.search(r"<chunk>\n(.*)\n</chunk>", content, flags=re.DOTALL)
    return match.group(1) if match else None


def parts_from_message(content: str) -> list[tuple[list[str], int | None, str]]:
    """(heading path, plan year, text) of every section in a rendered user message; the inverse of
    ``chunk_body``, for servers that stand in for a model in tests and benchmarks."""
    body = chunk_from_message(content)
    if body is None:
        return []
    markers = list(_MARKER.finditer(body))
    found = []
    for here, following in zip(markers, [*markers[1:], None], strict=True):
        text = body[here.end() + 1 : following.start() - 1 if following else len(body)]
        path = here.group("path")
        year = here.group("year").removesuffix("年")
        found.append(
            ([] if path == NO_PATH else path.split(PATH_SEPARATOR), int(year) if year.isdigit() else None, text)
        )
    return found
