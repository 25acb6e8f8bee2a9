"""`kg serve STORE`: a read-only SPARQL 1.1 Protocol endpoint over a kg store.

The protocol is not written here: kg runs Oxigraph's own server (``oxigraph serve-read-only``,
from PyPI's ``oxigraph`` package, the same engine and on-disk format that ``pyoxigraph`` writes)
as a child process, and adds only what a kg user needs around it: it refuses a folder that is not
a kg store, a store another process has open for writing, a port already taken, and a server
that dies at start, each with one line; it prints where it listens, and Ctrl-C or SIGTERM stops
the server with it.

Oxigraph answers the SPARQL 1.1 Protocol at ``/sparql`` (and the same at ``/query``): GET and POST
(``application/sparql-query`` or a form), results in JSON, XML, CSV or TSV, graphs in Turtle,
N-Triples, RDF/XML, JSON-LD by the Accept header; ``/`` is a YASGUI query page; updates and the
Graph Store Protocol's writes answer ``403 The server is read-only``.  A kg store keeps every
triple once in its default graph (kg/store/kgstore.py), so the curated queries, which name no graph, see
every article; ``GRAPH ?g { ... }`` still tells which article states a fact.  (Oxigraph's own
``--union-default-graph`` is not used: in 0.5 it returns a triple once per graph holding it.)

In front of Oxigraph stands a small proxy of kg's own (``kg.store.front``, Python's threaded
``http.server``), on the address the user asked for; Oxigraph itself listens on a free loopback
port only the front is told.  Oxigraph 0.5 follows ``SERVICE``: any client, or any web page
through a GET, could make the endpoint send requests to machines behind it and read the reply,
and neither ``oxigraph serve-read-only`` nor pyoxigraph has a switch against it.  So the front
reads each query and answers ``400`` with one line when it names SERVICE (``--allow-service``
lets it through), declares kg's prefixes (``kg:``, ``kgid:``, ...) as ``kg query`` does, and says a
syntax error as ``kg query`` says it (where, in the user's own query) instead of Oxigraph's
grammar dump.  The loopback port is still reachable by other programs on this machine.

Oxigraph's read-only mode takes no lock: it would start over a store that ``kg add`` is writing
and serve what it read at start (Oxigraph calls that undefined behaviour), and a writer can open
the store while it serves.  So kg refuses to start while a writer holds the store's lock, and
warns, while serving, when a writer appears: the endpoint does not see the new articles until
``kg serve`` is restarted.  There is no query time limit: Oxigraph 0.5.13's ``--timeout-s`` did
not stop a runaway query in our trials, so kg does not pretend to offer one.

>>> endpoint_url("127.0.0.1", 7878)
'http://127.0.0.1:7878/sparql'
>>> endpoint_url("::1", 7878)
'http://[::1]:7878/sparql'
"""
from __future__ import annotations

import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from kg.errors import KgError
from kg.store.folder import STORE_FORMAT, STORE_MARKER, check_version, database, read_marker
from kg.store.front import Front, hostport

ENDPOINT_PATH = "/sparql"
START_TIMEOUT = 10.0  # seconds for the server to listen before kg gives up
STOP_TIMEOUT = 5.0  # seconds between SIGTERM and SIGKILL when stopping the server


# --- the store ---------------------------------------------------------------------------------

def store_database(path: str | os.PathLike) -> Path:
    """The Oxigraph folder of the kg store at ``path``; KgError if ``path`` is no kg store.

    A kg store is a folder with ``kg-store.json`` ({"format": "kg-store", "version": 1}) and the
    Oxigraph database in ``oxigraph/``.
    """
    folder = Path(path)
    if not folder.exists():
        raise KgError(f"no such store: {path}")
    if not folder.is_dir():
        raise KgError(f"{path} is not a kg store (a store is a folder made by kg build --store)")
    if not (folder / STORE_MARKER).is_file():
        raise KgError(f"{path} is not a kg store (no {STORE_MARKER}; make one with kg build --store {path})")
    try:
        meta = read_marker(folder)
    except (OSError, ValueError) as err:
        raise KgError(f"{path} is not a kg store: cannot read {STORE_MARKER} ({err})") from None
    if not isinstance(meta, dict) or meta.get("format") != STORE_FORMAT["format"]:
        raise KgError(f"{path} is not a kg store: {STORE_MARKER} does not say format {STORE_FORMAT['format']!r}")
    check_version(path, meta)
    return database(path)


