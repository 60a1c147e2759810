"""Issue 3: pairings (stated and inferred) and reverse enclaves, checked against the report's own facts."""

from __future__ import annotations

from rdflib.namespace import PROV, RDF, RDFS

from zgraph.model.labels import label
from zgraph.model.namespaces import ZG, ZGI, ZGV

PREFIX = """PREFIX zg: <https://w3id.org/zgraph/ontology#>
PREFIX zgi: <https://w3id.org/zgraph/id/>
PREFIX zgv: <https://w3id.org/zgraph/vocab/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
"""


def county_pairs(g) -> set[tuple[str, str]]:
    rows = g.query(PREFIX + """SELECT ?a ?b WHERE { ?p a zg:Pairing ; zg:pairingLevel zgv:level-county ;
        zg:assistingParty ?x ; zg:assistedParty ?y .
        ?x rdfs:label ?a . ?y rdfs:label ?b . FILTER(lang(?a) = "zh" && lang(?b) = "zh") }""")
    return {(str(a), str(b)) for a, b in rows}


def test_yuexiu_assists_exactly_chikan_xiashan_suixi(g):
    assisted = {b for a, b in county_pairs(g) if a == "越秀区"}
    assert assisted == {"赤坎区", "霞山区", "遂溪县"}


def test_nine_county_pairs_with_the_report_degrees(g):
    pairs = county_pairs(g)
    assert len(pairs) == 9
    degree = {}
    for a, _ in pairs:
        degree[a] = degree.get(a, 0) + 1
    assert degree == {"越秀区": 3, "白云区": 3, "南沙区": 2, "荔湾区": 1}
    assert {b for _, b in pairs} == {"赤坎区", "霞山区", "坡头区", "麻章区", "遂溪县", "徐闻县",
                                     "廉江市", "雷州市", "吴川市"}


def test_county_pairs_are_inferred_with_rule_and_enclave_premise(g):
    pairings = [p for p in g.subjects(ZG.pairingLevel, ZGV["level-county"]) if (p, RDF.type, ZG.Pairing) in g]
    assert len(pairings) == 9
    for p in pairings:
        assert (p, ZG.assertionBasis, ZGV["basis-inferred"]) in g
        act = g.value(p, PROV.wasGeneratedBy)
        assert (act, RDF.type, ZG.Inference) in g and g.value(act, ZG.rule) is not None
        premises = set(g.objects(act, PROV.used))
        # the sentence the rule rests on, and the county-level pairing statement
        assert {ZGI["init-county-enclaves"], ZGI["mech-county-pairing"]} <= premises
        enclaves = [e for e in premises if (e, RDF.type, ZG.ReverseEnclave) in g]
        assert enclaves, p
        for e in enclaves:
            assert g.value(e, ZG.origin) == g.value(p, ZG.assistedParty)
            assert g.value(e, ZG.host) == g.value(p, ZG.assistingParty)


def test_city_pairing_is_stated_with_its_quote(g):
    rows = list(g.query(PREFIX + """SELECT ?exact WHERE { ?p a zg:Pairing ; zg:pairingLevel zgv:level-city ;
        zg:assertionBasis zgv:basis-stated ; zg:assistingParty zgi:place-guangzhou ;
        zg:assistedParty zgi:place-zhanjiang ; prov:wasDerivedFrom ?ev .
        ?ev <http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact> ?exact }"""))
    assert [str(r[0]) for r in rows] == ["与广州市在深度协作基础上建立对口帮扶协作关系"]


def test_every_zhanjiang_county_unit_has_an_enclave_with_a_status(g):
    units = set(g.query(PREFIX + """SELECT ?u WHERE { ?u a zg:CountyLevelUnit ;
        schema:containedInPlace zgi:place-zhanjiang }"""))
    assert len(units) == 9
    for (u,) in units:
        statuses = {label(g, s, "en") for e in g.subjects(ZG.origin, u) for s in g.objects(e, ZG.enclaveStatus)}
        assert statuses, label(g, u, "zh")
    status = {label(g, u, "zh"): label(g, g.value(g.value(None, ZG.origin, u), ZG.enclaveStatus), "en")
              for (u,) in units}
    assert status["雷州市"] == "preliminarily selected"
    assert status["徐闻县"] == "under study"
    assert status["赤坎区"] == "established"


def test_named_components_are_their_own_nodes(g):
    def components(enclave: str) -> set[str]:
        return {label(g, c, "zh") for c in g.objects(ZGI[enclave], ZG.hasComponent)}

    assert components("enclave-potou") == {"荔湾(坡头)1906科技园经贸基地", "荔湾(坡头)珠江钢琴创梦园科创基地",
                                           "荔湾(坡头)岭南V谷科创基地"}
    assert len(components("enclave-lianjiang")) == 5
    assert len(components("enclave-mazhang")) == 5
    assert len(components("enclave-wuchuan")) == 3
    assert "广州市(湾区)麻章商会" in components("enclave-mazhang")


def test_city_level_enclave_partners_and_models(g):
    e = ZGI["enclave-zhanjiang-bay-area"]
    assert g.value(e, ZG.origin) == ZGI["place-zhanjiang"] and g.value(e, ZG.host) == ZGI["place-dongguan"]
    assert {label(g, o, "zh") for o in g.objects(e, ZG.setUpBy)} == {"湛江市城发集团", "广东立湾创业投资管理公司"}
    models = {label(g, m, "zh") for m in g.objects(e, ZG.cooperationModel)}
    assert models == {"前店后厂", "总部+基地", "研发+生产", "创新+孵化"}


def test_every_instance_has_evidence_and_both_labels(g):
    skip = {ZG.Evidence, ZG.TextSpanSelector, ZG.BackgroundSource, ZG.Inference}
    nodes = {s for s, t in g.subject_objects(RDF.type) if str(s).startswith(str(ZGI)) and t not in skip}
    nodes -= {s for s in nodes if any(t in skip for t in g.objects(s, RDF.type))}
    assert len(nodes) > 80
    for n in nodes:
        assert (n, PROV.wasDerivedFrom, None) in g, n
        langs = sorted(lit.language for lit in g.objects(n, RDFS.label))
        assert langs == ["en", "zh"], (n, langs)
