"""The `kg` command: argument parsing and one-line errors over kg.pipeline.

    kg build PATH... [--out DIR] [--store DIR]
    kg add PATH... --store DIR
    kg query GRAPH|STORE 'SPARQL' | --file Q.rq [--format table|csv|tsv|json] [--allow-service]
    kg export GRAPH|STORE [--format ttl|nt|trig|nq|jsonld] [-o FILE] [--ontology]
    kg central GRAPH|STORE [--measure M] [--class C] [--top N] [--format F] [--annotate]
    kg communities GRAPH|STORE [--top N]
    kg path GRAPH|STORE A B
    kg validate GRAPH
    kg serve STORE [--port 7878] [--host 127.0.0.1] [--allow-service]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import KgError
from kg.text import visible

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors follow the same one-line, exit-2 rule
        raise KgError(message)


def _seconds(text: str) -> float:
    """A time limit: 0 or more seconds (0: none).  float() alone takes -1, nan and inf, which
    timed out at once, or ended in a traceback from the thread waiting for the query."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"takes seconds, 0 or more (0: no limit), not {text!r}")
    return value


def _build(args) -> int:
    from kg import pipeline

    if args.store:
        from kg import store

        store.check(args.store)  # before minutes of parsing, not after
    # --store alone writes only the store; --out as well (or neither) writes the files too.
    # Without files no graph is built in memory: the articles stream into the store.
    files = bool(args.out or not args.store)
    # a bar only where someone watches it (a terminal) unless asked for: logs stay clean
    result = pipeline.build(args.paths, min_confidence=args.min_confidence, processes=args.processes,
                            progress=True if args.progress else None,
                            known=_known(args.store) if args.store else (), graph=files)
    written = pipeline.write_outputs(result, args.out or "output", size_by=args.size_by) if files else None
    print(pipeline.summary(result))
    if args.store:
        print(_store_line(args.store, result, args.min_confidence, create=True))
    if written:
        print("wrote " + ", ".join(str(p) for p in written.values()))
    return 0


def _known(path) -> list[tuple[str, str]]:
    """The names a store already gives its people, bodies and places, for kg.link: "Varga" in
    a new article joins the stored "Anton Varga" instead of becoming a node of its own."""
    from kg import pipeline, store

    if not store.is_store(path):
        return []
    with store.KgStore(path, create=False) as kb:
        return pipeline.known_labels(kb)


def _store_line(path, result, min_confidence: float, create: bool) -> str:
    from kg import store

    kb, added = store.save(path, result.extractions, min_confidence, create=create)
    with kb:
        return (f"stored {added.documents} documents in {path} ({added.replaced} replaced); "
                f"it holds {len(kb.documents())} documents, {len(kb)} triples")


def _add(args) -> int:
    from kg import pipeline, store

    store.check(args.store, create=False)  # before minutes of parsing, not after
    result = pipeline.build(args.paths, min_confidence=args.min_confidence, processes=args.processes,
                            progress=True if args.progress else None, known=_known(args.store), graph=False)
    print(pipeline.summary(result))
    print(_store_line(args.store, result, args.min_confidence, create=False))
    return 0


def _export(args) -> int:
    from kg import export

    n = export.export(args.source, args.format, args.out, ontology=args.ontology)
    if args.out:
        fmt = args.format or export.format_for(args.out)
        print(f"wrote {n} {'quads' if fmt in export.QUAD_FORMATS else 'triples'} to {args.out}")
    return 0


