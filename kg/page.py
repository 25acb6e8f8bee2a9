"""The entity graph as one self-contained, interactive HTML page.

pyvis builds the node and edge records; the page around them is kg's own, because pyvis
0.3.2's template loads Bootstrap from a CDN even with ``cdn_resources="in_line"``, writes the
heading unescaped, and switches to an ``innerHTML`` tooltip as soon as any title contains
"href".  vis-network itself is read from the copy pyvis ships and inlined, so the page opens
from a file with no network at all.

>>> import tempfile
>>> import networkx as nx
>>> from pathlib import Path
>>> G = nx.MultiDiGraph()
>>> G.add_node("x", label="</script>", cls="Person", root="Person", alt_labels=[], facts=[])
>>> out = render(G, [], Path(tempfile.mkdtemp()) / "graph.html")
>>> out.read_text().count("</script>")  # vis-network's and kg's own, not the label's
2
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from string import Template

import networkx as nx
from pyvis.network import Network

from kg.analytics import CentralityRow
from kg.files import write_text
from kg.errors import KgError

__all__ = ["CLASS_COLOURS", "render"]

# Shades of one hue per root class, so subclasses read as kin of their root.
CLASS_COLOURS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "GovernmentBody": "#c8641a",
    "Location": "#59a14f",
    "Country": "#2f7a2a",
    "Region": "#76b86a",
    "City": "#8cd17d",
    "Building": "#b6992d",
    "Facility": "#a0cbe8",
    "Event": "#e15759",
    "Attack": "#a4161a",
    "Meeting": "#ff9d9a",
    "Group": "#b07aa1",
    "Position": "#9c755f",
}
OTHER_COLOUR = "#bab0ac"
TOP_ROWS = 20
MAX_FACTS_IN_TIP = 12

OPTIONS = {
    "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 14}},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#9a9a9a", "highlight": "#333333"},
        "font": {"size": 10, "align": "middle"},
        "smooth": {"type": "dynamic"},
    },
    "interaction": {"hover": True, "tooltipDelay": 150},
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 250}},
}

# The scripts run only if their hashes are listed, so markup that slipped past escaping could
# still run nothing: no inline handlers, no injected <script>, and nothing fetched from anywhere.
_CSP = ("default-src 'none'; script-src $script_hashes; style-src 'unsafe-inline'; "
        "img-src data:")

_PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="$csp">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>$title</title>
<style>$vis_css</style>
<style>
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #222; }
header { padding: .5rem 1rem; border-bottom: 1px solid #ddd; }
header h1 { font-size: 1.2rem; margin: 0; }
main { display: flex; height: calc(100vh - 3rem); }
#mynetwork { flex: 1; min-width: 0; }
aside { width: 20rem; overflow: auto; padding: .5rem 1rem; border-left: 1px solid #ddd; }
aside h2 { font-size: 1rem; margin: .75rem 0 .25rem; }
.legend { list-style: none; padding: 0; margin: 0; }
.legend li { margin: .15rem 0; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%;
          margin-right: .4rem; vertical-align: middle; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: .1rem .25rem; vertical-align: top; overflow-wrap: anywhere; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.kg-tip { white-space: pre-line; max-width: 32rem; font: 13px/1.4 system-ui, sans-serif; }
</style>
</head>
<body>
<header><h1>$title</h1></header>
<main>
<div id="mynetwork"></div>
<aside>
<h2>Classes</h2>
<ul class="legend" id="legend">
$legend
</ul>
<h2>Most central</h2>
<table id="central">
<thead><tr><th>Entity</th><th>Class</th><th>PageRank</th></tr></thead>
<tbody>
$table
</tbody>
</table>
</aside>
</main>
<script>$vis_js</script>
<script>$app_js</script>
</body>
</html>
""")

# `network` is a global, as in pyvis's own template, so the console and tests can reach it.
_APP = Template("""var network;
(function () {
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
  var nodes = new vis.DataSet($nodes.map(asText));
  var edges = new vis.DataSet($edges.map(asText));
  network = new vis.Network(document.getElementById("mynetwork"),
                            {nodes: nodes, edges: edges}, $options);
})();
""")


def _script_json(value) -> str:
    """JSON that is also safe inside <script>: no ``</script>``, no ``<!--``.

    >>> _script_json(["</script>"])
    '["\\\\u003c/script\\\\u003e"]'
    """
    text = json.dumps(value, ensure_ascii=True, sort_keys=True)
    # <, > and & occur in JSON only inside strings, where their \\u escapes mean the same.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _guard(code: str, tag: str) -> str:
    """Third-party code made unable to close the element it is inlined in."""
    return re.sub(rf"</({tag})", r"<\\/\1", code, flags=re.IGNORECASE)


