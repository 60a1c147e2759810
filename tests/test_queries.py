"""Issue 4, named queries: the catalogue, the same rows in rdflib and Oxigraph, and the report's facts in the rows."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from zgraph.model import paths
from zgraph.model.store import load_store
from zgraph.sparql.backends import run_oxigraph, run_rdflib
from zgraph.sparql.catalogue import get, named_queries, prepare
from zgraph.sparql.results import rows_of

NAMES = [q.name for q in named_queries()]
REQUIRED = {
    "pairings": ("guangzhou_district", "zhanjiang_unit"),
    "enclaves": ("zhanjiang_unit", "host_district", "enclave"),
    "documents": ("title",),
    "chain_leaders": ("enterprise", "chain"),
    "chain_projects": ("chain", "project"),
    "indicators": ("subject", "indicator", "value", "unit", "yoy_growth_pct", "rank", "period"),
}
NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in (
    "decimal", "integer", "double", "float", "nonNegativeInteger", "positiveInteger", "int", "long")}
#: The county pairs as the report gives them through each unit's reverse enclave (二、三是).
COUNTY_PAIRS = {("越秀区", "赤坎区"), ("越秀区", "霞山区"), ("越秀区", "遂溪县"), ("荔湾区", "坡头区"),
                ("白云区", "廉江市"), ("白云区", "吴川市"), ("白云区", "麻章区"), ("南沙区", "雷州市"),
                ("南沙区", "徐闻县")}
ZGI = "https://w3id.org/zgraph/id/"
PREFIXES = """@prefix zg: <https://w3id.org/zgraph/ontology#> . @prefix zgi: <https://w3id.org/zgraph/id/> .
@prefix zgv: <https://w3id.org/zgraph/vocab/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store()


