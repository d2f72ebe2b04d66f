"""The genre's vocabulary, word by word, on real report text (extractor/genre.py).

Every past-tense cue, goal cue and bound word the code knows gets a direct test here: the cue must
decide the reading of at least one clause of a real report (seeds, tests/corpus/docs, tests/fixtures)
in which it is written, and each bound word must carry the bound the guideline gives it
(docs/annotation.md 3.6). Leaving any one word out of its list (scripts/mutation.py, vocabulary
mutants) fails one of these tests. Words the code knows but no report here writes are named in
docs/mutation.md; they cannot be tested on real text until a report with them is added.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest

from extractor import genre
from extractor.checks import attached_qualifier
from extractor.ingest import load_document
from tests.conftest import CORPUS, FIXTURES, SEEDS


@cache
def report_texts() -> dict[str, str]:
    paths = [*sorted((CORPUS / "docs").iterdir()), *sorted(SEEDS.glob("*.txt")), *sorted(FIXTURES.glob("*.txt"))]
    return {path.name: load_document(path).text for path in paths}


@cache
def real_clauses() -> list[str]:
    clauses = []
    for text in report_texts().values():
        for sentence in re.split(r"[。！？!?\n]", text):
            clauses.extend(genre.clause_pieces(sentence))
    return clauses


def reading(clause: str, strong_goals_only: bool = False) -> tuple[str | None, str | None]:
    """How a clause reads on its own: its own cue, else (outside plan and review) the weak past markers."""
    own = genre.clause_cue(clause, None, strong_goals_only=strong_goals_only)
    if own.tense is not None:
        return own.tense, own.cue
    return genre.read_clauses([clause], None, "other")[0]


def _decided_by(cue: str, tense: str, strong_goals_only: bool = False) -> list[str]:
    return [
        clause
        for clause in real_clauses()
        if cue in clause
        and (found := reading(clause, strong_goals_only))[0] == tense
        and found[1] is not None
        and cue in found[1]
    ]


PAST_CUES = [
    # estimates: never a goal, even after a goal word
    "预计", "初步预计", "初步统计", "初步核算",
    # the congress roll call, the territory, ranks: background facts
    "应到", "实到", "应出席", "实际出席", "出席会议", "出席开幕", "列席", "请假", "缺席", "符合法定人数", "有", "共有",
    "拥有", "现有", "接壤", "遍及", "位于", "创历史新高", "历史最好", "居全", "位列",
    # a finished period, and last year's targets named as such
    "去年", "上年", "过去", "过去一年", "过去五年", "这一年", "这五年", "一年来", "五年来", "三年来", "近五年", "近年来",
    "以来", "年初确定的",
    # a verb in the perfect
    "完成了", "实现了", "增长了", "提高了", "下降了", "突破了", "取得了", "建成了", "引进了", "获得了",
]  # fmt: skip
WEAK_PAST_CUES = [
    "比上年", "同比", "年均增长", "年均增速", "上半年",
    "取得显著成效", "取得明显进展", "取得重大进展", "取得积极成效", "取得积极进展", "取得决定性进展",
    "取得积极成果", "取得突破", "取得新的成绩", "取得良好成效", "圆满完成", "超额完成",
    "累计完成", "累计达到", "累计建成", "累计引进", "累计培育", "累计投入", "累计新增", "累计改造",
]  # fmt: skip
"""Past only where the section does not say (a digest without headings)."""
STRONG_GOAL_CUES = [
    "今年", "明年", "年内", "三年内", "力争", "预期目标", "预期指标", "主要目标", "今后五年", "未来五年",
]  # fmt: skip
"""Goal words that hold even inside a review section."""


@pytest.mark.parametrize("cue", PAST_CUES)
def test_a_past_cue_makes_its_clause_past(cue: str) -> None:
    clauses = [c for c in real_clauses() if cue in c]
    assert clauses, f"no report here writes {cue}"
    assert _decided_by(cue, "past"), f"{cue} decides none of: {clauses[:5]}"


@pytest.mark.parametrize("cue", WEAK_PAST_CUES)
def test_a_weak_past_cue_makes_an_unheaded_clause_past(cue: str) -> None:
    assert _decided_by(cue, "past"), f"{cue} decides no clause: {[c for c in real_clauses() if cue in c][:5]}"


@pytest.mark.parametrize("cue", STRONG_GOAL_CUES)
def test_a_strong_goal_cue_holds_inside_a_review_section(cue: str) -> None:
    assert _decided_by(cue, "goal", strong_goals_only=True), f"{cue} decides no clause"


def test_a_count_of_what_a_place_has_is_background_and_last_years_level_a_baseline() -> None:
    """高阳 2018 (corpus): "高阳有保沧、大广、津石3条高速贯穿全境且有5个出入口" — 有 before a number states what the
    county has, a background fact; 广东 2026 (tests/fixtures/baseline_year.txt): "…不低于当地上年度城乡低保补差水平" —
    上年度 is the baseline of a goal, not a time looked back on; 国务院 2013 (tests/fixtures/national_2013_review.txt):
    "全面实现年初确定的主要目标" looks back on last year's targets, so its figures are results."""
    assert reading(next(c for c in real_clauses() if "且有5个出入口" in c)) == ("past", "有")
    baseline = next(c for c in real_clauses() if "当地上年度城乡低保补差水平" in c)
    assert reading(baseline)[0] != "past"
    review = next(c for c in real_clauses() if "年初确定的主要目标" in c)
    assert genre.clause_cue(review, 2013) == genre.Reading("past", "年初确定的")


