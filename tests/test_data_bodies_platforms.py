"""Bodies, posts, memberships, platforms, the cooperation park and initiatives, checked against the report's facts."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from zgraph.model.namespaces import ORG, ZG, ZGI, sparql_prologue

P = sparql_prologue()


def zh(g: Graph, query: str) -> list[tuple[str, ...]]:
    """Run a SPARQL query and return its rows as tuples of strings."""
    return [tuple(str(v) for v in row) for row in g.query(P + query)]


def holders(g: Graph, body: str) -> set[tuple[str, str]]:
    """(role, holder) zh labels of every membership of a body, the holder being a post or a member body."""
    rows = zh(g, f"""SELECT ?role ?who WHERE {{
        ?m a org:Membership ; org:organization {body} ; org:role/skos:prefLabel ?role .
        {{ ?m zg:memberPost ?h }} UNION {{ ?m org:member ?h }}
        ?h rdfs:label ?who . FILTER(lang(?role) = "zh" && lang(?who) = "zh") }}""")
    return set(rows)


def evidence_texts(g: Graph, node: URIRef) -> list[str]:
    """The verbatim quotes behind a node."""
    return [r[0] for r in zh(g, f"""SELECT ?x WHERE {{ <{node}> prov:wasDerivedFrom/oa:hasSelector/oa:exact ?x }}""")]


def test_regional_coordination_group_is_led_by_the_government_leaders_with_three_named_member_units(g):
    assert holders(g, "zgi:group-regional-coordination") == {
        ("组长", "市政府主要领导"),
        ("副组长", "分管领导"),
        ("成员单位", "市发展改革局"),
        ("成员单位", "市工业和信息化局"),
        ("成员单位", "市投资促进局"),
    }
    setters = {r[0] for r in zh(g, """SELECT ?l WHERE { zgi:group-regional-coordination zg:setUpBy/rdfs:label ?l .
        FILTER(lang(?l) = "zh") }""")}
    assert setters == {"湛江市委", "湛江市政府"}


def test_investment_group_has_the_party_secretary_as_first_leader_and_the_mayor_as_leader(g):
    rows = zh(g, """SELECT ?role ?post ?body WHERE {
        ?m org:organization ?grp ; org:role/skos:prefLabel ?role ; zg:memberPost ?p .
        ?grp rdfs:label "全市招商引资工作领导小组"@zh .
        ?p rdfs:label ?post ; org:postIn/rdfs:label ?body .
        FILTER(lang(?role) = "zh" && lang(?post) = "zh" && lang(?body) = "zh") }""")
    assert set(rows) == {("第一组长", "市委书记", "湛江市委"), ("组长", "市长", "湛江市政府")}


def test_main_platform_leading_group_and_headquarters_manage_the_platform(g):
    assert holders(g, "zgi:group-main-platform") == {("组长", "市委、市政府主要领导")}
    assert holders(g, "zgi:group-main-platform-hq") == {("指挥长", "市政府分管领导")}
    managers = {r[0] for r in zh(g, """SELECT ?t WHERE { zgi:platform-main zg:managedBy ?b . ?b a ?t }""")}
    assert {str(ZG.LeadingGroup), str(ZG.Headquarters)} <= managers


def test_every_stated_membership_quote_names_its_holder_and_role(g):
    """The report's words behind each membership contain the holder and the role exactly as printed."""
    rows = zh(g, """SELECT ?m ?role ?who WHERE {
        ?m a org:Membership ; org:role/skos:prefLabel ?role .
        { ?m zg:memberPost ?h } UNION { ?m org:member ?h }
        ?h rdfs:label ?who . FILTER(lang(?role) = "zh" && lang(?who) = "zh")
        FILTER NOT EXISTS { ?m prov:wasGeneratedBy ?inference } }""")
    assert len(rows) >= 9
    for m, role, who in rows:
        texts = evidence_texts(g, URIRef(m))
        assert any(role in t and who in t for t in texts), (m, role, who, texts)


def test_joint_conference_parties_are_inferred_and_include_guangzhou(g):
    members = set(g.objects(None, ORG.member))
    assert ZGI["org-guangzhou-gov"] in members
    memberships = list(g.subjects(ORG.organization, ZGI["group-gz-zj-joint-conference"]))
    assert {g.value(m, ORG.member) for m in memberships} == {
        ZGI["org-guangzhou-party-committee"], ZGI["org-guangzhou-gov"],
        ZGI["org-zhanjiang-party-committee"], ZGI["org-zhanjiang-gov"]}
    for m in memberships:
        act = g.value(m, PROV.wasGeneratedBy)
        assert (act, RDF.type, ZG.Inference) in g and g.value(act, ZG.rule) is not None
        assert (act, PROV.used, ZGI["group-gz-zj-joint-conference"]) in g


