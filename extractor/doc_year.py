"""The year a report plans for, from what the text states.

Ordered from the most to the least direct statement; the first that matches wins:
the title (2019年XX县政府工作报告) unless the report's own congress line at the top names another year,
the congress line (2019年1月20日 or 二〇一九年一月二十日在…人民代表大会…上), the
National People's Congress session (第十三届全国人民代表大会第三次会议 → 2020), the plan headings
and the main-targets sentence (2023年工作安排, 2023年经济社会发展主要预期目标), a review heading
(2022年工作回顾 → 2023), a date line or news dateline near the top (2020-05-29, 12月 → the next year:
congresses held in late December adopt the next year's plan), and finally "2023年是…".
When nothing matches the year stays unknown (None) and the caller warns; ``--year`` states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor import genre
from extractor.numbers import parse_number

_HEAD = 1500
_TITLE_YEAR = re.compile(rf"({genre.YEAR})年(?:[^\n。]{{0,16}})?政府工作报告|政府工作报告\s*[(（]?\s*({genre.YEAR})年")
_CONGRESS_DATE = re.compile(
    rf"({genre.YEAR})年(\d{{1,2}})月\d{{1,2}}日\s*(?:在|于)?[^\n。]{{0,40}}?(?:人民代表大会|[一二三四五六七八九十]+届人大)"
)
"""2019年1月14日在…人民代表大会…上; also without 在 ("2017年1月12日沈阳市第十五届人民代表大会…") or with the congress
shortened ("2002年12月28日在哈尔滨市十二届人大一次会议上")."""
_NPC_SESSION = re.compile(
    r"在\s*(?:第?([十一二三四五六七八九]+)届全国人民代表大会第?([一二三四五六七八九十]+)次会议|([十一二三四五六七八九]+)届全国人大([一二三四五六七八九十]+)次会议)"
)
"""The national report's own congress line ("在第十三届全国人民代表大会第三次会议上"); not a session a local report
recalls in its opening ("习近平总书记参加十三届全国人大二次会议河南代表团审议", 河南 2020)."""
_PLAN_HEADING_YEAR = re.compile(
    rf"(?<!回顾)(?<!回顾了)(?<!总结)(?<!总结了)({genre.YEAR})年(?:主要工作|(?:政府)?(?:工作安排|目标任务|重点工作|主要任务|工作任务|工作主要任务|工作重点任务|工作总体要求|工作的总体要求|"
    r"经济社会发展(?:的)?总体要求|经济社会发展(?:的)?主要目标))"
)
"""A heading of the year's plan ("二、2023年工作安排", "三、2016年主要工作", "三、2021年政府工作主要任务" (六盘水 2021); not
"回顾了2017年政府主要工作")."""
_PART_YEAR = re.compile(
    r"^[ \t]*(?P<number>[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分[ \t]*)?[ \t]*"
    rf"({genre.YEAR})年(?:的)?(?:(?:政府)?工作的?|(?:全[市县区省州旗盟]|全国)?经济社会发展的?)?"
    r"(?:(?P<work>主要工作)(?!回顾|和|及|成效|成就|情况|完成)|工作安排|目标任务|重点工作|主要任务|工作任务|重点任务|总体要求|主要目标|"
    r"目标要求|目标和重点|形势和主要工作|主要预期目标)",
    re.MULTILINE,
)
"""A part's title naming the year's work, at the start of its line ("三、2008年政府工作的目标和重点", 贵州 2008; "二、2005年工作的
主要任务", 北京 2005; "二、2022年经济社会发展的目标要求", 内蒙古 2022; "三、2016年的主要工作", 陕西 2016). A review may be titled
so too ("一、2013年主要工作", 浙江 2014; "一、2009年的主要工作", 宁波 2010), before the part planning the next year: the
latest such title is the plan's, and a first part titled only 主要工作 is the review (海南 2007's "一、2006年的主要工作")."""
_MAIN_TARGETS_YEAR = re.compile(
    rf"({genre.YEAR})年(?:全[市县区省州旗盟]|全国)?经济社会发展(?:的)?主要(?:预期)?(?:目标|指标)"
)
_REVIEW_HEADING_YEAR = re.compile(
    rf"({genre.YEAR})年(?:政府)?工作的?(?:简要)?回顾|({genre.YEAR})年和[“\"]?十[一二三四五六]?五[”\"]?(?:发展|工作)?回顾"
)
"""A review's heading: "2022年工作回顾", "2005年和“十五”发展回顾" (龙岩 2006)."""
_PLAN_REVIEW_HEADING = re.compile(r"[“\"]?十([一二三四五六])五[”\"]?(?:时期)?[^。\n]{0,12}回顾")
"""A five-year plan reviewed in a heading ("一、“十二五”时期经济社会发展回顾", 邯郸 2016; "一、“十三五”工作回顾", 六盘水 2021): the
report plans the year after."""
_DATE = re.compile(rf"({genre.YEAR})\s*(?:年|-|/|\.)\s*(\d{{1,2}})\s*(?:月|-|/|\.)\s*(\d{{1,2}})")
_THIS_YEAR_IS = re.compile(rf"今年\s*[(（]\s*({genre.YEAR})\s*年?\s*[)）]")
_NAMED_YEAR = re.compile(rf"(?<![到至前—－~\-])({genre.YEAR})年(?![底末前])")
"""A year named in passing; not the end of a span ("启动了2005—2007年扶贫开发整村推进计划", 龙岩 2006) or a horizon (到2010年)."""
_PAST_WORDS = re.compile(r"完成|实现|达到|增长|突破|取得|获得|圆满|回升|下降|预计|有望|是极不平凡")
_REVIEWED = re.compile(r"回顾了?|总结了?")
_YEAR_AHEAD = re.compile(r"是[^。;；!?\n]{0,50}?(?:之年|一年)")
"""How a report names the year it plans ("…是全面建成小康社会关键之年"); a year reviewed is named so too, with a word of the
past ("是全面完成“十二五”规划的收官之年", "是极不平凡的一年") or with its results elsewhere, which win."""


