"""Stage 1: turn a report file into one canonical cleaned text.

Everything downstream (sections, records, offsets, the review page) refers to the text produced
here, so the cleaning must be deterministic and must not depend on the machine: the ``doc_id``
is a hash of it.

The cleaning keeps report sentences as written. The only character-level change is a 1:1
width fold (full-width ASCII forms and the ideographic space become their half-width forms), which
keeps the text length per line unchanged and lets every later stage match ``6.5%`` once instead of
``６．５％`` too.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import os
import re
import unicodedata
from collections import Counter
from itertools import islice, pairwise
from pathlib import Path

import opencc
from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser

from extractor.errors import IngestError
from extractor.models import Document

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
"""Real reports are well under 1 MB; a larger file is almost always a dump or a wrong file."""


def display_name(path: str | os.PathLike[str]) -> str:
    """A path as it is stored, logged and exported: one printable line of valid UTF-8, whatever its bytes.

    Bytes that are not UTF-8 (``b"b_\\xff\\xfe.txt"``) become ``\\xff`` escapes and control, format
    and line-separator characters become ``\\n`` / ``\\u202e`` escapes, so a file name can never
    break the store (SQLite and JSON take valid UTF-8 only), a log line or a CSV row.
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Cn")
        else char
        for char in text
    )


# --- bytes -> str -----------------------------------------------------------------------------

_BINARY_MAGIC: dict[bytes, str] = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP/Office file",
    b"\xd0\xcf\x11\xe0": "an old MS Office file",
    b"\x7fELF": "an executable",
}
_CHINESE_ENCODINGS = ("gb18030", "gbk", "gb2312", "big5", "utf_16", "utf_16_le", "utf_16_be")
_CANDIDATES = ("gb18030", "big5", "utf-16-le", "utf-16-be")
"""Strict decodings weighed against each other when the bytes are not UTF-8. Big5 bytes are almost
always valid GB18030 too (and often the other way round), so "it decodes" is no evidence: the
decoded text's plausibility decides."""
_REPLACED_SHARE = 0.002
"""UTF-8 with at most this share of invalid bytes is read as UTF-8 with the bad bytes replaced by
U+FFFD (the checks flag every record whose quote holds one)."""


@functools.cache
def _common_characters() -> frozenset[str]:
    """The characters of ordinary Chinese prose in either script (built on first use: UTF-8 text, the
    usual case, never asks, and building it costs a start-up 20 ms).

    GB2312 level 1 (the 3,755 most used simplified characters), Big5's frequently used block (5,401
    traditional characters) and the punctuation of both. Mojibake (Big5 read as GB18030, GB read
    as Big5, UTF-16 read as either) lands mostly outside this set, real text mostly inside.
    """
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("gb2312"))
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("big5"))
    chars.update("，。、；：？！“”‘’（）《》〈〉【】—…·％～「」『』\u3000")
    chars.update(chr(cp) for cp in range(0xFF01, 0xFF5F))
    return frozenset(chars)


