"""The year a report plans for, from what the text states.

Ordered from the most to the least direct statement; the first that matches wins. When nothing
matches the year stays unknown (None) and the user can state it with ``--year``.
"""

from __future__ import annotations

import re

_PLAN_HEADING_YEAR = re.compile(r"(20\d\d)年(?:政府)?(?:工作安排|目标任务|重点工作|主要任务|工作任务|经济社会发展)")
_MAIN_TARGETS_YEAR = re.compile(r"(20\d\d)年(?:全[市县区省州旗]|全国)?经济社会发展(?:的)?主要预期(?:目标|指标)")
_YEAR_IS = re.compile(r"(?:^|[。!\n])\s*(20\d\d)年[,,]?是")
_TITLE_YEAR = re.compile(r"(20\d\d)年(?:[^\n]{0,12})?政府工作报告")
_CONGRESS_DATE = re.compile(r"(20\d\d)年\d{1,2}月\d{1,2}日在[^\n]{0,30}人民代表大会")


def detect_year(text: str, title: str | None = None) -> int | None:
    """The plan year stated by the report (headings, main-targets sentence, title, congress date)."""
    for pattern in (_PLAN_HEADING_YEAR, _MAIN_TARGETS_YEAR, _YEAR_IS):
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    for source in (title or "", text[:2000]):
        match = _TITLE_YEAR.search(source)
        if match:
            return int(match.group(1))
    match = _CONGRESS_DATE.search(text)
    if match:
        return int(match.group(1))
    return None