def writer_pid(database: Path) -> int | None:
    """The id of a process that holds the database's write lock, or None.

    RocksDB (under Oxigraph) takes a POSIX lock on ``LOCK`` while a store is open for writing;
    a read-only opener does not, so Oxigraph's read-only server would start over a store being
    written and serve whatever it read at start ("undefined behavior", says Oxigraph).  On Linux
    ``/proc/locks`` tells without touching the lock; elsewhere kg tries the lock and lets it go.
    """
    lock = database / "LOCK"
    try:
        st = lock.stat()
    except OSError:
        return None
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return _probe_lock(lock)
    want = (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)
    for line in lines:
        fields = line.split()
        if "->" in fields:  # a process waiting for a lock, not holding one
            continue
        try:
            pid, where = int(fields[4]), fields[5].split(":")
            found = (int(where[0], 16), int(where[1], 16), int(where[2]))
        except (IndexError, ValueError):
            continue
        if found == want:
            return pid
    return None


def _probe_lock(lock: Path) -> int | None:
    try:
        import fcntl
    except ImportError:  # Windows: no POSIX locks to look at
        return None
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return None
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return -1  # held by someone; the pid is unknown
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


# --- the network -------------------------------------------------------------------------------

def endpoint_url(host: str, port: int) -> str:
    return f"http://{hostport(host, port)}{ENDPOINT_PATH}"


def check_port(host: str, port: int) -> None:
    """KgError unless ``host:port`` can be listened on now.

    Binds the way Oxigraph's server (Rust's TcpListener) does: SO_REUSEADDR, the first address
    the name resolves to that works.
    """
    if not 1 <= port <= 65535:
        raise KgError(f"--port must be between 1 and 65535, not {port}")
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise KgError(f"cannot listen on {host}: {getattr(err, 'strerror', None) or err}") from None
    first_error: OSError | None = None
    for family, kind, proto, _, address in addresses:
        sock = socket.socket(family, kind, proto)
        try:
            if os.name != "nt":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            return
        except OSError as err:
            first_error = first_error or err
        finally:
            sock.close()
    import errno

    if first_error is not None and first_error.errno == errno.EADDRINUSE:
        raise KgError(f"port {port} is already in use")
    reason = getattr(first_error, "strerror", None) or first_error or "no address"
    raise KgError(f"cannot listen on {hostport(host, port)}: {reason}")


def _answers(host: str, port: int) -> bool:
    target = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    try:
        with socket.create_connection((target, port), timeout=0.2):
            return True
    except OSError:
        return False


# --- the server --------------------------------------------------------------------------------

def find_server() -> str:
    """The ``oxigraph`` program: beside this Python (a venv's bin/) or on PATH."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise KgError("the Oxigraph server program is not installed (pip install 'oxigraph>=0.5,<0.6')")


def server_command(database: Path, host: str, port: int, *, cors: bool = False) -> list[str]:
    command = [find_server(), "serve-read-only", "--location", str(database),
               "--bind", hostport(host, port)]
    if cors:
        command.append("--cors")
    return command


def _error_line(lines: list[str]) -> str:
    """Oxigraph's own message from its stderr: the 'Error: ...' line, without the backtrace."""
    for line in lines:
        if line.startswith("Error:"):
            return line[len("Error:"):].strip()
    return next((line.strip() for line in lines if line.strip()), "no message")


class _Stop(Exception):
    """SIGTERM arrived."""


