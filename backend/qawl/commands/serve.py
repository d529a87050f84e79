"""``qawl serve``: the backend under gunicorn, the way Label Studio's own backends run.

Flags win over the settings (``PORT``, ``WORKERS``, ``THREADS``, ``MODEL_DIR``);
a ``--model-dir`` reaches the workers as an argument of the app factory.
"""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "serve"
# gunicorn's default with the user name (%(u)s) left out: from a header without a colon it logs the whole
# credential string; and no referer or agent, which a client may fill with anything.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(L)s'

HELP = "run the ML backend for Label Studio (gunicorn)"


def add_arguments(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default $PORT or 9090)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn worker processes (default $WORKERS or 1)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default $THREADS or 8)")
    parser.add_argument("--model-dir", help="where gold data and trained models live (default $MODEL_DIR)")


def gunicorn_argv(args) -> list[str]:
    settings = args.settings
    app = "qawl.wsgi:app"
    if args.model_dir:
        app = f"qawl.app:create_app({{'model_dir': {str(Path(args.model_dir).resolve())!r}}})"
    return [
        "gunicorn", "--bind", f"{args.host}:{args.port or settings.port}",
        "--workers", str(args.workers or settings.workers), "--threads", str(args.threads or settings.threads),
        "--timeout", "0", "--graceful-timeout", "10", "--access-logfile", "-",
        "--access-logformat", ACCESS_LOG_FORMAT, app,
    ]


def run(args) -> int:
    import os

    # Replace this process so signals (SIGTERM from a supervisor) reach gunicorn directly.
    os.execvp(sys.executable, [sys.executable, "-m", *gunicorn_argv(args)])
    return 0  # not reached