_PLAUSIBILITY_SAMPLE = 200_000
MIN_PLAUSIBILITY = 0.5


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are common Chinese characters or punctuation.

    Control characters, private-use and unassigned code points and U+FFFD count five times against
    the text. Real reports score above 0.9, mojibake well under 0.7.
    """
    counts = Counter(text[:_PLAUSIBILITY_SAMPLE])
    common_characters = _common_characters()
    wide = common = bad = 0
    for char, count in counts.items():
        if char < "\x80":
            if char < " " and char not in "\t\n\r\f":
                bad += count
            continue
        wide += count
        if char in common_characters:
            common += count
        elif char == "\ufffd" or unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs"):
            bad += count
    if wide == 0:
        return -1.0 if bad else 0.0
    return (common - 5 * bad) / wide


def _utf16_codec(data: bytes) -> str | None:
    """The UTF-16 byte order that NUL bytes on one parity only point to (ASCII characters written in
    UTF-16 without a byte-order mark), when the whole file decodes that way into plausible text."""
    head = data[:8192]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if len(data) % 2 or even + odd == 0 or min(even, odd) > 0.3 * (even + odd):
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return codec if plausibility(text) >= MIN_PLAUSIBILITY else None


def describe_binary(data: bytes) -> str | None:
    """Name the kind of binary file, or None when the bytes look like text."""
    for magic, name in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:4096]
    marked = head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    if b"\x00" in head and not marked and _utf16_codec(data) is None:
        return "a binary file (NUL bytes)"
    return None


def _lenient(data: bytes, codec: str, label: str) -> tuple[str, str] | None:
    """Decode with invalid bytes replaced when they are few; None when they are not."""
    text = data.decode(codec, "replace")
    bad = text.count("\ufffd")
    if bad > max(1, _REPLACED_SHARE * len(data)):
        return None
    return text, (f"{label} ({bad} invalid bytes replaced)" if bad else label)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; the encoding is detected from evidence, never assumed.

    A byte-order mark decides; then strict UTF-8; then every candidate that decodes strictly
    (GB18030, Big5, UTF-16 without a mark) and UTF-8 with a few bad bytes replaced are weighed by
    the plausibility of their text; charset-normalizer's ranking is the last resort.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        found = _lenient(data[3:], "utf-8", "utf-8-sig")
        if found:
            return found
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        found = _lenient(data, "utf-32", "utf-32")
        if found:
            return found
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        found = _lenient(data, "utf-16", "utf-16")
        if found:
            return found
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    scored: list[tuple[float, str, str]] = []
    utf16 = _utf16_codec(data)
    for codec in _CANDIDATES:
        if codec.startswith("utf-16") and codec != utf16:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((plausibility(text), codec, text))
    lenient = _lenient(data, "utf-8", "utf-8")
    if lenient is not None:
        scored.append((plausibility(lenient[0]), lenient[1], lenient[0]))
    best = from_bytes(data, cp_isolation=list(_CHINESE_ENCODINGS)).best()
    if best is not None:
        scored.append((plausibility(str(best)) - 0.01, best.encoding, str(best)))
    if not scored:
        raise IngestError("cannot detect the text encoding (not UTF-8, UTF-16, GB18030 or Big5)")
    score, codec, text = max(scored, key=lambda item: item[0])  # the first of equals: GB18030
    if score < MIN_PLAUSIBILITY:
        raise IngestError(
            f"cannot detect the text encoding: no decoding gives plausible Chinese text "
            f"(best: {codec}, plausibility {score:.2f} < {MIN_PLAUSIBILITY})"
        )
    return text, codec


# --- HTML -> lines ----------------------------------------------------------------------------

_TAG_RE = re.compile(
    r"</?(?:html|body|head|div|p|span|br|table|td|tr|li|ul|ol|a|font|meta|script|style|h[1-6]|section|article|b|strong|em|samp|sup|mark|input|legend|del|blockquote)\b",
    re.I,
)
_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "hr",
    "center",
)
_DROP_TAGS = ("script", "style", "noscript", "head", "nav", "iframe", "template", "select", "button", "form")


def looks_like_html(text: str) -> bool:
    """True when the text has enough tags to need a real parser."""
    return len(_TAG_RE.findall(text[:200_000])) >= 3


def html_to_text(html: str) -> str:
    """Strip HTML with a real parser, keeping block boundaries as line breaks."""
    tree = LexborHTMLParser(html)
    for node in tree.css(",".join(_DROP_TAGS)):
        node.decompose()
    for node in tree.css(",".join(_BLOCK_TAGS)):
        node.insert_before("\n")
        node.insert_after("\n")
    root = tree.body or tree.root
    if root is None:
        return ""
    return root.text(deep=True, separator="", strip=False)


# --- site furniture ---------------------------------------------------------------------------

_FURNITURE_PATTERNS = [
    r"第\s*\d+\s*/\s*\d+\s*页",  # pagination: 2023年政府工作报告-20篇(第11/118页)
    r"^(上一篇|下一篇|上一页|下一页|返回顶部|返回列表|打印本页|关闭窗口|分享到|收藏本页)",
    r"^(索引号|发布机构|信息来源|发布时间|浏览次数|来源|作者|责任编辑|编辑|字号|访问量)\s*[:：]",
    r"本文仅代表作者观点|不代表本站立场|未经许可[,，]?不得转载|版权所有|Copyright|©|ICP备|公网安备",
    r"^本文地址\s*[:：]|^本文链接|^原文链接",
    r"留言与评论|发表评论|验证码|网站地图|网站首页|联系我们|相关阅读|相关文章|热门推荐|扫一扫",
]
_FURNITURE_RE = re.compile("|".join(f"(?:{p})" for p in _FURNITURE_PATTERNS))
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_SPACES = re.compile(r"[ \t]+")
_WIDTH_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x2212: 0x2D, 0xFE63: 0x2D}
"""Full-width forms, the ideographic space and the minus signs (U+2212, U+FE63) to ASCII, 1:1."""
_NARROW = {chr(wide): chr(narrow) for wide, narrow in _WIDTH_FOLD.items()}
_WIDE_CHARS = frozenset(_NARROW)


def fold_quote(text: str) -> str:
    """``text`` with full-width forms folded and the spaces by its numbers and clause marks dropped, as cleaning does: a
    quote copied from the file as written ("16.4万头（只）", "增长18％", "国内生产总值达到54 亿元") found in the cleaned text."""
    return _TYPESET_SPACE.sub("", text.translate(_WIDTH_FOLD).replace("\u00a0", " "))


_CJK_IDEOGRAPHS = frozenset(map(chr, range(0x4E00, 0xA000)))
_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_IN_NUMBER = re.compile(rf"(?<=[\d.])[{_LINE_BREAKS}]+(?=[\d.%])")
_THIN_SPACES = r"[\u2000-\u200a\u202f\u205f]"
_SPACE_IN_NUMBER = re.compile(rf"(?<=\d){_THIN_SPACES}+(?=[.,]?\d)|(?<=\d[.,]){_THIN_SPACES}+(?=\d)")
"""Typographic thin spaces between digits are digit-group marks, not word breaks ("6\u2009.5")."""
_ANY_LINE_BREAK = re.compile(f"[{_LINE_BREAKS}]")
_ANY_THIN_SPACE = re.compile(_THIN_SPACES)
"""Whether a text holds any such character at all: most do not, and the searches above are slower."""
_IGNORABLE_EXTRA = frozenset(
    [
        0x034F,
        0x115F,
        0x1160,
        0x17B4,
        0x17B5,
        0x3164,
        0xFFA0,
        *range(0x180B, 0x1810),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
    ]
)
"""Default-ignorable code points that are not in category Cf (fillers, variation selectors)."""


def invisible_table(characters: set[str]) -> dict[int, str | None]:
    """What ``str.translate`` must do to the invisible ones of a text's distinct ``characters``.

    Every format character (category Cf: U+200B, U+2060 word joiner, U+FEFF, soft hyphen, bidi
    controls…), the other default-ignorable code points and the control characters are removed;
    the rarer line separators become line breaks. Built from the distinct characters only (``set(text)``,
    one pass in C), not from every character of a large text.
    """
    table: dict[int, str | None] = {}
    # CJK ideographs, most of a report's distinct characters, are never invisible: set out in one step.
    for char in characters - _CJK_IDEOGRAPHS:
        code = ord(char)
        if char in "\t\n":
            continue
        if char in _LINE_BREAKS:
            table[code] = "\n"
        elif code in _IGNORABLE_EXTRA or unicodedata.category(char) in ("Cf", "Cc"):
            table[code] = None
    return table


def remove_invisible(text: str, distinct: set[str] | None = None) -> str:
    """``text`` without format, control and other default-ignorable characters (see ``invisible_table``).

    A line separator inside a number ("6\f.5") is dropped rather than cutting the number in two.
    ``distinct``: the text's distinct characters when the caller has them (one pass less).
    """
    table = invisible_table(distinct if distinct is not None else set(text))  # ⊇ what the subs leave
    if _ANY_LINE_BREAK.search(text):
        text = _BREAK_IN_NUMBER.sub("", text)
    if _ANY_THIN_SPACE.search(text):
        text = _SPACE_IN_NUMBER.sub("", text)
    return text.translate(table) if table else text  # most reports: nothing to remove, no copy


def is_furniture(line: str) -> bool:
    """Site navigation, pagination, copyright and comment-box lines, never report prose."""
    if not _CJK_RE.search(line):
        return True  # bullets, stray numbers and tag debris carry no report text
    if len(line) > 300:
        return False  # long prose lines are report text even if they mention a keyword
    return bool(_FURNITURE_RE.search(line))


_CLAUSE_OPENERS = frozenset("，,、；;：:。")
_SET_APART_PHRASE = re.compile(r"[\u4e00-\u9fff《》“”]{1,12}")
_PROSE_END = re.compile(r"[\u4e00-\u9fff》”]")
_CLAUSE_MARK_IN = re.compile(r"[，,；;。]")
"""Prose cut off after a character: a clause mark after its sixth character, and a character (not a mark) at its end."""
_NOT_A_CONTINUATION = re.compile(r"[一二三四五六七八九十]+、|[（(]|——|第[一二三四五六七八九十]+|\d{1,2}[.、]|各位代表")


def _set_apart(before: str, phrase: str, after: str) -> bool:
    """A short phrase on a line of its own in the middle of a sentence: a page that links or marks a term
    breaks the lines around it ("…深入推进行政\n权力\n公开透明运行工作", "省委六届八\n次全会\n通过的…", 河北省
    2001–2024 as hebei.gov.cn lays them out). The line before is prose cut off after a character (it holds a
    clause mark and ends on no mark, and is no numbered heading), the phrase holds no mark, and the line after
    goes on (no heading number, no "各位代表")."""
    # The phrase first: most lines are long, so the test ends there, before the prose test reads a whole paragraph.
    return bool(
        _SET_APART_PHRASE.fullmatch(phrase)
        and after
        and (after[0] in _CLAUSE_OPENERS or "\u4e00" <= after[0] <= "\u9fff")
        and not _NOT_A_CONTINUATION.match(after)
        and len(before) >= 7
        and _PROSE_END.match(before[-1])
        and _CLAUSE_MARK_IN.search(before, 6, len(before) - 1)
        and not _NOT_A_CONTINUATION.match(before)
    )


_SUBSCRIPT = re.compile(r"[\d.]{1,4}")


def _subscript(before: str, token: str, after: str) -> bool:
    """A subscript a page set on its own line: "…以PM\n2.5\n浓度持续下降为主线" (广东 2026 as stored, PM<sub>2.5</sub>).
    Without the join the number line, holding no Chinese, would be dropped as furniture and PM2.5 read as PM."""
    return bool(
        _SUBSCRIPT.fullmatch(token) and before[-1:].isascii() and before[-1:].isalpha() and after[:1] > "\u4e00"
    )


_COPULA_OPENER = re.compile(r"^(?:是|为)[：:]")
_TYPESET_SPACE = re.compile(
    r"(?<=[\d%])[ \t\u2000-\u200a]+(?=[\u4e00-\u9fff%])|(?<=[\u4e00-\u9fff])[ \t\u2000-\u200a]+(?=\d)"
    r"|(?<=[\u4e00-\u9fff\d%）)”])[ \t\u2000-\u200a]+(?=[，。；：、！？,;:!?])"
    r"|(?<=[，。；：、！？,;:!?])[ \t\u2000-\u200a]+(?=[\u4e00-\u9fff“（(])"
)
"""A space between a number and the words around it ("国内生产总值达到54 亿元", "市财政将安排 400 万元", "2001 年"), or by a
clause mark ("民生工程投资 100亿元 ，商贸流通投资", "增长6% 、7.3%", 黔西南 2014): left by a page's typesetting (56 of the
2,942 scanned reports write over 2,000 by numbers, 88 by clause marks), never meant; the rules read "54亿元" whole and the
clause ends at its mark. Not between two numbers ("7. 2", a list's "2. 15个"): there a space may part two things."""
_SPACED_CJK = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])")
SPACED_TEXT_MIN = 30
"""Spaces between Chinese characters that make a text spaced throughout: a few are deliberate (省长 许勤,
"政 府 工 作 报 告" as a title; at most 11 in any corpus report), 50 to 370 come from a PDF's justification
(国务院 2004, 河北 2003–2010 as stored) and split words (经 济增长) the rules must read whole."""
_BROKEN_QUOTE = re.compile(r"“[ \t]*\n[\s]*|[ \t]*\n[\s]*”")


