"""Where the top-level ``prompts/`` and ``schemas/`` folders are, installed or not.

The project layout keeps both folders at the top of the repository. A wheel ships them inside the
package as ``extractor/_data/prompts`` and ``extractor/_data/schemas`` (hatchling's force-include,
see pyproject.toml); an editable install or a source checkout reads them where they are. Every
module that needs one of them asks here, so an installed wheel behaves like the checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

DataFolder = Literal["prompts", "schemas"]
_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def data_dir(name: DataFolder) -> Path:
    """The folder ``prompts`` or ``schemas``: packaged copy first, then the source checkout."""
    packaged = Path(str(files("extractor"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    source = _SOURCE_ROOT / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"the {name}/ folder is neither packaged in extractor/_data nor in {_SOURCE_ROOT}")
