"""Stage 2: the heading tree of a cleaned report, each section classified and dated.

Reports mix past results and plans in one document. The review/plan split and the year a plan
section refers to are what keep last year's results and five-year averages out of the targets,
so they are decided here, once, from headings first and section content second.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extractor import genre
from extractor.models import Section, SectionKind

_CN_NUM = "一二三四五六七八九十"
_HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^(?:[{_CN_NUM}]{{1,3}}、|第[{_CN_NUM}]{{1,3}}部分|-{{2}}(?=[\u4e00-\u9fff]))")),
    (2, re.compile(rf"^[(][{_CN_NUM}]{{1,3}}[)]")),
    (3, re.compile(r"^\d{1,2}(?:[.、](?!\d)|\s)")),
    (1, re.compile(r"^[■◆▲](?=[^。！？!?]{2,30}$)")),
]
"""■ ◆ ▲ open a short title line in news digests ("■ 2024年成绩单", "■ 2025年经济社会发展的主要预期目标")."""
_LEAD_SENTENCE = re.compile(r"^([^。!?;:,\d]{3,24})。(?=\S)")
"""A short opening sentence that names the topic of a paragraph: "深化科技创新。实施…"."""

_HEADLINE_WORDS = re.compile(genre.MAIN_TARGETS_WORDS)
_REVIEW_HEADING = re.compile(
    r"回顾|回首|过去的?[一五两三十]?年|[一二三四五两]年来|工作总结|取得的成绩|主要成绩|成绩与|成就|成绩单|执行情况|完成情况|"
    r"以来的?工作|成立以来|本届政府的?主要工作"
)
"""Review words of a part title; also "一、“十一五”规划执行情况和政府主要工作" (宁波 2011), "一、“十二五”规划完成情况" (甘南 2016),
"一、新一届政府成立以来的工作" (衡水 2022), "一、四年来的主要工作" (银川 2017), "一、本届政府的主要工作" (乌兰察布 2022),
"三、过去的一年,我们注重内涵提升的实效…" (镇江 2020)."""
_DIFFICULTIES_HEADING = re.compile(
    rf"^(?:[(（]?[{_CN_NUM}]{{1,3}}[)）、])?(?:当前|目前)?(?:面临的|存在的)?(?:主要)?(?:困难|问题|挑战|矛盾)"
)
"""A part on the present difficulties ("(一)困难压力来自新冠肺炎疫情冲击严重", "二、面临的挑战机遇和今后五年的目标任务",
大理 2022) states facts, never goals; its title opens with them ("着力解决…问题" solves them: a plan)."""
_PLAN_HEADING_WORDS = re.compile(
    r"目标任务|工作安排|重点工作|主要任务|重点任务|今后五年|未来五年|总体要求|发展目标|奋斗目标|主要目标|预期目标|工作建议|任务安排"
)
_PLAN_HEADING = re.compile(
    rf"{_PLAN_HEADING_WORDS.pattern}|(?:{genre.YEAR}|今)年(?:政府)?(?:的)?(?:主要|重点)?工作|明年"
)
"""A plan's heading words; 明年 is the plan year in a report delivered in December ("“十三五”蓝图为明年开局指明奋进方向", 怀化
2016, delivered on 2015-12-29 after "今年工作为“十二五”发展赢得圆满收官")."""
_PLAN_NAMED = r"[“\"]?十([一二三四五六七])五[”\"]?"
"""A five-year plan as the text names it, quoted or not (“十三五”), its number captured for ``genre.plan_end_year``."""
_FIVE_YEAR = re.compile(rf"今后五年|未来五年|{_PLAN_NAMED}(?:时期|期间)|第十([一二三四五六七])个五年(?:规划|计划)")
_FIVE_YEAR_PART = re.compile(
    rf"^(?:[{_CN_NUM}]{{1,3}}、|[(（][{_CN_NUM}]{{1,3}}[)）])?(?:关于)?{_PLAN_NAMED}(?:经济社会)?(?:发展)?的?"
    r"(?:主要|总体|奋斗|基本)?(?:发展)?(?:目标|任务|思路|指导思想|规划|要求)"
)
"""A part titled for a five-year plan without 时期 ("二、“十四五”发展主要目标任务", "二、“十三五”发展的指导思想和目标任务",
"二、“十四五”规划和2035年远景目标的总体考虑": some sixty lawtext reports title it so): about the plan's last year. Only a title
opening on the plan: "四、加强政府建设，确保“十一五”目标任务圆满完成" (泉州 2006) and "今年是实施“十五五”规划的开局之年" (贵州 2026)
are about this year's work."""
_PLAN_CARRIED_OUT = re.compile(rf"实施{_PLAN_NAMED}(?:规划|计划)(?!纲要)")
"""A numbered part about carrying out a five-year plan sets goals for its end: "二、实施“十二五”规划,全力推进三明科学发展、跨越
发展" (三明 2011). Not a paragraph's lead sentence: "今年是实施“十五五”规划的开局之年。" (贵州 2026) is about the year."""
_BY_YEAR = re.compile(rf"到({genre.YEAR})年")
_YEAR = re.compile(rf"({genre.YEAR})年")
_REVIEW_MARKERS = re.compile(
    r"完成了|实现了|增长了|比上年|较上年|同比增长|年均增长|累计|预计|达到了|获评|荣获|创成|入选"
)
_PLAN_MARKERS = re.compile(r"力争|确保|争取|将|要|加快|推进|实施|深化|推动|全面|打造|新增|计划|预期|建议|今年|全年")


