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


def test_schema_kind_choices_match_the_models() -> None:
    """`soc2flow schema --kind` offers every file kind the models know, vendors and risks too."""
    from soc2flow.cli import validate as cli_validate
    from soc2flow.models.schema import MODELS

    assert tuple(MODELS) == cli_validate.KINDS


def test_schema_of_a_vendor_and_a_risk(tmp_path: Path) -> None:
    import json

    for kind in ("vendor", "risk"):
        result = run_cli("schema", "--kind", kind, cwd=tmp_path)
        assert result.code == 0, result.stderr
        schema = json.loads(result.stdout)
        assert schema["additionalProperties"] is False
        assert schema["patternProperties"] == {"^x-": {}}
