"""Sub-commands of the qawl CLI, one module each (see backend/qawl/cli.py)."""