@dataclass(frozen=True)
class Heading:
    """A heading line found in the text."""

    level: int
    start: int
    title: str


def find_headings(text: str) -> list[Heading]:
    """Headings at line starts, from 一、 down to paragraph lead sentences."""
    headings: list[Heading] = []
    offset = 0
    slogan_titled: list[tuple[int, str]] = []
    in_targets_list = False
    for line in text.split("\n"):
        heading = _heading_of_line(line)
        if line.strip():
            in_targets_list = _lists_main_targets(line) or (in_targets_list and line.startswith("——"))
        if in_targets_list and heading is not None and heading[0] == _LEAD_LEVEL:
            heading = None  # "——综合实力再上台阶。生产总值年均增长8.5%左右…" under "…的主要目标是:": one of the listed targets
        if heading is not None:
            level, title = heading
            headings.append(Heading(level=level, start=offset, title=title))
        elif slogan := _SLOGAN_TITLE.match(line.strip()):
            slogan_titled.append((offset, slogan.group("title")))
        offset += len(line) + 1
    return _with_slogan_siblings(headings, slogan_titled)


def _lists_main_targets(line: str) -> bool:
    """A line that opens a list of main targets on a colon ("提出今后五年全市经济社会发展的主要目标(以下数据均不含寿县):", 六安
    2016; "经济社会发展的主要预期目标是：", 哈尔滨 2008): the "——" lines after it, each opening on a short sentence
    ("——综合实力再上台阶。生产总值年均增长8.5%左右…"), are its items, not paragraphs with a topic of their own, so they stay
    in the section of the line that lists them (``genre.headline_spans`` reads them there; about a hundred lawtext reports
    write their main targets so)."""
    stripped = line.rstrip()
    return stripped.endswith((":", "：")) and genre.HEADLINE_LEAD.search(stripped) is not None


def _with_slogan_siblings(headings: list[Heading], candidates: list[tuple[int, str]]) -> list[Heading]:
    """Parts titled "slogan:title" ("站在新起点:2012年工作回顾", "开启新征程:确保…强势开局", "塑造新形象:全面加强政府自身建设",
    阜平 2013) are written in one form: once one of them names a review or a plan, the lines of the same form are
    its sibling parts, whatever their titles name."""
    if not candidates or not any(classify_heading(title) is not None for _, title in candidates):
        return headings
    parts = [Heading(level=0, start=start, title=title) for start, title in candidates]
    return sorted([*headings, *parts], key=lambda heading: heading.start)


def _heading_of_line(line: str) -> tuple[int, str] | None:
    for level, pattern in _HEADING_PATTERNS:
        if pattern.match(line):
            first = re.split(r"[。!?]", line, maxsplit=1)[0]
            if len(first) <= 60:
                return level, first.lstrip("-■◆▲ ").strip()
            return level, line[:40].lstrip("-").strip()
    title = line.strip()
    if _YEAR_TITLE.match(title):
        return 0, title  # "2018年:铆足干劲抓落实" … "2019年:砥砺前行开新局" (韶关 2019): the report's two parts
    if genre.NOTES_HEADING.match(title) or genre.APPENDIX_HEADING.match(title):
        return 0, title  # a glossary or an annex is a part of its own, above the 1./一、 entries it holds
    if _TITLE_LINE.match(title) and "报告" not in title and classify_heading(title) is not None:
        # An unnumbered title naming a period is a part above 一、 ("“十四五”时期工作回顾", "2026年重点工作",
        # "过去五年回顾和2002年工作情况" before its 一、…六、); one naming none heads a list inside the
        # current part ("主要目标" under "二、“十五五”时期的主要目标和重点任务").
        return (0 if _PERIOD_IN_TITLE.search(title) else 3), title
    labelled = _LABELLED_TITLE.match(title)
    if labelled and "报告" not in labelled.group("title") and classify_heading(labelled.group("title")) is not None:
        # A digest's part under its own label ("2023“两会”解读政府工作报告要点之一:2022年工作回顾", 泽州 2023)
        tail = labelled.group("title")
        return (0 if _PERIOD_IN_TITLE.search(tail) else 3), tail
    lead = _LEAD_SENTENCE.match(line)
    if lead:
        return _LEAD_LEVEL, lead.group(1)
    return None


