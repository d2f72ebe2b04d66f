"""How government work reports tell a goal from a result, and which year a goal is for.

Reports mix the past and the plan everywhere: a review section quotes this year's targets, a plan
section recaps what five years achieved, and a news digest or a scraped excerpt has no headings at
all. So the reading is made clause by clause. A clause's own cue wins (预计 … is an estimate, 力争 …
is a goal); a clause without one inherits the last cue of its sentence ("2022年,全县生产总值增长7.1%,
财政收入增长5%" reports the past throughout); a sentence without any cue falls back on its section.

This module is the one home of these cues; the rules backend reads clauses with it and the checks
use it to decide RETROSPECTIVE, so both agree on what "the past" is.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from extractor.models import Modality, Stage

Tense = Literal["past", "goal"]

YEAR = r"(?:19[56789]|20\d)\d"
"""A year as reports write it, 1950 to 2099: every pattern that reads a year uses it, so a report of 1999 ("1999年的主要
任务", "到2000年") is read as one of 2019 is."""

# --- bound words: the one list the rules, the checks, the prompt and the guideline share ----------

BOUND_OF_QUALIFIER: dict[str, str] = {
    "以上": "at_least", "之上": "at_least", "不低于": "at_least", "不少于": "at_least", "超过": "at_least",
    "超": "at_least", "突破": "at_least", "高于": "at_least", "多": "at_least", "余": "at_least", "至少": "at_least",
    "左右": "around", "上下": "around", "约": "around", "近": "around",
    "以内": "at_most", "以下": "at_most", "不超过": "at_most", "不高于": "at_most", "低于": "at_most",
    "内": "at_most", "最多": "at_most", "前": "at_most",
}  # fmt: skip
"""Qualifier (verbatim bound word) → bound (docs/annotation.md 3.6)."""
QUALIFIERS_AFTER = ("以上", "左右", "以内", "以下", "之上", "上下", "多", "余", "内")
"""Written after the value (多 and 余 between the value and its unit: "5000多亿元", "10万余株"; 内 after it: "30天内")."""
QUALIFIERS_BEFORE = (
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "超过",
    "突破",
    "高于",
    "低于",
    "至少",
    "最多",
    "超",
    "约",
    "近",
    "前",
)
"""Written before the value, longest first where one contains another."""

ADVERB_REACH = {"至少": 30, "最多": 8}
"""Bound words written before the verb rather than the value, and how far before the value they reach:
至少 binds every value after it in its clause ("每个县至少建成2个…示范区、20个示范村", 6.6), 最多 only the
value right after its verb ("最多跑一次"-style quotas: "审批"最多50天"")."""
_ADVERB_BOUND = re.compile(r"(至少)[^,，;；]{0,30}$|(最多)[^\d,，;；]{0,8}$")


def adverb_bound(before: str) -> str | None:
    """The bound word written before the verb that governs a value, from the words before the value."""
    match = _ADVERB_BOUND.search(before)
    return (match.group(1) or match.group(2)) if match else None


# --- units: the one list the rules, the checks and the guideline share (docs/annotation.md 3.4) --------

PERCENT_UNITS: tuple[str, ...] = ("个百分点", "百分点", "%", "‰")
COUNT_UNITS: tuple[str, ...] = (
    "万架次", "架次", "万人次", "人次", "万人", "万户", "万个", "万家", "家", "个", "项", "所", "座", "条",
    "台", "套", "人", "名", "户", "场", "次", "处", "件", "批", "支", "位",
    "款", "种", "部", "辆", "艘", "间", "张", "件", "万头", "头", "列", "宗",
    "门", "例", "期", "场次", "户次", "万户次", "万只", "只", "万株", "株", "眼", "万栋", "栋", "万架", "架",
    "颗", "万片", "片", "块", "万批次", "万口", "口", "班次", "班",
)  # fmt: skip
"""口 counts wells, ponds and biogas digesters ("新建沼气池10000口", "封停地下水井199口", "整治塘堰1.47万口"), 班 and 班次
flights and trains ("每月航班达到130班以上", "集装箱班列200班次以上"): 196 and 61 figures of the 2,942 scanned reports."""
"""Units of discrete things: a value in one of them is a ``count`` (3.5: decided by the unit, not the verb)."""
LEVEL_UNITS: tuple[str, ...] = (
    "亿美元", "万美元", "美元", "亿元", "万元", "元/人", "元", "万亩", "亩", "万吨", "吨", "万千瓦",
    "千瓦", "兆瓦", "万千伏安", "公里", "千米", "米", "万平方米", "平方米", "万平米", "平米", "平方公里", "万标箱", "标箱", "微克/立方米", "微克每立方米",
    "岁", "天", "小时", "万辆", "斤", "公斤", "GW", "MW", "亿立方米", "万立方米", "立方米", "万亩次",
    "亩次", "亿方", "万方", "亿吨标准煤", "万吨标准煤", "吨标准煤", "亿千瓦时", "万千瓦时", "千瓦时", "EFLOPS", "Eflops", "PFLOPS", "万公顷", "公顷",
    "万标准箱", "标准箱", "元/月", "元/年", "元/亩", "元/吨", "万", "亿",
)  # fmt: skip
"""Amounts (money, area, length, output, time). 万 and 亿 alone are units too ("减少农村贫困人口1000万以上"); 平米 is 平方米
as 22 lawtext reports write it ("新建、续建廉租住房29万平米", 合肥 2010; "增加绿地面积18万平米", 曲阳 2020)."""
PEOPLE_WORDS = r"人口|人员|人才|群众|居民|农民|职工|学生|教师|群体|孕产妇|农户|老人|老年人|儿童|劳动力|用户|人$"
"""What a bare magnitude counts when it is people ("减少农村贫困人口1000万", "新增人口100万"): a count."""
MULTIPLE_UNITS: tuple[str, ...] = ("倍",)
"""A multiple: "财政收入增长1.36倍" (growth), "是2007年的3.3倍" (share); results of a span write it (7.2: the unit as written)."""
ALL_UNITS: tuple[str, ...] = tuple(
    sorted(PERCENT_UNITS + COUNT_UNITS + LEVEL_UNITS + MULTIPLE_UNITS, key=len, reverse=True)
)
"""Longest first, so that a match at a position takes the whole unit (万人次 before 人次 before 人)."""
MORE_COUNT_UNITS: tuple[str, ...] = ("环节",)
MORE_LEVEL_UNITS: tuple[str, ...] = ("个工作日", "工作日", "万元/人", "年")
MORE_UNITS = MORE_COUNT_UNITS + MORE_LEVEL_UNITS
"""Units the guideline writes (3.4) that the rules' value patterns do not read yet; the checks know them,
so "0.5个工作日" read as 0.5 个 is caught."""


UNIT_NOTE = re.compile(r"[(（][^)）]*[)）]$")
"""An alternative measure word in brackets after a unit: 万套(间), 条(段)."""


def counted_unit(unit: str | None) -> str | None:
    """The count unit a written unit counts in, or None when it is not a count: 万套, 千套 and 条(段) count
    套 and 条 (3.5: a magnitude or an alternative measure word in brackets does not make an amount)."""
    if not unit:
        return None
    base = UNIT_NOTE.sub("", unit)
    if len(base) > 1 and base[0] in "万亿千" and base[1:] in COUNT_UNITS + MORE_COUNT_UNITS:
        base = base[1:]
    return base if base in COUNT_UNITS + MORE_COUNT_UNITS else None


# --- stage words (docs/annotation.md 4.2) ----------------------------------------------------------

STAGE_WORDS: list[tuple[str, Stage]] = [
    # Compounds first: stage_of takes the first listed word found in a phrase. The rules' project
    # patterns read exactly these words.
    ("谋划建设", "planning"),
    ("筹划建设", "planning"),  # 筹划建设通用航空产业园 (松原 2021's gold), as 谋划建设
    ("开工准备", "planning"),  # before 开工: "完成开工准备" prepares a start
    ("立项审批", "planning"),
    ("立项", "planning"),
    ("规划建设", "planning"),
    ("布局建设", "planning"),
    ("开工建设", "start"),
    ("动工建设", "start"),
    ("落地开工", "start"),
    ("新开工", "start"),
    ("启动建设", "start"),
    ("集中开工", "start"),
    ("建成交付", "operate"),  # 确保…安置房9月底前建成交付 (包头 2025's gold): handed over for use, as 交付使用
    ("通水运行", "operate"),  # 推动“三江连通”工程通水运行 (揭阳 2022's gold)
    ("具备通行能力", "complete"),  # 推动国道210线白固段公路…具备通行能力 (包头 2025's gold), as 具备下闸蓄水条件
    ("建成投用", "operate"),
    ("建成使用", "operate"),  # 确保市图书档案馆、科技文化馆建成使用 (六安 2016's gold): built and in use, as 建成投用
    ("建成投产", "operate"),
    ("建成通航", "complete"),
    ("建成运营", "operate"),
    ("建成投运", "operate"),
    ("建成开诊", "operate"),
    ("竣工投产", "operate"),
    ("投产达效", "operate"),
    ("达产达效", "operate"),
    ("投产运行", "operate"),
    ("投入使用", "operate"),
    ("交付使用", "operate"),
    ("投入运营", "operate"),
    ("投入运行", "operate"),  # 污水处理二期工程、生活垃圾无害化处理二期工程投入运行 (牡丹江 2014)
    ("封关运行", "operate"),
    ("建成通车", "complete"),
    ("启用", "operate"),  # 启用国家管网深圳LNG应急调峰站 (大鹏 2025's gold): taken into use, as 投用
    ("试运营", "operate"),  # 确保国际会展中心7月试运营 (宝安 2019's gold): running, if on trial
    ("主体封顶", "ongoing"),  # 区级公办养老护理院主体封顶 (龙岗 2024's gold): topped out, still being built
    ("封顶", "ongoing"),
    ("开工", "start"),
    ("动工", "start"),
    ("开建", "start"),
    ("续建", "ongoing"),
    ("在建", "ongoing"),
    ("加快建设", "ongoing"),
    ("加快推进", "ongoing"),
    ("提速推进", "ongoing"),
    ("提速", "ongoing"),
    ("推进", "ongoing"),
    ("推动", "ongoing"),
    ("建好建强", "ongoing"),
    ("建好", "ongoing"),
    ("修建", "ongoing"),  # 修建大雁山登山步道 (光明 2016's gold), as 建设
    ("建设", "ongoing"),
    ("建成", "complete"),
    ("竣工", "complete"),
    ("完工", "complete"),
    ("通车", "complete"),
    ("开通运营", "operate"),
    ("开通", "complete"),
    ("贯通", "complete"),
    ("完成", "complete"),
    ("投产", "operate"),
    ("投用", "operate"),
    ("投运", "operate"),
    ("达产", "operate"),  # reaches its design output: "推动贵州同益管业达产" (黔西南 2014), 461 times in the scan
    ("开诊", "operate"),
    ("运营", "operate"),
    ("开业", "operate"),
    ("开园", "operate"),
    ("开馆", "operate"),  # 推动市博物馆新馆开馆 (揭阳 2022's gold), as 开园
    ("满产", "operate"),  # 推动韦尔半导体集成电路芯片满产 (包头 2025's gold): at full output, as 达产
    ("开街", "operate"),
    ("签约", "signed"),
    ("引进", "signed"),
    ("落地", "signed"),
    ("谋划", "planning"),
    ("储备", "planning"),
    ("前期", "planning"),
    ("纳入", "planning"),
    ("启动", "start"),
    ("实施", "ongoing"),
    ("加快", "ongoing"),
]

GENERIC_PROJECT_WORDS = (
    "新型|现代化|现代|智能化|智能|零碳|低碳|绿色|数字化|数字|海绵|地下|综合|国际|国家级|国家|全国|高水平|高标准|一流|世界一流|"
    "县级|市级|省级|老旧|平安|大健康|科研|技术|创新|制造业|先进|物流|新能源|新材料|特高压|水电|核电|油气|城市|轨道|交通|能源|"
    "水利|农业|农村|示范|“双创”|双创|边境|跨境|境外|经贸|合作|产业|融合|发展|高端|重特大|重大|重点|关键|公共|服务|基础|设施|"
    "生态|环保|污水处理|垃圾处理|文化|旅游|体育|教育|医疗|卫生|养老|托育|社区|乡村|乡镇|县域|城乡|区域|公办|民办|"
    "高校|院所|科研院所|实验|检验检测|中试|孵化|双碳|碳|储能|风光|光伏|风电|氢能|算力|数据|信息|通信|5G|千兆|"
    "物联网|互联网|工业互联网|冷链|仓储|商贸|市场|集群|链|适老化|无障碍|适老化和无障碍|海洋|深部|具身智能|核技术|"
    "港航|港口|航运|机场|铁路|公路|高速|水运|管道|输电|电网|微电网|配电网|智慧|未来|美丽|宜居|和美|特色|标准化|规模化|"
    "经济|山水林田湖草沙|山水林田湖草|山水林田湖|贫困农户|危房|设备更新|更新|升级|改造|转供电|市郊|工业|中小学|体育场地|"
    "厂房|配套|充电|充电桩|停车场|自驾车|传统|招引|分散式|小型化|电力|市政|道路|通信|防灾|减灾|虚拟电厂|共享|车间|"
    "大通道|通道|标杆|试点|样板|网络|骨干|枢纽|节点|基地|平台|中心|园区|园|区|馆|院|所|站|厂|校园|街区|厂区|工厂|工程|"
    "管廊|管网|设施|项目|景区|景点|营地|示范区|合作区|新城|新区|片区|地块|学校|医院|口岸|开放|集约|"
    # kinds of markets, trade and service outlets (older city reports: 铜川 2010, 玉溪 2007, 韶关 2019)
    "农产品|农资|批发|集贸|农贸|专业|冷库|交易|加工|网点|孵化|出口|配送|示范性|接待|大厅|供热|集中|信用|担保|小额|贷款|公司|"
    # kinds of urban and water works
    "城镇|老旧小区|小区|城中村|危旧房|旧住房|成套|完整|全龄友好型|友好型|口袋|公园|河湖|幸福|大中型|中型|小型|大型|"
    "灌区|续建配套|航道|外送|平急两用|农田|数智化|老化|燃气|供水|供热|供气|供电|排水|雨水|污水|天然气|信息化|县城|敬老院|敬老|民生|组团|起步区|变电站|开闭所|蔬菜|奶源|养殖|泵站|煤矿|矿井|露天|资源|整合|建设|护理|立体|过街|天桥|主体|烈士|纪念|提质|干线|普通|国省|安防|防灭火|森林|草原|林业|湿地|"
    "拥堵路段|路段|繁忙|国高|国道|沿边|便民|路|无公害|创业|扩容|出入口|连接线|节能降碳|企业|专业化|综合性|协作|货运|集聚区|集聚|"
    # kinds of mines, by their ore ("推进铜矿、铅锌矿等战略性矿产资源…勘探开发")
    "矿|矿山|矿产|铜|铁|金|钼|锂|钨|铅锌|铝土|稀土|煤|"
    # kinds of energy works
    "抽水蓄能|电站|储能电站|汇集站|绿电|直连|车网互动|换电站|重型卡车|智算|算力中心|"
    # trades and fields, named as a list's members ("新能源汽车、机器人、商业航天等重点项目")
    "汽车|新能源汽车|机器人|航天|商业航天|量子|量子通信|双千兆|装备|设备|化工|钢铁|建材|纺织|食品|机械|轻工|"
    "人工智能|市县级|临床|专科|重症医学|精神卫生|儿科|职业教育|产教融合|行业|高质量|数据集|生物制造|制造|同位素|应用|照明|"
    "生物医药|燃气轮机|航空发动机|煤化工|"
    "零工|防沙治沙|治沙|集成|周边|整体|拆迁|"
    # kinds of works a list may end on 等建设 ("加快城市间高铁、城际铁路、高快速路、跨江跨海通道等建设")
    "城际|城市间|高铁|跨江|跨海|廊道|自然|郊野|口袋|通用|无人机|起降场|消防|救援|应急|保税|综合保税区|"
    "创意|文化创意|沉浸式|影视|湿地|小微|技术转移|转移|饮水|人畜饮水|节水|灌溉|县乡|智算|超大规模|算电|协同|"
    "投资|大|客运专线|专线|老年|日间照料|照料|市区|非公|全球|资管|自来水|中低产田|招商引资|招商|引资|"
    # kinds of research and teaching places
    "科学|研发|生产|概念验证|成果转化|学科交叉|交叉|卓越|工程师|未来技术|学院|托育|普惠|"
    # kinds of public venues
    "博物馆|美术馆|科技馆|图书馆|文化馆|体育馆|纪念馆|展览馆|档案馆|文旅|场馆|文体|"
    # kinds of housing
    "保障性|住房|安居|安居工程|"
    # kinds of trade, port and care places ("智慧商圈、智慧门店", "零碳码头、零碳港区", "区域转诊会诊中心")
    "商圈|门店|商业街|步行街|夜市|码头|港区|疏港|储运|大宗商品|科普|体验|山地|转诊|会诊|"
    # kinds of trade routes, resilient and offshore works, counted kinds ("国际贸易通道和开放通道", "坚强韧性基础设施")
    "贸易|开放|对外|金融|坚强|韧性|海上|风电场|低空|飞行器|标志性|外资|类|供排水|运输|海外仓|海外|仓|安全|"
    # kinds of plants and parks named by their trade ("制品产业园", "冰雪装备产业园", "高端图像传感器生产线项目")
    "制品|传感器|图像|生产线|绿能|冰雪|氢|冶金|品种|宽带|光纤|百兆|一体化|车路云一体化|“车路云一体化”|"
    # kinds of town works and venues ("夜间经济地标和消费示范街区", "供暖供氧工程", "生产场景智能化改造")
    "夜间|地标|消费|供暖|供氧|安置点|场景|"
    # kinds of programmes named as works ("农家书屋和农村电影放映工程", "源网荷储一体化项目", "稀土冶炼分离项目")
    "农家书屋|电影|放映|保护|修复|源网荷储|攻关|前置|陆海空|稀土|冶炼|分离|"
    # kinds of care, energy, finance and freight works ("失能老人养老服务消费补贴项目", "风光核氢", "零碳货运走廊")
    "示范性|失能|补贴|居家|环境|核|深远海|出海|走廊|人民币|资产|配置|风险|管理|资源|"
    # kinds of shops and ports ("加盟连锁店", "知名品牌店", "市内免税店", "渔港经济区")
    "连锁|加盟|知名|品牌|百货|免税|市内|渔港|店|"
    # kinds of paths ("推进全民健身广场、健步道、绿道等场地设施扩容提质"): a named one is a project (牛湖水碧道, 大雁山登山步道)
    "健步道|步道|绿道|碧道|登山|健身步道|"
    # kinds of a town's facilities and works ("外立面改造工程", "综合指挥大厅", "中小学风雨馆", "数字影院", "海洋牧场")
    "给排水|反季节|外立面|环城|拆炉并网|足球|运动场|城域网|指挥|大厅|采集点|风雨馆|素质教育|职业高中|快递|机构|"
    "影院|文化站|健身|主题|市民|充换电|海洋牧场|渔业|独立|重型|生产制造|枢纽港|竞赛场馆|场馆|标准化|室外|流域|"
    # kinds of low-altitude and energy works, programmes ("低空起降设施、飞行保障设施", "“沙戈荒”新能源基地", "红色基因传承工程")
    "起降|飞行|保障|一体|沙戈荒|红色|基因|传承|"
    # kinds a national report lists ("高技术产业基地", "新一代信息基础设施", "危险废物处理设施", "离岸人民币业务中心")
    "高技术|新一代|小企业|危险废物|处理|主干线|离岸|业务|"
    # kinds of stations, venues, platforms and programmes of city reports (东莞 2006, 佳木斯 2019, 三门峡 2014, 攀枝花 2023,
    # 克孜勒苏 2026: "客货运输站场", "群众体育健身设施", "多层次资本市场", "新时代文明实践中心", "基层综合文化服务中心",
    # "农产品直播基地", "科技创新平台基地", "整机生产项目", "尾矿库"). Not 科技 or 电商 alone: "化工园区科技园", "跨境电商产业园"
    # are named in the gold of 吉林 2015 and 宜昌 2019
    "客货|站场|群众|演出|多层次|资本|美食|文明实践|新时代|基层|高品质|品质|直播|科技创新|整机|田间|尾矿库|工矿|废弃地|"
    "超低排放|产能|"
    # kinds of works, farms and venues of city reports (set AH: 南平 2018 "道路、桥梁、隧道、停车场、农超市场…等项目", 萍乡 2014
    # "标准化设施大棚、规模化畜禽养殖场、健康养殖池塘…", 揭阳 2022 "5G基站", "基层中医馆", "沿海基干林带")
    "桥梁|隧道|农超|大棚|畜禽|养殖场|池塘|基站|中医馆|中医院|压缩站|基干林带|林带|综治中心|市县|县区"
)
"""Words that name a kind of project, not one project: a name made only of them (智能电网, 零碳园区,
城市轨道交通, 县级医院) is a category (docs/annotation.md 6.4, 6.6). A regex alternation."""

STAGE_WORD_GUARDS: dict[str, str] = {"达产": "(?!业)", "封顶": "(?!线)", "修建": "(?!性)"}
"""What may not follow a stage word where it stands inside a name (a regex lookahead): "韵达产业园", "恒而达产业园" are a
firm's name and 产业园, not 达产; "住院补偿封顶线" is a cap, not 封顶; "修建性详细规划" a plan, not 修建."""

MORE_STAGE_WORDS: list[tuple[str, Stage]] = [
    ("修建性详细规划", "planning"),  # 做好…修建性详细规划 (太原 2005's gold): a plan, not 修建
    ("具备下闸蓄水条件", "complete"),
    ("通航", "complete"),  # 尽早实现三明沙县机场通航 (三明 2011)
    ("规划", "planning"),
    ("详规", "planning"),
    ("核准", "planning"),
    ("审批", "planning"),  # not for the rules: 行政审批 is a reform, not a project's approval
    ("批复", "planning"),
    ("获批", "planning"),  # 争取长泉快速铁路“可研”获批 (三明 2011)
    ("列入", "planning"),  # 争取…项目列入全国铁路网规划 (三明 2011); not for the rules: 列入国家试点 is a designation
    ("纳规", "planning"),  # 积极推动长九高铁纳规 (岳阳 2025): 纳入规划, shortened
    ("论证", "planning"),
    ("建成运行", "operate"),  # 推动乌鲁瓦提水库建成运行 (克孜勒苏 2026's gold): built and running
    ("营运", "operate"),  # 实现六景生活垃圾焚烧发电厂营运 (南宁 2024's gold), as 运营
    ("新建改扩建", "ongoing"),  # 新建改扩建…: building (银川 2021's gold)
    ("新改扩建", "ongoing"),  # 新改扩建杨春湖、戴家湖…等9个公园 (武汉 2012's gold)
    ("新开", "start"),  # 新开昆仑路地下通道…等22个项目 (西宁 2017's gold): newly started, as 新开工
    ("新建", "ongoing"),  # 新建苦水沟、湟岸巷等10处街头绿地 (西宁 2017's gold): building, as 建设
    ("开工的准备", "planning"),  # 做好轨道交通试验段开工的准备 (东莞 2006's gold), as 开工准备
    ("专题研究", "planning"),  # 加快推进保安营机场改扩建专题研究 (攀枝花 2023's gold)
    ("控规编制", "planning"),  # 开展…高铁新区、空港新区…控规编制工作 (上饶 2016's gold): its detailed plan
    ("统筹建设", "ongoing"),  # 统筹建设…: building, not 筹建 inside it (湖南 2009's gold)
    ("筹建", "planning"),  # 加快筹建…: preparing to build (东莞 2006's gold)
    ("预研", "planning"),  # 推进合肥先进光源…预研: studied before it is planned, as 前期 (安徽 2020's gold)
    ("改扩建", "ongoing"),  # 改扩建长沙、张家界机场: building, as 新建改扩建 (湖南 2009's gold)
    ("扩建", "ongoing"),
    ("报批", "planning"),  # 做好虎门港项目报批、征地拆迁等工作: submitted for approval (东莞 2006's gold)
    ("抓好", "ongoing"),
    # 争取…海上风电项目布局落户 (揭阳 2022's gold): placed in the city, as 落地; 推动…落户 stays ongoing (阜平 2013)
    ("布局落户", "signed"),
    ("通过验收", "complete"),  # 包银高铁(包头段)通过验收 (包头 2025's gold); not for the rules: a policy passes one too
    # 完善第三东通道建设方案 (厦门 2021's gold): its plan drawn up; not for the rules: a policy has one too
    # ("制定实施国际消费中心城市建设方案", 天津 2022)
    ("建设方案", "planning"),
    ("手续办理", "planning"),  # 推动灵东煤矿…产能核增手续办理 (呼伦贝尔 2023's gold): permits, as 报批
    # 新大综合客运枢纽项目主体结构施工80%以上 (大鹏 2025's gold); not for the rules: 施工许可 is a permit
    # 完成…施工图设计 (宝鸡 2014's gold): the drawings for the works, not 施工 (listed before it)
    ("施工图设计", "planning"),
    ("施工", "ongoing"),
    ("加速", "ongoing"),  # as 加快; not for the rules: 加速发展 is an aim
    # 打通科发路北段等一批断头路 (光明 2016's gold), as 贯通; not for the rules: 打通堵点 is a task
    ("打通", "complete"),
    ("具备蓄水条件", "complete"),  # 保证2016年底具备蓄水条件 (光明 2016's gold), as 具备下闸蓄水条件
    # the land made ready before a start (宝安 2019's, 坪山 2014's and 光明 2016's gold), as 前期; not for the rules: 拆迁 and
    # 土地整备 are programmes of their own too
    ("征地拆迁", "planning"),
    ("征拆", "planning"),  # 加快月川、阳光海岸等10个重点片区征拆 (三亚 2021's gold): 征地拆迁 for short
    ("拆迁", "planning"),
    ("供地", "planning"),
    ("土地整备", "planning"),
    ("土地出让", "planning"),
    ("设计", "planning"),  # 抓好…外立面设计 (宝安 2019's gold): drawn before it is built
    ("通一平", "planning"),  # 完成…产业园“九通一平” (黄石 2018's gold): the site made ready, as 土地整备
    ("迁建", "ongoing"),  # 迁建比如、嘉黎县初级中学 (那曲 2021's gold): rebuilt elsewhere, as 改扩建
    ("向群众开放", "operate"),  # 博物馆…等公共服务设施年内向群众开放 (那曲 2021's gold), as 开馆
    ("向公众开放", "operate"),
    ("运行", "operate"),  # 确保…项目满负荷运行, 重点支持…平稳运行 (克拉玛依 2020's gold), as 投入运行
    ("拆建", "ongoing"),  # 拆建鸡虎高速团结站互通桥 (鸡西 2016's gold): rebuilt, as 迁建
    ("复工建设", "start"),  # 力促霍邱300万吨钢铁深加工项目复工建设 (六安 2016's gold): building resumed, as 开工建设
    ("项目建议书", "planning"),  # 完成…调水工程项目建议书的编制 (红河 2014's gold): the first paper of its planning
    ("可研", "planning"),  # 力争杭丽铁路完成可研审查 (丽水 2023's gold): its feasibility study, as 论证
    ("工可", "planning"),  # 温武吉铁路完成工可批复 (丽水 2023's gold): 工程可行性研究, as 可研
    # 深化金南铁路研究 (丽水 2023's gold): studied, as 专题研究; not for the rules: 研究制定 is a policy
    ("研究", "planning"),
    ("重建", "ongoing"),  # 重建胜利桥、福春桥 (丹东 2020's gold): rebuilt, as 拆建
    # 实现抗美援朝纪念馆、黄海明珠电视塔对外开放 (丹东 2020's gold), as 向公众开放; not for the rules: 对外开放 is a policy too
    ("对外开放", "operate"),
]
"""Stage words the guideline decides (4.2, 6.6) that the rules' project patterns do not look for yet;
the checks know them, so a model that writes them is not flagged."""
WORK_NAMING_STAGE_WORDS = frozenset({"新建", "新改扩建", "新建改扩建", "改扩建", "扩建", "迁建"})
"""Stage words that also name the work inside a project's name, as 改扩建 does ("火化场搬迁新建", 海拉尔 2013; "金家井乡卫生院
新改扩建", 涞源 2022): a name may end on them (the checks' STAGE_IN_NAME leaves them alone)."""

ALL_STAGE_WORDS: list[tuple[str, Stage]] = MORE_STAGE_WORDS + STAGE_WORDS


def stage_of(raw: str, words: list[tuple[str, Stage]] = STAGE_WORDS) -> Stage | None:
    """Stage of a verbatim stage phrase; the first listed (longest) known word wins ("开工建设" is a start)."""
    for word, stage in words:
        if word in raw:
            return stage
    return None


STAGE_ORDER: tuple[Stage, ...] = ("planning", "signed", "start", "ongoing", "complete", "operate")
PROGRESS_WORDS = ("加快", "推进", "推动", "加快推进", "提速推进", "提速", "加快建设", "建设", "建好", "实施", "抓好")
"""Words of progress that give way to any other stage word of the phrase: "扎实推进…前期" is planning,
"推动…落地" signed, "提速…建设和投产" operate."""


PLANNING_WORK = frozenset(
    {
        "前期",
        "规划",
        "详规",
        "核准",
        "审批",
        "批复",
        "立项",
        "开工准备",
        "论证",
        "征地拆迁",
        "征拆",
        "拆迁",
        "供地",
        "土地整备",
        "土地出让",
        "设计",
        "施工图设计",
        "通一平",
        "项目建议书",
        "可研",
        "工可",
        "研究",
        "手续办理",
    }
)
"""Planning work: finishing it (完成…前期工作, 完成…征地拆迁) leaves the project at the planning stage."""
BUILDING_MILESTONES = frozenset({"封顶", "主体封顶", "施工"})
"""Steps of the building itself: finishing one (新区妇幼保健院完成封顶, 台江医院完成主体施工) leaves the project being built."""


def stage_named(raw: str) -> Stage | None:
    """The stage a verbatim stage phrase gives under the guideline (4.2): its compound word if it has
    one ("开工建设" is a start), else the later of the stages it names, words of mere progress (推进,
    建设) giving way to any other."""
    found: list[tuple[str, Stage]] = []
    rest = raw
    for word, stage in ALL_STAGE_WORDS:
        if word in rest:
            found.append((word, stage))
            rest = rest.replace(word, "\0")
    if not found:
        return None
    words = {word for word, _ in found}
    if "谋划" in words:
        return "planning"  # "谋划启动…建设", "谋划建设": the start or the build is being planned
    if words & {"完成", "启动"} and words & PLANNING_WORK:
        # "完成…前期工作", "启动…前期工作", "完成核准": what is finished or started is the planning; a stage written after
        # it still wins ("完成核准并开工建设" is a start)
        found = [(word, stage) for word, stage in found if word not in ("完成", "启动")]
    elif "完成" in words and words & BUILDING_MILESTONES:
        found = [(word, stage) for word, stage in found if word != "完成"]  # "完成封顶": a step of the building
    # the work a name's own stage word names (新建, 迁建) gives way too: "启动火化场搬迁新建" is a start
    firm = [stage for word, stage in found if word not in PROGRESS_WORDS and word not in WORK_NAMING_STAGE_WORDS] or [
        stage for _, stage in found
    ]
    return max(firm, key=STAGE_ORDER.index)


def stages_in(raw: str) -> set[Stage]:
    """Every stage a phrase names: "提速…建设和投产" names ongoing and operate (the later one is the
    record's, 4.2), so a check accepts any of them."""
    found: set[Stage] = set()
    rest = raw
    for word, stage in ALL_STAGE_WORDS:
        if word in rest:
            found.add(stage)
            rest = rest.replace(word, "\0")
    return found


GENERIC_CATEGORY = re.compile(rf"^(?:{GENERIC_PROJECT_WORDS}|[和及、与“”])+$")
"""A name made only of generic words (quotes and joiners aside) is a category, not a project: 智能电网, 零碳园区,
城市轨道交通, 新材料, 县级医院. A real project adds a place, a company or a code (贵阳国家物流枢纽, 温玉铁路)."""
_GENERIC_NAME = re.compile(
    r"^(?:一批|若干|各类|等)?(?:重大|重点|产业|基础设施|民生|续建|新建|在建|招商|社会|政府|城建)*项目$"
)


GOVERNMENT_FACILITY = re.compile(
    r"^(?:[市县区旗州](?![级域场政区内外直属县乡镇])|市民|县城|新区)[\u4e00-\u9fff]{1,10}"
    r"(?:馆|中心|院|园|厂|站|场|楼|学校|中学|小学|幼儿园|公园|广场|城|宫|基地)(?:[一二三四五六七八九十\d]期)?(?:工程|项目)?$"
)
"""The one facility of the government speaking (guideline 4.1: 市社会福利院), written with its level or its citizens
("高标准推进市民文化中心建设", 安国 2022; "开工建设市民健身中心", 贵阳 2009): a project, however generic its words; not a
level's class (县级医院, 市县托育综合服务中心) or a district (区域医疗中心)."""


def generic_project(name: str, strict: bool = False) -> bool:
    """A kind of project, not one: 重大项目, 一批基础设施项目, 智能电网, 零碳园区 (6.4, 6.6); not the government's own
    facility (市民文化中心, ``GOVERNMENT_FACILITY``).

    ``strict``: only the names that are never a project (…项目 alone), even in a list the text calls projects.
    """
    return bool(
        _GENERIC_NAME.match(name)
        or (not strict and GENERIC_CATEGORY.match(name) and not GOVERNMENT_FACILITY.match(name))
    )


DISTRIBUTED_PREFIXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "城乡": (("城镇", "城市"), ("农村", "乡村")),
    "城、乡": (("城镇", "城市"), ("农村", "乡村")),
    "一二三产": (("一产",), ("二产",), ("三产",)),
}
"""A joint word that a list distributes into its parts, in order: "城乡居民人均可支配收入分别增长6%和7%"
gives 城镇居民… 6 and 农村居民… 7 (docs/annotation.md 3.2)."""