def test_owning_and_place_words_that_name_what_a_goal_is_about_are_no_background() -> None:
    """拥有量 is an indicator (贵州 2026: "每万人口高价值发明专利拥有量达3.3件"), 共有产权住房 a kind of housing, 现有
    after 在/好/实 an adjective or 实现+有; a place verb in a modifier or a noun names what a goal is about
    (河北 2007 "位于城郊的村庄", 高阳 2019 "以毗邻雄安新区的庞口镇…为重点", 安徽 2026 "深化毗邻地区合作发展").
    A place that has or borders something is still background: "与新区接壤51.2公里", "共有50多个国家和地区参会"."""
    for needle in (
        "每万人口高价值发明专利拥有量达3.3件",
        "每千人口拥有3岁以下婴幼儿托位数达4.59个",
        "发展共有产权住房",
        "积极促进构筑中华民族共有精神家园",
        "以服务好现有企业发展增强招商吸引力",
        "抓好我区现有存量工业700万吨露天矿",  # 海拉尔 2016: a verb before 现有 makes it "existing"
        "在现有财政赤字规模不扩大的情况下",
        "城中村和位于城郊的村庄",
        "以毗邻雄安新区的庞口镇",
        "深化毗邻地区合作发展",
    ):
        clause = next(c for c in real_clauses() if needle in c)
        assert reading(clause)[0] != "past", clause
    assert reading(next(c for c in real_clauses() if "与新区接壤51.2公里" in c)) == ("past", "接壤")
    assert reading(next(c for c in real_clauses() if "共有50多个国家和地区参会" in c)) == ("past", "共有")
    # a verb before any other past cue does not undo it ("提升幅度居全国第1": a rank attained)
    assert reading(next(c for c in real_clauses() if "提升幅度居全国第1" in c)) == ("past", "居全国第")


def test_an_estimate_wins_over_a_goal_word_before_it() -> None:
    """ "绵阳市2023年全年地区生产总值预计增长8%以上": 预计 makes it an estimate even in a plan."""
    clause = next(c for c in real_clauses() if "预计增长8%以上" in c)
    assert genre.clause_cue(clause, 2024) == genre.Reading("past", "预计")
    assert genre.read_clauses([clause], 2024, "plan") == [("past", "预计")]


# --- bound words ----------------------------------------------------------------------------------

GUIDELINE_BOUNDS = {
    "以上": "at_least", "不低于": "at_least", "不少于": "at_least", "之上": "at_least", "超": "at_least",
    "超过": "at_least", "突破": "at_least", "多": "at_least", "余": "at_least", "至少": "at_least", "高于": "at_least",
    "左右": "around", "约": "around", "近": "around", "上下": "around",
    "以内": "at_most", "以下": "at_most", "不超过": "at_most", "内": "at_most", "最多": "at_most",
    "前": "at_most", "不高于": "at_most", "低于": "at_most",
}  # fmt: skip
"""docs/annotation.md 3.6 and its extension "Values and bound words" (the guideline, not the code)."""


def test_the_bound_words_are_the_guidelines() -> None:
    assert genre.BOUND_OF_QUALIFIER == GUIDELINE_BOUNDS
    assert set(genre.QUALIFIERS_AFTER) | set(genre.QUALIFIERS_BEFORE) == set(GUIDELINE_BOUNDS)


def _bound_word_uses(word: str) -> list[tuple[str, float, str | None]]:
    """(clause, value, unit) of real clauses that write ``word`` next to a number."""
    number = r"(\d+(?:\.\d+)?)"
    if word in genre.QUALIFIERS_BEFORE:
        pattern = re.compile(rf"(?<![不最至]){re.escape(word)}{number}()")
    else:
        pattern = re.compile(rf"{number}([%‰]|[万亿]?[^\d\s,，;；。、和及至到]{{0,4}}?){re.escape(word)}")
    uses = []
    for clause in real_clauses():
        for match in pattern.finditer(clause):
            uses.append((clause, float(match.group(1)), match.group(2) or None))
    return uses


WRITTEN_BOUND_WORDS = [w for w in GUIDELINE_BOUNDS if w not in ("之上", "不超过", "上下", "最多", "至少", "高于")]
"""The bound words some report here writes next to a number (docs/mutation.md names the others)."""


