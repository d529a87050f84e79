"""Pipeline stages. Importing this package registers every built-in stage."""

from . import entities, quotes  # noqa: F401
from . import entity_rules  # noqa: F401,E402  (after entities: it corrects the CRF's spans)