def test_main_platform_has_the_seven_service_methods_of_the_qijiantao(g):
    methods = [r[0] for r in zh(g, """SELECT ?l WHERE { zgi:platform-main zg:serviceMethod/skos:prefLabel ?l .
        FILTER(lang(?l) = "zh") }""")]
    assert len(methods) == 7
    assert set(methods) == {"熟地招商", "拿地即开工", "全程代办", "厂房代建", "融资租赁", "产业基金", "固投奖励"}
    qijiantao = [t for t in evidence_texts(g, ZGI["platform-main"]) if "七件套" in t]
    assert len(qijiantao) == 1 and all(m in qijiantao[0] for m in methods)


def test_main_platform_developer_location_and_provincial_selection(g):
    dev = {r[0] for r in zh(g, """SELECT ?l WHERE { zgi:platform-main zg:developedBy/rdfs:label ?l .
        FILTER(lang(?l) = "zh") }""")}
    assert "湛江市城发集团" in dev
    where = {r[0] for r in zh(g, """SELECT ?l WHERE { zgi:platform-main zg:locatedIn/rdfs:label ?l .
        FILTER(lang(?l) = "zh") }""")}
    assert where == {"奋勇高新区", "雷州市"}
    rows = zh(g, """SELECT ?type ?scope WHERE { ?d a zg:Designation ; zg:designee zgi:platform-main ;
        zg:designationType/skos:prefLabel ?type ; zg:designationScope/rdfs:label ?scope .
        FILTER(lang(?type) = "zh" && lang(?scope) = "zh") }""")
    assert rows == [("全省五个重点支持建设主平台之一", "广东省")]


def test_main_platform_organisation_has_its_four_printed_parts(g):
    parts = {r[0] for r in zh(g, """SELECT ?t WHERE { ?p dcterms:isPartOf zgi:mech-main-platform-organisation ;
        a ?t }""")}
    assert {str(ZG.LeadingGroup), str(ZG.Headquarters), str(ZG.PlatformCompany)} <= parts
    heading = zh(g, """SELECT ?l WHERE { zgi:mech-main-platform-organisation rdfs:label ?l .
        FILTER(lang(?l) = "zh") }""")
    assert heading == [("“领导小组+指挥部+主平台开发公司+县区平台公司”的组织架构",)]
    n = zh(g, "SELECT (COUNT(?p) AS ?n) WHERE { ?p dcterms:isPartOf zgi:mech-main-platform-organisation }")
    assert n == [("4",)]


def test_cooperation_park_has_three_management_levels_in_the_printed_order(g):
    rows = zh(g, """SELECT ?level ?label WHERE { ?p dcterms:isPartOf zgi:mech-park-three-level ; zg:ordinal ?level .
        { ?p rdfs:label ?label } UNION { ?p skos:altLabel ?label } FILTER(lang(?label) = "zh") } ORDER BY ?level""")
    by_level: dict[int, set[str]] = {}
    for level, name in rows:
        by_level.setdefault(int(level), set()).add(name)
    assert sorted(by_level) == [1, 2, 3]
    assert "党政联席会议制度" in by_level[1]
    assert "合作园区管委会" in by_level[2]
    assert "投资开发公司" in by_level[3]
    structure = evidence_texts(g, ZGI["mech-park-three-level"])
    assert any("党政联席会议制度、合作园区管委会、投资开发公司三级管理架构" in t for t in structure)


def test_cooperation_park_is_managed_by_its_committee_and_learned_from_guangqing_and_guangmei(g):
    park = ZGI["park-gz-zj-cooperation"]
    assert g.value(park, ZG.managedBy) == ZGI["group-park-management-committee"]
    assert (ZGI["group-park-management-committee"], RDF.type, ZG.ManagementCommittee) in g
    learned = {r[0] for r in zh(g, """SELECT ?l WHERE { zgi:park-gz-zj-cooperation zg:learnedFrom ?i .
        ?i a zg:Initiative ; rdfs:label ?l . FILTER(lang(?l) = "zh") }""")}
    assert learned == {"广清经验做法", "广梅经验做法"}


