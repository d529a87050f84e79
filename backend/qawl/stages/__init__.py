"""Pipeline stages. Importing this package loads no stage.

The stages ``model.json`` may name, and where each one's factory lives, are
listed in :mod:`qawl.stages.registry`; ``Annotator.load`` imports a stage's
module only when the model names it.
"""