_YEAR_TITLE = re.compile(rf"^({genre.YEAR})年[:：][^。！？!?；;，,]{{2,20}}$")
"""A part titled by its year and a slogan: the year reviewed or the year planned, told by the report's year."""
_SLOGAN_TITLE = re.compile(
    r"^[\u4e00-\u9fff“”]{3,12}[:：](?P<title>(?=[^。！？!?；;，,：:、]*[\u4e00-\u9fff]{2})[^。！？!?；;，,：:、]{4,30})$"
)
"""A part's title after a slogan and a colon: "站在新起点:2012年工作回顾" (阜平 2013). Not a page's metadata line
("发文时间:2010-01-18", "报告人:…"), whose label is shorter or whose value names no review or plan."""
_LABELLED_TITLE = re.compile(
    r"^[^。！？!?；;]{2,40}?(?:要点|解读|之[一二三四五六七八九十])[:：](?P<title>[^。！？!?；;，,：:、]{4,30})$"
)


_LEAD_LEVEL = 4


_PERIOD_IN_TITLE = re.compile(
    rf"{genre.YEAR}年|十[一二三四五六七]五|[今过未本近][后去来届][一二三四五十]?年|今年|本届|回顾"
)
_TITLE_LINE = re.compile(r"^[^。！？!?；;，,：:、]{4,30}$")
"""A short line without sentence or clause marks: a title when it names a review or a plan (reports and
their reprints often write their parts unnumbered: "“十五五”时期的主要目标任务")."""


def classify_heading(title: str) -> SectionKind | None:
    """review / plan from the heading words alone, None when the heading is neutral.

    A heading naming both says which part comes last ("二、“十四五”时期发展成就和“十五五”时期主要目标任务" is
    about the goals; "一、2025年工作总结和“十四五”发展成就" about the past).
    """
    review = [m.start() for m in _REVIEW_HEADING.finditer(title)]
    if _DIFFICULTIES_HEADING.match(title):
        review.insert(0, 0)  # the present's difficulties are facts, as a review's are
    # Beside a review word, "2025年工作" is the year reviewed, not a plan ("2020年工作回顾和…").
    plan = [m.start() for m in (_PLAN_HEADING_WORDS if review else _PLAN_HEADING).finditer(title)]
    if review and (not plan or max(review) > max(plan)):
        return "review"
    if plan:
        return "plan"
    return None


def reports_results(title: str, doc_year: int | None = None) -> bool:
    """A part title that says what was achieved ("一、一年接着一年干,新福建建设持续取得新进展新成效"), with no
    forward verb before it ("推动绿色发展取得新突破"). Only for parts: inside a goals section the same words
    state a goal ("——高质量发展取得显著成效"). ``doc_year`` tells the good start of a five-year plan opening that
    year (a goal) from one opened before (a result)."""
    achieved = _ACHIEVED_HEADING.search(title)
    forward = _FORWARD_VERB
    if achieved is None:
        achieved, forward = _REACHED.search(title), _FORWARD_NOT_REACHING
        if achieved is not None and "开局" in achieved.group(0) and _opens_this_year(title, doc_year):
            return False  # "三、奋勇争先,实现“十四五”良好开局" (铜陵 2021): the good start of the plan that opens this year, a goal
    if achieved is None:
        return False
    # The verb must govern the achievement to make it a goal: "推动绿色发展取得新突破", "确保“十三五”圆满收官"; one in an
    # earlier phrase of the title does not ("一、努力攻坚,圆满收官“十二五”", 蚌埠 2016).
    phrase_start = max(title.rfind(mark, 0, achieved.start()) for mark in ",，;；、") + 1
    return not forward.search(title, phrase_start, achieved.start())


_ACHIEVED_HEADING = re.compile(
    rf"{genre.ACHIEVEMENT}|(?:创造|再创|取得)了?[^，,。]{{0,4}}佳绩|(?:成效|成绩|成果|成就)(?:显著|斐然|丰硕)$|硕果累累$|"
    r"取得[^，,。、]{0,8}新(?:成效|成绩|进展|突破|成果)|圆满收官|(?:完成|保持)了"
)
"""…取得显著成效, "一、十四届州人民政府在艰难环境中创造佳绩" (大理 2022), a title ending on its verdict ("一、团结奋斗,
真抓实干,“十一五”开局之年成效显著", 昆明 2007; "三、坚持乡村全面振兴,“三农”工作成果丰硕"), "一、努力攻坚,圆满收官“十二五”"
(蚌埠 2016), "一、聚力真抓实干,取得高质量发展新成效" (常德 2020), "一、全面完成了省十一届人大一次会议确定的各项目标和任务"
(黑龙江 2009), "一、攻坚克难,保持了经济社会健康发展的好势头" (宁夏 2015): a title saying what was achieved."""


