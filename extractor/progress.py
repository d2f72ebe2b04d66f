"""The one progress bar style the CLI and the model runner share (stderr, counts, time left).

A run's bar is sized in bytes of input, known before the first document is read, so it moves
evenly over short and long reports and its time-left estimate holds from the start; the text beside
it counts documents.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


def progress_bar(console: Console) -> Progress:
    """Documents done of the total (``done``/``files`` task fields), elapsed and remaining time."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[done]}/{task.fields[files]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
