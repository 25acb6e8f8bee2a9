// kg's page script, inlined by kg/explore/page.py and allowed by its hash in the page's CSP.
// Article text reaches it only as JSON data and leaves it only through textContent and text
// drawn on the canvas: nothing here parses text as HTML.
// `network` is a global, as in pyvis's own template, so the console and tests can reach it.
var network;
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);

  // vis shows a string title with innerText in 9.x but as HTML in older releases and in
  // pyvis's link template; an element filled through textContent is text under all of them.
  function asText(item) {
    if (typeof item.title === "string") {
      var tip = document.createElement("div");
      tip.className = "kg-tip";
      tip.textContent = item.title;
      item.title = tip;
    }
    return item;
  }

  var nodes = new vis.DataSet(data.nodes.map(asText));
  var edges = new vis.DataSet(data.edges.map(asText));
  var colour = {}, size = {}, label = {};
  data.nodes.forEach(function (n) { colour[n.id] = n.color; size[n.id] = n.size; label[n.id] = n.label; });
  var edgesOf = {};
  data.edges.forEach(function (e) {
    (edgesOf[e.from] = edgesOf[e.from] || []).push(e);
    if (e.to !== e.from) (edgesOf[e.to] = edgesOf[e.to] || []).push(e);
  });
  var rankOf = {};
  data.rank.forEach(function (id, i) { rankOf[id] = i; });
  function byRank(a, b) { return (rankOf[a] === undefined ? 1e9 : rankOf[a]) - (rankOf[b] === undefined ? 1e9 : rankOf[b]); }

  network = new vis.Network(document.getElementById("mynetwork"),
                            {nodes: nodes, edges: edges}, data.options);

  // ------------------------------------------------------------ community outlines
  // Louvain's communities, laid out apart by kg.explore.layout, drawn as soft discs under the graph.
  var TINTS = ["78,121,167", "242,142,43", "89,161,79", "225,87,89", "176,122,161", "156,117,95", "118,183,178"];
  network.on("beforeDrawing", function (ctx) {
    data.discs.forEach(function (d, i) {
      ctx.beginPath();
      ctx.arc(d[0], d[1], d[2], 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(" + TINTS[i % TINTS.length] + ",0.06)";
      ctx.fill();
      ctx.lineWidth = 1 / network.getScale();
      ctx.strokeStyle = "rgba(" + TINTS[i % TINTS.length] + ",0.35)";
      ctx.stroke();
    });
  });

  // ------------------------------------------------------------ labels where they fit
  // vis draws no label (font size 0); here, at every frame, the labels are placed most central
  // first (the selected entity and its neighbours before all), each at a fixed size on screen,
  // and one is drawn only if its box meets no box already drawn.  Zooming in spreads the nodes
  // and so lets more labels fit: level of detail by centrality and zoom.
  var FONT = "px system-ui, sans-serif", PAD = 2, CELL = 64;
  var widths = {};  // text width at 100 px, per node
  var measurer = document.createElement("canvas").getContext("2d");
  function fontPx(id) { return Math.round(11 + 5 * Math.max(0, Math.min(1, (size[id] - 8) / 32))); }
  function width100(id) {
    if (widths[id] === undefined) {
      measurer.font = "100" + FONT;
      widths[id] = measurer.measureText(label[id]).width;
    }
    return widths[id];
  }
  var priority = [];
  network.kgLabels = [];

  network.on("afterDrawing", function (ctx) {
    drawVeil(ctx);
    var scale = network.getScale(), t = network.body.view.translation;
    var canvas = network.canvas.frame.canvas, W = canvas.clientWidth, H = canvas.clientHeight;
    var ratio = network.canvas.pixelRatio || 1;
    var grid = {}, drawn = [];
    function free(l, t2, r, b) {
      for (var gx = Math.floor(l / CELL); gx <= Math.floor(r / CELL); gx++) {
        for (var gy = Math.floor(t2 / CELL); gy <= Math.floor(b / CELL); gy++) {
          var cell = grid[gx + "," + gy];
          if (!cell) continue;
          for (var k = 0; k < cell.length; k++) {
            var o = cell[k];
            if (l < o[2] && o[0] < r && t2 < o[3] && o[1] < b) return false;
          }
        }
      }
      return true;
    }
    function take(box) {
      for (var gx = Math.floor(box[0] / CELL); gx <= Math.floor(box[2] / CELL); gx++) {
        for (var gy = Math.floor(box[1] / CELL); gy <= Math.floor(box[3] / CELL); gy++) {
          (grid[gx + "," + gy] = grid[gx + "," + gy] || []).push(box);
        }
      }
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    var lists = highlighted === null ? [data.rank] : [priority];
    lists.forEach(function (list) {
      for (var i = 0; i < list.length; i++) {
        var id = list[i], node = network.body.nodes[id];
        if (!node || node.options.hidden) continue;
        var x = node.x * scale + t.x, y = node.y * scale + t.y;
        if (x < -200 || x > W + 200 || y < -50 || y > H + 50) continue;
        var px = fontPx(id), w = width100(id) * px / 100, dy = size[id] * scale + 2;
        var box = [x - w / 2 - PAD, y + dy - PAD, x + w / 2 + PAD, y + dy + px * 1.2 + PAD];
        // A label cut by the canvas edge reads as a wrong name: drawn whole or not at all.
        if (box[0] < 0 || box[2] > W || box[1] < 0 || box[3] > H) continue;
        if (!free(box[0], box[1], box[2], box[3])) continue;
        take(box);
        var font = px + FONT;
        ctx.font = font;
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.85)";
        ctx.strokeText(label[id], x, y + dy);
        ctx.fillStyle = "#222";
        ctx.fillText(label[id], x, y + dy);
        drawn.push({id: id, text: label[id], font: font, px: px, dy: dy});
      }
    });
    ctx.restore();
    network.kgLabels = drawn;
  });

  // Tests and scripts wait on this: the graph fitted to the canvas and drawn once.
  function ready() {
    document.body.setAttribute("data-ready", "true");
  }
  if (data.nodes.length) {
    network.once("afterDrawing", function () {
      // fit() frames the dots; a little more room keeps the outer labels inside the canvas.
      network.fit();
      network.moveTo({scale: network.getScale() * 0.92});
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    ready();
  }

  // ------------------------------------------------------------ neighbourhood highlight
  // The rest of the graph is dimmed by a veil drawn over it, and the entity's neighbourhood is
  // drawn again on top: nothing is sent to vis but the labels of the entity's own facts.  Re-
  // colouring every node and edge through vis's DataSet took 0.55 s a click on 2,000 nodes, and
  // even one edge's label turned on that way 0.35 s (vis re-reads all its data on any update).
  // The entity's facts are labelled here too, at a fixed size on screen.
  var highlighted = null, near = null, nearEdges = [];

  function highlight(id) {
    var around = network.getConnectedNodes(id);
    near = [id].concat(around);
    priority = [id].concat(around.slice().sort(byRank));
    nearEdges = network.getConnectedEdges(id);
    highlighted = id;
    network.kgNear = near.slice();
    network.redraw();
  }

  function unhighlight() {
    if (highlighted === null) return;
    nearEdges = [];
    near = null;
    highlighted = null;
    priority = [];
    network.kgNear = null;
    network.redraw();
  }

  network.kgEdgeLabels = [];
  function drawVeil(ctx) {
    if (near === null) { network.kgEdgeLabels = []; return; }
    var canvas = network.canvas.frame.canvas, ratio = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "rgba(255,255,255,0.78)";
    ctx.fillRect(0, 0, canvas.clientWidth, canvas.clientHeight);
    ctx.restore();
    var shown = nearEdges.filter(function (e) {
      var edge = network.body.edges[e];
      return edge && edge.connected && !edge.options.hidden;
    });
    shown.forEach(function (e) { network.body.edges[e].draw(ctx); network.body.edges[e].drawArrows(ctx); });
    near.forEach(function (n) {
      var node = network.body.nodes[n];
      if (node && !node.options.hidden) node.draw(ctx);
    });
    var scale = network.getScale(), t = network.body.view.translation, drawn = [];
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = data.edgeFont + FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineWidth = 3;
    shown.forEach(function (e) {
      var edge = network.body.edges[e];
      var x = (edge.from.x + edge.to.x) / 2 * scale + t.x, y = (edge.from.y + edge.to.y) / 2 * scale + t.y;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(data.prop[e], x, y);
      ctx.fillStyle = "#333";
      ctx.fillText(data.prop[e], x, y);
      drawn.push(e);
    });
    ctx.restore();
    network.kgEdgeLabels = drawn;
  }

  // ------------------------------------------------------------ details on demand
  var panel = document.getElementById("panel");

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function factLine(e) {
    return label[e.from] + " " + data.prop[e.id] + " " + label[e.to];
  }

  var MAX_PANEL_FACTS = 40;

  // Sources (indexes into data.roleSources: [article title, date]) as one line:
  // "Port chief named (2024-03-12); ..."
  function sourceText(refs) {
    return refs.map(function (i) {
      var s = data.roleSources[i];
      return s[0] + (s[1] ? " (" + s[1] + ")" : "");
    }).join("; ");
  }

  // A tenure as an object of its fields, named as kg/explore/page.py ROLE_FIELDS names them.
  function role(i) {
    var r = {};
    data.roleFields.forEach(function (name, k) { r[name] = data.roles[i][k]; });
    return r;
  }

  function openPanel(id) {
    var info = data.info[id] || {};
    panel.textContent = "";
    var close = el("button", "×", "close");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", closePanel);
    panel.appendChild(close);
    panel.appendChild(el("h2", label[id]));
    var cls = data.cls[id] || "";
    panel.appendChild(el("p", info.root && info.root !== cls ? cls + " (" + info.root + ")" : cls, "class"));
    var names = (data.names[id] || []).slice(1);
    if (names.length) panel.appendChild(el("p", "Also: " + names.join("; "), "names"));
    var mine = (edgesOf[id] || []).filter(function (e) { return !isHiddenEdge(e.id); });
    var roles = {};
    mine.forEach(function (e) {
      var role = (e.from === id ? "" : "← ") + data.prop[e.id];
      roles[role] = (roles[role] || 0) + 1;
    });
    var roleText = Object.keys(roles).sort().map(function (r) { return r + " (" + roles[r] + ")"; }).join(" · ");
    if (roleText) panel.appendChild(el("p", "Roles: " + roleText, "roles"));

    var history = data.history[id];
    if (history) {
      // Reconciled tenures across articles; an older graph has only each article's own roles.
      var kind = history[0], listed = history[1];
      panel.appendChild(el("h3", (data.reconciled ? "Role history" : "Roles as each article states them") +
                                 " (" + listed.length + ")"));
      var hl = el("ol", null, "history");
      listed.forEach(function (i) {
        var r = role(i), li = el("li", null, "tenure");
        var head = kind === "held" ? r.post + (r.at ? " (" + r.at + ")" : "") : kind === "holders" ? r.who
          : r.who + ", " + r.post;
        li.appendChild(el("span", head, "holder"));
        li.appendChild(el("div", [r.status, r.when].filter(Boolean).join(" · "), "when"));
        var day = asOfBox && asOfBox.value;
        if (day && r.win && heldOn(day, [r.win])) {
          li.appendChild(el("div", "held on " + day, "held"));
          li.setAttribute("data-held", "true");
        }
        if (r.rep) li.appendChild(el("div", "replaced " + r.rep, "replaces"));
        if (r.conf.length) {
          li.appendChild(el("div", "⚠ conflict: also named current holder: " + r.conf.join("; ") +
                                   (r.confSrc.length ? " (" + sourceText(r.confSrc) + ")" : ""), "conflict"));
          li.setAttribute("data-conflict", "true");
        }
        if (r.src.length) li.appendChild(el("div", sourceText(r.src), "src"));
        hl.appendChild(li);
      });
      panel.appendChild(hl);
    }

    panel.appendChild(el("h3", "Facts (" + (mine.length + (info.lit || []).length) + ")"));
    var list = el("ul", null, "facts");
    mine.slice(0, MAX_PANEL_FACTS).forEach(function (e) {
      var f = data.facts[e.id], li = el("li");
      li.appendChild(el("span", factLine(e), "fact"));
      if (f[0] >= 0) li.appendChild(el("blockquote", "“" + data.sentences[f[0]] + "”", "sentence"));
      var src = f[1].map(function (a) { return data.articles[a]; }).join(", ");
      li.appendChild(el("div", (src ? src + " · " : "") + "confidence " + f[2].toFixed(2), "src"));
      list.appendChild(li);
    });
    if (mine.length > MAX_PANEL_FACTS) list.appendChild(el("li", "… and " + (mine.length - MAX_PANEL_FACTS) + " more"));
    (info.lit || []).forEach(function (text) { list.appendChild(el("li", text, "fact literal")); });
    panel.appendChild(list);

    var around = network.getConnectedNodes(id).slice().sort(byRank);
    panel.appendChild(el("h3", "Neighbours (" + around.length + ")"));
    var nl = el("ul", null, "neighbours");
    around.forEach(function (n) {
      var li = el("li"), b = el("button", label[n]);
      b.type = "button";
      b.setAttribute("data-node", n);
      b.addEventListener("click", function () { show(n); });
      li.appendChild(b);
      li.appendChild(document.createTextNode(" " + (data.cls[n] || "")));
      nl.appendChild(li);
    });
    panel.appendChild(nl);
    panel.hidden = false;
    panel.setAttribute("data-entity", id);
  }

  function closePanel() {
    panel.hidden = true;
    panel.removeAttribute("data-entity");
    panel.textContent = "";
  }

  // Select, highlight, centre and describe one entity: a click, a search or a neighbour.
  function show(id, focus) {
    openTrayOf(id);
    network.selectNodes([id]);
    highlight(id);
    openPanel(id);
    // On a large graph each frame of an animated move is a full redraw (~60-100 ms at 2,000
    // nodes), so the view jumps there in one.
    if (focus !== false) {
      network.focus(id, {scale: Math.max(network.getScale(), 1.2), animation: data.large ? false : {duration: 300}});
    }
  }

  // The table of the most central opens an entity's panel too.
  document.querySelectorAll("#central button[data-node]").forEach(function (button) {
    button.addEventListener("click", function () { show(button.getAttribute("data-node")); });
  });

  network.on("click", function (params) {
    if (params.nodes.length) show(params.nodes[0], false);
    else { unhighlight(); closePanel(); }
  });

  // ------------------------------------------------------------ tray and filters
  var trayOpen = {}, trayOf = {};
  data.tray.forEach(function (group) { group[2].forEach(function (id) { trayOf[id] = group[0]; }); });

  function openTrayOf(id) {
    var root = trayOf[id];
    if (root !== undefined && !trayOpen[root]) setTray(root, true, false);
  }

  function setTray(root, open, fit) {
    trayOpen[root] = open;
    var button = document.querySelector('#tray button[data-root="' + CSS.escape(root) + '"]');
    if (button) button.setAttribute("aria-pressed", open ? "true" : "false");
    applyFilters();
    if (open && fit) {
      var ids = data.tray.filter(function (g) { return g[0] === root; })[0][2];
      network.fit({nodes: ids, animation: data.large ? false : {duration: 300}});
    }
  }

  document.querySelectorAll("#tray button").forEach(function (button) {
    button.addEventListener("click", function () {
      var root = button.getAttribute("data-root");
      setTray(root, !trayOpen[root], true);
    });
  });

  function ticked(selector, attr) {
    var on = {};
    document.querySelectorAll(selector).forEach(function (box) {
      on[box.getAttribute(attr)] = box.checked;
    });
    return on;
  }

  var edgeHidden = {}, nodeHidden = {};
  data.nodes.forEach(function (n) { nodeHidden[n.id] = !!n.hidden; });
  function isHiddenEdge(e) { return !!edgeHidden[e]; }

  var articleBox = document.getElementById("article"), confBox = document.getElementById("confidence");
  var filtered = document.getElementById("filtered");
  var fromBox = document.getElementById("date-from"), toBox = document.getElementById("date-to");

  // ------------------------------------------------------------ the graph on a chosen date
  // A day from the date box (or the step slider over the articles' dates), or none for all dates.
  // On that day a fact shows only if an article published by then states it (an undated one
  // could be any day), a role fact only while a tenure behind it was held, and an event only
  // if it had happened (an undated event stays).
  var asOfBox = document.getElementById("as-of"), stepBox = document.getElementById("as-of-step");
  var asOfShown = document.getElementById("as-of-shown");
  var steps = data.dates.filter(function (d, i, all) { return d !== "" && all.indexOf(d) === i; }).sort();
  if (stepBox) { stepBox.max = String(steps.length); stepBox.value = String(steps.length); }

  function heldOn(day, windows) {
    return windows.some(function (w) { return (w[0] === "" || w[0] <= day) && (w[1] === "" || day <= w[1]); });
  }

  function knownOn(day, e) {
    var arts = data.facts[e.id][1];
    if (arts.length && !arts.some(function (a) { return data.dates[a] === "" || data.dates[a] <= day; })) return false;
    var windows = data.roleWhen[e.id];
    return windows === undefined || heldOn(day, windows);
  }

  function setAsOf(day) {
    if (!asOfBox) return;
    asOfBox.value = day || "";
    if (stepBox) {
      var at = day ? steps.filter(function (d) { return d <= day; }).length - 1 : steps.length;
      stepBox.value = String(Math.max(0, at));
    }
    applyFilters();
  }

  if (asOfBox) {
    asOfBox.addEventListener("change", function () { setAsOf(asOfBox.value); });
    document.getElementById("all-dates").addEventListener("click", function () { setAsOf(""); });
  }
  if (stepBox) {
    stepBox.addEventListener("input", function () {
      var at = +stepBox.value;
      asOfBox.value = at < steps.length ? steps[at] : "";
      applyFilters();
    });
  }

  function applyFilters() {
    var classOn = ticked("#legend input[data-class]", "data-class");
    var propOn = ticked("#properties input[data-property]", "data-property");
    var article = articleBox && articleBox.value !== "" ? +articleBox.value : null;
    var minConf = confBox ? +confBox.value : 0;
    var from = fromBox && fromBox.value ? fromBox.value : null, to = toBox && toBox.value ? toBox.value : null;
    var asOf = asOfBox && asOfBox.value ? asOfBox.value : null;
    if (asOfShown) asOfShown.textContent = asOf === null ? "all dates" : "as it stood on " + asOf;
    var byFact = article !== null || minConf > 0 || from !== null || to !== null || asOf !== null;
    // ISO dates compare as strings; an article with no date is outside every range.
    function inRange(a) {
      var d = data.dates[a];
      return (from === null && to === null) || (d !== "" && (from === null || d >= from) && (to === null || d <= to));
    }
    // A fact passes the article and confidence filters on its own; an entity goes with its
    // class, or when none of its facts passes those two.
    var factOk = {};
    data.edges.forEach(function (e) {
      var f = data.facts[e.id];
      factOk[e.id] = (article === null || f[1].indexOf(article) >= 0) && f[2] >= minConf - 1e-9 &&
        ((from === null && to === null) || f[1].some(inRange)) && (asOf === null || knownOn(asOf, e));
    });
    var nodeChanges = [], hiddenByFilter = 0;
    data.nodes.forEach(function (n) {
      var folded = trayOf[n.id] !== undefined && !trayOpen[trayOf[n.id]];
      var byClass = classOn[data.cls[n.id]] === false;
      var mine = edgesOf[n.id] || [];
      var noFact = byFact && (mine.length ? !mine.some(function (e) { return factOk[e.id]; }) : trayOf[n.id] === undefined);
      var later = asOf !== null && data.eventDate[n.id] !== undefined && data.eventDate[n.id] > asOf;
      var hide = folded || byClass || noFact || later;
      if (!folded && hide) hiddenByFilter++;
      if (hide !== nodeHidden[n.id]) { nodeHidden[n.id] = hide; nodeChanges.push({id: n.id, hidden: hide}); }
    });
    var edgeChanges = [], edgesFiltered = 0;
    data.edges.forEach(function (e) {
      var hide = propOn[data.prop[e.id]] === false || !factOk[e.id] || nodeHidden[e.from] || nodeHidden[e.to];
      if (hide) edgesFiltered++;
      if (hide !== !!edgeHidden[e.id]) { edgeHidden[e.id] = hide; edgeChanges.push({id: e.id, hidden: hide}); }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    var folded = 0;
    data.tray.forEach(function (g) { if (!trayOpen[g[0]]) folded += g[2].length; });
    filtered.textContent = hiddenByFilter || edgesFiltered
      ? "hidden by filters: " + hiddenByFilter + " " + (hiddenByFilter === 1 ? "entity" : "entities") +
        ", " + edgesFiltered + " " + (edgesFiltered === 1 ? "fact" : "facts") : "";
    if (panel.getAttribute("data-entity")) openPanel(panel.getAttribute("data-entity"));
  }

  document.querySelectorAll("#legend input, #properties input").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  [articleBox, fromBox, toBox].forEach(function (box) { if (box) box.addEventListener("change", applyFilters); });
  if (confBox) {
    confBox.addEventListener("input", function () {
      document.getElementById("confidence-value").textContent = (+confBox.value).toFixed(2);
      applyFilters();
    });
  }

  // ------------------------------------------------------------ search
  var status = document.getElementById("search-status");
  var names = data.nodes.map(function (n) {
    return {id: n.id, names: (data.names[n.id] || [n.label]).map(function (s) { return s.toLowerCase(); })};
  });

  // An exact name beats a name starting with the query, which beats one containing it.
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) return null;
    var best = null, bestRank = 3;
    names.forEach(function (entry) {
      entry.names.forEach(function (name) {
        var rank = name === q ? 0 : name.indexOf(q) === 0 ? 1 : name.indexOf(q) > 0 ? 2 : 3;
        if (rank < bestRank) { best = entry.id; bestRank = rank; }
      });
    });
    return best;
  }

  function search() {
    var query = document.getElementById("search").value;
    var id = find(query);
    if (id === null) {
      status.textContent = query.trim() ? "not found: " + query.trim() : "";
      status.removeAttribute("data-found");
      return;
    }
    var node = nodes.get(id);
    if (node.hidden && trayOf[id] === undefined) {
      status.textContent = node.label + " is hidden by the filters";
      return;
    }
    status.textContent = "found: " + node.label;
    show(id);
    status.setAttribute("data-found", id);
  }

  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();  // Enter and the button both search; the page never reloads
    search();
  });
})();
