"""``soc2flow changes`` starts its clock before typer parses the options (``prestart``);
the command uses that clock only for the same repository and branch, and the options,
their errors and the output are those of the command."""

from __future__ import annotations

from pathlib import Path

from soc2flow.cli import changes as cli
from tests.conftest import run_cli
from tests.population.conftest import CodeRepo


def test_option_forms_give_the_same_population(code: CodeRepo, tmp_path: Path) -> None:
    root = code.repo.root
    plain = run_cli("changes", "--config", str(code.config), "--format", "json", cwd=root)
    assert plain.code == 0, plain.stderr
    forms = [
        ("changes", f"--repo={root}", "--branch=main", f"--config={code.config}", "--format=json"),
        ("changes", "--repo", str(root), "--branch", "main", "--config", str(code.config),
         "--format", "json"),
        ("changes", "--format", "json", "--config", str(code.config), "--repo", "."),
    ]  # fmt: skip
    for args in forms:
        result = run_cli(*args, cwd=root)
        assert result.code == 0, (args, result.stderr)
        assert result.stdout == plain.stdout, args
    elsewhere = run_cli(*forms[1], cwd=tmp_path)  # --repo from outside the repository
    assert elsewhere.code == 0 and elsewhere.stdout == plain.stdout


def test_what_the_command_refuses_is_refused_as_before(code: CodeRepo, tmp_path: Path) -> None:
    root = code.repo.root
    cases = [
        (("--branch", "nope"), "does not name a commit"),
        (("--repo", str(tmp_path / "missing")), "is not a directory"),
        (("--repo", str(tmp_path)), "not inside a git repository"),
        (("--sample", "2"), "--sample needs --seed"),
        (("--format", "json", "--bogus"), "No such option"),
        (("--branch",), "requires an argument"),
    ]
    for args, message in cases:
        result = run_cli("changes", *args, cwd=root)
        assert result.code == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert result.stdout == "" and "Traceback" not in result.stderr
    shown = run_cli("changes", "--help", cwd=root)
    assert shown.code == 0 and "--branch" in shown.stdout


def test_the_started_clock_is_taken_only_for_its_repository_and_branch(code: CodeRepo) -> None:
    root = code.repo.root
    cli.prestart(["--repo", str(root), "--branch", "main", "--format", "json"])
    started = cli._started
    assert started is not None and started[:2] == (root.resolve(), "main")
    with cli._clock(root.resolve(), "main") as clock:
        assert clock is started[2]
    cli.prestart(["--repo", str(root)])
    other = cli._started
    assert other is not None
    with cli._clock(root.resolve(), "main") as clock:  # another branch: a clock of its own
        assert clock is not other[2] and clock.where.head == code.commits["backdated"]
    assert cli._started is None
    cli.prestart(["--repo", str(root), "--verbose"])  # an unknown option starts nothing
    cli.prestart(["--repo"])  # nor a missing value
    assert cli._started is None