# --- verbs that say what a value does (docs/annotation.md 3.5, 3.7) -----------------------------

DECREASE_VERBS = r"下降|降低|减少|压减|降至|降到|回落|再降|微降|略降|收窄|缩小|缩短|减排(?!工程|项目)|削减|整合为|降价|(?<=浓度)改善|(?<=浓度同比)改善|(?<=浓度分别)改善"
"""A value after one of these is a decline (direction decrease, value positive)."""
FALLING_TRENDS = r"只减不增|双下降|稳中有降|负增长"
"""A fall written without a number ("财政供养人员只减不增", "实现“三公”经费负增长"): a decrease for the rules and the checks."""
TAKE_AWAY_VERBS = r"淘汰|退出|取消|清拆|消化(?=违建|违法|存量|库存|批而未供|闲置)|减轻|减税|减负|降费|精简|压降|压缩|缩减|下调|拆除|减量|关停|关闭|取缔|销毁|打掉|裁减|清退|封停|拆改|清理|撤并|撤销|撤消|核减|拆迁|拆违|消灭|减贫|清零|出清|退市|消除|废止|宣布失效|精减"
"""Verbs that take an amount away from the thing named (退出煤炭产能1.5亿吨, 减轻企业和个人负担5000多亿元,
取消123项…事项, 清拆整改4211间, 消化违建100万平方米): decrease (docs/annotation.md 3.7). When the indicator names the act itself (为市场主体减负,
退税减税, 淘汰黄标车和老旧车) the value is the amount of relief, an increase."""
CHANGE_VERBS = r"增长|增速|增幅|提高|提升|上涨|涨幅|增加|递增|下降|降低|减少|压减|削减|下调|上调|降价"
"""A percentage after one of these is a rate of change (metric growth)."""
REACHED_VERBS = r"(?:提高|提升|增加|增长|下降|降低|减少|上升|缩小|扩大|降)(?:到|至)|下降为|降低为|提高为|提升为"
"""A percentage right after one of these is a level reached (城镇化率提升至69.5%, 比率下降至13.8%): a share,
not a rate of change (docs/annotation.md 3.5)."""
SHARE_WORDS = r"比重|比例|占比|率|覆盖面|占[^,，;；。]{0,20}的?"
MULTI_YEAR_BASE = re.compile(rf"比[“\"]?十[一二三四五六]?五|比{YEAR}年|与{YEAR}年相比|倍|以来|累计")
"""A growth measured against a base years back ("比“十五”末增长74%", "分别比2005年增长63.7%", "2005年与2000年相比，…增长57.3%",
增长一倍): a span's growth, not a year's; the plausible ranges (learned and checked) are of a year's."""
MAINTAIN_VERBS = r"稳定在|保持在|(?<!水土)保持"
"""A value after one of these is kept (direction maintain)."""
KEEP_OPENERS = r"(?<!水土)保持|稳住|严守|守住|坚守"
"""A clause opening with one of these keeps what it names ("严守18亿亩耕地红线不动摇"): maintain (docs/annotation.md 3.7)."""

