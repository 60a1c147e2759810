"""Every figure the report prints as a zg:Observation, checked by SPARQL against the report's own numbers."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

PREFIX = """PREFIX zg: <https://w3id.org/zgraph/ontology#>
PREFIX zgi: <https://w3id.org/zgraph/id/>
PREFIX zgv: <https://w3id.org/zgraph/vocab/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

FIELDS = {
    "subject": "zg:observedSubject", "indicator": "zg:indicator", "period": "zg:refPeriod",
    "value": "zg:value", "as_printed": "zg:valueAsPrinted", "printed": "zg:unitAsPrinted", "unit": "zg:unit",
    "mult": "zg:unitMultiplier",
    "norm": "zg:normalisedValue", "yoy": "zg:yoyGrowthPct", "rank": "zg:rank", "rank_of": "zg:rankOf",
    "scope": "zg:rankScope", "plan": "zg:planValue", "exceeds": "zg:exceedsPlanPct", "est": "zg:isEstimate",
    "approx": "zg:isApproximate", "cum": "zg:isCumulative", "lower": "zg:isLowerBound",
    "vmin": "zg:valueMin", "vmax": "zg:valueMax", "qualifier": "zg:qualifier",
}
SELECT = " ".join(f"?{k}" for k in FIELDS)
OPTIONALS = " ".join(f"OPTIONAL {{ ?o {p} ?{k} }}" for k, p in FIELDS.items())

#: Chinese numerals the report uses for figures (五向发力, 七件套, 八大措施, 两级, 万吨级 …).
CN = {1: "一", 2: "二两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十", 10000: "万"}

#: Numbers in the report that are names or dates, not figures: years, a plan period, a park's name, a version.
NOT_FIGURES = [r"20\d\d年", r"2023-2025年", r"1906科技园", r"2\.0版", r"10月"]


