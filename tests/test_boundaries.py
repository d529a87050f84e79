"""The package boundaries hold: only ``labelstudio/`` reads Label Studio payloads, only ``settings.py`` the environment.

Both are checked on the syntax tree of every module, so a comment or a
docstring that names a key is no finding, while ``payload.get("annotations")``,
``task["data"]`` or ``os.getenv("X")`` anywhere else is.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "backend" / "qawl"

# Keys that only Label Studio's payloads, tasks, exports and results carry.
LABEL_STUDIO_KEYS = {"action", "annotation", "annotations", "completions", "data", "direction", "from_id",
                     "from_name", "label_config", "labels", "params", "predictions", "result", "schema", "tasks",
                     "to_id", "to_name", "value", "was_cancelled"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _string(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def payload_key_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """``x["key"]`` and ``x.get("key", …)`` for a Label Studio key, as (line, key)."""
    found = []
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript):
            key = _string(node.slice)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and node.args):
            key = _string(node.args[0])
        if key in LABEL_STUDIO_KEYS:
            found.append((node.lineno, key))
    return found


def environment_reads(tree: ast.AST) -> list[int]:
    """Lines that touch ``os.environ`` or call ``os.getenv``/``os.putenv``."""
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "putenv", "environb"}]


def test_no_module_outside_labelstudio_reads_a_label_studio_payload_key():
    offenders = [f"{name}:{line} [{key!r}]" for name, tree in modules() if not name.startswith("labelstudio/")
                 for line, key in payload_key_reads(tree)]
    assert offenders == [], "Label Studio payloads read outside labelstudio/: " + ", ".join(offenders)


def test_no_module_outside_settings_reads_the_environment():
    offenders = [f"{name}:{line}" for name, tree in modules() if name != "settings.py"
                 for line in environment_reads(tree)]
    assert offenders == [], "the environment read outside settings.py: " + ", ".join(offenders)


def test_the_checks_find_what_they_look_for():
    """The two checks are not vacuous: each finds its pattern in a small sample."""
    sample = ast.parse('import os\nx = payload.get("annotations")\ny = task["data"]\nz = os.environ.get("A")\n')
    assert [key for _, key in payload_key_reads(sample)] == ["annotations", "data"]
    assert environment_reads(sample) == [4]