# --- the main-targets paragraph (docs/annotation.md 3.9) ----------------------------------------

HEADLINE_LEAD = re.compile(
    r"主要(?:预期|奋斗)?(?:和?调控)?(?:目标|指标)(?![^，,。；;:：]{0,12}?(?:的要求|基本完成|全面完成|如期完成))|预期(?:目标|指标)(?:建议)?(?:是|为)?[:：]|发展的?(?:预期|努力)(?:目标|指标)(?:建议)?(?:是|为)"
    r"|发展的目标(?:是|为)[:：]|(?:经济社会|经济和社会|今年|时期|[全我][市省区县州])的发展目标(?:是|为)[:：]"
    r"|主要(?:预期)?经济(?:社会)?(?:发展)?(?:预期)?(?:目标|指标)(?:定为|是|为)?[:：]|主要预期[:：]|预期性(?:目标|指标)(?:主要)?(?:是|为)?[:：]"
    r"|(?:发展|总体)目标建议为[:：]|发展的?总体目标(?:是|为)[:：]"
    r"|(?m:^)[^。\n：:]{0,12}发展目标(?:是|为)?[:：]|(?m:^)[^。\n：:，,]{0,30}(?:奋斗|总体)目标(?:是|为)[:：]"
)
"""What opens the year's main-targets paragraph: 主要预期目标 (主要奋斗目标, 鞍山 2003; not one named as what a task is to
finish, "…攻坚战主要目标任务2018年基本完成的要求", 江门 2018), a line opening "发展目标是:" (龙岩
2006), and 预期目标 introducing a list ("2012年全区经济社会
发展的预期目标是：地区生产总值达到240亿元…", 海拉尔 2012; "全县经济社会发展的努力目标为:", 龙游 2025), and a line opening
with the 奋斗目标 or 总体目标 it lists ("奋斗目标是:到 2016年,全县生产总值年均增长12%以上…", 容城 2012; "今后五年全市经济社会
发展的总体目标是:", 荆门 2016; "…“十五五”时期海南经济社会发展的奋斗目标是：", 海南 2026; 黄山 2016); also "经济社会发展的预期
目标建议为：" (昆明 2009) and, before a colon, "今年全市经济社会发展的目标是：" (东莞 2009); a line labelled 发展目标
("发展目标：到2015年，实现生产总值超万亿元", 新疆 2013; 固原 2016, 鸡西 2016, 宜宾 2022), and 主要(预期)调控目标 as older
reports name the main targets (浙江 2004, 重庆 2003, 山西 2003); "建议今年我市经济社会的发展目标为:" (宁波 2012; 福州 2011,
湖南 2016) and "2005年我省预期的主要经济指标是：" (辽宁 2005; 大连 2004, 哈尔滨 2014, 海口 2007; "主要预期经济指标定为：",
深圳 2003) introduce the list too, as do "预期性指标是：" (南京 2015 to 2021), "主要预期：" (佛山 2015), "主要预期和调控目标是"
(天津 2005), "…发展目标建议为：" (玉溪 2023, 合肥 2006's 总体目标) and "发展总体目标是：" (江西 2007)."""


