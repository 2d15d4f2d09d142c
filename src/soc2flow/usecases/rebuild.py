"""Use case: render a zip binder again at its source commit, for ``verify --rebuild``.

The binder is reproducible: the same commit, period and soc2flow version give the same
bytes. So an edited binder whose manifest was updated to match is still caught: each
entry of the zip is compared with the same entry of the binder rendered again.
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from pathlib import Path

from soc2flow import __version__
from soc2flow.errors import BadInput, UnknownRevision
from soc2flow.usecases.verify import Verification


def rebuilt_hashes(root: Path, found: Verification, name: str) -> dict[str, str]:
    """sha256 of every entry of the zip binder rendered again with the manifest's inputs."""
    from soc2flow.history import load_history
    from soc2flow.usecases.binder import overrides, write
    from soc2flow.usecases.binder_plan import assemble

    if found.format < 2:
        raise BadInput(
            f"{name} has a version-1 manifest without period and as-of; "
            "--rebuild needs a binder made by soc2flow 2 or later"
        )
    if found.version != __version__:
        raise BadInput(
            f"{name} was made by soc2flow {found.version[:40]!r} and this is soc2flow "
            f"{__version__}; run verify --rebuild with soc2flow {found.version[:40]!r}"
        )
    try:
        history = load_history(root, found.commit, use_cache=False)
    except UnknownRevision:
        raise BadInput(
            f"source commit {found.commit[:40]!r} of {name} is not in this repository; "
            "run verify --rebuild in the repository the binder was made from"
        ) from None
    binder, _ = assemble(history, found.period, overrides(history))
    with tempfile.TemporaryDirectory(prefix="soc2flow-rebuild-") as tmp:
        target = Path(tmp) / "binder.zip"
        write(binder, "zip", target, history.tree_source().read)
        return _entry_hashes(target)


def _entry_hashes(target: Path) -> dict[str, str]:
    found = {}
    with zipfile.ZipFile(target) as archive:
        for info in archive.infolist():
            digest = hashlib.sha256()
            with archive.open(info) as handle:
                while chunk := handle.read(1 << 16):
                    digest.update(chunk)
            found[info.filename] = digest.hexdigest()
    return found
