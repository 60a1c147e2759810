"""Facts by meaning: what a graph (a draft, or a report's built graph) says, independent of its IRIs.

Each fact is a kind and a tuple of slots; a slot is the set of values that would do (an entity's Chinese names
and aliases, normalised, plus its division code; a number in its shortest form). Two facts match when every
slot shares a value (an entity with a division code on both sides is compared by code only). Figures are compared
numerically: the number in ``zg:value`` (the printed characters in ``zg:valueAsPrinted`` are read as a number
when it is missing, and an older graph's decimal ``zg:valueAsPrinted`` still counts); a range by its
``zg:valueMin``–``zg:valueMax``. A fact made by a rule (its node ``prov:wasGeneratedBy`` an inference, or a
document whose issuer is inferred) is marked inferred.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from zgraph.extract.model import norm
from zgraph.extract.numbers import canonical, parse_value
from zgraph.model.labels import qname
from zgraph.model.namespaces import ELI, ZG, ZGI, ZGV

#: The rows of an evaluation, in order, and the classes or sub-kinds each counts.
ROWS = ("structure", "documents", "document issuers", "figures", "figure subjects", "places", "bodies and roles",
        "enclaves and components", "pairings", "platforms", "projects and chains", "enterprises")
PLACES = (ZG.Province, ZG.PrefectureCity, ZG.CountyLevelUnit, ZG.Town, ZG.SpecialAdministrativeRegion, ZG.Country,
          ZG.Region, ZG.Building)
BODIES = (ZG.GovernmentBody, ZG.PartyCommittee, ZG.PeoplesGovernment, ZG.GovernmentDepartment, ZG.CoordinationBody,
          ZG.LeadingGroup, ZG.Headquarters, ZG.JointConference, ZG.ManagementCommittee)
PLATFORMS = (ZG.Platform, ZG.Park, ZG.Zone, ZG.ServiceStation, ZG.ServiceBase, ZG.DigitalSystem)
ENTERPRISES = (ZG.Enterprise, ZG.PlatformCompany, ZG.FinancialInstitution, ZG.IntermediaryAgency,
               ZG.BusinessAssociation)
NONE = frozenset({"—"})


@dataclass(frozen=True)
class Fact:
    """One fact: its row, its sub-kind, its slots, the node it comes from and a readable form."""

    row: str
    what: str
    slots: tuple[frozenset[str], ...]
    node: str
    show: str
    inferred: bool = False

    def matches(self, other: Fact) -> bool:
        return self.what == other.what and len(self.slots) == len(other.slots) and all(
            slot_match(a, b) for a, b in zip(self.slots, other.slots, strict=True))


def slot_match(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when two slots share a value (entities with division codes on both sides compare codes only)."""
    ca, cb = {v for v in a if v.startswith("code:")}, {v for v in b if v.startswith("code:")}
    if ca and cb:
        return bool(ca & cb)
    return bool(a & b)


def _typed(g: Graph, classes: Iterable[URIRef]) -> list[URIRef]:
    want = set(classes)
    return sorted({s for s, _, c in g.triples((None, RDF.type, None)) if c in want and isinstance(s, URIRef)
                   and str(s).startswith(str(ZGI))})


def names(g: Graph, node: object, strip: str = "") -> frozenset[str]:
    """The normalised Chinese names of a node (labels, aliases, title) and its division code."""
    if not isinstance(node, URIRef):
        return frozenset({norm(str(node))}) if node is not None else NONE
    out = set()
    for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel, DCTERMS.title):
        for o in g.objects(node, p):
            if isinstance(o, Literal) and (o.language in (None, "zh")):
                n = norm(str(o))
                out.add(n.removesuffix(strip) if strip and len(n) > len(strip) + 1 else n)
    for code in g.objects(node, ZG.divisionCode):
        out.add(f"code:{code}")
    return frozenset(out) or frozenset({qname(node)})


def _one(g: Graph, node: URIRef, prop: URIRef) -> frozenset[str]:
    values = {str(o) for o in g.objects(node, prop)}
    return frozenset(values) or NONE


def number(lit: object) -> Decimal | None:
    """A literal as a number: a decimal, a numeric string, or Chinese numerals; None otherwise."""
    if not isinstance(lit, Literal):
        return None
    value = lit.toPython()
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    try:
        return parse_value(str(value))
    except (ValueError, InvalidOperation):
        return None


