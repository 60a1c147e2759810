"""Industry (chain leaders, projects, attraction channels) and the 16 policy documents, checked against the report."""

from __future__ import annotations

import re

from rdflib import Graph

from zgraph.model.namespaces import sparql_prologue

P = sparql_prologue()
FISCAL = "湛江市促进产业有序转移财政支持方案(试行)"


def rows(g: Graph, query: str) -> list[tuple[str, ...]]:
    """Run a SPARQL query and return its rows as tuples of strings."""
    return [tuple(str(v) for v in row) for row in g.query(P + query)]


def col(g: Graph, query: str) -> set[str]:
    """The first column of a query's rows, as a set."""
    return {r[0] for r in rows(g, query)}


def titles_in(text: str) -> list[str]:
    """Every title printed in 《》, in order of appearance."""
    return re.findall(r"《([^》]+)》", text)


def sentence_after(text: str, opening: str) -> str:
    """The sentence of the report that starts with ``opening`` (up to its 。)."""
    start = text.index(opening)
    return text[start:text.index("。", start)]


# --- Policy documents ---------------------------------------------------------------------------------------------

def test_exactly_one_document_per_distinct_title_in_the_report(g, source_text):
    titles = rows(g, "SELECT ?d ?t WHERE { ?d a zg:PolicyDocument ; dcterms:title ?t }")
    printed = titles_in(source_text)
    assert len(printed) == 17 and len(set(printed)) == 16  # the fiscal plan is printed twice
    assert len(titles) == 16
    assert {t for _, t in titles} == set(printed)
    assert len({d for d, _ in titles}) == 16
    zh_labels = rows(g, """SELECT ?t ?l WHERE { ?d a zg:PolicyDocument ; dcterms:title ?t ; rdfs:label ?l .
        FILTER(lang(?l) = "zh") }""")
    assert all(t == label for t, label in zh_labels) and len(zh_labels) == 16


def test_the_fiscal_plan_is_one_node_quoted_where_both_printings_are(g, source_text):
    docs = col(g, f'SELECT ?d WHERE {{ ?d a zg:PolicyDocument ; dcterms:title "{FISCAL}" }}')
    assert docs == {"https://w3id.org/zgraph/id/doc-zj-fiscal-support-plan"}
    spans = rows(g, f"""SELECT ?start ?exact ?sec WHERE {{
        zgi:doc-zj-fiscal-support-plan prov:wasDerivedFrom ?ev .
        ?ev oa:hasSelector ?s ; zg:inSection ?sec . ?s oa:start ?start ; oa:exact ?exact .
        FILTER(CONTAINS(?exact, "《{FISCAL}》")) }}""")
    assert len(spans) == 2
    printings = [m.start() for m in re.finditer(re.escape(f"《{FISCAL}》"), source_text)]
    located = sorted(int(start) + exact.index(f"《{FISCAL}》") for start, exact, _ in spans)
    assert located == printings
    assert {sec.rsplit("/", 1)[-1] for _, _, sec in spans} == {"sec-d1-a3", "sec-d5-a1"}


def test_the_1_plus_13_system_has_the_five_documents_its_sentence_lists(g, source_text):
    heading = "三是建立“1+13”产业转移政策体系。"
    after = source_text[source_text.index(heading) + len(heading):]
    listed = titles_in(after[:after.index("。")])
    assert len(listed) == 5
    members = col(g, """SELECT ?t WHERE { ?d zg:partOfPolicySystem zgi:policy-system-1-13 ; dcterms:title ?t }""")
    assert members == set(listed)
    assert col(g, """SELECT ?l WHERE { zgi:policy-system-1-13 a zg:PolicySystem ; rdfs:label ?l .
        FILTER(lang(?l) = "zh") }""") == {"“1+13”产业转移政策体系"}
    areas = col(g, """SELECT ?l WHERE { zgi:policy-system-1-13 eli:is_about/skos:prefLabel ?l .
        FILTER(lang(?l) = "zh") }""")
    assert areas == {"谋划布局", "财税支持", "金融服务", "科技创新", "人力资源", "用地用林"}