def _opens_this_year(title: str, doc_year: int | None) -> bool:
    """Whether a five-year plan the title names opens in the plan year (“十四五” in 2021)."""
    for match in _PLAN_LABEL.finditer(title):
        end = genre.plan_end_year(match.group(1))
        if end is not None and doc_year == end - 4:
            return True
    return False


_PLAN_LABEL = re.compile(r"十([一二三四五六七]?)五")
"""A five-year plan as a title names it: “十五”, “十四五”."""


_REACHED = re.compile(
    r"良好开局$|开局良好$|稳中向好$|圆满完成|胜利完成|全面实现$|迈出(?:新|坚实)的?步伐$|(?:迈|跨|跃|再|登)上新台阶$|再上新水平$"
)
"""A verdict a title may write after 实现 ("一、“十三五”实现良好开局", 安徽 2017; "…全年经济社会发展实现稳中向好", 文山 2023;
"一、凝心聚力,攻坚克难,经济社会发展稳中向好", 亳州 2014;
"一、美好安徽建设迈出坚实步伐", 安徽 2014; "…各项目标任务圆满完成", 楚雄 2022; "一、团结奋斗,“十二五”发展迈上新台阶", 六安
2016; "一、2015年及“十二五”经济社会发展跨上新台阶", 宣城 2016; "五、城市规划建设管理和生态建设再上新水平", 乌鲁木齐 2017):
reached, unless another forward verb governs it ("奋力实现“十三五”良好开局", "确保圆满完成", "力促…再上新台阶")."""
_FORWARD_VERB = re.compile(r"推动|推进|努力|力争|力促|确保|争取|促进|奋力|加快|全力|实现|开创|谱写|奋进")
_FORWARD_NOT_REACHING = re.compile(_FORWARD_VERB.pattern.replace("|实现", ""))


def classify_body(body: str) -> SectionKind:
    """Fallback for neutral headings: plan when forward-looking verbs outnumber past markers."""
    review = len(_REVIEW_MARKERS.findall(body))
    plan = len(_PLAN_MARKERS.findall(body))
    if plan == 0 and review == 0:
        return "other"
    return "plan" if plan >= review else "review"


def build_sections(text: str, doc_year: int | None) -> list[Section]:
    """Flat list of sections in document order; each spans its heading line up to the next heading.

    Index 0 is the preamble before the first heading (possibly empty). Kind and year are
    inherited from the nearest classified ancestor, so a "(一)…" inside "二、2023年目标任务" is a
    2023 plan section.
    """
    headings = find_headings(text)
    unheaded_review = _unheaded_review(text, headings, doc_year)
    if unheaded_review is not None:
        headings = _with_plan_opener(text, headings, unheaded_review[1])
    turns = _turns_to_the_year_planned(text, headings, doc_year)
    for turn in turns.values():
        headings = _with_plan_opener(text, headings, turn, level=1)
    starts = [h.start for h in headings]
    ends = [*starts[1:], len(text)] if starts else []
    sections: list[Section] = []
    preamble_end = starts[0] if starts else len(text)
    # A text without headings (a news digest, an excerpt, a page scraped into one line) mixes past and
    # plan freely: its one section stays "other" so that every clause is read on its own cues.
    preamble_kind: SectionKind = classify_body(text[:preamble_end]) if starts else "other"
    if unheaded_review is not None and unheaded_review[0] < preamble_end:
        preamble_kind = "review"
    sections.append(
        Section(
            index=0,
            level=0,
            heading="",
            path=[],
            char_start=0,
            char_end=preamble_end,
            kind=preamble_kind,
            year=doc_year if preamble_kind != "review" else None,
            headline=not starts and bool(_HEADLINE_WORDS.search(text)),
        )
    )
    stack: list[Section] = []
    five_year_excerpt = _five_year_excerpt(text, headings)  # read once: every part's year may hang on it
    for heading, end in zip(headings, ends, strict=True):
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        parent = stack[-1] if stack else None
        path = [*(parent.path if parent else []), heading.title]
        body = text[heading.start : end]
        kind, year = _kind_and_year(heading, body, text, parent, doc_year, headings, five_year_excerpt)
        if parent is None and unheaded_review is not None and unheaded_review[0] <= heading.start < unheaded_review[1]:
            kind, year = "review", None
        if heading.start in turns:
            kind, year = "review", None  # "一、2003年工作回顾和2004年工作总体要求" up to the paragraph turning to 2004
        elif heading.start in turns.values():
            kind, year = "plan", doc_year
        section = Section(
            index=len(sections),
            level=heading.level,
            heading=heading.title,
            path=path,
            char_start=heading.start,
            char_end=end,
            kind=kind,
            year=year,
            headline=bool(_HEADLINE_WORDS.search(body)),
        )
        sections.append(section)
        stack.append(section)
    return sections


