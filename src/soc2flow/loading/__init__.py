"""Reading a compliance repository: safe YAML with positions, documents, models."""

from soc2flow.loading.repository import Entry, Loaded, Repository, kind_of, load_repository
from soc2flow.loading.source import FileSource, WorkTree

__all__ = ["Entry", "FileSource", "Loaded", "Repository", "WorkTree", "kind_of", "load_repository"]
