"""Shapes found on 2026-11-28's session: in the corpus's project misses, and in set AG's (six provincial reports of
1998–2020 the corpus did not hold, from ``lawtext/gov``, annotated by helpers who had not read the rules and scored at
the commit before their rules). Each test reads whole reports through the public API.
"""

from __future__ import annotations

from tests.corpus_records import projects


def test_works_that_implementing_names_on_a_named_place_are_projects() -> None:
    """实施…工程 names a programme (工业强基, 城市更新) unless it names a thing built; works on a place named by its own
    words are such a thing: 银川 2021 "启动实施贺兰县集中供热工程", 凉山 2014 "实施金沙江、雅砻江航道整治工程", 沈阳 2008
    "实施浑河浑南拦河坝改造" (the gold of each names them; 454 clauses of 418 lawtext reports are so written). A kind of
    county is no place (河南 2025 "实施产粮大县公共服务能力提升工程")."""
    assert projects("prefecture_yinchuan_2021_full")["贺兰县集中供热工程"].stage == "start"
    assert {"金沙江航道整治工程", "雅砻江航道整治工程"} <= set(projects("prefecture_liangshan_2014_full"))
    assert "浑河浑南拦河坝改造" in projects("prefecture_shenyang_2008_full")
    assert "产粮大县公共服务能力提升工程" not in projects("province_henan_2025_full")
