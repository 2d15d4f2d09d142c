from pathlib import Path

from soc2flow import __version__
from tests.conftest import run_cli


def test_version(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)
    assert result.code == 0
    assert result.stdout.strip() == f"soc2flow {__version__}"


def test_unknown_command_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("no-such-command", cwd=tmp_path)
    assert result.code == 2
    assert "Traceback" not in result.stderr


def test_due_kind_choices_match_the_engine() -> None:
    """The CLI keeps its own copy of the kinds (so --help imports no models); they agree."""
    from soc2flow.cli import due as cli_due
    from soc2flow.schedule import items

    assert cli_due.KINDS == items.KINDS