_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*页?[-—–\s]*$")
_LINE_END_MARKS = frozenset('。！？!?；;：:”"）)」』】…')
_WIDE_CHAR = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
_WRAP_SHARE = 0.45
"""A text is wrapped at a width when at least this share of its 20 or more lines of 12 or more characters
are that wide (give or take one or two), 20 characters or more: reports written one paragraph per line
stay far below it (a few %), and so do digests of short bullet lines (31 % at most in the corpus). A
short text (8 to 19 such lines) needs ``_WRAP_SHARE_SHORT``."""
_WRAP_SHARE_SHORT = 0.7
_WIDEST_WRAP = 130
"""No page is wider than this many characters: a text with many longer lines is not wrapped."""


def _display_width(line: str) -> int:
    """Columns a line takes in print: Chinese characters and full-width forms count two."""
    return len(line) + len(_WIDE_CHAR.findall(line))


def _wrap_width(lengths: list[int], slack: int) -> int | None:
    """The width most long lines are cut at, when enough of them are ("hard-wrapped" text)."""
    long = [n for n in lengths if n >= 12]
    if len(long) < 8:
        return None
    counts = Counter(long)
    width = max(counts, key=lambda n: (sum(counts[n - k] for k in range(slack + 1)), n))
    share = sum(counts[width - k] for k in range(slack + 1)) / len(long)
    enough = share >= _WRAP_SHARE if len(long) >= 20 else share >= _WRAP_SHARE_SHORT
    return width if enough and width >= 20 else None


