"""The product package uses instructor and openai through their public API only (issue 11).

Private internals (``instructor.v2.core.*``, ``openai._base_client``, ``client._platform``…) change
without notice between releases and broke on every upgrade; this keeps them from coming back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"
LIBRARIES = ("instructor", "openai")
FORBIDDEN_TEXT = ("instructor.v2", "_base_client", "mode_registry", "prepare_response_model", "apply_template")


def _private(module: str) -> bool:
    parts = module.split(".")
    return parts[0] in LIBRARIES and (
        any(p.startswith("_") for p in parts[1:]) or (parts[0] == "instructor" and "v2" in parts[1:])
    )


def violations(source: str, name: str = "<source>") -> list[str]:
    """Each use of a private module or attribute of instructor/openai in ``source``, as ``name:line: what``."""
    found = [f"{name}: mentions {text}" for text in FORBIDDEN_TEXT if text in source]
    tree = ast.parse(source)
    library_names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES:
                    library_names.add((alias.asname or alias.name).split(".")[0])
                if _private(alias.name):
                    found.append(f"{name}:{node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in LIBRARIES:
                library_names.update(alias.asname or alias.name for alias in node.names)
            if _private(node.module) or any(
                alias.name.startswith("_") for alias in node.names if node.module.split(".")[0] in LIBRARIES
            ):
                found.append(f"{name}:{node.lineno}: imports from {node.module}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
            continue
        base = node.value
        owner = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
        if owner in library_names or owner == "client" or owner.endswith("_client"):
            found.append(f"{name}:{node.lineno}: private attribute {owner}.{node.attr}")
    return found


def test_the_check_catches_the_internals_this_package_once_used() -> None:
    old = (
        "from instructor.v2.core.registry import mode_registry\n"
        "from openai._base_client import get_platform\n"
        "import openai\n"
        "def warm(self):\n"
        "    self.client._platform = get_platform()\n"
        "    openai._make_status_error(1)\n"
    )
    found = violations(old)
    assert any("instructor.v2" in f for f in found) and any("_base_client" in f for f in found)
    assert any("client._platform" in f for f in found) and any("openai._make_status_error" in f for f in found)


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_internals_of_instructor_or_openai(path: Path) -> None:
    assert violations(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE))) == []
