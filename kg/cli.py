"""The `kg` command: argument parsing and one-line errors over kg.pipeline.

    kg build PATH... [--out DIR] [--store DIR [--wait SECONDS]]
    kg build PATH... --shards DIR [--cluster local:N|tcp://HOST:PORT]
    kg add PATH... --store DIR [--wait SECONDS] | --endpoint URL
    kg load SHARDS --endpoint URL
    kg remove DOC_ID --store DIR [--wait SECONDS] | --endpoint URL
    kg query GRAPH|STORE 'SPARQL' | --file Q.rq [--format table|csv|tsv|json] [--allow-service]
    kg export GRAPH|STORE [--format ttl|nt|trig|nq|jsonld] [-o FILE] [--ontology]
    kg central GRAPH|STORE [--measure M] [--class C] [--top N] [--format F] [--annotate]
    kg communities GRAPH|STORE [--top N]
    kg path GRAPH|STORE A B
    kg validate GRAPH|STORE
    kg page GRAPH|STORE [-o FILE] [--size-by M]
    kg timeline GRAPH|STORE "Person name" | --post POST [--place P] | --events [--place P] [--from D] [--to D]
    kg conflicts GRAPH|STORE [--format table|csv|json]
    kg serve STORE [--port 7878] [--host 127.0.0.1] [--allow-service]
    kg --version
"""
from __future__ import annotations

import argparse
import codecs
import sys
from pathlib import Path