@pytest.mark.parametrize("word", WRITTEN_BOUND_WORDS)
def test_a_bound_word_written_beside_a_number_is_read_as_its_qualifier(word: str) -> None:
    uses = _bound_word_uses(word)
    assert uses, f"no report here writes {word} beside a number"
    read = [(clause, attached_qualifier(clause, value, unit)) for clause, value, unit in uses]
    assert any(found == word for _, found in read), read[:5]


@pytest.mark.parametrize(
    ("document", "quote", "value", "qualifier"),
    [
        ("003_4a606b2b17229643.txt", "城乡居民收入倍差缩小至1.9以下", 1.9, "以下"),
        ("county_fucheng_2019_traditional.txt", "城镇登记失业率控制在4%以内", 4.0, "以内"),
        ("province_guizhou_2026_full.txt", "年平均浓度不高于23微克/立方米", 23.0, "不高于"),
        ("province_guizhou_2026_full.txt", "确保耕地保有量不少于5028.04万亩", 5028.04, "不少于"),
        ("prefecture_mianyang_2023_plan.txt", "在全省地级市中率先突破4000亿元", 4000.0, "突破"),
        ("000_2521081b26323744.txt", "城镇、农村常住居民人均可支配收入分别增长6.5%和7%以上", 7.0, "以上"),
        ("002_d348ae63c4c8d8c9.txt", "城乡居民人均可支配收入分别增长6%和7%左右", 7.0, "左右"),
    ],
)
def test_the_rules_give_each_bound_word_its_bound(document: str, quote: str, value: float, qualifier: str) -> None:
    from extractor.backends import rules
    from extractor.pipeline import extract_document, prepare

    path = next(p for p in [*(CORPUS / "docs").iterdir(), *SEEDS.iterdir()] if p.name == document)
    records = extract_document(prepare(path), rules.extract).records
    found = [r for r in records if r.kind == "target" and quote in r.quote and r.value == value]
    assert found, f"no target {value} in «{quote}»"
    assert {(r.qualifier, r.bound) for r in found} == {(qualifier, GUIDELINE_BOUNDS[qualifier])}


# --- horizons and plan years ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "year"),
    [("一", 2010), ("二", 2015), ("三", 2020), ("四", 2025), ("五", 2030), ("六", 2035), ("七", 2040)],
)
def test_plan_end_year_of_every_label(label: str, year: int) -> None:
    """十一五 ends in 2010, 十四五 in 2025: the X-th plan of the series ends in 1955 + 5·(10 + X)."""
    assert genre.plan_end_year(label) == year


def test_an_unknown_plan_label_has_no_end_year() -> None:
    assert genre.plan_end_year("八") is None


def _first_sentence(needle: str) -> tuple[str, str]:
    for name, text in report_texts().items():
        index = text.find(needle)
        if index >= 0:
            start, end = genre.sentence_span(text, index)
            return name, text[start:end]
    raise AssertionError(f"no report here writes {needle}")


def test_horizon_years_written_in_real_sentences() -> None:
    _, sentence = _first_sentence("今后五年")
    assert genre.horizon_year(sentence, 2023) == 2027
    assert genre.horizon_year(sentence, None) is None  # no report year: 今后五年 says nothing
    _, sentence = _first_sentence("五年内每个县新建或提升一所三级医院")
    assert genre.horizon_year(sentence, 2021) == 2025
    _, sentence = _first_sentence("两年内实现农村稳定可靠供电服务")
    assert genre.horizon_year(sentence, 2017) == 2018


# --- whole reports: the gold's targets read as goals ----------------------------------------------

