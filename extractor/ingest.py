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

import hashlib
import re
from pathlib import Path

import opencc
from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser

from extractor.errors import IngestError
from extractor.models import Document

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
"""Real reports are well under 1 MB; a larger file is almost always a dump or a wrong file."""


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


def describe_binary(data: bytes) -> str | None:
    """Name the kind of binary file, or None when the bytes look like text."""
    for magic, name in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:4096]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return "a binary file (NUL bytes)"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; the encoding is detected, never assumed."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GBK is a subset of GB18030, so one strict decode covers GB2312 / GBK / GB18030.
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(_CHINESE_ENCODINGS)).best()
    if best is None:
        raise IngestError("cannot detect the text encoding (not UTF-8, GB18030 or Big5)")
    return str(best), best.encoding


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
_WIDTH_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def is_furniture(line: str) -> bool:
    """Site navigation, pagination, copyright and comment-box lines, never report prose."""
    if not _CJK_RE.search(line):
        return True  # bullets, stray numbers and tag debris carry no report text
    if len(line) > 300:
        return False  # long prose lines are report text even if they mention a keyword
    return bool(_FURNITURE_RE.search(line))


def clean_text(raw: str) -> tuple[str, str | None]:
    """Canonical cleaned text (one paragraph per line, furniture dropped, widths folded).

    Also returns the first dropped line that names the report ("2023年政府工作报告-20篇(第11/118页)"):
    it is furniture, but it may be the only place that states the year.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.translate(_WIDTH_FOLD)
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    lines = []
    title = None
    for line in text.split("\n"):
        stripped = re.sub(r"[ \t]+", " ", line).strip()
        if not stripped:
            continue
        if not is_furniture(stripped):
            lines.append(stripped)
        elif title is None and "工作报告" in stripped:
            title = stripped
    return "\n".join(lines), title


_TO_SIMPLIFIED = opencc.OpenCC("t2s")
TRADITIONAL_SHARE = 0.02
"""Convert when at least this share of Chinese characters changes: traditional-script reports
change by 20–40 %, simplified ones by well under 1 % (a few characters with two readings)."""


def to_simplified(text: str) -> tuple[str, bool]:
    """Traditional-script reports become simplified so the rules and vocabulary apply; a simplified
    text is returned unchanged (converting it anyway could alter words such as 显著)."""
    converted = _TO_SIMPLIFIED.convert(text)
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


def document_from_text(raw: str, source_file: str = "text", encoding: str = "utf-8") -> Document:
    """Clean an already decoded report (plain text or HTML) into a Document; the file-free entry
    point used by ``extractor.extract_text``. Raises ``IngestError`` when no report text is left."""
    if looks_like_html(raw):
        raw = html_to_text(raw)
    if len(_CJK_RE.findall(raw)) < 20:
        raise IngestError("no Chinese text found (is this a government work report?)")
    raw, converted = to_simplified(raw)
    if converted:
        encoding += "+t2s"
    text, title = clean_text(raw)
    if len(_CJK_RE.findall(text)) < 20:
        raise IngestError("no report text left after removing site furniture")
    return Document(doc_id=content_hash(text), source_file=source_file, encoding=encoding, text=text, title=title)
