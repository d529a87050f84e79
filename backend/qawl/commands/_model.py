"""Choosing the model a command runs: the shipped one, a model directory, or a project's current version.

``--project ID`` reads ``MODEL_DIR`` (``--model-root``, else the environment, else
``var/models``) for the version the server would use for that project, so a lead
can score the model their annotators trained against the gold they exported.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..shipped import SHIPPED_MODEL_DIR


def add_model_arguments(parser, model_flag: str = "--model") -> None:
    parser.add_argument(model_flag, type=Path, default=None, dest="model",
                        help="model directory (default: the shipped model)")
    parser.add_argument("--project", dest="model_project", metavar="ID",
                        help="use the project's current trained version under MODEL_DIR instead")
    parser.add_argument("--model-root", type=Path, default=None, metavar="MODEL_DIR",
                        help="MODEL_DIR for --project (default $MODEL_DIR or var/models)")
    parser.add_argument("--skip-stage", action="append", default=[], metavar="STAGE",
                        help="leave a stage of the model out (repeatable), e.g. entity_rules for the tagger "
                             "alone; the model version then says so")


def model_path(args, command: str) -> Path:
    """The model directory the arguments name; exits with one line when there is none."""
    from ..learning.store import ModelStore

    if args.model_project is None:
        return args.model or SHIPPED_MODEL_DIR
    if args.model is not None:
        raise SystemExit(f"qawl {command}: give a model directory or --project, not both")
    root = args.model_root or args.settings.model_dir
    current = ModelStore(root).current(str(args.model_project))
    if current is None:
        raise SystemExit(f"qawl {command}: project {args.model_project} has no trained version under {root}")
    return current.path


def load_annotator(args, command: str):
    """The Annotator for the arguments, loaded once; a model that cannot be loaded exits with one line."""
    from ..pipeline import Annotator

    path = model_path(args, command)
    try:
        return Annotator.load(path, skip=getattr(args, "skip_stage", ()),
                              stage_options=args.settings.stage_options())
    except FileNotFoundError:
        raise SystemExit(f"qawl {command}: {path} is not a model directory (no model.json)")
    except (OSError, ValueError, KeyError) as error:
        raise SystemExit(f"qawl {command}: cannot load the model in {path}: {error}")


def read_label_config(path, command: str) -> str | None:
    """The label config XML in ``path``; None after one line naming the file when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        print(f"qawl {command}: cannot read the label config --config {path}: {reason}", file=sys.stderr)
        return None
