"""Writes to dossiers (being split into sub-domain modules; see docs/architecture.md)."""

from neuguong.onestop.services.legacy import *  # noqa: F403
from neuguong.onestop.services.legacy import _add_hours, _atomic, _lock  # noqa: F401