def figure_value(g: Graph, obs: URIRef) -> str:
    """An observation's value in its shortest form (a range as "low–high"), whatever form the value is kept in."""
    low, high = g.value(obs, ZG.valueMin), g.value(obs, ZG.valueMax)
    if low is not None and high is not None and g.value(obs, ZG.value) is None:
        return f"{canonical(number(low) or 0)}–{canonical(number(high) or 0)}"
    for prop in (ZG.value, ZG.valueAsPrinted):  # the number; else the printed characters, read as a number
        found = number(g.value(obs, prop))
        if found is not None:
            return canonical(found)
    skip = {ZG.valueMin, ZG.valueMax, ZG.value, ZG.normalisedValue, ZG.planValue, ZG.valueAsPrinted}
    for p, o in sorted(g.predicate_objects(obs)):
        if str(p).startswith(str(ZG)) and "value" in str(p).rsplit("#", 1)[-1].lower() and p not in skip:
            v = number(o)
            if v is not None:
                return canonical(v)
    norm_value, mult = number(g.value(obs, ZG.normalisedValue)), number(g.value(obs, ZG.unitMultiplier))
    if norm_value is not None:
        return canonical(norm_value.scaleb(-int(mult or 0)))
    return "?"


def _growth(g: Graph, obs: URIRef) -> frozenset[str]:
    v = number(g.value(obs, ZG.yoyGrowthPct))
    return frozenset({canonical(v)}) if v is not None else NONE


def _first(s: frozenset[str]) -> str:
    plain = sorted(v for v in s if not v.startswith("code:"))
    return plain[0] if plain else sorted(s)[0]


def facts(g: Graph) -> list[Fact]:
    """Every fact of ``g``, by row."""
    out: list[Fact] = []

    def add(row: str, what: str, node: URIRef, *slots: frozenset[str], inferred: bool | None = None) -> None:
        made = (node, PROV.wasGeneratedBy, None) in g if inferred is None else inferred
        show = f"{what}: " + " | ".join(_first(s) for s in slots) + (" [inferred]" if made else "")
        out.append(Fact(row, what, tuple(slots), qname(node), show, made))

    for s in _typed(g, (ZG.Direction,)):
        add("structure", "direction", s, _one(g, s, ZG.ordinal), names(g, s))
    for s in _typed(g, (ZG.Action,)):
        parent = g.value(s, DCTERMS.isPartOf)
        add("structure", "action", s, _one(g, parent, ZG.ordinal) if isinstance(parent, URIRef) else NONE,
            _one(g, s, ZG.ordinal),
            names(g, s))
    for s in _typed(g, (ZG.PolicyDocument,)):
        titles = frozenset(norm(str(t)) for t in g.objects(s, DCTERMS.title)) or names(g, s)
        add("documents", "document", s, titles, _one(g, s, ELI.type_document), _one(g, s, ZG.adoptionVerb),
            inferred=False)  # a document is stated; an inference may give its issuer (the next row)
        inferred = (s, ZG.issuerBasis, ZGV["basis-inferred"]) in g
        for body in g.objects(s, ELI.passed_by):
            add("document issuers", "issuer", s, titles, names(g, body), inferred=inferred)
    for s in _typed(g, (ZG.Observation,)):
        value = frozenset({figure_value(g, s)})
        unit = frozenset({norm(str(g.value(s, ZG.unitAsPrinted) or ""))})
        add("figures", "figure", s, value, unit, _growth(g, s))
        add("figure subjects", "figure", s, value, unit, _growth(g, s), names(g, g.value(s, ZG.observedSubject)))
    for s in _typed(g, PLACES):
        add("places", "place", s, names(g, s))
    for s in _typed(g, BODIES):
        add("bodies and roles", "body", s, names(g, s))
    for s in _typed(g, (ORG.Post,)):
        add("bodies and roles", "post", s, names(g, s))
    for s in _typed(g, (ORG.Membership,)):
        holder = g.value(s, ORG.member) or g.value(s, ZG.memberPost)
        add("bodies and roles", "membership", s, names(g, g.value(s, ORG.organization)), _one(g, s, ORG.role),
            names(g, holder))
    for s in _typed(g, (ZG.ReverseEnclave,)):
        add("enclaves and components", "enclave", s, names(g, g.value(s, ZG.origin)), names(g, g.value(s, ZG.host)),
            _one(g, s, ZG.enclaveStatus))
    for s in _typed(g, (ZG.EnclaveComponent,)):
        add("enclaves and components", "component", s, names(g, s))
    for s in _typed(g, (ZG.Pairing,)):
        add("pairings", "pairing", s, names(g, g.value(s, ZG.assistingParty)), names(g, g.value(s, ZG.assistedParty)),
            _one(g, s, ZG.pairingLevel))
    for s in _typed(g, PLATFORMS):
        add("platforms", "platform", s, names(g, s))
    for s in _typed(g, (ZG.InvestmentProject,)):
        add("projects and chains", "project", s, names(g, s, strip="项目"), _one(g, s, ZG.inChain))
    for s in _typed(g, (ZG.ChainLeaderDesignation,)):
        add("projects and chains", "chain leader", s, names(g, g.value(s, ZG.designee)), _one(g, s, ZG.forChain))
    for s in _typed(g, ENTERPRISES):
        add("enterprises", "enterprise", s, names(g, s))
    return out
