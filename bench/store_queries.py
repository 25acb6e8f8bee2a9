"""The curated queries at a million triples: Oxigraph (the store) against rdflib's memory store.

Targets: each query in ontology/queries/*.rq answers in under 100 ms from the store, and at
least 20x faster than from rdflib's in-memory graph, same triples, same machine.

    .venv/bin/python bench/store_queries.py                    # about 1,000,000 triples
    .venv/bin/python bench/store_queries.py --documents 300 --cap 10   # a quick look

The graph is synthetic but made by kg itself: invented documents become Extractions (people
with positions, bodies they head, bodies under bodies, places, meetings and attacks with places
and dates, quotes) and ``kg.graph.rdf.add_extraction`` turns them into triples, so the graph has
exactly the shape of kg's output, assertions with provenance included.  Names are drawn with a
long tail (a few people, bodies and places in many articles, most in one or two), as in news.

Measured:

    load       the N-Triples file into an Oxigraph store on disk (pyoxigraph bulk_load), and
               into an rdflib Graph in memory (Graph.parse)
    kg store   when kg/store/kgstore.py is there: KgStore.create from the same Extractions (named graph
               per document plus the union) and the queries through KgStore.query, which hands
               back rdflib terms, the way `kg query STORE` runs them
    queries    the median of up to --runs runs of each query (fewer when they pass --budget
               seconds), every row read; each engine gets at most --cap seconds a query, in a
               child process that is stopped then (Oxigraph's opens the store read-only)

The curated queries page by kg:pageRank, which a kg store keeps for every entity; the same ranks
(``kg.store.kgstore``'s computation over the bare Oxigraph store) are added to the bare store and to
rdflib's graph, so all three answer the same question over the same triples.  The three queries
about one person (most-connected-people, tenures-of-a-person, which-articles-state-a-fact) are run for the person
ranked first (the worst case: named in a third of the articles) and the one ranked 50th, the
name fixed as ``kg query --bind`` fixes it (``kg.store.sparql.bind``: a VALUES clause, same text for all).

Run by hand, never as a test: timings are the machine's, not the code's.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import Graph  # noqa: E402

from kg.graph import rdf, timeline  # noqa: E402
from kg.model import DateValue, Document, Entity, Extraction, Fact, Provenance, Role, Statement  # noqa: E402

QUERIES = ROOT / "ontology" / "queries"
TARGET_MS = 100
TARGET_SPEED_UP = 20

SYLLABLES = ["va", "ren", "tor", "mi", "sel", "ka", "dor", "lin", "bra", "ost", "quel", "fen", "gar", "hol",
             "ith", "mar", "nov", "pel", "rusk", "tam", "ul", "ves", "wen", "yor", "zan", "cor", "bel", "tris"]
BODY_KINDS = ["Ministry of {}", "{} Council", "{} Agency", "{} Committee", "{} Bureau", "{} Service"]
FIELDS = ["Finance", "Defence", "Health", "Transport", "Energy", "Trade", "Justice", "Water", "Ports",
          "Fisheries", "Mining", "Customs", "Roads", "Forests", "Labour", "Culture", "Tourism", "Science"]
POSITIONS = ["President", "Prime Minister", "Mayor", "Governor", "Prosecutor General", "Ambassador",
             "Chairman", "Deputy Minister", "Secretary", "Minister", "Director", "Spokesman"]
PLACE_CLASSES = ["City"] * 6 + ["Region"] * 2 + ["Country", "Building"]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


class World:
    """Invented people, bodies and places, each drawn with a long tail (weight 1/rank)."""

    def __init__(self, rng: random.Random, people: int, bodies: int, places: int):
        self.rng = rng
        # dict.fromkeys, not a set: repeats dropped in the order drawn, so that the same seed draws
        # the same world whatever Python's string hashing (a set's order changes with it)
        self.people = list(dict.fromkeys(f"{_name(rng, 2)} {_name(rng, 3)}" for _ in range(people)))
        self.places = [(rng.choice(PLACE_CLASSES), p)
                       for p in dict.fromkeys(_name(rng, rng.choice([2, 3])) for _ in range(places))]
        self.bodies = list(dict.fromkeys(rng.choice(BODY_KINDS).format(f"{rng.choice(self.places)[1]} {rng.choice(FIELDS)}")
                                         for _ in range(bodies)))
        self._weights = {}

    def pick(self, pool: list, k: int) -> list:
        weights = self._weights.setdefault(id(pool), [1 / (i + 1) for i in range(len(pool))])
        chosen = []
        while len(chosen) < k:
            x = self.rng.choices(pool, weights)[0]
            if x not in chosen:
                chosen.append(x)
        return chosen


def document(world: World, i: int) -> Extraction:
    """One invented article as kg would have read it."""
    rng = world.rng
    year = 2015 + i % 10
    doc = Document(f"news-{i:06d}", "", f"news/{i:06d}.txt", title=f"Report {i}",
                   date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   dateline=world.pick(world.places, 1)[0][1] if rng.random() < 0.5 else None)
    ex = Extraction(doc)
    keys = iter(f"e{n}" for n in range(1, 1000))

    def entity(cls: str, label: str, alt=()) -> str:
        key = next(keys)
        ex.entities[key] = Entity(key, cls, label, set(alt))
        return key

    people = [entity("Person", p, {p.split()[-1]}) for p in world.pick(world.people, rng.randint(3, 7))]
    bodies = [entity("GovernmentBody", b) for b in world.pick(world.bodies, rng.randint(3, 8))]
    places = [entity(cls, p) for cls, p in world.pick(world.places, rng.randint(2, 6))]
    events = [entity(rng.choice(["Meeting", "Attack"]), f"event {n} of {doc.id}") for n in range(rng.randint(1, 3))]
    sentence_no = iter(range(1000))

    def fact(s: str, p: str, o, rule: str, entity_object: bool = True) -> None:
        n = next(sentence_no)
        sentence = f"Sentence {n} of {doc.id}, where {ex.entities[s].label} {p} something."
        ex.facts.append(Fact(s, p, o, Provenance(doc.id, sentence, 40 * n, 40 * n + 30, rule,
                                                 round(rng.uniform(0.5, 0.95), 2)), entity_object))

    for n, person in enumerate(people):
        body = rng.choice(bodies) if rng.random() < 0.45 else None
        # a post belongs to its body, else to its holder (kg.graph.rdf.entity_iri), so the same
        # person's post in two articles is one node and one kg:Tenure, as kg makes them
        position = entity("Position", rng.choice(POSITIONS))
        ex.entities[position].of = body or person
        fact(person, "holdsPosition", position, "title-before-name")
        if body:
            fact(person, "heads", body, "minister-of")
        # each stated role is a kg:Role node too, as kg writes it: a fifth former, some with years
        ex.roles.append(Role(f"r{n}", person, position, organization=body,
                             status="former" if rng.random() < 0.2 else "current",
                             start=DateValue(str(year - rng.randint(0, 5))) if rng.random() < 0.3 else None,
                             provenance=ex.facts[-1].provenance))
        if rng.random() < 0.25:
            fact(person, "livesIn", rng.choice(places), "relation-model", )
        if rng.random() < 0.15:
            fact(person, "worksFor", rng.choice(bodies), "relation-model")
        if rng.random() < 0.1:
            fact(person, "memberOf", rng.choice(bodies), "appos-member")
    for event in events:
        fact(rng.choice(people), "chairs", event, "chaired")
        for who in rng.sample(people + bodies, min(3, len(people + bodies))):
            fact(who, "participatesIn", event, "took-part")
        fact(event, "occursIn", rng.choice(places), "event-place")
        fact(event, "occursOn", DateValue(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
             "event-date", entity_object=False)
        if ex.entities[event].cls == "Attack" and rng.random() < 0.4:
            fact(event, "perpetratedBy", rng.choice(bodies), "attack-by")
    for body in bodies:
        if rng.random() < 0.4:
            fact(body, "basedIn", rng.choice(places), "body-in-place")
        if rng.random() < 0.2:
            fact(body, "subOrganizationOf", rng.choice([b for b in bodies if b != body]), "under-ministry")
    for place in places[1:]:
        if rng.random() < 0.3:
            fact(place, "locatedIn", places[0], "place-in-place")
    for n in range(rng.randint(0, 2)):
        speaker = rng.choice(people)
        ex.statements.append(Statement(speaker, f"We will act, said speaker {n} of {doc.id}.",
                                       Provenance(doc.id, f"Quote {n} of {doc.id}.", 0, 20, "quote-after", 0.9)))
    return ex


def extractions(documents: int, seed: int):
    rng = random.Random(seed)
    world = World(rng, people=max(50, documents * 6), bodies=max(20, documents), places=max(20, documents // 2))
    for i in range(documents):
        yield document(world, i)


def write_ntriples(path: Path, documents: int, seed: int) -> int:
    lines, evidence = 0, []
    with path.open("wb") as out:
        for ex in extractions(documents, seed):
            g = Graph()
            rdf.add_extraction(g, ex)
            evidence += timeline.read_evidence(g)
            data = g.serialize(format="nt", encoding="utf-8")
            lines += data.count(b"\n")
            out.write(data)
        # the tenures and conflicts kg build writes beside the facts (kg/graph/timeline.py)
        g = Graph()
        for triple in timeline.timeline_triples(timeline.reconcile(evidence)):
            g.add(triple)
        data = g.serialize(format="nt", encoding="utf-8")
        lines += data.count(b"\n")
        out.write(data)
    return lines


PER_PERSON = {"most-connected-people": "person", "tenures-of-a-person": "person",
              "which-articles-state-a-fact": "subject"}
PERSON_RANKS = (1, 50)
# The questions about one post, asked of the post with the most holders (the worst case), on a
# day in the middle of the invented years.
PER_POST = {"succession-of-a-post": {}, "who-held-post-on-date": {"date": "2020-06-01"}}


def queries(people: dict[int, str], post: str | None = None) -> dict[str, tuple[str, dict]]:
    """Name → (query text, bindings); a per-person query once for each ranked person."""
    from rdflib import Literal

    out = {}
    for path in sorted(QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if path.stem in PER_PERSON:
            for rank, name in people.items():
                out[f"{path.stem} (#{rank})"] = (text, {PER_PERSON[path.stem]: Literal(name)})
        elif path.stem in PER_POST and post:
            out[path.stem] = (text, {"post": Literal(post)} | {k: Literal(v) for k, v in PER_POST[path.stem].items()})
        else:
            out[path.stem] = (text, {})
    return out


def busiest_post(store) -> str | None:
    """The label of the post with the most tenures."""
    from kg.graph.prefixes import prefixes

    ns = {k: str(v) for k, v in prefixes().items()}
    rows = list(store.query("SELECT ?name (COUNT(?t) AS ?n) WHERE { ?t a kg:Tenure ; org:role ?pos . "
                            "?pos rdfs:label ?name } GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1", prefixes=ns))
    return rows[0][0].value if rows else None


def ranked_people(store, ranks=PERSON_RANKS) -> dict[int, str]:
    from kg.graph.prefixes import prefixes

    ns = {k: str(v) for k, v in prefixes().items()}
    rows = store.query("SELECT ?name WHERE { ?p a kg:Person ; kg:pageRank ?r ; rdfs:label ?name } "
                       f"ORDER BY DESC(?r) LIMIT {max(ranks)}", prefixes=ns)
    names = [row[0].value for row in rows]
    return {r: names[r - 1] for r in ranks if r <= len(names)}


def _serve(conn, engine: str, source, runs: int, budget: float) -> None:
    """A child process answering query after query, as a server would with its caches warm.
    For each query: one run to warm up (kept when it took over a second: then the query's own
    work, not the cache, is what it measured), then runs while ``budget`` seconds last, sending
    (ms, rows) after each and "done" at the end."""
    if engine == "oxigraph":
        import pyoxigraph as ox

        store = ox.Store.read_only(source)

        def run(text):
            return sum(1 for _ in store.query(text))
    elif engine == "kg store":
        from kg.store.kgstore import KgStore

        kb = KgStore(source, create=False)

        def run(text):  # as kg query and kg serve's callers get it: rdflib terms, every row read
            return len(kb.query(text).rows)
    else:
        from kg.graph.prefixes import prefixes

        ns = prefixes()

        def run(text):
            # rdflib 7 stops on some queries Oxigraph answers (events-in-order: "Variable by is not
            # bound" in a GROUP_CONCAT); kg query never meets it (its graph files are answered by an
            # in-memory Oxigraph copy), so here it counts as no rows rather than ending the bench
            try:
                return len(list(source.query(text, initNs=ns)))
            except Exception as err:  # noqa: BLE001
                print(f"  rdflib could not answer: {type(err).__name__}: {err}", flush=True)
                return -1
    conn.send("ready")
    while True:
        text = conn.recv()
        start = time.perf_counter()
        rows = run(text)
        took = time.perf_counter() - start
        times = [took] if took > 1 else []
        if times:
            conn.send((took * 1000, rows))
        while len(times) < runs and sum(times) + took <= budget:
            start = time.perf_counter()
            rows = run(text)
            took = time.perf_counter() - start
            times.append(took)
            conn.send((took * 1000, rows))
        conn.send("done")


class Engine:
    """An engine in a child process that is stopped when a query passes ``cap`` seconds (neither
    engine can be interrupted mid-query from Python) and started afresh for the next query.
    rdflib's graph reaches the child by fork; Oxigraph's child opens the store read-only, and
    the kg store's child opens the kg store (its lock is the child's while it runs)."""

    def __init__(self, engine: str, source, runs: int, budget: float, cap: float):
        self.engine, self.source, self.runs, self.budget, self.cap = engine, source, runs, budget, cap
        self.child = None

    def _start(self) -> None:
        ctx = mp.get_context("fork" if self.engine == "rdflib" else "spawn")
        self.conn, child_end = ctx.Pipe()
        self.child = ctx.Process(target=_serve, args=(child_end, self.engine, self.source, self.runs, self.budget))
        self.child.start()
        child_end.close()
        if not self.conn.poll(300) or self.conn.recv() != "ready":
            sys.exit(f"{self.engine} did not start")

    def stop(self) -> None:
        if self.child is not None:
            self.child.terminate()
            self.child.join()
            self.child = None

    def measure(self, text: str) -> tuple[float | None, int]:
        """(median ms, rows); the median is None when not one run finished within the cap."""
        if self.child is None:
            self._start()
        self.conn.send(text)
        deadline = time.perf_counter() + self.cap
        times, rows = [], 0
        while (left := deadline - time.perf_counter()) > 0 and self.conn.poll(left):
            message = self.conn.recv()
            if message == "done":
                return statistics.median(times), rows
            ms, rows = message
            times.append(ms)
        self.stop()  # past the cap: the next query gets a fresh child
        return (statistics.median(times) if times else None), rows


def main() -> None:
    parser = argparse.ArgumentParser(description="curated queries at a million triples: Oxigraph against rdflib")
    parser.add_argument("--documents", type=int, default=2350, help="invented articles (default 2350: ~1M triples)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query; the median counts (default 5)")
    parser.add_argument("--cap", type=float, default=30, help="seconds a query may run in either engine (default 30)")
    parser.add_argument("--budget", type=float, default=5,
                        help="seconds of runs per query and engine; a slower query gets fewer runs (default 5)")
    parser.add_argument("--no-kg-store", action="store_true", help="skip kg.store.kgstore.KgStore (pyoxigraph only)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    import pyoxigraph as ox

    try:
        from kg.store.kgstore import KgStore
    except ImportError:
        KgStore = None
    if args.no_kg_store:
        KgStore = None

    with tempfile.TemporaryDirectory(prefix="kg-bench-store-") as tmp:
        tmp = Path(tmp)
        nt = tmp / "graph.nt"
        start = time.perf_counter()
        lines = write_ntriples(nt, args.documents, args.seed)
        print(f"generated {args.documents:,} documents, {lines:,} N-Triples lines "
              f"({nt.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.0f} s", flush=True)

        from kg.store.measures import connection_quads, rank_quads

        start = time.perf_counter()
        store = ox.Store(str(tmp / "oxigraph"))
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        ox_load = time.perf_counter() - start
        start = time.perf_counter()
        # what a kg store keeps beside the articles: every entity's rank, the hubs' shared counts
        ranks = rank_quads(store) + connection_quads(store)
        store.extend(ranks)
        store.optimize()
        ox_rank = time.perf_counter() - start
        with nt.open("a", encoding="utf-8") as out:  # rdflib gets the same ranks and counts
            out.writelines(f"{q.subject} {q.predicate} {q.object} .\n" for q in ranks)
        triples = len(store)
        people, post = ranked_people(store), busiest_post(store)
        print(f"oxigraph: {triples:,} triples loaded in {ox_load:.1f} s, {len(ranks):,} rank and shared-count triples added "
              f"and the store compacted in {ox_rank:.1f} s; people ranked {people}; post asked about {post!r}", flush=True)

        kb = None
        if KgStore is not None:
            start = time.perf_counter()
            kb = KgStore.create(tmp / "kb", extractions(args.documents, args.seed))
            print(f"kg store: KgStore.create from Extractions in {time.perf_counter() - start:.1f} s "
                  f"({len(kb):,} triples in the union)", flush=True)

        start = time.perf_counter()
        graph = Graph()
        graph.parse(nt, format="nt")
        rl_load = time.perf_counter() - start
        print(f"rdflib:   {len(graph):,} triples parsed in {rl_load:.1f} s", flush=True)

        del store  # the queries' child process opens it read-only
        oxigraph = Engine("oxigraph", str(tmp / "oxigraph"), args.runs, args.budget, args.cap)
        # The kg store too is queried from a process of its own, as kg query and kg serve do: in
        # this one, which holds rdflib's million-triple graph, its answers took up to 30% longer.
        kg_engine = None
        if kb is not None:
            kb.close()
            del kb
            kg_engine = Engine("kg store", str(tmp / "kb"), args.runs, args.budget, args.cap)
        rdflib_engine = Engine("rdflib", graph, args.runs, args.budget, args.cap)
        rows_out = []
        from kg.store.sparql import bind

        for name, (text, bindings) in queries(people, post).items():
            ox_ms, ox_rows = oxigraph.measure(bind(text, bindings))
            kg_ms = None
            if kg_engine is not None and ox_ms is not None:
                kg_ms, _ = kg_engine.measure(bind(text, bindings))
            rl_ms, rl_rows = rdflib_engine.measure(bind(text, bindings))
            if rl_ms is not None and ox_ms is not None and rl_rows != ox_rows:
                print(f"  note: {name}: rdflib gave {rl_rows} rows, oxigraph {ox_rows}")
            rows_out.append((name, ox_rows if ox_ms is not None else rl_rows, ox_ms, kg_ms, rl_ms))
            show = lambda ms: f"{ms:.1f} ms" if ms is not None else f"> {args.cap:.0f} s"  # noqa: E731
            print(f"  {name}: oxigraph {show(ox_ms)}" + (f", kg store {show(kg_ms)}" if kg_engine is not None else "")
                  + f", rdflib {show(rl_ms)}", flush=True)
        oxigraph.stop()
        rdflib_engine.stop()
        if kg_engine is not None:
            kg_engine.stop()

    print(f"\n{triples:,} triples; load: oxigraph {ox_load:.1f} s (bulk_load, on disk), rdflib {rl_load:.1f} s "
          f"(parse, in memory); median of up to {args.runs} runs ({args.budget:.0f} s budget, {args.cap:.0f} s cap)")
    cap = f"> {args.cap:.0f} s"
    print(f"{'query':<36} {'rows':>6} {'oxigraph ms':>12} {'kg store ms':>12} {'rdflib ms':>10} {'speed-up':>9}  targets")
    for name, rows, ox_ms, kg_ms, rl_ms in rows_out:
        ox = f"{ox_ms:12.1f}" if ox_ms is not None else f"{cap:>12}"
        kg = f"{kg_ms:12.1f}" if kg_ms is not None else f"{'-' if kg_engine is None or ox_ms is None else cap:>12}"
        rl = f"{rl_ms:10.0f}" if rl_ms is not None else f"{cap:>10}"
        if ox_ms is None:
            speed, verdict = "?", "SLOW"
        else:
            ratio = (rl_ms if rl_ms is not None else args.cap * 1000) / ox_ms
            speed = f"{'> ' if rl_ms is None else ''}{ratio:.0f}x"
            verdict = ("<100 ms" if ox_ms < TARGET_MS else "SLOW") + ", " + (
                f">={TARGET_SPEED_UP}x" if ratio >= TARGET_SPEED_UP else f"below {TARGET_SPEED_UP}x")
        print(f"{name:<36} {rows:>6} {ox} {kg} {rl} {speed:>9}  {verdict}")


if __name__ == "__main__":
    main()