_REVIEW_OPENER = re.compile(rf"(?:{genre.LAST_YEAR_WORDS.pattern})[，,]")
"""How a review with no heading of its own opens its first paragraph ("去年，在省委、省政府和州委的坚强领导下", 凉山 2014;
"过去一年，在省委…", 雅安 2014); the year before the report's, written as a figure, opens one too ("2013年，…")."""
_PLAN_OPENER = re.compile(
    rf"(?:今年|(?P<year>{genre.YEAR})年)(?:是|[^。，,；;]{{0,20}}?(?:总体要求|主要预期目标|主要目标))"
)
"""The paragraph that turns from the year reviewed to the year planned: "2014年是全面深化改革的开局之年", "今年政府工作
的总体要求是", "今年全州经济社会发展的主要预期目标是"."""


def _unheaded_review(text: str, headings: list[Heading], doc_year: int | None) -> tuple[int, int] | None:
    """Where a review written before the report's first numbered part starts and where the plan after it opens.

    Some reports give their review no heading: the paragraphs after "去年，…" report the year under lead sentences
    ("经济平稳较快增长。实现地区生产总值1214.4亿元…", 凉山 2014) until a paragraph turns to the year planned ("2014年是…"),
    and only the plan's parts are numbered. Those paragraphs are a review however their verbs read (实现, 推进): ten of the
    2,942 lawtext reports are so written (凉山 and 雅安 2014, 岳阳 2014 and 2015, 兰州 2011, 六安 2020, 肇庆 2021, 益阳 2025,
    西藏 2005, 黑龙江 2010). None when the report numbers its review (its first numbered part comes first) or writes no
    such turn.
    """
    if doc_year is None:
        return None
    first_part = next((h.start for h in headings if h.level <= 1), len(text))
    review_start = None
    offset = 0
    for line in text[:first_part].split("\n"):
        paragraph = line.strip()
        if review_start is None:
            if _REVIEW_OPENER.match(paragraph) or paragraph.startswith((f"{doc_year - 1}年，", f"{doc_year - 1}年,")):
                review_start = offset
        elif (opener := _PLAN_OPENER.match(paragraph)) and opener.group("year") in (None, str(doc_year)):
            return review_start, offset + len(line) - len(line.lstrip())
        offset += len(line) + 1
    return None


_ADDRESS = re.compile(r"^\s*各位代表[,，!！]?")
"""The address a paragraph may open with before its first words ("各位代表，2000年是世纪之交的一年")."""


def _with_plan_opener(text: str, headings: list[Heading], start: int, level: int = 4) -> list[Heading]:
    """The headings with the plan's opening paragraph as one more heading (a lead sentence's, or a part's): it ends
    the review before it."""
    opening = _ADDRESS.sub("", text[start : start + 80])
    title = re.split(r"[。，,；;:：!?！？]", opening, maxsplit=1)[0]
    kept = [heading for heading in headings if heading.start != start]
    return sorted([*kept, Heading(level=level, start=start, title=title)], key=lambda heading: heading.start)


_REVIEW_AND_PLAN_TITLE = re.compile(
    rf"^[一二三四五六七八九十]、[^,，]{{0,4}}?(?P<year>{genre.YEAR})年[^,，和与及]{{0,6}}?回顾[和与及]"
)
"""A part titled for the year reviewed and the year planned: "一、2003年工作回顾和2004年工作总体要求" (浙江 1997–2005),
"一、1999年政府工作回顾和2000年的目标任务" (山东 2000), "一、2013年工作回顾和2014年工作总体要求" (黄石 2014)."""


def _turns_to_the_year_planned(text: str, headings: list[Heading], doc_year: int | None) -> dict[int, int]:
    """For each part titled for both the year before the report's and the report's year: where its paragraph turning to
    the year planned opens ("2014年，是全面深化改革的第一年", "各位代表，2000年是世纪之交的一年", "综合考虑…，建议2004年全省…
    主要预期调控目标是:"), the first after its first whose first sentence names that year. What comes before is the review,
    the rest the plan's overall requirements and main targets. Ten of the lawtext reports are titled so; a part with no
    such paragraph is left to its title."""
    turns: dict[int, int] = {}
    if doc_year is None:
        return turns
    for index, heading in enumerate(headings):
        titled = _REVIEW_AND_PLAN_TITLE.match(heading.title)
        if titled is None or int(titled.group("year")) != doc_year - 1:
            continue
        end = next((h.start for h in headings[index + 1 :] if h.level <= heading.level), len(text))
        offset = text.find("\n", heading.start, end) + 1
        paragraphs = 0
        while 0 < offset < end:
            line_end = text.find("\n", offset, end)
            line_end = end if line_end < 0 else line_end
            paragraph = _ADDRESS.sub("", text[offset:line_end])  # "各位代表！我们已进入…的2000年。"
            first_sentence = re.split(r"[。!?！？]", paragraph, maxsplit=1)[0]
            if text[offset:line_end].strip():
                paragraphs += 1
                if paragraphs > 1 and re.search(rf"(?<![到至\d]){doc_year}年|^今年", first_sentence):
                    turns[heading.start] = offset
                    break
            offset = line_end + 1
    return turns