KNOWN_PAST_READINGS = {
    ("province_guangxi_2026_full.txt", "提出地区生产总值年均增长5%左右"),
    ("county_huangzhong_2024_traditional.txt", "固定资产投资与上年度持平"),
    ("county_huangzhong_2024_traditional.txt", "全体居民人均可支配收入增长与经济增长基本同步"),
    ("prefecture_shenzhen_2022_html.html", "安排位于原特区外或连接原特区内外项目582个"),
    ("prefecture_shenzhen_2022_html.html", "个数占比65.9%"),
    ("county_gaoyang_2019_excerpt.txt", "社会消费品零售总额增长12%"),
    ("province_guizhou_2026_full.txt", "主要河流出境断面水质优良率保持100%"),
    ("county_hailar_2016_full.txt", "我区初步安排的重点调度项目有66个"),  # 有 before a number: background
    ("county_hailar_2016_full.txt", "预计全年旅游接待人数达到700万人次"),  # 预计 for the plan year itself
    ("county_hailar_2016_full.txt", "旅游收入达到83亿元"),
    # 光明 2016: 凤凰城's year, "全年总投资预计约87.9亿元,其中社会投资71.6亿元,…;涵盖30个项目,…" (预计 for the plan year, as 海拉尔)
    ("county_guangming_2016_full.txt", "全年总投资预计约87.9亿元"),
    ("county_guangming_2016_full.txt", "其中社会投资71.6亿元"),
    ("county_guangming_2016_full.txt", "政府投资16.3亿元"),
    ("county_guangming_2016_full.txt", "涵盖30个项目"),
    ("county_guangming_2016_full.txt", "其中高端产业投资项目14个"),
    ("county_guangming_2016_full.txt", "基础设施项目7个"),
    # 宁波 1999: the end of a year as the date of a stock to be dealt with ("再消化1997年底下岗职工结余数的三分之一"); "2024年底全市
    # 常住人口…" written so states a fact, so the year is read as the clause's time
    ("prefecture_ningbo_1999_full.txt", "全市再消化1997年底下岗职工结余数的三分之一"),
    # 吉林 2015: "分类梳理近年来重点建成项目,…,达产达效率达到80%以上。" — 近年来 inside what is sorted out reads as a past
    # cue, and the sentences after it inherit it; "集中并网80%现有燃煤分散供热锅炉": 现有 modifies the boilers
    ("prefecture_jilin_2015_full.txt", "达产达效率达到80%以上"),
    ("prefecture_jilin_2015_full.txt", "储备亿元以上项目300项"),
    ("prefecture_jilin_2015_full.txt", "项目实施率超过30%"),
    ("prefecture_jilin_2015_full.txt", "全年新开工3000万元以上招商项目400项"),
    ("prefecture_jilin_2015_full.txt", "实现招商引资到位资金1050亿元"),
    ("prefecture_jilin_2015_full.txt", "集中并网80%现有燃煤分散供热锅炉"),
    # 太原 2005: "…已实行的政策不打折扣、必须兑现,已给农民的实惠只能增加、不能减少。" — 已 before policies kept in force reads as
    # a past cue that the paragraph's next sentences inherit
    ("prefecture_taiyuan_2005_full.txt", "乡镇企业增加值和上缴税金分别增长25%和27%以上"),
    # 厦门 2021: the title "二、“十四五”主要战略任务和二〇三五年远景目标" is wrapped over two lines at 和 (the only one of lawtext's
    # 2,945 reports so wrapped), so its part is read as the review's continuation
    ("prefecture_xiamen_2021_full.txt", "全市地区生产总值突破万亿元"),
    ("prefecture_xiamen_2021_full.txt", "空气质量保持全国前列"),
    # 江门 2018: "确保2013—2017年间批准的建设用地供地率达到60%以上" — the years date the land the rate is of, not the clause
    ("prefecture_jiangmen_2018_full.txt", "确保2013—2017年间批准的建设用地供地率达到60%以上"),
    # 江门 2018: "2018年底实现全市拥有律师900名,每万人拥有律师1.98名" — the second clause's 拥有 reads as what the city has; a
    # per-head ratio states a gap as often ("每千人拥有市场主体低于全国15.5户", 楚雄 2022's difficulties)
    ("prefecture_jiangmen_2018_full.txt", "每万人拥有律师1.98名"),
}
"""Gold targets the clause reading gets wrong today (a cue of a neighbouring clause or sentence wins)."""


def test_the_gold_targets_read_as_goals_where_they_stand() -> None:
    """1,461 annotated targets of 66 reports, each read with its sentence, paragraph and section."""
    import json

    from extractor.pipeline import prepare
    from extractor.sections import section_at

    paths = {p.name: p for p in [*(CORPUS / "docs").iterdir(), *SEEDS.glob("*.txt")]}
    golds = [*(CORPUS / "gold").glob("*.jsonl"), *(SEEDS.parent / "tests" / "gold").glob("*.jsonl")]
    past, goals = set(), 0
    for gold in golds:
        records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        targets = [r for r in records if r["kind"] == "target"]
        if not targets:
            continue
        prepared = prepare(paths[targets[0]["source_file"]])
        text = prepared.document.text
        for record in targets:
            # A quote the text writes twice (a review figure and the plan's goal: 云南 2025 "地方一般公共预算收入增长2%")
            # is the goal where a section does not review.
            places = [m.start() for m in re.finditer(re.escape(record["quote"]), text)]
            at = next((p for p in places if section_at(prepared.sections, p).kind != "review"), places[0])
            section = section_at(prepared.sections, at)
            year = prepared.document.target_year or (section.year if section else None)  # as the rules and checks read
            tense, _ = genre.tense_at(text, at, year, section.kind if section else None)
            if tense == "past":
                past.add((record["source_file"], record["quote"]))
            goals += tense == "goal"
    assert past <= KNOWN_PAST_READINGS, sorted(past - KNOWN_PAST_READINGS)
    assert goals >= 1270