def plain(d: Decimal) -> str:
    """A decimal as the report prints it (no exponent, no trailing zeros)."""
    text = format(d.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def printed_forms(v: Decimal) -> list[str]:
    """Ways the report may print a value: digits, or a Chinese numeral for a whole number."""
    forms = [plain(v)]
    if v == v.to_integral_value():
        forms += list(CN.get(int(v), ""))
    return forms


def local(node: object) -> str:
    return str(node).rsplit("/", 1)[-1]


def py(node: object) -> object:
    return node.toPython() if isinstance(node, Literal) else node


@pytest.fixture(scope="module")
def obs(g: Graph) -> dict[str, dict]:
    """Every observation with its fields (python values) and the verbatim quotes of its evidence."""
    rows = g.query(PREFIX + f"""SELECT ?o {SELECT} ?exact WHERE {{ ?o a zg:Observation . {OPTIONALS}
        OPTIONAL {{ ?o prov:wasDerivedFrom ?ev . ?ev a zg:Evidence ; oa:hasSelector/oa:exact ?exact }} }}""")
    out: dict[str, dict] = {}
    for row in rows:
        rec = out.setdefault(local(row.o), {k: py(row[k]) for k in FIELDS} | {"quotes": set()})
        if row.exact is not None:
            rec["quotes"].add(str(row.exact))
    return out


def one(g: Graph, subject: str, indicator: str) -> dict:
    """The single observation of a subject and an indicator, as a dict of its fields."""
    rows = list(g.query(PREFIX + f"""SELECT {SELECT} WHERE {{
        ?o a zg:Observation ; zg:observedSubject {subject} ; zg:indicator zgv:ind-{indicator} . {OPTIONALS} }}"""))
    assert len(rows) == 1, f"expected one {indicator} observation of {subject}, found {len(rows)}"
    return {k: py(rows[0][k]) for k in FIELDS}


def values(g: Graph, subject: str, indicator: str) -> list[Decimal]:
    rows = g.query(PREFIX + f"""SELECT ?v WHERE {{
        ?o zg:observedSubject {subject} ; zg:indicator zgv:ind-{indicator} ; zg:value ?v }}""")
    return sorted(r.v.toPython() for r in rows)


# --- the report's headline facts -------------------------------------------------------------------------------

def test_main_platform_gross_output_65_15_yi_yuan_up_24_9_second_in_guangdong(g):
    o = one(g, "zgi:platform-main", "above-scale-gross-industrial-output")
    assert o["value"] == Decimal("65.15") and o["printed"] == "亿元" and str(o["period"]) == "2023"
    assert o["norm"] == Decimal("6515000000") and o["mult"] == 8
    assert o["yoy"] == Decimal("24.9")
    assert (o["rank"], o["rank_of"], local(o["scope"])) == (2, "growth", "place-guangdong")


def test_main_platform_fixed_asset_investment_growth_103_6_first_in_guangdong(g):
    o = one(g, "zgi:platform-main", "fixed-asset-investment")
    assert (o["value"], o["yoy"], o["rank"], o["rank_of"]) == (Decimal("44.14"), Decimal("103.6"), 1, "growth")
    assert local(o["scope"]) == "place-guangdong"


def test_main_platform_value_added_also_second_by_growth(g):
    o = one(g, "zgi:platform-main", "above-scale-industrial-value-added")
    assert (o["value"], o["yoy"], o["rank"]) == (Decimal("12.45"), Decimal("25"), 2)


def test_cooperation_park_output_23_8_is_the_only_estimate_of_the_park(g):
    rows = list(g.query(PREFIX + """SELECT ?v ?yoy ?est WHERE { ?o zg:observedSubject zgi:park-gz-zj-cooperation ;
        zg:value ?v ; zg:yoyGrowthPct ?yoy . OPTIONAL { ?o zg:isEstimate ?est } }"""))
    assert len(rows) == 5
    estimates = [(r.v.toPython(), r.yoy.toPython()) for r in rows if r.est is not None and r.est.toPython()]
    assert estimates == [(Decimal("23.8"), Decimal("111.45"))]
    revenue = one(g, "zgi:park-gz-zj-cooperation", "general-budget-revenue")
    assert (revenue["value"], revenue["printed"], revenue["norm"]) == (Decimal("3973"), "万元", Decimal("39730000"))


def test_main_platform_beat_its_target_and_new_starts_are_among_projects_under_construction(g):
    done = one(g, "zgi:platform-main", "transfer-projects-completed")
    assert (done["value"], done["plan"]) == (Decimal("45"), Decimal("44")) and done["value"] > done["plan"]
    started = values(g, "zgi:platform-main", "projects-newly-started")
    building = values(g, "zgi:platform-main", "projects-under-construction")
    assert started == [21] and building == [44] and started[0] <= building[0]
    total = one(g, "zgi:platform-main", "total-investment")
    assert total["value"] == Decimal("400") and total["approx"] is True


def test_city_wide_attraction_results(g):
    new = one(g, "zgi:place-zhanjiang", "new-investment-projects")
    assert (new["value"], new["yoy"]) == (Decimal("223"), Decimal("34.34"))
    deal = one(g, "zgi:place-zhanjiang", "contracted-investment")
    assert (deal["value"], deal["yoy"], deal["exceeds"]) == (Decimal("1482.21"), Decimal("51.87"), Decimal("23.52"))
    assert deal["norm"] == Decimal("148221000000")
    started = one(g, "zgi:place-zhanjiang", "attracted-projects-started-in-statistics")
    assert (started["value"], started["exceeds"], started["yoy"]) == (Decimal("138"), Decimal("15"), None)
    # the three investment thresholds qualify three different counts; they are not figures of their own
    by_threshold = {str(r.q): r.v.toPython() for r in g.query(PREFIX + """SELECT ?q ?v WHERE {
        ?o zg:observedSubject zgi:place-zhanjiang ; zg:qualifier ?q ; zg:value ?v .
        FILTER(CONTAINS(?q, "以上")) }""")}
    assert by_threshold == {"投资1亿元以上的工业项目": 104, "投资1000万元以上的农业项目": 6,
                            "投资5000万元以上的服务业项目": 37}


def test_only_the_trading_system_figures_are_fourth_quarter(g):
    rows = g.query(PREFIX + """SELECT ?s ?v ?yoy ?p WHERE { ?o a zg:Observation ; zg:refPeriod ?p ;
        zg:observedSubject ?s ; zg:value ?v ; zg:yoyGrowthPct ?yoy . FILTER(str(?p) != "2023") }""")
    got = {(local(r.s), r.v.toPython(), r.yoy.toPython(), str(r.p)) for r in rows}
    assert got == {("system-public-resource-trading", Decimal("180"), Decimal("500"), "2023-Q4"),
                   ("system-public-resource-trading", Decimal("76.1"), Decimal("400"), "2023-Q4")}
    years = {r.p.datatype for r in g.query(PREFIX + """SELECT ?p WHERE { ?o a zg:Observation ; zg:refPeriod ?p .
        FILTER(str(?p) = "2023") }""")}
    assert years == {URIRef("http://www.w3.org/2001/XMLSchema#gYear")}


def test_finance_station_banks_and_insurers_plus_one_guarantor_make_22(g):
    banks = values(g, "zgi:station-finance", "bank-institutions")
    insurers = values(g, "zgi:station-finance", "insurance-institutions")
    total = values(g, "zgi:station-finance", "financial-institutions")
    assert (banks, insurers, total) == ([16], [5], [22])
    assert total[0] - banks[0] - insurers[0] == 1  # 粤财普惠金融(湛江)融资担保股份公司, named not counted


def test_document_counts(g):
    plan = "zgi:doc-zj-business-environment-2023"
    assert values(g, plan, "document-parts") == [19]
    assert values(g, plan, "document-measures") == [83]
    assert values(g, plan, "document-ledger-items") == [472]
    assert values(g, "zgi:init-special-rectification", "rectification-aspects") == [10]
    assert values(g, "zgi:doc-zj-fiscal-support-plan", "support-measures") == [8]
    assert values(g, "zgi:doc-zj-talent-card-measures", "policy-categories") == [17]
    assert values(g, "zgi:doc-zj-talent-card-measures", "policy-subitems") == [28]


def test_structural_counts_are_observations_too(g):
    assert values(g, "zgi:mech-county-pairing", "paired-county-units") == [9]
    assert values(g, "zgi:mech-county-pairing", "assisting-districts") == [4]
    assert values(g, "zgi:platform-main", "service-methods") == [7]
    assert values(g, "zgi:place-guangdong", "key-main-platforms") == [5]
    parts = g.query(PREFIX + "SELECT ?v WHERE { ?o zg:observedSubject zgi:policy-system-1-13 ; zg:value ?v }")
    assert sorted(r.v.toPython() for r in parts) == [1, 13]
    levels = g.query(PREFIX + """SELECT ?s ?v WHERE { ?o zg:indicator zgv:ind-management-levels ;
        zg:observedSubject ?s ; zg:value ?v }""")
    assert {(local(r.s), r.v.toPython()) for r in levels} == {
        ("mech-park-three-level", 3), ("mech-business-env-pairing", 2)}


def test_business_environment_second_tier_is_a_tier_not_a_rank(g):
    # 位于第二档次 places the city in the second tier of the provincial ranking; its rank is not printed
    o = one(g, "zgi:place-zhanjiang", "business-environment-provincial-tier")
    assert (o["value"], o["printed"], o["rank"], o["rank_of"], o["scope"]) == (Decimal("2"), "档次", None, None, None)
    years = one(g, "zgi:place-zhanjiang", "business-environment-rising-years")
    assert (years["value"], years["printed"], years["rank"]) == (Decimal("3"), "年", None)


def test_time_saved_is_a_range_without_a_single_value(obs):
    ranges = [o for o in obs.values() if o["value"] is None]
    assert [(o["vmin"], o["vmax"], o["printed"]) for o in ranges] == [(Decimal("3"), Decimal("6"), "个月")]
    for o in ranges:
        assert o["vmin"] < o["vmax"] and o["norm"] is None
        assert o["as_printed"] == f"{plain(o['vmin'])}-{plain(o['vmax'])}"
        assert all(f"{o['as_printed']}{o['printed']}" in q for q in o["quotes"])


def test_value_as_printed_is_the_printed_string_and_value_its_number(g, obs):
    """zg:valueAsPrinted: plain string of the printed characters; zg:value: the same figure as an xsd:decimal."""
    for key, o in obs.items():
        literal = g.value(URIRef(f"https://w3id.org/zgraph/id/{key}"), URIRef(
            "https://w3id.org/zgraph/ontology#valueAsPrinted"))
        assert isinstance(literal, Literal) and literal.datatype is None and literal.language is None, key
        assert any(f"{o['as_printed']}{o['printed']}" in q for q in o["quotes"]), key
        if o["value"] is not None:
            assert o["as_printed"] in printed_forms(o["value"]), key
    printed = {o["as_printed"] for o in obs.values()}
    assert {"325", "65.15", "八", "五", "两", "万", "0.5", "3-6"} <= printed


# --- rules every observation follows ---------------------------------------------------------------------------

def test_more_than_45_observations_each_with_evidence(obs):
    assert len(obs) > 45
    assert all(o["quotes"] for o in obs.values()), [k for k, o in obs.items() if not o["quotes"]]


def test_normalised_value_is_value_times_ten_to_the_unit_multiplier(g, obs):
    mult = {str(r.u): int(r.m) for r in g.query(PREFIX + "SELECT ?u ?m { ?u a zg:Unit ; zg:unitMultiplier ?m }")}
    checked = 0
    for key, o in obs.items():
        assert o["mult"] == mult[str(o["unit"])], f"{key}: multiplier differs from its unit's"
        if o["value"] is not None:
            assert o["norm"] == o["value"] * Decimal(10) ** o["mult"], key
            checked += 1
    assert checked == len(obs) - 1  # all but the one printed range


def test_every_quote_contains_the_value_and_unit_as_printed(obs):
    for key, o in obs.items():
        if o["value"] is None:
            continue
        forms = [f + o["printed"] for f in printed_forms(o["value"])]
        for q in o["quotes"]:
            assert any(f in q for f in forms), f"{key}: none of {forms} in {q!r}"


def test_growth_rank_and_plan_appear_in_the_quotes(obs, source_text):
    seen = 0
    for key, o in obs.items():
        for q in o["quotes"]:
            if o["yoy"] is not None:
                word = "下降" if o["yoy"] < 0 else "增长"
                assert f"{word}{plain(abs(o['yoy']))}%" in q, key
                seen += 1
            if o["rank"] is not None:
                assert any(f"第{n}" in q for n in CN[o["rank"]]), key
                assert ("增速排名" in q) == (o["rank_of"] == "growth"), key
                assert {"place-guangdong": "全省", "place-china": "全国"}[local(o["scope"])] in q, key
            if o["plan"] is not None:
                assert f"任务{plain(o['plan'])}" in q or f"计划{plain(o['plan'])}" in q, key
            if o["exceeds"] is not None:
                assert f"超出年度计划{plain(o['exceeds'])}%" in q, key
    # every growth rate the report prints sits on exactly one figure
    assert seen == len(re.findall(r"(?:增长|下降)\d+(?:\.\d+)?%", source_text))


def test_flags_match_the_words_of_the_quote(obs):
    """约 → approximate, 累计 → cumulative, 将 → estimate, 以上/不少于 → lower bound; both ways."""
    for key, o in obs.items():
        forms = [f + o["printed"] for f in printed_forms(o["value"])] if o["value"] is not None else []
        for q in o["quotes"]:
            approx = any(f"约{f}" in q for f in forms) or o["printed"].endswith("吨级")
            cum = any(re.search(f"累计[^,;。]*{re.escape(f)}", q) for f in forms)
            lower = any(f"{f}以上" in q or f"不少于{f}" in q for f in forms)
            assert bool(o["approx"]) == approx, f"{key}: isApproximate"
            assert bool(o["lower"]) == lower, f"{key}: isLowerBound"
            assert bool(o["est"]) == ("将" in q), f"{key}: isEstimate"
            if o["cum"]:
                assert "累计" in q, key
            else:
                assert not cum, f"{key}: 累计 printed with the figure but isCumulative is not set"
    assert sum(bool(o["cum"]) for o in obs.values()) >= 4


def test_every_arabic_number_of_the_report_is_inside_an_observation_quote(g, source_text):
    spans = [(int(r.s), int(r.e)) for r in g.query(PREFIX + """SELECT ?s ?e WHERE { ?o a zg:Observation ;
        prov:wasDerivedFrom ?ev . ?ev oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?e }""")]
    names = [m.span() for pat in NOT_FIGURES for m in re.finditer(pat, source_text)]
    missing = [source_text[max(0, m.start() - 8):m.end() + 4]
               for m in re.finditer(r"\d+(?:\.\d+)?", source_text)
               if not any(s <= m.start() and m.end() <= e for s, e in spans + names)]
    assert not missing, f"figures without an observation: {missing}"


def test_indicators_and_units_are_bilingual_concepts_of_their_schemes(g, obs):
    for key, o in obs.items():
        for node, scheme in ((o["indicator"], "indicators"), (o["unit"], "units")):
            langs = sorted(str(r.l) for r in g.query(PREFIX + f"""SELECT (lang(?x) AS ?l) WHERE {{
                <{node}> skos:inScheme zgv:{scheme} ; skos:prefLabel ?x }}"""))
            assert langs == ["en", "zh"], f"{key}: {node}"
    unused = {str(r.i) for r in g.query(PREFIX + """SELECT ?i WHERE { ?i a zg:Indicator .
        FILTER NOT EXISTS { ?o zg:indicator ?i } }""")}
    # Indicators added for the fictional corpus fixtures are used by their gold graphs, not by the shipped data.
    fixtures = Path(__file__).parent / "fixtures" / "corpus" / "curated"
    used_by_fixtures = {str(i) for f in fixtures.glob("*/*.ttl")
                        for i in Graph().parse(f).objects(None, URIRef("https://w3id.org/zgraph/ontology#indicator"))}
    assert not unused - used_by_fixtures, f"indicators no figure uses: {sorted(unused - used_by_fixtures)}"


def test_every_subject_is_a_described_node(g):
    dangling = list(g.query(PREFIX + """SELECT DISTINCT ?s WHERE { ?o zg:observedSubject ?s .
        FILTER NOT EXISTS { ?s a ?type ; rdfs:label ?l } }"""))
    assert not dangling, [str(r.s) for r in dangling]


def test_park_figures_are_stated_in_the_park_action_and_platform_figures_in_its_own(g):
    rows = g.query(PREFIX + """SELECT ?s ?sec WHERE { ?o zg:observedSubject ?s ; zg:statedIn ?sec .
        VALUES ?s { zgi:park-gz-zj-cooperation zgi:platform-main } }""")
    where: dict[str, set[str]] = {}
    for r in rows:
        where.setdefault(local(r.s), set()).add(local(r.sec))
    assert where["park-gz-zj-cooperation"] == {"sec-d2-a2"}
    assert where["platform-main"] == {"sec-d2-a1", "sec-d5-a2"}