def _kind_and_year(
    heading: Heading,
    body: str,
    text: str,
    parent: Section | None,
    doc_year: int | None,
    headings: list[Heading],
    five_year_excerpt: bool = False,
) -> tuple[SectionKind, int | None]:
    if genre.NOTES_HEADING.match(heading.title) or (parent is not None and parent.kind == "notes"):
        return "notes", None  # a glossary, every entry of it
    if genre.APPENDIX_HEADING.match(heading.title) and _annex_for_the_year(body, doc_year):
        return "plan", doc_year
    if genre.APPENDIX_HEADING.match(heading.title) and _titled_by_the_year_before(_annex_title(body), doc_year):
        # "附件2" then "安国市2021年十大工程进展情况说明" (安国 2022): last year's pledges, as they went
        return "review", None
    year_title = _YEAR_TITLE.match(heading.title)
    if year_title and doc_year is not None:
        titled = int(year_title.group(1))
        return ("review", None) if titled < doc_year else ("plan", titled)
    # A paragraph's lead sentence belongs to its part: "就业超过预期目标" opens a paragraph of the review.
    inherits = heading.level == _LEAD_LEVEL and parent is not None and parent.kind != "other"
    if (
        not inherits
        and (parent is None or parent.kind in ("other", "review"))
        and _titled_by_the_year_before(heading.title, doc_year)
    ):
        # also under a review: "(二)关于2021年的工作" under "一、…各项目标任务圆满完成" (楚雄 2022)
        return "review", None
    own = None if inherits else classify_heading(heading.title)
    if own is None and (parent is None or parent.kind == "other") and reports_results(heading.title, doc_year):
        own = "review"
    if (
        own == "plan"
        and (parent is None or parent.kind in ("other", "review"))
        and reports_results(heading.title, doc_year)
    ):
        # under a review, "(五)聚焦聚力攻坚克难,重点工作取得突破" says what the year's key work achieved; a first part
        # "一、克难奋进,十二届州人民政府各项目标任务圆满完成" (楚雄 2022) says what the term achieved, its 目标任务 no plan
        own = "review"
    if (
        own == "review"
        and parent is not None
        and parent.kind == "plan"
        and _NEW_ACHIEVEMENT.search(heading.title)
        and not _REVIEW_HEADING.search(_NEW_ACHIEVEMENT.sub("", heading.title))
    ):
        own = None  # under a plan, "(五)突出促统筹,在推动城乡融合发展上取得新成就" (西双版纳 2022) names a goal
    if own is None and parent is not None and parent.kind != "other":
        own = parent.kind
    # A report's first part opening on the past reviews it; a later one may open so and plan ("六、加强行政能力建设和政风
    # 建设" then "一年来,我们…", 国务院 2005).
    if (
        own is None
        and (parent is None or parent.kind == "other")
        and next((h for h in headings if h.level == heading.level), None) is heading
        and _opens_on_the_past(body)
    ):
        own = "review"
    if own is None:
        own = classify_body(body)
    if own == "other" and five_year_excerpt:
        own = "plan"  # every part of a five-year excerpt plans: "(三)增蓄县域经济动力…", "做优做强平台支撑"
    if own != "plan":
        return own, None
    annual = re.search(rf"({genre.YEAR})年(?:政府)?(?:重点|主要)?(?:工作|任务)(?!回顾)", heading.title)
    if annual:
        # "二、“十五五”时期目标任务和2026年工作安排", "对今后五年和2003年政府工作的建议", "二、“十二五”时期和
        # 2011年主要任务" (鹤岗 2011): the year's own work;
        # five-year goals under it carry their horizon in the clause (到2030年, “十五五”时期), read first.
        return "plan", int(annual.group(1))
    named = [genre.plan_end_year(m.group(1) or m.group(2)) for m in _FIVE_YEAR.finditer(heading.title) if m.lastindex]
    if not named and (part := _FIVE_YEAR_PART.match(heading.title)) is not None:
        named = [genre.plan_end_year(part.group(1))]
    if named and named[-1] is not None:
        # "二、“十三五”时期主要目标任务" is about 2020 whatever year the report is; the last plan named
        # is the one the section sets goals for ("“十四五”时期发展成就和“十五五”时期主要目标任务").
        return "plan", named[-1]
    if _FIVE_YEAR.search(heading.title):
        return "plan", _five_year_end(heading, text, headings, doc_year)
    if parent is None and _FIVE_YEAR_OPENER.match(_first_paragraph(body)):
        # "二、坚定信念、勇毅前行，朝着社会主义现代化奋勇前进" then "未来5年，…" (西双版纳 2022): the term's five years
        return "plan", _five_year_end(heading, text, headings, doc_year)
    opener = _FIVE_YEAR_PLAN_OPENER.match(_first_paragraph(body)) if parent is None else None
    if opener and (end := genre.plan_end_year(opener.group(1))) is not None and (doc_year is None or end >= doc_year):
        # "二、奋力拼搏,全面建成小康六安" then "“十三五”是全面建成小康社会的决战阶段" (六安 2016): the plan's years, whatever
        # year a goal in it names first ("到2018年实现442个贫困村全部出列")
        return "plan", end
    outline = _OUTLINE_PRESENTED.search(_first_paragraph(body).split("\n", 1)[0]) if parent is None else None
    if outline and (end := genre.plan_end_year(outline.group(1) or outline.group(2))) is not None:
        return "plan", end
    carried_out = None if inherits else _PLAN_CARRIED_OUT.search(heading.title)
    if carried_out and (end := genre.plan_end_year(carried_out.group(1))) is not None:
        return "plan", end
    match = _YEAR.search(heading.title)
    if match and classify_heading(heading.title) == "plan":
        return "plan", int(match.group(1))
    if parent is not None and parent.kind == "plan" and parent.year is not None:
        return "plan", parent.year
    if five_year_excerpt:
        return "plan", _five_year_end(heading, text, headings, doc_year)
    return "plan", doc_year


