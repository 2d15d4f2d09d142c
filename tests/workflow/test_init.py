from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import yaml

from soc2flow import __version__
from soc2flow.loading import WorkTree, load_repository
from tests.conftest import run_cli
from tests.workflow.helpers import files_under


def _cc_criteria() -> set[str]:
    data = resources.files("soc2flow") / "catalog" / "data" / "tsc2017_criteria.csv"
    with data.open(encoding="utf-8") as handle:
        return {row["criterion_id"] for row in csv.DictReader(handle) if row["prefix"] == "CC"}


def test_init_writes_a_repository_that_loads_cleanly(tmp_path: Path) -> None:
    result = run_cli(
        "init", "acme", "--org", "Acme Corp", "--timezone", "Europe/Berlin", cwd=tmp_path
    )
    assert result.code == 0, result.stderr
    root = tmp_path / "acme"
    written = set(result.stdout.split())
    assert written == files_under(root)
    for expected in (
        "soc2flow.yaml",
        ".pre-commit-config.yaml",
        ".github/workflows/soc2flow-pr.yml",
        ".github/workflows/soc2flow-approvals.yml",
        ".github/workflows/soc2flow-due.yml",
        ".vscode/settings.json",
        ".schemas/control.schema.json",
    ):
        assert expected in written
    loaded = load_repository(WorkTree(root))
    assert loaded.diagnostics == []
    config = loaded.repo.config
    assert config is not None
    assert config.model.organization == "Acme Corp"
    assert config.model.timezone == "Europe/Berlin"
    assert len(loaded.repo.policies) >= 5
    assert len(loaded.repo.controls) >= 15
    assert list(loaded.repo.vendors) == ["VEN-CLOUD"]
    assert list(loaded.repo.risks) == ["RISK-001"]
    assert config.model.risk_appetite == 9


def test_starter_controls_cover_all_33_common_criteria(tmp_path: Path) -> None:
    assert run_cli("init", "r", cwd=tmp_path).code == 0
    repo = load_repository(WorkTree(tmp_path / "r")).repo
    covered = {c for entry in repo.controls.values() for c in entry.model.criteria}
    expected = _cc_criteria()
    assert len(expected) == 33
    assert covered == expected
    policies = set(repo.policies)
    assert all(entry.model.policy in policies for entry in repo.controls.values())


def test_org_name_cannot_inject_yaml(tmp_path: Path) -> None:
    org = 'Evil: Corp"\nextra: 1 # '
    result = run_cli("init", "r", "--org", org.replace("\n", " "), cwd=tmp_path)
    assert result.code == 0, result.stderr
    data = yaml.safe_load((tmp_path / "r" / "soc2flow.yaml").read_text(encoding="utf-8"))
    assert data["organization"] == org.replace("\n", " ")
    assert "extra" not in data


def test_init_refuses_a_non_empty_folder_without_force(tmp_path: Path) -> None:
    target = tmp_path / "r"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_cli("init", "r", cwd=tmp_path)
    assert result.code == 2
    assert "--force" in result.stderr
    assert files_under(target) == {"notes.txt"}


def test_force_keeps_existing_files(tmp_path: Path) -> None:
    target = tmp_path / "r"
    (target / "policies").mkdir(parents=True)
    (target / "policies" / "access.md").write_text("my own\n", encoding="utf-8")
    (target / "soc2flow.yaml").write_text("organization: Mine\n", encoding="utf-8")
    result = run_cli("init", "r", "--force", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert (target / "policies" / "access.md").read_text(encoding="utf-8") == "my own\n"
    assert (target / "soc2flow.yaml").read_text(encoding="utf-8") == "organization: Mine\n"
    assert "kept 2 existing" in result.stderr
    assert (target / "policies" / "risk.md").is_file()


def test_bad_timezone_and_file_target_are_one_sentence_errors(tmp_path: Path) -> None:
    result = run_cli("init", "r", "--timezone", "Mars/Olympus", cwd=tmp_path)
    assert result.code == 2
    assert "IANA time zone" in result.stderr
    assert not (tmp_path / "r").exists()
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = run_cli("init", "f", cwd=tmp_path)
    assert result.code == 2
    assert "is a file" in result.stderr
    assert "Traceback" not in result.stderr


def test_workflows_install_this_version(tmp_path: Path) -> None:
    assert run_cli("init", "r", cwd=tmp_path).code == 0
    for path in (tmp_path / "r" / ".github" / "workflows").iterdir():
        assert f'"soc2flow=={__version__}"' in path.read_text(encoding="utf-8")


def test_editor_settings_point_at_written_schemas(tmp_path: Path) -> None:
    import json

    assert run_cli("init", "r", cwd=tmp_path).code == 0
    root = tmp_path / "r"
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema_path, globs in settings["yaml.schemas"].items():
        schema = json.loads((root / schema_path).read_text(encoding="utf-8"))
        assert schema["additionalProperties"] is False
        assert schema["patternProperties"] == {"^x-": {}}
        assert globs