@pytest.mark.parametrize(
    ("needle", "plan_year", "reading"),
    [
        # a horizon ahead of the plan year, and the same horizon looked back on
        ("农产品加工转化率从2020年的51%提升到2025年的70%", 2021, ("goal", "到2025年")),
        ("农产品加工转化率从2020年的51%提升到2025年的70%", 2025, ("goal", "到2025年")),
        ("农产品加工转化率从2020年的51%提升到2025年的70%", 2026, ("past", "到2025年")),
        # a five-year plan: ended, ending this year, the one the report opens
        ("省国资委监管企业“十四五”时期利润总额", 2026, ("past", "“十四五”时期")),
        ("省国资委监管企业“十四五”时期利润总额", 2025, ("goal", "“十四五”时期")),
        ("“十五五”时期在基本实现社会主义现代化进程中", 2026, ("goal", "“十五五”时期")),
    ],
)
def test_years_written_in_a_clause_against_the_plan_year(needle: str, plan_year: int, reading: tuple) -> None:
    clause = next(c for c in real_clauses() if needle in c)
    assert genre.clause_cue(clause, plan_year) == genre.Reading(*reading), clause


def test_a_year_before_the_plan_year_is_past_and_names_the_year() -> None:
    clause = next(c for c in real_clauses() if c.startswith("2019年,") and len(c) <= 6)
    assert genre.clause_cue(clause, 2020) == genre.Reading("past", "2019年")
    assert genre.clause_cue(clause, 2019) == genre.Reading("goal", "2019年")


def test_five_year_plans_and_years_within_set_the_horizon() -> None:
    _, sentence = _first_sentence("省国资委监管企业“十四五”时期利润总额")
    assert genre.horizon_year(sentence, None) == 2025
    assert genre.horizon_year(sentence, 2025) == 2025
    assert genre.horizon_year(sentence, 2021) == 2025
    assert genre.horizon_year(sentence, 2026) is None  # a plan that has ended sets no horizon
    _, sentence = _first_sentence("争取3年内让全部废弃矿山复绿")
    assert genre.horizon_year(sentence, 2024) == 2026


def test_a_clause_without_a_cue_takes_its_sentences_then_its_sections() -> None:
    """ "2022年,全县生产总值增长7.1%,财政收入增长5%": the year's cue carries to the clauses after it."""
    _, sentence = _first_sentence("2019年,全市生产")
    pieces = genre.clause_pieces(sentence)
    assert "".join(pieces) == sentence and len(pieces) >= 3
    readings = genre.read_clauses(pieces, 2020, "other")
    assert [tense for tense, _ in readings] == ["past"] * len(pieces)
    assert genre.read_clauses(["全年"], None, "plan") == [("goal", None)]
    assert genre.read_clauses(["全年"], None, "review") == [("past", None)]
    assert genre.read_clauses(["全年"], None, "other") == [(None, None)]
    assert genre.read_clauses(["全年"], None, "plan", inherited="past") == [("past", "the sentences before it")]
    assert genre.read_clauses(["全年"], None, "review", inherited="goal") == [("past", None)]


def test_a_paragraph_opening_with_cixiao_goes_on_with_the_one_before() -> None:
    """黄冈 2024 digest: "…预计全年GDP增长7%左右,有望突破3000亿。" then a new paragraph "此外,黄冈市新能源在建投资
    410亿元,…": the 2023 results go on, read from the paragraph before, not from the new one's own rank."""
    text = report_texts()["prefecture_huanggang_2024_traditional.txt"]
    at = text.index("410亿元")
    assert genre.continues_previous(text[text.rfind("\n", 0, at) + 1 :])
    assert genre.tense_at(text, at, 2024, "other") == ("past", "the sentences before it")
    assert genre.tense_at(text, text.index("589万"), 2024, "other") == ("past", "居全省第")
    assert not genre.continues_previous(text[at:])


# --- clauses, paragraphs and years read on real sentences -----------------------------------------


def _clause(needle: str) -> str:
    return next(c for c in real_clauses() if needle in c)


def test_a_review_section_reads_weak_goal_words_as_names() -> None:
    """国务院 2018 review: "营养改善计划惠及3600多万农村学生" names a programme; 计划 is a goal word only
    outside a review (docs/annotation.md: weak goal words also occur in names and past narrative)."""
    clause = _clause("营养改善计划惠及3600多万农村学生")
    assert genre.read_clauses([clause], 2018, "review") == [("past", None)]
    assert genre.read_clauses([clause], 2018, "plan") == [("goal", "计划")]
    assert genre.clause_cue(clause, None) == genre.Reading("goal", "计划")  # every goal word by default
    assert genre.clause_cue(clause, None, strong_goals_only=True) == genre.Reading(None)
    assert genre.goal_cue(clause) == clause.index("计划")
    assert genre.goal_cue(_clause("城镇新增就业人数超过6400万人")) is None


def test_a_horizon_without_a_plan_year_is_a_goal() -> None:
    clause = _clause("农产品加工转化率从2020年的51%提升到2025年的70%")
    assert genre.clause_cue(clause, None) == genre.Reading("goal", "到2025年")