def _version(path: Path) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", path.name))


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the newest copy inside the installed pyvis package."""
    lib = Path(str(files("pyvis"))) / "templates" / "lib"
    dirs = sorted((d for d in lib.glob("vis-*") if (d / "vis-network.min.js").is_file()), key=_version)
    if not dirs:
        raise KgError(f"no vis-network inside pyvis at {lib}; reinstall pyvis>=0.3.2")
    js = (dirs[-1] / "vis-network.min.js").read_text(encoding="utf-8")
    css = (dirs[-1] / "vis-network.css").read_text(encoding="utf-8")
    # A source map comment makes devtools fetch a file that is not there.
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    return _guard(js, "script"), _guard(css, "style")


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _node_tip(data: dict, row: CentralityRow | None) -> str:
    cls, root = data.get("cls", ""), data.get("root", "")
    lines = [str(data.get("label", "")), cls if root in ("", cls) else f"{cls} ({root})"]
    if data.get("alt_labels"):
        lines.append("Also: " + "; ".join(data["alt_labels"]))
    if row is not None:
        lines.append(f"PageRank {row.pagerank:.3f} · degree {row.degree}")
    facts = list(data.get("facts", []))
    lines += [f"• {f}" for f in facts[:MAX_FACTS_IN_TIP]]
    if len(facts) > MAX_FACTS_IN_TIP:
        lines.append(f"… and {len(facts) - MAX_FACTS_IN_TIP} more")
    return "\n".join(lines)


def _legend(G: nx.Graph) -> str:
    counts: dict[str, int] = {}
    for _, data in G.nodes(data=True):
        counts[data.get("cls", "")] = counts.get(data.get("cls", ""), 0) + 1
    order = list(CLASS_COLOURS)
    items = []
    for cls in sorted(counts, key=lambda c: (order.index(c) if c in order else len(order), c)):
        colour = CLASS_COLOURS.get(cls, OTHER_COLOUR)
        items.append(f'<li><span class="swatch" style="background:{html.escape(colour)}"></span>'
                     f'{html.escape(cls or "(none)")} ({counts[cls]})</li>')
    return "\n".join(items)


def _table(rows: list[CentralityRow]) -> str:
    return "\n".join(
        f"<tr><td>{html.escape(r.label)}</td><td>{html.escape(r.cls)}</td>"
        f'<td class="num">{r.pagerank:.3f}</td></tr>'
        for r in rows[:TOP_ROWS]
    )


def render(G: nx.MultiDiGraph, rows: list[CentralityRow], path: str | os.PathLike,
           title: str = "kg knowledge graph") -> Path:
    """Write ``G`` as an interactive page: colour by class, size by PageRank, predicates on
    edges, the source sentence on hover.  Works offline; returns the path written.

    >>> import tempfile
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Ada", cls="Person", root="Person", alt_labels=[], facts=[])
    >>> out = render(G, [], Path(tempfile.mkdtemp()) / "g.html", title="Ada & co")
    >>> "<h1>Ada &amp; co</h1>" in out.read_text()
    True
    """
    by_iri = {r.iri: r for r in rows}
    top = max((r.pagerank for r in rows), default=0.0)
    net = Network(directed=True, cdn_resources="in_line")
    for n in sorted(G.nodes):
        data = G.nodes[n]
        row = by_iri.get(n)
        share = row.pagerank / top if row is not None and top > 0 else 0.0
        net.add_node(
            str(n),
            label=str(data.get("label", n)),
            title=_node_tip(data, row),
            color=CLASS_COLOURS.get(data.get("cls", ""), OTHER_COLOUR),
            # Area, not radius, follows PageRank so big nodes do not swamp the picture.
            size=round(8 + 32 * math.sqrt(share), 2),
        )
    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        predicate = str(data.get("predicate", key))
        fact = f"{G.nodes[u].get('label', u)} {predicate} {G.nodes[v].get('label', v)}"
        sentence = str(data.get("sentence", ""))
        net.add_edge(str(u), str(v), label=predicate, title=f"{fact}\n\n“{sentence}”" if sentence else fact)
    net.set_options(json.dumps(OPTIONS))
    nodes, edges, _, _, _, options = net.get_network_data()

    vis_js, vis_css = _vis_assets()
    app_js = _APP.substitute(nodes=_script_json(nodes), edges=_script_json(edges),
                             options=_script_json(json.loads(options)))
    csp = Template(_CSP).substitute(script_hashes=" ".join(_csp_hash(s) for s in (vis_js, app_js)))
    page = _PAGE.substitute(
        csp=html.escape(csp),
        title=html.escape(title),
        vis_css=vis_css,
        legend=_legend(G),
        table=_table(rows),
        vis_js=vis_js,
        app_js=app_js,
    )
    return write_text(path, page)
