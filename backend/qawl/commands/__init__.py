"""Sub-commands of the qawl CLI, one module each (see ``qawl/cli.py``); they find the settings in ``args.settings``."""
