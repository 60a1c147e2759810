"""Name resolution: turn what a user types (a zh or en label, an alias, an id) into one entity, or suggest."""

from __future__ import annotations

import difflib
import unicodedata

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from zgraph.model.errors import UnknownName
from zgraph.model.labels import NAME_PROPS, label, qname
from zgraph.model.namespaces import ZG, ZGI

#: Node types that are bookkeeping, not things a user asks about.
NOT_ENTITIES = {ZG.Evidence, ZG.TextSpanSelector}


def normalise(text: str) -> str:
    """Fold width (full-width brackets and commas), case and surrounding quotes so names match as typed."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return text.strip("“”\"'《》")


def entities(g: Graph) -> list[URIRef]:
    """Domain entities and concepts: every zgi:/zgv: IRI with a type, except evidence bookkeeping."""
    out = set()
    for s, t in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and t not in NOT_ENTITIES and (
            str(s).startswith(str(ZGI)) or (t == SKOS.Concept)
        ):
            out.add(s)
    return sorted(out)


def name_index(g: Graph) -> dict[str, set[URIRef]]:
    """Normalised name -> entities having it (labels in any language, aliases, compact ids)."""
    index: dict[str, set[URIRef]] = {}
    for node in entities(g):
        names = {qname(node), qname(node).split(":", 1)[1]}
        for prop in NAME_PROPS:
            names |= {str(o) for o in g.objects(node, prop) if isinstance(o, Literal)}
        for name in names:
            index.setdefault(normalise(name), set()).add(node)
    return index


def resolve(g: Graph, name: str, kind: str = "entity") -> URIRef:
    """The one entity called ``name``; unknown or ambiguous names raise UnknownName with suggestions."""
    index = name_index(g)
    key = normalise(name)
    hits = index.get(key, set())
    if not hits:
        partial = {n for k, nodes in index.items() if key and key in k for n in nodes}
        hits = partial if len(partial) == 1 else set()
        if len(partial) > 1:
            best = _shortest_label_match(g, key, partial)
            if best is None:
                raise UnknownName(kind, name, suggestions(g, name, index, among=partial))
            hits = {best}
    if len(hits) == 1:
        return next(iter(hits))
    if len(hits) > 1:
        # Prefer the node that has evidence of its own over derived ones with the same label.
        with_evidence = [n for n in hits if (n, PROV.wasDerivedFrom, None) in g]
        if len(with_evidence) == 1:
            return with_evidence[0]
        raise UnknownName(kind, name, sorted(f"{label(g, n, 'zh')} ({qname(n)})" for n in hits))
    raise UnknownName(kind, name, suggestions(g, name, index))


def _shortest_label_match(g: Graph, key: str, nodes: set[URIRef]) -> URIRef | None:
    """Among partial matches, the one whose matching label is strictly the shortest ("越秀" -> 越秀区), if any."""
    lengths = []
    for node in nodes:
        found = [len(normalise(str(o))) for p in NAME_PROPS for o in g.objects(node, p)
                 if isinstance(o, Literal) and key in normalise(str(o))]
        if found:
            lengths.append((min(found), node))
    lengths.sort()
    if len(lengths) == 1 or (len(lengths) > 1 and lengths[0][0] < lengths[1][0]):
        return lengths[0][1]
    return None


def suggestions(g: Graph, name: str, index: dict[str, set[URIRef]] | None = None,
                among: set[URIRef] | None = None, n: int = 5) -> list[str]:
    """The nearest names to ``name``, as 'label (id)' strings."""
    index = index if index is not None else name_index(g)
    keys = [k for k, nodes in index.items() if among is None or nodes & among]
    close = difflib.get_close_matches(normalise(name), keys, n=n * 3, cutoff=0.3)
    key = normalise(name)
    close += sorted((k for k in keys if key and (key in k or k in key)), key=len)
    out: list[str] = []
    for k in close:
        for node in sorted(index[k]):
            s = f"{label(g, node, 'zh')} / {label(g, node, 'en')} ({qname(node)})"
            if s not in out:
                out.append(s)
    return out[:n]