def unwrap_text(text: str) -> str:
    """A hard-wrapped text with its paragraphs joined back (any other text is returned as it is).

    PDF extraction and some pages break every line at a fixed width ("…固定资产投资增\n长11.5%"), which
    would cut sentences, clauses and even numbers. When most long lines share one width, in characters
    or in display columns (Chinese characters count two; measured on the text as laid out, before
    widths are folded), a line that reaches it and does not end a sentence continues on the next line;
    a page number between the two ("— 3 —") is dropped. A blank line always ends a paragraph.
    """
    laid_out = [line.rstrip() for line in text.split("\n")]
    filled = [line for line in laid_out if line.strip()]
    spaced = sum(1 for line, after in pairwise(laid_out) if line.strip() and not after.strip())
    if len(filled) >= 8 and spaced >= 0.8 * len(filled):
        laid_out = filled  # every line followed by a blank one (some pages double-space): the blanks mark nothing
    lines = [line.strip() for line in laid_out]
    long = sum(1 for line in lines if len(line) >= 12)
    if sum(1 for line in lines if len(line) > _WIDEST_WRAP) > long / 10:
        return text  # one paragraph per line: many lines are longer than any page is wide
    for measure, slack in ((len, 1), (_display_width, 2)):
        # A paragraph's first line is as wide as the others with its indent ("　　综合考虑…国内生产总值增长" / "8%左右"):
        # widths are measured as laid out, indent included.
        lengths = [measure(line) for line in laid_out]
        width = _wrap_width(lengths, slack)
        if width is None:
            continue
        joined: list[str] = []
        carry = False
        for line, length in zip(lines, lengths, strict=True):
            if carry and line and _PAGE_NUMBER.match(line):
                continue
            if carry and line:
                joined[-1] += line
            else:
                joined.append(line)
            carry = bool(line) and length >= width - slack and line[-1] not in _LINE_END_MARKS
        return "\n".join(joined)
    return text