MAIN_TARGETS_WORDS = r"主要(?:预期|奋斗)?(?:调控)?(?:目标|指标)"
"""How a part or paragraph names the year's main targets (主要预期目标, 主要指标, older reports' 主要调控目标; a government's five
years' 主要奋斗目标, "二、今后五年发展总的指导思想和主要奋斗目标", 济南 2003, 合肥 2008): here and in ``sections``."""
_MAIN_TARGETS_HEADING = re.compile(rf"{MAIN_TARGETS_WORDS}(?!任务完成)|(?:时期|政府)[^。]{{0,10}}奋斗目标")
"""A part titled for the main targets; a five-year part's 奋斗目标 are its main targets ("二、“十三五”时期指导思想和奋斗目标",
黄山 2016: "——综合实力更强…力争到2020年…"; "二、新一届政府工作的指导思想和奋斗目标", 鞍山 2003: a government's five years)."""
_YEAR_IN_TITLE = re.compile(rf"{YEAR}年")
_WORK_IN_TITLE = re.compile(
    r"主要(?:预期)?(?:目标|指标)\S*(?:和|及|与)\S*(?:重点工作|工作安排|工作部署|宏观经济政策|宏观政策)"
)
"""A part titled for both ("“十五五”时期主要目标和2026年重点工作", 内蒙古 2026): its main-targets paragraph is headline, its
work is not."""
_NUMBERED_PART = re.compile(r"^[(（][一二三四五六七八九十]{1,3}[)）]")
_TASK_VERB = (
    r"(?:深入|全力|大力|持续|扎实|积极|全面|坚定|更加|奋力|全方位|进一步|一体)?"
    r"(?:聚焦|推进|推动|加快|着力|深化|实施|坚持|强化|提升|优化|建设|打造|做强|发展|统筹|构建|完善|筑牢|守牢|办好|抓好|培育|扩大|促进|"
    r"保障|凝聚|改善)"
)
_TASK_PART = re.compile(
    rf"^(?!.*(?:取得|跃升))(?:[(（][一二三四五六七八九十]{{1,3}}[)）]|[一二三四五六七八九十]{{1,3}}、)"
    rf"(?:{_TASK_VERB}|[^,，。；;]{{2,16}}[,，]{_TASK_VERB})"
)
"""Under a year's main targets and tasks ("二、2025年主要目标任务") every numbered part holds tasks; under a five-year
plan's, a part opening with a task verb does ("(三)推进生态建设一体化", "(一)聚焦加快建设创新浙江"), one stating the
outcome aimed at holds its main targets ("(一)在推动高质量发展中积厚成势、整体跃升", "(四)以更高水平推动协调融合发展").
A part whose second phrase opens so holds tasks too ("(一)持之以恒调结构提质量,构建集群发展的新型工业化体系", 遵义 2021). Parts
numbered "一、" under a part of the report's own ("“十一五”时期的奋斗目标和主要任务" → "一、推进产业升级,建设经济强市", 东莞 2006)
are read the same way."""


