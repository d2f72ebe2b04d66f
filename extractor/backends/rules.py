"""The deterministic backend: patterns for how work reports state targets and projects.

The unit of work is the clause (text between ，,；;。：: and line breaks). Reports state one
goal per clause or a list of goals sharing a verb ("新增A 40家、B 6家"), a 分别 list
("城镇、农村…分别增长6.5%和7%"), or a 均 list ("A和B均增长6.5%"). Each rule here is written for
that genre, not for a particular report.

Every record carries the clause as its quote with exact offsets; the ground-and-check stage
verifies them like any other backend's output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from extractor import genre
from extractor.chunks import headline_spans_of
from extractor.models import Chunk, Modality, Project, Record, Result, Stage, Target
from extractor.numbers import ARABIC, ARABIC_HUNDREDS, PERCENT_WORDS, as_float, minus_before, parse_number
from extractor.vocabulary import counts_things, indicator_id_for

NAME = "rules"

# --- vocabulary of the genre -------------------------------------------------------------------

_PERCENT_UNITS = list(genre.PERCENT_UNITS)
_COUNT_UNITS = list(genre.COUNT_UNITS)
_LEVEL_UNITS = list(genre.LEVEL_UNITS)
"""万 and 亿 alone are units too ("减少农村贫困人口1000万以上"); longer units are tried first."""
_ALL_UNITS = list(genre.ALL_UNITS)
_UNIT_RE = (
    "(?:" + "|".join(re.escape(u) for u in _ALL_UNITS) + r")(?:(?<=[条台套个间段座])[(（][条台套个间段座所处][)）])?"
)
"""A count unit may carry its alternative measure word in brackets, which stays in the unit: 11条(段),
1万台(套), 15万套(间) (the gold writes them so)."""
_CN_VALUE = r"(?:[一二两三四五六七八九十百千]+|万(?=亿)|(?<=突破|达到|跃上|迈上|超过)(?=[万亿]))"
"""Chinese magnitudes as values: 千亿元 (1000 亿元), 万亿元 (10000 亿元), 突破亿吨 (1 亿吨)."""
_NUMBER = rf"(?:{ARABIC}(?:{ARABIC_HUNDREDS})?|{_CN_VALUE})"
_QUAL_BEFORE = "|".join(w for w in genre.QUALIFIERS_BEFORE if w not in ("最多", "前"))
"""前 marks a rank here (前30名 is skipped as an ordinal); 最多 is read only by the checks."""
_QUAL_AFTER = "|".join(w for w in genre.QUALIFIERS_AFTER if w not in ("多", "内"))
"""多 is the ``many`` group of the measure pattern; 内 is read only by the checks."""
_RANGE_SEP = r"[-－~～—–至到]"

_CN_PERCENT = rf"(?:[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?|{ARABIC})"
_PERCENT_WORD = "|".join(PERCENT_WORDS)
_NUMERAL = re.compile(r"[\d一二两三四五六七八九十百千万亿]")
"""Every value ``_MEASURE`` reads starts with one of these (百分之 and 千分之 too): a clause without any has none."""
_MEASURE_STARTS = "".join(sorted({word[0] for word in _QUAL_BEFORE.split("|")}))
_MEASURE = re.compile(
    # A measure starts with a bound word or a numeral: the look-ahead lets re skip other positions.
    rf"(?=[{_MEASURE_STARTS}]|{_NUMERAL.pattern})"
    rf"(?P<qb>{_QUAL_BEFORE})?"
    rf"(?:(?P<pw>{_PERCENT_WORD})(?P<pv>{_CN_PERCENT})(?:{_RANGE_SEP}(?:{_PERCENT_WORD})?(?P<pv2>{_CN_PERCENT}))?"
    rf"|(?<![\d.])(?P<v1>{_NUMBER})(?P<many>多|余)?"
    rf"(?:(?P<u1>{_UNIT_RE})?{_RANGE_SEP}(?P<v2>{_NUMBER}))?"
    rf"(?P<mag>(?:万亿|亿|万|(?<=\d)千(?![瓦克米伏卡焦帕]))(?=(?:多|余)?(?:{_UNIT_RE})))?(?P<many2>多|余)?"
    rf"(?P<unit>{_UNIT_RE})?)"
    rf"(?P<qa>{_QUAL_AFTER})?"
)
"""A value with its unit and bound words: 6.5%以上, 不低于3亿元, 5-6%, 百分之六点五左右 (unit written first).
A number is never read from the middle of another one ("6 .5%" is not 5 %). 千 after figures is a magnitude as 万 is
("新增幼儿学位6千个以上", 龙华 2021; 22 lawtext lines), unless it opens a unit (5千米, 3千瓦)."""
_CLAUSE_SPLIT = genre.CLAUSE_END
_BOUND_OF = genre.BOUND_OF_QUALIFIER
_DECREASE = re.compile(genre.DECREASE_VERBS)
_TAKE_AWAY = re.compile(genre.TAKE_AWAY_VERBS)
_GROWTH = re.compile(genre.CHANGE_VERBS)
_SHARE = re.compile(genre.SHARE_WORDS)
_REACHED = re.compile(rf"{genre.REACHED_VERBS}$")
_PEOPLE = re.compile(genre.PEOPLE_WORDS)
_PAST = re.compile(r"已经|已达|已建成|已完成|已实现|没有完成|未能?完成|没有实现|未能?实现|没有达到|未能?达到")
"""Words that mark a state already reached, or a goal missed ("但没有完成12.5%的预期目标"); the clause-level
past/goal reading is ``extractor.genre``."""
_FROM_TO = re.compile(
    r"(?:从|由)(?P<from>[^,，;；。]{1,24}?)(?:提高|提升|增加|增长|上升|下降|降低|减少|扩大|缩小|调整|压减)?(?:到|至)(?=[^,，;；。]*\d)"
)
""""赤字率从去年的2.1%提高到2.3%", "重点学科由50个增加到75个": the figure after 到 is the goal or the result; the one
after 从/由 is background."""
_SPAN_OF_YEARS = "[一二两三四五六七八九十]年"
"""五年, 三年: a span of years, which the indicator leaves out wherever it is written (五年累计…, …支出五年, a clause of only
比2002年 or 五年; ``_SCOPE_AND_MODAL``, ``_TRAILING_VERB``, ``_TIME_ONLY``)."""
_SCOPE_AND_MODAL = (
    r"[、和及与,，]|[—●○■□▲◆◇★☆·•①-⑳]+|并且|并(?![购网联])|其中|同时|力争|确保|必须|争取|努力|全力|全年|今年|年内|"
    rf"全市|全县|全区|全省|全州|全旗|全盟|我国|我省|我市|我区|我县|我州|我旗|据初步统计|初步统计|据统计|预计|{genre.YEAR}年(?![底末])|到{genre.YEAR}年(?:底|末)?|到?[“\"]?十[一二三四五六]五[”\"]?(?:时期|期间|期末|末)|为此|今后[一二三四五]年|[一二两三四五]年内|"
    + _SPAN_OF_YEARS
    + r"(?:来|间)?(?:累计|共)?(?=[\u4e00-\u9fff]{2})|\d{1,2}[.．](?!\d)|[一二三四五六七八九十]+是|但是|但(?![书])|"
    r"胜利|实现|完成|达到"
)
"""Connectives and list markers (——, ●), modal words, time and scope words (今年, 2022年, 全省, 我国) and the
commonest verbs before an indicator: what ``indicator_text`` strips always (its light form strips only these)."""
_LEADING_NOISE = re.compile(
    rf"^(?:{_SCOPE_AND_MODAL}|保持|推动|推进|促进|带动|使|让|力求|确定|预期|目标|主要(?!污染物)|着力|继续|进一步|新增|净增|提前实现|"
    r"拟安排|安排|拟|要(?![素求点闻害件])|(?:党中央|中央|国家|省委|市委|县委|区委)?提出了?|《[^》]{1,20}》|"
    r"培育|引进|引育|招引|新引进|建成|创成|争创|打造|开展|实施|组织|入库|认定|发展|整治|提升|改造|"
    r"新建|改建|新改建|改扩建|新改扩建|新开工|开工|投产|落地|完成|累计|力促|动态|储备|建立|创建|新认定|认定|新培育|发放|"
    r"举办|办好|谋划|推出|攻克|新入库|新打造|选派|淘汰|退出|取消|精简|压降|缩减|减少|压减|削减|再为|再(?=减少|压减|削减|完成|开工|进城|新增|降低)|"
    r"建设(?!用地|银行)|初步安排)+"
)
_TRAILING_VERB = re.compile(
    r"(?:分别|(?<!平)均|都|同比|年均|每年|累计|全年|年内|至少|稳定在|控制在|保持在|继续保持|继续|保持|提高到|提高至|增长到|"
    r"增加到|恢复到|恢复至|达到|达|增长|增速|增幅|上涨|(?:预期)?目标是|预期目标|预期|按?(?:可比|同)口径|同口径|可比|(?<![省市国县区])平均|每人|"
    r"提高|提升|下降|降低|减少|削减|压减|再增加|突破|超过|超|完成|实现|为|在|至|到|新增|净增|过|跃上|迈上|(?<![主重需])要|(?<!大)将|"
    r"力争|确保|(?<!模)拟|再|今年|目标设定|目标定|[是为][^是为的]{0,10}的|(?<=[\u4e00-\u9fff]{2})(?:近|过去|(?<![前后第续]))"
    + _SPAN_OF_YEARS
    + r"来?)+$"
)
_RATE_COMPARISON = re.compile(
    r"(?:力争|确保)?(?:比|较)(?:上年|去年|上届|前[一二三四五]年)(?=(?:增长|下降|降低|提高|上涨)$)"
)
"""A rate's comparison with last year: "国内生产总值比上年增长8%左右", "万元国内生产总值综合能耗力争比上年降低5％" name
国内生产总值 and 万元国内生产总值综合能耗 (a growth rate is that comparison). A change in amount keeps it:
"财政赤字比去年增加2700亿元", "发行建设国债比上年减少300亿元" (300亿元 is no level of either)."""
_SIZE_CLASS = r"\d+(?:\.\d+)?(?:千伏|kV|KV|万千瓦|千瓦|万吨级|吨级|万吨)|[1-5]A级"
_CLASS_AFTER_A_COUNT = re.compile(_SIZE_CLASS)
"""A size class written after a count, before what it counts ("新建5座110千伏变电站", "3个20万吨级超大型深水泊位"), or a grade
("建成…2个以上5A级景区", 湘西 2022; about 130 lawtext lines count A级 sites so): the count is the goal, the class part of its
noun (95 such counts in the scan had been lost)."""
_COUNT_NOUN_AFTER = re.compile(rf"^(?:{_SIZE_CLASS})?[\u4e00-\u9fff“”\"《》]{{2,14}}")
_INDICATOR_COUNTED = re.compile(r"^\S{0,6}指标")
_FUNDS_AFTER = re.compile(r"^(?P<noun>[\u4e00-\u9fff]{0,8}(?:资金|债券))(?:$|用于)")
"""Funds named after their amount, ending the clause: a budget line ("今年再安排1300亿元灾后重建资金")."""
_AT_LEAST_BEFORE = re.compile(r"(?:至少|最少)[\u4e00-\u9fff]{0,4}$")
"""至少 before 一/两 and a count unit makes the numeral a count aimed at ("每年至少新增一家企业挂牌上市"), not an article."""
_INVESTMENT_OF_COUNTED = re.compile(r"^总?投资[^,，;；。、的]{1,12}的(?=[\u4e00-\u9fff])")
"""Between a count and what it counts, the investment of them: "等27个总投资69.5亿元的重点项目建设" counts 重点项目."""
_NOT_A_NOUN_START = re.compile(r"^(?:并|且|而|已|正|还|和|及|与|在|是|为|的)")
"""What follows a count when the count ends its phrase: a conjunction, an adverb, a copula."""
_DONE_BY_A_SHARE = re.compile(
    r"^(?!以上|以下|以内|左右|之间|上下|目标|工作法|人口抽样|的|和|及|与|或|等|为|是|以|至|到|并|、|[”\"]|作为|降为|增至|升至|如何|怎样|怎么|为何|为什么|能否|是否"
    rf"|{genre.CHANGE_VERBS}|{genre.DECREASE_VERBS})[\u4e00-\u9fff“”\"]{{2,14}}(?=$|、\d)"
)
"""What a share of the clause's subject is to do, written after the percent and ending the clause: "危险废弃物100%安全处置",
"县级综合医院、基层医疗卫生机构100%达到国家标准", "政务服务事项100%网上可办", "优质公办幼儿园覆盖92%乡镇" (855 such
clauses in 605 of the 2,942 scanned reports: 达标, 覆盖, 实现…, 完成, 纳入), or an item of a list of such ("实现100%自然村通电、
100%乡镇通宽带"). The indicator is the subject and what it does. Not a change (30%以上增长, 由65%降为零), a quoted name's
figure (“两个15%”政策), a purpose (…增长12.3%作为奋斗目标) or a question (a digest's "GDP预期目标5.5%如何实现")."""
_GROWTH_WRITTEN_AFTER = re.compile(r"^的?(?:增长|增速|增幅)$")
"""A rate of change written after its percent, ending the clause: "存贷款余额保持10%以上增速", "产业营收保持20%以上增长" (the
subject's growth, as "增长20%以上" is)."""
_VERB_AFTER = re.compile(r"^(?:安排|用于|投入|计|为主|以内|以下|上下)")
"""Words after a value that continue the clause's verb, not a noun the value modifies ("拟按3%安排")."""
_VERB_AFTER_AMOUNT = re.compile(
    r"^(?:以上)?(?:完成了?|建成了?|新建|实施了?|改扩建|对|支持|设立|保障|建设(?![资用规任])|推进|加快|解决|启动)"
)
_FUNDING_VERB = re.compile(r"(?P<verb>投资|投入|筹措|筹集|筹资|安排|争取)(?:资金)?(?:近|约|超过?)?$")
_COUNT_OF_KIND = re.compile(r"^(?:一批|\d+|[一二两三四五六七八九十]+)[个项座处条所家批]?")
_COUNT_BEFORE_WORK = re.compile(rf"^[\d.]+[万亿]?[余多]?(?:{_UNIT_RE})?")


def _spent_on(before: str, work: str) -> str | None:
    """The indicator of an amount a funding verb spends on the work written after it: "投资1884万元完成了30栋老旧楼房
    维修改造" → 老旧楼房维修改造投资, "筹措890.59亿元实施十大为民办实事工程项目" → 十大为民办实事工程项目筹措资金; None (the
    words before the amount name it) without such a verb."""
    verb = _FUNDING_VERB.search(before)
    if verb is None:
        return None
    work = re.split(r"[，,；;]|进行", _COUNT_BEFORE_WORK.sub("", work.lstrip("了的、")))[0]
    listed, etc, kind = work.partition("等")
    # a list is paid for as a whole: the kind 等 names ("…等红色教育基地项目"), else every item ("天生桥游客中心、停车场、环卫系统建设")
    kind = _COUNT_OF_KIND.sub("", kind)
    target = kind if etc and len(kind) >= 2 and not kind.startswith(("项目", "工程")) else re.split(r"\d", listed)[0]
    if len(target) < 2:
        return None
    spent = verb.group("verb")
    return target + spent + ("资金" if spent in ("筹措", "筹集", "安排", "争取") else "")


"""A verb right after an amount of money: the amount is what was spent on the work it names ("投资1884万元完成了30栋
老旧楼房维修改造", "投入2000余万元对城区主要街道…进行修复"), not a modifier of a noun."""
_NOUN_AFTER_DE = re.compile(r"^的(?P<noun>[\u4e00-\u9fff“”\"《》A-Za-z0-9.]{2,16})")
"""Value before the noun: "5%左右的经济增速目标", "1.4万亿斤左右的高水平", "不低于5%的幅度"."""
_GENERIC_AFTER_DE = re.compile(r"^(?:高水平|水平|幅度|增速|速度|规模|目标|预期目标|增长|区间|之间)$")
_MONEY_UNITS = ("亿元", "万亿元", "万元", "亿美元")
_AMOUNT_THEN_NOUN = re.compile(r"(?!的)[\u4e00-\u9fff]{2}")
"""A word right after an amount and 以上: the amount sizes what that word names when the clause writes a value of its own
after it (``find_measures``)."""
_NON_TARGET_CONTEXT = re.compile(r"^(?:年(?!度)|周年|月|日|号|届|次会议|强|名|位|岁以上|制|级)")
_NAMED_COUNT = re.compile(
    r"^(?:项|条|件|个)?(?:主要)?(?:政策|措施|政策措施|举措|任务举措|意见|指标|预期性指标|约束性指标|重点任务|方面|领域|件事|大类|维度|"
    r"年度(?:改革|重点)?任务)|^[\u4e00-\u9fff]{0,8}(?:政策|措施|举措)(?![\u4e00-\u9fff])"
)
"""Counts that describe a document or a list rather than set a goal: 30条政策措施, 提出6项指标, 3件事."""
_MEASURE_NOUNS = r"(?:人口|值|营收|收入|量|规模|面积|额|税收|能耗)"
"""What a threshold is a threshold of (人口20万以上的县, 年产值超过10亿元的…): one list for the two readings below."""
_COUNTED_ABOVE_A_THRESHOLD = re.compile(
    rf"^[\u4e00-\u9fff]{{0,4}}?{_MEASURE_NOUNS}(?:超过|超|突破|过|达)?[\d.]+[万亿]?[\u4e00-\u9fff/]{{0,4}}?"
    r"(?:以上|以下)?(?:、[^，,；;。的]{1,24})*的(?P<noun>[\u4e00-\u9fff“”]{2,14})"
)
_THRESHOLD_OF_A_SET = re.compile(
    r"及?(?:以上|以下)?的(?!目标|任务|预期)|及?(?:以上|以下)?(?=[县市镇乡村]|城市|企业|重点)"
)
"""After a value: 以上的/以下的 or 的 and a noun that the value describes (not 的目标 that it sets), or a place or a
firm right after it ("城区人口超50万县", "营收超亿元企业")."""
_THRESHOLD_OF_COUNTED = re.compile(
    rf"(?:\d+|[一二两三四五六七八九十]+)(?:个|家|座|条)(?:以上)?(?:[\u4e00-\u9fff]{{0,4}}?{_MEASURE_NOUNS})?(?:超过|超|突破|过|达)$"
)
"""A threshold of what is counted before it, also when the noun comes after a list of them ("建成2个产值超100亿元、3个产值超50亿元
的产业基地", "形成2个以上年交易额超100亿元、1-2个超50亿元的专业市场", 三明 2011): the count is aimed at, the amount is not."""
_THRESHOLD_ENDINGS = ("超", "过", "破", "达")
"""How the text before a value ends when ``_THRESHOLD_OF_COUNTED`` can match: most values are ruled out without the search."""
_CAPACITY_IN_A_NAME = re.compile(r"^/年[^，,；;。:：]{1,30}?(?:项目|工程|生产线|基地|园区|工厂)")
"""A plant's yearly capacity written in its name ("合众锰业10万吨/年高纯硫酸锰生产项目", "水钢同鑫晟20万吨/年金属制品异地改扩建二期
工程", 六盘水 2021), as 年产 writes it ("恒天天鹅年产6万吨莱赛尔"); "产能1400万吨/年建成试运转" (陕西 2026) is aimed at."""
_INVESTED_BEFORE = re.compile(r"投资(?:在|约|超)?\s*$")
"""The amount a work costs, written before it with 的 ("投资 1200万元的服装研发中心项目", 容城 2012, spaced as its source writes it;
"首期投资在500万美元以上的项目用地", 东莞 2006: a threshold)."""
_THRESHOLD_VERB = re.compile(r"(?:超过|超|突破|过)$")
_MEASURE_NOUN_BEFORE = re.compile(rf"{_MEASURE_NOUNS}$")
"""A measure named right before a value with 以上的/以下的 after it sets a threshold for what follows, not a goal."""
_NAMED_COUNT_BEFORE = re.compile(r"(?:指标|政策|措施|举措|意见|办法|细则)$")
_ISSUED = re.compile(r"(?:出台|印发|制定|发布)[^，,；;]*$")
""""出台优化营商环境创新行动96条": the articles of a document issued."""
"""The same nouns written before their count: 预期性指标19项, 政策措施20条."""


@dataclass(frozen=True)
class Measure:
    """A number with its unit and bound words, as written in a clause."""

    start: int
    end: int
    value: float
    value_high: float | None
    unit: str | None
    qualifier: str | None
    modifier_noun: str | None = None  # "83个重大项目": the counted noun written after the number
    noun_after: bool = False  # the indicator follows the value ("5%左右的经济增速", "1万亿元抗疫特别国债")
    done_by_share: str | None = None  # "危险废弃物100%安全处置": what the share of the subject does, ending the clause
    negative: bool = False  # written with a minus sign: "增长-5%"

    @property
    def growth_written_after(self) -> bool:
        """The words after the percent are the subject's growth ("保持10%以上增速"), not what a share of it does."""
        return bool(self.done_by_share and _GROWTH_WRITTEN_AFTER.match(self.done_by_share))


def clauses(text: str) -> Iterator[tuple[int, int]]:
    """Spans of clauses in ``text`` (relative offsets), punctuation excluded, spaces trimmed."""
    start = 0
    for match in _CLAUSE_SPLIT.finditer(text):
        yield from _trimmed(text, start, match.start())
        start = match.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    if end > start:
        yield start, end


def _names_an_amount(noun: str) -> bool:
    """Whether a noun after a sum of money is an indicator the sum measures ("1万亿元抗疫特别国债"), not things of that
    size ("10亿元项目3个": projects counted by their size)."""
    indicator_id = indicator_id_for(noun)
    return indicator_id != "other" and not counts_things(indicator_id)


_PERSONS_AFTER_HOUSEHOLDS = re.compile(r"[\d.]+万?人(?![次民口])")
"""Households, then the people in them ("年内实现脱贫1911户5024人", 博尔塔拉 2016; "共搬迁438户1669人"): two counts of one
thing, each a value (218 such pairs in the scanned reports). The households had been dropped as a number run into another,
and the people read with "脱贫1911户" for their indicator."""
_DWELLING_UNITS = ("套", "户", "间", "栋")
_AREA_AFTER_DWELLINGS = re.compile(r"[\d.]+万?平方米")
"""Dwellings, then their floor area ("建成廉租住房1000套5万平方米", 贵阳 2009; 32 lawtext reports write a count of 套, 户 or 栋
before its area): two values of one thing, as households and people are."""


def _run_into_another_number(after: str, unit: str) -> bool:
    """Whether a value runs straight into another number, so that it is part of that one's text ("2. 15个"), not a value of
    its own; the digits after a count may be a size class of what it counts ("新建5座110千伏变电站") and those after
    households the people in them ("脱贫1911户5024人"): then each number is a value."""
    if not _DIGIT.match(after):
        return False
    if genre.counted_unit(unit) is not None and _CLASS_AFTER_A_COUNT.match(after):
        return False
    if unit.endswith(_DWELLING_UNITS) and _AREA_AFTER_DWELLINGS.match(after):
        return False  # "建成廉租住房1000套5万平方米" (贵阳 2009): the dwellings, then their floor area
    return not (unit.endswith("户") and _PERSONS_AFTER_HOUSEHOLDS.match(after))


def _measure_matches(clause: str) -> Iterator[re.Match[str]]:
    """``_MEASURE``'s matches in a clause. A range whose ends have units of their own that differ is a change and the level
    it reaches, two measures: "战略性新兴产业增加值占比提升26个百分点至44%", "公园数增长48%至150座" (龙华 2021), not a range
    of 26 to 44 %; "5万至8万元" and "25%至30%" stay ranges."""
    position = 0
    while (match := _MEASURE.search(clause, position)) is not None:
        low_unit, unit = match.group("u1"), match.group("unit")
        high_unit = (match.group("mag") or "") + (unit or "")
        if low_unit and unit and not (high_unit.startswith(low_unit) or low_unit.startswith(high_unit)):
            low = _MEASURE.match(clause, match.start(), match.end("u1"))
            if low is not None:
                yield low
            position = match.start("v2")
            continue
        yield match
        position = match.end()


def find_measures(clause: str) -> list[Measure]:
    """Numbers with units in a clause that state a goal, not ones that qualify a noun.

    "50亿元以上企业" or "5000万元项目" describe what is counted; the number is a modifier unless a
    count unit is followed by the counted noun ("83个重大项目"), which is a count target.
    """
    measures: list[Measure] = []
    if not _NUMERAL.search(clause):
        return measures
    for match in _measure_matches(clause):
        percent_word = match.group("pw")
        unit = PERCENT_WORDS[percent_word] if percent_word else match.group("unit") or match.group("u1")
        if not unit:
            continue
        magnitude = match.group("mag") or ""
        v1_text, v2_text = (
            (match.group("pv"), match.group("pv2")) if percent_word else (match.group("v1"), match.group("v2"))
        )
        first = match.start("pv" if percent_word else "v1")
        if magnitude == "千" and clause[first - 1 : first] in ("万", "亿"):
            continue  # "由5千多户增加到1万6千多户": the thousands of a number written in parts (16,000), not 6 thousand
        # A count in Chinese numerals aimed at: "至少一家…", "建设一座…" (most values are Arabic: no search for them)
        at_least_one = (
            not percent_word
            and _is_chinese(v1_text)
            and (
                (v1_text in ("一", "两") and _AT_LEAST_BEFORE.search(clause, 0, first))
                or _counted_in_words(clause, match, first, unit)
            )
        )
        if (
            not percent_word
            and _is_chinese(v1_text)
            and not _chinese_value_ok(clause, match, unit)
            and not at_least_one
        ):
            counted = genre.counted_unit(unit)
            if not (
                counted
                and counted != "期"
                and match.end() == len(clause)
                and _NOUN_BEFORE_COUNT.search(clause, 0, first)
            ):
                continue  # a Chinese-numeral count only after what it counts, ending the clause: "年内新建幼儿园两所"
        if first > 0 and clause[first - 1] in "第前":
            continue  # ordinals and ranks: 第3, 前30名
        after = clause[match.end() :]
        of_a_set = _COUNTED_ABOVE_A_THRESHOLD.match(after) if genre.counted_unit(unit) else None
        if (
            (_NON_TARGET_CONTEXT.match(after) and not of_a_set)
            or _run_into_another_number(after, unit)
            or _NAMED_COUNT.match(after)
        ):
            continue  # ("100个年产值超过10亿元的…": 年 opens the threshold, not a span of years)
        if _CAPACITY_IN_A_NAME.match(after) or (
            clause.endswith(_THRESHOLD_ENDINGS, 0, first) and _THRESHOLD_OF_COUNTED.search(clause, 0, first)
        ):
            continue  # a capacity in a plant's name, a threshold of what a count before it counts: no goal of their own
        if genre.counted_unit(unit) and clause.endswith("以下", 0, first):
            continue  # "重点做好以下9项工作": the items of the report that follow
        if unit in ("项", "条", "件") and (
            _NAMED_COUNT_BEFORE.search(clause, 0, first) or (unit == "条" and _ISSUED.search(clause, 0, first))
        ):
            continue  # "其中预期性指标19项、约束性指标9项": the count describes a list, as "30条政策措施" does
        unit_written = (match.group("mag") or "") + (match.group("unit") or match.group("u1") or "")
        described = _MEASURE_NOUN_BEFORE.search(_THRESHOLD_VERB.sub("", clause[:first]))
        if unit != "%" and described and _THRESHOLD_OF_A_SET.match(clause, match.end() - len(match.group("qa") or "")):
            continue  # "人口20万以上的县", "产值超过2000亿元的化工园区": a threshold naming a set
        if unit_written.endswith("人") and after.startswith(("民", "口")):
            continue  # "凝聚13亿人民的智慧", "新增10万人口以上中小城市": 人民/人口 is a word, not people counted
        if (
            _inside_quotes(clause, match.start())
            and not _DEEDS_IN_QUOTES.match(clause, first - 1)
            and (
                unit_written.lstrip("万亿千") in _COUNT_UNITS
                or unit_written in ("万", "亿")
                or _quoted_formula(clause, match.start())
            )
        ):
            continue  # “3个100万”, “民营经济32条”, “三个1亿人”, “6天+365天”: a count or a formula inside quotes names ("最多50天" is not)
        if after.startswith("的") and (
            _INVESTED_BEFORE.search(clause, 0, match.start()) or _COUNTED_AFTER_DE.match(after)
        ):
            continue  # 总投资52亿元的34个项目, 投资2000万元以上的技改项目3000个: the amount describes what is counted
        if (
            (magnitude + unit) in _MONEY_UNITS
            and match.group("qa") in ("以上", "及以上")
            and _SIZED_WORKS_AFTER_DE.match(after)
        ):
            continue  # "每年新上一批10亿元以上的产业项目", "抓好50个3000万元以上的重点技改项目": the size class of what is sought
        if (
            (magnitude + unit) in _MONEY_UNITS
            and match.group("qa") in ("以上", "及以上")
            and _AMOUNT_THEN_NOUN.match(after)
            and _NUMERAL.search(after)
        ):
            continue  # "3000万元以上重点项目900项", "500万元以上固定资产投资增长8%": a size class of what the clause counts
        if unit == "小时" and "圈" in after:
            continue  # “1小时交通圈”, “圈内1小时、济青1.5小时”通勤圈: a span that names a commuting belt
        value = {"万": Decimal(10_000), "": Decimal(1)}.get(v1_text) or parse_number(v1_text)
        if value is None:
            continue
        high = parse_number(v2_text) if v2_text else None
        noun = None
        invested = _INVESTMENT_OF_COUNTED.match(after)
        noun_match = _COUNT_NOUN_AFTER.match(after[invested.end() :] if invested else after)
        after_de = _NOUN_AFTER_DE.match(after)
        noun_after = False
        done_by_share = None
        if after_de and re.search(r"可以|能够|就能|实现|为了|用于", after_de.group("noun")):
            continue  # an explanation of a value ("6.5%左右的增速可以实现比较充分的就业"), not a goal
        if of_a_set:
            noun = of_a_set.group("noun")  # "培育100个年产值超过10亿元的产业化联合体": the noun after the threshold
        elif after_de:
            noun = _noun_after_de(after_de.group("noun")) or None
            noun_after = noun is not None
        elif _VERB_AFTER.match(after):
            pass
        elif unit_written.endswith("元") and (spent := _VERB_AFTER_AMOUNT.match(after)):
            noun = _spent_on(clause[:first], after[spent.end() :])
        elif noun_match and (magnitude + unit) in _MONEY_UNITS and _names_an_amount(noun_match.group(0)):
            noun = noun_match.group(0)  # "发行1万亿元抗疫特别国债": the value before its noun
            noun_after = True
        elif (magnitude + unit) in _MONEY_UNITS and (funds := _FUNDS_AFTER.match(after)):
            # "中央财政拟安排200亿元专项资金": the funds a budget line sets
            noun = funds.group("noun")
            noun_after = True
        elif noun_match and not re.match(
            rf"^(?:和|及|与|、|台阶|大关|等(?:预期)?(?:目标|指标|任务|要求)|{_QUAL_AFTER})", after
        ):
            if (
                genre.counted_unit(unit)
                and (not _is_chinese(v1_text) or at_least_one)
                and not (match.group("qb") and _NOT_A_NOUN_START.match(after))
            ):
                # "为超300万名婴幼儿发放育儿补贴" (广东 2026): a bound word before the count; not "市场主体超过1.5亿户并在…"
                modified = _LONG_MODIFIER_HEAD.match(after)
                noun = modified.group("head") if modified else _clean_noun(noun_match.group(0))
            else:
                noun = _what_the_value_sizes(clause, first, after, unit_written, _is_chinese(v1_text))
            if (
                not noun
                and unit == "%"
                and (done := _DONE_BY_A_SHARE.match(after) or _GROWTH_WRITTEN_AFTER.match(after))
            ):
                done_by_share = done.group(0)  # "危险废弃物100%安全处置", "符合条件建制村100%通客车", "保持10%以上增速"
            elif not noun:
                continue  # a modifier such as 亿元以上企业
        if noun and _INDICATOR_COUNTED.search(noun):
            continue  # "26项综合性指标和29个专项指标": a count of a plan's indicators describes the plan
        # 多 between a value and its unit ("减税8000多亿元", "重大项目1900多个") is a bound word (3.6).
        qualifier = match.group("qa") or match.group("qb") or match.group("many") or match.group("many2")
        negative = not match.group("qb") and minus_before(clause, first)
        measures.append(
            Measure(
                start=match.start() - negative,
                end=match.end(),
                value=as_float(value),
                value_high=as_float(high) if high is not None else None,
                unit=magnitude + unit,
                qualifier=qualifier,
                modifier_noun=noun,
                noun_after=noun_after,
                negative=negative,
                done_by_share=done_by_share,
            )
        )
    if "年限" in clause:
        measures.extend(_years_of_a_span(clause))
    return measures


_YEARS = re.compile(r"(?<![\d.])(?P<v>\d+(?:\.\d+)?)年(?P<qa>以上|左右)?(?![度代底初末内])")


def _years_of_a_span(clause: str) -> Iterator[Measure]:
    """Years as the measure of a span named 年限 ("劳动年龄人口平均受教育年限提高到11.7年": 国务院 2013, 2016, 贵州, 宁夏,
    黑龙江, 青海 2026): 年 is no unit otherwise (2025年 is a date, 用3年时间 a horizon)."""
    named = clause.find("年限")
    for match in _YEARS.finditer(clause, named + 2):
        yield Measure(
            start=match.start(),
            end=match.end(),
            value=float(match.group("v")),
            value_high=None,
            unit="年",
            qualifier=match.group("qa"),
        )


_EXTENT_UNITS = ("公里", "千米", "米", "平方米", "平方公里", "亩", "公顷")
_WORK_AFTER_EXTENT = re.compile(
    r"^的?(?P<noun>[\u4e00-\u9fff“”]{2,22}?(?:改造|整治|升级|治理|修复|更新|绿化|入地))(?:建设)?$"
    r"|^的?(?P<built>[\u4e00-\u9fff“”]{2,22}?)建设(?:工程|项目)?$"
)
"""The rest of a clause after an extent that names the work done over it: "完成100公里架空线入地及合杆整治",
"推进500公里农村公路提档升级", "完成46.1万亩高标准农田建设" (the indicator is what is built: 高标准农田)."""
_TOTAL_AFTER = re.compile(r"^[\u4e00-\u9fff]{2,12}$")
_TASK_AFTER_VALUE = re.compile(r"^(?!等)(?P<noun>[\u4e00-\u9fff“”]{2,16}?)(?:工作)?(?:任务|目标)$")
_WORK_VERBS = r"完成|实施|推进|新建|改建|新改建|改扩建|开工建设|新开工|开工|建设|建成|新增|启动|开展|培育|引进|创建|打造|发展|改造"
"""The verbs of work a value written before what it sizes follows (完成70万平方米…改造, 新建幼儿园两所, 开工建设5万平方米标准
厂房): one list for the extent, land, task and count readings below."""
_WORK_VERB_BEFORE = re.compile(rf"(?:{_WORK_VERBS})好?$")
_WORKED_THING = re.compile(r"(?:硬化|铺设|维修|重建|加固)$")
"""Verbs of works on roads, pipes and buildings, written before an extent and the thing worked on ("硬化350万平方米村组道路",
"重建和加固36.6万平方米校舍", 徐州 2016; "铺设400公里通自然村湾水泥路"): the extent is the thing's."""
_THING_AFTER_EXTENT = re.compile(r"^(?![和及与、])[\u4e00-\u9fff“”]{2,12}$")
_NOUN_BEFORE_COUNT = re.compile(rf"(?:{_WORK_VERBS})[\u4e00-\u9fff]{{2,12}}$")


_EXTENT_ITEM = re.compile(r"^(?P<noun>[\u4e00-\u9fff“”]{2,16}?)(?=、|和(?=\d)|等[\u4e00-\u9fff]{0,4}?(?:工程|项目)|$)")
_ITEM_MARK = (
    r"(?:[①-⑳⑴-⒇]|[（(]\s?\d{1,2}\s?[）)]|\d{1,2}\s?[、.．](?!\d)"
    r"|[（(][一二三四五六七八九十]{1,3}[）)](?=(?:继续|基本|全面)?(?:建成|开工|新建|完成|实施|启动|改造|竣工)))\s*"
)
"""The number of an item in a numbered list of works ("( 3)建成20万平方米农村中小学学生宿舍", 黔西南 2014; "5、完成振兴路
(新华街至迎宾街)改造工程", 清苑 2003; "2.完成铜仁市第五小学改扩建", 铜仁 2022: 550 such lines in 100 lawtext reports);
numbered as parts are, it opens on the work ("（六）建成新庄、修文…污水处理厂", 贵阳 2009's ten pledges), as a part's title
does not ("（二）强力服务保障雄安新区建设")."""
_WORKS_LIST_VERB = re.compile(
    rf"^(?:{_ITEM_MARK})?(?:要|\d+月底前|年内|年底前|重点|继续|全面|加快|力争)*(?:{_WORK_VERBS}|确保)"
)


def _what_the_value_sizes(clause: str, first: int, after: str, unit: str, chinese: bool) -> str | None:
    """What a value written before a noun sizes, when the noun is not what it counts: a work, a task, a piece of
    land, an item of a list of works or the total of named works (each below); None when the value only
    modifies the noun ("50亿元以上企业")."""
    work = _WORK_AFTER_EXTENT.match(after) if unit.endswith(_EXTENT_UNITS) else None
    if work and _WORK_VERB_BEFORE.search(clause, 0, first) and not chinese:
        # "完成70万平方米中心城区成片二级旧里以下房屋改造": the extent of the work
        return work.group("noun") or work.group("built")
    if (
        unit.endswith(_EXTENT_UNITS)
        and not chinese
        and _WORKED_THING.search(clause, 0, first)
        and (thing := _THING_AFTER_EXTENT.match(after))
    ):
        return thing.group(0)  # "硬化350万平方米村组道路": the thing the works cover
    if (task := _TASK_AFTER_VALUE.match(after)) and "完成" in clause[:first]:
        return task.group("noun")  # "完成2019年度7.89亿元政府隐性债务化解目标": the task the value sizes
    if (
        unit.endswith(("亩", "公顷"))
        and _WORK_VERB_BEFORE.search(clause, 0, first)
        and (land := _EXTENT_ITEM.match(after))
    ):
        return land.group("noun")  # "建设2000亩高标准良种繁育基地": the land the base covers
    if not chinese and (listed := _listed_extent(clause, first, after, unit)) is not None:
        return listed
    if clause[first - 1 : first] == "共" and (total := _TOTAL_AFTER.match(after)):
        return total.group(0)  # "建成14号线、18号线部分区段共61公里轨道交通线": the total of the named works
    # "增加500万农村沼气用户", "促进约1亿农业转移人口落户城镇", "确保60万相对贫困人口脱贫": people counted in 万 (6.6)
    if unit in ("万", "亿") and (people := _PEOPLE_AFTER.match(after)) and _VERB_BEFORE_PEOPLE.search(clause, 0, first):
        return people.group("noun")
    return None


_PEOPLE_AFTER = re.compile(
    r"^(?P<noun>[\u4e00-\u9fff]{0,8}?(?:人口|人员|农民工|农民|群众|居民|职工|中小学生|学生|教师|用户|农户|孕产妇|群体|"
    r"老年人|老人|儿童|劳动力|家庭|贫困户|脱贫户))"
)
_VERB_BEFORE_PEOPLE = re.compile(
    r"(?:解决|增加|新增|促进|帮助|帮扶|培训|引导|覆盖|完成|实现|减少|提高|转移|安置|吸纳|带动|惠及|资助|救助|为|确保|力争|争取)(?:了)?"
    r"(?:约|近|超过|超|再)?$"
)


def _listed_extent(clause: str, first: int, after: str, unit: str) -> str | None:
    """The work an extent measures in a list of works the clause opens with its verb: "重点实施31.2公里农村公路、
    1.2万亩农田草牧场水利建设、1.8万亩节水灌溉等工程建设", "继续实施国家中小河流治理、5000亩沙区治理…" (海拉尔 2012):
    each item, to the next 、 or 等, is what its extent measures."""
    if not unit.endswith(_EXTENT_UNITS) or not _WORKS_LIST_VERB.match(clause):
        return None
    opened = _WORKS_LIST_VERB.fullmatch(clause, 0, first) or _WORK_VERB_BEFORE.search(clause, 0, first)
    if not (opened or clause[first - 1 : first] in ("、", "和")):
        return None
    item = _EXTENT_ITEM.match(after)
    return item.group("noun") if item else None


_SIZED_WORKS_AFTER_DE = re.compile(r"^的[\u4e00-\u9fff“”]{0,12}?(?:项目|企业)(?:$|[，,、;；和及])")
"""What an amount with 以上 sizes when 的 and the works or firms sought follow it ("新上一批10亿元以上的产业项目": a size
class, ``find_measures``)."""
_COUNTED_AFTER_DE = re.compile(r"^的[^，,、;；]{0,12}?\d+(?:\.\d+)?万?(?:个|家|项|所|座|条|处)")


def _at_least_before_verb(clause: str, measure: Measure) -> Measure:
    """至少 before the verb governs every value after it in the clause: "每个县至少建成2个…示范区、20个示范村",
    "资费年内至少降低30%" (docs/annotation.md 3.6)."""
    if measure.qualifier is None and "至少" in clause[: measure.start]:
        return replace(measure, qualifier="至少")
    return measure


def _quoted_formula(clause: str, position: int) -> bool:
    """Whether the quotes around ``position`` hold a formula ("6天+365天", "1+N"): a name, whatever its units."""
    opening, closing = clause.rfind("“", 0, position), clause.find("”", position)
    return opening >= 0 and closing > position and "+" in clause[opening:closing]


_DEEDS_IN_QUOTES = re.compile(r"[“\"][一二两三四五六七八九十\d]+件[\u4e00-\u9fff]{0,8}实事[”\"]")
"""The year's promised deeds in quotes ("着力办好“十二件民生实事”", 黔西南 2014; 63 of the 422 scanned "办好…件…实事"): a count
of them, as "办好十件民生实事" is, not a slogan's name."""


def _inside_quotes(clause: str, position: int) -> bool:
    """Whether ``position`` lies inside a “…” pair (or an odd run of ASCII quotes) of the clause."""
    before = clause[:position]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _noun_after_de(noun: str) -> str:
    """The indicator written after 的: "5%左右的经济增速目标" → 经济增速; "不低于5%的幅度压减一般性支出" →
    压减一般性支出 (its verb tells the direction); "" when only a generic word follows and the subject
    stands before the value ("粮食产量要继续保持1.4万亿斤左右的高水平")."""
    noun = re.sub(r"(?:预期)?目标$|(?:工作)?任务$", "", noun)
    generic = re.match(r"^(?:高水平|水平|幅度|速度|规模)", noun)
    if generic:
        noun = noun[generic.end() :]
    return "" if not noun or _GENERIC_AFTER_DE.match(noun) else noun


_DIGIT = re.compile(r"\d")


def _is_chinese(token: str) -> bool:
    return not _DIGIT.search(token)


_CN_COUNT_AFTER_WORK = re.compile(
    r"(?:建设|新建|建成|打造|改造提升|提升改造|改造|办好|实施|新增|启动建设|(?<=[\u4e00-\u9fff”])等)(?:(?<=办好)[“\"])?$"
)
_COUNTED_IN_WORDS_UNITS = frozenset("座条所处个项家件")
_NOT_COUNTED_IN_WORDS = re.compile(
    r"“|[\u4e00-\u9fff]{0,10}?(?:任务|战略|行动|方面|工作|体系|机制|中心$|全面|维护|自信|意识|规划|大事|城市(?![\u4e00-\u9fff]))"
)


def _counted_in_words(clause: str, match: re.Match[str], first: int, unit: str) -> bool:
    """A small count in Chinese numerals right after a verb of work counts what follows ("建设一座标志性公园", "改造提升
    四个城市出入口", "办好十项重点民生实事"), and so does one closing a list after 等 ("…西野桥等五个千亩示范区", 容城 2012); one before a task, a strategy or a slogan ("实施三项新的重大战略任务",
    "建设一个高品质…新保定") or a batch (一批, 一支…队伍) counts nothing."""
    v1 = match.group("v1") or ""
    small = re.fullmatch(r"[一两二三四五六七八九十]{1,2}", v1)
    if not small or unit not in _COUNTED_IN_WORDS_UNITS or (v1, unit) == ("一", "个"):
        return False
    return bool(_CN_COUNT_AFTER_WORK.search(clause, 0, first)) and not _NOT_COUNTED_IN_WORDS.match(clause, match.end())


_GROWN_BY_WORDS = re.compile(r"(?:增长|增加|提高)了?(?:近|约)?$")


def _chinese_value_ok(clause: str, match: re.Match[str], unit: str) -> bool:
    """Chinese numerals only as magnitudes of money or output ("突破千亿元") or multiples grown by, never in names."""
    if unit == "倍" and _GROWN_BY_WORDS.search(clause, 0, match.start("v1")):
        return True  # "比上届增长一倍", "增长近两倍" (陇南 2014, 国务院 2004): a growth written as a multiple in words
    before = clause[max(0, match.start("v1") - 2) : match.start("v1")]
    money_or_output = unit in {"元", "吨", "标箱", "千瓦", "人次"} or unit.endswith(("亿元", "万元", "美元"))
    magnitude_count = match.group("v1") in ("百", "千", "万") and genre.counted_unit(unit) is not None
    return (money_or_output or magnitude_count) and bool(re.search(r"突破|超过|达到|达|超|迈上|跃上|过", before))


_NOUN_END = re.compile(
    r"和(?!美)|[及与、]|建设|改造提升|提升改造|开工|投产|竣工|建成|落地|顺利|尽快|全面|加快|予以|年内|按期|(?<![重主需必只紧首政])要(?![素求点闻])|取得|做大|"
    r"进度$|(?<=.)全部|(?<=.)提前"
)
"""Where a counted noun ends: at the next item or verb ("等50个项目要按期竣工投产", "6户省属企业整体改制试点取得突破性进展",
"支持100家民营企业做大做强"; 和美乡村 is one word)."""
_LEVEL_PAIR = re.compile(r"^(?:国家|省|市|县)级?[和及](?:国家|省|市|县|地区)级?")
"""Two levels of government, or countries and regions, joined at the start of a counted noun are one modifier
("21个国家及省级重点实验室", "73个国家和省支持的项目", "161个国家和地区")."""
_LONG_MODIFIER_HEAD = re.compile(
    r"^[\u4e00-\u9fff“”]{8,24}的(?P<head>[\u4e00-\u9fff]{0,6}(?:企业|机构|项目|集群|成果|共同体|基地|园区|中心|学校|医院|"
    r"乡村|村|镇|片区|事项|平台|实验室|合作社|示范区|先导区))$"
)
"""A count before a long modifier closed by 的 counts the thing named after it ("100家具有较强自主创新能力和竞争力的创新型企业",
"2所达到社区医院标准的基层医疗卫生机构"); a clause after 的 ("…的基本生活得到保障") is not what is counted."""


def _clean_noun(noun: str) -> str:
    pair = _LEVEL_PAIR.match(noun)
    head = pair.group(0) if pair else ""
    if head.endswith("地区"):
        return head  # "228个国家和地区": what follows is what they do
    noun = head + _NOUN_END.split(noun[len(head) :])[0]
    return strip_unbalanced_quotes(noun.strip("《》"))


def bound_of(qualifier: str | None, value_high: float | None) -> str:
    if value_high is not None:
        return "range"
    return _BOUND_OF.get(qualifier or "", "point")


_SHARE_WORD = re.compile(r"比重|比例|占比|覆盖面|覆盖率|率$|率达|率保持|率提高到|占")
_GROWTH_AT_END = re.compile(r"(?:增长|增速|增幅)(?!贡献)|增加$")


_GROWN_BY_MULTIPLE = re.compile(r"(?:增长|增加|提高|上升)了?(?:近|约|超过|超)?$")


def _grown_by_multiple(clause: str, measure: Measure) -> bool:
    """A multiple is read only as a growth achieved ("财政收入增长1.36倍", 7.2); "是2010年的2.6倍" and "高于全国标准7倍"
    compare with a base the gold does not record, and plans write 翻番 instead."""
    return bool(_GROWN_BY_MULTIPLE.search(clause, 0, measure.start))


def metric_of(unit: str | None, context: str) -> str:
    """growth / share / change_pp / count / level from the unit and the words before the value."""
    if unit in ("个百分点", "百分点"):
        return "change_pp"
    if unit in ("%", "‰"):
        # 人口自然增长率 is a rate a population has, its 增长 no verb of change: "人口自然增长率控制在7.6‰以内" is a share.
        context = context.replace("自然增长率", "自然率")
        if _REACHED.search(context):
            return "share"  # 城镇化率提升至69.5%, 投入强度提高到1.6%: a level reached
        # A rate followed by growth (增长率) grows; a contribution to growth (对经济增长贡献率) is a share.
        if _SHARE_WORD.search(context) and not _GROWTH_AT_END.search(context[-6:]):
            return "share"
        # 涨幅 names a price rate, which the guideline records as a share (CPI: 居民消费价格涨幅3%左右).
        if _GROWTH.search(context.replace("涨幅", "")):
            return "growth"
        return "share"
    if unit in genre.MULTIPLE_UNITS:
        return "growth"
    if genre.counted_unit(unit):
        return "count"
    if unit in ("万", "亿") and _PEOPLE.search(context):
        return "count"  # 减少农村贫困人口1000万以上: people counted in 万
    return "level"


_LIGHT_NOISE = re.compile(rf"^(?:{_SCOPE_AND_MODAL})+")


_ECONOMIC_GROWTH = re.compile(r"经济(?:年均|同比)?(增[长速])")
_YEAR_AT_END = re.compile(rf"(?<=[^\s比较于从由]){genre.YEAR}年(?:底|末)?$")
""""技术合同成交额2030年达到600亿元": the horizon written between the indicator and its verb."""
_OPENING_BRACKETS = re.compile(r"^[(（][^)）]*[)）]")
_ON_THE_BASIS_OF = re.compile(r"在[^，,；;。]{2,24}?的?基础上")
"""An adverbial of condition inside the words before a value ("经济增长预期目标是在明显提高质量和效益的基础上年均增长7%",
国务院 2011): no part of what is measured."""
_INCLUDING = re.compile(r"[(（]含[^)）]*[)）]")
_ALLOCATION_VERB = re.compile(
    r"(?:共|今年|明年|每年|还|新)*(?:将|拟)?(?:每年)?(?:安排|按)$"
    r"|(?<=[政字算资])(?:今年|每年|还)*(?:将|拟)?(?:每年)?安排(?=.)"
)
"""安排 (allocate) written with what a budget allocates: "中央财政安排城乡医疗救助补助资金160亿元" → 中央财政城乡医疗
救助补助资金, "中央预算内投资安排5000亿元" → 中央预算内投资, "赤字率拟按3%安排" → 赤字率 (docs/annotation.md, the
national reports' gold)."""


def indicator_text(raw: str, light: bool = False) -> str:
    """The indicator phrase: the words before the value minus modality words and verbs.

    ``light`` strips only modality and time words, for phrases where the verb is all there is
    ("全年整治1980亩", "落地率达到50%").
    """
    text = _RATE_COMPARISON.sub("", _OPENING_BRACKETS.sub("", raw.strip(" 、,，").removeprefix("把")))
    if "基础上" in text:
        text = _ON_THE_BASIS_OF.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = (_LIGHT_NOISE if light else _LEADING_NOISE).sub("", text)
        text = _TRAILING_VERB.sub("", text)
        text = text.strip(" 、")
    text = _ALLOCATION_VERB.sub("", _YEAR_AT_END.sub("", _INCLUDING.sub("", text))) or text
    growth = _ECONOMIC_GROWTH.search(raw) if text.lstrip("●") == "经济" else None
    if growth:
        text += growth.group(1)  # "经济增长5%左右", "经济年均增长5%左右": economic growth is the indicator's name
    return strip_unbalanced_quotes(text.strip())


def strip_unbalanced_quotes(text: str) -> str:
    """Drop a leading or trailing quote mark that has no partner: 省级“未来工厂” keeps both; an opening mark
    at the end (…事项让两地群众“) is the partner-less one whatever the counts say."""
    if text.endswith("“"):
        text = text[:-1]
    if text.startswith("“") and text.count("“") > text.count("”"):
        text = text[1:]
    if text.endswith("”") and text.count("”") > text.count("“"):
        text = text[:-1]
    if text.count('"') % 2 and text[:1] == '"':
        text = text[1:]
    elif text.count('"') % 2 and text[-1:] == '"':
        text = text[:-1]
    return text


# --- targets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetContext:
    """What a clause inherits from its chunk: plan year, section path, headline paragraph."""

    chunk: Chunk
    headline_spans: tuple[tuple[int, int], ...]
    sentence_year: int | None


def extract_targets_from_clause(
    clause: str, offset: int, ctx: TargetContext, carried: str | Callable[[], str] = "", values_only: bool = False
) -> list[Target]:
    """Targets stated by one clause; ``offset`` is the clause's position in the document.

    ``carried`` is the subject of the sentence's previous clause, for a clause that states only a
    verb and a value ("…重大项目总投资5000亿元,同比增长26.2%"; "今年GDP增长目标:7.5%至8%"); it may be
    given as a function, read only when a value lacks a subject of its own (most clauses never need it).
    ``values_only`` leaves out the goals that carry no value (relative and delegated ones): what a
    past clause's figures are read with.
    """
    if _PAST.search(clause):
        return []
    measures = _share_leading_bound(clause, [_at_least_before_verb(clause, m) for m in find_measures(clause)])
    measures = [
        m for m in measures if m.unit not in genre.MULTIPLE_UNITS or (values_only and _grown_by_multiple(clause, m))
    ]
    from_to = _FROM_TO.search(clause)
    if from_to:
        measures = [m for m in measures if not from_to.start("from") <= m.start < from_to.end()]
    if measures and (listed := _GROUP.search(clause)) and _calls_projects(listed.group("noun")):
        # "抓好长城40万辆乘用车及零部件、河北长安30万台发动机…等项目建设": a size inside a listed project's name
        measures = [m for m in measures if not (m.end <= listed.start() and _inside_a_name(clause, m))]
    if not values_only:  # "将现有的153个派出所合并为110个" (东莞 2006): what exists now, no goal ("现有38处煤矿全部关闭退出" is a result)
        measures = [m for m in measures if not clause.endswith(("现有", "现有的"), 0, m.start)]
    if not measures:
        return _targets_without_value(clause, offset, ctx, values_only, carried)
    headline = any(s <= offset < e for s, e in ctx.headline_spans)
    year = ctx.sentence_year or ctx.chunk.year
    results: list[Target] = []
    respectively = clause.find("分别")
    if respectively < 0:
        respectively = _paired_values(clause, measures)
    if respectively >= 0 and sum(1 for m in measures if m.start > respectively) >= 2:
        earlier = [m for m in measures if m.end <= respectively]
        if earlier:
            # "城乡低保标准提高到不低于740元/月和485元/月、…孤儿补贴标准分别提高到…1200元/月和1700元/月": the 分别 list
            # starts after the values written before it, which are read as the clause's own
            end = earlier[-1].end
            gap = clause[end:respectively]
            cut = end + len(gap) - len(gap.lstrip("、，,和及 "))  # the 分别 list's own start, past the joiner
            return extract_targets_from_clause(clause[:end], offset, ctx, carried, values_only) + (
                extract_targets_from_clause(clause[cut:], offset + cut, ctx, carried, values_only)
            )
        return _respectively_targets(clause, offset, ctx, measures, respectively, headline, year, carried)
    previous_end = 0
    previous_indicator = ""
    known: Measure | None = None
    for measure in measures:
        if not values_only and (_known_set(clause, measure) or _listed_after(clause, known, measure)):
            previous_end = measure.end
            # the count a keeping verb opens, and the counts listed after it, lend that verb to the next (_listed_after)
            known = measure if known or _KEEPING_BEFORE.search(clause, 0, measure.start) else None
            continue
        if _counted_list(clause, measure.start) is not None:
            continue  # "烟草、机械、钢铁、铜、建材5个产业年产值均达到100亿元": how many the list holds; the value after is theirs
        if not values_only and _count_of_the_subject(clause, measure, measures):
            previous_end = measure.end
            continue  # "力争5个工业园区总产值突破1300亿元": how many share the value after, which is the goal
        before = clause[previous_end : measure.start]
        if "$" in before:  # "新增设施栽培$1.$2万亩、露地菜3万亩": 露地菜 is what 3万亩 measures
            before = _ITEM_OF_A_LOST_FIGURE.sub("", before)
        context = clause[: measure.start]
        modality = genre.modality_in(context)
        phrases = [measure.modifier_noun] if measure.modifier_noun else _split_shared(before, measure)
        for phrase in phrases:
            if from_to and measure.start >= from_to.end():
                phrase = (
                    phrase[: max(0, from_to.start() - previous_end)] or phrase
                )  # "生产总值从3875亿元增加到5786亿元"
            if measure.noun_after:
                indicator = indicator_text(re.sub(r"^(?:压减|削减|减少|降低|提高|增加)", "", phrase))
            elif measure.growth_written_after:
                indicator = indicator_text(phrase)
            elif measure.done_by_share:
                indicator = indicator_text(phrase, light=True) + measure.done_by_share
            else:
                indicator = indicator_text(phrase) if not measure.modifier_noun else phrase
            if not _plausible_indicator(indicator) and not measure.modifier_noun:
                indicator = indicator_text(phrase, light=True)
            if indicator.startswith("占") and previous_indicator:
                indicator = previous_indicator + indicator
            if not _plausible_indicator(indicator) and not measure.modifier_noun:
                # "外贸进出口总额达到3.5万亿元、增长2.3%": a later value of the clause measures the clause's own subject
                # before the previous clause's
                subject = previous_indicator or _read(carried)
                if subject:
                    indicator = subject + ("占比" if re.match(r"^(?:占|个数占比|投资占比)", phrase.strip()) else "")
            elif (
                _TIME_ONLY.fullmatch(indicator)
                and (subject := previous_indicator or _read(carried))
                and not _TIME_ONLY.fullmatch(subject)
            ):
                # "国内生产总值…，“十一五”年均增长7.5%", "…比2000年翻一番": a span of time, the quantity is the one before
                indicator = subject
            elif _COMPARED_ONLY.fullmatch(indicator):
                # "财政赤字…，比去年增加5600亿元": the change is the previous clause's indicator's (财政赤字比去年增加)
                indicator = _read(carried) + indicator
            elif (
                staged := _staged_subject(indicator, measure, results, carried, clause[measures[-1].end :])
            ) is not None:
                indicator = staged
            if not _plausible_indicator(indicator):
                continue
            verb_context = before + (phrase if measure.noun_after else "")
            if measure.growth_written_after:
                verb_context += measure.done_by_share or ""  # "保持20%以上增长": a rate of change
            metric = metric_of(measure.unit, verb_context + (measure.modifier_noun or ""))
            if results and results[-1].unit == measure.unit and _STRIVE_FURTHER.fullmatch(before):
                # "地区生产总值增长7%以上、力争达到8%": the growth the clause strives beyond
                metric = results[-1].metric
            results.append(
                _make_target(clause, offset, ctx, indicator, metric, measure, modality, headline, year, verb_context)
            )
            previous_indicator = indicator if not indicator.startswith("占") else previous_indicator
        previous_end = measure.end
        written_after = measure.modifier_noun or measure.done_by_share
        if written_after and clause.startswith(written_after + "、", measure.end):
            # "新增1个国家级优势特色产业集群、新入规加工企业20家以上", "实现100%自然村通电、100%乡镇通宽带": what the value's own
            # words after it say is no part of the next indicator
            previous_end += len(written_after)
    return results


_ITEM_OF_A_LOST_FIGURE = re.compile(r"[^、，,；;]*\$\d[^、，,；;和及]*[、和及]")
"""A listed item whose figure a faulty conversion replaced with "$1.$2" (CONVERSION_PLACEHOLDER in extractor.numbers):
no value is read from it, and the next item's indicator does not start with it."""


def _inside_a_name(clause: str, measure: Measure) -> bool:
    """A capacity written between a listed item's own name and its product ("长城40万辆乘用车", "河北长安30万台发动机")
    names the plant; a count or an extent opening the item ("5个奶牛规模养殖场", "10万亩马铃薯种薯基地") is aimed at."""
    unit = measure.unit or ""
    if not measure.modifier_noun or unit in _COUNT_UNITS or unit.endswith(_EXTENT_UNITS):
        return False
    if _FUNDING_VERB.search(clause, 0, measure.start):
        return False  # "投资2500万元完成花山、马兰…等红色教育基地项目": what the listed works cost, no plant's capacity
    item_start = max(
        (
            found + len(mark)
            for mark in ("、", "和", "及", "抓好", "推进", "建设")
            if (found := clause.rfind(mark, 0, measure.start)) >= 0
        ),
        default=0,
    )
    return len(_CJK_RUN_END.search(clause, item_start, measure.start).group(0)) >= 2  # type: ignore[union-attr]


_CJK_RUN_END = re.compile(r"[\u4e00-\u9fff]*$")


_KNOWN_SET_NOUN = re.compile(r"(?:产业|产业链|产业集群|集群|行动|事项)”?$")
_CREATING_BEFORE = re.compile(
    r"新增|新培育|培育|打造|新打造|新建|建设|创建|建成|形成|引进|新认定|认定|争创|创成|达到|突破|超过|推出|上线|增加|新上|"
    r"清理|取消|下放|精简|压减"
)


def _known_set(clause: str, measure: Measure) -> bool:
    """A goal clause's count of industries, chains, clusters, campaigns or reform items the government works on, not one
    it sets out to reach: "围绕22个产业、189条产业链", "壮大19个省级先进制造业集群", "实施…3个“三年行动”" (新增/培育/打造…N个
    产业集群 and "推出20个…重点事项" are goals; a result's count of them is a result)."""
    noun = measure.modifier_noun
    if not noun or measure.qualifier or measure.value_high is not None or measure.unit not in _COUNT_UNITS:
        return False  # "10个以上", "1—2个": a bound or a range is aimed at
    trillion_class = noun.startswith("万亿级") and not noun.endswith("项目")  # "4个万亿级产业基地" (6.6)
    if _KEEPING_BEFORE.search(clause, 0, measure.start) or trillion_class:
        return True  # "巩固368个经济薄弱村扶持成效", "守护、利用好531处国保单位", "深化10个…合作功能平台建设", "完善首批10个育新基地功能"
        # (6.6: a first batch is a known set), "发挥10个重点电商平台作用", "聚焦100个重点项目", "围绕12条优势产业链": what there is already
    return bool(_KNOWN_SET_NOUN.search(noun)) and not _CREATING_BEFORE.search(clause, 0, measure.start)


def _listed_after(clause: str, known: Measure | None, measure: Measure) -> bool:
    """A count listed right after the count a keeping verb opens shares that verb, and so is a known set too ("聚焦100个
    重点项目、30项重点工作、20项创新性工作"; a known set by its noun alone, such as 产业集群, lends nothing to the next)."""
    if known is None or not known.modifier_noun or not measure.modifier_noun or measure.unit not in _COUNT_UNITS:
        return False
    return clause[known.end : measure.start] in (known.modifier_noun + "、", known.modifier_noun + "和")


_SUBJECT_MEASURE = re.compile(
    r"[\u4e00-\u9fff“”]{2,16}?(?:总产值|产值|总营收|营收|营业收入|主营业务收入|销售收入|税收|产量)"
    r"(?:[\u4e00-\u9fff]{0,4}?)$"
)
"""What stands between a count and the value after it when the count is the clause's subject: the counted noun, what is
measured of it, and at most four characters of verb ("工业园区总产值力争", once 突破 is taken off)."""
_SUBJECT_VALUE_ENDS = re.compile(r"(?:以上|以下|左右)?(?:$|[、，,；;]|和|及)")
_OWNED_BEFORE = re.compile(r"(?:有|新增|新培育|培育|发展|打造|形成|引进|新上)$")


def _count_of_the_subject(clause: str, measure: Measure, measures: list[Measure]) -> bool:
    """A count of what the clause then measures as a whole ("13家自治区级农业产业化龙头企业总产值达17.4亿元", "力争5个工业园区
    总产值突破1300亿元", "30户大企业大集团实现工业总产值1000亿元"): the value after it is the goal, the count says how many
    share it (a known set, 6.6). Not when the count is what is to be had ("力争有5家龙头企业年销售收入超50亿元") or when the
    value after is a threshold of the counted thing ("5个工业产值过千亿元的园区")."""
    if measure.unit not in _COUNT_UNITS or measure.qualifier or measure.value_high is not None:
        return False
    following = next((m for m in measures if m.start >= measure.end), None)
    if following is None or following.unit in _COUNT_UNITS or _OWNED_BEFORE.search(clause, 0, measure.start):
        return False
    between = _THRESHOLD_VERB.sub("", clause[measure.end : following.start])
    return bool(_SUBJECT_MEASURE.match(between) and _SUBJECT_VALUE_ENDS.match(clause, following.end))


_KEEPING_BEFORE = re.compile(r"(?:巩固|用好|管好|深化|提质发展|首批|深入实施|发挥|聚焦|围绕|做强|做大|做优|扩大)$")
"""Verbs that work on what there is already: "巩固368个经济薄弱村扶持成效", "做强4个省级以上外贸基地", "做大5个省级产业集群规模",
"扩大6个国家级行业区域品牌影响力" (丹东 2020; some sixty lawtext lines write 做强N个…, nearly all sets the region has)."""


def _share_leading_bound(clause: str, measures: list[Measure]) -> list[Measure]:
    """A bound word written before the first of a list of values of one unit binds each ("提高到不低于740元/月和485元/月"),
    as one written after the last does ("6.5%和7%以上"); the checks read lists the same way."""
    shared = list(measures)
    for k in range(1, len(shared)):
        previous, measure = shared[k - 1], shared[k]
        if (
            measure.qualifier is None
            and previous.qualifier in genre.QUALIFIERS_BEFORE
            and measure.unit == previous.unit
            and clause[previous.end : measure.start] in ("和", "、", "及")
        ):
            shared[k] = replace(measure, qualifier=previous.qualifier)
    return shared


_STRIVE_FURTHER = re.compile(rf"[、，,]?{genre.STRIVE_FURTHER}")
"""A second value of the same measure the clause strives for: "增长7%以上、力争达到8%"."""


def _read(carried: str | Callable[[], str]) -> str:
    """The carried subject, worked out now if it was given as a function."""
    return carried() if callable(carried) else carried


_VERB_BEFORE_VALUES = re.compile(
    r"(?:同比|年均)?(?:增长|提高到|提高|提升到|提升|达到|达|下降|降低|降至|控制在|保持在|稳定在|完成|实现|为)$"
)


def _paired_values(clause: str, measures: list[Measure]) -> int:
    """Where the verb of a list paired with its values without 分别 starts ("城镇建成区、村庄绿化覆盖率达到34%和
    23%", "城乡居民收入增长5%和3%左右": one value per listed item, in order), else -1."""
    if len(measures) < 2 or any(clause[a.end : b.start] not in ("和", "、", "及", "与") for a, b in pairwise(measures)):
        return -1
    verb = _VERB_BEFORE_VALUES.search(clause, 0, measures[0].start)
    if verb is None:
        return -1
    head = indicator_text(clause[: verb.start()])
    items = [part for part in _LIST_SPLIT.split(head) if part]
    paired = len(items) == len(measures) or (len(measures) == 2 and head.startswith("城乡"))
    return verb.start() if paired else -1


_LIST_SPLIT = re.compile(r"[、和及与](?![^(（]*[)）])")
_ENUMERATION_MARK = re.compile(r"、(?![^(（]*[)）])")
"""A 、 between listed items, not one inside brackets: "县(市、区)" is one word (各县(市、区), 县(市、区)总数的80%)."""


def _staged_subject(
    indicator: str, measure: Measure, earlier: Sequence[Target], carried: str | Callable[[], str], after_values: str
) -> str | None:
    """The thing a stage-only indicator counts, from the record before it in the sentence, when that record counts in
    the same unit and the clause writes no noun after its values (``after_values``): "年投资亿元以上项目新开工43个以上、
    竣工38个以上" (海南 2026), "保障性住房…基本建成470万套、新开工630万套" (国务院 2013), "新开工保障性安居工程8950套、基本建成
    14000套" (宜宾 2016) — 亿元以上项目竣工, not 竣工. None when the indicator names more than a stage, when the noun follows
    the values ("续建46件、竣工6件、新开工8件重点水源工程", 大理 2022) or when no record before it counts the same way."""
    if not _STAGE_ONLY.fullmatch(indicator) or _NAMED_AFTER_VALUES.search(after_values):
        return None
    before: Target | Result | None = None
    if earlier:
        before = earlier[-1]
    elif isinstance(carried, _Subject) and (carried.targets or carried.earlier):
        before = (carried.targets or carried.earlier)[-1]
    if not isinstance(before, Target) or before.unit != measure.unit or not before.indicator:
        return None
    thing = _STAGE_AT_EDGES.sub("", before.indicator)
    return thing + indicator if len(thing) >= 2 else None


_ANY_STAGE = "|".join(re.escape(word) + genre.STAGE_WORD_GUARDS.get(word, "") for word, _ in genre.STAGE_WORDS)
"""The rules' stage words (``genre.STAGE_WORDS``, docs/annotation.md 4.2) as one alternation."""
_STAGE_ONLY = re.compile(rf"(?:新|再|基本)?(?:{_ANY_STAGE})+")
_STAGE_AT_EDGES = re.compile(rf"^(?:新|再|基本)?(?:开复工|{_ANY_STAGE})+|(?:新|再|基本)?(?:开复工|{_ANY_STAGE})+$")
_NAMED_AFTER_VALUES = re.compile(r"^(?:以上|左右|以内|多)?[\u4e00-\u9fff“]{2,}")
"""A noun after the clause's last value: the counted thing is written there, not in the clause before."""


_TIME_ONLY = re.compile(
    r"(?:(?:比|较|到)?(?:(?:19|20)\d\d年|[“\"]?[十九][一二三四五六]?五[”\"]?)(?:时期|期间|期末|末|底)?|[上下]半年|年均递增|年均|"
    + _SPAN_OF_YEARS
    + r"来?|累计)+(?:增加|增长|提高|下降|减少|降低)?"
)
"""An indicator that is only a span or a point of time: "“十一五”", "比2000年", "五年", "上半年"."""
_COMPARED_ONLY = re.compile(
    r"(?:比|较)(?:上年|去年|上年度)(?:预算)?(?:赤字)?(?:增加|增长|减少|下降|提高|降低|多|少|低|高)?|增加|减少"
)
"""An indicator that is only a comparison with last year: the quantity compared is the previous clause's."""


_RATE_VERB = re.compile(r"(?:同比|全年|年均)?(?:增长|增速|增幅|提高|下降|降低)")
"""Where the words naming what a shared rate measures end."""
_SHARED_BY_LIST = re.compile(
    r"(?:年?均|都|各)(?=增长|增速|提高|提升|下降|降低|削减|减少|压减|达到|达|为|超过|保持|完成|新增|比上年|较上年|\d|$)|分别"
)


_COUNTED_LIST = re.compile(
    r"(?P<count>\d{1,2}|[两三四五六七八九十])(?:个|大|项|家|条|座)(?P<noun>[^、，,；;。均]{2,16}?)(?:年?均|平均|都)"
)
_LIST_START = re.compile(r"[^，,；;：:]*$")


def _counted_list(text: str, start: int) -> list[str] | None:
    """The items of a list whose count is written at ``start``, before the noun they share and 均 ("烟草、机械、钢铁、铜、建材
    5个产业年产值均达到100亿元以上", 龙岩 2006; "…、制糖及综合利用、木材加工三大产业工业产值均突破百亿元"): each item with
    that noun is one indicator. None when the count and the items listed before it differ."""
    counted = _COUNTED_LIST.match(text, start)
    if counted is None:
        return None
    number = parse_number(counted.group("count"))
    listed = _LIST_START.search(text, 0, start)
    for split in (_LIST_SPLIT, _ENUMERATION_MARK):  # 和/及 may join two items or sit inside one ("制糖及综合利用")
        items = [indicator_text(item) for item in split.split(listed.group(0) if listed else "")]
        if number is not None and 2 <= len(items) == number and all(items):
            return items
    return None


def _split_shared(before: str, measure: Measure) -> list[str]:
    """One value shared by listed indicators: "A和B均增长6.5%", "新开工、新投产…项目分别达15个",
    "住宿、餐饮、零售增长10%" (a rate applies to each; a count after a 、 list is a total).
    """
    if "基础上" in before:
        before = _ON_THE_BASIS_OF.sub("", before)
    counted = _COUNTED_LIST.search(before)
    if counted and (items := _counted_list(before, counted.start())) is not None:
        return [item + counted.group("noun") for item in items]
    shared = _SHARED_BY_LIST.search(before)
    if shared:
        head = before[: shared.start()]
        parts = [p for p in _LIST_SPLIT.split(head) if p.strip()]
        if len(parts) >= 2:
            return _distribute(head, len(parts))
    if measure.unit in ("%", "‰") and "、" in before:
        head = _RATE_VERB.split(before, maxsplit=1)[0]
        parts = [p for p in _ENUMERATION_MARK.split(head) if p.strip()]
        named = [indicator_text(p) for p in parts]
        if len(parts) >= 2 and (
            all(len(n) <= 10 for n in named) or all(len(n) <= 16 and _OWN_HEAD.search(n) for n in named)
        ):
            # longer items each named whole share the rate too ("城镇居民人均可支配收入、农民人均纯收入增长9%", 周口 2014)
            return _with_shared_head(parts)
    if measure.unit in ("%", "‰") and "和" in before and "、" not in before:
        # "财政总收入和地方财政收入增长18%" (铜川 2010): two measures, each named whole, share the rate; not
        # "文化和旅游产业增加值" or "货物和服务进出口", one measure of two kinds
        head = _RATE_VERB.split(before, maxsplit=1)[0]
        parts = head.split("和")
        if len(parts) == 2 and all(_OWN_HEAD.search(indicator_text(p)) for p in parts):
            return parts
    return [before]


def _respectively_targets(
    clause: str,
    offset: int,
    ctx: TargetContext,
    measures: list[Measure],
    respectively: int,
    headline: bool,
    year: int | None,
    carried: str | Callable[[], str] = "",
) -> list[Target]:
    """ "城镇、农村常住居民人均可支配收入分别增长6.5%和7%以上": one target per listed indicator. A clause that
    opens with 分别 lists the previous clause's ("城乡居民人均可支配收入完成2.57万元和1.68万元，分别增长9%和9.8%")."""
    head = clause[:respectively]
    values = [m for m in measures if m.start > respectively]
    verb_context = clause[respectively : values[0].start]
    modality = genre.modality_in(clause[: values[0].start])
    subject = indicator_text(head)
    if _plausible_indicator(subject):
        indicators = _distribute(subject, len(values))
    elif isinstance(carried, _Subject) and len(carried.names()) >= len(values):
        indicators = carried.names()[-len(values) :]
    else:
        indicators = _distribute(_read(carried), len(values))
    # A trailing bound word ("6.5%和7%以上") governs every value of the list.
    shared_qualifier = values[-1].qualifier
    results = []
    for indicator, measure in zip(indicators, values, strict=False):
        if not _plausible_indicator(indicator):
            continue
        if measure.qualifier is None and shared_qualifier:
            measure = Measure(**{**measure.__dict__, "qualifier": shared_qualifier})
        if measure.unit is None:
            continue
        metric = metric_of(measure.unit, head + verb_context)
        results.append(
            _make_target(clause, offset, ctx, indicator, metric, measure, modality, headline, year, head + verb_context)
        )
    return results


_PER_UNIT_HEAD = re.compile(r"^(?:单位|万元)(?:国内生产总值|地区生产总值|GDP|生产总值)")
_OWN_HEAD = re.compile(r"(?:率|额|总值|规模|收入|投入|投资|支出)(?:实际)?$")
"""An item that ends on a measure noun of its own ("关键工序数控化率、数字化研发设计工具普及率") takes no other; 实际 may
follow it ("农民人均纯收入实际增长9%": the real growth; 162 lawtext lines write 收入实际增长)."""
_SHARED_HEAD = re.compile(
    r"(?:产业规模|(?:全产业链|产业)?(?:增加值|产值|产量)|排放量|营业收入|(?:绿化)?覆盖率|普及率|达标率)(?=(?:要|将|需|须|均|都|各|分别)*$)"
)
"""Head nouns a list of short items shares when only its last item writes one (a modal or 分别/均
may follow it: "化学需氧量、氨氮排放量要下降2%")."""


_BARE_NUMERAL = re.compile(r"[一二三四五六七八九十\d]+")


def _with_shared_head(parts: list[str]) -> list[str]:
    """ "电子信息、有色金属、装备制造业产业规模", "化学需氧量、氨氮排放量": the head noun of the last item is
    every item's (annotation 3.2: 电子信息产业规模, 化学需氧量排放量), unless an earlier item writes its own; items that are
    bare numerals share all the last one writes after its own ("二、三类声环境功能区": 二类…, 三类…)."""
    numeral = _BARE_NUMERAL.match(parts[-1])
    if numeral and all(_BARE_NUMERAL.fullmatch(indicator_text(p)) for p in parts[:-1]):
        return [*(p + parts[-1][numeral.end() :] for p in parts[:-1]), parts[-1]]
    head = _SHARED_HEAD.search(parts[-1])
    if head and head.start() > 0 and not any(_SHARED_HEAD.search(p) or _OWN_HEAD.search(p) for p in parts[:-1]):
        shared = head.group(0)
        # "战略性新兴产业、高新技术产业增加值", "制造业、数字经济核心产业增加值": an item that names a trade (…业) takes the
        # head without its 产业
        return [
            *(p + (shared[2:] if p.endswith("业") and shared.startswith("产业") else shared) for p in parts[:-1]),
            parts[-1],
        ]
    return parts


def _with_shared_tail(parts: list[str]) -> list[str]:
    """Items written like the last one's opening share what the last one adds: "文化及相关产业、旅游及相关
    产业增加值占地区生产总值比重" → 文化及相关产业增加值占地区生产总值比重 (the first item's ending, 及相关产业, is where
    the last item's own name ends)."""
    last = parts[-1]
    shared = []
    for part in parts[:-1]:
        ending = part[-4:] if len(part) >= 6 else ""
        at = last.find(ending) if ending else -1
        tail = last[at + len(ending) :] if at > 0 else ""
        shared.append(part + tail if tail and ending not in tail else part)
    return [*shared, last]


def _distribute(phrase: str, count: int) -> list[str]:
    """Split a listed indicator phrase into ``count`` indicators.

    "城镇、农村常住居民人均可支配收入" → 城镇常住居民…, 农村常住居民…; "城乡居民人均可支配收入" (also "城、乡…") → the
    城镇 and 农村 forms, "一二三产增加值" → 一产, 二产, 三产增加值 (``genre.DISTRIBUTED_PREFIXES``); "亩均产值、亩均税收" →
    as listed.
    """
    for joint, members in genre.DISTRIBUTED_PREFIXES.items():
        if phrase.startswith(joint) and len(members) == count:
            return [forms[0] + phrase[len(joint) :] for forms in members]
    parts = [p for p in _LIST_SPLIT.split(phrase) if p]
    if len(parts) != count and phrase.count("、") == count - 1:
        # "文化及相关产业、旅游及相关产业增加值占地区生产总值比重", "金融业、软件和信息服务业增加值": 和/及 inside an
        # item, 、 between items.
        return _with_shared_head(_with_shared_tail(phrase.split("、")))
    if len(parts) == count:
        per_unit = _PER_UNIT_HEAD.match(parts[0])
        if per_unit:
            # "单位国内生产总值用水量、能耗、二氧化碳排放量": the per-unit head goes with every item.
            return [p if _PER_UNIT_HEAD.match(p) else per_unit.group(0) + p for p in parts]
        last = parts[-1]
        head = _SHARED_HEAD.search(last)
        if head and any(len(p) != head.start() for p in parts[:-1]) and any(len(p) > 1 for p in parts[:-1]):
            # "原煤、原油、天然气产量": 产量 is shared, not the last item's text from its 3rd character on
            return _with_shared_head(parts)
        if all(len(p) <= 3 and len(last) - len(p) >= 2 for p in parts[:-1]):
            # "城镇、农村常住居民人均可支配收入": short modifiers share the last item's noun (of two characters at least:
            # "肉蛋奶、蔬菜产量" shares no "量").
            return [p + last[len(p) :] if len(p) < len(last) else p for p in parts]
        return _with_shared_head(parts)
    return [phrase] * count


_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_ONLY_FIGURES = re.compile(r"[\d.%]+")


_ADVERBS_ONLY = re.compile(r"^(?:坚决|全面|圆满|按时|确保|力争|努力|切实|全力|扎实|保质保量|按质按量|全年|年度)+$")
"""What is left of "坚决完成任务", "确保全面完成任务": manner, no indicator."""


def _plausible_indicator(indicator: str) -> bool:
    if len(indicator) < 2 or len(indicator) > 40 or _ADVERBS_ONLY.match(indicator):
        return False
    if not _LETTER.search(indicator):
        return False
    return not _ONLY_FIGURES.fullmatch(indicator)


def _clause_target(clause: str, offset: int, ctx: TargetContext, indicator: str, **fields: object) -> Target:
    """A rules Target quoting the whole clause, with the fields every rule sets the same way."""
    return Target(
        quote=clause,
        char_start=offset,
        char_end=offset + len(clause),
        section_path=ctx.chunk.section_path,
        indicator=indicator,
        indicator_id=indicator_id_for(indicator),
        backend="rules",
        **fields,  # type: ignore[arg-type]
    )


_TAKE_AWAY_AT_END = re.compile(rf"(?:{genre.TAKE_AWAY_VERBS})$")
_FALL_FIRST = re.compile(rf"^(?:全[省市县区]|今年|全年|年内|再|累计)?(?:{genre.DECREASE_VERBS})")
_KEEP_AT = re.compile(genre.MAINTAIN_VERBS)
_KEEP_FIRST = re.compile(rf"^(?:继续)?(?:{genre.KEEP_OPENERS})")


def _make_target(
    clause: str,
    offset: int,
    ctx: TargetContext,
    indicator: str,
    metric: str,
    measure: Measure,
    modality: str | None,
    headline: bool,
    year: int | None,
    verb_context: str,
) -> Target:
    direction = "decrease" if _DECREASE.search(verb_context[-8:]) else "increase"
    if (_TAKE_AWAY.search(verb_context[-8:]) or _FALL_FIRST.match(verb_context)) and not _TAKE_AWAY_AT_END.search(
        indicator
    ):
        # 退出煤炭产能1.5亿吨, 压减省级机关事业单位公用经费15% (the verb opens the clause and governs the whole phrase: the
        # amount falls); 为市场主体减负280亿元 names the relief
        direction = "decrease"
    if _KEEP_AT.search(verb_context[-6:]) or _KEEP_FIRST.match(verb_context):
        direction = "maintain"  # also "保持农产品质量检测总体合格率98%以上": the keeping verb before the indicator
    value = measure.value
    if measure.negative:
        # docs/annotation.md: "增长-5%" is value 5, direction decrease (a decline written as negative
        # growth); outside growth and change a negative number stays negative and is IMPLAUSIBLE.
        if metric in ("growth", "change_pp"):
            direction = "increase" if direction == "decrease" else "decrease"
        else:
            value = -value
    return _clause_target(
        clause,
        offset,
        ctx,
        indicator,
        target_year=year,
        metric=metric,
        value=value,
        value_high=measure.value_high,
        unit=measure.unit,
        qualifier=measure.qualifier,
        bound=bound_of(measure.qualifier, measure.value_high),
        direction=direction,
        modality=modality,
        headline=headline,
    )


_IN_STEP = ("同步", "一致", "相适应")
_RELATIVE = re.compile(
    r"^(?P<ind>.+?)(?:增长)?[与和](?P<ref>经济增长|经济发展|地区生产总值增长|全[国省](?:平均水平)?|经济(?=保持|基本))[^,，;；。]{0,10}?(?:基本)?"
    rf"(?:{'|'.join(_IN_STEP)})(?!的)"
)
"""A measure growing in step with the economy; not a noun so described ("建立与我国国情相适应、与经济发展水平相适应的社会保障
体系", 国务院 2004)."""
_TREND = re.compile(
    r"^(?:力争|确保|争取|努力)?(?:今年)?(?P<ind>[^,，;；。]{2,48}?)(?P<trend>实现正增长|保持正增长|与上年(?:度)?持平|保持不变|"
    r"持续(?:增加|增长|提高|提升)|"
    r"与上年(?:度)?基本持平|继续(?:减少|下降|降低)|只减不增|只增不减|双下降|稳中有降|稳中有升|稳中有增|一年比一年好|持续(?:下降|减少|降低)|进一步(?:下降|减少|降低|缩小)|稳定下降|"
    r"(?<=[入量])(?:要)?(?:继续)?(?:明显)?高于上年|控制在(?:去年|上年)水平|保持(?:去年|上年)水平|(?:实行|实现|保持)?[零负]增长)$"
)
"""Goals against last year without a number: 实现正增长, 与上年持平, 保持不变, 继续下降, 只增不减, 稳中有升 (稳中有增), 一年比一年好,
an input or an increment above last year's (国务院 2007, 2008: "财政支农投入的增量要继续高于上年"), 控制在去年水平, 保持上年水平
and 零增长 ("财政收入增长保持上年水平", 安徽 2020; "行政支出实行零增长", 湖南 2009)
(a listed subject may be long: "单位生产总值能耗、单位生产总值二氧化碳排放量、主要污染物排放量进一步下降")."""
_INCOME_GAP = re.compile(r"[\u4e00-\u9fff]{0,6}收入差距")
"""The one gap a trend narrows that a panel measures (城乡收入差距进一步缩小, 贵州 2021: the income ratio)."""
_RANK_WORDS = ("前列", "第一方阵", "领先水平")
_RANKED = re.compile(
    r"^(?:力争|确保|争取|努力)?(?P<ind>[^,，;；。]{2,20}?)(?P<verb>保持|继续走在|走在|位居|稳居|居|进入|跻身|迈入)"
    rf"(?:全国|全省|全市|全区|同类城市|[^,，;；。]{{0,6}}?)(?:{'|'.join(_RANK_WORDS)})"
)
_AT_LEVEL = re.compile(
    r"^(?:力争|确保|争取|努力)?(?P<ind>[^,，;；。]{2,20}?)达到(?:全国|全省|国际|国内|高收入国家)[^,，;；。]{0,6}?水平$"
)
_ABOVE = ("高于", "快于", "不低于", "低于", "超过")
_ABOVE_AVERAGE = re.compile(
    rf"^(?:力争|确保|争取|努力)?(?P<ind>[^,，;；。、]{{2,24}}?)(?:{'|'.join(_ABOVE)})"
    r"(?:全[国省市](?:平均)?(?:水平)?|经济增速|经济增长|(?:地区)?生产总值增速|GDP增速)(?:、(?:高于|快于)[^,，;；。]{2,12})?$"
)
"""A rate above (or a cost below) a reference: "进出口增速力争高于全国平均水平", "居民收入增速高于经济增速", "…增长快于经济增长",
"单位生产总值能耗低于全省平均水平" (泉州 2006)."""
_RATE_ABOVE = re.compile(
    r"^(?:[^,，;；。]{0,6}?目标是[:：]?)?(?:力争|确保|争取|努力|保证)?(?P<ind>[^,，;；。、]{2,24}?(?:增速|增幅|增长速度|增长幅度|涨幅))"
    r"(?:要|均|继续|持续)?(?:高于|快于|低于|不低于|优于)(?P<ref>(?![^,，;；。]*(?:原则|要求))[^,，;；。\d]{2,16})$"
)
"""A rate set above (or below) another rate or level, whatever it is compared with: "农民收入增速要高于经济发展速度" (绥化 2016),
"确保农村居民人均可支配收入增速快于城镇居民", "保证各级财政农业投入增幅高于经常性收入增幅", "地方财政收入增长速度要高于全部财政
收入增长速度": a relative goal (3.5); the subject names the rate, so the comparison measures it, also after the words
naming it a goal ("我们的目标是贫困地区农牧民人均收入增幅要高于全州平均水平", 海北 2014; "目标是:地区生产总值增速高于…"). Not a principle ("既遵循经济增速
高于国家而且不低于自治区增速的原则", 柳州 2018)."""
_RANKED_GOALS = (
    (_RANKED, _RANK_WORDS),
    (_AT_LEVEL, ("水平",)),
    (_ABOVE_AVERAGE, _ABOVE),
    (_RATE_ABOVE, (*_ABOVE, "优于")),
)
"""Ranked and level goals, each with the words it cannot match without (its search is skipped
on a clause holding none of them: most clauses)."""
_NOT_MEASURABLE = re.compile(r"方面|工作|领域|质量效益")
_MEASURABLE = re.compile(
    r"指数|率(?!先)|收入|增速|增幅|质量|密度|排名|比重|总量|指标|增加值|产值|规模|效率|GDP|生产总值|人数|浓度|投资|排放|能耗|"
    r"支出|消费|产量|赤字|经费|税负|投入|增量|面积|收入差距|总额|增长$"
)
"""A ranked or relative goal needs a measurable subject; 走在前列 alone is a slogan, and so is 率先走在前列 (率先 is no rate)."""
_COUNTED_STOCK = re.compile(r"人员|人口|数量|岗位|天数|成本|债务|余额|存量|吞吐量|事故|耕地|经费|贷款|用地")
"""What a trend goal may count besides ``_MEASURABLE``'s measures: "财政供养人员只减不增" (罗湖 2014, 黔西南 2014), "空气质量优良
天数持续增加" (河南 2025), "就业岗位持续增加" (河北 2006). Not 价格: "工业产品价格持续下降" states a difficulty (国务院 2015)."""
_DOUBLING = re.compile(
    r"^(?:力争|确保|争取|努力|实现)?(?P<ind>[^,，;；。]{2,24}?)(?P<word>翻(?:一)?番|翻两番)(?P<qa>以上|左右)?$"
)
_RATIO_LEVEL = re.compile(
    rf"^(?P<ind>[^,，;；。]{{2,24}}?(?:倍差|系数|比值|之比))(?P<verb>缩小至|缩小到|控制在|降至|降到|下降到|下降至|保持在|为|达到)(?P<v>{ARABIC})(?P<qa>以下|以内|以上|左右)?$"
)
_DELEGATED = re.compile(
    r"完成(?:国家|省|市|上级|省市|省下达|市下达)[^,，;；。]{0,8}?下达的(?P<ind>.+?)(?:计划)?(?:目标|任务)"
)
_AUTHORITY = r"国家|(?:省|市|州|县)(?:政府|上)?|自治区(?:政府)?|上级|省市|省级|[\u4e00-\u9fff]{2,5}(?:省|市|州|盟|地区)"
"""Who sets a quota: 省下达, 上级要求, 呼伦贝尔市确定的目标, 省政府下达 (黄山 2016), 自治区下达 (防城港 2019), 省上下达 (western
provinces' usage: 宜宾 2016, 天水 2018)."""
_DELEGATED_AFTER = re.compile(
    r"^(?:力争|确保)?(?P<ind>[^,，;；。]{2,40}?)(?:均|全面)?"
    rf"(?:(?:完成|控制在)(?:{_AUTHORITY})?(?:下达的?|确定的?|定|考核|(?<=[省市州县])下)?|达到(?:(?:{_AUTHORITY})(?:下达的?|确定的?|定)?|下达的?))"
    r"(?:“[^”]{1,8}”)?(?:年度)?(?:目标任务|目标要求|目标|任务|计划|指标|要求|(?:要求|调控|目标)?范围)(?:的序时进度)?(?:内|以内)?$"
)
_DELEGATED_QUOTA = re.compile(
    r"^(?:全面|确保)?完成(?:国家|省|市|上级|省市|省级)?(?:下达的?)(?P<ind>[^,，;；。]{2,24}?(?:指标|任务|目标))$"
)
_FIVE_YEAR_QUOTA = re.compile(r"^[●·]?(?P<ind>[^,，;；。]{2,24}?)完成[“\"]?十[四五六]五[”\"]?(?:国家|省|市)?考核目标$")
_HEADLINE_TASK = re.compile(r"^完成(?!上述|以上|这些|这一)(?P<ind>.{2,16}?)(?:任务|目标)$")
"""A headline item written as a task to complete ("完成节能减排任务"); "完成上述目标" refers back to the list and names none."""
_QUOTA_TASK = re.compile(
    r"^(?:全面|确保|努力|坚决|坚定不移地?|圆满|力争|按期|保质保量|超额)*完成(?:省定|市定|国家|年度|全年)?"
    r"(?P<ind>[^,，;；。]{2,24}?(?:各项)?(?:年度)?(?:目标任务|任务|目标))$"
)
_QUOTA_FIELD = re.compile(
    r"节能|减排|降耗|降碳|淘汰|落后产能|粮食|征兵|化债|债务|减贫|脱贫|减畜|耕地|控污|造林|保供|财政收入|压减|削减|总量控制|约束性"
)
"""Completing a quota a higher level sets, outside the main targets too (docs/annotation.md 3.5: "完成节能减排降碳任务"):
"全面完成节能减排各项任务" (海拉尔 2012, 2013), "确保完成粮食生产任务" (海南 2026), "坚定不移完成省定淘汰落后产能任务" (恩施 2018),
"完成征兵任务" (高唐 2023), "全面完成减畜任务" (海北 2014): the fields such quotas are set in (energy and emissions, obsolete
capacity, grain, conscription, debt, poverty, farmland, afforestation). "完成各项改革任务" names none."""


_WITHOUT_VALUE_WORDS = re.compile(
    rf"{'|'.join(_IN_STEP)}|{'|'.join(_RANK_WORDS)}|水平|平均|翻|倍差|系数|比值|之比|正增长|零增长|负增长|持平|保持不变|继续|只减不增|"
    r"双下降|稳中有降|持续|进一步|稳定下降|完成|控制在|只增不减|稳中有升|稳中有增|一年比一年好|达到|高于|快于|不低于|低于|优于"
)
"""A word every goal without a value is written with (one per pattern below): most clauses hold none
and are ruled out with one search."""
_VALUE_WORDS = re.compile(r"翻|倍差|系数|比值|之比")
"""The same for the two such goals that still carry a value (翻番, a ratio level)."""


_RATE_NOUN_AT_END = re.compile(r"(增速|增幅|涨幅)(?:力争|确保|要|将|继续)*$")


def _compared_subject(raw: str) -> str:
    """The subject of a relative goal keeps the rate noun it compares ("高新技术企业数增速保持全国前列", "居民消费价格涨幅与
    全国一致"), which ``indicator_text`` strips before a value ("GDP增速5%": the value is the rate)."""
    text = indicator_text(raw)
    rate = _RATE_NOUN_AT_END.search(raw.strip())
    return text + rate.group(1) if rate and not text.endswith(rate.group(1)) else text


def _targets_without_value(
    clause: str, offset: int, ctx: TargetContext, values_only: bool = False, carried: str | Callable[[], str] = ""
) -> list[Target]:
    """Relative ("与经济增长基本同步") and delegated ("完成省下达的…目标") goals have no number;
    doubling ("翻番") and ratio levels ("倍差缩小至1.9") have one but no unit. ``values_only``: only these.
    ``carried``: what doubles when the clause writes only the base ("…生产总值达到700亿元，比2010年翻一番")."""
    if not (_VALUE_WORDS if values_only else _WITHOUT_VALUE_WORDS).search(clause):
        return []
    headline = any(s <= offset < e for s, e in ctx.headline_spans)
    year = ctx.sentence_year or ctx.chunk.year
    if values_only:
        doubling, ratio = _DOUBLING.search(clause), _RATIO_LEVEL.search(clause)
        return (
            _unitless_targets(clause, offset, ctx, doubling, ratio, headline, year, carried)
            if doubling or ratio
            else []
        )
    found: list[tuple[str, str]] = []
    relative = _RELATIVE.search(clause) if any(word in clause for word in _IN_STEP) else None
    if relative:
        national = relative.group("ref").startswith("全")  # "与全国一致" compares a measure; "新疆与全国同步…" a region
        for part in re.split(r"[、和及]", relative.group("ind")):
            indicator = _compared_subject(part)
            if _plausible_indicator(indicator) and (not national or _MEASURABLE.search(indicator)):
                found.append((indicator, "relative"))
    for pattern, words in _RANKED_GOALS:
        ranked = pattern.search(clause) if any(word in clause for word in words) else None
        if ranked:
            indicator = _compared_subject(ranked.group("ind"))
            if (
                _plausible_indicator(indicator)
                and _MEASURABLE.search(indicator)
                and not _NOT_MEASURABLE.search(indicator)
            ):
                found.append((indicator, "relative"))
            break
    doubling = _DOUBLING.search(clause)
    ratio = _RATIO_LEVEL.search(clause)
    if doubling or ratio:
        return _unitless_targets(clause, offset, ctx, doubling, ratio, headline, year, carried)
    trend = _TREND.search(clause)
    if (
        trend
        and trend.group("trend").endswith("缩小")
        and not _INCOME_GAP.fullmatch(indicator_text(trend.group("ind")))
    ):
        trend = None  # "城乡区域发展差距、城乡居民收入和实际消费水平差距进一步缩小" (浙江 2026): gaps described, none measured
    if trend:
        indicator = indicator_text(trend.group("ind"))
        parts = [indicator_text(part) for part in re.split(r"、|和", indicator)]
        if (
            len(parts) > 1
            and not all(_MEASURABLE.search(p) for p in parts)
            and all(len(p) <= 2 for p in parts[:-1])
            and "等" not in indicator
        ):
            # "粮食、油料种植面积稳中有增" (青海 2026): short items share the noun
            parts = _distribute(indicator, len(parts))
        # "单位生产总值能耗、单位生产总值二氧化碳排放量进一步下降": one goal per measurable item of the list
        for part in parts if len(parts) > 1 and all(_MEASURABLE.search(p) for p in parts) else [indicator]:
            if (
                _plausible_indicator(part)
                and (_MEASURABLE.search(part) or _COUNTED_STOCK.search(part))
                and not _NOT_MEASURABLE.search(part)
            ):
                found.append((part, "relative"))
    delegated = (
        (
            _DELEGATED.search(clause)
            or _DELEGATED_AFTER.search(clause)
            or _DELEGATED_QUOTA.search(clause)
            or _FIVE_YEAR_QUOTA.search(clause)
        )
        if "完成" in clause or "控制在" in clause or "达到" in clause  # every quota pattern writes one of them
        else None
    )
    if delegated:
        indicator = re.sub(r"(?:下降|降低|减少)$", "", indicator_text(delegated.group("ind")))
        if not _ADVERBS_ONLY.match(indicator):
            found.append((indicator, "delegated"))
    elif headline:
        task = _HEADLINE_TASK.match(clause)
        if task and not _ADVERBS_ONLY.match(re.sub(r"目标$", "", task.group("ind"))):
            found.append((task.group("ind"), "delegated"))  # not "完成全年目标任务": no indicator named
    elif (quota := _QUOTA_TASK.match(clause)) is not None and _QUOTA_FIELD.search(quota.group("ind")):
        found.append((quota.group("ind"), "delegated"))
    return [
        _clause_target(
            clause,
            offset,
            ctx,
            indicator,
            target_year=year,
            metric=metric,
            headline=headline,
            direction=_delegated_direction(clause) if metric == "delegated" else _direction_without_value(clause),
            modality=genre.modality_in(clause),
        )
        for indicator, metric in found
    ]


def _delegated_direction(clause: str) -> str:
    """A quota's direction follows a falling verb written as the predicate before it ("PM2.5平均浓度下降完成
    省市任务"); inside a noun (节能减排任务, 下降率, 降低任务) or with 控制在…目标内 it stays increase
    (docs/annotation.md, "Direction, relative and delegated")."""
    return "decrease" if re.search(r"(?:下降|减少|降低)(?=完成|达到)", clause) else "increase"


def _direction_without_value(clause: str) -> str:
    if re.search(rf"下降|减少|降低|缩小|{genre.FALLING_TRENDS}|减排|(?<!不)低于", clause):
        return "decrease"
    if re.search(r"高于上年", clause):
        return "increase"  # "…的增量要继续高于上年": above last year's, 继续 notwithstanding
    if re.search(r"保持|继续|持平|不变|(?:去年|上年)水平|零增长", clause):
        return "maintain"
    return "increase"


_DOUBLING_BASE = re.compile(rf"比(?:{genre.YEAR}年|[“\"]?十[一二三四五六]?五[”\"]?末?)$")
"""The base a doubling is counted from ("地区生产总值和财政总收入比2005年翻一番", 龙岩 2006): no part of what doubles."""


def _unitless_targets(
    clause: str,
    offset: int,
    ctx: TargetContext,
    doubling: re.Match[str] | None,
    ratio: re.Match[str] | None,
    headline: bool,
    year: int | None,
    carried: str | Callable[[], str] = "",
) -> list[Target]:
    """ "…增加值翻番" (growth 100 %; one target per measure a doubling names: "地区生产总值和财政总收入比2005年翻一番" is
    two) and ratio levels "收入倍差缩小至1.9以下" (no unit)."""
    if doubling is not None:
        indicator = re.sub(r"[均都]$", "", _DOUBLING_BASE.sub("", indicator_text(doubling.group("ind"))))
        parts = [indicator_text(p) for p in re.split(r"和|、", indicator)]
        if len(parts) > 1 and not all(_MEASURABLE.search(p) for p in parts):
            parts = _distribute(indicator, len(parts))  # "城镇、农村常住居民人均可支配收入均比2010年翻一番" (黄山 2016)
        if len(parts) < 2 or not all(_MEASURABLE.search(p) for p in parts):
            # "比2010年翻一番": only the base is written, what doubles is the previous clause's subject when it has one
            parts = [indicator or _read(carried) or indicator_text(doubling.group("ind"))]
        value = 300.0 if "两" in doubling.group("word") else 100.0
        unit, metric, qualifier, direction = "%", "growth", doubling.group("qa"), "increase"  # 翻一番以上
    else:
        assert ratio is not None
        parts = [indicator_text(ratio.group("ind"))]
        value, unit, metric, qualifier = float(ratio.group("v")), None, "level", ratio.group("qa")
        verb = ratio.group("verb")
        direction = "decrease" if re.search(r"缩小|降", verb) else "maintain" if "保持" in verb else "increase"
    return [
        _clause_target(
            clause,
            offset,
            ctx,
            part,
            target_year=year,
            metric=metric,
            value=value,
            unit=unit,
            qualifier=qualifier,
            bound=bound_of(qualifier, None),
            direction=direction,
            modality=genre.modality_in(clause),
            headline=headline,
        )
        for part in parts
    ]


# --- projects -----------------------------------------------------------------------------------

_STAGE_WORDS = genre.STAGE_WORDS
_STAGE_RE = re.compile(_ANY_STAGE)
_ETC_WORD = r"(?<![高平同均对中初])等(?!级|于)"
"""等 closing a list, not inside a word (高等, 同等, 平等, 中等, 初等, 等级, 等于)."""
_GROUP = re.compile(
    _ETC_WORD
    + r"(?:(?P<n>\d+)(?:个|项|大|条|座|所|家))?(?:总?投资[^,，;；。、的]{1,12}的)?(?P<noun>[^,，;；。、]{0,12}?"
    r"(?:项目|工程|改造|建设|铁路|高速公路|高速|公路|道路|水库|电站|机场|片区|酒店|综合体))"
)
_FACILITY_CHARS = "馆厂场库院墓站园路桥厅心"
"""How the name of a facility ends (…殡仪馆, …水库, …广场, …中心): works written after it (迁建, 扩容, 改造) are works on it,
for the name-endings, 实施's built things and the buildings below alike."""
_PROJECT_SUFFIX = re.compile(
    r"(?:[一二三四五六七八九十\d]+期|工程|项目|产业园|园区|园|基地|中心|电站|电厂|核电|生产线|线|铁路|高铁|高速|公路|"
    r"国道|大道|路|隧道|大桥|桥|码头|港区|港|航道|水库|医院|福利院|学校|中学|小学|学院|枢纽|工厂|厂|段|城|谷|综合体|馆|"
    r"站|街区|街|改扩建|走廊|廊道|新区|小镇|客厅|公园|景区|光伏|风电|储能|管网|场|库|塔|楼|广场|片区|地块|跑道|(?<!门)店|"
    r"经济区|农高区|互贸区|开发区|高新区|保税区|口岸|干管|新院|管廊|商务区|看守所|"
    r"(?<=[东西南北一二三四五六])环|"
    r"示范区|起步区|产业区|水电|通道|直流|迁建|扩建|扩能|改造|外环|内环|环线|联络线|专用线|机场|[东西南北]延|灌区|"
    r"(?<=[\u4e00-\u9fff]{2})(?<![找探选采覆])矿|矿井|管道|管线|枢纽|大街|小区|城际|客专|设施|景观|运河|船闸|大闸|水闸|桥闸|(?<=[\u4e00-\u9fff]{2})闸|敬老院|养老院|卫生院|(?<=[线路段道])[东西南北]延伸|分校|校区|大厦|大楼|修缮|拓宽|院区|酒店|宾馆|饭店|镇区|度假区|"
    rf"宫|苑|厅|阁|碧道|步道|绿道|(?<=[{_FACILITY_CHARS}])(?:新建|改建|扩容|增容|除险加固|提标改造))$"
)
_STAGE_PHRASE = re.compile(rf"(?:{_STAGE_RE.pattern})(?:[和及与并]?(?:{_STAGE_RE.pattern}))*")
"""One stage phrase: "建设和投产", "建成投运", "开工建设"."""
_HEAD_ADVERBS = (
    r"(?:重新|加快|全力|聚力|强力|倾力|重点|扎实|确保|力争|争取|协调|协同|有序|持续|积极|大力|全面|高标准|高水平|高质量|高起点|"
    r"同步|统筹|力促|专班|适时|尽快|尽早|及早|早日|着力|继续|基本|年内|年底前?|年初|年中|上半年|下半年|今年|"
    r"\d{1,2}月(?:份|底|[上中下]旬)?前?|认真|全线|全力以赴|如期|按期|抓紧|加紧|配合(?:市里|省里|上级))*"
)
_NAME_NOISE = re.compile(
    r"^(?:[一二三四五六七八九十]+[是要]|要|对(?![外口])|配合[\u4e00-\u9fff]{0,4}?[做抓]好|突出|下大力气|集中力量|集中(?=抓好|推进|建设|实施)|着重|着力|切实|认真|全线|全力以赴|聚力|强力|倾力|搞好|做好|提前|投运|投用|力保|重新|力促|并(?:开放|投入使用|投入运营|投用|投运)|加紧|加快|推动|促进|推进|抓好|抓紧|狠抓|开展|助力|支持|保障(?!性)|确保|力争|全力|扎实|重点|专班|有序|实施|实现|争取|启动|提速|完成|开工建设|建成|"
    r"开工|建设|新建成?的|新建|改扩建|落地开工|谋划|储备|引进|签约|全面|顺利|尽快|加速|协调|服务(?!业)|绿灯服务|高标准|高水平|高起点|统筹|"
    r"持续|不断|大力|积极|继续|如期|按期|抓紧|以及|做深|做实|运行|运营好|好|今年(?:[\u4e00-\u9fff]{1,4}前)?|年内|年底前|、)+"
)
_ADVERB_AFTER_NAME = re.compile(r"(?:正式|全部|基本)$")
"""Before the stage word of one listed name: "北京儿童医院保定医院正式运营", "白沟河治理工程全部完工"."""
_NAME_TAIL = re.compile(
    r"(?:尽快|尽早|及早|按时|全面|全线|顺利|加快|早日|按期|如期|年内|年底前?|年初|年中|上半年|下半年|当年|今年|建设|项目建设|确保|力争|争取|即将|正在|将|"
    r"常态化|稳健|稳定|达标|满负荷|稳产|满产|量产|(?<!合)并|"
    r"主体|全部|基本|正式|提前|核准并?|\d{1,2}月(?:份|底)?前?|[一二三四]季度(?:前|末)?|(?:国庆|春节|元旦|汛期|汛|[“\"]?(?:十一|五一)[”\"]?)前)+$"
)
"""What stands between a name and its stage word: "南开路中学主体完工" (the main structure), "雪花迁建项目10月份投入使用",
"青粤绿电外送通道尽早核准开工" (the approval before the start)."""
_NOT_A_NAME = re.compile(
    r"有|落实|设立|补短板|(?<!搬迁)(?:入驻|进驻|入园|进园)(?!\S*(?:改造|搬迁|项目|工程))|^开发区$|的|一批|若干|各类|我们|领域|投资$|^总投资|资金|国债|专项债|工具|两重|两新|协议$|部队$|解放军$|预备役|民兵$|^和谐|坚持|病险|^社区|市场调控|诚信|要素|^[省市县区]级|融合工程$|^县域|医联体|融资|上述|^为(?:了|确保)|^星级|^城镇|^城乡|基础设施$|思想|领馆|^安置房|^[一二三四五]级|^历史遗留|互联互通(?:项目)?$|^国际消费|^世界(?:一流|领先)|航线$|热线$|^度假区$|(?:发展|培育|强基|攻坚|振兴|惠民)工程$|家园$|^第[一二三四五六七八九十]批|(?:文化|旅游)带$|^(?:国际|亚太|全球|世界)[^,，、]{0,10}枢纽港?$|^国省道|^大科学装置$|^(?:重大|重点|产业|基础设施|民生|续建|新建)?项目$|^项目|^等|我市|全市|全县|行动|"
    r"机制|政策|制度|办法|体系|改革|试点|战略|深入|^早|自身|^部分|.抓好|.做好|经济走廊$|经济带$|^第[一二三四五六七八九十\d]+轮|共同|凝练|自由贸易港|自贸港|丝绸之路$|(?<![高平同均对中初])等(?![级于])|"
    r"^“[^”]*[一二三四五六七八九十两][^”]*”(?:改造|建设|更新)?$|^[\u4e00-\u9fff]{2}(?:变(?!电)|进)[\u4e00-\u9fff]{2,3}$|^(?:攻坚|狠抓|抓好|做好|加强|进|全部|所有)|重大项目|重点项目|重大产业项目|重大工程|重点工程|工作|任务|(?:开发|提升|管理|服务|发展|处理|处置|收费|运营|治理|整治)$|"
    r"^[\d.]+万?(?:公里|千米|米|平方米|平方公里|亩|公顷)\S*(?:改造|升级|修复|更新|绿化|入地)$|^[\d.]+万?(?:亩|公顷|公里|千米|米)(?!级)"
)
"""Not a project's name: a programme ("全民健身补短板项目"), a policy, a task, firms or services moving in ("推动市区汽配企业入驻
汽配城", 绥化 2016; "推进中职学校入驻南宁教育园区"; 96 names of the lawtext run; not a plant moved, "宜化搬迁入园", "…出城入园
搬迁改造"), or an amount of work ("70万平方米中心城区…房屋改造": a target, ``_WORK_AFTER_EXTENT``)."""


_STRETCH = re.compile(r"\S{2}段(?:工程|项目)?$")
"""A stretch of a line in one place ("国家干线铁路网湖南段工程"): one work, even under a national designation."""
_CODE_NAME = re.compile(r"[A-Z]\d{2,4}|\d+(?:千伏|kV|KV)")
"""G214, S20, 500千伏: a numbered road or line is a concrete project whatever its last word."""
_MAY_BE_CONCRETE = re.compile(
    _PROJECT_SUFFIX.pattern.removesuffix("$") + r"|[A-Za-z0-9]|(?<=\S{2})[两三四五六七八九十][条个座所]|整治|治理|院"
)
"""What a text must hold for a name cut from it to be concrete: a project word anywhere (a name is a
piece of the text, trimmed at its ends), a letter or digit (a code), a count that
``_distribute_type_word`` takes out of a name's middle, the works on a named river (``_named_water_works``), or the end of
the government's own facility (``genre.GOVERNMENT_FACILITY``: 区颐养院)."""
_ABSTRACT_NAME = re.compile(
    r"(?:化|性|思考|谋划|文明|政治|文化|社会|经济|运行|发展|生态|体系|能力|水平|环境|机制|格局|样板|标杆|高地|"
    r"品牌|名片|副中心|强县|强市|强省|强镇|示范县|示范市|共同体|力量|防空|现货市场|生态系统|电路|思路|出路|新路|合作|协同|交流|思维|方式|城市|之城|"
    r"调整|民生|名城|效率|质量|研究|考古|地区|环保|创新|并重|政府|进校园|进社区|进乡村)(?:持续)?$|^[(（]|^[一二三四五六七八九十]+、|"
    r"^“[一二三四五六七八九十\d]+个|^[^“]*”|“[^”]*$"
)
"""Names that end like an aim rather than a thing: 城镇化, 整体性推进, 生态文明, 县域经济高质量发展样板."""
_VERB_START = re.compile(
    r"^(?:聚焦|打造|强化|鼓励|吸引|参与|积极参与|疏解|服务保障|借势借力|借势|借力|改造|提升|深化|优化|完善|培育|在|与|"
    r"对接|服务|严控|设立|组建|融入|积极融入|深度融入|持续开展|开展|分类开展|更多|首批|因地制宜|善于|研究(?![生院所])|"
    r"承接|运用|综合运用|拓展|开拓|通过|结合|"
    r"发展|促进|支持|引导|聚力|围绕|坚持|抓住|用好|做强|做优|做大|做[细实深足好精]|加强|创建|争创|申报|深圳还将|还将|将|构建|布局|共建|高度重视|"
    r"主动|认真|带动|紧盯|增加|用于|监督|严格|控制|运营|从|加大|抓(?!手)|入库|(?:全流程|全周期|全生命周期|全过程|全程|全链条)服务)"
)
_DESIGNATION_START = re.compile(
    r"^(?:全国|全省|全市|国家(?!级|电网)|省级|市级|骨干|区域性|现代化|国际化|一流|高水平|高质量|现代|先进|关键|"
    r"重大|重点|新型|城市(?![东西南北])|县域|乡镇|农村|各类|一批|优质|大型|特色|新一轮|年度|落后|老旧|整体|[千百万]亿级|世界级|多层级)"
)
"""Generic categories and honorary designations: 先进制造业园区, 国家物流枢纽, 城市轨道交通…工程."""
_WORK_NOT_AIM = re.compile(r"[绿美亮硬净洁]化$")
"""绿化, 美化, 亮化, 硬化: works on a place, though they end as an aim (城镇化) does."""
_INSTITUTION = re.compile(
    r"(?:科学院|研究院|研究所|实验室|大学|学会|协会|基金|平台|智库|创新中心|技术中心|研究中心|转化中心|语料库|信息库|"
    r"数据库|资源库|项目库|数据集|班列|合作中心|应用中心|适配中心|验证中心|保护中心|质检中心|计量中心|交易中心)$"
)
_POLICY_ZONE = re.compile(r"高水平|高质量|开放合作|先行区|试验区|先导区|自贸")
_GENERIC_WORKS = re.compile(
    r"^(?:园区|社区|未来社区|老旧小区|城中村|棚户区|农村公路|乡村|县城|城镇|旅游业|城市|道路|管网|基础设施|旧城区|老城区|旧城|"
    r"旧村庄|旧厂房|旧城镇|企业[\u4e00-\u9fff]{0,4}?技术)"
    r"[“”\"]?(?:循环化|微)?(?:改造|建设|提升|更新)"
    r"|^(?:新一轮)?(?:水源地|饮用水水源地|山洪地质灾害|地质灾害|农业面源污染|面源污染|农牧村环境|农村环境|国土|矿山环境|矿山地质环境|"
    r"天然林|公益林|河道|道路|草原|湿地|森林|水土流失|土壤污染|水污染|大气污染|生态)(?:综合)?"
    r"(?:保护|防治|治理|整治|恢复|修复|养护维修|养护|维修|建设)$"
)
"""Work on a kind of thing, not on one thing: 老旧小区改造, 园区循环化改造, 农村公路建设, 旧村庄改造 (三旧改造), 企业节能技术改造;
and on a kind of land or hazard, also in a list the text calls projects ("实施水源地保护、地质灾害防治、农业面源污染防治、农牧村
环境综合治理等项目", 甘南 2016): a programme of works, where a named one names its place (大夏河王格尔塘至曲奥段治理)."""


_GENERIC_MODIFIERS = genre.GENERIC_PROJECT_WORDS
_GENERIC_CATEGORY = genre.GENERIC_CATEGORY


_RIVER_SHUI = r"(?<=[\u4e00-\u9fff]{2})(?<![污供排给饮用雨净节治])水"
"""水 ending a southern river's name (鹅颈水, 楼村水: 光明 2016), not the water of 污水, 供水 or 节水."""
_WATER_WORKS = re.compile(
    r"^(?P<water>(?P<name>[^、，,和及与等“”\"]{1,10}?)"
    rf"(?:河|江|湖|溪|渠|沟|水库|航道|岸线|堤|水系|流域|{_RIVER_SHUI}))"
    r"[^、，,和及与等\d]{0,12}?(?:综合)?(?:整治|治理)(?:工程|项目)?$"
)
_GENERIC_WATER_NAME = re.compile(
    r"^(?:城市|城区|县城|市区|主要|重点|全[省市县区]|中小|黑臭|境内|农村|乡村|病险|山洪|重要|大江大)|^[内江湖支干大小界山沟水入出沿跨护两临滨近]$"
)
"""Kinds of water, not one river's name ("城市河道整治", "中小河流治理", "内河整治", "入河排污口整治"): a river of one character
(辽河, 汾河) is named."""


def _named_water_works(name: str) -> re.Match[str] | None:
    """Works on one named river, lake or canal ("船房河、乌龙河整治", 昆明 2007; "孝义河综合整治", 高阳 2015; "凯里鱼洞河流域综合
    治理", 黔东南 2022; "门楼水库水源地治理", 烟台 2009; "四里河、板桥河、二十埠河、十五里河综合治理工程", 合肥 2008): a project,
    though 整治/治理 alone ends a task ("环境整治"); not the works on a kind of water ("中小河流治理", "病险水库治理", "湖泊和
    中小河流治理", "城市河道整治"). The match (its "water" group ends the river's name, whose works the rivers listed before it
    share), or None."""
    works = _WATER_WORKS.match(name)
    if works is None or _GENERIC_WATER_NAME.match(works.group("name")) or _GENERIC_CATEGORY.match(works.group("name")):
        return None
    return works


def concrete_project(name: str) -> bool:
    """A specific, buildable thing: an entity word at the end (工程, 铁路, 水库, 二期…) or a code (G214),
    not an aim, a designation, a generic category or an institution."""
    if len(name) < 3 or _ABSTRACT_NAME.search(name) or _VERB_START.match(name) or _INSTITUTION.search(name):
        return False
    if _DESIGNATION_START.match(name) and not (
        _CODE_NAME.search(name) or _STRETCH.search(name) or _national_work(name)
    ):
        return False
    section = _SECTION_IN_BRACKETS.search(name)
    if section and (_PROJECT_SUFFIX.search(name[: section.start()]) or section.group(1).endswith(("段", "期"))):
        return True  # "缅气入攀(米易段)", "广昌至吉安(宁都段)": the stretch of a line named in brackets
    return bool(
        _PROJECT_SUFFIX.search(name)
        or _CODE_NAME.search(name)
        or _named_water_works(name) is not None
        or genre.GOVERNMENT_FACILITY.match(name)  # 区颐养院, 区大剧院: the government's own (4.1)
    )


_SECTION_IN_BRACKETS = re.compile(r"[(（]([^()（）]{1,12})[)）]$")
_PHASE = re.compile(r"[二三四五六七八九\d]期(?:工程|项目)?$")


def _national_work(name: str) -> bool:
    """A national designation that names one work: its later phase ("国家超算深圳中心二期", 广东 2026) or the place it is
    built in after 国家 ("国家黑龙江大豆种子基地", 黑龙江 2026), not the national kind (国家物流枢纽)."""
    return name.startswith("国家") and (bool(_PHASE.search(name)) or any(_is_place(name[2 : 2 + k]) for k in (2, 3, 4)))


stage_of = genre.stage_of


_BUILDING_WORDS = "|".join(sorted({*genre.WORK_NAMING_STAGE_WORDS, "新建扩建"}, key=lambda word: (-len(word), word)))
"""The stage words that also name works (``genre.WORK_NAMING_STAGE_WORDS``), longest first, and 新建扩建."""
_PROJECT_CUE = re.compile(rf"{_STAGE_RE.pattern}|进度|抓好|{_BUILDING_WORDS}")
"""Every project pattern below needs a stage word (or 抓好…进度, 抓好…等项目, 扩建… and 新建… at the clause's head): most
clauses hold none."""


def _not_building_at_all(clause: str) -> bool:
    """A campaign ("开展智慧商圈、智慧门店建设", "重点开展…湿地建设、修复工程…等8项工程"; not "开展庆阳机场改扩建前期工作"),
    a setting-up ("推进秦岭国家公园、国家植物园设立"), an arrangement ("实施内地与香港、澳门更紧密经贸关系安排") or a shortfall
    ("加快补上博物馆、文化艺术中心、综合体育场等文体设施短板", 绥化 2016; 1,016 lawtext reports write 补…短板): no stage of
    anything built."""
    campaign = _CAMPAIGN_OPENER.match(clause) and not clause.endswith(("前期工作", "前期"))
    return (
        bool(campaign)
        or clause.endswith(("设立", "安排", "短板"))
        or bool(_CURBED_OR_REPORTED.search(clause) or _PUT_TO_USE.search(clause) or _PREVENTED.match(clause))
    )


_PREVENTED = re.compile(r"(?:坚决|严格|切实|有效)?(?:杜绝|防止|严禁|禁止|遏制|避免|不得|不再|严控|严防|限制)|随着")
"""A clause opening on a verb that keeps something from happening ("坚决杜绝高投入、高消耗、高污染、低效益项目落地",
"坚决防止高能耗、高污染项目引进", "坚决遏制违法违规项目开工建设", "限制一般非生产性项目的建设"): what it names is kept out,
no project aimed at (23 records of 13 scanned reports, none a project). So is one opening on 随着 ("随着云南建设…面向南亚东南亚
辐射中心的加快推进", 西双版纳 2022): the circumstance a plan is set in, not a work of it."""


_PUT_TO_USE = re.compile(r"(?<!投入)(?<!交付)(?<!建成)使用$|(?:综合|高效|充分)利用$")
"""Buildings put to other uses ("推动国家会议中心二期、新国展二期多功能多元化使用", 北京 2025): nothing is built."""


_CURBED_OR_REPORTED = re.compile(r"(?:重复|盲目|违规|违法|低水平)建设|进展顺利|进展良好")
"""Building curbed ("坚决控制…行业盲目投资和重复建设") or progress reported ("邯黄铁路等其他项目前期工作进展顺利"): no stage
of a project aimed at."""


def extract_projects_from_clause(clause: str, offset: int, ctx: TargetContext) -> list[Project]:
    """Named projects with their stage: "开工建设A、B等83个重大项目", "推动A、B尽快落地"."""
    if "断头路" in clause and (dead_ends := _DEAD_END_ROADS.match(clause)) is not None and not _PAST.search(clause):
        return _opened_roads(clause, offset, ctx, dead_ends)
    if _PAST.search(clause) or not _PROJECT_CUE.search(clause) or _not_building_at_all(clause):
        return []
    if clause.startswith("对") and not clause.startswith(("对外", "对口")):
        return []  # "对环保发电、…等前期项目,加强协调服务,促其尽快开工" (清苑 2008): a topic, governed in a later clause
    if (mark := _ITEM_NUMBER.match(clause)) is not None:
        # the quote is the whole clause, its number included (section 2)
        return _quoting(clause, offset, extract_projects_from_clause(clause[mark.end() :], offset + mark.end(), ctx))
    if (cut := _second_list_start(clause)) is not None:
        # "推动A、B竣工和C、D主体完工", "永宁中学完工、三梅中学开建": two lists, each with its own stage
        first, second = clause[: cut - 1], clause[cut:]
        found = extract_projects_from_clause(first, offset, ctx) + extract_projects_from_clause(
            second, offset + cut, ctx
        )
        return _quoting(clause, offset, found)  # each list's records quote the whole clause (section 2)
    if (etc := _ETC.search(clause)) and _not_projects_by_class(clause[etc.start() :], clause[: etc.start()]):
        return []  # "加快市纺织厂、市灯泡厂、市钢铁厂等企业改革步伐" (玉溪 2007): the names are firms, the class says so
    if _LISTED_AS_PLATFORMS.search(clause):
        return []  # "加快建设具身智能训练场、…智能体创新中心等产业创新平台" (广东 2026): the text calls them institutions
    group = _GROUP.search(clause) or _facility_group(clause)
    if group:
        return _group_projects(clause, offset, ctx, group)
    return _bare_projects(clause, offset, ctx)


_DEAD_END_ROADS = re.compile(
    r"^[^、，,]{0,8}?打通(?:中心城区|主城区|老城区|城区|市区|县城)?(?P<names>[^，,；;。：:\d][^，,；;。：:]*?)"
    r"(?:等(?:(?P<n>\d+)条|[一二两三四五六七八九十多]+条|一批)?|(?P<exact>\d+|[两二三四五六七八九十])条)"
    r"(?:城际|城区|市区)?[“\"]?(?:丁字路、)?断头路[”\"]?$"
)
"""打通 before the roads a clause names and the 断头路 they are ("打通药威路、药城大街、滨河大街、康平街等多条断头路", 安国;
"打通福明路、会展路两条“断头路”", 通化 2020; "全力以赴打通侨中路、…、和平南路5条断头路"): each road is opened, complete
(4.2's 打通, as 贯通); about 150 lawtext lines list them so. 打通 governs tasks elsewhere (打通堵点), so only before 断头路."""
_GENERIC_ROAD = re.compile(r"^(?:[“\"]?(?:丁字路|断头路|瓶颈路|梗阻路|断头|微循环)[”\"]?|.*(?:与|之间|镇村|农村).*)$")


def _opened_roads(clause: str, offset: int, ctx: TargetContext, dead_ends: re.Match[str]) -> list[Project]:
    """The roads "打通…等N条断头路" names (``_DEAD_END_ROADS``), each complete; none when an item is a kind of road
    ("打通丁字路、断头路") or a link between places ("打通与周边城市的断头路")."""
    names = [name for name, _ in (_listed_name(raw) for raw in _ENUMERATION_MARK.split(dead_ends["names"]))]
    if not names or any(len(name) < 2 or _GENERIC_ROAD.match(name) for name in names):
        return []
    count = dead_ends["n"] or dead_ends["exact"]
    group_count = int(number) if count and (number := parse_number(count)) is not None else None
    return [_project(clause, offset, ctx, name, "complete", "打通", group_count) for name in names]


def _quoting(clause: str, offset: int, projects: list[Project]) -> list[Project]:
    """Records read from a part of a clause, made to quote the whole clause they stand in."""
    for project in projects:
        project.quote, project.char_start, project.char_end = clause, offset, offset + len(clause)
    return projects


_ITEM_NUMBER = re.compile("^" + _ITEM_MARK)
"""The number of an item in a numbered list of works ("①启动投资3500万元的胡村110千伏变电站建设", 容城 2012;
"(6)六盘水市中医院、…二期建成投用", 六盘水 2021; "(33)启动工人文化宫翻建工程", 齐齐哈尔 2014): not part of a name. "(一)"
numbers a part's heading ("(一)更加注重项目建设"), which names a field of work, not a work."""
_STAGE_THEN_JOINER = re.compile(rf"(?P<stage>(?:{_STAGE_RE.pattern})+)(?:和(?!美)|及|、)(?!{_STAGE_RE.pattern})")
_ENDS_ON_STAGE = re.compile(rf"(?:{_STAGE_RE.pattern})$")


def _second_list_start(clause: str) -> int | None:
    """Where a second list of names starts after a first list's stage and a joiner ("…南渡江龙塘大坝工程竣工和迈湾
    水利枢纽工程、琼西北供水工程主体完工", "确保时代广场城市综合体开工、万家惠农贸市场投入运营"): both lists name their
    projects and end on their own stage word."""
    for joined in _STAGE_THEN_JOINER.finditer(clause):
        names_before = _NAME_NOISE.sub("", clause[: joined.start()])
        rest = clause[joined.end() :]
        if joined.group("stage") in genre.PROGRESS_WORDS:
            continue  # "高质量推进和美乡村片区建设": a verb before names, not a stage after them
        if len(names_before) >= 2 and len(rest) >= 4 and _ENDS_ON_STAGE.search(rest):
            return joined.end()
    return None


_FACILITY_KINDS = (
    "变电站|换流站|电站|电厂|水厂|污水处理厂|处理厂|净化厂|污水处理设施|转运站|水库|公园|广场|学校|中学|小学|幼儿园|医院|卫生院|大桥|"
    "煤矿|矿井|养殖场"
)
"""The kinds of facility a list of bare places may each be (``_FACILITY_NOUN``, ``_SHARED_FACILITY``)."""
_FACILITY_NOUN = re.compile(rf"(?:{_SIZE_CLASS})?[\u4e00-\u9fff]{{0,6}}?(?:{_FACILITY_KINDS})")
"""What a count after 等 counts when it is one kind of facility ("等5个110千伏输变电站", "等8个公园", "等3所幼儿园"), or the
kind 等 names without a count ("大坦沙、猎德、西朗、沥滘等污水处理设施建设", 广州 2003; "伶俐、六景、马巢河、沙井等水质净化厂开工建设",
南宁 2024; "帽峰山、石门、流溪河等森林公园")."""
_FACILITY_WORKS = re.compile(r"(?:建设|改造|新改扩建|改扩建|扩建|新建|迁建|工程|项目|开工|竣工|建成|投产|投运)+$")
_FACILITY_CONDITION_WORDS = r"大中小型|大中型|中小型|大型|中型|小型|重点|新|在建|病险|乡级|镇级|县级|市级|市区|现代化"
_FACILITY_CONDITION = re.compile(rf"^(?:{_FACILITY_CONDITION_WORDS})")
"""Words before a facility that say its size, state or owner ("等3座大中型水库", "等14座病险水库", "等10个镇级污水处理厂"):
what the listed ones are, not a part of each one's name (卧虎山水库, not 卧虎山大中型水库; "潘家窑、大西庄等现代化矿井")."""
_BARE_FACILITY = re.compile(rf"(?:{_FACILITY_CONDITION_WORDS})?(?:{_FACILITY_KINDS})")
"""A kind of facility written alone ("新建幼儿园、中小学16所", 赤峰 2025; "乡级污水处理厂"): how many are built, none named."""
_BARE_PLACE_ITEM = re.compile(r"[\u4e00-\u9fff]{2,5}")
"""A place in a list of facilities: two to five characters (新庄, 清镇百花湖: a county and its lake, 贵阳 2009)."""
_COUNTED_FACILITIES = re.compile(
    rf"(?:{_ETC_WORD}(?:(?P<n>\d+)(?:个|座|所|处|家))?|(?<=[\u4e00-\u9fff])(?P<exact>\d+|[两二三四五六七八九十])(?:个|座|所|处))"
    + r"(?P<noun>"
    + _FACILITY_NOUN.pattern
    + r")(?=$|[,，;；。和的]|建设|改造|改扩建|扩建|除险)"
)
"""等, a count and one kind of facility ("开工建设海湾、马銮湾、忠仑等8个公园"), or a count alone when it counts every item listed
("二廊庙、龙王嘴、沙湖三座污水处理厂", 武汉 2002; "金蟾、岔河、小米、珠市4座中小型水库", 毕节 2014; about 20 lawtext lines)."""


def _places_with_facility(names_text: str, noun: str, count: int | None) -> str:
    """ "完成南湖等5个110千伏输变电站建设" → 南湖110千伏输变电站; "开工建设海湾、马銮湾、忠仑等8个公园" → 海湾公园, …:
    items that write no type word of their own (a place, two to four characters) before a count of one kind of
    facility are each that facility (docs/annotation.md 6.4, a type word shared; the corpus gold's 江南220千伏变电站,
    盐港幼儿园). Items that name their own thing ("海心小学、山海小学等3所学校", "建新变等4座500千伏变电站"), kinds
    ("装备制造等6所重点职业学校") and counts of a class ("等20个先进制造业园区") keep the names as written. Any other text is
    returned as it is."""
    facility = _FACILITY_CONDITION.sub("", _FACILITY_WORKS.sub("", noun))
    if not _FACILITY_NOUN.fullmatch(facility):
        return names_text
    items = [_listed_name(raw)[0] for raw in _ENUMERATION_MARK.split(names_text)]
    if (
        (count is not None and len(items) > count)
        or (count is None and len(items) < 2)
        or not all(
            _BARE_PLACE_ITEM.fullmatch(item)
            and (not _PROJECT_SUFFIX.search(item) or _is_place(item))  # 桐城 is a county, not a 城 of works
            and not _GENERIC_CATEGORY.match(item)
            and item[-1] not in _FACILITY_CHARS + "校中小变"
            and facility[:2] not in item  # "中和湿地等3个湿地公园": the item holds the kind already
            for item in items
        )
    ):
        return names_text
    return "、".join(item + facility for item in items)


def _facility_group(clause: str) -> re.Match[str] | None:
    """等, a count and one kind of facility after places that write no type word ("开工建设海湾、马銮湾、忠仑等8个公园"), or the
    count alone when it counts every place listed ("继续推进金蟾、岔河、小米、珠市4座中小型水库建设", 毕节 2014): read as a list
    the count names (``_places_with_facility``); None when the items name their own things."""
    counted = _COUNTED_FACILITIES.search(clause)
    if counted is None:
        return None
    names_text = clause[: counted.start()]
    if (stage := _stage_before_names(names_text)) is not None:
        names_text = names_text[stage.end() :]
    noun, count = counted.group("noun"), _facility_count(counted)
    if counted.group("exact") and not 2 <= len(_ENUMERATION_MARK.split(names_text)) == count:
        # without 等 the count must be the list's own: "新建、改扩建15所幼儿园" counts what it does not name
        return None
    return counted if _places_with_facility(names_text, noun, count) != names_text else None


def _facility_count(counted: re.Match[str]) -> int | None:
    """The count a ``_GROUP`` or ``_COUNTED_FACILITIES`` match writes, in figures or in words (三座)."""
    written = counted["n"] or counted.groupdict().get("exact")
    if not written:
        return None
    number = parse_number(written)
    return int(number) if number is not None else None


def _group_projects(clause: str, offset: int, ctx: TargetContext, group: re.Match[str]) -> list[Project]:
    if (
        _not_projects_by_class(clause[group.start() :], clause[: group.start()])
        or _HONORARY.search(clause)
        or clause.startswith("任务", group.end())
    ):
        return []  # "…等领域", "等8个重点县建设…": the listed names are fields or places, not projects
    names_text = clause[: group.start()]
    stage_match = _stage_before_names(names_text)
    after = clause[group.end() :]
    noun = group.group("noun")
    stage_raw = None
    if stage_match is not None:
        names_text = names_text[stage_match.end() :]
        stage_raw = stage_match.group(0)
    noun_stage = _STAGE_RE.search(noun)
    after_stage = _STAGE_RE.search(after)
    if noun_stage is not None and noun_stage.group(0) in ("续建", "在建"):
        stage_raw = noun_stage.group(0)
    elif after_stage is not None and stage_raw is None:
        # "提速A、B等重大项目建设和投产": the whole stage phrase after the names, its later stage wins.
        phrase = _STAGE_PHRASE.match(after, after_stage.start())
        stage_raw = phrase.group(0) if phrase else after_stage.group(0)
    elif after_stage is not None and stage_raw in genre.PROGRESS_WORDS:
        # "推动A、B等项目建成投产", "推动A等项目前期工作": the verb before the names only says work goes
        # on; the stage written after them is the record's (docs/annotation.md 4.2, split phrases).
        tail = _STAGE_PHRASE.match(after, after_stage.start())
        stage_raw = f"{stage_raw}…{tail.group(0) if tail else after_stage.group(0)}"
    elif stage_raw is None and noun_stage is not None:
        stage_raw = noun_stage.group(0)
    elif (
        noun_stage is not None and stage_raw in genre.PROGRESS_WORDS and noun_stage.group(0) not in genre.PROGRESS_WORDS
    ):
        # "加快推进伶俐、六景…等水质净化厂开工建设" (南宁 2024): the stage written with the kind after the names is theirs
        tail = _STAGE_PHRASE.match(noun, noun_stage.start())
        stage_raw = f"{stage_raw}…{tail.group(0) if tail else noun_stage.group(0)}"
    if stage_raw is None and _GRASPED_KIND.search(noun) and (grasp := _GRASP_BEFORE_NAMES.match(clause)):
        stage_raw = grasp.group("verb")  # "突出抓好河北动漫产业基地、温泉城在水一方等重大项目": work goes on (4.2)
    if stage_raw is None:
        return []
    if noun == "建设" and not _mostly_named(names_text):
        return []  # "加快城市间高铁、城际铁路、高快速路…等建设": with no word for what they are, kinds are as likely as names
    count = _facility_count(group)
    names_text = _places_with_facility(names_text, noun, count)
    # "…等重大工程" after 实施/启动 names programmes (工业强基, 绿色制造) unless the names are concrete.
    programme = noun.endswith("工程") and "项目" not in noun
    return _projects_from_names(
        clause,
        offset,
        ctx,
        names_text,
        stage_raw,
        count,
        require_suffix=programme,
        called_projects=_calls_projects(noun),
    )


_BUILDING_TASK = re.compile(r"(?:主体工程)?建设任务$")
"""完成…建设任务 (玉溪 2007, 铜川 2010): the works named before it are completed, unlike 完成保交楼、保交房任务 (tasks)."""
_INNOVATION_PLATFORM_WORDS = r"(?:创新|科创|研发|科技)平台"
_INNOVATION_PLATFORM = re.compile(_INNOVATION_PLATFORM_WORDS + "$")
"""What a list after 等 is called when its names are labs and institutes, not works (4.1: parks are 开放平台)."""
_LISTED_AS_PLATFORMS = re.compile(_ETC_WORD + r"[^,，;；。、]{0,8}?" + _INNOVATION_PLATFORM_WORDS)
_WORK_ON_IT = re.compile(r"(?:规划|开发|更新|现代化|提质|提升)?(?:建设|改造|升级|改造提升|改造升级)$")


def _calls_projects(noun: str) -> bool:
    """Whether the words after 等 call the listed names projects: "等19个项目", or a kind of works
    ("等高速公路建设", "等重点片区建设", "等大中型灌区现代化改造"); not a trade or a field ("等七个优势产业的改造升级",
    "等临床专科建设", "等设施建设", "等开发建设": what is done, not what the names are)."""
    if "项目" in noun:
        return True
    kind = re.sub(r"[(（][^)）]*[)）]$", "", _WORK_ON_IT.sub("", noun))  # 国家文化公园(四川段)建设
    if kind.endswith(("设施", "工程")):
        return False
    # Development zones and parks are called 平台 (docs/annotation.md 4.1: "…等开放平台建设").
    if _INNOVATION_PLATFORM.search(kind):
        return False  # "马栏山音视频实验室等创新平台建设": labs and institutes, not parks
    return bool(_PROJECT_SUFFIX.search(kind) or kind.endswith(("平台", "地铁", "煤矿", "酒店", "综合体")))


_LIST_JOINER = ("、", "和", "及", "与")


def _mostly_named(names_text: str) -> bool:
    """Most listed items name one thing, not a kind of thing (``_GENERIC_CATEGORY``): a list closed by 等建设, with no
    word for what its items are, lists kinds as often ("推进生态廊道、自然公园、郊野公园…等建设") as names ("加快珠肇高铁、
    深南高铁…等建设", "加快新市区数字印刷产业园、清苑正迪欢乐世界文化创意园…等建设")."""
    names = _split_names(names_text)
    named = sum(1 for name in names if not _GENERIC_CATEGORY.match(name))
    return named * 2 > len(names)


_GRASPED_KIND = re.compile(r"项目|(?:交通|水利|能源|基础设施)工程$")
_GRASP_BEFORE_NAMES = re.compile(rf"^{_HEAD_ADVERBS}(?:突出|强力|着重)?(?P<verb>抓好)")
"""抓好 opening a list the text calls projects is their stage phrase (ongoing, docs/annotation.md 4.2); elsewhere
抓好 governs any task (抓好粮食生产), so the rules read it only there."""


def _stage_before_names(names_text: str) -> re.Match[str] | None:
    """The stage word that governs a list of names: the last one before them, skipping stage words that are
    part of a listed item — after a joiner ("…、钦州电厂三期以及在建抽水蓄能电站等项目"), inside a name
    ("…、宁夏算力枢纽建设工程、…等重点工程": 建设 before 工程) or closing the last one ("…、再生资源回收网络建设等27个
    …重点项目建设")."""
    found = None
    for match in _STAGE_RE.finditer(names_text):
        inside_name = (
            match.start() > 0
            and (
                names_text.startswith(("工程", "项目", "和", "及"), match.end())
                or match.end() == len(names_text)
                or (match.group(0) == "储备" and names_text.startswith(("基地", "中心", "库", "园"), match.end()))
            )
        )  # "…国税局综合业务用房主体建设和8万平方米广场等工程": 建设 closes an item; "国家煤炭储备基地": a word of a name
        if not inside_name and not names_text[: match.start()].endswith(_LIST_JOINER):
            found = match
    return found


_NOT_BUILDING = re.compile(
    r"(?:提档升级|提质升级|提质增效|做大做强|做优做强|发展|融合发展|高效运行|改革|转型|合作|对接|创建|争创|申报)(?:工作)?$"
)
"""A clause that ends on one of these says what happens to the named things, not that they are built."""
_HONORARY = re.compile(r"创建|争创|申报|申创|申遗|评选|命名")
_CLASS_NOT_PROJECT = re.compile(
    r"^等(?:\d+个)?\S{0,4}?(?:(?:领域|行业|方面|企业(?![^,，;；。、]{0,5}项目)|人员|群体|县|乡镇|村|集聚区|业态|地区|公交)(?![园基厂项])"
    r"|城市(?![^,，;；。、]*项目|公园|绿地|道路|广场)|产业(?=发展|集群|改造|升级|链|转型)(?![^,，;；。、]{0,6}项目))"
    r"|^等(?:建设(?!$|项目)|从事|打造|推进|发展|加快|开展)|^等\S{0,6}?(?:体制|机制|体系)|^等地(?![铁下块标区面])"
)
"""After 等, a class of fields, places or people ("等重点行业", "等8个重点县", "等一流旅游城市", "支持石家庄、唐山…邯郸等地加快
机场建设", 河北 2010: places, not 等地铁; "等产业链" trades, not "等下游产业链项目", 乌海 2025), or a verb
("鞍山、本溪…等建设…基地": the listed names are who builds; "…、涞水祖冲之文化园等建设" ending the clause is what is
built), means the names are not projects. Firms whose works the class names are projects ("推进电机股份、象屿金谷…等企业改扩建
项目", 佳木斯 2019)."""


_PLACES_OR_FACILITIES = re.compile(r"^等\S{0,4}?(?:集聚区|城市)")
_BASES_OF_KINDS = re.compile(r"^等\S{0,6}?(?:特色|主导|优势)\S{0,4}?基地")
"""A kind of base after 等 (特色产业基地, 主导农产品基地): the names before it may be what the bases grow."""
_VERB_BEFORE_BASES = re.compile(r"^\S{0,6}?(?:加快|推进|推动|建设|发展|抓好|实施)")
"""The verb opening a list of what bases grow ("全面推进优质粮油、…"): not part of the first item."""


def _not_projects_by_class(after_names: str, names_text: str) -> bool:
    """``_CLASS_NOT_PROJECT`` after 等, except a class of districts or of city works (集聚区, 城市…) after names most of which
    end as facilities do: "推进上汽通用五菱汽车工业物流园、官塘多式联运物流园、传化公路港、毅德商贸物流城等集聚区建设",
    "加快华润商业中心、三胞广场、园博园友邻汇等城市商业综合体建设" (柳州 2018) name parks and buildings, "打造王府井、天桥
    等演艺集聚区" names places."""
    if _BASES_OF_KINDS.match(after_names):
        listed = _VERB_BEFORE_BASES.sub("", names_text)
        items = [
            re.sub(r"[(（][^)）]*[)）]", "", _NAME_NOISE.sub("", item)) for item in _ENUMERATION_MARK.split(listed)
        ]
        # "加快烤烟、水果、蔬菜、…、畜牧等特色产业基地建设" (红河 2014), "推进优质粮油、畜禽、水产、茶叶、水果等主导农产品基地
        # 建设" (六安 2016): what each base grows, not where it stands ("涿州、高碑店等产业基地" name places)
        return len(items) >= 3 and all(
            len(item) <= 4 and not _is_place(item) and not _PROJECT_SUFFIX.search(item) for item in items
        )
    if not _CLASS_NOT_PROJECT.match(after_names):
        return False
    if not _PLACES_OR_FACILITIES.match(after_names):
        return True
    names = [name for name in names_text.split("、") if name]
    facilities = sum(1 for name in names if _PROJECT_SUFFIX.search(name))
    return len(names) < 2 or facilities * 2 <= len(names)


_KNOWN_SET = re.compile(r"[一二两三四五六七八九十]大(?!道|街|厦|桥|楼)")
"""四大…基地, 三大攻坚战: a known set, not projects unless its members are listed before it (``_members_of_set``); 五大道公园
is a place: 大道, 大街, 大厦 are words."""
_SET_OF_TRADES = re.compile(r"^\S{0,4}?(?:产业(?![园区])|行业|集群)")
"""A set of trades (三大主导产业…, 四大行业), whose members are no works."""


def _members_of_set(clause: str, known: re.Match[str]) -> str | None:
    """The clause with a known set's members named one by one, when they are listed right before it, as many as it counts
    ("企沙、白龙双墩、东兴天鹅湾三大渔港经济区", 防城港 2019 → 企沙渔港经济区、白龙双墩渔港经济区、东兴天鹅湾渔港经济区;
    "秦皇岛港、唐山港、黄骅港三大港口基础设施建设", 河北 2010, whose members end as works already); None for a set of aims
    (三大攻坚战) or of members not listed."""
    count = parse_number(known.group(0)[0])
    listed = _LIST_START.search(clause, 0, known.start())
    if count is None or listed is None:
        return None
    stage = _HEAD_STAGE.match(listed.group(0))  # "重点建设…": the stage word opens the list
    verb = _AROUND_NAMES.match(listed.group(0) + "建设")  # "加快…建设": the verb does
    start = listed.start() + (stage.end() if stage else verb.end("verb") if verb else 0)
    items = _ENUMERATION_MARK.split(clause[start : known.start()])
    if not 2 <= len(items) == count or any(len(item.strip()) < 2 or _GENERIC_CATEGORY.match(item) for item in items):
        return None  # "海上风电、沿海核电、辽西风光、储能四大…基地" (辽宁 2026): kinds of plant, a set of aims
    after = clause[known.end() :]
    if _SET_OF_TRADES.match(after) or len(after) > 12 or _LIST_SPLIT.search(after):
        return None  # "现代医药、汽车机械、时尚休闲三大主导产业…改造": trades; a set followed by more than its kind
    kind = re.sub(r"建设$", "", after)
    if re.fullmatch(r"“?工程”?", kind):
        # "大力推进脱贫攻坚、社会保障、社会治理三大工程" (绥化 2016; 624 lines of 502 lawtext reports count a set of 工程): a
        # set of programmes, whose members are works only when they name a built thing ("园博园、滨湖国际科学交流中心等五大工程")
        named = [item for item in items if _PROJECT_SUFFIX.search(item) or _built_thing(item)]
        return clause[:start] + "、".join(named) + ("建设" if after.endswith("建设") else "") if named else None
    named = [item if _PROJECT_SUFFIX.search(item) else item + kind for item in items]
    return clause[:start] + "、".join(named) + ("建设" if after.endswith("建设") else "")


def _built_thing(name: str) -> bool:
    """A building, a line or a plant, also when 工程 follows it ("机场三期改扩建工程", "京滨城际南段"): not a programme
    ("乡村振兴工程", "城市更新工程"), whose words before 工程 name no thing."""
    bare = re.sub(r"(?:工程|项目)$", "", name)
    return bool(_BUILDING.search(name) or _BUILT_LINE.search(bare) or _works_on_a_named_place(bare))


_BUILT_LINE = re.compile(
    r"(?:铁路|高铁|城际|高速|公路|[^地]段|机场|港|码头|水库|站|电厂|院区|改扩建|扩建|堤防|[一二三四五六七八九十\d]期|枢纽|隧道|大桥|"
    rf"(?<=[{_FACILITY_CHARS}线段港区河观面货湖街楼道])(?:(?:现代化|电气化|提标|扩能|增能)?改造|增容|扩容|除险加固|治理))$"
)
"""What 实施 builds rather than runs: a line, a stretch, a port, a reservoir, a plant, a phase, or works on one."""


_WORKS_ON_A_NAMED_PLACE = re.compile(
    r"^(?P<place>[\u4e00-\u9fff“”]{1,8}?(?:河|江|湖|路|大道|大街|街|巷|桥|坝|水库|片区|组团|古城|古镇|公园|湿地|县|区|镇|乡|村))"
    r"(?:[\u4e00-\u9fff]{0,8}?)(?:绿化|亮化|美化|整治|治理|改造|提升|修复|保护|搬迁|翻建|加固|景观|升级|分流改造|供热|构建)$"
)
"""Works on a place named by its own words (滨河路绿化, 金沙江航道整治, 浑河浑南拦河坝改造, 贺兰县集中供热): what 实施 builds,
as a programme (工业强基, 城市更新) names no place."""
_SCOPE_OPENER = re.compile(
    r"^(?:城区|城市|主城|老城|新城|市区|县城|城镇|城乡|农村|乡村|村庄|全[省市县区]|棚改|配套|沿线|重点|主要|精品|支路|街巷|各)"
)


def _works_on_a_named_place(bare: str) -> bool:
    """Works whose place is named (``_WORKS_ON_A_NAMED_PLACE``), not a scope of places ("城区道路提升改造",
    "农村公路绿化") or a kind made of generic words."""
    works = _WORKS_ON_A_NAMED_PLACE.match(bare)
    if works is None:
        return False
    place = works.group("place")
    if re.search(r"[县镇乡村]$|(?<![保护片景])区$", place) and not _is_place(place):
        return False  # "产粮大县公共服务能力提升": a kind of county, not one
    return not _SCOPE_OPENER.match(place) and not _GENERIC_CATEGORY.match(place)


_BUILDING = re.compile(rf"(?:中心|馆|厅|宫|苑|阁|楼|大厦|广场|(?<=[{_FACILITY_CHARS}])(?:迁建|新建|扩建|改建))$")
"""A building, or one being built anew or moved: what 实施 may name as well as a programme (海拉尔 2016, 2017)."""
_SIZED_KIND = re.compile(
    r"^(?:总?投资)?[\d.]+[万亿]?(?:元|平方米|平方公里|公里|千米|米|亩|公顷|个|所|座|条|家|件|处|户|项|张|套)"
    r"|^(?:\d+|[两三四五六七八九十]+)大(?!道|街|厦|桥|楼)(?=[\u4e00-\u9fff]{2})"
)
"""A name opening with a size or a count is a kind counted or sized: 10万平方米职工住宅小区, 5大微短剧基地, 7大…生产基地."""
_STAGE_RUN = re.compile(rf"(?:{_STAGE_RE.pattern})+")
_STAGE_AT_END = re.compile(rf"(?:{_STAGE_RE.pattern})(?:[并和]?(?:{_STAGE_RE.pattern}))*(?:工作|开放|开园|开馆)?$")
_STAGE_ENDINGS = (*(word for word, _ in _STAGE_WORDS), "工作", "开放", "开园", "开馆")
"""How a clause matching ``_STAGE_AT_END`` ends: most clauses are ruled out without the search."""
_LIST_MARK = r"(?:[一二三四五六七八九十]+[是要]|其[一二三四五六七八九十]是)?"
"""一是, 其二是: the list mark a clause of a county report opens with ("一是加快景区、景点建设")."""
_HEAD_STAGE = re.compile(rf"^{_LIST_MARK}{_HEAD_ADVERBS}(?P<stage>{_STAGE_RE.pattern})")
_HEAD_BUILDING = re.compile(
    rf"^{_LIST_MARK}{_HEAD_ADVERBS}(?P<stage>(?:{_BUILDING_WORDS})(?![成])"
    r"(?:[和、及](?:改扩建|扩建|改建|整修|提升|改造))?)(?![和、及])"
)
"""A clause opening on the building it does ("扩建厦门大学附属第一医院杏林分院", 厦门 2021; "扩建北林精神病院", 绥化 2016;
"新建东川工业园工业废水处理厂", 西宁 2017): the stage words that also name works (``genre.WORK_NAMING_STAGE_WORDS``: 新建,
扩建, 改扩建…), which the checks know and the rules read only here, before the names: inside a list they end a name as often
("区三院改扩建", "福耀玻璃三期扩建")."""
_AROUND_NAMES = re.compile(
    rf"^{_LIST_MARK}{_HEAD_ADVERBS}(?P<verb>加快推进|加快|推进|推动|加速|抓好|抓紧|全力保障|保障|建好|力促)(?P<names>.+?)"
    r"(?P<called>项目)?的?(?P<tail>(?:(?:开发|搬迁)?建设)(?:进度|步伐|进程)?|进度)$"
)


_WORK_ON_THE_NAMED = re.compile(r"的?(?:开发|搬迁)?$")
"""What is done to the named things before the stage word at the clause's end ("抓紧腰山王氏庄园开发建设", "完成职教中心、
腰山中学、县幼儿园的搬迁建设", 顺平 2008; "加快松北新区开发建设", 哈尔滨 2002; 开发建设 closes 259 clauses of lawtext's
2,945 reports): not part of the last name."""


def _bare_projects(clause: str, offset: int, ctx: TargetContext) -> list[Project]:
    if _HONORARY.search(clause):
        return []  # honorary titles (创建…示范区) are not projects
    if (known := _KNOWN_SET.search(clause)) is not None:
        members = _members_of_set(clause, known)
        if members is None:
            return []  # known sets (四大…基地, 三大攻坚战) are not projects
        # "重点建设照金香山、玉华宫、药王山、陈炉四大景区" (铜川 2010): the set's members are named before it, each a project
        return _quoting(clause, offset, _bare_projects(members, offset, ctx))
    # "推动利安隆二期、众卡二期尽快落地" / "确保兰韵西路建成通车": names, then the stage at the clause end.
    tail = _STAGE_AT_END.search(clause) if clause.rstrip("\n").endswith(_STAGE_ENDINGS) else None
    if tail and _ONLY_PROGRESS.fullmatch(tail.group(0)):
        tail = None  # "…武装头脑、指导实践、推动工作": driving work on, no stage of what is listed
    if tail and tail.start() > 0 and not clause.startswith("把"):  # "把基层医院和外出农民工…等全部纳入": who is covered
        names_text = _WORK_ON_THE_NAMED.sub("", _NAME_TAIL.sub("", _NAME_NOISE.sub("", clause[: tail.start()])))
        if tail.group(0).startswith("前期"):
            names_text = names_text.removeprefix("加强")  # "加强璧山机场、渝贵高铁等前期工作": their planning
        names_text = re.sub(r"等(?:一批|\d+个)?$", "", names_text)
        lead_verb = None
        if (lead := _LEAD_IN.match(names_text)) is not None:
            names_text, lead_verb = _NAME_NOISE.sub("", names_text[lead.end() :]), lead.group("verb")
        listed = ("、" in names_text or bool(_GROUP_JOIN.search(names_text))) and "等" not in names_text
        if listed or (_PROJECT_SUFFIX.search(names_text) and len(names_text) <= 20):
            stage_raw = re.sub(r"工作$", "", tail.group(0))
            head = _HEAD_STAGE.match(clause)
            before = head.group("stage") if head else lead_verb
            if before and genre.stage_named(before) not in (None, genre.stage_named(stage_raw)):
                # "启动涞涞易北京康养基地建设": a stage word before the names and 建设 after them are one
                # split phrase (启动…建设), whose firmer stage is the record's.
                stage_raw = f"{before}…{stage_raw}"
            return _projects_from_names(clause, offset, ctx, names_text, stage_raw, None, require_suffix=not listed)
    if _NOT_BUILDING.search(clause):
        return []
    # "开工建设台州国际科学家创业基地", "加快台州国际博览中心建设": stage, then names.
    around = _AROUND_NAMES.match(clause)
    if around and not _STAGE_RE.search(around.group("names")):
        names = around.group("names") + (around.group("called") or "")
        # The stage phrase as written around the names (加快…建设, 抓好…进度): what STAGE_NOT_IN_QUOTE reads.
        stage_raw = f"{around.group('verb')}…{around.group('tail')}"
        return _projects_from_names(clause, offset, ctx, names, stage_raw, None, require_suffix=True)
    head = _HEAD_STAGE.match(clause) or _HEAD_BUILDING.match(clause) or _grasped_works(clause)
    if head:
        names_text, stage_raw = clause[head.end() :], head.group("stage")
        if _WORK_ON_KINDS.search(names_text) or _FIELDS_AFTER_ETC.search(names_text):
            # "推进正阳路…、朝阳路、向阳路等主要街道亮化工作": work on a kind of thing, not on named projects;
            # "推动社会资本进入基础设施、公共事业、现代服务等领域": fields
            return []
        if names_text.startswith("实施"):
            names_text, stage_raw = names_text[2:], stage_raw + "实施"  # 启动实施…工程: a programme, as 实施…工程
        names_text = _WORKS_AFTER_NAMES.sub("", names_text)
        return _projects_from_names(clause, offset, ctx, names_text, stage_raw, None, require_suffix=True)
    return []


_HEAD_GRASP = re.compile(rf"^{_LIST_MARK}{_HEAD_ADVERBS}(?:突出|着重|进一步)?(?P<stage>抓好)")
_GRASPED_WORKS_END = re.compile(
    r"(?:改造|改造升级|升级改造|提升改造|改造提升|修缮|维修加固|扩建|改扩建|建设)(?:工作|任务)?$"
)


def _grasped_works(clause: str) -> re.Match[str] | None:
    """抓好 opening named works that the clause closes on a work ("抓好宝光路、北环路、川陕路东段改造", 宝鸡 2014; "抓好哈黑公路
    兰青明段升级改造", 绥化 2016; "抓好满族博物馆、乌拉街“三府”修缮工作", 吉林 2015): the stage word of the guideline's table
    (4.2, ongoing). Elsewhere 抓好 governs any task (抓好粮食生产, 抓好安全生产) or a programme (抓好…安居工程), so the clause
    must close on a work on built things (not 工程 or 项目) and the names must still be concrete."""
    return _HEAD_GRASP.match(clause) if _GRASPED_WORKS_END.search(clause) else None


_WORKS_AFTER_NAMES = re.compile(
    r"(?<=[路街道桥巷城墙园场馆楼堤])(?:整治提升|改造提升|提升改造|升级改造|改造升级|提质改造|维修加固|加固维修|翻修|整修|维修|修缮)$"
)
"""The works a completed or started list of roads and buildings receives ("完成南环路、恒山路改造提升", "完成雕刻大道整治提升",
曲阳 2020; "完成白石口长城和乌龙沟长城维修加固", 涞源 2022): the names are the roads and buildings, and the works word had
kept the last name (or the only one) from being read. The look-behind keeps a name to strip the works from."""


_LEAD_IN = re.compile(
    r"^[^、，,“”\"]{1,8}?(?P<verb>加快|实施|实现|基本完成|完成|力争|争取)(?=[^、]{2})(?![一二三四五\d]期)"
)
"""Who or when, then the verb that governs the names ("禅城加快祖庙东华里、东平河北岸片区建设", "上半年完成南昌国际集装箱
码头建设", "按期实现地铁2号线、3号线东南环线通车", "启动和加快桃源陬市、…等码头建设"): not part of the first name (the scan's names had kept it: 禅城加快祖庙东华里, 上半年完成南昌国际集装箱码头). A
phase after the verb is the name's own ("清流河基本完成二期工程建设")."""
_ONLY_PROGRESS = re.compile(
    rf"(?:{'|'.join(w for w in genre.PROGRESS_WORDS if not w.endswith(('建设', '建好', '实施')))})工作"
)
_FIELDS_AFTER_ETC = re.compile(rf"{_ETC_WORD}\S{{0,6}}(?:领域|行业|方面|企业)$")
_CAMPAIGN_OPENER = re.compile(r"(?:重点|着力|大力)?(?:深入|广泛|持续|全面)?开展")
_WORK_ON_KINDS = re.compile(rf"{_ETC_WORD}[^、]*工作$")


_NOT_ONE_THING = re.compile(
    r"(?:房屋|住房|旧里|城中村|棚户区|旧区|路网|管网|电网|水网|危旧房|危房|校舍)\S{0,4}改造$|地区\S*改造$|加强|重要|模式项目$|类项目$|推进|推动|打造|构建|开展|升格|参与|融入|布局|盯|发展[和及与、]|(?:行业|服务业|制造业)\S*(?:改造|升级)$|^产业\S*(?:改造|升级)$|(?<!样)式$"
)
"""A verb inside the name ("武汉大力推进国际研发中心城市", "济南协同打造…枢纽": a clause, not a name; 共建 may
name a park, 湘琼…共建产业园), work on a whole trade ("重点行业超低排放改造", "水泥行业…全流程超低排放改造") or a manner
("探索人才订单式、一站式、团队式引进", 丽水 2023: 式 names how, not what)."""
_SLOGAN_PROGRAMME = re.compile(
    r"“[^”]{1,8}”(?:重点|重大)?(?:工程|行动|计划|引荐项目|项目)$|^“[^”]{1,8}”\S{1,2}工程$|^\S{2,4}[兴强][市县区省旗州保]工程$"
)
"""“三名”工程, “双千工程”引荐项目, “两重”项目, 人才兴保工程, 科教兴市工程: a campaign named by a slogan, not a construction."""


def _is_place(name: str) -> bool:
    """A bare place name (鞍山, 册亨县) is where something happens, not what is built."""
    from extractor.regions import is_division_name

    return is_division_name(name)


_PLANT_AIM = re.compile(r"(?:一体化|产业化)$")
"""What a plant is built for, named as its aim ("明阳电氢醇一体化等项目", "岳阳乙烯炼化一体化"): a project when the text
calls the list projects."""
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_BARE_TYPE_WORD = re.compile(
    r"(?:铁路|快速铁路|高速铁路|高铁|城际|城际铁路|高速|高速公路|(?:高等级|[一二]级)?公路|机场|通用机场|水库|大桥|隧道|管道|电站|电厂|外送通道|输电通道|煤矿)"
    r"(?:[\u4e00-\u9fff]{1,4}段)?"
)
"""A type word a list's last item adds to the items before it, with the stretch it builds there ("纳雍至晴隆、六枝至安龙高速
公路境内段", 六盘水 2021; "浦建龙梅、长泉快速铁路三明段", 三明 2011)."""
_WATER_END = re.compile(rf"(?:河|江|湖|溪|渠|沟|水库|{_RIVER_SHUI})$")
"""A river's or lake's name (``_RIVER_SHUI``: southern rivers are called …水)."""
_BUILDING_END = re.compile(r"(?:学|校|院|馆|楼|厦|所)$")
_WORKS_TAIL = re.compile(
    r"(?<=[中小学校院馆厂站场库园楼心])(?:改扩建|扩建|改建|迁建|新建|提标改造|改造)(?:工程|项目)?$"
)
"""Works written once after a list of buildings ("…第五中学扩建工程"), shared by each."""
_ROUTE = re.compile(
    r"[\u4e00-\u9fff]{2,8}?至[\u4e00-\u9fff]{2,8}?|[\u4e00-\u9fff]{2,4}(?:—{1,2}|－)[\u4e00-\u9fff]{2,4}"
)
"""A line named by its two ends (西宁至成都, 库布其至上海, 阜阳—淮北), as lists of roads, railways and power lines write them."""
_PLACE_LIKE = re.compile(r"[\u4e00-\u9fff]{1,4}[省市县区旗盟州镇乡]")
"""A place written with its level (科右前旗, 德江县), also one the division table spells otherwise."""


def _ends_share_type(head: list[str], last: str, names: list[str]) -> list[str]:
    """ "蒙西至京津冀、库布其至上海外送通道" → 蒙西至京津冀外送通道, 库布其至上海外送通道; "科右前旗、科右中旗、乌拉盖通用
    机场" → 科右前旗通用机场, …; "桃李中学、三中分校、第五中学扩建工程" → 桃李中学扩建工程, …: lines named by their ends,
    places written with their level, or buildings, before a last item that adds a bare type word or the works on it
    share it (guideline 6.4)."""
    if last.endswith("总部") and len(last) > 4 and not any(_PROJECT_SUFFIX.search(n) or len(n) > 6 for n in head):
        return [n + "总部" for n in head] + [last]  # "推动中国中化、中国华能总部建成投用": each company's headquarters
    works = _WORKS_TAIL.search(last)
    if works and all(_BUILDING_END.search(n) for n in head):
        # "桃李中学、三中分校、第五中学扩建工程": the works on the last building go with each building before it
        return [n + works.group(0) for n in head] + [last]
    if any(_PROJECT_SUFFIX.search(n) or _BARE_TYPE_WORD.search(n) for n in head):
        return names  # "临河至哈密铁路、乌兰浩特至阿尔山铁路": each item names its own type
    routes = all(_ROUTE.fullmatch(n) for n in head)
    if not routes and not all(_PLACE_LIKE.fullmatch(n) or _is_place(n) for n in head):
        return names
    for cut in range(2, len(last) - 1):
        tail = last[cut:]
        if _BARE_TYPE_WORD.fullmatch(tail) and (_ROUTE.fullmatch(last[:cut]) if routes else cut <= 5):
            return [n + tail for n in head] + [last]
    return names


def _abbreviations_share_type(head: list[str], last: str, names: list[str]) -> list[str]:
    """ "雄保忻、保张、保沧铁路" → 雄保忻铁路, 保张铁路, 保沧铁路: abbreviations of two or three characters (of the
    places a line joins) before a last one that adds only a bare type word share it, whatever their widths; the run of
    them just before the last, when full names open the list ("京哈高速改扩建、本桓、凌绥、台黑高速公路")."""

    def abbreviation(name: str) -> bool:
        return 2 <= len(name) <= 4 and bool(_CJK_ONLY.fullmatch(name)) and not _PROJECT_SUFFIX.search(name)

    run = len(head)
    while run > 0 and abbreviation(head[run - 1]):
        run -= 1
    if run == len(head) or (run and not all(_PROJECT_SUFFIX.search(n) for n in head[:run])):
        return names  # "R1线、雄商高铁": a first item that is a name of its own takes nothing
    for width in (2, 3, 4):
        tail = last[width:]
        if _BARE_TYPE_WORD.fullmatch(tail):
            return head[:run] + [n + tail for n in head[run:]] + [last]
    return names


def _distribute_type_word(names: list[str]) -> list[str]:
    """ "徐水、曲阳城镇污水处理厂" → 徐水城镇污水处理厂, 曲阳城镇污水处理厂; "容易、安大两条建材通道" →
    容易建材通道, 安大建材通道: short names before a last name that carries the type word share it."""
    if len(names) < 2:
        return names
    head, last = names[:-1], re.sub(r"(?<=\S{2})[两三四五六七八九十\d]+[条个座所]", "", names[-1])
    width = len(head[0])
    if all(_GENERIC_CATEGORY.match(n) for n in names):
        return names  # "电网、通信、供排水设施": kinds written short, not places or owners sharing a type word
    water = _named_water_works(last)
    if water and all(_WATER_END.search(n) for n in head):
        # "完成船房河、乌龙河整治" (昆明 2007), "全面推进辽河、浑河、白塔堡河、南北运河综合整治" (沈阳 2010): the works on
        # the last river go with each river before it, whatever the widths of their names
        return [n + last[water.end("water") :] for n in head] + [last]
    if not all(len(n) == width and (width == 2 or (width <= 4 and _is_place(n))) for n in head):
        shared = _abbreviations_share_type(head, last, names)
        if shared is names:
            shared = _ends_share_type(head, last, names)
        return shared if shared is not names else _places_share_facility(head, last, names)
    prefix = width
    if width == 2 and not _is_place(last[:2]) and _is_place(head[0]):
        # "西宁、格尔木国家物流枢纽" (青海 2026): a place of two characters before one of three or four
        prefix = next((k for k in (3, 4) if _is_place(last[:k])), 2)
    if width > 2 and not _is_place(last[:width]):
        # "高碑店、高阳B型保税物流中心": the last item's own place may be shorter or longer than the first's.
        found = next((k for k in (2, 3, 4) if _is_place(last[:k])), None)
        if found is None:
            return names  # "松花江…、东部两江三期工程": the last item opens with no place, so nothing is shared
        prefix = found
    tail = last[prefix:]
    if (
        len(tail) < 2
        or not _PROJECT_SUFFIX.search(tail)
        or re.search(r"[和及与至]", tail)  # "…、永漳、湄洲湾至重庆三明段": a line named by its ends shares no type word
        or re.fullmatch(r"[大学院校]+|河谷|山区|平原|流域", tail)
    ):
        return names
    return [n + tail for n in head] + [last]


def _places_share_facility(head: list[str], last: str, names: list[str]) -> list[str]:
    """ "白沙洲、余家头、金口、阳逻自来水厂新改扩建工程" (武汉 2012) → 白沙洲自来水厂新改扩建工程, …: places that write no type word
    of their own, of any width, before a last place whose one kind of facility (``_FACILITY_NOUN``, the works on it after)
    each of them is, as after 等 (``_places_with_facility``)."""
    listed = "、".join(head)
    for prefix in (2, 3, 4):
        tail = last[prefix:]
        facility = _FACILITY_WORKS.sub("", tail)
        if _SHARED_FACILITY.fullmatch(facility) and _places_with_facility(listed, facility, None) != listed:
            return [n + tail for n in head] + [last]
    return names


_SHARED_FACILITY = re.compile(rf"(?:自来|城镇|森林|湿地)?(?:{_FACILITY_KINDS})")
"""The kind of facility a last listed place adds to the places before it, whole ("自来水厂", not "水厂" of 自来水厂; "公园",
not "湾公园" of 马銮湾公园)."""


_APPOSITION = re.compile(r"^[^、，,]*——(?=\S)")
"""A kind, then the name it stands for after a dash: "一座标志性公园——海拉尔河湿地公园" names the park."""
_TOTAL_AFTER_NAMES = re.compile(r"共[\d.]+\S*$")
"""The total the names add up to, written after them: "14号线、18号线部分区段共61公里轨道交通线" (a target)."""
_KINDS_OPENER = re.compile(r"^(?:各类|各种|各级|各项|一批|若干|一些|部分)")
"""Kinds, not names, follow: "建设各类有形、无形网络通道", "新建一批商贸中心、配送中心、…平价商店" (黔西南 2014), "新建和改扩建部分
县区图书馆、文化馆(群艺馆)和博物馆" (西宁 2017)."""
_INVESTMENT_BEFORE_NAME = re.compile(r"^总?投资[^的]{0,12}?元[^的]{0,3}的")
"""An amount invested before a name ("投资43.9亿元的六九硅业二期"); an amount has its 元 ("推动投资消费形成…的良性循环" has none)."""
_AMOUNT_BEFORE_NAME = re.compile(r"^[\d.]+[万亿]?元的")
"""The amount alone before a later item of a list whose first item is priced ("投资80亿元的韩国GS集团石墨显示面板、10亿元的
裕同集团印刷包装…等项目", 鸡西 2016; 114 lawtext lines list so): invested too. Alone it may size anything ("完成37.8亿元的
年度投资计划")."""
_CLAUSE_MARK = re.compile(r"[,，;；。]")
_MODIFIED_BY_LIST = re.compile(r"(?<![\d元])的")
"""的 in a list's last member (not after an amount, "总投资10亿元的"): the members modify one noun."""
_MACRO_DESIGNATION = re.compile(
    r"^(?:西部|中西部|东部|中部|东北(?!亚)|西南|西北|华东|华南|华北|华中|全国|全球|巴蜀|成渝|川渝|长三角|京津冀|粤港澳|山地|数字|"
    r"海峡西岸|冀东|冀中南|环渤海|北部湾|长江|黄河|珠江|淮河)"
    r"(?![^,，]*(?:电力|输电|管道|铁路|公路|工程))[^,，]*(?<!体育|博览|会展|展览|会议)(?:中心|枢纽|走廊|通道|高地|新城|经济区|经济带)$"
)
"""A region's function named after a macro-region ("西部金融中心", "巴蜀文化旅游走廊", "西部陆海新通道", "东北海陆大通道"): a
designation, not a work (a power line or a railway so named is one, and so is a hall: "华中汽车金融博览中心", 荆门 2016;
东北亚 is not 东北: "东北亚体育中心", 牡丹江 2014)."""
_SLOGAN_FOR_PLACE = re.compile(
    r"^(?:平安|法治|数字|美丽|健康|文明|幸福|和美|实力|开放|宜居|生态|活力|智慧|诚信|技能|绿色|人文|创新)(?P<place>.{2,4})$"
)
"""A campaign for a place: 平安陕西, 数字济南; "建设实力容城、开放容城、…生态容城" (容城 2012), "技能洛阳" (新安 2024)."""
_ETC = re.compile(_ETC_WORD)
_GROUP_JOIN = re.compile(
    r"(?:(?<=[厂站园区馆院路桥港线场库心地道目程期延室纽楼廊])|(?<=高速|高铁|城际))(?:以及|[和及])(?![早时])(?=\S)"
)


_TYPE_WORD_START = re.compile(rf"(?:{_GENERIC_MODIFIERS})")
_PLACE_END = re.compile(r"[江河湖山县区镇乡村]$")


def _pair_sharing_type_word(first: str, second: str) -> list[str] | None:
    """ "正阳和呼伦社区文体馆" → 正阳社区文体馆, 呼伦社区文体馆; "巢湖和新安江流域防洪治理工程" → 巢湖流域…, 新安江流域…: a short
    place, 和, and a place of about its width whose type words follow. None when the second part does not read so
    ("白沟和道国际箱包交易中心" is one place's centre, "敦牡和四梅集扩能" two lines without a type word)."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,3}", first) or _GENERIC_CATEGORY.match(first):
        return None
    type_word = second[len(first) :]
    if _BARE_TYPE_WORD.fullmatch(type_word) and not _PROJECT_SUFFIX.search(first):
        return [first + type_word, second]  # "连盐和沪通铁路" (江苏 2010): two lines' abbreviations, one type word
    for width in (len(first), len(first) + 1):
        place, tail = second[:width], second[width:]
        if (
            len(tail) >= 3
            and _TYPE_WORD_START.match(tail)
            and (width == len(first) or _PLACE_END.search(place))
            and (_is_place(first) or _is_place(place) or _PLACE_END.search(first))
        ):  # not "涿州义和庄空港产业基地", one place whose name holds 和
            return [first + tail, second]
    return None


_COUNTED_NAMES = re.compile(
    r"^(?P<items>[^，,；;。]{2,40}?)(?<![\d.])(?P<n>[两二三四五六七八九]|[2-9])(?:个|座|所|处|条|家)(?P<noun>[\u4e00-\u9fff“”]{2,16})$"
)


def _names_counted_once(names_text: str) -> str:
    """ "哈萨尔和东升路两个市民广场", "友联、友好两个新村的二期工程": the places listed, then their count and the noun they share;
    the count equals the places, so each is a name with the noun (6.4). Any other text is returned as it is."""
    counted = _COUNTED_NAMES.match(names_text)
    if counted is None or counted.group("items").endswith("等"):
        return names_text  # "邵永、铜吉…等6条高铁": the class word after 等 is not the names' (6.6)
    items = [i for i in re.split(r"、|和|及", counted.group("items")) if i]
    n = counted.group("n")
    if len(items) != (int(n) if n.isdigit() else genre.CN_DIGIT.get(n, 0)) or any(len(i) > 12 for i in items):
        return names_text
    noun = counted.group("noun").replace("的", "", 1)
    return "、".join(item + noun for item in items)


_COUNT_OPENING = re.compile(r"^[\d一二两三四五六七八九十]+[个所座条家件处]")
"""An item opening on a count ("一所幼儿园", "3个停车场"): things counted, not named."""


def _split_names(names_text: str) -> list[str]:
    """Listed names: split at 、, and at 和/及 where the part before ends like a project
    ("建成徐水、曲阳城镇污水处理厂和顺平、阜平垃圾焚烧发电厂" is two lists, each sharing its type word)."""
    names: list[str] = []
    for group in _GROUP_JOIN.split(names_text):
        members = []
        for raw in _ENUMERATION_MARK.split(group):  # not inside brackets: "各县(市、区)物流园" is one item
            raw = _ETC.split(raw)[0] if _ETC.search(raw[1:]) else raw
            parts = re.split(r"以及|和|及", raw)
            if len(parts) == 2 and _INVESTMENT_BEFORE_NAME.match(parts[1]) and len(parts[0]) >= 2:
                members.extend(parts)  # "投资2.85亿元的凯隆亿盛和投资2.54亿元的华悦鞋服项目": each priced, two items
            elif (
                len(parts) == 2
                and all(_PROJECT_SUFFIX.search(p) or _ROUTE.fullmatch(p) for p in parts)
                and not parts[1].startswith("配套")  # "30万吨级矿石码头及配套航道": the works that serve the first
            ):
                members.extend(parts)
            elif len(parts) == 2 and all(_is_place(p) for p in parts):
                members.extend(parts)  # "…产业基地、涿州和涞水、涞源战略新兴产业基地": places in the list, joined by 和
            elif len(parts) == 2 and members and _as_wide_as(parts[0], members) and len(parts[1]) > len(parts[0]) + 1:
                members.extend(parts)  # "建成宝桥、后西和仓基变电站工程": 和 before a list's last item, as lists end
            elif len(parts) == 2 and (pair := _pair_sharing_type_word(parts[0], parts[1])):
                names.extend(pair)  # "正阳和呼伦社区文体馆": two places sharing the type word written once
            else:
                members.append(raw)
        names.extend(_distribute_type_word(_numbered_members([m.strip() for m in members if m.strip()])))
    return [n for n in names if not _COUNT_OPENING.match(n)]


def _as_wide_as(item: str, members: list[str]) -> bool:
    """An item before 和 as short as the list's items before it, all of two or three characters (宝桥、后西和仓基…): names that
    share the last item's type word (``_distribute_type_word`` decides whether they do)."""
    widths = {len(m.strip()) for m in (*members, item)}
    return len(widths) == 1 and widths <= {2, 3}


_NUMBER_IN_NAME = r"[一二三四五六七八九十]|\d{1,2}"
_ENDS_ON_A_NUMBER = re.compile(
    rf"^(?P<name>.*[^一二三四五六七八九十\d])(?P<number>{_NUMBER_IN_NAME})(?P<kind>期|号线)?$"
)
_OPENS_ON_A_NUMBER = re.compile(rf"^(?P<number>{_NUMBER_IN_NAME})(?P<rest>[^一二三四五六七八九十\d].*)?$")


def _numbered_members(members: list[str]) -> list[str]:
    """Works told apart by a number, their shared name written once: "安纺一、三村改造" → 安纺一村改造, 安纺三村改造 (合肥
    2008); "莲塘东片区规划一、二路" → …规划一路, …规划二路 (罗湖 2014); "“智园”二期、三期" → “智园”二期, “智园”三期 (南山 2018);
    about 160 such lists in the 2,942 scanned reports. The items after the first take its name; when only the last writes
    what they are (一、二路), every item takes that ending. The numbered run may stand inside a longer list ("轨道6、12、13、
    20号线、深中通道", 宝安 2019)."""
    numbered: list[str] = []
    start = 0
    while start < len(members):
        end = start + 1
        while end < len(members) and _OPENS_ON_A_NUMBER.match(members[end]):
            end += 1
        numbered.extend(_numbered_run(members[start:end]))
        start = end
    return numbered


def _numbered_run(members: list[str]) -> list[str]:
    """One run of ``_numbered_members``: a first item that ends on a number, the others each opening on one."""
    first = _ENDS_ON_A_NUMBER.match(members[0]) if len(members) > 1 else None
    matched = [_OPENS_ON_A_NUMBER.match(m) for m in members[1:]]
    others = [o for o in matched if o is not None]
    if first is None or len(first.group("name")) < 2 or len(others) < len(matched):
        return members
    name, kind = first.group("name"), first.group("kind")
    rests = [o.group("rest") or "" for o in others]
    if kind:  # "“智园”二期、三期", "水资源配置一期、二期工程": each item writes its own 期
        if any(rest != kind for rest in rests[:-1]) or not rests[-1].startswith(kind):
            return members
        return [members[0], *(name + m for m in members[1:])]
    if not rests[-1] or any(rests[:-1]):
        return members
    return [name + number + rests[-1] for number in (first.group("number"), *(o.group("number") for o in others))]


_COUNTED_KIND = re.compile(
    r"^(?:[一二两三四五六七八九十百]+[个项批大]?|\d+[个项批大]|这批|该|各)(?:重大|重点)?(?:项目|工程|基地|园区|中心|平台)$"
)
"""A count or a pointer and a kind, nothing that names one ("一个项目、一个领导、一套班子", "“一个中心、三个基地”建设",
"10大项目", "这批项目": 31 names of 27 scanned reports, each a slogan's member or a class)."""
_EVERY_UNIT = re.compile(r"^(?:各(?:县|市|区|乡|镇|村)|[县乡镇村][(（][^)）]{1,6}[)）])")
"""One of a kind in every county, township or village ("各县(市、区)物流园", "乡(村)文化站(室)", "县(市)城区影院"): a kind."""


def _names_one_project(
    name: str, is_concrete: bool, stage_raw: str, called_projects: bool, require_suffix: bool
) -> bool:
    """Whether one listed name names a project: not a programme, an aim, a kind, a place, a count or an institution."""
    if not ((2 if called_projects else 3) <= len(name) <= 30) or (
        _NOT_A_NAME.search(name) and _named_water_works(name) is None
    ):
        return False
    if _CLAUSE_MARK.search(name) or _EVERY_UNIT.match(name) or _BARE_FACILITY.fullmatch(name):
        return False
    if (_ABSTRACT_NAME.search(name) and not (called_projects and _PLANT_AIM.search(name))) or (
        _VERB_START.match(name) or _GENERIC_WORKS.match(name)
    ):
        return False
    if _SLOGAN_PROGRAMME.search(name) or _NOT_ONE_THING.search(name) or _MACRO_DESIGNATION.match(name):
        return False
    if (
        _GENERIC_CATEGORY.match(name)
        and not (called_projects and len(name) > 2 and _PROJECT_SUFFIX.search(name))
        and not genre.GOVERNMENT_FACILITY.match(name)
    ):
        return False  # an industry (新材料) never; a park of the kind (新材料产业园) when the text calls it a project
    if _is_place(name) and not called_projects:
        return False
    slogan = _SLOGAN_FOR_PLACE.match(name)
    if slogan and _is_place(slogan.group("place")):
        return False  # 平安陕西, 法治陕西, 数字济南: a campaign for a place
    if (
        re.search(
            r"\d+(?:[个所座家条处]|项(?!目)|片(?!区))|[一二三四五六七八九十\d]批|.建设(?!项目$|工程$|[一二三四五六七八九十\d]期).|\d(?:公里|千米|米|平方米|亩)$",
            name,
        )
        or _SIZED_KIND.match(name)
        or _COUNTED_KIND.match(name)
    ):
        return False  # "4所市级示范性托育综合服务中心", "10万平方米职工住宅小区", "省定20项民生工程": a count or a size of a kind
    if not called_projects and (_INSTITUTION.search(name) or _POLICY_ZONE.search(name)):
        return False
    if (require_suffix or _DESIGNATION_START.match(name)) and not is_concrete:
        return False
    # 实施…工程 names a programme; 实施…项目, 实施A、B等项目 or a built thing (殡仪馆迁建, 津潍高铁), a project
    return not stage_raw.endswith("实施") or name.endswith("项目") or called_projects or _built_thing(name)


def _listed_name(raw: str, amount_alone: bool = False) -> tuple[str, bool]:
    """One listed item cleaned to its name, and whether an amount invested was written before it ("力促投资43.9亿元的
    六九硅业二期": the verb, then the amount, then the name; ``amount_alone`` when an earlier item was priced so)."""
    if amount_alone and _AMOUNT_BEFORE_NAME.match(raw.strip()):
        return _listed_name("投资" + raw.strip())  # read as the first item was
    text = _NAME_NOISE.sub("", _INVESTMENT_BEFORE_NAME.sub("", raw.strip()))
    priced = bool(_INVESTMENT_BEFORE_NAME.match(raw.strip()) or _INVESTMENT_BEFORE_NAME.match(text))
    name = _NAME_TAIL.sub("", _ADVERB_AFTER_NAME.sub("", _INVESTMENT_BEFORE_NAME.sub("", text)))
    return strip_unbalanced_quotes(name), priced


def _projects_from_names(
    clause: str,
    offset: int,
    ctx: TargetContext,
    names_text: str,
    stage_raw: str,
    group_count: int | None,
    require_suffix: bool,
    called_projects: bool = False,
) -> list[Project]:
    """One project per listed name.

    Company and product names count as they are (万华智能, 健立新能源). A bare list that holds an aim
    ("经济建设、政治建设、文化建设…", "城镇化、信息化…持续推进") is a list of aims, not of projects;
    a list the text itself calls projects ("A、B等16个技扩改项目") is taken at its word.
    """
    if require_suffix and not _MAY_BE_CONCRETE.search(names_text):
        return []  # no name cut from this text can be concrete: most texts after a stage word
    names_text = _BUILDING_TASK.sub("", names_text)  # "完成市档案馆主体工程建设任务": the building is the project
    if _KINDS_OPENER.match(names_text) or names_text.rstrip().endswith("任务"):
        return []  # "建设各类有形、无形网络通道": kinds; "完成保交楼、保交房任务": tasks (what follows 各类 is kinds, however many)
    names_text = _names_counted_once(names_text)
    if "、" in names_text and (
        _MODIFIED_BY_LIST.search(names_text.rsplit("、", 1)[-1])
        or _MODIFIED_BY_LIST.search(names_text.split("、", 1)[0])
    ):
        return []  # "…学位紧缺地区的普通高中学位建设", "全国最大的刺五加生产、加工、销售基地": one noun, described  # "城乡人口流入多、学位紧缺地区的普通高中学位建设": the list describes one noun, it names nothing
    stage = genre.stage_named(stage_raw)
    if stage is None:
        return []
    raws = _split_names(_TOTAL_AFTER_NAMES.sub("", _APPOSITION.sub("", names_text)))
    cleaned = [_listed_name(raw) for raw in raws[:1]]
    cleaned += [_listed_name(raw, amount_alone=bool(cleaned) and cleaned[0][1]) for raw in raws[1:]]
    invested = {name for name, priced in cleaned if priced}
    names = [
        re.sub(r"^[和及](?=\d)", "", n) for n, _ in cleaned if n
    ]  # "…主体建设和8万平方米广场": the joiner, then a size
    concrete = [concrete_project(n) for n in names]
    if len(names) > 1 and all(_GENERIC_CATEGORY.match(n) for n in names):
        return []  # "建设水电核电、特高压输电、智能电网、油气管网…等重大项目": kinds of projects, even when called projects
    aims = [bool(_ABSTRACT_NAME.search(n) or _VERB_START.match(n)) for n in names]
    if (
        not called_projects
        and any(aims)
        and sum(concrete) * 2 > len(names)
        and all(_WORK_NOT_AIM.search(n) for n, aim in zip(names, aims, strict=True) if aim)
    ):
        # "启动实施藉河生态治理二期、新华路南延段、…、罗峪河景观绿化…等工程" (天水 2018): most items are works, the one ending
        # like an aim (…绿化) is one more work, not a sign that the list names aims
        names, concrete = (
            [n for n, a in zip(names, aims, strict=True) if not a],
            [c for c, a in zip(concrete, aims, strict=True) if not a],
        )
        aims = [False] * len(names)
    if not names or (not called_projects and (any(aims) or (not any(concrete) and len(names) > 3))):
        return []
    if not called_projects and len(names) > 1 and _NOT_A_NAME.search(names[-1]):
        # "推进孟中印缅、中巴经济走廊建设": the last item's type word is the list's; when the last names no project, the
        # items before it that write no type word of their own name none either
        names, concrete = [n for n, c in zip(names, concrete, strict=True) if c], [c for c in concrete if c]
    if len(names) > 1 and (_VERB_START.match(names[0]) or "坚持" in names[0]):
        return []  # "优化大峨眉、大香格里拉…等交旅融合建设": a verb outside the stage list governs the whole list
    projects = []
    for name, is_concrete in zip(names, concrete, strict=True):
        priced = (
            name in invested
            and 2 <= len(name) <= 30
            and not genre.generic_project(name)
            and not re.match(r"[\d.]+[个项家座]|[一二三四五六七八九十两]+[个项家座]", name)
            and not _COUNTED_KIND.match(name)
        )
        if priced and _CLAUSE_MARK.search(name):
            continue
        # "投资19亿元的易县北易水综合治理": an amount invested marks one project, whatever its name ends on
        if not priced and not _names_one_project(name, is_concrete, stage_raw, called_projects, require_suffix):
            continue
        projects.append(_project(clause, offset, ctx, name, stage, stage_raw, group_count))
    return projects


def _project(
    clause: str, offset: int, ctx: TargetContext, name: str, stage: Stage, stage_raw: str, group_count: int | None
) -> Project:
    """One named project quoting its whole clause, dated by the sentence's horizon or the chunk's year."""
    return Project(
        quote=clause,
        char_start=offset,
        char_end=offset + len(clause),
        section_path=ctx.chunk.section_path,
        target_year=ctx.sentence_year or ctx.chunk.year,
        name=name,
        stage=stage,
        stage_raw=stage_raw,
        group_count=group_count,
        backend="rules",
    )


# --- entry point --------------------------------------------------------------------------------

_BY_YEAR = re.compile(rf"到({genre.YEAR})年")
_MAY_NAME_HORIZON = re.compile(rf"{genre.YEAR}|十[一二三四五六七]五|五年|年内|纲要")
"""What a clause must write to name a horizon of its own (``genre.horizon_year``): most write none."""


def extract(chunk: Chunk) -> list[Record]:
    """All candidate records of a chunk whose clauses set goals.

    Past and goal are read clause by clause (``extractor.genre``): a clause reporting results or
    estimates yields nothing wherever it stands, a clause setting a goal is read even inside a
    review section, and the section decides only for clauses and sentences that give no cue.
    """
    if chunk.delivered_the_year_before:
        reading = genre.as_read_the_year_before(chunk.text)
        read = extract(chunk.model_copy(update={"text": reading, "delivered_the_year_before": False}))
        return [_quoted_as_written(record, chunk, reading) for record in read]
    records: list[Record] = []
    spans = headline_spans_of(chunk)
    plan_year = chunk.year or chunk.report_year
    inherited: genre.Tense | None = None
    lead, before, new_paragraph = "", "", True
    for sentence_start, sentence_end in _sentences(chunk.text):
        sentence = chunk.text[sentence_start:sentence_end]
        if new_paragraph:
            lead, before, new_paragraph = sentence, "", False
        sentence_year = genre.horizon_year(sentence, chunk.report_year)
        if sentence_year is None:
            sentence_year = genre.paragraph_horizon(lead, chunk.report_year, sentence)
        if sentence_year is None and chunk.year != chunk.report_year:
            sentence_year = genre.annual_targets_year(sentence, chunk.report_year)
        ctx = TargetContext(chunk=chunk, headline_spans=spans, sentence_year=sentence_year)
        spans_in_sentence = list(clauses(sentence))
        # The subject a verb-only clause takes from the clause before it, for goals and for results apart: a
        # past clause's subject never reaches a goal ("…增长11.3%，低于13%左右的预期目标" restates last year's).
        carried: str | Callable[[], str] = ""
        carried_result: str | Callable[[], str] = ""
        modal_scope: Modality | None = None
        bare_modal = False
        sentence_targets: list[Target] = []
        sentence_results: list[Result] = []
        readings = genre.read_clauses(  # years named are read against the report's own year, not a horizon
            [sentence[s:e] for s, e in spans_in_sentence],
            chunk.report_year or plan_year,
            chunk.section_kind,
            inherited,
            [sentence[e : e + 1] in ";；" for _, e in spans_in_sentence],
        )
        for (start, end), (tense, _cue) in zip(spans_in_sentence, readings, strict=True):
            clause = sentence[start:end]
            offset = chunk.char_start + sentence_start + start
            if tense == "past":
                # Achieved figures are dated against the report's year, also inside a five-year goals
                # section ("这五年…地区生产总值年均增长5.2%" under "“十四五”时期发展成就和“十五五”时期主要目标任务").
                report_year = chunk.report_year or plan_year
                results = extract_results_from_clause(
                    clause, offset, ctx, sentence, report_year, lead, before, carried_result
                )
                records.extend(results)
                carried_result = _Subject(clause, results, sentence_results)
                if results:
                    sentence_results = [*sentence_results, *results]
                modal_scope, bare_modal = None, False
                continue
            own_year = genre.horizon_year(clause, chunk.report_year) if _MAY_NAME_HORIZON.search(clause) else None
            # A clause naming its own horizon is for it ("提出“十四五”时期全省生产总值年均增长6%左右，…；到2035年，
            # 基本实现…": 2025, not the 2035 of a later clause of the sentence).
            clause_ctx = ctx if own_year is None or own_year == sentence_year else replace(ctx, sentence_year=own_year)
            targets = extract_targets_from_clause(clause, offset, clause_ctx, carried)
            separator = sentence[end : end + 1]
            inherited_modality, modal_scope, bare_modal = genre.modal_scope(clause, separator, modal_scope, bare_modal)
            if inherited_modality is not None:
                for target in targets:  # 3.8: "力争全县蔬菜面积达到15.85万亩,奶牛存栏3.7万头" (徐水 2010)
                    target.modality = target.modality or inherited_modality
            records.extend(targets)
            records.extend(extract_projects_from_clause(clause, offset, clause_ctx))
            carried = _Subject(clause, targets, sentence_targets)
            if targets:  # most clauses give none: no new list for them
                sentence_targets = [*sentence_targets, *targets]
        inherited = genre.settled_tense(readings) or inherited
        before += sentence
        if sentence.endswith("\n"):
            new_paragraph = True
            if not genre.continues_previous(chunk.text[sentence_end : sentence_end + 8]):
                inherited = None
    return records


def _quoted_as_written(record: Record, chunk: Chunk, reading: str) -> Record:
    """A record read from a chunk's reading (``genre.as_read_the_year_before``) quoting the chunk as written."""
    if record.char_start is not None:
        start = record.char_start - chunk.char_start
        if reading[start : start + len(record.quote)] == record.quote:
            record.quote = chunk.text[start : start + len(record.quote)]
    return record


class _Subject:
    """``_subject_for_next`` of a clause, worked out on first use and kept; ``earlier`` holds the records of
    the sentence's clauses before it, for a following 分别."""

    __slots__ = ("clause", "earlier", "targets", "value")

    def __init__(
        self, clause: str, targets: Sequence[Target | Result], earlier: Sequence[Target | Result] = ()
    ) -> None:
        self.clause, self.targets, self.earlier = clause, targets, earlier
        self.value: str | None = None

    def __call__(self) -> str:
        if self.value is None:
            self.value = _subject_for_next(self.clause, self.targets)
        return self.value

    def names(self) -> list[str]:
        """The indicators of the sentence's records so far, in order, each once: what a following 分别 pairs
        with ("城镇居民人均可支配收入达到10493元，农村居民人均纯收入达到3255元，…，分别增长9.6%和6.2%")."""
        records = [*self.earlier, *self.targets]
        return list(dict.fromkeys(record.indicator for record in records if record.indicator))


def extract_results_from_clause(
    clause: str,
    offset: int,
    ctx: TargetContext,
    sentence: str,
    plan_year: int | None,
    lead: str = "",
    paragraph_before: str = "",
    carried: str | Callable[[], str] = "",
) -> list[Result]:
    """Achieved figures of a past clause ("区属地区生产总值达到379.95亿元、增长9.3%"), read with the same
    measure patterns as targets; the year is the one they are for, and 预计/初步统计 marks an estimate.
    ``carried`` is the previous clause's subject, as for targets: "地区生产总值完成2.5万亿元，增长8.7%"."""
    whole = clause
    clause = _before_rank(clause)
    if _NOT_A_RESULT.search(clause) or _AN_INVENTORY.match(clause):
        return []
    figures = [
        target
        for target in extract_targets_from_clause(clause, offset, ctx, carried, values_only=True)
        if target.value is not None and target.metric not in ("relative", "delegated")
    ]
    if not figures:
        return []  # most past clauses: their year and period are not read at all
    path = ctx.chunk.section_path
    year, estimate, period = _result_time(
        sentence, plan_year, lead, paragraph_before, path[0] if path else "", " ".join(path)
    )
    results = []
    for target in figures:
        start = target.char_start
        ranked = target.quote == clause and start is not None  # the whole clause is quoted, its rank included
        results.append(
            Result(
                quote=whole if ranked else target.quote,
                char_start=start,
                char_end=start + len(whole) if ranked and start is not None else target.char_end,
                section_path=target.section_path,
                indicator=target.indicator,
                indicator_id=target.indicator_id,
                metric=target.metric,
                value=target.value,
                value_high=target.value_high,
                unit=target.unit,
                direction=target.direction,
                year=year,
                estimate=estimate,
                period=period,
                backend="rules",
            )
        )
    return results


@lru_cache(maxsize=64)
def _result_time(
    sentence: str, plan_year: int | None, lead: str, paragraph_before: str, heading: str, path: str
) -> tuple[int | None, bool, bool]:
    """(year, estimate, period) of the figures of a past sentence: the same for each of its clauses,
    so read once per sentence."""
    own_year = genre.result_year(sentence, plan_year, "") if genre.has_year(sentence) else None
    year = own_year or genre.result_year(lead, plan_year, heading)
    return year, genre.is_estimate(sentence), genre.is_period(sentence, paragraph_before, path)


_RANK_AFTER_FIGURE = re.compile(r"、[^、]{0,6}(?:居全[国省市区州]第|位居|位列|排名|排全[国省市区])")


def _before_rank(clause: str) -> str:
    """A figure, then its rank after 、 ("进出口总额增长18.2%、增速居全国第3位"): the figure is a result, the rank is not."""
    rank = _RANK_AFTER_FIGURE.search(clause)
    return clause[: rank.start()] if rank else clause


_NOT_A_RESULT = re.compile(
    r"应到|实到|出席|列席|请假|代表团|目标|预期|计划|原定|居全[国省市区州]第|排名|(?<!安)排位|排第|位列|位居|获评|荣获|被评为|被列为|被命名为|被授予"
)
"""Roll calls, targets quoted in a review ("原定目标增长7%") and ranks or titles ("在国家级高新区的排位由51位上升到36位", "4家单位被评为
全国文明单位"; "在全国168个重点城市排第16位", 南宁 2024: the cities ranked among are no count either: none in the results gold
of 222 reports) are not achieved figures."""


_AN_INVENTORY = re.compile(
    r"(?:全[市县区州省旗盟]|我[市县区州省旗盟])?现有(?!.*(?:完成|建成|实现|达到|关闭|退出|改造|新增|增长|增加|保持|提高|下降|减少|纳入|列入|"
    r"通过|获得|认定|入驻|落户|实施|开工|投产|转移|脱贫|搬迁))"
)
"""A clause that lists what a place has ("全市现有村镇文化中心80个、图书馆(室)473个", 东莞 2006; "全市现有高新技术企业433家、…",
"全县现有耕地50万亩"): the present situation, no achieved figure (7.1). What existing things did is one: "现有370个经联社和1657个
经济社完成股份合作制改造", "现有38处煤矿全部关闭退出"."""


def _subject_for_next(clause: str, targets: Sequence[Target | Result]) -> str:
    """What a following verb-only clause measures: the last target's indicator, or this clause's own
    subject when it names a known indicator without a value ("今年GDP增长目标")."""
    if targets:
        return targets[-1].indicator
    changed = _CHANGED_THING.match(clause)
    if changed and _plausible_indicator(changed.group("thing")):
        return changed.group("thing")
    subject = indicator_text(re.sub(r"(?:增长|增速)?(?:预期)?目标(?:为|是)?$", "", clause))
    return subject if _plausible_indicator(subject) and indicator_id_for(subject) != "other" else ""


_CHANGED_THING = re.compile(
    r"^(?:逐步|稳步|适当|继续|进一步|大幅|较大幅度)?(?:提高|降低|增加|减少|扩大|缩小|压减|削减|下调|上调)"
    r"(?P<thing>[\u4e00-\u9fff]{2,12}(?:税率|标准|比重|比例|费率|利率|价格|规模|额度|水平))$"
)
"""A clause that only names a rate or an amount it changes, for the value in the next ("逐步降低农业税税率,平均每年降低1个百分点
以上", 国务院 2004)."""


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in re.finditer(r"[。!?！？\n]", text):
        if match.end() > start:
            yield start, match.end()
        start = match.end()
    if start < len(text):
        yield start, len(text)