def test_has_year_for_one_year_a_period_or_a_horizon() -> None:
    _, one_year = _first_sentence("2019年,全市生产")
    _, period = _first_sentence("过去五年,民族、宗教、侨务等工作创新推进")
    _, horizon = _first_sentence("农产品加工转化率从2020年的51%提升到2025年的70%")
    _, none = _first_sentence("城镇新增就业人数超过6400万人")
    assert genre.has_year(one_year) and genre.has_year(period) and genre.has_year(horizon)
    assert not genre.has_year(none)


def test_is_period_reads_the_sentence_then_the_paragraph_then_the_heading() -> None:
    """国务院 2016: "城镇新增就业人数超过6400万人。" closes a “十二五” recap whose paragraph says 年均增长;
    its heading ("一、2015年工作回顾") names one year, so the paragraph decides."""
    _, period = _first_sentence("过去五年,民族、宗教、侨务等工作创新推进")
    assert genre.is_period(period)
    text = report_texts()["national_2016_full.txt"]
    at = text.index("城镇新增就业人数超过6400万人")
    start, end = genre.sentence_span(text, at)
    sentence, before = text[start:end], text[text.rfind("\n", 0, at) + 1 : start]
    assert sentence == "城镇新增就业人数超过6400万人。"
    assert not genre.is_period(sentence)
    assert genre.is_period(sentence, before, "一、2015年工作回顾 坚持以开放促改革促发展")


def test_result_year_of_a_five_year_plan_and_of_a_year_before_the_plan_year() -> None:
    _, sentence = _first_sentence("省国资委监管企业“十四五”时期利润总额")
    assert genre.result_year(sentence, 2026) == 2025  # the plan has ended: its last year
    assert genre.result_year(sentence, None) == 2025
    assert genre.result_year(sentence, 2025) == 2024  # still running: not a result year yet
    _, sentence = _first_sentence("农产品加工转化率从2020年的51%提升到2025年的70%")
    assert genre.result_year(sentence, 2021) == 2020  # 到2025年 is still ahead
    assert genre.result_year(sentence, 2026) == 2025
    _, sentence = _first_sentence("城镇新增就业人数超过6400万人")
    assert genre.result_year(sentence, 2016) == 2015


def test_headline_spans_run_to_the_end_of_their_line() -> None:
    """国务院 2018: "今年发展主要预期目标是:…" and the next line "上述主要预期目标,…"."""
    lines = report_texts()["national_2018_full.txt"].split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("今年发展主要预期目标是"))
    text = "\n".join(lines[first : first + 2])
    lead, second = text.index("主要预期目标"), text.index("上述主要预期目标") + 2
    assert genre.headline_spans(text) == ((lead, len(lines[first])), (second, len(text)))
    assert genre.headline_spans(text, 100) == ((lead + 100, 100 + len(lines[first])), (second + 100, 100 + len(text)))
    # a part named for the main targets: its lead paragraph when the lead writes them on its own line, else the whole part
    part = ["二、“十五五”时期的主要目标任务"]
    assert genre.headline_spans(text, 7, part) == ((lead + 7, 7 + len(lines[first])), (second + 7, 7 + len(text)))
    following = lines[first + 2]
    assert genre.headline_spans(following, 7, part) == ((7, 7 + len(following)),)


GOLD_STAGES_THE_WORDS_DO_NOT_GIVE = {
    ("高起点规划、高标准建设", "ongoing"),
    ("完成…年度建设任务", "ongoing"),
}
"""Gold stages the stage words decide otherwise (国务院 2018: a plan and a build named together; 荆门 2016 "完成三干渠灌区
配套与节水改造年度建设任务": the year's share of the work is finished, the work goes on)."""


def test_the_stage_words_give_the_gold_stages() -> None:
    import json

    projects = [
        json.loads(line)
        for gold in [*(CORPUS / "gold").glob("*.jsonl"), *(SEEDS.parent / "tests" / "gold").glob("*.jsonl")]
        for line in gold.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["kind"] == "project"
    ]
    assert len(projects) >= 300
    wrong = {(p["stage_raw"], p["stage"]) for p in projects if genre.stage_named(p["stage_raw"]) != p["stage"]}
    assert wrong == GOLD_STAGES_THE_WORDS_DO_NOT_GIVE
    assert genre.stages_in("推动…前期工作") == {"ongoing", "planning"}  # 深圳 2022
    assert genre.stage_named("推动…前期工作") == "planning"
    outside = {(p["stage_raw"], p["stage"]) for p in projects if p["stage"] not in genre.stages_in(p["stage_raw"])}
    assert outside == set()


def test_a_kind_of_project_is_generic_unless_the_text_lists_it_as_projects() -> None:
    assert genre.generic_project("零碳园区") and not genre.generic_project("零碳园区", strict=True)
    assert genre.generic_project("重大项目", strict=True)
    assert not genre.generic_project("新材料产业园", strict=True)  # a gold project of seed 001
    # the government's own facility (guideline 4.1: 市社会福利院), not a level's class
    assert not genre.generic_project("市民文化中心") and genre.generic_project("县级医院")