_TITLE_YEARS = re.compile(r"(?<![到至—－~\-\d])((?:19|20)\d\d)(?:年|(?=[,，、的\s]|$))")
"""A year a title names, with 年 or as a bare figure ("一、回首2019,西宁发展迈出坚实步伐", 西宁 2020; "一、感恩前行 笃行实干的2022",
眉山 2023; "一、1993年的主要工作情况", 广州 1994); not a horizon (到2020年) or an amount (2000亿元)."""


_NEW_ACHIEVEMENT = re.compile(r"新(?:成就|成绩)")
"""New achievements: what a plan aims at ("在…上取得新成就", "再创新成绩"), not what a review reports."""
_REVIEW_BODY_OPENER = re.compile(rf"(?:{genre.LAST_YEAR_WORDS.pattern}|{genre.PERIOD_WORDS.pattern}|刚刚过去的)")


_OUTLINE_PRESENTED = re.compile(
    r"(?:第十([一二三四五六七])个五年规划|十([一二三四五六七])五[”\"]?规划)[^。\n]{0,60}纲要[^。\n]{0,40}提请[^。\n]{0,6}(?:审查|审议)"
)
"""A part's first paragraph presenting the five-year plan's outline to the congress ("…编制了《松原市国民经济和社会发展第十四个
五年规划和二〇三五年远景目标纲要》…提请大会审查", 松原 2021; 190 lawtext reports write it): the part summarizes that plan, so
its goals are for the plan's last year, whatever its title ("二、未来发展的总体安排和主要任务")."""
_FIVE_YEAR_OPENER = re.compile(r"(?:今后|未来)(?:五|5)年[，,]")
"""A part's first paragraph opening on the five years ahead ("未来5年，随着…")."""
_FIVE_YEAR_PLAN_OPENER = re.compile(rf"{_PLAN_NAMED}(?:时期)?是")
"""A part's first paragraph opening on a five-year plan's years ("“十三五”是全面建成小康社会的决战阶段", 六安 2016; "“十三五”
时期是…的决胜期"): a plan for them, when they have not ended."""


def _annex_for_the_year(body: str, doc_year: int | None) -> bool:
    """An annex whose title line names the plan year, and no other, or the year's 实事 unnamed: "附件" then "2017年省十件民生
    实事" (广东 2017), "成都市2020年民生实事工作目标" (成都 2020), "10件民生实事" (昭通 2023). Its items are the year's
    pledges, told with the same verbs and counts a review uses (新增…个, 完成…), so the title decides, not the words."""
    title = _annex_title(body)
    if not title or len(title) > 30 or "。" in title or doc_year is None:
        return False
    years = {int(year) for year in _TITLE_YEARS.findall(title)}
    return years == {doc_year} or (not years and bool(re.search(r"实事|工作目标", title)))


