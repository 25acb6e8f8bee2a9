"""The entity graph as one self-contained, interactive HTML page.

pyvis builds the node and edge records; the page around them is kg's own, because pyvis
0.3.2's template loads Bootstrap from a CDN even with ``cdn_resources="in_line"``, writes the
heading unescaped, and switches to an ``innerHTML`` tooltip as soon as any title contains
"href".  vis-network itself is read from the copy pyvis ships and inlined, so the page opens
from a file with no network at all.  The page's own script (search, filters, highlighting) is
``kg/assets/page.js``, inlined too (labels where they fit, the side panel, filters, search);
the graph reaches it as a JSON data block, never as code.
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
from kg.explore.analytics import CentralityRow, communities
from kg.explore.history import ROLE_FACTS, History, Source
from kg.explore.layout import overview
from kg.files import write_text

__all__ = ["CLASS_COLOURS", "SIZE_BY", "MAX_NODES", "render"]

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

# Every position is computed here (kg.explore.layout.overview: communities apart, components
# packed, isolates folded), so the first view is the same on every load and needs no physics.
# Past this many nodes the page shows only the most central: bench/page_large.py shows a page
# of 2,000 nodes still pans and zooms without stutter, and no reader follows more labels.
MAX_NODES = 2000
# Past this many nodes edges are hidden while the reader drags or zooms (a redraw of 2,000
# nodes with their edges took ~40 ms; without them ~10 ms).
LARGE_NODES = 300

# vis draws no label itself (font size 0): page.js draws the labels that fit, most central
# first, at a fixed size on screen, so none overlaps another at any zoom.  Edge labels show
# for the selected entity's facts only.
OPTIONS = {
    "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 0}},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#9a9a9a", "highlight": "#333333"},
        "font": {"size": 0, "align": "middle"},
        "smooth": False,
    },
    "interaction": {"hover": True, "tooltipDelay": 150},
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
}
EDGE_FONT = 11  # px on screen, page.js's labels of the selected entity's facts
LARGE_INTERACTION = {"hideEdgesOnDrag": True, "hideEdgesOnZoom": True}

# What the tray calls the isolates of a root class: "31 unlinked places".
TRAY_NOUNS = {"Person": ("person", "people"), "Organization": ("organisation", "organisations"),
              "Location": ("place", "places"), "Event": ("event", "events"),
              "Position": ("position", "positions"), "Group": ("group", "groups")}

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


def _table(rows: list[CentralityRow], size_by: str) -> list[tuple[str, str, str, str]]:
    return [(r.iri, r.label, r.cls, _format(_measure(r, size_by), size_by)) for r in rows[:TOP_ROWS]]


def _most_central(G: nx.MultiDiGraph, by_iri: dict, size_by: str, limit: int) -> nx.MultiDiGraph:
    ranked = sorted(G.nodes, key=lambda n: (-_measure(by_iri.get(n), size_by),
                                            str(G.nodes[n].get("label", n)), str(n)))
    return G.subgraph(ranked[:limit]).copy()


def _article_name(document: str) -> str:
    """A document as the page names it: a file's name, not its whole path.

    >>> _article_name("/news/2024/tarvel-vote.txt"), _article_name("")
    ('tarvel-vote.txt', '')
    """
    return document.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _tray(G: nx.MultiDiGraph, isolates: dict[str, list]) -> list[tuple[str, str, list[str]]]:
    """(root class, what the tray says, node ids) per root class of folded isolates."""
    out = []
    for root, members in isolates.items():
        one, many = TRAY_NOUNS.get(root, ("entity", "entities"))
        out.append((root, f"{len(members):,} unlinked {_plural(len(members), one, many)}", [str(v) for v in members]))
    return out


def _facts(G: nx.MultiDiGraph, edges: list) -> tuple[dict, list[str], list[str], list[str]]:
    """Edge id → [sentence index, article indexes, confidence], with the sentences and the
    articles listed once each (a sentence behind five facts is sent once, not five times), and
    each article's date ("" where it has none)."""
    sentences: dict[str, int] = {}
    articles: dict[str, int] = {}
    for _, _, _, d in edges:
        for doc in d.get("documents") or ([d["document"]] if d.get("document") else []):
            articles.setdefault(str(doc), 0)
    for i, doc in enumerate(sorted(articles)):
        articles[doc] = i
    out = {}
    for i, (_, _, _, d) in enumerate(edges):
        sentence = str(d.get("sentence", ""))
        docs = d.get("documents") or ([d["document"]] if d.get("document") else [])
        out[f"e{i}"] = [sentences.setdefault(sentence, len(sentences)) if sentence else -1,
                        sorted(articles[str(doc)] for doc in docs),
                        round(float(d.get("confidence", 1.0)), 3)]
    dates = G.graph.get("dates", {})
    return out, list(sentences), [_article_name(doc) for doc in sorted(articles)], \
        [str(dates.get(doc, "")) for doc in sorted(articles)]


