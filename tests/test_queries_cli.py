"""Issue 4, `zgraph queries` and `zgraph query`: formats, languages, backends, inputs and short errors."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from zgraph.model import paths
from zgraph.model.text import width
from zgraph.pages import results as presults
from zgraph.sparql import catalogue
from zgraph.sparql.catalogue import get, named_queries

ZGRAPH = [str(Path(sys.executable).with_name("zgraph"))]
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def zg(*args: str, ok: bool = True) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run([*ZGRAPH, *args], capture_output=True, timeout=120)
    if ok:
        assert done.returncode == 0, done.stderr.decode()
    return done


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def short_error(done: subprocess.CompletedProcess[bytes]) -> str:
    err = done.stderr.decode()
    assert done.returncode != 0
    assert err.startswith("zgraph: error: ") and "Traceback" not in err and err.count("\n") == 1, err
    return err


def test_queries_lists_every_query_with_its_questions():
    out = zg("queries").stdout.decode()
    for q in named_queries():
        assert f"{q.name}" in out and q.question["zh"] in out and q.question["en"] in out
    assert zg("queries", "--names").stdout.decode().split() == [q.name for q in named_queries()]


def test_csv_header_is_the_variable_names_and_rows_match_the_library():
    rows = csv_rows(zg("query", "pairings", "--format", "csv").stdout)
    assert tuple(rows[0]) == get("pairings").columns
    assert len(rows) == 1 + 9
    assert ["越秀区", "赤坎区", "县级", "推断", "确凿"] in rows


def test_json_is_sparql_results_json():
    data = json.loads(zg("query", "documents", "--format", "json").stdout)
    assert tuple(data["head"]["vars"]) == get("documents").columns
    assert len(data["results"]["bindings"]) == 16
    first = data["results"]["bindings"][0]["title"]
    assert first == {"type": "literal", "value": "广州·湛江对口帮扶党政联席会议及工作协调机制"}


def test_tsv_and_xml():
    tsv = zg("query", "pairings", "--format", "tsv", "--lang", "en").stdout.decode().splitlines()
    assert tsv[0].split("\t") == [f"?{c}" for c in get("pairings").columns]
    assert '"Yuexiu District"@en\t"Chikan District"@en\t"county level"@en\t"inferred by zgraph"@en\t"firm"@en' in tsv
    root = ET.fromstring(zg("query", "pairings", "--format", "xml").stdout)
    assert [v.get("name") for v in root.iter(f"{RESULTS_NS}variable")] == list(get("pairings").columns)
    assert len(list(root.iter(f"{RESULTS_NS}result"))) == 9


def test_table_aligns_cjk_columns():
    out = zg("query", "enclaves").stdout.decode().splitlines()
    header, rule, body, footer = out[0], out[1], out[2:-1], out[-1]
    assert footer == f"({len(body)} rows)" and len(body) >= 23
    starts = [i for i in range(len(rule)) if rule[i] == "-" and (i == 0 or rule[i - 1] == " ")]
    assert len(starts) == len(get("enclaves").columns)
    expected = csv_rows(zg("query", "enclaves", "--format", "csv").stdout)
    assert len(expected) == 1 + len(body)
    for line, values in zip([header, *body], expected, strict=True):
        screen = []  # one entry per terminal column: wide (CJK) characters take two
        for ch in line:
            screen += [ch] if width(ch) == 1 else [ch, ""]
        # each cell sits exactly under its dashes: the text between two column starts is that cell's value
        bounds = [*starts, len(screen) + 2]
        cells = ["".join(screen[a: b - 2]).rstrip() for a, b in zip(bounds, bounds[1:], strict=False)]
        assert cells == values, line


def test_same_command_same_bytes_and_backends_agree():
    a = zg("query", "indicators", "--format", "csv").stdout
    assert a == zg("query", "indicators", "--format", "csv").stdout
    assert zg("query", "pairings", "--format", "csv", "--backend", "rdflib").stdout == \
        zg("query", "pairings", "--format", "csv").stdout


def test_query_file_and_sparql_text_with_predeclared_prefixes(tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p a zg:Pairing ; zg:pairingLevel zgv:level-county }",
                  encoding="utf-8")
    assert csv_rows(zg("query", str(rq), "--format", "csv").stdout) == [["n"], ["9"]]
    rows = csv_rows(zg("query", "--sparql", "SELECT ?t WHERE { ?d a zg:PolicyDocument ; dcterms:title ?t }",
                       "--format", "csv").stdout)
    assert len(rows) == 1 + 16


def test_data_replaces_the_shipped_data(tmp_path):
    one = tmp_path / "one.ttl"
    one.write_text("""@prefix zg: <https://w3id.org/zgraph/ontology#> . @prefix zgi: <https://w3id.org/zgraph/id/> .
