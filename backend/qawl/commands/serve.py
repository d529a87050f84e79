"""``qawl serve``: the backend under gunicorn, the way Label Studio's own backends run."""

from __future__ import annotations

import os
import sys

NAME = "serve"
HELP = "run the ML backend for Label Studio (gunicorn)"


def add_arguments(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 9090)),
                        help="port (default $PORT or 9090)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", 1)),
                        help="gunicorn worker processes (default $WORKERS or 1)")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", 8)),
                        help="threads per worker (default $THREADS or 8)")
    parser.add_argument("--model-dir", help="where gold data and trained models live (sets MODEL_DIR)")


def gunicorn_argv(args) -> list[str]:
    return [
        "gunicorn", "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers),
        "--threads", str(args.threads), "--timeout", "0", "--graceful-timeout", "10",
        "--access-logfile", "-", "qawl.wsgi:app",
    ]


def run(args) -> int:
    if args.model_dir:
        os.environ["MODEL_DIR"] = args.model_dir
    argv = gunicorn_argv(args)
    # Replace this process so signals (SIGTERM from a supervisor) reach gunicorn directly.
    os.execvp(sys.executable, [sys.executable, "-m", *argv])
    return 0  # not reached
