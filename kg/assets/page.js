// kg's page script, inlined by kg/page.py and allowed by its hash in the page's CSP.
// Article text reaches it only as JSON data and leaves it only through textContent and vis
// labels drawn on a canvas: nothing here parses text as HTML.
// `network` is a global, as in pyvis's own template, so the console and tests can reach it.
var network;
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var DIM_NODE = "rgba(200,200,200,0.35)";
  var DIM_EDGE = "rgba(200,200,200,0.25)";
  var DIM_FONT = "rgba(120,120,120,0.4)";

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
  var colour = {};
  data.nodes.forEach(function (n) { colour[n.id] = n.color; });
  network = new vis.Network(document.getElementById("mynetwork"),
                            {nodes: nodes, edges: edges}, data.options);

  // On a large graph, edge labels smaller than about 6 px are unreadable, and drawing
  // thousands of them costs Chromium a second or more a frame (bench/page_large.py): they
  // show once zoomed in.  A small graph keeps them throughout.
  var EDGE_FONT = data.edgeFont, edgeLabels = data.large ? null : true;
  function edgeLabelsForScale() {
    var show = !data.large || network.getScale() * EDGE_FONT >= 6;
    if (show !== edgeLabels) {
      edgeLabels = show;
      network.setOptions({edges: {font: {size: show ? EDGE_FONT : 0}}});
    }
  }
  network.on("zoom", edgeLabelsForScale);
  network.on("animationFinished", edgeLabelsForScale);

  // Tests and scripts wait on this; physics stops once stabilised so nothing drifts.
  function ready() {
    edgeLabelsForScale();
    document.body.setAttribute("data-ready", "true");
  }
  if (data.nodes.length && data.options.physics && data.options.physics.enabled !== false) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      ready();
    });
  } else if (data.nodes.length) {
    network.once("afterDrawing", ready);
  } else {
    ready();
  }

  // ------------------------------------------------------------ neighbourhood highlight
  var highlighted = null;

  function highlight(id) {
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
    var nearEdges = {};
    network.getConnectedEdges(id).forEach(function (e) { nearEdges[e] = true; });
    nodes.update(nodes.getIds().map(function (n) {
      return near[n] ? {id: n, color: colour[n], font: {color: "#222"}}
                     : {id: n, color: DIM_NODE, font: {color: DIM_FONT}};
    }));
    edges.update(edges.getIds().map(function (e) {
      return nearEdges[e] ? {id: e, color: {color: "#555555", opacity: 1}, font: {color: "#333"}}
                          : {id: e, color: {color: DIM_EDGE}, font: {color: DIM_FONT}};
    }));
    highlighted = id;
  }

  function unhighlight() {
    if (highlighted === null) return;
    nodes.update(nodes.getIds().map(function (n) {
      return {id: n, color: colour[n], font: {color: "#222"}};
    }));
    edges.update(edges.getIds().map(function (e) {
      return {id: e, color: {color: "#9a9a9a"}, font: {color: "#333"}};
    }));
    highlighted = null;
  }

  network.on("click", function (params) {
    if (params.nodes.length) highlight(params.nodes[0]);
    else unhighlight();
  });

  // ------------------------------------------------------------ filters
  function ticked(selector, attr) {
    var on = {};
    document.querySelectorAll(selector).forEach(function (box) {
      on[box.getAttribute(attr)] = box.checked;
    });
    return on;
  }

  function applyFilters() {
    var classOn = ticked("#legend input[data-class]", "data-class");
    var propOn = ticked("#properties input[data-property]", "data-property");
    var hiddenNode = {};
    nodes.update(nodes.getIds().map(function (n) {
      hiddenNode[n] = classOn[data.cls[n]] === false;
      return {id: n, hidden: hiddenNode[n]};
    }));
    edges.update(edges.get().map(function (e) {
      return {id: e.id, hidden: propOn[data.prop[e.id]] === false || hiddenNode[e.from] || hiddenNode[e.to]};
    }));
  }

  document.querySelectorAll("#legend input, #properties input").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });

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
    if (node.hidden) {
      status.textContent = node.label + " is hidden by the class filter";
      return;
    }
    status.textContent = "found: " + node.label;
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, {scale: 1.2, animation: {duration: 300}});
    status.setAttribute("data-found", id);
  }

  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();  // Enter and the button both search; the page never reloads
    search();
  });
})();