def _query(args) -> int:
    from kg import query

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
    query.check_format(query.query_form(text), args.format)  # before the graph is read and the query run
    bindings = dict(query.parse_binding(b) for b in args.bind or ())
    where = Path(args.graph)
    timeout = args.timeout or None
    if where.is_dir() or (not where.suffix and not where.exists()):
        from kg import store

        if args.update:
            raise KgError("--update works on graph files; a store changes only through kg add "
                          "(which keeps its union of articles right)")
        if not store.is_store(where):
            from kg.pipeline import OUTPUT_FILES

            built = where / OUTPUT_FILES[0]
            if built.is_file():
                raise KgError(f"{where} is the output of kg build, not a store: query its graph, {built}")
        with store.KgStore(where, create=False) as kb:
            result = query.within(timeout, kb.query, text, bindings, args.allow_service)
    else:
        text = query.bind(text, bindings)  # a --bind that cannot apply fails before the graph is read
        if args.update or query.update_verb(text) is None:  # else the update's refusal says more
            query.check_calls(text, args.allow_service)
        graph = query.load_graph(args.graph)
        result = query.within(timeout, query.run, graph, text, args.update, None, args.allow_service)
        if result.type == "UPDATE":
            query.save_graph(graph, where)
            print(f"updated {where}: {len(graph)} triples")
            return 0
    print(query.format_result(result, args.format), end="")
    return 0


def _central(args) -> int:
    from kg import analytics

    if args.top < 1:
        raise KgError(f"--top must be 1 or more, not {args.top}")  # rows[:-2] would drop the last two
    if args.annotate and Path(args.graph).is_dir():
        raise KgError("--annotate rewrites graph files; a store changes only through kg add "
                      "(kg export it to a file and annotate that)")
    graph = analytics.load(args.graph)
    if args.annotate:
        return _annotate(args, graph)
    rows, notes = analytics.ranking(analytics.entity_graph(graph), by=args.measure, cls=args.cls, top=args.top)
    for note in notes:
        print(f"kg: note: {note}", file=sys.stderr)
    print(analytics.format_rows(rows, args.measure, args.format), end="")
    return 0


def _annotate(args, graph) -> int:
    from kg import analytics, query
    from kg.annotate import annotate, measure_all
    from kg.vocab import V

    where = Path(args.graph)
    measured = measure_all(analytics.entity_graph(graph))
    for note in measured.notes:
        print(f"kg: note: {note}", file=sys.stderr)
    annotate(graph, measured)
    query.save_graph(graph, where)
    annotated = len(set(graph.subjects(V.pageRank)))
    print(f"annotated {where}: measures on {annotated:,} entities (of {len(measured.community):,} nodes), "
          f"{len(graph):,} triples")
    return 0


def _communities(args) -> int:
    from kg import analytics

    if args.top < 1 or args.members < 1:
        raise KgError("--top and --members must be 1 or more")
    G = analytics.entity_graph(analytics.load(args.graph))
    rank = {r.iri: i for i, r in enumerate(analytics.centrality(G))}
    parts = analytics.communities(G)
    print(f"{len(parts):,} communities (Louvain, seed {analytics.SEED}); members most central first")
    for number, part in enumerate(parts[: args.top], start=1):
        members = sorted(part, key=lambda n: rank[str(n)])
        shown = ", ".join(visible(str(G.nodes[n].get("label", n))) for n in members[: args.members])
        more = f", and {len(members) - args.members:,} more" if len(members) > args.members else ""
        print(f"{number}. ({len(members):,}) {shown}{more}")
    return 0


def _path(args) -> int:
    from kg import analytics, paths

    G = analytics.entity_graph(analytics.load(args.graph))
    found = paths.connect(G, args.source, args.target)
    if found is None:
        src, dst = paths.find_entity(G, args.source), paths.find_entity(G, args.target)
        print(f"kg: no path between {visible(G.nodes[src]['label'])} and {visible(G.nodes[dst]['label'])}: "
              f"no chain of facts in {args.graph} joins them", file=sys.stderr)
        return 1
    print(paths.format_path(found))
    return 0


def _validate(args) -> int:
    from kg import validate

    report = validate.validate(args.graph)
    if report.conforms:
        print(f"{args.graph} conforms to ontology/shapes.ttl")
        return 0
    print(f"{args.graph} does not conform: {len(report.messages)} problems", file=sys.stderr)
    for line in report.messages:
        print("  " + line, file=sys.stderr)
    return 1