def test_document_type_is_the_word_the_title_ends_in(g):
    found = rows(g, """SELECT ?t ?w WHERE { ?d a zg:PolicyDocument ; dcterms:title ?t ;
        eli:type_document/skos:prefLabel ?w . FILTER(lang(?w) = "zh") }""")
    assert len(found) == 16
    for title, word in found:
        assert re.sub(r"\([^)]*\)$", "", title).endswith(word), (title, word)
    assert sorted(w for _, w in found).count("方案") == 12


def test_each_document_is_quoted_where_its_adoption_verb_comes_before_its_title(g, source_text):
    """Each document's evidence holds its 《title》; the verb (印发, 出台 …) precedes it in the same sentence."""
    found = rows(g, """SELECT ?t ?v ?x ?start WHERE { ?d a zg:PolicyDocument ; dcterms:title ?t ; zg:adoptionVerb ?v ;
        prov:wasDerivedFrom/oa:hasSelector ?s . ?s oa:exact ?x ; oa:start ?start }""")
    by_title: dict[str, list[tuple[str, str, int]]] = {}
    for title, verb, exact, start in found:
        by_title.setdefault(title, []).append((verb, exact, int(start)))
    assert len(by_title) == 16
    for title, spans in by_title.items():
        assert all(f"《{title}》" in x for _, x, _ in spans), title
        for verb, exact, start in spans:
            at = start + exact.index(f"《{title}》")
            sentence_start = max(source_text.rfind(c, 0, at) for c in "。;\n") + 1
            assert verb in source_text[sentence_start:at], (title, verb)
    verbs = dict(rows(g, "SELECT ?t ?v WHERE { ?d dcterms:title ?t ; zg:adoptionVerb ?v }"))
    assert verbs["湛江市高层次人才认定及人才卡服务实施办法(2023年修订版)"] == "修订出台"
    assert verbs[FISCAL] == "出台"


def test_years_and_period_come_from_the_titles(g):
    years = dict(rows(g, "SELECT ?t ?y WHERE { ?d a zg:PolicyDocument ; dcterms:title ?t ; zg:year ?y }"))
    assert years == {"2023年湛江市优化营商环境行动方案": "2023",
                     "湛江市高层次人才认定及人才卡服务实施办法(2023年修订版)": "2023"}
    assert col(g, "SELECT ?p WHERE { zgi:doc-gz-zj-pairing-master-plan dcterms:temporal ?p }") == {"2023-2025"}


def test_issuers_are_stated_only_where_the_title_names_the_bureau(g):
    stated = set(rows(g, """SELECT ?t ?who WHERE { ?d zg:issuerBasis zgv:basis-stated ; dcterms:title ?t ;
        eli:passed_by/rdfs:label ?who . FILTER(lang(?who) = "zh") }"""))
    assert {t for t, _ in stated} == {t for t, who in stated if t.startswith(who)}
    assert {who for _, who in stated} == {"湛江市人力资源和社会保障局", "湛江市生态环境局"}
    # Every other issuer is inferred, and its inference states a rule and uses the document.
    unexplained = col(g, """SELECT ?d WHERE { ?d a zg:PolicyDocument ; eli:passed_by ?x .
        FILTER NOT EXISTS { ?d zg:issuerBasis zgv:basis-stated }
        FILTER NOT EXISTS { ?d zg:issuerBasis zgv:basis-inferred ; prov:wasGeneratedBy ?i .
                            ?i a zg:Inference ; zg:rule ?r ; prov:used ?d } }""")
    assert unexplained == set()
    joint = col(g, """SELECT ?t WHERE { ?d dcterms:title ?t ;
        eli:passed_by zgi:org-guangzhou-gov , zgi:org-zhanjiang-gov }""")
    assert joint and all("广州" in t and "湛江" in t for t in joint)
    assert len(joint) == 5


def test_documents_back_what_their_sentences_link_them_to(g):
    backs = set(rows(g, """SELECT ?t ?x WHERE { ?d a zg:PolicyDocument ; dcterms:title ?t ; zg:supports ?x }"""))
    park = "https://w3id.org/zgraph/id/park-gz-zj-cooperation"
    assert {t for t, x in backs if x == park} == {"广州市-湛江市产业转移合作园区规划建设方案",
                                                  "广州市—湛江市产业转移合作园管理委员会组建方案"}
    pairing = "https://w3id.org/zgraph/id/pairing-guangzhou-zhanjiang"
    assert all("广州" in t for t, x in backs if x == pairing)


