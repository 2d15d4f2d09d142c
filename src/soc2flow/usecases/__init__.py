"""The use cases: one module per command, below the CLI and beside the reporters.

validate (``validate``), due (``due``), binder + binder_plan (``binder``), coverage
(``coverage``), verify + rebuild (``verify``), history + timeline (``history``,
``show``). The commands that write files have theirs in ``soc2flow.workflow`` and
``soc2flow.history.reviews`` (docs/ARCHITECTURE.md). Nothing is imported here, so a
command pays only for its own use case.
"""
