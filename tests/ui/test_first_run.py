"""The README's first command as a new user meets it: no prompt, the address only once it answers.

Unit tier: the Streamlit command line is always headless; a taken port is named
before anything starts; no browser is attempted where none can appear.

Real tier: `boardsearch start` in a pseudo-terminal (so Streamlit sees a user at a
keyboard), with an empty home folder (so no ~/.streamlit/credentials.toml), on a
one-paper corpus given by BOARDSEARCH_CORPUS and the hash embedder. It must print
the address, the health endpoint must answer at that moment, no "Email" prompt
may appear, and stopping boardsearch must stop the server too.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import socket
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ui import cli

from ..helpers import MINUTES, ROOT, child_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def flags(cmd: list[str]) -> dict[str, str]:
    start = cmd.index("run") + 2  # after `streamlit run APP`
    return dict(zip(cmd[start::2], cmd[start + 1 :: 2], strict=True))


def test_streamlit_always_runs_headless_without_statistics() -> None:
    flags_ = flags(cli.streamlit_command(Path("app.py"), 8765))
    assert flags_["--server.headless"] == "true"
    assert flags_["--browser.gatherUsageStats"] == "false"
    assert flags_["--server.port"] == "8765"


def test_headless_flag_is_not_needed_to_avoid_the_prompt() -> None:
    """`ui` without --headless still starts Streamlit headless (only the browser differs)."""
    args = cli.build_parser().parse_args(["ui"])
    assert args.headless is False
    assert flags(cli.streamlit_command(Path("a"), args.port))["--server.headless"] == "true"


def test_no_browser_is_tried_without_a_display(monkeypatch) -> None:
    import webbrowser

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: opened.append(a) or True)
    assert cli.open_browser("http://localhost:1") is False
    assert opened == []
    monkeypatch.setenv("DISPLAY", ":0")
    assert cli.open_browser("http://localhost:1") is True
    assert opened == [("http://localhost:1",)]


def test_a_taken_port_is_named(tmp_path, capsys) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code = cli.main(["ui", "--port", str(port), "--data-dir", str(tmp_path), "--headless"])
    assert code == 1
    err = capsys.readouterr().err
    assert f"port {port} is already in use" in err and "--port" in err


def test_start_without_papers_says_where_to_run_it(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("BOARDSEARCH_CORPUS", str(tmp_path / "nowhere"))
    assert cli.main(["start", "--no-ui", "--data-dir", str(tmp_path / "d")]) == 1
    err = capsys.readouterr().err
    assert "nowhere" in err and "BOARDSEARCH_CORPUS" in err


# --------------------------------------------------------------------------- real tier


def read_until(fd: int, want: re.Pattern[str], timeout: float) -> str:
    """Everything the terminal showed until ``want`` matched (or the time ran out / EOF)."""
    out = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
            if want.search(out.decode("utf-8", "replace")):
                break
    return out.decode("utf-8", "replace")


def health(url: str) -> bytes:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
        return r.read()


def run_start_in_a_terminal(
    command: list[str], tmp: Path, env_extra: dict[str, str]
) -> tuple[str, str, bytes, bool]:
    """Run ``command`` in a pty with an empty HOME; returns (terminal text, url, health
    answer, whether the server was gone after boardsearch was stopped)."""
    import pty

    home = tmp / "home"
    home.mkdir()
    env = child_env(drop=("DISPLAY", "WAYLAND_DISPLAY"))
    env |= {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "BOARDSEARCH_MODEL": "hash-256",
        "HF_HUB_OFFLINE": "1",
        **env_extra,
    }
    pid, fd = pty.fork()
    if pid == 0:  # the child: become boardsearch
        os.execve(command[0], command, env)
    try:
        text = read_until(fd, re.compile(r"running at (http://\S+)|Email|FAILED|Error"), 300)
        match = re.search(r"running at (http://\S+)", text)
        url = match.group(1) if match else ""
        answer = health(url) if url else b""  # must answer the moment the address is shown
        text += read_until(fd, re.compile(r"Email"), 3)  # a late prompt would show here
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
    try:
        health(url) if url else None
        gone = not url
    except OSError:
        gone = True
    assert not (home / ".streamlit" / "credentials.toml").exists()
    return text, url, answer, gone


@pytest.mark.real
@pytest.mark.e2e
def test_start_in_a_terminal_with_an_empty_home_never_prompts(tmp_path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(MINUTES, papers)
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "ui.cli",
        "start",
        "--port",
        str(port),
        "--data-dir",
        str(tmp_path / "data"),
    ]
    extra = {"BOARDSEARCH_CORPUS": str(papers), "PYTHONPATH": str(ROOT)}
    text, url, answer, gone = run_start_in_a_terminal(cmd, tmp_path, extra)
    assert "Email" not in text and "Welcome to Streamlit" not in text, text
    assert url == f"http://localhost:{port}", text
    assert answer == b"ok"
    assert "Ingested 1 document (1 page)" in text
    # no display in this terminal: it says to open the address instead of starting a browser
    assert f"Open {url} in your web browser." in text
    assert gone, "the Streamlit server was still answering after boardsearch stopped"
