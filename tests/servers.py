"""SPARQL servers a test starts on a free loopback port and stops: Oxigraph's read-write server
(``oxigraph serve``, from PyPI's ``oxigraph``, the program ``kg serve`` also runs), Virtuoso
(Debian's ``virtuoso-opensource``, the program ``virtuoso-t``), and faulty ones in front of them
(``failing_proxy``, ``silent_server``).

    with oxigraph_server(tmp_path / "db") as url:
        ...  # url is http://127.0.0.1:PORT/
"""
from __future__ import annotations

import http.client
import http.server
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from factories import free_port
from kg.store.serve import find_server


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float, query: str = "query") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"the server stopped at once: {said or process.args}")
        try:
            urllib.request.urlopen(f"{url}{query}?query=ASK%7B%7D", timeout=1).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise RuntimeError(f"no answer from {url} after {seconds} s")


@contextmanager
def oxigraph_server(location: Path, union_default_graph: bool = False):
    """``oxigraph serve`` on its database at ``location`` (read-write), on a free loopback port:
    yields its base URL, and stops it on the way out.  ``union_default_graph``: a query without
    GRAPH sees every graph, each triple once per graph that states it (Oxigraph 0.5's union is a
    bag): the set-up kg refuses, since it keeps the union of its articles in the default graph
    itself (kg/store/remote.py)."""
    port = free_port()
    command = [find_server(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, process, 30)
        yield url
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stderr:
        process.stderr.close()


VIRTUOSO = "virtuoso-t"
VIRTUOSO_USER = ("dba", "dba")  # a fresh database's administrator; the test's database only

# A database of the test's own: every file in the folder, both ports on loopback, no periodic
# checkpoint, and no cap on a result (the packaged virtuoso.ini caps a SELECT at 10,000 rows and a
# query at 60 s, which would cut a large answer short without an error).
_VIRTUOSO_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = .
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
"""


def find_virtuoso() -> str | None:
    """The path of ``virtuoso-t`` (``apt-get install virtuoso-opensource``), or None."""
    return shutil.which(VIRTUOSO)


@contextmanager
def virtuoso_server(folder: Path):
    """``virtuoso-t`` on a new database in ``folder`` (its own virtuoso.ini there), HTTP and SQL on
    free loopback ports: yields its base URL (``http://127.0.0.1:PORT/``) and stops it on the way
    out.  What kg relies on, as found with Virtuoso 7.2.5 (Debian 12's package):

    - queries: ``URL + "sparql"`` (GET or a POSTed form); a query with no FROM and no GRAPH sees
      every graph, the union kg's curated queries expect.  The JSON answer calls a literal with a
      datatype ``"typed-literal"`` and keeps ``^^xsd:string`` where Oxigraph prints a plain one; an
      ASK comes back as a SELECT of one variable, ``__ASK_RETVAL``, bound to 1 or 0 (JSON and
      XML alike, GET or POST).
    - writes: the Graph Store Protocol at ``URL + "sparql-graph-crud-auth"`` with HTTP digest
      authentication as ``VIRTUOSO_USER`` (``sparql-graph-crud`` without it answers 403: the
      anonymous SPARQL user may not write).  ``PUT ?graph=IRI`` with an N-Triples body
      (``application/n-triples``, Turtle too) replaces the graph (201 when new, 200 when it
      was there); ``DELETE ?graph=IRI`` drops it (404 when there is none).
    - N-Quads: not through the Graph Store Protocol (a POST of ``application/n-quads``, with or
      without ``?graph``, is refused as an unsupported type); Virtuoso's bulk path for a dataset
      is its SQL loader (``ld_dir`` and ``rdf_loader_run()`` through ``isql-vt`` on the SQL port).
    - start-up: 1.7-3.6 s to the first answer on a new database, on this 2-core machine; SIGTERM
      stops it in about 1 s.

        with virtuoso_server(tmp_path / "virtuoso") as url:
            ...  # url + "sparql", url + "sparql-graph-crud-auth"
    """
    program = find_virtuoso()
    if program is None:
        raise FileNotFoundError(f"no {VIRTUOSO} on PATH (apt-get install virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(http_port=http_port, sql_port=sql_port))
    # Its log goes to a file: a pipe nobody reads would stall the server once full.
    with open(folder / "console.log", "wb") as console:
        process = subprocess.Popen([program, "+foreground", "+configfile", "virtuoso.ini"], cwd=folder,
                                   stdout=console, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/"
    try:
        _wait_until_up(url, process, 60, query="sparql")
        yield url
    finally:
        _stop(process)


def virtuoso_sql(folder: Path, statement: str) -> str:
    """Run one SQL statement, as ``VIRTUOSO_USER``, on the Virtuoso ``virtuoso_server`` runs in
    ``folder`` (its SQL port is read from the virtuoso.ini there): what ``isql-vt`` prints."""
    port = re.search(r"^ServerPort = 127\.0\.0\.1:(\d+)$", (folder / "virtuoso.ini").read_text(), re.M).group(1)
    done = subprocess.run(["isql-vt", port, *VIRTUOSO_USER, f"exec={statement}"], capture_output=True, text=True,
                          check=True)
    return done.stdout


def virtuoso_put(url: str, name: str, ntriples: str) -> None:
    """Replace the graph ``name`` of the Virtuoso at ``url`` (``virtuoso_server``'s) with an
    N-Triples document, through its authenticated Graph Store Protocol route."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()  # Virtuoso's realm is "SPARQL"
    passwords.add_password(None, url, *VIRTUOSO_USER)
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))
    target = f"{url}sparql-graph-crud-auth?{urllib.parse.urlencode({'graph': name})}"
    request = urllib.request.Request(target, data=ntriples.encode("utf-8"), method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    opener.open(request, timeout=60).read()


@contextmanager
def failing_proxy(upstream: str | None, after: int = 0, status: int = 500, message: str = "the disk is full"):
    """An HTTP server on a free loopback port that hands its first ``after`` requests on to the
    server at ``upstream`` (a base URL) and answers every later one ``status`` with ``message``:
    a server that fails half-way through a load.  Yields its base URL.

        with failing_proxy(url, after=3) as broken:
            ...  # broken's first 3 requests reach url, the 4th is answered 500
    """
    forwarded = [0]
    target = urllib.parse.urlsplit(upstream) if upstream else None

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if target is not None and forwarded[0] < after:
                forwarded[0] += 1
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                connection.request(self.command, self.path, body or None, headers)
                reply = connection.getresponse()
                content = reply.read()
                self.send_response(reply.status)
                for key, value in reply.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
                connection.close()
                return
            content = f"{message}\nsecond line of the trace\n".encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

        def log_message(self, *args):  # the test's output stays its own
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_server():
    """A loopback port that takes connections and never answers: a server that hangs.  Yields
    its base URL."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)  # the kernel completes connections it never accepts
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
