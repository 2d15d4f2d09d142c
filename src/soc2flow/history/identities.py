"""Who is who: kept for its importers; the one model is ``soc2flow.org``."""

from __future__ import annotations

from soc2flow.org import People

__all__ = ["People"]