def norm(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> tuple | None:
    """A term as comparable data: numbers by value (engines write 5 and 5.0), the rest exactly."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.datatype.value in NUMERIC:
            return ("number", Decimal(term.value))
        return ("literal", term.value, term.language, term.datatype.value)
    return (type(term).__name__, term.value)


def rows(result: ox.QuerySolutions) -> tuple[list[str], list[tuple]]:
    names, found = rows_of(result)
    return names, [tuple(norm(t) for t in r) for r in found]


def records(store: ox.Store, name: str, lang: str = "zh") -> list[dict[str, str]]:
    """A named query's rows as dicts of plain strings ("" when unbound)."""
    names, found = rows_of(run_oxigraph(store, prepare(get(name).text, lang)))
    return [{n: ("" if t is None else t.value) for n, t in zip(names, r, strict=True)} for r in found]


def with_extra(tmp_path: Path, turtle: str) -> ox.Store:
    """The shipped model and data plus a few extra triples."""
    extra = tmp_path / "extra.ttl"
    extra.write_text(PREFIXES + turtle, encoding="utf-8")
    return load_store([paths.DATA, extra])


# --- the catalogue -------------------------------------------------------------------------------------------


def test_at_least_twelve_named_queries_with_questions_in_both_languages():
    assert len(NAMES) >= 12
    for q in named_queries():
        assert re.search(r"[\u4e00-\u9fff]", q.question["zh"]), q.name
        assert re.fullmatch(r"[\x20-\x7e“”’–—…]+", q.question["en"]), q.name
        assert q.columns and all(re.fullmatch(r"[a-z_]+", c) for c in q.columns), q.name
        assert 'VALUES ?lang { "zh" }' in q.text, f"{q.name}: labels must follow --lang"


def test_required_queries_exist_with_their_columns_first():
    for name, first in REQUIRED.items():
        assert get(name).columns[: len(first)] == first
        assert get(name).headline > 0


@pytest.mark.parametrize("name", NAMES)
def test_header_columns_are_the_result_variables(store, name):
    names, _ = rows_of(run_oxigraph(store, prepare(get(name).text, "zh")))
    assert tuple(names) == get(name).columns


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_same_rows_in_rdflib_and_oxigraph(store, g, name, lang):
    text = prepare(get(name).text, lang)
    ox_names, ox_rows = rows(run_oxigraph(store, text))
    rdf_names, rdf_rows = rows(run_rdflib(g, text))
    assert ox_names == rdf_names
    assert ox_rows, f"{name} returned no rows"
    assert ox_rows == rdf_rows  # same rows in the same order


@pytest.mark.parametrize("name", [n for n in NAMES if n != "entity_facts"])  # that one lists literals as stored
def test_labels_follow_the_language(store, name):
    """zh output carries no @en label where a @zh one exists, and the other way round."""
    for lang in ("zh", "en"):
        _, found = rows_of(run_oxigraph(store, prepare(get(name).text, lang)))
        tags = {t.language for r in found for t in r if isinstance(t, ox.Literal) and t.language}
        assert tags <= {lang}, (name, lang, tags)


# --- pairings ------------------------------------------------------------------------------------------------


def test_pairings_are_exactly_the_nine_county_pairs(store):
    found = records(store, "pairings")
    assert len(found) == 9
    assert {(r["guangzhou_district"], r["zhanjiang_unit"]) for r in found} == COUNTY_PAIRS
    assert {r["level"] for r in found} == {"县级"}
    assert {r["basis"] for r in found} == {"推断"}  # the report gives the county pairs only through enclaves
    yuexiu = {r["zhanjiang_unit"] for r in found if r["guangzhou_district"] == "越秀区"}
    assert yuexiu == {"赤坎区", "霞山区", "遂溪县"}


def test_pairings_in_english(store):
    found = {(r["guangzhou_district"], r["zhanjiang_unit"], r["level"]) for r in records(store, "pairings", "en")}
    assert ("Yuexiu District", "Chikan District", "county level") in found
    assert ("Nansha District", "Xuwen County", "county level") in found
    assert len(found) == 9


def test_pairings_read_the_pairing_nodes_not_the_assists_shortcut(store, tmp_path):
    extra = with_extra(tmp_path, """
        zgi:place-test-district a zg:CountyLevelUnit ; rdfs:label "测试区"@zh , "Test District"@en .
        zgi:place-test-district zg:assists zgi:place-chikan .
    """)
    assert len(records(extra, "pairings")) == 9  # a bare zg:assists triple is not a pairing
    extra = with_extra(tmp_path, """
        zgi:place-test-district a zg:CountyLevelUnit ; rdfs:label "测试区"@zh , "Test District"@en .
        zgi:pairing-test a zg:Pairing ; zg:assistingParty zgi:place-test-district ; zg:assistedParty zgi:place-chikan ;
            zg:pairingLevel zgv:level-county ; zg:assertionBasis zgv:basis-stated .
    """)
    found = records(extra, "pairings")
    assert len(found) == 10
    assert {"guangzhou_district": "测试区", "zhanjiang_unit": "赤坎区", "level": "县级", "basis": "原文明确",
            "reading": ""} in found


def test_labels_fall_back_to_the_other_language(tmp_path):
    extra = with_extra(tmp_path, """
        zgi:place-only-zh a zg:CountyLevelUnit ; rdfs:label "只有中文区"@zh .
        zgi:pairing-only-zh a zg:Pairing ; zg:assistingParty zgi:place-only-zh ; zg:assistedParty zgi:place-xuwen ;
            zg:pairingLevel zgv:level-county ; zg:assertionBasis zgv:basis-stated .
    """)
    found = records(extra, "pairings", "en")
    assert {"guangzhou_district": "只有中文区", "zhanjiang_unit": "Xuwen County", "level": "county level",
            "basis": "stated in the report", "reading": ""} in found


def test_all_pairings_add_the_stated_city_pair(store):
    found = records(store, "all_pairings")
    assert len(found) == 10
    assert found[0] == {"assisting_party": "广州市", "assisted_party": "湛江市", "level": "市级", "basis": "原文明确",
                        "reading": ""}
    assert {(r["assisting_party"], r["assisted_party"]) for r in found[1:]} == COUNTY_PAIRS


# --- enclaves ------------------------------------------------------------------------------------------------


def test_enclaves_cover_every_named_component_once(store, source_text):
    found = records(store, "enclaves")
    names = [r["enclave"] for r in found]
    assert len(names) == len(set(names))
    for name in ("广州越秀(赤坎)科创中心", "荔湾(坡头)1906科技园经贸基地", "白云廉江小家电设计研发中心",
                 "跨境电商推广平台", "麻章区湾区城市流动党员党支部", "雷州品牌展示中心",
                 "湛江·湾区飞地(东莞)暨湛江·湾区招商服务中心"):
        assert name in names and name in source_text
    by_name = {r["enclave"]: r for r in found}
    assert by_name["广州越秀(遂溪)科创中心"]["zhanjiang_unit"] == "遂溪县"
    assert by_name["广州越秀(遂溪)科创中心"]["host_district"] == "越秀区"
    assert by_name["雷州品牌展示中心"]["status"] == "初步选定"  # 雷州市初步选定在南沙区东涌镇弦歌大楼设立
    assert by_name["湛江·湾区飞地(东莞)暨湛江·湾区招商服务中心"]["zhanjiang_unit"] == "湛江市"
    # all 9 county-level units of Zhanjiang appear
    assert {u for _, u in COUNTY_PAIRS} <= {r["zhanjiang_unit"] for r in found}


# --- documents -----------------------------------------------------------------------------------------------


def test_documents_are_exactly_the_sixteen_titles_in_report_order(store, source_text):
    printed = list(dict.fromkeys(re.findall(r"《([^《》]+)》", source_text)))  # distinct, in order of first mention
    assert len(printed) == 16
    titles = [r["title"] for r in records(store, "documents")]
    assert titles == printed


def test_documents_have_type_issuer_and_areas(store):
    found = records(store, "documents", "en")
    assert len(found) == 16
    for r in found:
        assert r["type"] and r["issuer"] and r["areas"] and r["issuer_basis"], r["title"]
    stated = [r for r in found if r["issuer_basis"] == "stated in the report"]
    assert stated, "some titles name their issuing bureau"
    zh = {r["title"]: r for r in records(store, "documents")}
    for r in stated:
        assert zh[r["title"]]["issuer"] in r["title"]  # a stated issuer is printed in the title


def test_documents_by_area_agree_with_documents(store):
    pairs = {(r["area"], r["title"]) for r in records(store, "documents_by_area")}
    expected = {(a, r["title"]) for r in records(store, "documents") for a in r["areas"].split("; ")}
    assert pairs == expected


# --- industry ------------------------------------------------------------------------------------------------


def test_chain_leaders(store):
    found = {(r["enterprise"], r["chain"]) for r in records(store, "chain_leaders")}
    # 以及宝钢、中科炼化、巴斯夫等龙头链主企业 … 绿色石化方面,围绕中科炼化、巴斯夫开展石化补链招商
    assert {("中科炼化", "绿色石化"), ("巴斯夫", "绿色石化")} <= found
    assert ("宝钢", "") in found  # the report never says which chain 宝钢 leads


def test_chain_projects(store, source_text):
    found = records(store, "chain_projects")
    chains = {"绿色石化", "先进装备制造", "新能源", "新材料", "新一代电子信息", "智能家电"}
    assert {r["chain"] for r in found} == chains
    assert {"chain": "绿色石化", "project": "异氟尔酮及三乙基铝生产", "attraction_method": "补链招商"} in found
    assert {"chain": "智能家电", "project": "洗碗机及配件制造", "attraction_method": "延链招商"} in found
    for r in found:
        assert r["project"] in source_text


# --- indicators ----------------------------------------------------------------------------------------------


def test_indicators_carry_value_unit_growth_rank_and_period(store):
    found = records(store, "indicators")
    # 2023年完成规上工业总产值65.15亿元,同比增长24.9%,增速排名全省第二
    assert {"subject": "市承接产业有序转移主平台", "indicator": "规上工业总产值", "value": "65.15", "unit": "亿元",
            "yoy_growth_pct": "24.9", "rank": "2", "period": "2023"}.items() <= next(
        r for r in found if r["indicator"] == "规上工业总产值").items()
    fixed = [r for r in found if r["indicator"] == "固定资产投资" and r["rank"]]
    assert [(r["value"], r["yoy_growth_pct"], r["rank"]) for r in fixed] == [("44.14", "103.6", "1")]


def test_indicator_values_and_units_are_as_printed(store, source_text):
    for r in records(store, "indicators"):
        if r["value"] + r["unit"] in source_text:
            continue
        # else the report printed the number in Chinese (五向, 八大措施, 第二档次, 万吨级 …)
        assert r["unit"] and any(c + r["unit"] in source_text for c in "一二两三四五六七八九十百千万"), r


def test_achievements_place_figures_in_their_directions(store):
    found = records(store, "achievements")
    assert len({r["direction"] for r in found}) == 5
    row = next(r for r in found if r["indicator"] == "规上工业总产值" and r["value"] == "65.15")
    assert row["direction"] == "以加快平台建设为载体,打造产业转移承接地"
    assert row["action"] == "高标准建设主平台"


# --- provenance ----------------------------------------------------------------------------------------------


def test_entity_facts_quote_the_report_at_their_offsets(store, source_text):
    text = prepare(get("entity_facts").text, "zh", {"entity": f"<{ZGI}place-yuexiu>"})
    names, found = rows_of(run_oxigraph(store, text))
    facts = [{n: ("" if t is None else t.value) for n, t in zip(names, r, strict=True)} for r in found]
    assert {"direction": "←", "property": "帮扶方", "value": "越秀区—赤坎区结对帮扶", "quote_start": "",
            "quote_end": ""} in facts
    quotes = [r for r in facts if r["quote_start"]]
    assert quotes
    for r in quotes:
        assert source_text[int(r["quote_start"]): int(r["quote_end"])] == r["value"]


def test_inferred_facts_name_their_premises_and_quotes(store, source_text):
    found = records(store, "inferred_facts")
    pairings = {f"{d}—{u}结对帮扶" for d, u in COUNTY_PAIRS}
    assert pairings <= {r["fact"] for r in found}
    for r in found:
        assert r["rule"] and r["premise"]
        for quote in filter(None, r["premise_quote"].split(" … ")):
            assert quote in source_text
    premises = {r["premise"] for r in found if r["fact"] == "越秀区—赤坎区结对帮扶"}
    assert premises == {"一县一“反向飞地”", "县级结对帮扶关系", "赤坎区“反向飞地”"}


def test_leading_groups_name_their_leaders(store):
    found = records(store, "leading_groups")
    # 成立以市委书记为第一组长、市长为组长的全市招商引资工作领导小组
    assert {"group": "全市招商引资工作领导小组", "role": "第一组长", "holder": "市委书记", "basis": "原文明确"} in found
    assert {"group": "全市招商引资工作领导小组", "role": "组长", "holder": "市长", "basis": "原文明确"} in found


def test_service_methods_are_the_seven_piece_set(store, source_text):
    methods = {r["service_method"] for r in records(store, "service_methods")
               if r["facility"] == "市承接产业有序转移主平台"}
    printed = re.search(r"创新(.+?)招商服务“七件套”", source_text).group(1).split("、")
    assert methods == set(printed) and len(methods) == 7


def test_attraction_methods_cover_the_commissioned_agencies(store):
    found = {(r["method"], r["target"]) for r in records(store, "attraction_methods")}
    # 探索委托招商,委托中国法国工商、谷川联行等多家专业机构
    assert {("委托招商", "中国法国工商"), ("委托招商", "谷川联行")} <= found
