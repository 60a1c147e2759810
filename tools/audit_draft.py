"""Throwaway audit helper (not imported by anything; not part of the package).

Splits the report into sentences (on 。, full-width ；, ASCII ; and line breaks — the report prints its
semicolons as ASCII ';'), lists for each sentence the nodes whose evidence spans overlap it (from
data/triples.ttl), and the notes of data/curated/audit-notes.toml that fall in it. Prints sentences that have
neither a fact nor a left_out note, notes whose quote is not unique or not inside one sentence, and evidence
spans that cross a sentence boundary.

    .venv/bin/python tools/audit_draft.py            # summary + problems
    .venv/bin/python tools/audit_draft.py --all      # every sentence with its nodes and notes
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "sources" / "zhanjiang-2023-industrial-transfer.txt"
DATA = ROOT / "data" / "triples.ttl"
NOTES = ROOT / "data" / "curated" / "audit-notes.toml"
OA = "http://www.w3.org/ns/oa#"
ZG = "https://w3id.org/zgraph/ontology#"
ZGI = "https://w3id.org/zgraph/id/"
SECTION_TYPES = {ZG + t for t in ("ReportSection", "Direction", "Action")}
DELIMS = re.compile(r"[。；;\n]")


def sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each non-empty sentence, end exclusive, delimiter not included."""
    out, start = [], 0
    for m in DELIMS.finditer(text + "\n"):
        s, e = start, m.start()
        while s < e and text[s].isspace():
            s += 1
        if s < e:
            out.append((s, e, text[s:e]))
        start = m.end()
    return out


def spans(g: Graph) -> list[tuple[int, int, str, str]]:
    """(start, end, node, exact) for every node -> evidence -> selector."""
    out = []
    for node, ev in g.subject_objects(PROV.wasDerivedFrom):
        for sel in g.objects(ev, URIRef(OA + "hasSelector")):
            s = int(g.value(sel, URIRef(OA + "start")))
            e = int(g.value(sel, URIRef(OA + "end")))
            x = str(g.value(sel, URIRef(OA + "exact")))
            out.append((s, e, str(node), x))
    return out


def short(node: str) -> str:
    return node.replace(ZGI, "zgi:")


def main() -> int:
    text = SOURCE.read_text(encoding="utf-8")
    g = Graph().parse(DATA)
    sents = sentences(text)
    ev = spans(g)
    notes = tomllib.loads(NOTES.read_text(encoding="utf-8")).get("sentence", []) if NOTES.exists() else []
    show_all = "--all" in sys.argv
    problems: list[str] = []

    def which(s: int, e: int) -> list[int]:
        return [i for i, (a, b, _) in enumerate(sents) if s < b and e > a]

    by_sent: dict[int, set[str]] = {}
    for s, e, node, x in ev:
        hit = which(s, e)
        if len(hit) > 1:
            problems.append(f"evidence crosses a sentence boundary: {short(node)} [{s}-{e}] {x[:40]}…")
        for i in hit:
            by_sent.setdefault(i, set()).add(node)

    note_at: dict[int, list[dict]] = {}
    for n in notes:
        q = n.get("quote", "")
        if text.count(q) != 1:
            problems.append(f"note quote occurs {text.count(q)} times: {q!r}")
            continue
        s = text.index(q)
        hit = which(s, s + len(q))
        if len(hit) != 1:
            problems.append(f"note quote not inside one sentence: {q!r}")
            continue
        if not (n.get("left_out") or n.get("note")):
            problems.append(f"note without left_out or note: {q!r}")
        note_at.setdefault(hit[0], []).append(n)
    for i, ns in note_at.items():
        if len(ns) > 1:
            problems.append(f"sentence {i} has {len(ns)} notes: {[n['quote'] for n in ns]}")

    def is_section(node: str) -> bool:
        return any(str(t) in SECTION_TYPES for t in g.objects(URIRef(node), RDF.type))

    with_facts = 0
    no_fact_no_note = []
    for i, (s, e, t) in enumerate(sents):
        nodes = sorted(by_sent.get(i, set()))
        facts = [n for n in nodes if not is_section(n)]
        if facts:
            with_facts += 1
        left_out = any(n.get("left_out") for n in note_at.get(i, []))
        if not facts and not left_out:
            no_fact_no_note.append((i, s, e, t))
        if show_all:
            print(f"\n[{i}] {s}-{e} {t}")
            for n in nodes:
                zh = next((str(x) for x in g.objects(URIRef(n), RDFS.label)
                           if getattr(x, "language", None) == "zh"), "")
                print(f"     {short(n)}  {zh}")
            for n in note_at.get(i, []):
                for k in ("left_out", "note"):
                    if n.get(k):
                        print(f"     {k.upper()}: {n[k]}")
    print(f"\nsentences: {len(sents)}; with facts (non-section nodes): {with_facts}; "
          f"notes: {len(notes)} ({sum(1 for n in notes if n.get('left_out'))} left_out, "
          f"{sum(1 for n in notes if n.get('note'))} note)")
    for i, s, e, t in no_fact_no_note:
        print(f"NO FACT, NO left_out: [{i}] {s}-{e} {t}")
    for p in problems:
        print("PROBLEM:", p)
    return 1 if (no_fact_no_note or problems) else 0


if __name__ == "__main__":
    sys.exit(main())
