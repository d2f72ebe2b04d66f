"""The rules' records of one development-corpus report, read once per test session through the public API."""

from __future__ import annotations

from functools import cache

from extractor import Project, Result, Target, extract_file
from extractor.models import Record
from tests.conftest import CORPUS


@cache
def records(stem: str) -> tuple[Record, ...]:
    return tuple(extract_file(CORPUS / "docs" / f"{stem}.txt"))


def projects(stem: str) -> dict[str, Project]:
    return {r.name: r for r in records(stem) if isinstance(r, Project)}


def targets(stem: str) -> list[Target]:
    return [r for r in records(stem) if isinstance(r, Target)]


def results(stem: str) -> list[Result]:
    return [r for r in records(stem) if isinstance(r, Result)]