def test_finance_station_names_only_the_yuecai_guarantor_and_sits_in_the_main_platform(g):
    rows = zh(g, """SELECT ?l WHERE { zgi:station-finance zg:hasStationedInstitution ?i .
        ?i a zg:FinancialInstitution ; rdfs:label ?l . FILTER(lang(?l) = "zh") }""")
    assert rows == [("粤财普惠金融(湛江)融资担保股份公司",)]
    assert g.value(ZGI["station-finance"], ZG.locatedIn) == ZGI["platform-main"]
    services = {r[0] for r in zh(g, """SELECT ?l WHERE { zgi:station-finance zg:providesService/skos:prefLabel ?l .
        FILTER(lang(?l) = "zh") }""")}
    assert services == {"多元化综合金融服务", "“一站式”综合解决方案"}


def test_departments_belong_to_the_zhanjiang_government_and_are_named_in_the_report(g, source_text):
    rows = zh(g, """SELECT ?d ?l ?parent WHERE { ?d a zg:GovernmentDepartment ; rdfs:label ?l ;
        org:subOrganizationOf ?parent . FILTER(lang(?l) = "zh") }""")
    names = {name for _, name, _ in rows}
    named = {"市发展改革局", "市工业和信息化局", "市投资促进局", "湛江市人力资源和社会保障局", "湛江市生态环境局"}
    assert named <= names
    for _, name, parent in rows:
        assert name in source_text
        if name.startswith(("湛江市", "市")):
            assert parent == str(ZGI["org-zhanjiang-gov"])


def test_investment_missions_are_led_by_city_leaders_and_go_abroad(g):
    leaders = {r[0] for r in zh(g, """SELECT ?l WHERE { zgi:init-investment-missions zg:setUpBy/rdfs:label ?l .
        FILTER(lang(?l) = "zh") }""")}
    assert leaders == {"市委书记", "市长", "分管副市长"}
    places = {r[0] for r in zh(g, """SELECT ?l WHERE { zgi:init-investment-missions zg:locatedIn/rdfs:label ?l .
        FILTER(lang(?l) = "zh") }""")}
    assert {"德国", "瑞士", "香港"} <= places
    conference = zh(g, """SELECT ?l WHERE { ?e a zg:Event ; dcterms:isPartOf zgi:init-top-leader-attraction ;
        zg:setUpBy zgi:org-zhanjiang-party-committee ; rdfs:label ?l . FILTER(lang(?l) = "zh") }""")
    assert conference == [("全市高质量招商引资工作现场会",)]


def test_guangzhou_takes_part_in_the_digital_government_and_business_environment_pairing(g):
    rows = {r[0] for r in zh(g, """SELECT ?l WHERE { ?m a zg:Mechanism ; zg:involvesOrganization zgi:org-guangzhou-gov ;
        rdfs:label ?l . FILTER(lang(?l) = "zh") }""")}
    assert {"数字政府建设对口帮扶机制", "市县(区)两级营商环境对口帮扶机制"} <= rows


def test_bond_quota_goes_to_where_the_main_platform_sits(g):
    supported = set(g.objects(ZGI["init-bond-quota-tilt"], ZG.supports))
    assert supported == set(g.objects(ZGI["platform-main"], ZG.locatedIn))


@pytest.mark.parametrize(("node", "cls"), [
    ("org-zhanjiang-party-committee", ZG.GovernmentBody),
    ("org-guangzhou-gov", ZG.GovernmentBody),
    ("org-zhanjiang-hrss-bureau", ZG.GovernmentDepartment),
    ("org-zhanjiang-ecology-bureau", ZG.GovernmentDepartment),
    ("platform-main", ZG.Platform),
    ("park-gz-zj-cooperation", ZG.Park),
    ("zone-fenyong", ZG.Zone),
    ("station-finance", ZG.ServiceStation),
    ("system-public-resource-trading", ZG.DigitalSystem),
    ("base-gz-data-exchange", ZG.ServiceBase),
    ("init-business-startup-package", ZG.Initiative),
    ("init-business-startup-one-network", ZG.Initiative),
    ("init-construction-approval-reform", ZG.Initiative),
    ("init-doctoral-talent-programme", ZG.Initiative),
    ("init-investment-missions", ZG.Initiative),
])
def test_agreed_ids_exist_with_their_class_and_evidence(g, source_text, node, cls):
    """Other curators' observations refer to these ids: each must exist, be typed and quote the report."""
    iri = ZGI[node]
    assert any(cls in set(g.transitive_objects(t, RDFS.subClassOf)) for t in g.objects(iri, RDF.type))
    texts = evidence_texts(g, iri)
    assert texts and all(source_text.count(t) == 1 for t in texts)
