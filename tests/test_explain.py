"""Issue 3: `zgraph explain NAME` prints an entity's facts with their quotes; unknown names get suggestions."""

from __future__ import annotations

import json

from zgraph.cli import main


def test_explain_by_chinese_label_shows_facts_with_quotes(capsys):
    assert main(["explain", "坡头区"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("坡头区 / Potou District  (zgi:place-potou)")
    assert "440804" in out
    # the enclave that links to it is printed with the sentence that says so
    assert "坡头区“反向飞地”" in out
    assert "“坡头区在广州市荔湾区设立荔湾(坡头)1906科技园经贸基地" in out


def test_explain_by_english_label_and_json(capsys):
    assert main(["explain", "Potou District reverse enclave", "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "zgi:enclave-potou"
    hosts = [f for f in data["facts"] if f["prop"] == "zg:host"]
    assert [f["value"] for f in hosts] == ["Liwan District"]
    assert all(q["exact"] and q["end"] > q["start"] for f in data["facts"] for q in f["quotes"])
    components = {f["value"] for f in data["facts"] if f["prop"] == "zg:hasComponent"}
    assert len(components) == 3


def test_explain_inferred_pairing_shows_rule_and_premises(capsys):
    assert main(["explain", "zgi:pairing-nansha-xuwen"]) == 0
    out = capsys.readouterr().out
    assert "inferred, not stated:" in out
    assert "premise: 徐闻县“飞地”模式研究 (zgi:enclave-xuwen)" in out
    assert "徐闻县积极对接南沙区开展适合南沙徐闻两地的“飞地”模式研究" in out


def test_unknown_name_fails_with_suggestions(capsys):
    assert main(["explain", "越秀县"]) == 2
    err = capsys.readouterr().err
    assert "unknown entity '越秀县'" in err and "越秀区" in err and "Traceback" not in err


def test_close_name_resolves(capsys):
    assert main(["explain", "越秀"]) == 0
    assert capsys.readouterr().out.startswith("越秀区 / Yuexiu District")


def test_each_fact_gets_the_quote_naming_both_ends(capsys):
    assert main(["explain", "主平台", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    managed = [f for f in data["facts"] if f["prop"] == "zg:managedBy"]
    assert {f["value"] for f in managed} == {"工作领导小组", "指挥部"}
    for f in managed:
        assert [q["exact"] for q in f["quotes"]] == ["统筹管理主平台工作"]
    located = {f["value"]: [q["exact"] for q in f["quotes"]]
               for f in data["facts"] if f["prop"] == "zg:locatedIn" and f["direction"] == "out"}
    assert located == {v: ["对主平台所在的奋勇高新区、雷州市倾斜安排债券资金额度"] for v in ("雷州市", "奋勇高新区")}
    figures = [f for f in data["facts"] if f["direction"] == "in" and f["prop"] == "zg:observedSubject"]
    assert any("65.15亿元" in q["exact"] for f in figures for q in f["quotes"])
