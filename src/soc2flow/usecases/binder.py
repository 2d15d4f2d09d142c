"""Use case: the binder of one period at one commit, written in the requested format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from soc2flow.errors import BadInput
from soc2flow.render.environment import TEMPLATE_NAMES
from soc2flow.render.model import Binder

if TYPE_CHECKING:
    from soc2flow.history.repo_history import RepoHistory

FORMATS = ("html", "md", "pdf", "zip")


@dataclass(frozen=True)
class Produced:
    path: Path
    binder: Binder
    problems: int


def default_out(fmt: str, start: date, end: date) -> Path:
    return Path(f"binder-{start.isoformat()}-{end.isoformat()}.{fmt}")


def overrides(history: RepoHistory) -> dict[str, str]:
    """The repository's template overrides at the commit (``templates/binder.html`` …)."""
    found = {}
    for name in TEMPLATE_NAMES:
        try:
            raw = history.blob(history.head, f"templates/{name}")
        except KeyError:
            continue
        try:
            found[name] = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BadInput(f"templates/{name} is not UTF-8 text; save it as UTF-8") from None
    return found


def produce(
    root: Path,
    rev: str,
    period_text: str | None,
    fmt: str,
    out: Path | None,
    *,
    use_cache: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Produced:
    """Build the binder at ``rev`` for the period and write it atomically to ``out``."""
    from soc2flow.history import load_history
    from soc2flow.usecases.binder_plan import assemble

    tick = progress or (lambda _: None)
    if out is not None and out.is_dir():
        raise BadInput(f"--out {out} is a folder; give the path of the file to write")
    if fmt == "pdf":
        _need_weasyprint()
    tick("reading git history")
    del use_cache  # the binder never takes a verdict from a cache: it reads git again
    history = load_history(root, rev, use_cache=False)
    tick("loading the files of the commit")
    binder, problems = assemble(history, period_text, overrides(history), progress)
    tick(f"rendering {fmt}")
    target = out or default_out(
        fmt, date.fromisoformat(binder.cover.start), date.fromisoformat(binder.cover.end)
    )
    try:
        write(binder, fmt, target, history.tree_source().read, progress)
    except OSError as exc:
        raise BadInput(
            f"cannot write {target}: {exc.strerror or exc}; choose another --out"
        ) from None
    return Produced(target, binder, problems)


def write(
    binder: Binder,
    fmt: str,
    target: Path,
    read: Callable[[str], bytes],
    progress: Callable[[str], None] | None = None,
) -> None:
    """Render ``binder`` in ``fmt`` and write it to ``target`` atomically, as it renders."""
    from soc2flow.render.archive import atomic_output, write_chunks, write_zip
    from soc2flow.render.documents import render_html, render_pdf, stream_html, stream_markdown

    if fmt == "zip":
        documents = {
            "binder.html": lambda: stream_html(binder),
            "binder.md": lambda: stream_markdown(binder),
        }
        write_zip(binder, documents, read, target, progress)
    elif fmt == "md":
        write_chunks(target, stream_markdown(binder))
    elif fmt == "html":
        write_chunks(target, stream_html(binder))
    else:
        pdf = render_pdf(render_html(binder), epoch=_epoch(binder.cover.commit_date))
        with atomic_output(target) as handle:
            handle.write(pdf)


def _epoch(day: str) -> int:
    from datetime import UTC, datetime

    return int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())


def _need_weasyprint() -> None:
    from soc2flow.render.documents import require_weasyprint

    require_weasyprint()
