"""Which modules contribute commands. Each module has ``register(app)``."""

from __future__ import annotations

import typer

from soc2flow.cli import binder, changes, due, history, registers, validate, workflow

MODULES = (validate, history, due, binder, workflow, registers, changes)


def register(app: typer.Typer) -> None:
    for module in MODULES:
        module.register(app)