_INLINE_INDENT = re.compile(r"(?<=\S)[ \t]*[\u3000\u2003]{2,}")
"""Two full-width (or em) spaces after text on the same line: a paragraph's indent whose line break was lost
(上海 2021 as a dataset stores it, one line for the whole report: "…提出意见。 \u2003\u2003一、2020年工作回顾
\u2003\u2003过去一年…"; 河北 2003: "…良好环境。\u3000\u3000做好人口、资源和环境保护工作。"). Chinese text indents
every paragraph by two characters, and nothing else."""


_SPACE_AS_BREAK = re.compile(r"(?<=[\u4e00-\u9fff。：！？；”）)])[ \t]+(?=[\u4e00-\u9fff“（(—])")
ONE_LINE_MIN_CHARS = 2000
ONE_LINE_MIN_BREAKS = 20


def restore_paragraph_breaks(text: str) -> str:
    """Line breaks a copy lost, put back. Two full-width spaces inside a line are a paragraph's indent
    (``_INLINE_INDENT``). A whole report on one line whose paragraphs are joined by a plain space (上海 2024 as a
    dataset stores it: "…提出意见。 一、2023年工作回顾 过去一年，…") has a break at every space between Chinese
    characters or after a sentence end: nothing else puts a space there (a text spaced throughout by a PDF is
    never one line)."""
    if "\u3000\u3000" in text or "\u2003\u2003" in text:
        text = _INLINE_INDENT.sub("\n", text)
    one_line = len(text) >= ONE_LINE_MIN_CHARS and text.count("\n") * ONE_LINE_MIN_CHARS <= len(text)
    if one_line and len(_SPACE_AS_BREAK.findall(text)) >= ONE_LINE_MIN_BREAKS:
        text = _SPACE_AS_BREAK.sub("\n", text)
    return text


