"""Which modules contribute commands. Each module has ``register(app)``."""

from __future__ import annotations

import importlib

import typer

MODULES = ("validate", "history", "due", "binder", "workflow")


def register(app: typer.Typer) -> None:
    for name in MODULES:
        try:
            module = importlib.import_module(f"soc2flow.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"soc2flow.cli.{name}":
                raise
            continue
        module.register(app)