def headline_spans(text: str, offset: int = 0, section_path: Sequence[str] = ()) -> tuple[tuple[int, int], ...]:
    """Spans (shifted by ``offset``) of main-targets paragraphs: from 主要预期目标 to the end of its line,
    or the whole text when a heading of its section names them ("二、“十五五”时期主要目标任务")."""
    named = [k for k, heading in enumerate(section_path) if _MAIN_TARGETS_HEADING.search(heading)]
    title = section_path[named[-1]] if named else ""
    part = _NUMBERED_PART if _YEAR_IN_TITLE.search(title) and not _FIVE_YEAR_PLAN.search(title) else _TASK_PART
    # "二、2022年工作总体要求和主要目标" (涞源 2022), like "…主要目标任务": its numbered parts are the year's tasks
    tasks = ("任务" in title or "要求" in title) and any(
        part.match(heading) for heading in section_path[named[-1] + 1 :]
    )
    leads = list(HEADLINE_LEAD.finditer(text))
    if named and not tasks and not _WORK_IN_TITLE.search(title) and not _lead_holds_its_list(text, leads):
        # Under "二、“十四五”时期的主要目标任务" the numbered parts "(三)推进生态建设一体化" are the tasks, not the main
        # targets; its "——高质量发展取得显著成效" lines are the targets.
        return ((offset, offset + len(text)),)
    spans = []
    for match in leads:
        line_end = text.find("\n", match.end())
        if line_end > 0 and text[line_end - 1] in ":：":
            line_end = _listed_lines_end(text, line_end)
        end = len(text) if line_end < 0 else line_end
        spans.append((offset + match.start(), offset + end))
    if not spans and not named:
        spans = [(offset + start, offset + end) for start, end in _year_target_sentences(text)]
        for match in _UNNAMED_TARGETS_LEAD.finditer(text):
            line_end = text.find("\n", match.end())
            spans.append((offset + match.start(), offset + (len(text) if line_end < 0 else line_end)))
    return tuple(spans)


def _lead_holds_its_list(text: str, leads: Sequence[re.Match[str]]) -> bool:
    """Whether a main-targets lead in ``text`` writes its figures on its own line ("未来五年主要奋斗目标是，到2012年，地区生产
    总值年均增长16%以上…", 合肥 2008; "主要预期目标是:地区生产总值年均增长7.5%;…", 绥化 2016): then the part named for the main
    targets holds them in that paragraph, and its "——继续强化…" lines after it are tasks. A lead ending its line on a colon
    ("今后五年经济和社会发展的主要奋斗目标是:", 济南 2003) leaves the whole part to its list. ``leads`` are
    ``HEADLINE_LEAD``'s matches in ``text``."""
    for match in leads:
        line_end = text.find("\n", match.end())
        if any(c.isdigit() for c in text[match.end() : len(text) if line_end < 0 else line_end]):
            return True
    return False


def _listed_lines_end(text: str, colon_line_end: int) -> int:
    """Where the targets listed after "…主要奋斗目标:" end: the next line that holds text (a blank line may stand between,
    常州 2019), and the "——" lines that follow it when it opens with one ("——经济支撑型指标夯实厚度。地区生产总值增长7%左右;…",
    "——民生保障型指标…"), or the lines after it while each ends an item with a semicolon ("国内生产总值540亿元，增长12%;" …
    "人口出生率控制在14.63‰以内。", 南昌 2002 to 2014, 惠州 2019 to 2022). -1 when the text ends first."""
    start = _next_text_line(text, colon_line_end)
    if start < 0:
        return -1
    end = text.find("\n", start)
    if text.startswith("——", start):
        while end >= 0 and (following := _next_text_line(text, end)) >= 0 and text.startswith("——", following):
            end = text.find("\n", following)
        return end
    while end >= 0 and _ends_an_item(text, end) and (following := _next_text_line(text, end)) >= 0:
        end = text.find("\n", following)
    return end


def _ends_an_item(text: str, line_end: int) -> bool:
    """Whether the line ending at ``line_end`` ends on a semicolon (spaces after it aside): one item of a list."""
    last = line_end - 1
    while last >= 0 and text[last] in " \t":
        last -= 1
    return last >= 0 and text[last] in ";；"


def _next_text_line(text: str, line_end: int) -> int:
    """Where the first line after ``line_end`` that holds text starts (blank lines skipped), or -1 at the text's end."""
    start = line_end + 1
    while start < len(text) and text[start] == "\n":
        start += 1
    return start if start < len(text) else -1


_YEAR_TARGET_STATED = re.compile(
    r"(?:今年|本年)[^。！？!?\n]{0,12}预期(?:目标|指标)(?:为|是)|预期今年|今年预期|(?<=今年)[^。！？!?\n]{0,12}(?:生产总值|GDP)预期增长"
)
"""A year's expected targets stated in a sentence of their own ("今年经济增长预期目标为7%左右", 国务院 2003; "今年的预期目标是,
新增城镇就业900万人,下岗失业人员再就业500万人", 国务院 2004; "综合考虑,预期今年全省地区生产总值增长6%左右,…", 黑龙江 2015):
the main targets of a report that has no paragraph for them.
Also "今年预期地区生产总值增长8%左右" (鄂州 2018) and "今年全省国内生产总值预期增长9%" (山东 2001, 2002).
Where a paragraph of main targets exists the same words restate one of them (国务院 2005, 2013, 2024: not headline)."""

_UNNAMED_TARGETS_LEAD = re.compile(
    r"综合考虑(?:各方面|各种)?因素[，,](?=[^。！？!?\n]{0,30}(?:生产总值|GDP)[^。！？!?\n]{0,6}增长)"
    r"|实现以下(?:经济社会)?发展(?:主要)?(?:目标|指标)[:：]"
)
"""A paragraph of main targets with no name for them, opened by what was weighed ("综合考虑各方面因素，今年全市地区生产总值增长
8%，固定资产投资…", 晋城 2022, 2023; 山西 2022, 2023; 大庆 2016; 重庆 2009) or announcing a list ("到今年底，力争实现以下经济
社会发展目标：", 徐州 2014). Read only where no paragraph names them: in 116 of the 2,945 lawtext reports the first words open
the named paragraph itself ("综合考虑各方面因素，今年…主要预期目标是："), and "同时，还应努力实现以下目标：" after 宜昌 2019's
main targets lists more than they are."""


def _year_target_sentences(text: str) -> Iterator[tuple[int, int]]:
    """From the start of the clause stating the year's expected targets to the end of its sentence."""
    for match in _YEAR_TARGET_STATED.finditer(text):
        start = max(text.rfind(mark, 0, match.start()) for mark in "，,；;。！？!?\n") + 1
        ends = [k for k in (text.find(mark, match.end()) for mark in "。！？!?\n") if k >= 0]
        yield start, min(ends, default=len(text))


CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# Estimates and statements about a finished period: never a goal, whatever the section says.
_ESTIMATE = rf"预计(?!到{YEAR}年|数)|初步预计|初步统计|初步核算|据统计预测|据初步|预测全年"
_BACKGROUND = (
    r"应到|实到|应出席|实际出席|出席会议|出席开幕|列席|请假|缺席|符合法定人数|"
    r"(?<![没拥所再少])有(?=\d)|共有(?!产权|精神)|(?<![口均])拥有(?![量率])|现有|接壤|位于|遍及|辖\d|"
    r"创历史新高|历史最好|(?<!稳)居全[国省市区州]第|位居全[国省市区州]第|排名全[国省市区州]第|位列|高达"
)
"""Facts that are neither results nor goals: the congress roll call, the territory, ranks attained. Not 至少有 ("576个社区警务室都
至少有1名民警专职负责", 东莞 2006's plan: a floor aimed at) or 再有 ("再有2.8万农村
贫困人口实现脱贫", 太原 2005: as many more, a goal) or 稳居 ("生态环境状况综合指数稳居全省第一、全国前列", 黔东南 2022's
five-year goals: a rank to keep)."""
NOTES_HEADING = re.compile(
    rf"^[【\[]?(?:附件?[:：]?)?(?:(?:{YEAR}年)?[《〈]?政府工作报告[》〉]?(?:中的?)?)?(?:有关|相关|部分)?"
    r"(?:(?:(?:名词|名词术语|术语|词语|用语)的?)?(?:解释|注释|注解)|(?:术语|词语|用语)的?说明|词解释)(?:说明|和(?:有关情况)?说明)?"
    r"[】\]]?[:：]?$"
)
"""The line that opens a glossary appended to a report (云南 2025, 四川, 广东, 海南 2026, 保定 2022; "2021年《政府工作报告》有关
术语说明", 六盘水 2021; "《政府工作报告》名词解释"; "名词解释和说明", 31 of the 2,942 lawtext reports, "词解释和说明" in 凉山 2014's
copy; "部分用语说明", "有关词语解释", "附件：注释"; "《政府工作报告》有关术语的说明", 贵阳 2008 to 2011): what follows defines terms ("“两重”：是指…", "形成以农户占60%…的利益分配模式"); it sets no goal and reports no result."""
APPENDIX_HEADING = re.compile(r"^附件\s*[\d一二三四五六七八九十]?[:：]?$|^附[:：]$")
"""The line that opens an annex (附件, 附件1): a part of its own after a glossary (云南 2025's 2025年10件惠民实事)."""
ACHIEVEMENT = r"取得(?:了)?(?:新|显著|明显|重大|积极|良好|决定性)?的?(?:成效|成绩|进展|成果|突破)"
"""取得显著成效, 取得了新的进展: what a review says was achieved (a weak past cue in a clause; in a part's title,
with no forward verb before it, the mark of a review: ``sections``)."""
_ACHIEVED = rf"{ACHIEVEMENT}|圆满完成|超额完成"
_PAST_TIME = (
    r"(?<![比较从同与于])(?<!加快|推进|推动|抓好|确保|力争)(?:去年|上年)(?!度|水平|同期)|过去[一两三五十]?年|过去的[一两三五]?年|过去一年|这一年|这五年|一年来|五年来|三年来|近五年|近年来|"
    r"以来|“十[二三四]五”(?:期间我们|时期我们)|年初确定的"
)
_PAST_VERB = r"(?:完成|实现|达到|增长|提高|下降|突破|取得|建成|新增|引进|获得|荣获|获评|入选|创成|取消|免除|减免|减轻|减少|降低|淘汰|关闭|化解|压减)了"
_RECAP = r"累计(?:完成|实现|达到|建成|新增|引进|培育|减少|投入|发放|争取|帮助|解决|创造|改造|整治)"
_BEYOND_TARGET = (
    r"(?:超过|超额完成|好于|高于|优于|快于)(?:了)?(?:年初|全年|年度)?(?:预期目标|预期|计划目标|目标任务|目标)"
)
"""A figure measured against the year's target ("城镇新增就业980万人，超过预期目标", 国务院 2005): the year is over; its
目标 is no goal word here, and the clauses after it in the sentence stay in the past."""

