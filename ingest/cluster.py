"""Running parse (and embedding) jobs on a Ray cluster: the optional ``cluster`` extra.

``boardsearch ingest PATH --cluster auto`` (or ``ray://HOST:PORT``) sends each file
to a Ray task; the task gets the file's bytes, so the worker nodes need boardsearch
installed but not the files. The results come back to this process, which writes
the store as a local ingest does. Ray is imported only here, and only when a cluster
is asked for, so the default install does not need it.

Addresses:
  ``auto``            join the Ray cluster this machine is part of (``ray start`` was
                      run here, or RAY_ADDRESS is set); if there is none, start a local
                      one on this machine's cores.
  ``ray://HOST:PORT`` a remote cluster's Ray Client server (port 10001 by default).
  ``local``           always start a fresh local cluster (tests, benchmarks).
"""

from __future__ import annotations

from typing import Any

from . import settings
from .errors import ClusterError

NOT_INSTALLED = (
    "running on a cluster needs Ray, which is not installed; "
    "install it with: pip install 'boardsearch[cluster]'"
)


def check_address(address: str) -> str:
    """The address cleaned, or ClusterError naming what is wrong with it."""
    address = (address or "").strip()
    if address in ("auto", "local") or address.startswith("ray://"):
        return address
    raise ClusterError(
        f"cluster address {address!r} is not understood; use 'auto' or ray://HOST:PORT"
    )


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ClusterError(NOT_INSTALLED) from None
    return ray


def connect(address: str, num_cpus: int | None = None) -> Any:
    """The ``ray`` module, connected to the cluster at `address` (once per process)."""
    address = check_address(address)
    ray = import_ray()
    if ray.is_initialized():
        return ray
    # Workers import boardsearch from the same place this process does.
    env = settings.cluster_worker_env()
    options: dict[str, Any] = {
        "ignore_reinit_error": True,
        "log_to_driver": False,
        "include_dashboard": False,
        "runtime_env": {"env_vars": env} if env else None,
    }
    try:
        if address == "local":
            ray.init(num_cpus=num_cpus, **options)
        elif address == "auto":
            try:
                ray.init(address="auto", **options)
            except (ConnectionError, RuntimeError, ValueError):  # no cluster here: start one
                ray.init(num_cpus=num_cpus, **options)
        else:
            options.pop("include_dashboard")
            ray.init(address=address, **options)
    except ClusterError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to connect, in one line
        raise ClusterError(f"cannot reach the Ray cluster at {address} ({exc})") from exc
    return ray


def remote(ray: Any, fn: Any, **options: Any) -> Any:
    """`fn` as a Ray remote function (made on demand so importing this needs no Ray)."""
    return ray.remote(**options)(fn) if options else ray.remote(fn)
