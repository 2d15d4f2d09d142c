"""The System description section: the scope's system file and what the repository knows
about subservice organisations and complementary user-entity controls (SPEC §7.3)."""

from __future__ import annotations

from soc2flow.loading import Repository
from soc2flow.render.files import FileIndex
from soc2flow.render.model import SystemView

LIMIT = 5 * 1024 * 1024


def system_view(repo: Repository, files: FileIndex) -> SystemView | None:
    """The section's content; None when soc2flow.yaml has no ``scope``."""
    config = repo.config.model if repo.config else None
    if config is None or config.scope is None:
        return None
    path = config.scope.system or ""
    ref = files.include(path) if path else None
    body = ""
    if ref is not None and ref.present and files.source.size(path) <= LIMIT:
        body = files.source.read(path).decode("utf-8", errors="replace")
    subservices: list[tuple[str, str, str]] = []
    cuecs: dict[str, list[str]] = {}
    for cid, entry in sorted(repo.controls.items()):
        inherited = entry.model.inherited
        if inherited is None:
            continue
        if inherited.method == "carve-out":
            subservices.append((inherited.provider, inherited.method, cid))
        for text in inherited.cuecs:
            cuecs.setdefault(text, []).append(cid)
    return SystemView(
        path=path,
        body=body,
        present=bool(ref is not None and ref.present),
        subservices=tuple(sorted(subservices)),
        cuecs=tuple((text, tuple(ids)) for text, ids in sorted(cuecs.items())),
    )