@prefix zgv: <https://w3id.org/zgraph/vocab/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
zgi:a rdfs:label "甲区"@zh . zgi:b rdfs:label "乙县"@zh .
zgi:p a zg:Pairing ; zg:assistingParty zgi:a ; zg:assistedParty zgi:b ; zg:pairingLevel zgv:level-county .
""", encoding="utf-8")
    assert csv_rows(zg("query", "pairings", "--format", "csv", "--data", str(one)).stdout)[1:] == \
        [["甲区", "乙县", "县级", "", ""]]


def test_param_picks_the_entity_by_name():
    out = zg("query", "entity_facts", "--param", "entity=越秀区", "--format", "csv").stdout
    values = {r[2] for r in csv_rows(out)[1:]}
    assert {"越秀区—赤坎区结对帮扶", "广州越秀(赤坎)科创中心"} <= values
    err = short_error(zg("query", "entity_facts", "--param", "entity=不存在的地方", ok=False))
    assert "unknown entity" in err
    err = short_error(zg("query", "pairings", "--param", "nothing=1", ok=False))
    assert "no parameter nothing" in err


def test_unknown_query_name_suggests_close_names():
    done = zg("query", "pairing", ok=False)
    err = short_error(done)
    assert done.returncode == 2 and "pairings" in err and "all_pairings" in err
    assert "chain_leaders" in short_error(zg("query", "chain_leader", ok=False))


def test_malformed_sparql_is_a_short_error():
    done = zg("query", "--sparql", "SELECT ?x WHERE { ?x a }", ok=False)
    assert "malformed SPARQL" in short_error(done) and done.returncode == 2
    done = zg("query", "--sparql", "SELECT ?x WHERE { ?x a }", "--backend", "rdflib", ok=False)
    assert "malformed SPARQL" in short_error(done)


def test_unreachable_endpoint_is_a_short_error():
    done = zg("query", "pairings", "--endpoint", "http://127.0.0.1:9/sparql", ok=False)
    assert "cannot reach SPARQL endpoint" in short_error(done) and done.returncode == 3
    short_error(zg("query", "pairings", "--endpoint", "not a url", ok=False))


def test_bad_input_is_a_short_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix zg: <https://w3id.org/zgraph/ontology#> .\nzg:a zg:b .\n", encoding="utf-8")
    assert "bad.ttl" in short_error(zg("query", "pairings", "--data", str(bad), ok=False))
    assert "no such file" in short_error(zg("query", "pairings", "--data", str(tmp_path / "none.ttl"), ok=False))
    short_error(zg("query", ok=False))


def test_prepare_only_touches_one_value_values_lines():
    text = 'SELECT * { VALUES ?lang { "zh" } VALUES (?a ?b) { ("zh" 1) } ?x ?y "zh" }'
    assert catalogue.prepare(text, "en") == 'SELECT * { VALUES ?lang { "en" } VALUES (?a ?b) { ("zh" 1) } ?x ?y "zh" }'


def test_write_results_for_the_demo(tmp_path):
    evil = tmp_path / "evil.ttl"
    evil.write_text(paths.DATA.read_text(encoding="utf-8") + """
<https://w3id.org/zgraph/id/place-evil> a <https://w3id.org/zgraph/ontology#CountyLevelUnit> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "<script>alert(1)</script>区"@zh .
<https://w3id.org/zgraph/id/pairing-evil> a <https://w3id.org/zgraph/ontology#Pairing> ;
    <https://w3id.org/zgraph/ontology#assistingParty> <https://w3id.org/zgraph/id/place-evil> ;
    <https://w3id.org/zgraph/ontology#assistedParty> <https://w3id.org/zgraph/id/place-chikan> ;
    <https://w3id.org/zgraph/ontology#pairingLevel> <https://w3id.org/zgraph/vocab/level-county> .
""", encoding="utf-8")
    written = presults.write_results(tmp_path / "out", "zh", data=[evil])
    folder = tmp_path / "out" / "queries"
    for q in named_queries():
        assert folder / f"{q.name}.csv" in written and folder / f"{q.name}.json" in written
        assert json.loads((folder / f"{q.name}.json").read_text(encoding="utf-8"))["head"]["vars"] == list(q.columns)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;区" in page
    for q in named_queries():
        assert (q.question["zh"].replace("&", "&amp;") in page) == bool(q.headline)
    order = re.findall(r'<section id="(\w+)">', page)
    assert order == ["pairings", "enclaves", "documents", "chain_leaders", "chain_projects", "indicators"]
    assert "http://" not in page and "https://" not in page  # nothing to fetch: works offline
    again = presults.write_results(tmp_path / "again", "zh", data=[evil])
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in again]


def test_every_named_query_runs_from_the_cli():
    for q in named_queries():
        data = json.loads(zg("query", q.name, "--format", "json", "--lang", "en").stdout)
        assert tuple(data["head"]["vars"]) == q.columns and data["results"]["bindings"], q.name


def test_construct_prints_the_same_sorted_turtle_on_both_backends():
    text = "CONSTRUCT { ?a zg:assists ?b } WHERE { ?a zg:assists ?b }"
    ox_out = zg("query", "--sparql", text).stdout
    assert ox_out == zg("query", "--sparql", text, "--backend", "rdflib").stdout
    nt = zg("query", "--sparql", text, "--format", "csv").stdout.decode().splitlines()
    assert len(nt) == 10 and nt == sorted(nt)
