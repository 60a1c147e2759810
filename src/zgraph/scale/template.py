"""The template of a synthetic corpus: the seed report's built graph, parsed once and sorted into what varies.

Every zgi: node of the template gets a *scope*, which says how a synthetic report renames it:

- ``evidence`` and ``local``: the report's own (evidence, sections, observations, inferences, initiatives,
  projects, events, anything naming a pooled enterprise): renamed with the report id, never shared;
- ``role``: a division of the template city or its partner (and those two cities): mapped to a real division of
  the report's city or partner, one node per division code, shared by every report that names it;
- ``city`` / ``partner``: a standing body, document, pairing, enclave … of the receiving city (or of its partner):
  shared by the reports of that city, renamed for another city;
- ``enterprise``: an enterprise of the pool, the same node wherever the pool repeats it;
- ``global``: kept as it is (the province's bodies, regions, countries, background sources).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from zgraph.corpus import Corpus
from zgraph.corpus.manifest import Report
from zgraph.model import paths
from zgraph.model.errors import ZGraphError
from zgraph.model.namespaces import OA, ZG, ZGI
from zgraph.scale import geography

#: What zgraph synth knows about its template, the shipped seed report (template.toml, shipped with this package):
#: its id; the local-name prefixes of report-local nodes (beside evidence) and of nodes kept as they are in every
#: report; the IRI words naming its city and partner; the figures kept as printed (they count the template's own
#: structure, or are thresholds).
_T = geography.data("template.toml")
TEMPLATE_ID: str = _T["report"]
LOCAL_PREFIXES: tuple[str, ...] = tuple(_T["local_prefixes"])
GLOBAL_PREFIXES: tuple[str, ...] = tuple(_T["global_prefixes"])
CITY_WORDS: tuple[str, ...] = tuple(_T["city_words"])
PARTNER_WORDS: tuple[str, ...] = tuple(_T["partner_words"])
FIXED_FIGURES: tuple[str, ...] = tuple(_T["fixed_figures"])
_EVIDENCE = re.compile(r"ev-(.+)-(\d{5,})-(\d{5,})(-selector)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def nt_iri(iri: str) -> str:
    return f"<{iri}>"


def local_name(term: str) -> str:
    """The zgi: local name of an N-Triples IRI term (``<https://w3id.org/zgraph/id/x>`` → ``x``)."""
    return term[len(str(ZGI)) + 1:-1]


@dataclass(frozen=True)
class Figure:
    """A reported figure whose printed number sits in the text: its three value lines and where the number is."""

    printed: str
    position: int
    value: Decimal
    normalised: Decimal
    lines: dict[str, int]  # predicate (value, normalisedValue, valueAsPrinted) → index of the line


@dataclass
class Template:
    """The parsed template: its N-Triples lines, text, the scope of each node and what varies per report."""

    report_id: str
    text: str
    lines: list[tuple[str, str, str]]
    scope: dict[str, str]
    evidence: dict[str, tuple[int, int, bool]]  # IRI term → (start, end, is the selector)
    role_codes: dict[str, str]  # role place IRI term → its division code
    place_iri: dict[str, str]  # division code → IRI term of the template's node for it
    place_labels: dict[str, dict[str, str]]  # division code → {"zh": label term, "en": label term}
    names_zh: dict[str, str]  # Chinese key → what it names: a division code, or an enterprise IRI term
    names_en: dict[str, str]
    enterprises: dict[str, tuple[list[str], list[str]]]  # IRI term → (Chinese names, English names)
    figures: list[Figure] = field(default_factory=list)
    # line indices by what a report overrides: offsets, quotes, role-place labels and codes, the report's node
    offsets: list[tuple[int, str, bool]] = field(default_factory=list)  # (line, evidence/section term, is end)
    exacts: list[tuple[int, str]] = field(default_factory=list)
    place_lines: list[int] = field(default_factory=list)
    report_lines: dict[str, int] = field(default_factory=dict)
    titled: list[int] = field(default_factory=list)  # label/title lines of a city's documents naming no city
    entry: Report | None = None  # the template's manifest entry

    @property
    def report(self) -> str:
        return nt_iri(f"{ZGI}report-{self.report_id}")


def _term(node: object) -> str:
    return node.n3() if isinstance(node, URIRef | Literal) else str(node)


def _names(g: Graph, node: URIRef, lang: str) -> list[str]:
    return sorted({str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(node, p)
                   if isinstance(o, Literal) and o.language == lang})


def load(corpus: Corpus | None = None) -> Template:
    """Parse the template report's built graph and text (once per run) and classify everything in it: from the
    corpus zgraph runs on when it holds the seed, else from the shipped one."""
    corpus = corpus or Corpus()
    if TEMPLATE_ID not in {r.id for r in corpus.reports()}:
        corpus = Corpus(paths.shipped_root() / "data")  # a corpus of one's own without the seed: the shipped one
    try:
        report = corpus.report(TEMPLATE_ID)
    except ZGraphError:
        raise ZGraphError(f"the template report {TEMPLATE_ID!r} is not in the corpus at {corpus.folder}") from None
    path = Path(corpus.built_file(report))
    g = Graph().parse(path, format="turtle")
    text = corpus.text(report)
    lines = sorted({tuple(line[:-2].split(" ", 2)) for line in g.serialize(format="nt").splitlines() if line})
    t = Template(TEMPLATE_ID, text, [(s, p, o) for s, p, o in lines], {}, {}, {}, {}, {}, {}, {}, {})
    t.entry = report
    _places(t, g)
    _enterprises(t, g)
    _scopes(t, g)
    _overrides(t, g)
    return t


def _places(t: Template, g: Graph) -> None:
    """The template's divisions: those of its city and partner become roles; every code gets its node."""
    roles = (geography.TEMPLATE_CITY[:4], geography.TEMPLATE_PARTNER[:4])
    for node, code_term in g.subject_objects(ZG.divisionCode):
        term, code = _term(node), str(code_term)
        t.place_iri[code] = term
        t.place_labels[code] = {o.language or "": _term(o) for o in g.objects(node, RDFS.label)
                                if isinstance(o, Literal)}
        if code[:4] in roles:
            t.role_codes[term] = code
            p = geography.place(code)
            t.names_zh.update({p.zh: code, p.core: code})
            t.names_en.update({p.en: code, p.stem: code})


def _enterprises(t: Template, g: Graph) -> None:
    """The enterprises of the pool and their names (unless they name a place of the template's roles)."""
    for node in sorted(n for n in g.subjects(RDF.type, ZG.Enterprise) if isinstance(n, URIRef)):
        zh, en = _names(g, node, "zh"), _names(g, node, "en")
        if any(k in n for n in zh for k in t.names_zh) or any(k in n for n in en for k in t.names_en):
            continue
        term = _term(node)
        t.enterprises[term] = (zh, en)
        t.names_zh.update(dict.fromkeys(zh, term))
        t.names_en.update(dict.fromkeys(en, term))


def _mentions(g: Graph, node: URIRef, t: Template) -> set[str]:
    """What a node's own words name: "city" (the template city or its counties), "partner", "enterprise"."""
    said: set[str] = set()
    for o in g.objects(node, None):
        if not isinstance(o, Literal) or not isinstance(o.value, str):
            continue
        keys = {**t.names_zh, **t.names_en} if o.language == "en" else t.names_zh
        for key, what in keys.items():
            if key in str(o):
                said.add("enterprise" if what.startswith("<") else
                         "partner" if what[:4] == geography.TEMPLATE_PARTNER[:4] else "city")
    return said


def _scopes(t: Template, g: Graph) -> None:
    subjects = sorted({s for s, _, _ in t.lines if s.startswith(f"<{ZGI}")})
    generic: set[str] = set()
    for term in subjects:
        name, node = local_name(term), URIRef(term[1:-1])
        said = _mentions(g, node, t)
        words = set(name.split("-"))
        if _EVIDENCE.fullmatch(name):
            scope = "evidence"
        elif term in t.role_codes:
            scope = "role"
        elif term in t.enterprises:
            scope = "enterprise"
        elif name.startswith(LOCAL_PREFIXES) or "enterprise" in said:
            scope = "local"
        elif "city" in said or words & set(CITY_WORDS):
            scope = "city"
        elif "partner" in said or words & set(PARTNER_WORDS):
            scope = "partner"
        elif name.startswith(GLOBAL_PREFIXES) or (node, ZG.divisionCode, None) in g or name.startswith("place-"):
            scope = "global"
        else:
            scope = "city"
        t.scope[term] = scope
        if scope == "city" and "city" not in said and (node, RDF.type, ZG.PolicyDocument) in g:
            generic.add(term)
    named = {_term(RDFS.label), "<http://purl.org/dc/terms/title>"}
    t.titled = [i for i, (s, p, _) in enumerate(t.lines) if s in generic and p in named]
    for term, scope in t.scope.items():
        if scope == "evidence":
            m = _EVIDENCE.fullmatch(local_name(term))
            assert m is not None
            t.evidence[term] = (int(m.group(2)), int(m.group(3)), bool(m.group(4)))


def _overrides(t: Template, g: Graph) -> None:
    """Index the lines a report rewrites: offsets, quotes, figures, role places' labels and codes, its own node."""
    starts = {_term(p) for p in (OA.start, ZG.spanStart)}
    ends = {_term(p) for p in (OA.end, ZG.spanEnd)}
    label, code = _term(RDFS.label), _term(ZG.divisionCode)
    value_preds = {_term(ZG.value): "value", _term(ZG.normalisedValue): "normalised",
                   _term(ZG.valueAsPrinted): "printed"}
    by_obs: dict[str, dict[str, int]] = {}
    for i, (s, p, _o) in enumerate(t.lines):
        if p in starts or p in ends:
            t.offsets.append((i, s, p in ends))
        elif p == _term(OA.exact):
            t.exacts.append((i, s))
        elif s in t.role_codes and p in (label, code):
            t.place_lines.append(i)
        elif s == t.report and p in {_term(x) for x in (RDFS.comment, ZG.sourceFile, ZG.sha256, ZG.placeCode)}:
            t.report_lines[p] = i
        elif s == t.report and p == "<http://purl.org/dc/terms/identifier>":
            t.report_lines[p] = i
        if p in value_preds:
            by_obs.setdefault(s, {})[value_preds[p]] = i
    derived = _term(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    spans: dict[str, list[tuple[int, int]]] = {}
    for s, p, o in t.lines:
        if p == derived and o in t.evidence:
            spans.setdefault(s, []).append(t.evidence[o][:2])
    for obs, idx in sorted(by_obs.items()):
        if set(idx) != {"value", "normalised", "printed"} or local_name(obs) in FIXED_FIGURES:
            continue
        printed = t.lines[idx["printed"]][2].split('"')[1]
        if not _NUMBER.fullmatch(printed):
            continue
        value, normalised = (Decimal(t.lines[idx[k]][2].split('"')[1]) for k in ("value", "normalised"))
        if value != Decimal(printed) or value == 0:
            continue
        for start, end in sorted(spans.get(obs, [])):
            for m in re.finditer(rf"(?<![\d.]){re.escape(printed)}(?![\d.])", t.text[start:end]):
                t.figures.append(Figure(printed, start + m.start(), value, normalised, idx))
                break
            else:
                continue
            break
