"""The entity graph as one self-contained, interactive HTML page.

pyvis builds the node and edge records; the page around them is kg's own, because pyvis
0.3.2's template loads Bootstrap from a CDN even with ``cdn_resources="in_line"``, writes the
heading unescaped, and switches to an ``innerHTML`` tooltip as soon as any title contains
"href".  vis-network itself is read from the copy pyvis ships and inlined, so the page opens
from a file with no network at all.  The page's own script (search, filters, highlighting) is
``kg/assets/page.js``, inlined too; the graph reaches it as a JSON data block, never as code.
The HTML around them is the template ``kg/assets/page.html.j2``, which escapes every text.

>>> import tempfile
>>> import networkx as nx
>>> from pathlib import Path
>>> G = nx.MultiDiGraph()
>>> G.add_node("x", label="</script>", cls="Person", root="Person", alt_labels=[], facts=[])
>>> out = render(G, [], Path(tempfile.mkdtemp()) / "graph.html")
>>> out.read_text().count("</script>")  # vis-network's, the data block's and kg's, not the label's
3
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

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from kg.errors import KgError
from kg.explore.analytics import CentralityRow
from kg.explore.layout import layout
from kg.files import write_text

__all__ = ["CLASS_COLOURS", "SIZE_BY", "MAX_NODES", "PHYSICS_MAX_NODES", "render"]

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
MAX_SENTENCES_IN_TIP = 3
MAX_SENTENCE_CHARS = 300

# The measures a node can be sized by: CentralityRow fields.
SIZE_BY = ("pagerank", "betweenness", "degree")
SIZE_NAMES = {"pagerank": "PageRank", "betweenness": "Betweenness", "degree": "Degree"}

# Up to this many nodes vis-network's own physics places them (bounded, then stopped); above
# it positions are computed here, because vis's stabilisation of thousands of nodes takes
# many seconds in the browser while the same layout in numpy takes a fraction of that.
PHYSICS_MAX_NODES = 300
STABILISATION_ITERATIONS = 200
# Past this many nodes the page shows only the most central: bench/page_large.py shows a page
# of 2,000 nodes still pans and zooms without stutter, and no reader follows more labels.
MAX_NODES = 2000

OPTIONS = {
    "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 14}},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#9a9a9a", "highlight": "#333333"},
        "font": {"size": 10, "align": "middle"},
        "smooth": {"type": "dynamic"},
    },
    "interaction": {"hover": True, "tooltipDelay": 150},
    "physics": {"solver": "forceAtlas2Based",
                "stabilization": {"iterations": STABILISATION_ITERATIONS, "updateInterval": 50}},
}
# With positions given: no physics, no curved edges (each is a hidden physics node in vis),
# and no edges redrawn while the reader drags or zooms.
LARGE_OPTIONS = {
    "nodes": {**OPTIONS["nodes"], "scaling": {"label": {"drawThreshold": 8}}},
    # Edge labels start hidden: the whole graph fits only zoomed far out, where they are
    # unreadable and slow to draw; page.js shows them once zoomed in.
    "edges": {**OPTIONS["edges"], "smooth": False, "font": {**OPTIONS["edges"]["font"], "size": 0}},
    "interaction": {**OPTIONS["interaction"], "hideEdgesOnDrag": True, "hideEdgesOnZoom": True},
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
}

# The scripts run only if their hashes are listed, so markup that slipped past escaping could
# still run nothing: no inline handlers, no injected <script>, and nothing fetched from anywhere.
_CSP = ("default-src 'none'; script-src $script_hashes; style-src 'unsafe-inline'; "
        "img-src data:; form-action 'none'")

@lru_cache(maxsize=1)
def _page_template() -> jinja2.Template:
    """``kg/assets/page.html.j2``, every value it is given escaped unless marked ``Markup``.
    The escaping is ``html.escape``'s (``&#x27;``, ``&quot;``), set once as ``finalize``, not
    markupsafe's (``&#39;``, ``&#34;``): a browser reads both alike, and so the page stays byte
    for byte what kg wrote before it had a template."""
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined,
                             finalize=lambda v: v if isinstance(v, Markup) else Markup(html.escape(str(v))))
    return env.from_string((files("kg") / "assets" / "page.html.j2").read_text(encoding="utf-8"))


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


@lru_cache(maxsize=1)
def _app_js() -> str:
    return _guard((files("kg") / "assets" / "page.js").read_text(encoding="utf-8"), "script")


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _measure(row: CentralityRow | None, size_by: str) -> float:
    return float(getattr(row, size_by)) if row is not None else 0.0


def _format(value: float, size_by: str) -> str:
    return f"{value:.0f}" if size_by == "degree" else f"{value:.3f}"


def _sentences(G: nx.MultiDiGraph, n) -> list[str]:
    """The distinct source sentences of the facts ``n`` takes part in, in a stable order."""
    found = {str(d.get("sentence", "")) for _, _, d in G.out_edges(n, data=True)}
    found |= {str(d.get("sentence", "")) for _, _, d in G.in_edges(n, data=True)}
    return sorted(s for s in found if s)


def _node_tip(G: nx.MultiDiGraph, n, row: CentralityRow | None) -> str:
    data = G.nodes[n]
    cls, root = data.get("cls", ""), data.get("root", "")
    lines = [str(data.get("label", n)), cls if root in ("", cls) else f"{cls} ({root})"]
    if data.get("alt_labels"):
        lines.append("Also: " + "; ".join(data["alt_labels"]))
    if row is not None:
        lines.append(f"PageRank {row.pagerank:.3f} · betweenness {row.betweenness:.3f} · degree {row.degree}")
    facts = list(data.get("facts", []))
    lines += [f"• {f}" for f in facts[:MAX_FACTS_IN_TIP]]
    if len(facts) > MAX_FACTS_IN_TIP:
        lines.append(f"… and {len(facts) - MAX_FACTS_IN_TIP} more")
    sentences = _sentences(G, n)
    for s in sentences[:MAX_SENTENCES_IN_TIP]:
        lines.append(f"“{s if len(s) <= MAX_SENTENCE_CHARS else s[:MAX_SENTENCE_CHARS] + '…'}”")
    if len(sentences) > MAX_SENTENCES_IN_TIP:
        lines.append(f"… and {len(sentences) - MAX_SENTENCES_IN_TIP} more sentences")
    return "\n".join(lines)


def _ordered(counts: dict[str, int], order: list[str]) -> list[str]:
    return sorted(counts, key=lambda c: (order.index(c) if c in order else len(order), c))


def _legend(G: nx.Graph) -> list[tuple[str, int, str]]:
    """(class, its nodes, its colour), in the order of CLASS_COLOURS."""
    counts: dict[str, int] = {}
    for _, data in G.nodes(data=True):
        counts[data.get("cls", "")] = counts.get(data.get("cls", ""), 0) + 1
    return [(c, counts[c], CLASS_COLOURS.get(c, OTHER_COLOUR)) for c in _ordered(counts, list(CLASS_COLOURS))]


def _properties(G: nx.MultiDiGraph) -> list[tuple[str, int]]:
    """(property, its edges), by name."""
    counts: dict[str, int] = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        p = str(data.get("predicate", key))
        counts[p] = counts.get(p, 0) + 1
    return [(p, counts[p]) for p in _ordered(counts, [])]


def _plural(n: int, one: str, many: str | None = None) -> str:
    """
    >>> _plural(1, "article"), _plural(2, "entity", "entities")
    ('article', 'entities')
    """
    return one if n == 1 else (many or one + "s")


def _table(rows: list[CentralityRow], size_by: str) -> list[tuple[str, str, str]]:
    return [(r.label, r.cls, _format(_measure(r, size_by), size_by)) for r in rows[:TOP_ROWS]]


def _most_central(G: nx.MultiDiGraph, by_iri: dict, size_by: str, limit: int) -> nx.MultiDiGraph:
    ranked = sorted(G.nodes, key=lambda n: (-_measure(by_iri.get(n), size_by),
                                            str(G.nodes[n].get("label", n)), str(n)))
    return G.subgraph(ranked[:limit]).copy()


def render(G: nx.MultiDiGraph, rows: list[CentralityRow], path: str | os.PathLike,
           title: str = "kg knowledge graph", size_by: str = "pagerank",
           max_nodes: int = MAX_NODES, articles: int | None = None) -> Path:
    """Write ``G`` as an interactive page: colour by class, size by ``size_by`` (one of
    :data:`SIZE_BY`), properties on edges, facts and source sentences on hover, search,
    filters by class and property, the neighbourhood of a clicked node highlighted.  Past
    ``max_nodes`` entities it shows the most central ones and says so.  The header counts the
    ``articles`` the graph was read from (when given) and its entities.  Works offline; returns
    the path written.

    >>> import tempfile
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Ada", cls="Person", root="Person", alt_labels=[], facts=[])
    >>> out = render(G, [], Path(tempfile.mkdtemp()) / "g.html", title="Ada & co")
    >>> "<h1>Ada &amp; co</h1>" in out.read_text()
    True
    """
    if size_by not in SIZE_BY:
        raise KgError(f"cannot size nodes by {size_by!r}: choose one of {', '.join(SIZE_BY)}")
    if max_nodes < 1:
        raise KgError(f"max_nodes must be at least 1, not {max_nodes}")
    by_iri = {r.iri: r for r in rows}
    total = G.number_of_nodes()
    notice = None
    if total > max_nodes:
        G = _most_central(G, by_iri, size_by, max_nodes)
        notice = {"shown": f"{max_nodes:,}", "total": f"{total:,}"}
    counts = f"{total:,} {_plural(total, 'entity', 'entities')}"
    if articles is not None:
        counts = f"{articles:,} {_plural(articles, 'article')} · {counts}"
    shown = [r for r in rows if r.iri in G]
    shown.sort(key=lambda r: (-_measure(r, size_by), r.label, r.iri))
    top = max((_measure(r, size_by) for r in shown), default=0.0)
    large = G.number_of_nodes() > PHYSICS_MAX_NODES
    positions = layout(G) if large else {}

    net = Network(directed=True, cdn_resources="in_line")
    names, classes, props = {}, {}, {}
    for n in sorted(G.nodes):
        data = G.nodes[n]
        row = by_iri.get(n)
        share = _measure(row, size_by) / top if top > 0 else 0.0
        extra = {"x": positions[n][0], "y": positions[n][1]} if large else {}
        net.add_node(
            str(n),
            label=str(data.get("label", n)),
            title=_node_tip(G, n, row),
            color=CLASS_COLOURS.get(data.get("cls", ""), OTHER_COLOUR),
            # Area, not radius, follows the measure so big nodes do not swamp the picture.
            size=round(8 + 32 * math.sqrt(share), 2),
            **extra,
        )
        names[str(n)] = [str(data.get("label", n))] + [str(a) for a in data.get("alt_labels", [])]
        classes[str(n)] = str(data.get("cls", ""))
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    for i, (u, v, key, data) in enumerate(edges):
        predicate = str(data.get("predicate", key))
        fact = f"{G.nodes[u].get('label', u)} {predicate} {G.nodes[v].get('label', v)}"
        sentence = str(data.get("sentence", ""))
        net.add_edge(str(u), str(v), id=f"e{i}", label=predicate,
                     title=f"{fact}\n\n“{sentence}”" if sentence else fact)
        props[f"e{i}"] = predicate
    net.set_options(json.dumps(LARGE_OPTIONS if large else OPTIONS))
    vis_nodes, vis_edges, _, _, _, options = net.get_network_data()

    vis_js, vis_css = _vis_assets()
    app_js = _app_js()
    data = {"nodes": vis_nodes, "edges": vis_edges, "options": json.loads(options),
            "names": names, "cls": classes, "prop": props, "edgeFont": OPTIONS["edges"]["font"]["size"], "large": large}
    csp = Template(_CSP).substitute(script_hashes=" ".join(_csp_hash(s) for s in (vis_js, app_js)))
    page = _page_template().render(
        csp=csp,
        title=title,
        counts=counts,
        notice=notice,
        vis_css=Markup(vis_css),
        legend=_legend(G),
        properties=_properties(G),
        measure=SIZE_NAMES[size_by],
        table=_table(shown, size_by),
        vis_js=Markup(vis_js),
        data=Markup(_script_json(data)),
        app_js=Markup(app_js),
    )
    return write_text(path, page)