def _loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(store: str, host: str = "127.0.0.1", port: int = 7878, *, cors: bool = False,
          allow_service: bool = False, out=None, err=None) -> int:
    """Serve ``store`` read-only until Ctrl-C or SIGTERM; 0 on a clean stop, KgError otherwise."""
    out = out or sys.stdout
    err = err or sys.stderr
    database = store_database(store)
    holder = writer_pid(database)
    if holder is not None:
        who = f"another process (pid {holder})" if holder > 0 else "another process"
        raise KgError(f"store {store} is open for writing by {who}; serve it once that has finished")
    check_port(host, port)
    inner = _loopback_port()
    command = server_command(database, "127.0.0.1", inner, cors=cors)
    front = Front.listen(host, port, cors=cors, allow_service=allow_service)

    env = dict(os.environ, RUST_BACKTRACE="0", RUST_LIB_BACKTRACE="0")
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, env=env, text=True, errors="replace",
                                 preexec_fn=_die_with_parent())
    except BaseException:
        front.server_close()
        raise
    lines: queue.Queue[str | None] = queue.Queue()
    started = threading.Event()

    def pump():  # the server's stderr: kept until it listens, passed on afterwards
        for line in child.stderr:
            if started.is_set():
                if not line.startswith("Listening for requests"):
                    err.write(line)
                    err.flush()
            else:
                lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    previous, installed = signal.getsignal(signal.SIGTERM), True
    try:
        signal.signal(signal.SIGTERM, _raise_stop)
    except ValueError:  # not the main thread (a notebook's worker): Ctrl-C still works
        installed = False
    try:
        try:
            _wait_until_listening(child, "127.0.0.1", inner, lines)
        except KgError:
            _stop(child)
            raise
        front.inner = inner
        threading.Thread(target=front.serve_forever, daemon=True).start()
        started.set()
        if host not in ("127.0.0.1", "localhost", "::1"):
            print(f"kg: warning: listening on {host}: anyone who can reach this machine can query the store",
                  file=err, flush=True)
        print(f"serving {store} read-only at {endpoint_url(host, port)} (Ctrl-C to stop)", file=out, flush=True)
        code = _watch(child, database, store, err)
    except (KeyboardInterrupt, _Stop):
        _stop(child)
        return 0
    finally:
        if installed:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        if front.inner:
            front.shutdown()
        front.server_close()
        if child.poll() is None:
            _stop(child)
    if code in (-signal.SIGINT, -signal.SIGTERM):  # Ctrl-C reached the server as well
        return 0
    raise KgError(f"the SPARQL server stopped unexpectedly (exit code {code})")


def _wait_until_listening(child: subprocess.Popen, host: str, port: int, lines: queue.Queue) -> None:
    seen: list[str] = []
    ended = False  # the server's stderr is closed
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if child.poll() is not None:
            while not ended:  # everything it said before it died
                try:
                    line = lines.get(timeout=1.0)
                except queue.Empty:
                    break
                ended = line is None
                if line is not None:
                    seen.append(line)
            raise KgError(f"the SPARQL server could not start: {_error_line(seen)}")
        try:
            line = lines.get(timeout=0.05)
            ended = ended or line is None
            if line is not None:
                seen.append(line)
        except queue.Empty:
            pass
        if _answers(host, port):
            return
    raise KgError(f"the SPARQL server did not answer on {hostport(host, port)} within {START_TIMEOUT:.0f} s")


def _watch(child: subprocess.Popen, database: Path, store: str, err, every: float = 2.0) -> int:
    """Wait for the server to end; say so, once per writer, if a process opens the store for writing.

    Oxigraph's read-only server keeps answering from the store as it was when it started; it
    does not see what a writer (kg add) adds, so the user is told to restart it.
    """
    warned: set[int] = set()
    while True:
        try:
            return child.wait(every)
        except subprocess.TimeoutExpired:
            pass
        holder = writer_pid(database)
        if holder is not None and holder not in warned:
            warned.add(holder)
            print(f"kg: warning: store {store} is being written by another process"
                  f"{f' (pid {holder})' if holder > 0 else ''}; this endpoint answers from the store as it was"
                  f" when it started: restart kg serve when the writer has finished", file=err, flush=True)


def _raise_stop(signum, frame):
    raise _Stop()


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _die_with_parent():
    """Linux: a function for Popen's preexec_fn that makes the server get SIGTERM if kg itself is
    killed outright (SIGKILL), so no server is left holding the port; None elsewhere.

    Everything is looked up here, in kg, so the child only makes one system call before exec.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
