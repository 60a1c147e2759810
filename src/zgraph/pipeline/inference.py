"""Derived facts: the county-pairing inference and the ``zg:assists`` shortcut."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from zgraph.model.labels import label, ordered
from zgraph.model.namespaces import SCHEMA, ZG, ZGI, ZGV

#: The node whose quote justifies the county-pairing rule (the report's general statement of county pairings).
COUNTY_PAIRING_STATEMENT = ZGI["mech-county-pairing"]
GUANGZHOU = ZGI["place-guangzhou"]
ZHANJIANG = ZGI["place-zhanjiang"]
PAIRING_RULE = (
    "The report says all 9 Zhanjiang county-level units built county-level pairing relations with Guangzhou's "
    "4 assisting districts, and that each unit lays out its reverse enclave in Guangzhou through that pairing "
    "mechanism. So when a Zhanjiang county-level unit (zg:origin) sets up, selects or studies a county-level "
    "reverse enclave in a Guangzhou district (zg:host), that district is taken to assist that unit."
)
PAIRING_RULE_ZH = "湛江县(市、区)通过对口帮扶协作机制在广州某区布局“反向飞地”,则推断该区与该县(市、区)结对帮扶。"



def _slug(node: URIRef) -> str:
    return str(node).rsplit("/", 1)[-1].removeprefix("place-")


def infer_county_pairings(g: Graph) -> list[URIRef]:
    """Apply the pairing rule: a county-level enclave of a Zhanjiang unit in a Guangzhou district implies a pairing."""
    if (COUNTY_PAIRING_STATEMENT, None, None) not in g:
        return []  # the rule rests on that statement: without it, nothing is inferred
    made: list[URIRef] = []
    for enclave in ordered(g.subjects(ZG.enclaveType, ZGV["enclave-type-county"])):
        origin, host = g.value(enclave, ZG.origin), g.value(enclave, ZG.host)
        if not isinstance(origin, URIRef) or not isinstance(host, URIRef):
            continue
        if (origin, SCHEMA.containedInPlace, ZHANJIANG) not in g or (host, SCHEMA.containedInPlace, GUANGZHOU) not in g:
            continue
        pairing = ZGI[f"pairing-{_slug(host)}-{_slug(origin)}"]
        activity = ZGI[f"inference-pairing-{_slug(host)}-{_slug(origin)}"]
        if (pairing, RDF.type, ZG.Pairing) in g:
            g.add((activity, PROV.used, enclave))
            g.add((pairing, PROV.wasDerivedFrom, enclave))
            continue
        g.add((activity, RDF.type, ZG.Inference))
        g.add((activity, RDFS.label, Literal(f"推断：{label(g, host, 'zh')}帮扶{label(g, origin, 'zh')}", lang="zh")))
        g.add((activity, RDFS.label, Literal(
            f"inference: {label(g, host, 'en')} assists {label(g, origin, 'en')}", lang="en")))
        g.add((activity, ZG.rule, Literal(PAIRING_RULE, lang="en")))
        g.add((activity, ZG.rule, Literal(PAIRING_RULE_ZH, lang="zh")))
        g.add((activity, PROV.used, enclave))
        g.add((activity, PROV.used, COUNTY_PAIRING_STATEMENT))
        g.add((pairing, RDF.type, ZG.Pairing))
        g.add((pairing, RDFS.label, Literal(f"{label(g, host, 'zh')}—{label(g, origin, 'zh')}结对帮扶", lang="zh")))
        g.add((pairing, RDFS.label, Literal(
            f"{label(g, host, 'en')} – {label(g, origin, 'en')} county-level pairing", lang="en")))
        g.add((pairing, ZG.assistingParty, host))
        g.add((pairing, ZG.assistedParty, origin))
        g.add((pairing, ZG.pairingLevel, ZGV["level-county"]))
        g.add((pairing, ZG.assertionBasis, ZGV["basis-inferred"]))
        g.add((pairing, PROV.wasGeneratedBy, activity))
        g.add((pairing, PROV.wasDerivedFrom, enclave))
        g.add((pairing, PROV.wasDerivedFrom, COUNTY_PAIRING_STATEMENT))
        made.append(pairing)
    return made


def derive_assists(g: Graph) -> None:
    """Derive the binary shortcut ``zg:assists`` from every pairing node (never the reverse)."""
    for pairing in list(g.subjects(RDF.type, ZG.Pairing)):
        a, b = g.value(pairing, ZG.assistingParty), g.value(pairing, ZG.assistedParty)
        if a is not None and b is not None:
            g.add((a, ZG.assists, b))