_COMPLETED_BEFORE = re.compile(r"(?:完成|实现|落实)了?(?:全市|全县|全区|全省)?$")
_COMPLETED_AFTER = re.compile(r"的?(?:全面|圆满|胜利)?(?:完成|落实)")


def _completed(text: str, match: re.Match[str]) -> bool:
    """A year's work named as done, in a review ("各位代表,2010年工作任务的完成,标志着…", 三明 2011; "完成了2010年目标任务"):
    not the year a plan heading names."""
    return bool(_COMPLETED_BEFORE.search(text, max(0, match.start() - 8), match.start())) or bool(
        _COMPLETED_AFTER.match(text, match.end())
    )


@dataclass(frozen=True)
class YearReading:
    """The plan year and the statement it was read from (None and a reason when unknown)."""

    year: int | None
    source: str


def _npc_year(term: str, session: str) -> int | None:
    """The 9th NPC first met in 1998 and each term lasts five years: 第十三届…第三次会议 → 2020."""
    parsed_term, parsed_session = parse_number(term), parse_number(session)
    if parsed_term is None or parsed_session is None:
        return None
    term_number, session_number = int(parsed_term), int(parsed_session)
    if not 9 <= term_number <= 20 or not 1 <= session_number <= 5:
        return None
    return 1998 + 5 * (term_number - 9) + session_number - 1


def _congress_year(year: int, month: int) -> int:
    """Congresses held in November or December adopt the next year's plan (兰州 "2011年11月15日在兰州市第十五届人民代表大会…")."""
    return year + 1 if month >= 11 else year