# Cues that a clause sets a goal. Strong ones hold even inside a review section; weak ones (目标, 要, 将,
# 计划 …) also occur in names and in past narrative ("入选省“双高计划”"), so a review section ignores them.
# 要/将 are goal verbs only as words of their own (not 重要, 主要, 将近).
_STRONG_GOAL = (
    r"今年(?!以来)|明年|力争|(?:主要)?预期(?:目标|指标)|主要目标|"
    r"今后[一二三四五]年|未来[一二三四五]年|[一二三四]年内|到[“\"]?十[四五六]五[”\"]?末"
)
"""Goal words that hold even inside a review section. Not 五年内: a review of the government's five-year term
sums it up so ("五年内,全国造林面积2787万公顷", 国务院 2003), where a plan's 五年内 is a goal anyway."""
_GOAL = (
    _STRONG_GOAL
    + r"|(?<![一二三四五六七八九十两0123456789])年内|五年内|确保|保证(?!了)|争取|目标|(?<!于)预期|努力|计划|拟(?!定)|每年|下一步|"
    r"(?<![重主需必只紧首])要(?![求素点闻])|(?<!即)将(?![近军领士])|"
    r"[“\"]?十[三四五六]五[”\"]?(?:时期|期间)?(?:的)?(?:主要)?(?:目标|要)"
)


def _cue_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled behind a look-ahead for the characters it is written with.

    re cannot tell which characters may open a match of an alternation whose branches start with a
    look-behind or a group, so it tries every branch at every position of the text; the look-ahead
    skips the positions no branch can start at (two to four times faster on report text, same
    matches). It holds for patterns whose every match starts with a character they write or a digit
    (\\d); patterns that could start elsewhere (., \\w, \\s, [^…], a range, an escaped code point)
    or match nothing at all are refused.
    """
    if re.search(r"\\[uUxNwWsSD]|\[\^|(?<!\\)\.|\[[^\]]*-", pattern) or re.fullmatch(pattern, ""):
        raise ValueError(f"a match of {pattern!r} could start with a character it does not write")
    written = "".join(sorted({re.escape(char) for char in pattern}))
    return re.compile(rf"(?=[{written}\d])(?:{pattern})")


_STRONG_GOAL_RE = _cue_pattern(_STRONG_GOAL)
_GOAL_RE = _cue_pattern(_GOAL)
_STRONG_PAST_RE = _cue_pattern(rf"{_ESTIMATE}|{_PAST_TIME}|{_PAST_VERB}|{_BACKGROUND}|{_BEYOND_TARGET}")
_WEAK_PAST_RE = re.compile(rf"比上年|较上年|同比|年均增长|年均增速|上半年|前三季度|一季度|{_ACHIEVED}|{_RECAP}")
"""Past only where the section does not say (a digest without headings): in a plan, "取得显著成效" and
"年均增长" are goals ("——高质量发展取得显著成效。…年均增长5%左右")."""
_YEAR_RE = re.compile(rf"(?<![到至比较截])({YEAR})年(?![底末]前)")
_ON_THE_BASE = r"(?:底|末)?的?基础上"
"""What follows a year written as a goal's base: "在2010年基础上翻一番", "在2020年底的基础上" (68 lawtext lines)."""
_YEAR_COMPARED_WITH = re.compile(
    rf"(?:与|同){YEAR}年(?:底|末)?(?:相比|比较)|(?:低于|高于|快于|慢于|好于|优于){YEAR}年(?:的?水平)?(?![\d%％])"
    rf"|在{YEAR}年{_ON_THE_BASE}"
)
"""The year a value is measured against ("与2007年相比，单位GDP能耗降低20%", 37 of the 2,942 lawtext reports write "与20xx年
相比，"; "居民消费价格涨幅低于2007年", 合肥 2008's main targets; "在2010年基础上翻一番", 鸡西 2016's five-year goals): the base of a goal, no time it is for (比2010年 never was:
``_YEAR_RE``). ``BASE_YEAR`` knows 与…相比 too, for the sentence a horizon is read from; it also strips 由/是 YYYY年, which the
clause dating here still reads as past, so the two are not one yet."""
STRIVE_FURTHER = r"(?:力争|争取|努力)(?:达到|实现|达)?"
"""A second value of the same measure a clause strives for, after a comma: "增长7%以上、力争达到8%" (rules and checks)."""
_HORIZON_YEAR = re.compile(rf"(?:到|至|在)({YEAR})年(?!{_ON_THE_BASE})")
"""到/至/在 a year: the horizon of a goal, not 在2010年基础上 (the base it is measured against)."""
_OPENING_YEAR = re.compile(rf"\s*(?:力争|确保|争取)?({YEAR})年(?:底|末)?前?(?!度)")
"""A sentence that opens with a year (after the report's) sets its goals for that year."""
_FIVE_YEAR_PLAN = _cue_pattern(
    r"(?:到|至)?[“\"]?十([一二三四五六七])五[”\"]?(?:规划)?(?:末|时期|期间|期末|(?=年均))|(?:到|至)[“\"]?十([一二三四五六七])五[”\"]?"
)
_PLAN_DRAFT = re.compile(r"纲要[（(]?草案[）)]?》")
"""The draft outline of the five-year plan put to this congress (《纲要（草案）》 明确了…主要指标): a report
given in a plan's first year states the plan's goals, for its last year, with this as the only cue."""
_WITHIN_YEARS = re.compile(r"([一二两三四五六七八九十]|\d)年内")
_NEXT_FIVE = re.compile(r"今后五年|未来五年")

_PLAN_LABELS = {"": 10, "一": 11, "二": 12, "三": 13, "四": 14, "五": 15, "六": 16, "七": 17}
"""“十X五” plan number → the plan's last year is 1955 + 5 × X (十四五: 2021–2025; “十五”, no X: 2001–2005)."""


@dataclass(frozen=True)
class Reading:
    """What one clause says about time: past or goal (None when it gives no cue), and its horizon."""

    tense: Tense | None
    cue: str | None = None


_NO_CUE = Reading(None)
"""The reading of a clause without a cue of its own (most clauses), made once."""


def goal_cue(text: str) -> int | None:
    """Position of the first goal word in ``text`` (None when it has none)."""
    match = _GOAL_RE.search(text)
    return match.start() if match else None


def plan_end_year(label: str) -> int | None:
    """“十四五” → 2025, “十三五” → 2020 (the plan's last year)."""
    number = _PLAN_LABELS.get(label)
    return 1955 + 5 * number if number else None


_SETTING_A_GOAL = re.compile(r"把[^，,。；;]{2,20}?(?:控制在|定在|定为|保持在)")
"""A value being set ("把居民消费价格涨幅控制在3.5%左右，是充分考虑各方面因素后作出的选择", 国务院 2013): a weak goal cue,
which the last sentence's 去年 does not outweigh."""


def clause_cue(clause: str, plan_year: int | None, strong_goals_only: bool = False) -> Reading:
    """The clause's own cue, strongest first.

    1. an estimate or a finished period (预计, 去年, 完成了, 取得显著成效), unless a goal word comes first;
    2. a year the clause is about, against the plan year: "到2025年" in a 2026 report and "2022年,…"
       in a 2023 report look back, "到2025年" in a 2021 report looks forward;
    3. a goal word (力争, 今年, 目标 …; only the strong ones inside a review section);
    4. a recap (累计完成 …).
    """
    past = _STRONG_PAST_RE.search(clause)
    if past is not None and past.group(0) in _MAY_NAME_A_THING:
        past = _past_cue(clause, past)
    goal = (_STRONG_GOAL_RE if strong_goals_only else _GOAL_RE).search(clause)
    if goal is None and not strong_goals_only:
        goal = _SETTING_A_GOAL.match(clause)
    if past and (re.fullmatch(_ESTIMATE, past.group(0)) or not (goal and goal.start() < past.start())):
        return Reading("past", past.group(0))
    if plan_year is not None:
        dated = _dated_cue(clause, plan_year, goal, in_review=strong_goals_only)
        if dated.tense is not None:
            return dated
    elif _HORIZON_YEAR.search(clause):
        return Reading("goal", _HORIZON_YEAR.search(clause).group(0))  # type: ignore[union-attr]
    if goal:
        return Reading("goal", goal.group(0))
    return _NO_CUE


_PLACE_VERB = ("接壤", "位于")
_MAY_NAME_A_THING = frozenset((*_PLACE_VERB, "现有", "拥有"))
"""Past cues that may stand inside what a goal names (``_past_cue``): the only ones read twice."""


def _past_cue(clause: str, past: re.Match[str] | None) -> re.Match[str] | None:
    """The clause's first strong past cue, skipping a place verb inside a noun or its modifier: "位于城郊的村庄"
    names what a goal is about, "与新区接壤51.2公里" states a fact. (流经 and 毗邻 are no cues at all: 186
    reports write them only so, "流经我县的孝义河", "以毗邻雄安新区的庞口镇…为重点", "深化毗邻地区合作".) ``past`` is
    the first cue the clause writes; the ones after it are searched only when it names a thing."""
    while past and (
        (past.group(0) in _PLACE_VERB and _modifies_a_noun(clause, past.end()))
        or (past.group(0) == "现有" and _EXISTING_AS_ADJECTIVE.search(clause, 0, past.start()))
        or (past.group(0) == "拥有" and _OWNING_AIMED_AT.search(clause, 0, past.start()))
    ):
        past = _STRONG_PAST_RE.search(clause, past.end())
    return past


_EXISTING_AS_ADJECTIVE = re.compile(
    r"抓好|推进|推动|加快|提升|改造|盘活|利用|整合|优化|发挥|依托|用好|服务|支持|扶持|巩固|完善|加强|挖掘|激活|升级|[实在对好将把由从等]$"
)
"""What makes 现有 "existing", part of a goal's object, not a count of what a place has ("全县现有耕地50万亩"): a verb
before it ("抓好我区现有存量工业700万吨露天矿", 海拉尔 2016; "提档升级…等现有创新平台", 赤峰 2025) or a word right before it
(在现有…, 服务好现有企业, 实现有质量…, 等现有…; "在巩固现有航线的基础上,新辟2条远洋干线", 宁波 1999)."""
_OWNING_AIMED_AT = re.compile(r"实现|达到|力争|确保|争取")
"""What makes 拥有 a level aimed at, not what a place has: a verb reaching it ("2018年底实现全市拥有律师900名", "实现每千名老人
拥有养老床位36张以上", 江门 2018). A per-head ratio alone may be either ("每千人拥有市场主体低于全国15.5户", 楚雄 2022's
difficulties)."""


def _modifies_a_noun(clause: str, end: int) -> bool:
    """A place verb inside a modifier closed by 的 ("位于城郊的村庄") names what a goal is about."""
    return "的" in clause[end : end + 15]


_TITLE = re.compile(r"《[^《》]*》")
_AS_A_HORIZON = re.compile(r"^[到至]|末$")
_PLAN_AS_BASE = re.compile(r"(?<=[比较从由])[“\"]?十[一二三四五六七]五[”\"]?(?:末|期末)?")