# A tenure in the page's data is a list in this order (page.js reads the names from the data):
# with named fields and each source's title and date spelled out, the 2,393 roles of a 500-wire-
# article page took 1.04 MB of its 7.97 MB.
ROLE_FIELDS = ("who", "post", "at", "status", "when", "src", "rep", "conf", "confSrc", "win")


def _roles(G: nx.MultiDiGraph, edges: list, timeline: History | None) -> dict:
    """The page's data of time: each tenure as the side panel lists it (``roles``, lists of
    :data:`ROLE_FIELDS`, their sources indexes into ``roleSources``: [title, date], ``win`` the
    days it was held: [first, last] or null), which of
    them each drawn entity's panel lists, in date order, and as what (``history``: node →
    ["held", ...] for a person's own, ["holders", ...] for a post's, ["in", ...] for a body's or
    place's), the days each role fact holds (``roleWhen``: edge id → [first, last] windows, ""
    for no bound; a fact held on any day is left out) and each event's first possible day
    (``eventDate``).  None of it when ``timeline`` is None."""
    if timeline is None:
        return {"roles": [], "roleFields": ROLE_FIELDS, "roleSources": [], "history": {}, "reconciled": False,
                "roleWhen": {}, "eventDate": {}}
    by_node = {n: ts for n, ts in timeline.by_node().items() if n in G}
    by_iri = {t.iri: t for t in timeline.tenures}
    listed = [by_iri[i] for i in dict.fromkeys(t.iri for ts in by_node.values() for t in ts)]
    index = {t.iri: i for i, t in enumerate(listed)}
    label_of = {t.iri: t.person_label for t in timeline.tenures}
    sources: dict[tuple[str, str], int] = {}

    def refs(found: list[Source]) -> list[int]:
        return [sources.setdefault((s.title or _article_name(s.document), s.date), len(sources)) for s in found]

    roles = []
    for t in listed:
        at = [x for x in dict.fromkeys((t.organization_label, t.place_label)) if x and x not in t.post_label]
        fields = {"who": t.person_label, "post": t.post_label, "at": " · ".join(at), "status": t.status,
                  "when": t.when, "src": refs(t.sources), "rep": label_of.get(t.replaces, ""),
                  "conf": sorted({label_of[c] for c in t.conflicts if c in label_of}),
                  "confSrc": refs(t.conflict_sources), "win": list(t.window) if t.window else None}
        roles.append([fields[f] for f in ROLE_FIELDS])
    history = {}
    for n, ts in by_node.items():
        kind = "held" if n == ts[0].person else "holders" if n == ts[0].post else "in"
        history[n] = [kind, [index[t.iri] for t in ts]]
    windows = timeline.windows()
    when = {}
    for i, (u, v, key, d) in enumerate(edges):
        found = windows.get((str(u), str(v)))
        if str(d.get("predicate", key)) in ROLE_FACTS and found is not None and ("", "") not in found:
            when[f"e{i}"] = [list(w) for w in found]
    return {"roles": roles, "roleFields": ROLE_FIELDS, "roleSources": [list(k) for k in sources],
            "history": history, "reconciled": timeline.reconciled, "roleWhen": when,
            "eventDate": {n: d for n, d in timeline.event_dates.items() if n in G}}


def _literal_facts(G: nx.MultiDiGraph, n) -> list[str]:
    """The node's facts that are not edges of the page: dates and other literal values."""
    drawn = {f"{G.nodes[u].get('label', u)} {d.get('predicate', k)} {G.nodes[v].get('label', v)}"
             for u, v, k, d in list(G.out_edges(n, keys=True, data=True)) + list(G.in_edges(n, keys=True, data=True))}
    return [f for f in G.nodes[n].get("facts", []) if f not in drawn]