REPEATED_LINE_MIN_CHARS = 40
REPEATED_LINES_MIN = 3
"""A copy is at least this many paragraphs of at least this many characters, repeated word for word: a report
never writes a paragraph twice, while a news digest may repeat one sentence (衡阳 2021: one line)."""


def drop_repeated_copy(lines: list[str]) -> list[str]:
    """The paragraphs without a second copy of a run of them: some pages hold the whole report twice (河北省
    2001–2025 as hebei.gov.cn serves them, the print view below the page), and every target would be read twice.
    A later run is dropped where its lines, long and short, repeat the earlier run's in order."""
    first_at: dict[str, int] = {}
    repeats: list[tuple[int, int]] = []  # (index of the copy, index of the original) of each repeated long line
    for index, line in enumerate(lines):
        if len(line) >= REPEATED_LINE_MIN_CHARS:
            if line in first_at:
                repeats.append((index, first_at[line]))
            else:
                first_at[line] = index
    if len(repeats) < REPEATED_LINES_MIN:
        return lines
    dropped: set[int] = set()
    for copy, original in repeats:
        start, end, shift = copy, copy + 1, copy - original
        while start - 1 - shift >= 0 and start - 1 not in dropped and lines[start - 1] == lines[start - 1 - shift]:
            start -= 1  # the short lines (headings) the copy repeats before this paragraph
        while end < len(lines) and end - shift < copy and lines[end] == lines[end - shift]:
            end += 1
        dropped.update(range(start, end))
    return [line for index, line in enumerate(lines) if index not in dropped]


