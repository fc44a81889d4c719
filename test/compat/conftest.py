"""Fixtures for the compatibility suite: our server, started as `npm start` starts it (the
bundle in dist/, built fresh from the sources, with the same Node flags), once on SQLite and once on Postgres, with the
real prefect client pointed at it."""

import functools
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import uuid

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@functools.cache
def _start_command() -> list[str]:
    """`npm start`'s command: builds dist/ once per session as its prestart does, then runs the
    bundle with the same Node flags."""
    node = os.environ.get("NODE_BINARY", "node")
    subprocess.run([node, str(REPO / "scripts" / "build.ts")], check=True, cwd=REPO)
    words = json.loads((REPO / "package.json").read_text())["scripts"]["start"].split(" ")
    return [node, *(str(REPO / w) if w.startswith("dist/") else w for w in words[1:])]


def _postgres_url() -> str:
    base = os.environ.get("PREFECT_TEST_DATABASE_URL")
    if not base:
        pytest.fail("PREFECT_TEST_DATABASE_URL is not set: run the suite through `npm test`")
    head, _, _ = base.rpartition("/")
    return f"{head}/pst_compat_{uuid.uuid4().hex[:12]}"


class Server:
    def __init__(self, dialect: str, tmp: pathlib.Path):
        self.dialect = dialect
        self.home = tmp
        self.database_url = (
            f"sqlite+aiosqlite:///{tmp / 'compat.db'}" if dialect == "sqlite" else _postgres_url()
        )
        self.process: subprocess.Popen[str] | None = None
        self.api_url = ""
        # Every line the server printed. A reader thread drains the pipe for the whole
        # session: an undrained pipe fills up and then blocks the server's writes.
        self.lines: list[str] = []
        self._reader: threading.Thread | None = None

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(
            PREFECT_HOME=str(self.home),
            PREFECT_API_DATABASE_CONNECTION_URL=self.database_url,
            PREFECT_SERVER_API_PORT="0",
            PREFECT_LOGGING_SERVER_LEVEL="warn",
            # Log streaming (/api/logs/out) is off by default, in Prefect as here.
            PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED="true",
            PREFECT_SERVER_LOGS_STREAM_PUBLISHING_ENABLED="true",
        )
        self.process = subprocess.Popen(
            _start_command(),
            env={**env, "PREFECT_LOGGING_SERVER_LEVEL": "info"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 60
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"server exited with {self.process.wait()}")
            self.lines.append(line)
            match = re.search(r"serving the Prefect API at (http://\S+?/api)", line)
            if match:
                self.api_url = match.group(1)
                self._reader = threading.Thread(target=self._drain, daemon=True)
                self._reader.start()
                return
        raise RuntimeError("server did not start within 60 s")

    def _drain(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def log_since(self, start: int) -> str:
        """The server's lines from `start` on: failed requests, warnings and errors in
        full, the rest (one line per successful request) only counted."""
        lines = self.lines[start:]
        wanted = [l for l in lines if _noteworthy(l)]
        return "".join(wanted[-200:]) + f"({len(lines)} lines in all, {len(lines) - len(wanted)} successful requests or info lines not shown)\n"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def _noteworthy(line: str) -> bool:
    try:
        record = json.loads(line)
    except ValueError:
        return True
    if not isinstance(record, dict):
        return True
    status = record.get("status")
    if record.get("route") == "/csrf-token" and status == 422:
        return False  # every client asks; "CSRF protection is disabled", as Prefect answers
    return record.get("level", 30) > 30 or (isinstance(status, int) and status >= 400)


class ExternalServer(Server):
    """A server this suite did not start (PREFECT_COMPAT_EXTERNAL_API_URL): used to check
    the tests themselves against the real Prefect server (`prefect server start`)."""

    def __init__(self, dialect: str, api_url: str):  # noqa: the parent's database set-up does not apply
        self.dialect = dialect
        self.process = None
        self.api_url = api_url.rstrip("/")
        self.lines = []


def _create_postgres_database(url: str) -> None:
    # `start` migrates but, like Prefect, does not create the database itself.
    import urllib.parse

    parsed = urllib.parse.urlparse(url.replace("postgresql+asyncpg", "postgresql"))
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    subprocess.run(
        ["psql", admin, "-v", "ON_ERROR_STOP=1", "-c", f'CREATE DATABASE "{name}"'],
        check=True,
        capture_output=True,
    )


def _drop_postgres_database(url: str) -> None:
    import urllib.parse

    parsed = urllib.parse.urlparse(url.replace("postgresql+asyncpg", "postgresql"))
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    subprocess.run(
        ["psql", admin, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
        check=False,
        capture_output=True,
    )


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def server(request):
    external = os.environ.get("PREFECT_COMPAT_EXTERNAL_API_URL")
    if external:
        yield ExternalServer(request.param, external)
        return
    with tempfile.TemporaryDirectory(prefix="pst-compat-") as tmp:
        srv = Server(request.param, pathlib.Path(tmp))
        if request.param == "postgres":
            _create_postgres_database(srv.database_url)
        try:
            srv.start()
            yield srv
        finally:
            srv.stop()
            if request.param == "postgres":
                _drop_postgres_database(srv.database_url)


@pytest.fixture(autouse=True)
def prefect_api(server, monkeypatch, tmp_path, request):
    """Points the prefect client at our server: the environment for subprocesses, and the
    settings context for this process (prefect reads its environment once, at import)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    request.node._server_log_start = len(server.lines)
    monkeypatch.setenv("PREFECT_API_URL", server.api_url)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "client-home"))
    monkeypatch.setenv("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false")
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield server


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    srv = _server_of(item)
    if report.failed and srv is not None and srv.process is not None and call.when == "call":
        report.sections.append((f"our server ({srv.dialect}) during this test", srv.log_since(getattr(item, "_server_log_start", 0))))


def _server_of(item):
    srv = getattr(item, "funcargs", {}).get("server")
    return srv if isinstance(srv, Server) else None


def run_script(source: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Runs a flow script in its own interpreter, as a user would, with this test's environment."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(source), *args], capture_output=True, text=True, timeout=300)


def _prefect() -> str:
    return str(pathlib.Path(os.environ.get("VIRTUAL_ENV", REPO / "test" / "compat" / ".venv")) / "bin" / "prefect")


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Runs the real `prefect` CLI from the venv against the server in the environment."""
    return subprocess.run([_prefect(), *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120)


def cli_in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """Runs the real CLI's command in this process, with Prefect's own CLI test runner:
    the same code as `cli` without the second or so each new interpreter takes to start.
    The exit code, stdout and stderr come back as from `cli`."""
    from prefect.testing.cli import CycloptsCliRunner

    result = CycloptsCliRunner().invoke(list(args))
    return subprocess.CompletedProcess(["prefect", *args], result.exit_code, result.stdout, result.stderr)


def as_json(text: str):
    return json.loads(text)