# --- Chain leaders ------------------------------------------------------------------------------------------------

def test_zhongke_refining_and_basf_lead_green_petrochemicals_and_baosteel_has_no_chain(g):
    leaders = col(g, """SELECT ?l WHERE { ?d a zg:ChainLeaderDesignation ; zg:forChain zgv:chain-green-petrochemical ;
        zg:designationType zgv:designation-chain-leader ; zg:designee/rdfs:label ?l . FILTER(lang(?l) = "zh") }""")
    assert leaders == {"中科炼化", "巴斯夫"}
    all_leaders = col(g, """SELECT ?l WHERE { ?d a zg:ChainLeaderDesignation ; zg:designee/rdfs:label ?l .
        FILTER(lang(?l) = "zh") }""")
    assert all_leaders == {"宝钢", "中科炼化", "巴斯夫"}
    assert col(g, """SELECT ?c WHERE { ?d zg:designee zgi:org-baosteel ; zg:forChain ?c }""") == set()
    # The chain link combines two sentences, so it is marked as inferred, with its premises.
    premises = col(g, """SELECT ?p WHERE { ?d zg:forChain zgv:chain-green-petrochemical ;
        zg:assertionBasis zgv:basis-inferred ; prov:wasGeneratedBy/prov:used ?p }""")
    assert "https://w3id.org/zgraph/id/init-petrochemical-chain-filling" in premises


# --- Projects -----------------------------------------------------------------------------------------------------

def chain_projects(g: Graph) -> dict[str, set[str]]:
    """zh label of each chain -> zh labels of its projects."""
    out: dict[str, set[str]] = {}
    for chain, project in rows(g, """SELECT ?c ?p WHERE { ?x a zg:InvestmentProject ; rdfs:label ?p ;
            zg:inChain/skos:prefLabel ?c . FILTER(lang(?p) = "zh" && lang(?c) = "zh") }"""):
        out.setdefault(chain, set()).add(project)
    return out


def test_smart_appliance_chain_has_its_three_chain_extending_projects(g):
    assert chain_projects(g)["智能家电"] == {"洗碗机及配件制造", "破壁料理机生产", "廉江市智能加湿器和抽湿器"}
    methods = col(g, """SELECT ?m WHERE { ?x zg:inChain zgv:chain-smart-appliances ;
        zg:attractionMethod/skos:prefLabel ?m . FILTER(lang(?m) = "zh") }""")
    assert methods == {"延链招商"}
    where = col(g, """SELECT ?l WHERE { ?x rdfs:label "廉江市智能加湿器和抽湿器"@zh ; zg:locatedIn/rdfs:label ?l .
        FILTER(lang(?l) = "zh") }""")
    assert where == {"廉江市"}


def test_every_chain_project_is_named_in_its_own_chain_sentence(g, source_text):
    projects = chain_projects(g)
    assert set(projects) == {"绿色石化", "先进装备制造", "新能源", "新材料", "新一代电子信息", "智能家电"}
    assert {c: len(p) for c, p in projects.items()} == {
        "绿色石化": 1, "先进装备制造": 1, "新能源": 2, "新材料": 3, "新一代电子信息": 2, "智能家电": 3}
    for chain, names in projects.items():
        sentence = sentence_after(source_text, f"{chain}方面")
        assert all(name in sentence for name in names), chain


def test_attraction_method_of_each_chain_is_the_one_its_sentence_names(g, source_text):
    found = rows(g, """SELECT DISTINCT ?c ?m WHERE { ?x a zg:InvestmentProject ; zg:inChain/skos:prefLabel ?c ;
        zg:attractionMethod/skos:prefLabel ?m . FILTER(lang(?c) = "zh" && lang(?m) = "zh") }""")
    assert len(found) == 5  # 新能源 names no method
    for chain, method in found:
        assert method in sentence_after(source_text, f"{chain}方面"), (chain, method)


