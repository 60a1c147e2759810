"""The review page: a local Starlette app that lists a draft's candidates and writes the accepted ones.

``GET /`` lists the candidates grouped by kind, each with its rule, confidence and the report's words behind it
highlighted in their sentence, and a choice: accept, edit (change its labels or value, then accept) or reject.
``POST /save`` merges the accepted facts into the report's curated folder (:mod:`zgraph.extract.accept`) and says
what was written. The page is one offline HTML document without scripts (a strict Content-Security-Policy),
rendered from ``pages/templates/review.html`` by the pages' one Jinja environment (:func:`zgraph.pages.assets.
environment`, autoescape on: every text on it is escaped) and, like every page of zgraph, with the CJK font it
needs embedded (:func:`zgraph.pages.fonts.embed`: no system font is assumed). The server listens on 127.0.0.1 by
default, on a free port.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from markupsafe import Markup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from zgraph.corpus import Corpus, Report
from zgraph.extract.accept import Decision, Written, write_reviewed
from zgraph.extract.facts import BODIES, ENTERPRISES, PLACES, PLATFORMS
from zgraph.extract.model import KINDS
from zgraph.extract.segment import segment
from zgraph.model.errors import InputError, ZGraphError
from zgraph.model.labels import qname
from zgraph.model.loading import load_files
from zgraph.model.namespaces import ORG, ZG
from zgraph.pages import fonts
from zgraph.pages.assets import environment

if TYPE_CHECKING:
    from starlette.applications import Starlette

CSP = ("default-src 'none'; style-src 'unsafe-inline'; font-src data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
KIND_TITLES = {"structure": "结构 structure", "documents": "政策文件 documents", "figures": "数据 figures",
               "places": "地区 places", "bodies": "机构与职务 bodies and roles",
               "enclaves": "反向飞地 enclaves and components", "pairings": "结对帮扶 pairings",
               "platforms": "平台园区 platforms", "projects": "项目与产业链 projects and chains",
               "enterprises": "企业与机构 enterprises"}
SHOWN = (ZG.valueAsPrinted, ZG.value, ZG.valueMin, ZG.valueMax, ZG.unitAsPrinted, ZG.yoyGrowthPct, ZG.rank,
         ZG.planValue, ZG.exceedsPlanPct, ZG.observedSubject, ZG.indicator, ZG.indicatorText, ZG.adoptionVerb,
         ZG.origin, ZG.host, ZG.enclaveStatus, ZG.readingStrength, ZG.assistingParty, ZG.assistedParty, ZG.inChain,
         ZG.forChain, ZG.designee, ORG.organization, ORG.role, ORG.member, ZG.memberPost, ZG.organisedAround,
         ZG.enclaveType, ZG.contactedThrough, ZG.introducedBy)


def kind_of(g: Graph, node: URIRef) -> str:
    """The kind a drafted node is listed under."""
    types = set(g.objects(node, RDF.type))
    if types & {ZG.Initiative, ZG.Mechanism}:  # the premises the rules read: with the enclaves or the chains
        return "enclaves" if (node, ZG.enclaveType, None) in g else "projects"
    for kind, classes in (("structure", (ZG.ReportSection, ZG.Direction, ZG.Action)),
                          ("documents", (ZG.PolicyDocument,)), ("figures", (ZG.Observation,)), ("places", PLACES),
                          ("bodies", (*BODIES, ORG.Post, ORG.Membership)),
                          ("enclaves", (ZG.ReverseEnclave, ZG.EnclaveComponent)), ("pairings", (ZG.Pairing,)),
                          ("platforms", PLATFORMS), ("projects", (ZG.InvestmentProject, ZG.ChainLeaderDesignation)),
                          ("enterprises", ENTERPRISES)):
        if types & set(classes):
            return kind
    return "support"


@dataclass
class Item:
    """One candidate as the page shows it."""

    n: int
    iri: URIRef
    kind: str
    zh: str
    en: str
    rule: str
    confidence: str
    value: str | None
    facts: list[tuple[str, str]]
    quotes: list[tuple[str, str, str]] = field(default_factory=list)  # (before, quote, after) in its sentence


def _label(g: Graph, node: object, lang: str) -> str:
    if isinstance(node, Literal):
        return str(node)
    for o in g.objects(node, RDFS.label):  # type: ignore[arg-type]
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return qname(node) if isinstance(node, URIRef) else str(node)


def items(draft: Graph, text: str) -> list[Item]:
    """The candidates of a draft (every node with a rule id), in the draft's order of kinds, then of text."""
    layout = segment(text)
    out: list[Item] = []
    nodes = sorted(set(draft.subjects(ZG.extractedBy, None)), key=str)
    for node in nodes:
        kind = kind_of(draft, node)  # type: ignore[arg-type]
        if kind == "support":
            continue
        quotes = []
        first = len(text)
        for q in sorted(str(o) for o in draft.objects(node, ZG.quote)):
            at = text.find(q)
            if at < 0:
                quotes.append(("", q, " (not found in the text)"))
                continue
            first = min(first, at)
            s = layout.sentence_at(at)
            a, b = min(s.start, at), max(s.end, at + len(q))
            quotes.append((text[a:at], q, text[at + len(q):b]))
        value = draft.value(node, ZG.valueAsPrinted)
        facts = [(qname(p), _label(draft, o, "zh")) for p in SHOWN for o in draft.objects(node, p)]
        out.append(Item(0, node, kind, _label(draft, node, "zh"), _label(draft, node, "en"),  # type: ignore[arg-type]
                        str(draft.value(node, ZG.extractedBy) or ""), str(draft.value(node, ZG.confidence) or ""),
                        str(value) if value is not None else None, facts, quotes))
        out[-1].n = first
    out.sort(key=lambda i: (KINDS.index(i.kind) if i.kind in KINDS else len(KINDS), i.n, str(i.iri)))
    for n, item in enumerate(out):
        item.n = n
    return out


