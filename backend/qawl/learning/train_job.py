"""One training run, as its own process: ``python -m qawl.learning.train_job --model-dir D --project P``.

The server starts this in a subprocess so CRF training never competes with
request threads for the GIL, a crash in training cannot take the server
down, and a killed server takes its training with it (parent-death signal).
It pulls from Label Studio when asked (falls back to the local gold store
when that fails, recording the error), builds and publishes a new version,
and prints one JSON line: ``{"version": …, "summary": …, "pull_error": …}``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

__all__ = ["run_training", "main"]

log = logging.getLogger("qawl.learning.train_job")


def run_training(model_dir: Path, project_id: str, pull: bool = False, ls_url: str = "", ls_key: str = "") -> dict:
    """Pull (optionally), build and publish; returns the JSON-able outcome. Raises on build failure."""
    from .build import build_version
    from .gold import GoldStore
    from .gold_to_training import parse_result
    from .store import ModelStore

    gold = GoldStore(Path(model_dir) / "gold.sqlite3")
    outcome: dict = {"project": project_id, "pull": None, "pull_error": None}
    if pull:
        if not ls_url or not ls_key:
            outcome["pull_error"] = "LABEL_STUDIO_URL or LABEL_STUDIO_API_KEY not set; trained from the local store"
        else:
            try:
                from .ls_client import sync_gold

                outcome["pull"] = sync_gold(gold, ls_url, ls_key, project_id)
            except Exception as error:  # unreachable LS, bad key, …: train on what we have
                outcome["pull_error"] = f"{type(error).__name__}: {error}"[:500]
                log.warning("pulling project %s from Label Studio failed: %s", project_id, outcome["pull_error"])
    annotations = gold.annotations(project_id)
    docs = [parse_result(a.text, a.result, a.annotation_id) for a in annotations]
    published = build_version(ModelStore(model_dir), project_id, docs)
    manifest = json.loads((published.path / "model.json").read_text(encoding="utf-8"))
    outcome.update(version=published.version, summary=manifest.get("training", {}))
    return outcome


def _die_with_parent() -> None:
    """Linux: get SIGKILL when the server that started us dies (no orphaned trainings)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--pull", action="store_true", help="pull annotations from Label Studio first")
    parser.add_argument("--parent", type=int, default=0, help="exit if this process is gone (set by the server)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO").upper(),
                        format="%(asctime)s %(levelname)s train_job: %(message)s", stream=sys.stderr)
    if args.parent:
        _die_with_parent()
        if os.getppid() != args.parent:  # the parent died before prctl took effect
            return 3
    started = time.perf_counter()
    outcome = run_training(Path(args.model_dir), args.project, args.pull,
                           os.environ.get("LABEL_STUDIO_URL") or os.environ.get("LABEL_STUDIO_HOST", ""),
                           os.environ.get("LABEL_STUDIO_API_KEY") or os.environ.get("LABEL_STUDIO_ACCESS_TOKEN", ""))
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(outcome, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
