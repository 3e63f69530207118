"""boardsearch as a package: a quiet, complete build, and a non-editable install that runs.

Unit tier: pyproject.toml uses an SPDX licence string with a setuptools that
understands it, and lists every folder of code or data under ingest/, index/
and ui/ (a folder left out is silently missing from a non-editable install).

Real tier: the project is built (with pip's build isolation, so
``build-system.requires`` is what builds it) and installed non-editable into a
fresh venv. The heavy dependencies (torch, spaCy, the models) are not
installed again: the fresh venv sees the shared venv's site-packages through a
.pth line, and the project itself is installed with ``--no-deps``; its own
files come only from the wheel (the test checks where ``ingest`` is imported
from). The build output must carry no warning caused by the project. From that
install, in a folder outside the clone, ``boardsearch start --no-ui`` ingests
a one-paper corpus, ``boardsearch ui --headless`` answers on its health
endpoint, and the installed app script renders its first page in AppTest.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from .helpers import MINUTES, ROOT, child_env

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# pip notices that come from this machine's pip configuration, not from the project
MACHINE_NOISE = re.compile(
    r"WARNING: Location '.*' is ignored|byte-compiling is disabled|"
    r"WARNING: Skipping .* due to invalid metadata|DEPRECATION: .*--no-build-isolation"
)


def test_licence_is_an_spdx_string_and_setuptools_understands_it() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    requires = PYPROJECT["build-system"]["requires"]
    (setuptools,) = [r for r in requires if r.startswith("setuptools")]
    low = re.search(r">=\s*(\d+)", setuptools)
    assert low and int(low.group(1)) >= 77, "setuptools < 77 reads no SPDX licence string"
    for name in PYPROJECT["project"].get("license-files", []):
        assert (ROOT / name).is_file(), name
    classifiers = PYPROJECT["project"].get("classifiers", [])
    assert not [c for c in classifiers if c.startswith("License ::")]


def test_every_code_and_data_folder_is_packaged() -> None:
    conf = PYPROJECT["tool"]["setuptools"]
    packages = set(conf["packages"])
    data = conf.get("package-data", {})
    missing = []
    for top in ("ingest", "index", "ui"):
        for folder in sorted((ROOT / top).rglob("*")):
            if not folder.is_dir() or folder.name == "__pycache__":
                continue
            files = [f for f in folder.iterdir() if f.is_file() and f.suffix != ".pyc"]
            if not files:
                continue
            rel = folder.relative_to(ROOT)
            dotted = ".".join(rel.parts)
            if dotted in packages:
                if any(f.suffix != ".py" for f in files):  # data files need a pattern
                    assert data.get(dotted), f"{rel}: data files but no package-data"
                continue
            parent = ".".join(rel.parts[:-1])
            patterns = data.get(parent, [])
            covered = all(
                any(Path(f"{folder.name}/{f.name}").match(p) for p in patterns) for f in files
            )
            if not covered:
                missing.append(str(rel))
    assert not missing, f"folders a non-editable install would lack: {missing}"


def test_start_finds_the_papers_in_the_current_folder(tmp_path, monkeypatch) -> None:
    """A non-editable install has no corpus beside its code; run from the clone it uses
    corpus/papers of the current folder."""
    from ingest import config

    (tmp_path / "corpus" / "papers").mkdir(parents=True)
    monkeypatch.delenv(config.ENV_CORPUS, raising=False)
    monkeypatch.setattr(config, "CORPUS_PAPERS", tmp_path / "not-here")
    monkeypatch.chdir(tmp_path)
    assert config.corpus_papers() == tmp_path / "corpus" / "papers"
    monkeypatch.chdir(tmp_path / "corpus")
    assert config.corpus_papers() is None
    monkeypatch.setenv(config.ENV_CORPUS, str(tmp_path))
    assert config.corpus_papers() == tmp_path


# --------------------------------------------------------------------------- real tier


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def project_copy(dest: Path) -> Path:
    """The committed project files (what a clone holds), without .venv or caches."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for raw in filter(None, listed):
        rel = raw.decode()
        if rel.startswith(("corpus/papers/", "tests/", "docs/")) or not (ROOT / rel).is_file():
            continue  # not needed to build; keeps the copy small
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ of a fresh venv holding a non-editable install of this project."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to list the project's files")
    tmp = tmp_path_factory.mktemp("install")
    venv = tmp / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(
        subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "shared-venv.pth").write_text(sysconfig.get_path("purelib") + "\n")
    src = project_copy(tmp / "src")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--no-deps",
            "--disable-pip-version-check",
            "-v",
            str(src),
        ],
        capture_output=True,
        text=True,
        env=child_env(PYTHONPATH=""),
    )
    output = build.stdout + build.stderr
    assert build.returncode == 0, output[-4000:]
    warnings = [
        line.strip()
        for line in output.splitlines()
        if re.search(r"warning|deprecat", line, re.I) and not MACHINE_NOISE.search(line)
    ]
    assert not warnings, "the build warns:\n" + "\n".join(warnings[:20])
    return venv / "bin"


def run_installed(bin_dir: Path, args: list[str], cwd: Path, **env: str):
    clean = child_env(drop=("PYTHONPATH", "BOARDSEARCH_DATA"))
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=clean | {"BOARDSEARCH_MODEL": "hash-256", "HF_HUB_OFFLINE": "1", **env},
        timeout=600,
    )


