"""The audit binder: one view model built in core, rendered as HTML, Markdown, PDF or zip.

Only this package imports jinja2.
"""

from soc2flow.render.archive import write_zip
from soc2flow.render.build import Plan, build_binder
from soc2flow.render.documents import PdfUnavailable, render_html, render_markdown, render_pdf
from soc2flow.render.model import Binder

__all__ = [
    "Binder",
    "PdfUnavailable",
    "Plan",
    "build_binder",
    "render_html",
    "render_markdown",
    "render_pdf",
    "write_zip",
]