from kg.errors import KgError, plural
from kg.text import visible

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse with kg's error rule, and an epilog that may need kg's modules (``late_epilog``,
    a function): made only when --help asks, so that every other command starts without them."""

    def __init__(self, *args, late_epilog=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._late_epilog = late_epilog

    def format_help(self):
        if self._late_epilog is not None:
            self.epilog = self._late_epilog()
        return super().format_help()

    def error(self, message):  # argparse's own errors follow the same one-line, exit-2 rule
        raise KgError(message)


def _bounded(kind: type, low: float, high: float | None = None):
    """An argparse type: ``kind`` read from the text and refused outside ``low``..``high``, so
    ``--min-confidence 5`` is a usage error before any work starts.

    >>> _bounded(float, 0, 1)("0.8")
    0.8
    >>> _bounded(int, 1)("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be 1 or more, not 0
    """
    def convert(text: str):
        value = kind(text)  # a ValueError becomes argparse's "invalid int value: 'x'"
        # written so that NaN, which compares False with everything, is refused too
        if not (value >= low and (high is None or value <= high)):
            wanted = f"from {low} to {high}" if high is not None else f"{low} or more"
            raise argparse.ArgumentTypeError(f"must be {wanted}, not {text}")
        return value

    convert.__name__ = kind.__name__
    return convert


_FRACTION = _bounded(float, 0, 1)  # a confidence
_COUNT = _bounded(int, 1)  # --top -2 would slice the last two rows off, not show two


def _seconds(text: str) -> float:
    """A time: 0 or more seconds.  float() alone takes -1, nan and inf: a query timed out at
    once, or ended in a traceback from the thread waiting for it."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"takes a number of seconds, 0 or more, not {text!r}")
    return value


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"kg {version('kg')}"
    except PackageNotFoundError:  # a checkout run without installing: no metadata to read
        return "kg (not installed)"


def _inputs_epilog() -> str:
    from kg.ingest.corpus import KINDS

    return (f"PATH: {KINDS} (one article a line: \"text\", optional \"title\", \"date\", \"url\", "
            "\"id\"), or folders of them, searched recursively.")


def _query_epilog() -> str:
    from kg.graph.prefixes import prefixes

    names = ", ".join(f"{p}:" for p in sorted(prefixes()))
    return (f"Predeclared prefixes (no PREFIX line needed): {names}. "
            "Curated queries: ontology/queries/*.rq.")


def _build(args) -> int:
    from kg import pipeline

    if args.shards:
        return _shards(args)
    if args.cluster:
        raise KgError("--cluster writes shards: give --shards DIR too")
    if args.store:
        return _into_store(args, create=True)
    out = _out_dir(args)
    result = pipeline.build(args.paths, exclude=pipeline.written_by(out), **_build_options(args))
    written = pipeline.write_outputs(result, out, size_by=args.size_by)
    print(pipeline.summary(result))
    print("wrote " + ", ".join(str(p) for p in written.values()))
    print(_open_line(written["graph.html"]))
    return 0


def _shards(args) -> int:
    """``kg build --shards``: N-Quads shards and their manifest, in this process or on a cluster."""
    from kg import cluster

    if args.store or args.out:
        raise KgError("--shards writes only shards: not with --store or --out")
    done = cluster.build_shards(args.paths, args.shards, cluster=args.cluster, min_confidence=args.min_confidence,
                                processes=args.processes, encoding=args.encoding, strict=args.strict)
    print(done)
    return 0


def _open_line(page: Path) -> str:
    """Where to look: a URL a terminal makes clickable and a browser opens from a file."""
    return f"open {page.resolve().as_uri()} in a browser to explore the graph"


def _out_dir(args) -> str | None:
    """Where a build writes its files: --out, else output/ unless it writes only a store."""
    return getattr(args, "out", None) or (None if args.store else "output")


def _add(args) -> int:
    _store_or_endpoint(args)
    if args.endpoint is None:
        return _into_store(args, create=False)
    from kg import pipeline

    done = pipeline.build_into_endpoint(args.paths, _endpoint(args), on_built=_report, **_build_options(args))
    print(done)
    return 0


def _store_or_endpoint(args) -> None:
    """KgError unless exactly one of --store and --endpoint is given."""
    if (args.store is None) == (args.endpoint is None):
        raise KgError("give one of --store DIR and --endpoint URL")


def _endpoint(args):
    from kg.store.endpoint import Endpoint

    return Endpoint(args.endpoint, timeout=args.timeout)


def _load(args) -> int:
    from kg.store import remote

    print(remote.load(args.shards, _endpoint(args)))
    return 0


def _remove(args) -> int:
    _store_or_endpoint(args)
    if args.endpoint is not None:
        from kg.store import remote

        held = remote.remove(args.document, _endpoint(args))
        print(f"removed {args.document} from {args.endpoint}; it holds {plural(held, 'article')}")
        return 0
    from kg.store import kgstore

    with kgstore.open_waiting(args.store, args.wait) as kb:
        quads = kb.remove(args.document)
        held = len(kb.documents())
    print(f"removed {args.document} ({plural(quads, 'quad')}) from {args.store}; it holds {plural(held, 'document')}")
    return 0


def _build_options(args) -> dict:
    """What build and add pass on to ``kg.pipeline.build``."""
    # a bar only where someone watches it (a terminal) unless asked for: logs stay clean
    return dict(min_confidence=args.min_confidence, processes=args.processes,
                progress=True if args.progress else None, encoding=args.encoding, strict=args.strict)


def _into_store(args, create: bool) -> int:
    """``kg add``, and ``kg build --store`` (--out as well writes the files too)."""
    from kg import pipeline

    done = pipeline.build_into_store(args.paths, args.store, create=create, wait=args.wait,
                                     out_dir=_out_dir(args), size_by=getattr(args, "size_by", "pagerank"),
                                     on_built=_report, **_build_options(args))
    print(done)
    if done.written:
        print("wrote " + ", ".join(str(p) for p in done.written.values()))
        print(_open_line(done.written["graph.html"]))
    return 0


def _report(result) -> None:
    """What a build read, printed before it is stored: said even if storing fails."""
    from kg import pipeline

    for change in result.changes:
        print(change)
    print(pipeline.summary(result))


def _export(args) -> int:
    from kg.store import export

    n = export.export(args.source, args.format, args.out, ontology=args.ontology, measures=args.measures,
                      note=_note)
    if args.out:
        fmt = args.format or export.format_for(args.out)
        print(f"wrote {plural(n, 'quad' if fmt in export.QUAD_FORMATS else 'triple')} to {args.out}")
    return 0


def _note(message: str) -> None:
    print(f"kg: note: {message}", file=sys.stderr)


def _query(args) -> int:
    from kg.graph import graphfile
    from kg.store import folder, query, results, sparql

    if args.sparql is None and args.file is None:
        raise KgError("give a SPARQL query as an argument or with --file")
    if args.sparql is not None and args.file is not None:
        raise KgError("give a query as an argument or with --file, not both")
    if args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise KgError(f"cannot read query file {args.file}: {getattr(err, 'strerror', None) or err}") from None
    else:
        text = args.sparql
    results.check_format(sparql.query_form(text), args.format)  # before the graph is read and the query run
    bindings = dict(sparql.parse_binding(b) for b in args.bind or ())
    where = Path(args.graph)
    timeout = args.timeout or None
    if folder.names_endpoint(args.graph):
        if args.update:
            raise KgError(query.REMOTE_UPDATE)
        # One limit, the same as on a store: within's, over the whole answer (a socket's own timeout
        # would only bound each wait, and raced this one to say it another way).
        result = query.within(timeout, query.run, args.graph, text, False, bindings, args.allow_service, 0)
        if not (result.rows or result.boolean or result.graph):
            hidden = query.within(timeout, query.hidden_articles, args.graph, 0)
            if hidden:
                _note(hidden)
    elif folder.names_store(where):
        from kg.store import kgstore

        if args.update:
            raise KgError("--update works on graph files; a store changes only through kg add "
                          "(which keeps its union of articles right)")
        if not kgstore.is_store(where):
            from kg.pipeline import OUTPUT_FILES

            built = where / OUTPUT_FILES[0]
            if built.is_file():
                raise KgError(f"{where} is the output of kg build, not a store: query its graph, {built}")
        with kgstore.KgStore(where, create=False) as kb:
            result = query.within(timeout, kb.query, text, bindings, args.allow_service)
    else:
        text = sparql.bind(text, bindings)  # a --bind that cannot apply fails before the graph is read
        if args.update or sparql.update_verb(text) is None:  # else the update's refusal says more
            sparql.check_calls(text, args.allow_service)
        graph = graphfile.load_graph(args.graph)
        result = query.within(timeout, query.run, graph, text, args.update, None, args.allow_service)
        if result.type == "UPDATE":
            graphfile.save_graph(graph, where)
            print(f"updated {where}: {plural(len(graph), 'triple')}")
            return 0
    print(results.format_result(result, args.format), end="")
    return 0


def _central(args) -> int:
    from kg.explore import analytics, network
    from kg.store import source

    if args.annotate and Path(args.graph).is_dir():
        raise KgError("--annotate rewrites graph files; a store changes only through kg add "
                      "(kg export it to a file and annotate that)")
    graph = source.load(args.graph)
    if args.annotate:
        return _annotate(args, graph)
    rows, notes = analytics.ranking(network.entity_graph(graph), by=args.measure, cls=args.cls, top=args.top)
    for note in notes:
        _note(note)
    print(analytics.format_rows(rows, args.measure, args.format), end="")
    return 0


def _annotate(args, graph) -> int:
    from kg.explore import network
    from kg.explore.annotate import annotate, measure_all
    from kg.graph import graphfile
    from kg.graph.vocab import V

    where = Path(args.graph)
    measured = measure_all(network.entity_graph(graph))
    for note in measured.notes:
        _note(note)
    annotate(graph, measured)
    graphfile.save_graph(graph, where)
    annotated = len(set(graph.subjects(V.pageRank)))
    print(f"annotated {where}: measures on {plural(annotated, 'entity', 'entities')} "
          f"(of {plural(len(measured.community), 'node')}), {plural(len(graph), 'triple')}")
    return 0


def _communities(args) -> int:
    from kg.explore import analytics, network
    from kg.store import source

    G = network.entity_graph(source.load(args.graph))
    rank = {r.iri: i for i, r in enumerate(analytics.centrality(G))}
    parts = analytics.communities(G)
    # the header counts them all: when --top cuts the list, it says how many are listed
    cut = f", the {args.top:,} largest listed" if len(parts) > args.top else ""
    print(f"{plural(len(parts), 'community', 'communities')} (Louvain, seed {analytics.SEED}){cut}; "
          "members most central first")
    for number, part in enumerate(parts[: args.top], start=1):
        members = sorted(part, key=lambda n: rank[str(n)])
        shown = ", ".join(visible(str(G.nodes[n].get("label", n))) for n in members[: args.members])
        more = f", and {len(members) - args.members:,} more" if len(members) > args.members else ""
        print(f"{number}. ({len(members):,}) {shown}{more}")
    return 0


def _path(args) -> int:
    from kg.explore import connections, network
    from kg.store import source

    G = network.entity_graph(source.load(args.graph))
    found = connections.connect(G, args.source, args.target)
    if found is None:
        src, dst = connections.find_entity(G, args.source), connections.find_entity(G, args.target)
        print(f"kg: no path between {visible(G.nodes[src]['label'])} and {visible(G.nodes[dst]['label'])}: "
              f"no chain of facts in {args.graph} joins them", file=sys.stderr)
        return 1
    print(connections.format_path(found))
    return 0


def _validate(args) -> int:
    from kg.store import validate

    report = validate.validate(args.graph)
    if report.conforms:
        print(f"{args.graph} conforms to ontology/shapes.ttl")
        return 0
    print(f"{args.graph} does not conform: {plural(len(report.messages), 'problem')}", file=sys.stderr)
    for line in report.messages:
        print("  " + line, file=sys.stderr)
    return 1


def _page(args) -> int:
    from kg import pipeline
    from kg.store import source

    out = Path(args.out)
    if out.is_dir():
        raise KgError(f"cannot write {out}: it is a folder (give -o FILE.html)")
    graph = source.load(args.graph)
    try:
        pipeline.write_page(graph, out, size_by=args.size_by)
    except OSError as err:
        raise KgError(f"cannot write {out}: {err.strerror or err}") from None
    print(f"wrote {out}")
    print(_open_line(out))
    return 0


def _timeline(args) -> int:
    from kg.store import results, timelines

    asked = [name for name, given in (("a person", args.person), ("--post", args.post), ("--events", args.events))
             if given]
    if len(asked) != 1:
        raise KgError("give one of: a person's name, --post POST, --events" if not asked
                      else f"give one of {' and '.join(asked)}, not both")
    if args.place is not None and args.person:
        raise KgError("--place goes with --post or --events, not with a person")
    if (args.start or args.end) and not args.events:
        raise KgError("--from and --to go with --events")
    if args.person:
        result = timelines.person_history(args.graph, args.person)
    elif args.post:
        result = timelines.post_holders(args.graph, args.post, args.place)
    else:
        result = timelines.events(args.graph, args.place, args.start, args.end)
    print(results.format_result(result, args.format), end="")
    return 0


def _conflicts(args) -> int:
    from kg.store import results, timelines

    print(results.format_result(timelines.conflicts(args.graph), args.format), end="")
    return 0


def _day(text: str) -> str:
    """An ISO date (2026-03-01), the only form --from and --to take."""
    import datetime

    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a date as YYYY-MM-DD, not {text!r}") from None


def _serve(args) -> int:
    from kg.store import serve

    return serve.serve(args.store, host=args.host, port=args.port, cors=args.cors, allow_service=args.allow_service)


def _article_options(p: argparse.ArgumentParser, store_help: str, **store) -> None:
    """What build and add both take: the articles and how to read them."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="articles, or folders of them (see below)")
    p.add_argument("--store", metavar="DIR", help=store_help, **store)
    p.add_argument("--min-confidence", type=_FRACTION, default=0.0, metavar="X",
                   help="leave out facts less sure than X, from 0 to 1 (default: 0, keep every fact)")
    p.add_argument("--processes", type=_COUNT, default=1, metavar="N",
                   help="parse and extract in N worker processes (default: 1)")
    p.add_argument("--progress", action="store_true",
                   help="show a progress bar on stderr even when it is not a terminal")
    p.add_argument("--encoding", type=_encoding, metavar="NAME",
                   help="the articles' encoding when not UTF-8, e.g. cp1252 (a UTF-16 or "
                        "UTF-32 file with a byte-order mark is read without it)")
    p.add_argument("--strict", action="store_true",
                   help="stop at a file in a folder that cannot be read (default: skip it with a warning)")
    p.add_argument("--wait", type=_seconds, default=0.0, metavar="SECONDS",
                   help="when another process has the store open, try again for up to SECONDS "
                        "(default: 0, refuse at once)")


def _endpoint_options(p: argparse.ArgumentParser, required: bool = False) -> None:
    """What the commands that write to a SPARQL server take."""
    p.add_argument("--endpoint", metavar="URL", required=required,
                   help="a SPARQL 1.1 server with SPARQL Update (oxigraph serve, without --union-default-graph: "
                        "kg keeps the union of the articles itself): its base URL, http://HOST:7878/, or its query URL")
    p.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS",
                   help="give up on a request the server has not answered after SECONDS (default: %(default)g)")


def _size_by(p: argparse.ArgumentParser) -> None:
    p.add_argument("--size-by", choices=("pagerank", "betweenness", "degree"), default="pagerank",
                   help="the centrality that sizes the nodes of the page (default: %(default)s)")


def _encoding(name: str) -> str:
    try:
        codec = codecs.lookup(name)
    except LookupError:
        codec = None
    if codec is None or not codec._is_text_encoding:  # base64 and the like turn bytes into bytes
        raise argparse.ArgumentTypeError(f"unknown text encoding: {name!r}")
    return codec.name


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="kg", description="News articles in; a knowledge graph to explore, query and export out.")
    ap.add_argument("--version", action="version", version=_version())
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    b = sub.add_parser("build", help="build a graph from .txt/.md/.html/.jsonl articles or folders of them",
                       late_epilog=_inputs_epilog)
    _article_options(b, "build into the kg store DIR (created if absent; added to if it is one)")
    b.add_argument("--out", help="folder for graph.ttl, graph.html, centrality.csv "
                                 "(default: output/, unless --store is given)")
    b.add_argument("--shards", metavar="DIR", help="write N-Quads shards, an article graph each, and their "
                                                   "manifest.json to DIR instead of a graph (for kg load)")
    b.add_argument("--cluster", metavar="ADDRESS", help="build the shards on a Dask cluster: local:N starts N "
                                                        "workers here, tcp://HOST:PORT is a running scheduler")
    _size_by(b)
    b.set_defaults(run=_build)
    a = sub.add_parser("add", help="add articles to a kg store (an article added again replaces its graph)",
                       late_epilog=_inputs_epilog)
    _article_options(a, "the kg store (made by kg build PATH... --store DIR)")
    _endpoint_options(a)
    a.set_defaults(run=_add)
    lo = sub.add_parser("load", help="load the shards of kg build --shards into a SPARQL server")
    lo.add_argument("shards", metavar="SHARDS", help="the folder kg build PATH... --shards SHARDS wrote")
    _endpoint_options(lo, required=True)
    lo.set_defaults(run=_load)
    r = sub.add_parser("remove", help="take one article's facts out of a kg store or a SPARQL server")
    r.add_argument("document", metavar="DOC_ID", help="the article's document id (its rdfs:label in the graph)")
    r.add_argument("--store", metavar="DIR", help="the kg store")
    r.add_argument("--wait", type=_seconds, default=0.0, metavar="SECONDS",
                   help="when another process has the store open, try again for up to SECONDS (default: 0)")
    _endpoint_options(r)
    r.set_defaults(run=_remove)
    e = sub.add_parser("export", help="write a store or graph file as Turtle, N-Triples, TriG, N-Quads or JSON-LD")
    e.add_argument("source", help="a kg store folder or a graph file")
    e.add_argument("--format", choices=["ttl", "nt", "trig", "nq", "jsonld"],
                   help="trig, nq and jsonld keep each document's named graph; ttl and nt hold their union "
                        "(default: the -o file's suffix, or ttl on stdout)")
    e.add_argument("-o", "--out", metavar="FILE", help="write here (atomically) instead of to stdout")
    e.add_argument("--ontology", action=argparse.BooleanOptionalAction, default=False,
                   help="include ontology/kg.ttl (default: leave it out)")
    e.add_argument("--measures", action=argparse.BooleanOptionalAction, default=False,
                   help="include the kg:pageRank a store keeps on each entity (default: leave it out, "
                        "with a note on stderr)")
    e.set_defaults(run=_export)
    q = sub.add_parser("query", help="run a SPARQL query against a graph file or a kg store",
                       late_epilog=_query_epilog)
    q.add_argument("graph", help="a graph file, a kg store folder or a SPARQL server's URL (http://HOST:PORT/)")
    q.add_argument("sparql", nargs="?", help="the query (or --file)")
    q.add_argument("--file", help="read the query from a .rq file")
    q.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table",
                   help="default: %(default)s")
    q.add_argument("--update", action="store_true", help="allow a SPARQL update; the graph file is rewritten")
    q.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS",
                   help="give up after this many seconds (default: %(default)g s; 0: no limit)")
    q.add_argument("--bind", action="append", metavar="NAME=VALUE",
                   help='fix ?NAME to VALUE (a string, or <IRI>), e.g. --bind person="Ada Bell"; repeatable')
    q.add_argument("--allow-service", action="store_true",
                   help="let SERVICE (and LOAD in an update) fetch the URLs the query names (default: refused)")
    q.set_defaults(run=_query)
    c = sub.add_parser("central", help="the most central entities of a graph file or kg store")
    c.add_argument("graph")
    c.add_argument("--measure", choices=["degree", "betweenness", "pagerank", "eigenvector", "closeness"],
                   default="pagerank", help="rank by this centrality (default: pagerank); betweenness and "
                                            "closeness are estimated from a sample on large graphs")
    c.add_argument("--class", dest="cls", metavar="CLASS", help="only entities of this kg class (subclasses included)")
    c.add_argument("--top", type=_COUNT, default=10, metavar="N", help="how many entities to list (default: 10)")
    c.add_argument("--format", choices=["table", "csv", "json"], default="table", help="default: %(default)s")
    c.add_argument("--annotate", action="store_true",
                   help="write all five measures and the community onto each entity of GRAPH "
                        "(the file is rewritten) instead of printing")
    c.set_defaults(run=_central)
    m = sub.add_parser("communities", help="Louvain communities of a graph, largest first")
    m.add_argument("graph")
    m.add_argument("--top", type=_COUNT, default=10, metavar="N", help="how many communities to list (default: 10)")
    m.add_argument("--members", type=_COUNT, default=8, metavar="N", help="members shown per community (default: 8)")
    m.set_defaults(run=_communities)
    p = sub.add_parser("path", help="how two entities connect: a chain of facts with their sentences")
    p.add_argument("graph")
    p.add_argument("source", help="an entity's label, alternative label or IRI")
    p.add_argument("target", help="an entity's label, alternative label or IRI")
    p.set_defaults(run=_path)
    v = sub.add_parser("validate", help="check a graph file or a kg store against the SHACL shapes")
    v.add_argument("graph", help="a graph file or a kg store folder")
    v.set_defaults(run=_validate)
    g = sub.add_parser("page", help="the interactive HTML page of a graph file or kg store, as kg build draws it")
    g.add_argument("graph", help="a graph file or a kg store folder")
    g.add_argument("-o", "--out", metavar="FILE", default="graph.html", help="write here (default: %(default)s)")
    _size_by(g)
    g.set_defaults(run=_page)
    t = sub.add_parser("timeline", help="a person's posts in date order, a post's holders in order, or the events "
                                        "in date order, across the articles of a graph file or kg store")
    t.add_argument("graph", help="a graph file or a kg store folder")
    t.add_argument("person", nargs="?", help="a person's name: the posts they held, in date order")
    t.add_argument("--post", metavar="POST", help='the holders of this post in order, e.g. --post "interior minister"')
    t.add_argument("--events", action="store_true", help="attacks and meetings in date order")
    t.add_argument("--place", metavar="PLACE", help="only the posts or events of this place")
    t.add_argument("--from", dest="start", type=_day, metavar="DATE", help="--events from this day (YYYY-MM-DD)")
    t.add_argument("--to", dest="end", type=_day, metavar="DATE", help="--events up to this day (YYYY-MM-DD)")
    t.add_argument("--format", choices=["table", "csv", "json"], default="table", help="default: %(default)s")
    t.set_defaults(run=_timeline)
    k = sub.add_parser("conflicts", help="posts that articles give two current holders at once")
    k.add_argument("graph", help="a graph file or a kg store folder")
    k.add_argument("--format", choices=["table", "csv", "json"], default="table", help="default: %(default)s")
    k.set_defaults(run=_conflicts)
    s = sub.add_parser("serve", help="a read-only SPARQL endpoint over a store, at http://HOST:PORT/sparql")
    s.add_argument("store")
    s.add_argument("--port", type=int, default=7878, help="default: 7878")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--cors", action="store_true", help="let web pages from other sites query the endpoint")
    s.add_argument("--allow-service", action="store_true",
                   help="let queries use SERVICE to make this machine query other endpoints (default: refused)")
    s.set_defaults(run=_serve)
    return ap


def main(argv=None) -> int:
    try:
        args, extra = parser().parse_known_args(argv)
        # "kg query G --update 'INSERT …'": argparse gives the optional query slot away before
        # it meets the text, so a lone leftover is taken as the query
        if extra and getattr(args, "command", None) == "query" and args.sparql is None and len(extra) == 1 \
                and not extra[0].startswith("-"):
            args.sparql, extra = extra[0], []
        if extra:
            raise KgError(f"unrecognized arguments: {' '.join(extra)}")
        return args.run(args)
    except KgError as err:
        print(f"kg: error: {visible(str(err))}", file=sys.stderr)  # a file name or a parser's quote may hold a NUL
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