@pytest.mark.real
def test_installed_package_is_complete_and_imported_from_the_install(installed, tmp_path):
    code = (
        "import ingest, ui, index, pathlib, json; from ingest import themes; "
        "root = pathlib.Path(ui.__file__).parent; "
        "print(json.dumps([ingest.__file__, sorted(p.name for p in (root / 'screens').glob('*.py')),"
        " (root / '.streamlit' / 'config.toml').is_file(),"
        " (pathlib.Path(ingest.__file__).parent / 'data' / 'themes.json').is_file()]))"
    )
    out = run_installed(installed, ["python", "-c", code], tmp_path)
    assert out.returncode == 0, out.stderr
    import json

    where, screens, config, themes = json.loads(out.stdout)
    assert where.startswith(str(installed.parent)), where  # not the clone, not the shared venv
    assert {"search.py", "themes.py", "register.py", "common.py"} <= set(screens)
    assert config and themes


@pytest.mark.real
@pytest.mark.e2e
def test_installed_boardsearch_starts_and_serves(installed, tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(MINUTES, papers)
    data = tmp_path / "data"
    out = run_installed(
        installed,
        ["boardsearch", "start", "--no-ui", "--data-dir", str(data)],
        tmp_path,
        BOARDSEARCH_CORPUS=str(papers),
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Ingested 1 document (1 page)" in out.stdout
    assert "Tri-borough LSCB Executive" in out.stdout

    # the installed app script renders its first page (imports every screen helper it needs)
    app_test = (
        "import sys, ui, pathlib; from streamlit.testing.v1 import AppTest; "
        "at = AppTest.from_file(str(pathlib.Path(ui.__file__).parent / 'app.py'), "
        "default_timeout=120).run(); "
        "sys.exit('exception: ' + str(at.exception[0].value) if at.exception else 0)"
    )
    rendered = run_installed(
        installed, ["python", "-c", app_test], tmp_path, BOARDSEARCH_DATA=str(data)
    )
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr

    port = free_port()
    clean = child_env(drop=("PYTHONPATH", "DISPLAY"))
    proc = subprocess.Popen(
        [
            str(installed / "boardsearch"),
            "ui",
            "--headless",
            "--port",
            str(port),
            "--data-dir",
            str(data),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=clean | {"BOARDSEARCH_MODEL": "hash-256", "HOME": str(tmp_path)},
    )
    try:
        lines = []
        end = time.monotonic() + 180
        while time.monotonic() < end:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "running at" in line:
                break
        assert any(f"running at http://localhost:{port}" in x for x in lines), lines
        with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=5) as r:
            assert r.read() == b"ok"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# --------------------------------------------------------------------------- scripts/setup.sh

FAKE_PIP = """#!/usr/bin/env bash
# stands in for .venv/bin/python: `-m pip install ...` prints pip-like noise
echo "WARNING: Location 'file:///opt/pypi-more/simple/x/' is ignored: it is neither a file nor a directory."
echo "Collecting ${@: -1}"
if [ -n "${FAIL_ON:-}" ] && [[ "$*" == *"$FAIL_ON"* ]]; then
  echo "ERROR: Could not find a version that satisfies the requirement $FAIL_ON" >&2
  exit 1
fi
echo "Successfully installed ${@: -1}"
"""


def fake_checkout(tmp_path: Path) -> Path:
    """scripts/setup.sh and pyproject.toml, with a .venv whose python only pretends."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts")
    shutil.copy(ROOT / "scripts" / "second-model.txt", tmp_path / "scripts")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    fake = tmp_path / ".venv" / "bin" / "python"
    fake.parent.mkdir(parents=True)
    fake.write_text(FAKE_PIP)
    fake.chmod(0o755)
    return tmp_path


def run_setup(folder: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "scripts/setup.sh"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=child_env(PYTHON=sys.executable, **env),
        timeout=60,
    )


def test_setup_prints_a_few_plain_lines_and_no_pip_noise(tmp_path) -> None:
    folder = fake_checkout(tmp_path)
    out = run_setup(folder)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = (out.stdout + out.stderr).strip().splitlines()
    assert lines[0].startswith("Setting up boardsearch in .venv")
    assert re.fullmatch(r"Done in \d+ s\. Next: \.venv/bin/boardsearch start", lines[-1])
    assert len(lines) <= 6, lines
    assert not [x for x in lines if re.search(r"WARNING|Collecting|Successfully", x)], lines
    assert "Successfully installed" in (folder / ".venv" / "setup.log").read_text()
    again = run_setup(folder)  # nothing changed: one line, nothing installed
    assert again.stdout.strip() == "boardsearch is already set up in .venv"


def test_setup_failure_shows_pips_error_without_the_machines_notices(tmp_path) -> None:
    folder = fake_checkout(tmp_path)
    out = run_setup(folder, FAIL_ON="torch==")
    assert out.returncode == 1
    assert "Setup failed while installing PyTorch (CPU only)" in out.stderr
    assert "Could not find a version that satisfies the requirement torch==" in out.stderr
    assert "is ignored" not in out.stderr
    assert ".venv/setup.log" in out.stderr
    assert not (folder / ".venv" / ".boardsearch-setup").exists()  # the next run tries again