def decisions(form: dict[str, list[str]], shown: list[Item]) -> list[Decision]:
    """The decisions posted by the page's form (``d-N`` accept/edit/reject, ``zh-N``, ``en-N``, ``value-N``)."""
    out = []
    for item in shown:
        action = (form.get(f"d-{item.n}") or [""])[0]
        if action not in ("accept", "edit", "reject"):
            continue
        zh, en, value = (next(iter(form.get(f"{k}-{item.n}") or []), None) for k in ("zh", "en", "value"))
        if action == "accept" and ((zh is not None and zh.strip() != item.zh) or
                                   (en is not None and en.strip() != item.en) or
                                   (value is not None and item.value is not None and value.strip() != item.value)):
            action = "edit"
        out.append(Decision(item.iri, action, zh if action == "edit" else None, en if action == "edit" else None,
                            value if action == "edit" else None))
    return out


class Review:
    """The state of one review: the draft, the report, the reviewer."""

    def __init__(self, draft_file: Path, corpus: Corpus, report: Report, reviewer: str) -> None:
        self.draft_file = Path(draft_file)
        self.graph = load_files([self.draft_file])
        if not any(self.graph.subjects(ZG.extractedBy, None)):
            raise InputError(f"{self.draft_file}: no drafted candidates in it (nodes with zg:extractedBy); "
                             "draft one with `zgraph extract`")
        self.corpus, self.report, self.reviewer = corpus, report, reviewer
        self.text = corpus.text(report)
        self.items = items(self.graph, self.text)

    def page(self, written: Written | None = None, error: str = "") -> str:
        groups = [(k, KIND_TITLES[k], [i for i in self.items if i.kind == k]) for k in KINDS]
        html = environment().get_template("review.html").render(
            report=self.report, draft=self.draft_file.name, reviewer=self.reviewer, groups=groups,
            total=len(self.items), written=written, error=error, font=Markup(fonts.TEXT_STACK))
        return fonts.embed(html)

    def save(self, body: bytes, now: datetime | None = None) -> Written:
        form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        return write_reviewed(self.corpus, self.report, self.graph, decisions(form, self.items), self.reviewer,
                              now or datetime.now().astimezone())


def app(review: Review) -> Starlette:
    """The Starlette application of a review."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse
    from starlette.routing import Route

    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}

    async def index(request: Request) -> HTMLResponse:
        return HTMLResponse(review.page(), headers=headers)

    async def save(request: Request) -> HTMLResponse:
        body = await request.body()
        try:
            written = review.save(body)
        except ZGraphError as e:
            return HTMLResponse(review.page(error=str(e)), status_code=400, headers=headers)
        return HTMLResponse(review.page(written=written), headers=headers)

    async def health(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/", index), Route("/save", save, methods=["POST"]), Route("/health", health)])


class ReviewServer:
    """uvicorn serving a review on ``host`` at a free (or given) port, in the foreground or a thread."""

    def __init__(self, review: Review, host: str = "127.0.0.1", port: int = 0) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.sock.bind((host, port))
        except OSError as e:
            raise ZGraphError(f"cannot listen on {host}:{port}: {e.strerror}", exit_code=2) from None
        self.host, self.port = host, self.sock.getsockname()[1]
        config = uvicorn.Config(app(review), log_level="warning", access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def serve_forever(self) -> None:
        self.server.run(sockets=[self.sock])

    def start(self) -> ReviewServer:
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)
        self.sock.close()