def test_new_materials_projects_say_the_sentence_does_not_say_they_were_brought_in(g, source_text):
    assert "引进" not in sentence_after(source_text, "新材料方面")
    comments = rows(g, """SELECT ?x ?c WHERE { ?x zg:inChain zgv:chain-new-materials ; rdfs:comment ?c }""")
    assert len({x for x, _ in comments}) == 3 and all("引进" in c for _, c in comments)


def test_hongwang_project_landed_in_the_main_platform_through_fund_co_investment(g):
    found = rows(g, """SELECT ?where ?m WHERE { ?x rdfs:label "宏旺微电子半导体封测项目"@zh ;
        zg:locatedIn ?where ; zg:attractionMethod/skos:prefLabel ?m . FILTER(lang(?m) = "zh") }""")
    assert found == [("https://w3id.org/zgraph/id/platform-main", "产业基金跟投")]


def test_projects_located_by_their_names(g):
    where = dict(rows(g, """SELECT ?p ?l WHERE { ?x a zg:InvestmentProject ; rdfs:label ?p ; zg:locatedIn ?at .
        ?at a/rdfs:subClassOf* zg:Place ; rdfs:label ?l . FILTER(lang(?p) = "zh" && lang(?l) = "zh") }"""))
    assert where["徐闻东三海上风电场"] == "徐闻县"
    assert where["华南(廉江塘蓬)石材循环经济生态产业园"] == "廉江市"
    for project, place in where.items():
        assert place.rstrip("市县区") in project or project == "塑胶电子玩具生产基地", project


# --- Attraction channels ------------------------------------------------------------------------------------------

def engaged(g: Graph, method: str) -> set[str]:
    """zh labels of the organisations engaged via an attraction method (by its zh label)."""
    return col(g, f"""SELECT ?l WHERE {{ ?o zg:engagedVia ?m ; rdfs:label ?l . ?m skos:prefLabel "{method}"@zh .
        FILTER(lang(?l) = "zh") }}""")


def test_joint_attraction_partners(g):
    assert engaged(g, "联合招商") == {"东岛新能源", "华德力", "碧辉眼镜"}


def test_commissioned_agencies_and_the_projects_contacted_through_them(g):
    agencies = col(g, """SELECT ?l WHERE { ?a a zg:IntermediaryAgency ; zg:engagedVia zgv:attract-commissioned ;
        rdfs:label ?l . FILTER(lang(?l) = "zh") }""")
    assert agencies == {"中国法国工商", "谷川联行"}
    targets = rows(g, """SELECT ?t ?a WHERE { ?x zg:contactedThrough ?y ; rdfs:label ?t . ?y rdfs:label ?a .
        FILTER(lang(?t) = "zh" && lang(?a) = "zh") }""")
    assert {t for t, _ in targets} == {"深圳清荷", "中禹化工", "大英化工", "超盈纺织"}
    assert {a for _, a in targets} == agencies
    assert engaged(g, "委托招商") == agencies | {t for t, _ in targets}


def test_business_referral_and_hometown_channels(g):
    assert engaged(g, "以商引商") == {"巴斯夫", "中科炼化"}
    assert engaged(g, "乡情引商") == {"珠三角地区湛江商会"}
    chambers = col(g, """SELECT ?l WHERE { ?c a zg:BusinessAssociation ; rdfs:label "珠三角地区湛江商会"@zh ;
        zg:locatedIn/rdfs:label ?l . FILTER(lang(?l) = "zh") }""")
    assert chambers == {"深圳", "广州市", "佛山", "东莞"}
    hired_by = col(g, """SELECT ?l WHERE { ?i zg:attractionMethod zgv:attract-hometown ; a zg:Initiative ;
        zg:setUpBy/rdfs:label ?l . FILTER(lang(?l) = "zh") }""")
    assert hired_by == {"廉江市", "遂溪县"}
    brought_in = col(g, """SELECT ?l WHERE { ?p a zg:InvestmentProject ; zg:attractionMethod zgv:attract-hometown ;
        rdfs:label ?l . FILTER(lang(?l) = "zh") }""")
    assert brought_in == {"华南(廉江塘蓬)石材循环经济生态产业园", "塑胶电子玩具生产基地"}
