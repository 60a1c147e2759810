/* zgraph graph page: draws the embedded view (window.ZG_PAGE) with vis-network and shows the evidence.
 * Labels and quotes are data: every string reaches the page through textContent or a property, never as HTML.
 * Keeps pyvis's page globals: network, nodes and edges (vis DataSets). */
var network, nodes, edges;

(function () {
  "use strict";
  var page = window.ZG_PAGE;
  var T = page.text;
  /* Several reports: each fact says which report it comes from, and the reader may show one report only. */
  var several = (page.reports || []).length > 1;
  var titleOf = {};
  (page.reports || []).forEach(function (r) { titleOf[r.id] = r.title; });
  var other = page.lang === "en" ? "zh" : "en";

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function rows(box, heading, list, limit) {
    if (!list || !list.length) { return; }
    box.appendChild(el("div", "zg-card-h", heading));
    var dl = el("dl", "zg-facts");
    var shown = limit ? list.slice(0, limit) : list;
    shown.forEach(function (kv) {
      dl.appendChild(el("dt", null, kv[0]));
      dl.appendChild(el("dd", null, kv[1]));
    });
    box.appendChild(dl);
    if (shown.length < list.length) {
      box.appendChild(el("div", "zg-more", "+" + (list.length - shown.length) + " " + T.more));
    }
  }

  function quotes(box, list, full) {
    box.appendChild(el("div", "zg-card-h", T.evidence));
    if (!list.length) { box.appendChild(el("div", "zg-none", T.no_evidence)); return; }
    var shown = full ? list : list.slice(0, 3);
    shown.forEach(function (q) {
      var b = el("blockquote", "zg-quote");
      if (full && q.before) { b.appendChild(el("span", "zg-ctx", q.before)); }
      b.appendChild(el("mark", null, q.text));
      if (full && q.after) { b.appendChild(el("span", "zg-ctx", q.after)); }
      box.appendChild(b);
      if (q.start !== undefined) {
        var meta = el("div", "zg-quote-meta", (several && q.report ? q.report + " · " : "") +
          (q.section ? q.section + " · " : "") + T.chars + " " + q.start + "–" + q.end);
        if (full && q.href) {
          var a = el("a", null, T.open_source);
          a.href = q.href;
          meta.appendChild(document.createTextNode(" · "));
          meta.appendChild(a);
        }
        box.appendChild(meta);
      }
    });
    if (shown.length < list.length) {
      box.appendChild(el("div", "zg-more", "+" + (list.length - shown.length) + " " + T.more));
    }
  }

  /* A node's card: labels in both languages, class, facts, inference, and the report's words. */
  function nodeCard(c, full) {
    var box = el("div", "zg-card");
    box.appendChild(el("div", "zg-card-title", c[page.lang] || c[other] || c.id));
    if (c[other] && c[other] !== c[page.lang]) { box.appendChild(el("div", "zg-card-sub", c[other])); }
    box.appendChild(el("div", "zg-card-meta", (c["cls_" + page.lang] || c.cls) + " · " + c.id));
    if (full && c.page) {
      var own = el("a", "zg-own-page", T.own_page);
      own.href = c.page;
      box.appendChild(el("div", "zg-card-meta")).appendChild(own);
    }
    /* Pages a node links to (the overview's report nodes: the report's own graph page and its text). */
    if (full && c.links) {
      c.links.forEach(function (l) {
        var link = el("a", "zg-own-page", l[0]);
        link.href = l[1];
        box.appendChild(el("div", "zg-card-meta")).appendChild(link);
      });
    }
    if (several && c.reports && c.reports.length) {
      box.appendChild(el("div", "zg-card-h", T.reports));
      c.reports.forEach(function (rid) {
        box.appendChild(el("div", "zg-report", (titleOf[rid] || rid) + " · " + rid));
      });
    }
    if (c.inferred.length) {
      box.appendChild(el("div", "zg-card-h", T.inferred));
      c.inferred.forEach(function (r) { box.appendChild(el("div", "zg-inferred", r)); });
    }
    rows(box, T.facts, c.facts, full ? 0 : page.tooltip_facts);
    if (full) { rows(box, T.linked, c.linked, 0); }
    if (c.background.length) {
      box.appendChild(el("div", "zg-card-h", T.background));
      box.appendChild(el("div", "zg-bg", c.background.join("；")));
    }
    if (c.evidence) { quotes(box, c.evidence, full); }  /* an aggregate (the overview) quotes nothing */
    return box;
  }

  var cardOf = {};
  page.nodes.forEach(function (n) { cardOf[n.id] = n.zg; });

  /* A link's card: the property in both languages, its two ends, and the subject's words that bear it. */
  function edgeCard(e, full) {
    var c = e.zg;
    var a = cardOf[e.from] || {}, b = cardOf[e.to] || {};
    var box = el("div", "zg-card");
    box.appendChild(el("div", "zg-card-title", c[page.lang] || c.id));
    if (c[other] && c[other] !== c[page.lang]) { box.appendChild(el("div", "zg-card-sub", c[other])); }
    box.appendChild(el("div", "zg-card-meta", T.relation + " · " + c.property));
    box.appendChild(el("div", "zg-edge-ends",
      (a[page.lang] || e.from) + " → " + (c[page.lang] || c.id) + " → " + (b[page.lang] || e.to)));
    if (c.inferred) { box.appendChild(el("div", "zg-inferred", T.inferred)); }
    if (c.facts) { rows(box, T.facts, c.facts, 0); }  /* an aggregate link: what it counts */
    if (!c.quotes) { return box; }
    var ev = c.quotes.map(function (i) { return (a.evidence || [])[i]; }).filter(Boolean)
      .concat(c.texts.map(function (t) { return { text: t }; }));
    quotes(box, ev, full);
    return box;
  }

  function show(card) {
    var panel = document.getElementById("zg-details");
    panel.replaceChildren(card);
  }

  function ready() {
    window.zgraphReady = true;
    document.documentElement.setAttribute("data-zgraph-ready", "true");
  }

  nodes = new vis.DataSet(page.nodes.map(function (n) {
    var item = Object.assign({}, n);
    item.title = nodeCard(n.zg, false);
    return item;
  }));
  edges = new vis.DataSet(page.edges.map(function (e) {
    var item = Object.assign({}, e);
    item.title = edgeCard(e, false);
    return item;
  }));

  var container = document.getElementById("mynetwork");
  if (!page.nodes.length) { ready(); return; }
  network = new vis.Network(container, {}, page.options);
  /* After the relaxation the largest component may have grown: move the packed rows of small components
   * (which physics leaves alone) back beside it, top-aligned. */
  function repack() {
    var fixed = page.nodes.filter(function (n) { return n.physics === false; }).map(function (n) { return n.id; });
    var moving = page.nodes.filter(function (n) { return n.physics !== false; }).map(function (n) { return n.id; });
    if (!fixed.length || !moving.length) { return; }
    var pos = network.getPositions();
    function box(ids) {
      var b = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
      ids.forEach(function (id) {
        b.x0 = Math.min(b.x0, pos[id].x); b.x1 = Math.max(b.x1, pos[id].x);
        b.y0 = Math.min(b.y0, pos[id].y); b.y1 = Math.max(b.y1, pos[id].y);
      });
      return b;
    }
    var main = box(moving), rows = box(fixed);
    var dx = main.x1 + page.gap - rows.x0;
    var dy = main.y0 - rows.y0;
    // one DataSet update (one redraw), not a moveNode per node (a redraw each)
    nodes.update(fixed.map(function (id) { return { id: id, x: pos[id].x + dx, y: pos[id].y + dy }; }));
  }

  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    repack();
    network.fit({ animation: false });
    ready();
  });
  network.on("click", function (params) {
    if (params.nodes.length) {
      show(nodeCard(nodes.get(params.nodes[0]).zg, true));
    } else if (params.edges.length) {
      show(edgeCard(edges.get(params.edges[0]), true));
    }
  });
  /* Canvas labels are measured and drawn in the embedded font, so the data goes in once that font has loaded
   * (a data: URL: milliseconds); without the FontFace API, at once. */
  function draw() {
    network.setData({ nodes: nodes, edges: edges });
    if (!page.options.physics.enabled) { ready(); }
  }
  if (document.fonts && document.fonts.load) {
    document.fonts.load(page.options.nodes.font.size + "px " + page.options.nodes.font.face).then(draw, draw);
  } else {
    draw();
  }

  /* Search: our own datalist (pyvis's select menu needs a CDN). */
  var byName = {};
  var list = document.getElementById("zg-names");
  page.nodes.forEach(function (n) {
    [n.zg[page.lang], n.zg[other], n.id].forEach(function (name) {
      if (name && !(name in byName)) { byName[name] = n.id; }
    });
    var opt = document.createElement("option");
    opt.value = n.zg[page.lang] || n.id;
    list.appendChild(opt);
  });
  var input = document.getElementById("zg-search");
  var status = document.getElementById("zg-search-status");
  function find() {
    var q = input.value.trim();
    if (!q) { status.textContent = ""; return; }
    var id = Object.prototype.hasOwnProperty.call(byName, q) ? byName[q] : null;
    if (id === null) {
      var low = q.toLowerCase();
      var hit = Object.keys(byName).filter(function (k) { return k.toLowerCase().indexOf(low) >= 0; })[0];
      id = hit === undefined ? null : byName[hit];
    }
    if (id === null) { status.textContent = T.not_found + ": " + q; return; }
    status.textContent = "";
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    show(nodeCard(nodes.get(id).zg, true));
  }
  input.addEventListener("change", find);

  /* The report filter: nodes that another report states are hidden (their links go with them); nodes no report
   * states (shared concepts such as industry chains) stay. */
  var select = document.getElementById("zg-report");
  if (select) {
    select.addEventListener("change", function () {
      var rid = select.value;
      var shown = 0;
      nodes.update(page.nodes.map(function (n) {
        var own = n.zg.reports || [];
        var hidden = !!rid && own.length > 0 && own.indexOf(rid) < 0;
        if (!hidden) { shown += 1; }
        return { id: n.id, hidden: hidden };
      }));
      document.getElementById("zg-report-status").textContent = rid ? shown + " " + T.nodes : "";
      document.documentElement.setAttribute("data-zgraph-report", rid);
    });
  }
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { find(); } });
}());