def _dated_cue(clause: str, plan_year: int, goal: re.Match[str] | None, in_review: bool = False) -> Reading:
    """Years written in the clause, against the plan year.

    A title's years name a document, not the clause's time ("出台《…三年行动方案(2022—2024年)》", 攀枝花 2023's
    review). Inside a review a plan still running is a goal's time only as a horizon (到“十四五”末): written
    bare it dates what the review reports ("梳理报送“十四五”期间国家102项…重大工程清单项目326个", the same review).
    """
    if "20" not in clause and "十" not in clause and "19" not in clause:
        return _NO_CUE  # no year (20xx年, 19xx年) and no plan (“十四五”): most clauses
    if "《" in clause:
        clause = _TITLE.sub("", clause)
    clause = _PLAN_AS_BASE.sub("", clause)  # "比“十一五”末增长60%": the plan's end is the base of a goal, not its time
    clause = _YEAR_COMPARED_WITH.sub("", clause)  # "与2007年相比，单位GDP能耗降低20%" (合肥 2008's five-year goals)
    horizons = [int(m.group(1)) for m in _HORIZON_YEAR.finditer(clause)]
    if horizons:
        latest = max(horizons)
        return Reading("goal" if latest >= plan_year else "past", f"到{latest}年")
    plan = _FIVE_YEAR_PLAN.search(clause)
    if plan and not goal:
        end = plan_end_year(plan.group(1) or plan.group(2))
        if end is not None and end >= plan_year and in_review and not _AS_A_HORIZON.search(plan.group(0)):
            return _NO_CUE
        if end is not None:
            return Reading("goal" if end >= plan_year else "past", plan.group(0))
    years = [int(m.group(1)) for m in _YEAR_RE.finditer(clause)]
    if years and (not goal or (max(years) < plan_year and not _STRONG_GOAL_RE.search(clause))):
        latest = max(years)
        return Reading("past" if latest < plan_year else "goal", f"{latest}年")
    return _NO_CUE


def read_clauses(
    clauses: list[str],
    plan_year: int | None,
    section_kind: str | None,
    inherited: Tense | None = None,
    item_ends: Sequence[bool] | None = None,
) -> list[tuple[Tense | None, str | None]]:
    """Tense of each clause of one sentence: its own cue, else the last cue before it in the sentence,
    else the tense the paragraph's previous sentences settled on (``inherited``), else the section's.

    ``section_kind`` is ``plan`` / ``review`` / ``other``. In a plan section a sentence without cues is
    a goal; in a review section it is the past; elsewhere the weak past markers (比上年, 同比, 年均增长)
    decide, and a clause with none of them stays unknown (None) for the caller to judge. ``item_ends``:
    whether each clause closes an item with a semicolon (read from the clauses' own last mark when not given).
    """
    if item_ends is None:
        item_ends = [bool(_ENDS_AN_ITEM.search(clause)) for clause in clauses]
    readings: list[tuple[Tense | None, str | None]] = []
    if section_kind == "review" and inherited == "goal":
        inherited = None  # in a review, a goal is stated in its own sentence ("今年…力争…"), never carried over
    carried: Reading = Reading(inherited, "the sentences before it") if inherited else _NO_CUE
    goal_in_an_item = False  # whether the carried cue stands after an item of the sentence's list
    for clause in clauses:
        if section_kind == "review" and carried.tense == "goal" and goal_in_an_item and item_ends[len(readings) - 1]:
            # a goal told inside a review's item stays in it: "…基本形成;…,京石高速铁路客运专线今年开工建设,…进展顺利,…;
            # 改扩建石家庄机场,新建邯郸机场" (河北 2008) lists the five years' works after the semicolon; a goal in the
            # sentence's first item ("综合考虑各方面因素，今年全市经济社会发展的目标是:生产总值增长10%;…", 东莞 2009) governs
            # the list to its end
            carried = _NO_CUE
        own = clause_cue(clause, plan_year, strong_goals_only=section_kind == "review")
        if own.tense is not None:
            if own.tense == "goal" and carried.tense != "goal":  # where the sentence turns to a goal
                goal_in_an_item = any(item_ends[: len(readings)])
            carried = own
            readings.append((own.tense, own.cue))
            continue
        if carried.tense is not None:
            readings.append((carried.tense, carried.cue))
            continue
        if section_kind == "plan":
            readings.append(("goal", None))
        elif section_kind == "review":
            readings.append(("past", None))
        else:
            weak = _WEAK_PAST_RE.search(clause)
            readings.append(("past", weak.group(0)) if weak else (None, None))
    return _fill_back(readings)


_ENDS_AN_ITEM = re.compile(r"[;；]\s*$")


def _fill_back(readings: list[tuple[Tense | None, str | None]]) -> list[tuple[Tense | None, str | None]]:
    """Clauses before a sentence's first cue take that cue when they have none of their own
    ("此外,黄冈市新能源在建投资410亿元,装机规模589万千瓦、居全省第一": all background)."""
    first = next((reading for reading in readings if reading[0] is not None), None)
    if first is None:
        return readings
    filled = []
    for reading in readings:
        if reading[0] is not None:
            break
        filled.append(first)
    return filled + readings[len(filled) :]


_CONTINUATION = re.compile(r"^\s*(?:此外|另外|同时|与此同时|其中|并且|而且)")


def continues_previous(paragraph: str) -> bool:
    """A paragraph that opens with 此外/同时/其中 goes on with what the paragraph before it said."""
    return bool(_CONTINUATION.match(paragraph))


@lru_cache(maxsize=1024)
def horizon_year(sentence: str, report_year: int | None) -> int | None:
    """The end year a sentence sets for its goals: 到2025年, “十四五”末/时期, 三年内, 今后五年.

    None when the sentence names no horizon (the goal is for the section's or the report's year).
    Kept for the last sentences read: the rules read it per sentence, the checks again per record.
    """
    match = _HORIZON_YEAR.search(sentence)
    if match:
        return int(match.group(1))
    opening = _OPENING_YEAR.match(sentence)
    if opening and report_year is not None and int(opening.group(1)) > report_year:
        return int(opening.group(1))  # "2025年形成年产值达500亿元的纺织产业集群" (高阳 2021): a later year opening it
    plan = _FIVE_YEAR_PLAN.search(sentence)
    if plan:
        end = plan_end_year(plan.group(1) or plan.group(2))
        if end is not None and (report_year is None or end >= report_year):
            return end
    if report_year is not None:
        if _NEXT_FIVE.search(sentence):
            return report_year + 4
        if _PLAN_DRAFT.search(sentence) and report_year % 5 == 1:
            return report_year + 4
        within = _WITHIN_YEARS.search(sentence)
        if within:
            raw = within.group(1)
            years = int(raw) if raw.isdigit() else CN_DIGIT.get(raw, 0)
            if 2 <= years <= 10:
                return report_year + years - 1
    return None


_ANNUAL_TARGETS = re.compile(r"主要预期(?:调控)?目标|(?:今年|本年)[^。,，;；]{0,12}主要目标")


def annual_targets_year(sentence: str, report_year: int | None) -> int | None:
    """The report's year for a sentence that states the year's main expected targets ("主要预期目标是：地区生产
    总值增长6%左右…") and names no horizon: even where it stands under a five-year part whose heading for
    the year's work was lost (保定, 河北 2026 as stored), 预期目标 are the year's."""
    return report_year if _ANNUAL_TARGETS.search(sentence) else None


def paragraph_horizon(lead: str, report_year: int | None, sentence: str = "") -> int | None:
    """The horizon a paragraph's first sentence sets for the sentences after it that name none: the plan
    outline's ("《纲要（草案）》明确了…主要指标：一是…。二是…，其中…"), where every sentence of the paragraph
    lists the plan's goals; and a paragraph opened by a plan still to come ("“十二五”时期,既是我市…的机遇期…。
    全市经济社会发展的主要目标是:确保实现“三个翻番”…", 鹤岗 2011, under "二、“十二五”时期和2011年主要任务"),
    except in a ``sentence`` that names the year itself (今年, 2011年)."""
    if report_year is None:
        return None
    if _PLAN_DRAFT.search(lead) and report_year % 5 == 1:
        return report_year + 4
    opening = _FIVE_YEAR_LEAD.match(lead)
    if opening and not re.search(rf"今年|本年|{report_year}年", sentence):
        end = plan_end_year(opening.group(1))
        if end is not None and end > report_year:
            return end
    return None


_FIVE_YEAR_LEAD = re.compile(r"\s*[“\"]?十([一二三四五六七])五[”\"]?(?:时期|期间)")


_SENTENCE_END = re.compile(r"[。!?！？\n]")
CLAUSE_END = re.compile(r"[;；。:：!！?？\n﹐﹔﹕﹒﹗﹖]|(?<![0-9])[,，]|[,，](?![0-9]{3}(?![0-9]))")
"""What ends a clause; a comma between digits that sets off thousands ("实物房源达到3,000套", 坪山 2014) does not."""


def sentence_span(text: str, offset: int) -> tuple[int, int]:
    """The sentence (up to 。!? or a line break) that holds ``offset``."""
    marks = _sentence_marks(text)
    after = bisect_left(marks, offset)  # the first mark at or after the offset ends the sentence
    start = marks[after - 1] + 1 if after > 0 else 0
    return start, marks[after] + 1 if after < len(marks) else len(text)


@lru_cache(maxsize=8)
def _sentence_marks(text: str) -> list[int]:
    """Where the sentence marks of a text are: found once per document, not once per record."""
    return [match.start() for match in _SENTENCE_END.finditer(text)]


def tense_at(
    text: str, offset: int, plan_year: int | None, section_kind: str | None
) -> tuple[Tense | None, str | None]:
    """How the clause holding ``offset`` reads (see ``read_clauses``), with the cue that decided it.

    The sentences of its paragraph before it are read first, as the rules read them, so a list of
    results after "2018年…取得显著成效。" is past here too.
    """
    return TenseReader(text).at(offset, plan_year, section_kind)


@dataclass
class _ParagraphReading:
    """The sentences of one paragraph read so far: (start, end, clauses, readings) each, in order."""

    position: int
    inherited: Tense | None = None
    sentences: list[tuple[int, int, list[str], list[tuple[Tense | None, str | None]]]] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)