def test_a_new_paragraph_does_not_carry_the_goal_of_the_one_before() -> None:
    """高阳 2018: a paragraph ending "…确保了农村5万多名师生…如期供暖。" and the next one "各位代表,总结一年来的
    工作,…": the new paragraph reads from its own cue (一年来), not from 确保 before it."""
    text = report_texts()["county_gaoyang_2018_full.txt"]
    at = text.index("各位代表,总结一年来的工作")
    assert text[at - 1] == "\n" and "确保" in text[text.rfind("\n", 0, at - 1) : at]
    assert genre.tense_at(text, at, None, "other") == ("past", "一年来")


def test_an_offset_at_the_end_of_a_text_reads_its_last_clause() -> None:
    """城口 2023: "大会应到代表200名,实到代表191名,符合法定人数。" and the line break after it."""
    text = report_texts()["county_chengkou_2023_digest.txt"]
    start = text.index("大会应到代表200名")
    line = text[start : text.index("\n", start) + 1]
    assert genre.tense_at(line[:-1], len(line) - 1, None, "other") == ("past", "符合法定人数")
    assert genre.tense_at(line, len(line), None, "other") == (None, None)  # nothing after the line break


def test_zhe_yi_nian_names_one_year_under_a_five_year_heading() -> None:
    """保定 2021, under "一、“十三五”时期经济社会发展回顾": "这一年,面对突如其来的新冠肺炎疫情,…。广大医务人员
    …,143名白衣天使驰援湖北,…" tells 2020, not the five years (这一年 was missing from the one-year words)."""
    text = report_texts()["prefecture_baoding_2021_full.txt"]
    at = text.index("143名白衣天使驰援湖北")
    start, end = genre.sentence_span(text, at)
    before = text[text.rfind("\n", 0, at) + 1 : start]
    assert before.startswith("这一年,")
    heading = "一、“十三五”时期经济社会发展回顾 “十三五”时期是保定发展史上具有里程碑意义的五年"
    assert genre.is_period(text[start:end], "", heading)
    assert not genre.is_period(text[start:end], before, heading)
    assert genre.has_year(before)


# Units as the development corpus gold writes them (tests/corpus/gold), with the count unit each counts in.
COUNTED_UNITS = {
    "万套(间)": "套", "条(段)": "条", "万台(套)": "台", "万套": "套", "万人": "人", "万人次": "人次",
    "人次": "人次", "个": "个", "万户次": "户次",
    "万元": None, "亿元": None, "万亿元": None, "万亿斤": None, "万": None, "亿方": None, "%": None,
}  # fmt: skip


