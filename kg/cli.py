"""The `kg` command: argument parsing and one-line errors over kg.pipeline.

    kg build PATH... [--out DIR]
    kg query GRAPH 'SPARQL' | --file Q.rq [--format table|csv|tsv|json]
    kg central GRAPH [--top N]
    kg validate GRAPH
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import KgError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors follow the same one-line, exit-2 rule
        raise KgError(message)


def _build(args) -> int:
    from kg import pipeline

    result = pipeline.build(args.paths, min_confidence=args.min_confidence)
    written = pipeline.write_outputs(result, args.out)
    print(pipeline.summary(result))
    print("wrote " + ", ".join(str(p) for p in written.values()))
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
    graph = query.load_graph(args.graph)
    result = query.run(graph, text)
    print(query.format_result(result, args.format), end="")
    return 0


def _central(args) -> int:
    from kg import analytics, query

    if args.top < 1:
        raise KgError(f"--top must be 1 or more, not {args.top}")  # rows[:-2] would drop the last two

    rows = analytics.centrality(analytics.entity_graph(query.load_graph(args.graph)))
    width = max((len(r.label) for r in rows[: args.top]), default=5)
    print(f"{'label':<{width}}  {'class':<14} {'degree':>6} {'betweenness':>11} {'pagerank':>8}")
    for r in rows[: args.top]:
        print(f"{r.label:<{width}}  {r.cls:<14} {r.degree:>6} {r.betweenness:>11.4f} {r.pagerank:>8.4f}")
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


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="kg", description="News articles in; a knowledge graph to explore, query and export out.")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    b = sub.add_parser("build", help="build a graph from .txt/.md/.html articles or folders of them")
    b.add_argument("paths", nargs="+")
    b.add_argument("--out", default="output", help="folder for graph.ttl, graph.html, centrality.csv (default: output/)")
    b.add_argument("--min-confidence", type=float, default=0.0, help="leave out facts less sure than this (0-1)")
    b.set_defaults(run=_build)
    q = sub.add_parser("query", help="run a SPARQL query against a graph file")
    q.add_argument("graph")
    q.add_argument("sparql", nargs="?")
    q.add_argument("--file", help="read the query from a .rq file")
    q.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    q.set_defaults(run=_query)
    c = sub.add_parser("central", help="the most central entities of a graph")
    c.add_argument("graph")
    c.add_argument("--top", type=int, default=10)
    c.set_defaults(run=_central)
    v = sub.add_parser("validate", help="check a graph against the SHACL shapes")
    v.add_argument("graph")
    v.set_defaults(run=_validate)
    return ap


def main(argv=None) -> int:
    try:
        args = parser().parse_args(argv)
        return args.run(args)
    except KgError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
