"""The one progress bar style the CLI and the model runner share (stderr, counts, time left).

A run's bar is sized in bytes of input, known before the first document is read, so it moves
evenly over short and long reports and its time-left estimate holds from the start, for every
backend; the text beside it counts documents. With a model backend the bar also moves with every
answered chunk (its share of the document's bytes), so a run of a few long reports does not sit at
0 % until the first whole report is back.
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
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[done]}/{task.fields[files]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