def _annex_title(body: str) -> str:
    """The title line of an annex, after its "附件" line."""
    return _first_paragraph(body).split("\n", 1)[0].strip()


def _first_paragraph(body: str) -> str:
    """The first paragraph after a part's heading line ("" when the heading is all there is)."""
    return body.split("\n", 1)[1].lstrip() if "\n" in body else ""


def _opens_on_the_past(body: str) -> bool:
    """Whether a part's first paragraph opens on the time it looks back on ("一、攻坚克难、砥砺奋进，全面建成小康社会" then
    "过去的5年，是西双版纳发展历史上…", 西双版纳 2022): a part so opened reviews, however many forward verbs its
    achievements are told with (推进, 实施)."""
    return bool(_REVIEW_BODY_OPENER.match(_first_paragraph(body)))


def _titled_by_the_year_before(title: str, doc_year: int | None) -> bool:
    """A part titled by the year before the plan year, and by no later one, reviews it however its words run: "一、2009年的
    主要工作" (宁波 2010), "一、2012年,全市凝心聚力、攻坚克难,…" (昆明 2013), "一、2020年政府工作" (威海 2021), "关于“十二五”和2015年工作"
    (张掖 2016), "一、发挥各方面积极性,较好完成2013年目标任务" (西双版纳 2014). Not "到2020年…" (a horizon)."""
    years = [int(year) for year in _TITLE_YEARS.findall(title)]
    return doc_year is not None and bool(years) and all(year == doc_year - 1 for year in years)


_FIVE_YEAR_GOALS_LEAD = re.compile(r"(?:今后|未来)五年[^。\n]{0,16}(?:主要|奋斗)?(?:目标|任务)")
_ANNUAL_WORK = re.compile(rf"{genre.YEAR}年(?:的)?(?:主要|重点)?(?:任务|工作|目标)")


def _five_year_excerpt(text: str, headings: list[Heading]) -> bool:
    """An excerpt of a report's five-year part: its opening states the five years' goals ("今后五年经济社会发展主要目标
    是：…") and nothing before or among its headings names a year's own work ("2017年的主要任务是…"), so its parts
    without a year of their own plan the five years (高阳 2021's "重点工作方向")."""
    opening = text[: headings[0].start] if headings else text
    if not _FIVE_YEAR_GOALS_LEAD.search(opening) or _ANNUAL_WORK.search(opening):
        return False
    return not any(_ANNUAL_WORK.search(h.title) for h in headings)


def _five_year_end(heading: Heading, text: str, headings: list[Heading], doc_year: int | None) -> int | None:
    """A five-year plan section refers to the year it names ("到2026年"), else report year + 4."""
    next_top = [h.start for h in headings if h.start > heading.start and h.level <= heading.level]
    body = text[heading.start : next_top[0] if next_top else len(text)]
    by_year = _BY_YEAR.search(body)
    if by_year:
        return int(by_year.group(1))
    return doc_year + 4 if doc_year else None


class SectionLookup:
    """The section of many offsets in O(log n) each (a linear scan per record made finalising a
    long document quadratic: 26 s at 8 MB).

    ``build_sections`` cuts the text into consecutive spans (each heading runs to the next one), so
    the owner of an offset is the last section starting at or before it.
    """

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sorted(sections, key=lambda s: (s.char_start, s.level))
        self.starts = [s.char_start for s in self.sections]
        self.default = sections[0]

    def at(self, offset: int) -> Section:
        """The innermost section whose span contains ``offset`` (the preamble when none does)."""
        position = bisect.bisect_right(self.starts, offset) - 1
        while position >= 0:
            section = self.sections[position]
            if section.char_start <= offset < section.char_end:
                return section
            if section.char_end <= offset:
                break
            position -= 1
        return self.default


def section_at(sections: list[Section], offset: int) -> Section:
    """The innermost section whose span contains ``offset`` (build a ``SectionLookup`` for many offsets)."""
    return SectionLookup(sections).at(offset)


_ESTIMATED_BELOW = re.compile(r"预计[(（]下同[)）]")


def estimated_spans(text: str, sections: list[Section]) -> list[tuple[int, int]]:
    """Where every figure is an estimate because the text said so once: from "预计(下同)" ("预计（下同）地区生产总值保持正
    增长…", 松原 2021; "初步预计(下同),2005年,全省…", 山西 2006; 25 lawtext reports) to the end of the run of sections of its
    kind (the review it opens). Empty for most documents."""
    spans = []
    for match in _ESTIMATED_BELOW.finditer(text):
        kind = section_at(sections, match.start()).kind
        end = next((s.char_start for s in sections if s.char_start > match.start() and s.kind != kind), len(text))
        spans.append((match.start(), end))
    return spans