def clean_text(raw: str) -> tuple[str, str | None]:
    """Canonical cleaned text (one paragraph per line, furniture dropped, widths folded, invisible
    characters removed: everything downstream, offsets included, sees only this text).

    Also returns the first dropped line that names the report ("2023年政府工作报告-20篇(第11/118页)"):
    it is furniture, but it may be the only place that states the year.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = unwrap_text(restore_paragraph_breaks(text))
    distinct = set(text)
    wide = distinct & _WIDE_CHARS
    for char in wide:  # a dozen at most per report: str.replace runs in C, translate looks up every character
        text = text.replace(char, _NARROW[char])
    distinct = (distinct - wide) | {_NARROW[char] for char in wide}
    text = remove_invisible(text, distinct)
    if "“" in distinct or "”" in distinct:
        # Pages that set quoted words apart break the line at the quotes ("二、“\n十四五\n”时期…"): an
        # opening quote never ends a line and a closing one never starts one.
        text = _BROKEN_QUOTE.sub(lambda m: m.group(0).strip(" \t\n"), text)
    lines: list[str] = []
    title = None
    stripped_lines = [stripped for line in text.split("\n") if (stripped := _SPACES.sub(" ", line).strip())]
    after_phrase = False  # the line before was a phrase set apart: this one goes on with its sentence
    for k, stripped in enumerate(stripped_lines):
        following = "".join(stripped_lines[k + 1 : k + 2])
        phrase = bool(lines) and (
            _set_apart(lines[-1], stripped, following) or _subscript(lines[-1], stripped, following)
        )
        if lines and (
            stripped[0] in _CLAUSE_OPENERS
            or lines[-1].endswith("的")
            or _COPULA_OPENER.match(stripped)
            or phrase
            or after_phrase
        ):
            # "推进治理体系和治理能力现代化\n，强化基层…", "发展的\n主要目标\n是：地区生产总值…" (a page that sets a
            # phrase in bold breaks the line around it): no paragraph opens with a comma or 是：, none ends with 的.
            lines[-1] += stripped
        elif not is_furniture(stripped):
            lines.append(stripped)
        elif title is None and "工作报告" in stripped:
            title = stripped
        after_phrase = phrase
    text = "\n".join(drop_repeated_copy(lines))
    text = _TYPESET_SPACE.sub("", text)
    if len(_SPACED_CJK.findall(text, 0, 1 << 20)) >= SPACED_TEXT_MIN:
        text = _SPACED_CJK.sub("", text)  # "中央提出今年经 济增长预期目标为7%左右": spaced by a PDF's justification
    return text, title


_TO_SIMPLIFIED = opencc.OpenCC("t2s")
TRADITIONAL_SHARE = 0.02
"""Convert when at least this share of Chinese characters changes: traditional-script reports
change by 20–40 %, simplified ones by well under 1 % (a few characters with two readings)."""


def to_simplified(text: str) -> tuple[str, bool]:
    """Traditional-script reports become simplified so the rules and vocabulary apply; a simplified
    text is returned unchanged (converting it anyway could alter words such as 显著)."""
    converted = _TO_SIMPLIFIED.convert(text)
    if converted == text:
        return text, False
    chinese = len(_CJK_RE.findall(text))
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    if chinese and len(converted) == len(text) and changed / chinese >= TRADITIONAL_SHARE:
        return converted, True
    return text, False


def content_hash(text: str) -> str:
    """Stable document id: a hash of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read, decode, strip and clean one report file.

    Raises ``IngestError`` with a one-line cause for anything that is not a usable report.
    """
    try:
        if not path.is_file():
            raise IngestError("not a regular file" if path.exists() else "file does not exist")
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise IngestError("file does not exist") from exc
    except OSError as exc:
        raise IngestError(f"cannot read file ({exc.strerror or exc})") from exc
    if size == 0:
        raise IngestError("empty file")
    if size > max_bytes:
        raise IngestError(f"file too large ({size / 1e6:.1f} MB > limit {max_bytes / 1e6:.1f} MB; raise --max-mb)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file ({exc.strerror or exc})") from exc
    binary = describe_binary(data)
    if binary:
        raise IngestError(f"not a text report: looks like {binary}")
    raw, encoding = decode_bytes(data)
    return document_from_text(raw, path.name, encoding)


def _has_chinese(text: str, at_least: int) -> bool:
    """At least ``at_least`` Chinese characters, counted no further than needed."""
    return sum(1 for _ in islice(_CJK_RE.finditer(text), at_least)) >= at_least


_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,7}|#[xX][0-9A-Fa-f]{2,6});")
"""An HTML entity left in text copied off a page ("&nbsp; 现在,我代表县人民政府…", 新安 2024 and 清苑 2008; "“11&#8226;18”投资
龙岩项目洽谈会", 龙岩 2006): decoded as the page would show it."""


def document_from_text(raw: str, source_file: str = "text", encoding: str = "utf-8") -> Document:
    """Clean an already decoded report (plain text or HTML) into a Document; the file-free entry
    point used by ``extractor.extract_text``. Raises ``IngestError`` when no report text is left."""
    if looks_like_html(raw):
        raw = html_to_text(raw)
    elif _ENTITY.search(raw):
        raw = html.unescape(raw)
    if not _has_chinese(raw, 20):
        raise IngestError("no Chinese text found (is this a government work report?)")
    raw, converted = to_simplified(raw)
    if converted:
        encoding += "+t2s"
    text, title = clean_text(raw)
    if not _has_chinese(text, 20):
        raise IngestError("no report text left after removing site furniture")
    return Document(
        doc_id=content_hash(text), source_file=display_name(source_file), encoding=encoding, text=text, title=title
    )
