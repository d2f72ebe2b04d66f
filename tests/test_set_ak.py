"""Shapes found in set AK (six whole reports of 深圳's districts and new areas, 2014–2025, annotated by helpers who had not
read the rules, scored at the commit before their rules). Each test reads whole reports through the public API.
"""

from __future__ import annotations

from tests.corpus_records import projects


def test_topping_out_and_taking_into_use_are_stages() -> None:
    """Guideline 4.2 now lists 封顶 (ongoing: still being built), 启用 and 试运营 (operate), which sets AK's annotators met
    ("新区妇幼保健院完成封顶", "启用国家管网深圳LNG应急调峰站", "确保国际会展中心7月试运营"); 313 lawtext lines write 封顶. The
    corpus's earlier gold had no word for them and was swept for them (tests/corpus/ADJUDICATION.md)."""
    hailar = projects("county_hailar_2017_full")
    assert hailar["冰球馆"].stage == hailar["运动员公寓"].stage == "ongoing"  # "实现冰球馆、…及运动员公寓主体封顶"
    assert projects("county_gaotang_2023_full")["妇女儿童医院新院区"].stage == "operate"
    assert projects("county_baoan_2019_full")["国际会展中心"].stage == "operate"