_CN_YEAR_DIGITS = {
    "〇": "0",
    "0": "0",
    "零": "0",
    "○": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_CONGRESS_DATE_CN = re.compile(
    r"((?:二[〇零○0]|一九)[〇零○0一二三四五六七八九]{2})年([一二三四五六七八九十]{1,3})月[一二三四五六七八九十]{1,3}日\s*(?:在|于)"
    r"[^\n]{0,40}?人民代表大会"
)


def _opening_congress_date(head: str) -> tuple[int, int] | None:
    """The year and month of the congress line at the top of a report, in figures (2019年1月14日在…人民代表大会…上) or
    in Chinese numerals as official texts write it (二〇一九年一月十四日在…)."""
    figures = _CONGRESS_DATE.search(head)
    if figures:
        return int(figures.group(1)), int(figures.group(2))
    numerals = _CONGRESS_DATE_CN.search(head)
    if numerals:
        month = parse_number(numerals.group(2))
        year = int("".join(_CN_YEAR_DIGITS[c] for c in numerals.group(1)))
        return (year, int(month)) if month is not None else None
    return None


def _opening_congress_year(head: str) -> int | None:
    """The plan year the congress line at the top of a report gives (``_congress_year``)."""
    date = _opening_congress_date(head)
    return _congress_year(*date) if date is not None else None


def delivered_the_year_before(text: str, plan_year: int | None) -> bool:
    """Whether the report was delivered in the November or December before its plan year and speaks of the years so:
    its congress line is dated then ("2022年12月28日在自贡市第十八届人民代表大会第二次会议上") and it writes 明年 for the
    plan year ("明年经济运行有望总体回升"), so its 今年 is the year under review (``genre.as_read_the_year_before``). 129 of the
    2,942 scanned reports were delivered so; some of them still call the plan year 今年 and never write 明年 (银川 2017's
    "今年主要预期目标"): those are read as written."""
    if plan_year is None or "明年" not in text:
        return False
    date = _opening_congress_date(text[:_HEAD])
    return date is not None and date[0] == plan_year - 1 and date[1] >= 11


def read_year(text: str, title: str | None = None) -> YearReading:
    """The plan year stated by the report, and where it was read."""
    head = text[:_HEAD]
    this_year = _THIS_YEAR_IS.search(text)
    if this_year:
        return YearReading(int(this_year.group(1)), "今年(20XX年)")
    opening = _opening_congress_year(head)
    for source in (title or "", head):
        match = _TITLE_YEAR.search(source)
        if match:
            year = int(match.group(1) or match.group(2))
            if opening is not None and opening != year:
                # "标题：2018年河北省政府工作报告" above "二〇一九年一月十四日在河北省第十三届人民代表大会第二次会议上":
                # a site's label may name the year reviewed; the report's own congress line does not err.
                return YearReading(opening, "congress date (the title says another year)")
            return YearReading(year, "title")
    if opening is not None:
        return YearReading(opening, "congress date")
    match = _CONGRESS_DATE.search(text)
    if match:
        return YearReading(_congress_year(int(match.group(1)), int(match.group(2))), "congress date")
    npc = _NPC_SESSION.search(head)  # in a local report's body it is last year's national congress
    if npc:
        term, session = (npc.group(1), npc.group(2)) if npc.group(1) else (npc.group(3), npc.group(4))
        npc_year = _npc_year(term, session)
        if npc_year is not None:
            return YearReading(npc_year, "NPC session")
    part_years = [
        int(m.group(2)) for m in _PART_YEAR.finditer(text) if not (m.group("work") and m.group("number") == "一、")
    ]
    if part_years:
        return YearReading(max(part_years), "plan heading")
    plan_years = [int(m.group(1)) for m in _PLAN_HEADING_YEAR.finditer(text) if not _completed(text, m)]
    plan_years += [int(m.group(1)) for m in _MAIN_TARGETS_YEAR.finditer(text)]
    if plan_years:
        return YearReading(min(plan_years), "plan heading")
    review = _REVIEW_HEADING_YEAR.search(text)
    if review:
        return YearReading(int(review.group(1) or review.group(2)) + 1, "review heading")
    plan_review = _PLAN_REVIEW_HEADING.search(text)
    end = genre.plan_end_year(plan_review.group(1)) if plan_review else None
    if end is not None:
        return YearReading(end + 1, "review heading of a five-year plan")
    for date in _DATE.finditer(head):
        month = int(date.group(2))
        if 1 <= month <= 12:
            return YearReading(_congress_year(int(date.group(1)), month), "date line")
    latest = _latest_named_year(text)
    if latest is not None:
        return latest
    return YearReading(None, "no title, congress date, plan heading or date line states the year")


def _latest_named_year(text: str) -> YearReading | None:
    """A digest that names years only in passing: the latest year it names is the plan year when a
    goal follows it ("2025年,全县将…"), or the year just reviewed when results follow ("2024年,长丰县…
    圆满完成全年目标任务" → 2025; "回顾了2017年政府主要工作" → 2018)."""
    named = [m for m in _NAMED_YEAR.finditer(text)]
    if not named:
        return None
    latest = max(int(m.group(1)) for m in named)
    verdicts = set()
    for match in named:
        if int(match.group(1)) != latest:
            continue
        if _REVIEWED.search(text, max(0, match.start() - 4), match.start()):
            verdicts.add("past")
            continue
        end = match.end()
        stop = re.search(r"[。;；!?\n]", text[end:])
        sentence = text[end : end + (stop.start() if stop else 60)][:60]
        goal = genre.goal_cue(sentence)
        past = _PAST_WORDS.search(sentence)
        if goal is not None and (past is None or goal < past.start()):
            verdicts.add("goal")
        elif past is not None:
            verdicts.add("past")
        elif _YEAR_AHEAD.match(sentence):
            verdicts.add("described")
    if "goal" in verdicts:
        return YearReading(latest, "latest year named, with a goal")
    if "past" in verdicts:
        return YearReading(latest + 1, "year after the latest one reviewed")
    if "described" in verdicts:
        # "2019年是新中国成立70周年,也是我市全面建成小康社会关键之年" (韶关 2019): the year ahead, described, when nothing
        # reports it; "2010年是“十一五”收官之年" above a review of 2010 (金华 2011) is the year reviewed
        return YearReading(latest, "latest year named, described as the year ahead")
    return None


def detect_year(text: str, title: str | None = None) -> int | None:
    """The plan year stated by the report (see ``read_year``)."""
    return read_year(text, title).year