def test_a_count_keeps_counting_in_its_measure_word_whatever_magnitude_or_bracket() -> None:
    """3.4/3.5: 15万套(间) counts 套, 11条(段) counts 条; money, amounts and a bare magnitude are no count unit."""
    gold_units = {
        json.loads(line).get("unit")
        for path in [*(CORPUS / "gold").glob("*.jsonl"), *(SEEDS.parent / "tests" / "gold").glob("*.jsonl")]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert set(COUNTED_UNITS) <= gold_units, set(COUNTED_UNITS) - gold_units
    assert {unit: genre.counted_unit(unit) for unit in COUNTED_UNITS} == COUNTED_UNITS


LIAONING_2026 = "province_liaoning_2026_full.txt"


def test_the_plan_outline_sets_the_plans_last_year_only_in_a_plans_first_year() -> None:
    """辽宁 2026: "《纲要（草案）》明确了经济社会发展主要指标：一是…" is about 2030 (the 十五五 plan's end);
    the same words in a report of another year name no horizon."""
    text = report_texts()[LIAONING_2026]
    lead = next(
        line for line in text.splitlines() if re.match(r"《纲要[（(]草案[）)]》明确了经济社会发展主要指标", line)
    )
    first = lead.split("。")[0]
    assert genre.paragraph_horizon(first, 2026) == 2030
    assert genre.horizon_year(first, 2026) == 2030
    assert genre.paragraph_horizon(first, 2027) is None and genre.horizon_year(first, 2027) is None
    assert genre.paragraph_horizon(first, None) is None


def test_a_horizon_is_read_from_a_year_and_from_a_plan_named_after_zhi() -> None:
    """Seed 003 "到2026年,全市生产总值达到8000亿元": 2026; 宁夏 2026 "实现今年乃至“十五五”目标任务": 2030."""
    seed = next(text for name, text in report_texts().items() if name.startswith("003_"))
    by_year = next(s for s in re.split("[。\n]", seed) if s.startswith("到2026年,全市生产总值达到8000亿元"))
    assert genre.horizon_year(by_year, 2022) == 2026
    ningxia = report_texts()["province_ningxia_2026_full.txt"]
    plan = next(s for s in re.split("[。\n]", ningxia) if "实现今年乃至“十五五”目标任务" in s)
    assert genre.horizon_year(plan, 2026) == 2030


def test_the_years_main_expected_targets_are_for_the_report_year() -> None:
    """保定 2026 (tests/fixtures/baoding_2026_parts.txt): the sentence that states the year's 主要预期目标 is
    for the report's year; a sentence of the five-year goals before it names no such targets."""
    lines = load_document(FIXTURES / "baoding_2026_parts.txt").text.split("\n")
    annual = next(line for line in lines if "主要预期目标" in line)
    five_year = next(line for line in lines if "“十五五”时期是" in line)
    assert genre.annual_targets_year(annual, 2026) == 2026
    assert genre.annual_targets_year(five_year, 2026) is None


def test_the_past_cues_of_a_review_are_read_in_real_clauses() -> None:
    """Clauses of corpus reports whose only past cue is one word of the vocabulary: 过去的一年 (河南 2025), 位居全市第…
    (海拉尔 2012, a rank attained) and 上年 (国务院 2010); each reads past under a plan year."""
    texts = report_texts()
    cases = {
        "province_henan_2025_full.txt": ("过去的一年,历程很不平凡、成绩令人鼓舞", "过去的一年"),
        "county_hailar_2012_full.txt": ("多项指标总量位居全市第一", "位居全市第"),
        "national_2010_full.txt": ("上年一次性特殊增收措施没有或减少了", "上年"),
    }
    for document, (clause, cue) in cases.items():
        assert clause in texts[document], document
        first = clause.split(",")[0]
        assert genre.clause_cue(first, 2026) == genre.Reading("past", cue), clause


def test_a_years_targets_stated_in_sentences_are_its_main_targets_only_without_a_paragraph() -> None:
    """国务院 2004 has no main-targets paragraph: the clause stating "今年经济增长预期目标为7%左右" and the sentence "今年的预期
    目标是,新增城镇就业900万人,下岗失业人员再就业500万人。" are headline, each to its sentence's end; 国务院 2005 states its
    targets in a paragraph (主要预期目标), and its "中央提出今年经济增长预期目标为8%左右" restates one of them."""
    text = report_texts()["national_2004_full.txt"]
    growth_line = next(line for line in text.split("\n") if "中央提出今年经济增长预期目标为7%左右" in line)
    start = growth_line.index("中央提出")
    assert genre.headline_spans(growth_line) == ((start, growth_line.index("。", start)),)
    jobs_line = next(line for line in text.split("\n") if "今年的预期目标是" in line)
    start = jobs_line.index("今年的预期目标是")
    end = jobs_line.index("。", start)
    assert jobs_line[start:end].endswith("下岗失业人员再就业500万人")
    assert genre.headline_spans(jobs_line, 10) == ((start + 10, end + 10),)
    lines = report_texts()["national_2005_full.txt"].split("\n")
    first = next(i for i, line in enumerate(lines) if "主要预期目标" in line)
    paragraph = "\n".join(lines[first : first + 2])
    assert "中央提出今年经济增长预期目标为8%左右" in paragraph
    spans = genre.headline_spans(paragraph)
    assert spans[0] == (paragraph.index("主要预期目标"), len(lines[first]))
    restated = paragraph.index("中央提出")
    assert not [s for s in spans if s[0] <= restated < s[1]]


def test_a_lead_ending_its_line_with_a_colon_reaches_the_next_line() -> None:
    """鞍山 2003 "今后五年乃至到2010年全市经济和社会发展的主要奋斗目标:" and its goals on the next line; 龙岩 2006 "发展目标是:…"
    opening its line."""
    lines = report_texts()["prefecture_anshan_2003_partial.txt"].split("\n")
    first = next(i for i, line in enumerate(lines) if line.endswith("主要奋斗目标:"))
    text = "\n".join(lines[first : first + 3])
    lead = text.index("主要奋斗目标")
    assert genre.headline_spans(text) == ((lead, len(lines[first]) + 1 + len(lines[first + 1])),)
    longyan = next(
        line
        for line in report_texts()["prefecture_longyan_2006_partial.txt"].split("\n")
        if line.startswith("发展目标是")
    )
    assert genre.headline_spans(longyan) == ((0, len(longyan)),)
    assert genre.headline_spans("坚持稳中求进工作总基调。围绕这一发展目标是:以下几点") == ()  # not opening its line


@pytest.mark.parametrize("verb", ["加快", "推进", "推动", "抓好", "确保", "力争"])
def test_last_years_projects_after_a_forward_verb_are_no_report_of_the_past(verb: str) -> None:
    """韶关 2019 "加快去年85个集中动工和签约项目落地建设": 去年 names the projects the work goes on with."""
    clause = f"{verb}去年85个集中动工和签约项目落地建设"
    assert genre.read_clauses([clause], 2019, "plan", None)[0][0] != "past"
    assert genre.read_clauses(["去年85个集中动工和签约项目落地建设"], 2019, "plan", None)[0][0] == "past"