def render(G: nx.MultiDiGraph, rows: list[CentralityRow], path: str | os.PathLike,
           title: str = "kg knowledge graph", size_by: str = "pagerank",
           max_nodes: int = MAX_NODES, articles: int | None = None, timeline: History | None = None) -> Path:
    """Write ``G`` as an interactive page that opens as an overview: positions computed here
    (:func:`kg.explore.layout.overview`: communities apart and outlined, components packed,
    entities in no fact folded into a counted tray), colour by class, size by ``size_by`` (one
    of :data:`SIZE_BY`), labels only where they fit (page.js), facts and sentences on hover; a
    click or a search opens the entity's side panel (names, class, roles, facts with sentences,
    articles and confidence, neighbours); filters by class, property, article, date and
    confidence.  Past ``max_nodes`` entities it shows the most central ones and says so.  The
    header counts the ``articles`` the graph was read from (when given), its entities and facts,
    and what is folded or filtered out.  With a ``timeline`` (:func:`kg.explore.history.read`
    of the same graph) the panel lists an entity's role history, and a date control shows the
    graph as it stood on a chosen day.  Works offline; returns the path written.

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
    large = G.number_of_nodes() > LARGE_NODES
    parts = communities(G)
    view = overview(G, parts)
    # Isolates fold into the tray only beside a picture: a graph of isolates alone shows them.
    folded = _tray(G, view.isolates) if G.number_of_edges() else []
    hidden = {v for _, _, members in folded for v in members}
    of_part = {v: i for i, p in enumerate(parts) for v in p}

    net = Network(directed=True, cdn_resources="in_line")
    names, classes, props, info = {}, {}, {}, {}
    for n in sorted(G.nodes):
        data = G.nodes[n]
        row = by_iri.get(n)
        share = _measure(row, size_by) / top if top > 0 else 0.0
        net.add_node(
            str(n),
            label=str(data.get("label", n)),
            title=_node_tip(G, n, row),
            color=CLASS_COLOURS.get(data.get("cls", ""), OTHER_COLOUR),
            # Area, not radius, follows the measure so big nodes do not swamp the picture.
            size=round(8 + 32 * math.sqrt(share), 2),
            x=view.positions[n][0], y=view.positions[n][1],
            **({"hidden": True} if str(n) in hidden else {}),
        )
        names[str(n)] = [str(data.get("label", n))] + [str(a) for a in data.get("alt_labels", [])]
        classes[str(n)] = str(data.get("cls", ""))
        info[str(n)] = {"root": str(data.get("root", "")), "lit": _literal_facts(G, n),
                        "comm": of_part.get(n, 0) + 1}
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    for i, (u, v, key, data) in enumerate(edges):
        predicate = str(data.get("predicate", key))
        fact = f"{G.nodes[u].get('label', u)} {predicate} {G.nodes[v].get('label', v)}"
        sentence = str(data.get("sentence", ""))
        net.add_edge(str(u), str(v), id=f"e{i}", label=predicate,
                     title=f"{fact}\n\n“{sentence}”" if sentence else fact)
        props[f"e{i}"] = predicate
    options = json.loads(json.dumps(OPTIONS))
    if large:
        options["interaction"].update(LARGE_INTERACTION)
    net.set_options(json.dumps(options))
    vis_nodes, vis_edges, _, _, _, options = net.get_network_data()
    facts, sentences, article_names, dates = _facts(G, edges)
    # Label priority: the chosen measure, then the label, as the table ranks them.
    rank = [r.iri for r in shown] + sorted((str(n) for n in G if n not in by_iri), key=lambda n: names[n][0])

    vis_js, vis_css = _vis_assets()
    app_js = _app_js()
    data = {"nodes": vis_nodes, "edges": vis_edges, "options": json.loads(options),
            "names": names, "cls": classes, "prop": props, "info": info, "rank": rank,
            "facts": facts, "sentences": sentences, "articles": article_names, "dates": dates,
            "discs": view.discs, "tray": folded, "edgeFont": EDGE_FONT, "large": large,
            **_roles(G, edges, timeline)}
    csp = Template(_CSP).substitute(script_hashes=" ".join(_csp_hash(s) for s in (vis_js, app_js)))
    n_facts = G.number_of_edges()
    dated = [d for d in dates if d]
    page = _page_template().render(
        csp=csp,
        title=title,
        counts=f"{counts} · {n_facts:,} {_plural(n_facts, 'fact')}",
        notice=notice,
        tray=[(root, text) for root, text, _ in folded],
        articles=[(i, name, sum(1 for f in facts.values() if i in f[1])) for i, name in enumerate(article_names)],
        dates=(min(dated), max(dated)) if dated else None,
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