class TenseReader:
    """``tense_at`` for many offsets of one text: each paragraph is read once (per plan year and
    section kind), not once per record in it; the readings are those ``tense_at`` gives."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._paragraphs: dict[tuple[int, int | None, str | None], _ParagraphReading] = {}

    def at(self, offset: int, plan_year: int | None, section_kind: str | None) -> tuple[Tense | None, str | None]:
        text = self.text
        paragraph_start = text.rfind("\n", 0, offset) + 1
        while paragraph_start > 0 and continues_previous(text[paragraph_start : paragraph_start + 8]):
            paragraph_start = text.rfind("\n", 0, paragraph_start - 1) + 1
        key = (paragraph_start, plan_year, section_kind)
        paragraph = self._paragraphs.get(key)
        if paragraph is None:
            paragraph = self._paragraphs[key] = _ParagraphReading(paragraph_start)
        index = bisect_right(paragraph.ends, offset)
        while index == len(paragraph.sentences) and not (paragraph.ends and paragraph.ends[-1] >= len(text)):
            start, end = sentence_span(text, paragraph.position)
            pieces = clause_pieces(text[start:end])
            readings = read_clauses(pieces, plan_year, section_kind, paragraph.inherited)
            paragraph.sentences.append((start, end, pieces, readings))
            paragraph.ends.append(end)
            paragraph.inherited = settled_tense(readings) or paragraph.inherited
            paragraph.position = end
            index = bisect_right(paragraph.ends, offset)
        start, _, pieces, readings = paragraph.sentences[min(index, len(paragraph.sentences) - 1)]
        consumed = start
        for piece, reading in zip(pieces, readings, strict=True):
            consumed += len(piece)
            if offset < consumed:
                return reading
        return readings[-1] if readings else (None, None)


def clause_pieces(sentence: str) -> list[str]:
    """The sentence cut after each clause mark; the pieces joined give the sentence back."""
    bounds = [0, *(m.end() for m in CLAUSE_END.finditer(sentence))]
    return [sentence[a:b] for a, b in zip(bounds, [*bounds[1:], len(sentence)], strict=True) if b > a]


_BACKGROUND_RE = re.compile(_BACKGROUND)


MODALITY_WORDS: dict[Modality, re.Pattern[str]] = {
    "ensure": re.compile(r"确保|必须|保证"),
    "strive": re.compile(r"力争|争取|努力(?!目标|方向)|争创"),
}
"""docs/annotation.md 3.8: ensure for 确保/必须, strive for 力争/争取/努力/争创 (争取创建); "努力目标为:" (龙游 2025) names
the targets, it does not strive for them."""


def modality_in(text: str) -> Modality | None:
    """The modality a modal word in ``text`` gives (ensure first), None without one."""
    for name, pattern in MODALITY_WORDS.items():
        if pattern.search(text):
            return name
    return None


_OWN_VERB_START = re.compile(
    r"(?:要|并|再|同时)?(?:年内|今年|全年|当年|累计)?(?:新增|新建|新(?:培育|引进|开工|谋划|认定|签约)|认定|谋划|建设|建成|实现|完成|推进|推动|加快|实施|培育|引进|招引|开工|打造|开展|启动|"
    r"提高|提升|加强|落实|做好|抓好|办好|组织|扩大|深化|改造|创建|申报|安排|投入|发放|举办|解决|帮助|支持|鼓励|"
    r"全面|积极|大力|继续|着力|持续|坚持|严格|加大|完善|健全|深入|规范|强化|促进|确保|力争|争取|努力|保持|控制)"
)
"""A clause opening with a verb of its own ends a modal word's scope (3.8: "…力争收储资产资源突破20亿元…,建设“标准地”
15个以上" → the 标准地 goal has none); a clause opening with a noun continues the object list ("力争全县蔬菜面积达到15.85万亩,
奶牛存栏3.7万头", 徐水 2010)."""
_BARE_MODAL = re.compile(
    rf"(?:还应|要|并)?(?:{'|'.join(p.pattern for p in MODALITY_WORDS.values())})(?:在|于|到)?"
    rf"(?:年内|年底|年末|全年|今年|当年|[一二三四]季度|上半年|下半年|{YEAR}年(?:底|末)?|按照[^,，]{{0,10}}要求)?前?"
)
"""A modal clause with no object of its own ("力争年末,完成投资2.5亿元", 海拉尔 2014; "确保按照时限要求,完成…", 海拉尔
2019; "力争到2020年,全市生产总值年均增长8%左右", 黄山 2016): the clause after it is its object, whatever its first word."""


def modal_scope(
    clause: str, separator: str, scope: Modality | None, governs_next: bool
) -> tuple[Modality | None, Modality | None, bool]:
    """3.8's scope of 确保/力争 over the clauses of one sentence, read clause by clause.

    ``separator`` is the mark after the clause (a semicolon ends the scope: "国内生产总值增长6.5%左右,在实际工作中争取更好
    结果;居民消费价格涨幅3%左右", 国务院 2017); ``scope`` and ``governs_next`` are what the clause before left. A modal
    clause reaches the clauses after it when it lists values itself ("力争全县蔬菜面积达到15.85万亩,奶牛存栏3.7万头"), has no
    object ("力争年末,完成投资2.5亿元") or ends on a colon ("还应努力实现以下目标:…", 宜昌 2019); one with an object and no
    value does not ("保证货币信贷总量满足经济发展需求,广义货币增长17%左右", 国务院 2009). Returns the modality the clause's
    goals take when they have none in the clause itself, and ``scope`` and ``governs_next`` for the next clause."""
    ends_scope = separator in ("；", ";")
    own = modality_in(clause)
    if own is not None:
        governs_next = _BARE_MODAL.fullmatch(clause.strip()) is not None or separator in (":", "：")
        word = MODALITY_WORDS[own].search(clause)
        # a value after the modal word: "地区生产总值增长6%、实际执行时努力争取更好结果,人均生产总值增长5%" (韶关 2019) has none
        reaches = governs_next or _LISTS_A_VALUE.search(clause, word.end() if word else 0) is not None
        return None, (own if reaches and not ends_scope else None), governs_next and not ends_scope
    if scope is not None and (governs_next or not _OWN_VERB_START.match(clause)):
        return scope, (None if ends_scope else scope), False
    return None, None, False


_LISTS_A_VALUE = re.compile(r"\d|翻[一两]?番|[一二两三四五六七八九十百千]+(?:个|家|项|所|座|条|万|亿)")


def settled_tense(readings: list[tuple[Tense | None, str | None]]) -> Tense | None:
    """The tense a sentence hands to the next one of its paragraph: that of its last clause, unless
    that was only a background fact ("拥有", "居全省第一"), which says nothing about the next sentence."""
    if not readings:
        return None
    tense, cue = readings[-1]
    if cue and _BACKGROUND_RE.fullmatch(cue):
        return None
    return tense


_ESTIMATE_RE = re.compile(_ESTIMATE + r"|有望|预测")
LAST_YEAR_WORDS = re.compile(r"去年|上年|过去一年|过去的一年|一年来")
"""The year before the report's, named without its figure: a review's time (here and ``sections``' unheaded review)."""
PERIOD_WORDS = re.compile(r"过去的?[五5]年|(?<!\d)[五5]年来|本届政府")
"""The five years a term reviews, named without their figures ("过去五年", "过去的5年", "5年来", 西双版纳 2022)."""
_SECTION_YEAR = re.compile(rf"({YEAR})年")


BASE_YEAR = re.compile(
    rf"(?:(?<=超过)|(?<=相当于)|(?<=是))[^，,；;。]{{0,12}}?{YEAR}年[^，,；;。]{{0,16}}?(?:总和|之和|总规模)"
    rf"|(?:(?<=[由从])|(?<=[是比较])){YEAR}年(?:底|末)?的?|{YEAR}年以来|(?<=与){YEAR}年(?:底|末)?(?=相比|比较)"
    r"|(?<=[是比较])[“\"]?十[一二三四五六七]五[”\"]?(?:时期|期间|末|期末)?的?"
    rf"|“[^“”]{{0,12}}{YEAR}年[^“”]{{0,16}}”"
)
"""A year written as the base of a change: "由2017年的76微克降至64微克", "是2010年的1.3倍", "比2010年翻一番", "与2000年相比",
"超过1978年到2000年的投资总和" (龙岩 2006's recap of the “十五” years: for 2005; "相当于1950年到1997年全国水利建设投资的
总和", "是1950年到1997年全国公路建设投资总和的1.7倍", 国务院 2003's recap: for 2002), a plan as the base ("完成交通投资206亿元,
是“十一五”时期的2.1倍", "比“十一五”时期增长64%", 荆门 2016's recap of the “十二五” years: for 2015), or as the
start of the period reported on ("其中2003年以来年均增长26.2%" in a review of the “十五” years: for 2005); a year inside
a title in quotes is not the one reported on either ("荣获“2010年全省农村‘五保’工作先进县”称号", 容城 2012's five-year recap)."""


def result_year(sentence: str, plan_year: int | None, section_heading: str = "") -> int | None:
    """The year an achieved figure is for (docs/annotation.md 7.2): the sentence's own year ("2022年,…";
    "增长到2025年的…" → 2025), 去年/上年 → plan year − 1, a year in the review heading, else the year
    before the plan year (a five-year recap ends there too). A base year is not the year reported on:
    "城区道路保洁总面积达到555万平方米，是2010年的1.3倍" (海拉尔 2016) is for 2015."""
    sentence = BASE_YEAR.sub("", sentence)
    horizons = [int(m.group(1)) for m in _HORIZON_YEAR.finditer(sentence)]
    named = [int(m.group(1)) for m in _YEAR_RE.finditer(sentence)]
    candidates = [y for y in horizons + named if plan_year is None or y < plan_year]
    if candidates:
        return max(candidates)
    plan = _FIVE_YEAR_PLAN.search(sentence)
    if plan:
        end = plan_end_year(plan.group(1) or plan.group(2))
        if end is not None and (plan_year is None or end < plan_year):
            return end
    if plan_year is None:
        return None
    if LAST_YEAR_WORDS.search(sentence) or PERIOD_WORDS.search(sentence):
        return plan_year - 1
    heading = _SECTION_YEAR.search(section_heading)
    if heading and int(heading.group(1)) < plan_year:
        return int(heading.group(1))
    return plan_year - 1


def as_read_the_year_before(text: str) -> str:
    """``text`` as a report delivered in the December before its plan year means it (``doc_year.delivered_the_year_before``):
    its 今年 is the year under review, its 明年 the plan year, read as a January report writes them (去年, 今年). Same
    length, so every offset and every quote cut from it stands where it stands in ``text``."""
    return text.replace("今年", "去年").replace("明年", "今年")


def is_estimate(text: str) -> bool:
    """预计, 初步统计, 有望: a first figure that the next report may revise."""
    return bool(_ESTIMATE_RE.search(text))


_PERIOD_RE = re.compile(r"年均|累计|过去五年|五年来|过去的五年|本届政府|[“\"]?十[一二三四五]五[”\"]?(?:时期|期间|以来)")


_ONE_YEAR_RE = re.compile(rf"(?<![到至从比较是于]){YEAR}年(?!以来)|去年|上年(?!度)|过去一年|过去的一年|一年来|这一年")


def is_period(sentence: str, paragraph_before: str = "", section_heading: str = "") -> bool:
    """A figure for several years (过去五年, “十三五”时期, 年均, 累计), not for one: a panel keeps it apart.

    The sentence decides first; then the latest cue of the paragraph before it ("刚刚过去的2017年,…" under
    a five-year review heading is one year; "过去五年,…。城镇新增就业人数超过6400万人" is five); then the
    section heading."""
    if _PERIOD_RE.search(sentence):
        return True
    if _ONE_YEAR_RE.search(sentence):
        return False
    period = [m.end() for m in _PERIOD_RE.finditer(paragraph_before)]
    one_year = [m.end() for m in _ONE_YEAR_RE.finditer(paragraph_before)]
    if period or one_year:
        return max(period, default=-1) > max(one_year, default=-1)
    return bool(_PERIOD_RE.search(section_heading))


def has_year(sentence: str) -> bool:
    """Whether the sentence itself says which year (or period) it speaks of."""
    return bool(_ONE_YEAR_RE.search(sentence) or _PERIOD_RE.search(sentence) or _HORIZON_YEAR.search(sentence))
