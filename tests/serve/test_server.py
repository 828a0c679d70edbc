"""``pipeline serve`` as a process on real uvicorn: when it says where it serves, a busy
port, a chunked body past the limit on the wire, long paths in its log, a shared address.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.serve.guard import LOG_LIMIT, MAX_BODY
from pipeline.serve.server import url

from ..conftest import SEED_SLUG

#: Seconds a server may take to start on a busy shared machine.
START = 30


@dataclass(frozen=True, slots=True)
class Running:
    """A ``pipeline serve`` process."""

    #: The process.
    process: subprocess.Popen[bytes]
    #: The file its standard error goes to.
    log: Path
    #: The address its ``serving`` line gave.
    address: str

    @property
    def port(self) -> int:
        return int(re.search(r":(\d+)/", self.address).group(1))  # type: ignore[union-attr]

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()


def start(project: Path, tmp_path: Path, *options: str) -> Running:
    """``pipeline serve --port 0 OPTIONS``, once its ``serving`` line is printed."""
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "pipeline", "-C", str(project), "serve", "--port", "0"]
    with log.open("wb") as err:
        process = subprocess.Popen([*command, *options], stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + START
    while time.monotonic() < deadline and process.poll() is None:
        found = re.search(r"^serving \S+ at (\S+)", log.read_text("utf-8"), re.MULTILINE)
        if found:
            return Running(process, log, found.group(1))
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"pipeline serve did not start: {log.read_text('utf-8')}")


@pytest.fixture()
def running(project: Path, tmp_path: Path) -> Iterator[Running]:
    served = start(project, tmp_path)
    try:
        yield served
    finally:
        served.process.kill()
        served.process.wait()


def test_serving_is_said_once_it_answers(running: Running) -> None:
    assert running.address.startswith("http://127.0.0.1:") and running.port != 0
    with urllib.request.urlopen(running.address, timeout=10) as response:  # no retry needed
        assert response.status == 200


def test_a_busy_port_is_one_line_and_a_failure(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "-C", str(project), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=START,
        )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]
    assert done.stdout == ""


def _rss(pid: int) -> int:
    """The process's resident memory in kB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]


def test_a_chunked_body_past_the_limit_is_refused_on_the_wire(running: Running) -> None:
    with urllib.request.urlopen(running.address, timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="wb-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    host = f"127.0.0.1:{running.port}"
    before = _rss(running.process.pid)
    head = (
        f"POST /_workbench/api/en/{SEED_SLUG}/save HTTP/1.1\r\nHost: {host}\r\n"
        f"Origin: http://{host}\r\nX-Workbench-Token: {token}\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"10000\r\n" + b"[" * 0x10000 + b"\r\n"
    sent = 0
    with socket.create_connection(("127.0.0.1", running.port), timeout=5) as conn:
        conn.sendall(head.encode())
        try:
            while sent < 50 * MAX_BODY:  # far past the limit: the server stops taking it
                conn.sendall(chunk)
                sent += 0x10000
        except OSError:  # the server answered and closed, or stopped reading
            pass
        answer = conn.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413 "), answer[:200]
    assert "over 1,000,000 bytes" in answer
    assert _rss(running.process.pid) - before < 20_000  # kB: the body was not kept


def test_a_long_path_is_logged_cut(running: Running) -> None:
    path = "/en/" + "a" * 15_000 + ".html"  # about the longest request line uvicorn takes
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(running.address.rstrip("/") + path, timeout=10)
    refused.value.close()
    assert refused.value.code == 404
    deadline = time.monotonic() + 10  # the access line is written after the answer
    while not any('"GET /en/aaa' in line for line in running.lines()):
        assert time.monotonic() < deadline, running.lines()[-3:]
        time.sleep(0.05)
    lines = running.lines()
    assert any('"GET /en/aaa' in line for line in lines)  # uvicorn's access line
    assert any("refused GET /en/aaa" in line for line in lines)  # the app's refusal
    assert max(len(line) for line in lines) < 4 * LOG_LIMIT


def test_a_shared_address_opens_with_the_terminals_secret(project: Path, tmp_path: Path) -> None:
    served = start(project, tmp_path, "--host", "0.0.0.0")
    try:
        assert re.fullmatch(r"http://0\.0\.0\.0:\d+/\?token=[\w-]{40,}", served.address)
        warning = served.lines()[-2]
        assert warning.startswith("warning: listening on 0.0.0.0") and "works once" in warning
        secret = served.address.split("token=")[1]
        base = f"http://127.0.0.1:{served.port}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/", timeout=10)
        refused.value.close()
        assert refused.value.code == 403
        conn = socket.create_connection(("127.0.0.1", served.port), timeout=10)
        with conn:
            conn.sendall(
                f"GET /?token={secret} HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode()
            )
            answer = conn.recv(4096).decode("latin-1")
        assert answer.startswith("HTTP/1.1 303 ")
        cookie = re.search(r"set-cookie: ([^;]+);", answer, re.IGNORECASE).group(1)  # type: ignore[union-attr]
        request = urllib.request.Request(base + f"/en/{SEED_SLUG}.html", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=10) as response:
            page = response.read().decode()
        assert "wb-token" not in page and secret not in page
        time.sleep(0.2)
        assert secret not in served.log.read_text("utf-8").split("serving", 1)[1].split("\n", 1)[1]
    finally:
        served.process.kill()
        served.process.wait()


def test_an_ipv6_address_is_bracketed_once() -> None:
    assert url("[::1]", 8000) == url("::1", 8000) == "http://[::1]:8000/"