def _serve(args) -> int:
    from kg import serve

    return serve.serve(args.store, host=args.host, port=args.port, cors=args.cors, allow_service=args.allow_service)


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="kg", description="News articles in; a knowledge graph to explore, query and export out.")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    b = sub.add_parser("build", help="build a graph from .txt/.md/.html articles or folders of them")
    b.add_argument("paths", nargs="+")
    b.add_argument("--out", help="folder for graph.ttl, graph.html, centrality.csv "
                                 "(default: output/, unless --store is given)")
    b.add_argument("--store", metavar="DIR", help="build into the kg store DIR (created if absent; added to if it is one)")
    b.add_argument("--min-confidence", type=float, default=0.0, help="leave out facts less sure than this (0-1)")
    b.add_argument("--processes", type=int, default=1, metavar="N",
                   help="parse and extract in N worker processes (default: 1)")
    b.add_argument("--progress", action="store_true",
                   help="show a progress bar on stderr even when it is not a terminal")
    b.add_argument("--size-by", choices=("pagerank", "betweenness", "degree"), default="pagerank",
                   help="the centrality that sizes the nodes of graph.html (default: pagerank)")
    b.set_defaults(run=_build)
    a = sub.add_parser("add", help="add articles to a kg store (an article added again replaces its graph)")
    a.add_argument("paths", nargs="+")
    a.add_argument("--store", metavar="DIR", required=True, help="the kg store (made by kg build --store)")
    a.add_argument("--min-confidence", type=float, default=0.0, help="leave out facts less sure than this (0-1)")
    a.add_argument("--processes", type=int, default=1, metavar="N", help="parse with N spaCy worker processes (default: 1)")
    a.add_argument("--progress", action="store_true", help="show a progress bar on stderr even when it is not a terminal")
    a.set_defaults(run=_add)
    e = sub.add_parser("export", help="write a store or graph file as Turtle, N-Triples, TriG, N-Quads or JSON-LD")
    e.add_argument("source", help="a kg store folder or a graph file")
    e.add_argument("--format", choices=["ttl", "nt", "trig", "nq", "jsonld"],
                   help="trig, nq and jsonld keep each document's named graph; ttl and nt hold their union "
                        "(default: the -o file's suffix)")
    e.add_argument("-o", "--out", metavar="FILE", help="write here (atomically) instead of to stdout")
    e.add_argument("--ontology", action=argparse.BooleanOptionalAction, default=False,
                   help="include ontology/kg.ttl (default: leave it out)")
    e.set_defaults(run=_export)
    q = sub.add_parser("query", help="run a SPARQL query against a graph file or a kg store")
    q.add_argument("graph")
    q.add_argument("sparql", nargs="?")
    q.add_argument("--file", help="read the query from a .rq file")
    q.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    q.add_argument("--update", action="store_true", help="allow a SPARQL update; the graph file is rewritten")
    q.add_argument("--timeout", type=_seconds, default=60.0, help="give up after this many seconds (0: no limit)")
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
    c.add_argument("--top", type=int, default=10)
    c.add_argument("--format", choices=["table", "csv", "json"], default="table")
    c.add_argument("--annotate", action="store_true",
                   help="write all five measures and the community onto each entity of GRAPH "
                        "(the file is rewritten) instead of printing")
    c.set_defaults(run=_central)
    m = sub.add_parser("communities", help="Louvain communities of a graph, largest first")
    m.add_argument("graph")
    m.add_argument("--top", type=int, default=10, help="how many communities to list (default: 10)")
    m.add_argument("--members", type=int, default=8, help="members shown per community (default: 8)")
    m.set_defaults(run=_communities)
    p = sub.add_parser("path", help="how two entities connect: a chain of facts with their sentences")
    p.add_argument("graph")
    p.add_argument("source", help="an entity's label, alternative label or IRI")
    p.add_argument("target", help="an entity's label, alternative label or IRI")
    p.set_defaults(run=_path)
    v = sub.add_parser("validate", help="check a graph against the SHACL shapes")
    v.add_argument("graph")
    v.set_defaults(run=_validate)
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
