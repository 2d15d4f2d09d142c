"""GPG-signed approvals, verified by git with the keyring of the user running soc2flow."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from soc2flow.domain.judging import Version
from soc2flow.history import load_history
from soc2flow.history.approvals import item_versions
from soc2flow.loading import WorkTree, load_repository
from tests.conftest import GitRepo
from tests.history.conftest import amend_root, policy

pytestmark = pytest.mark.skipif(shutil.which("gpg") is None, reason="gpg is not installed")


def gpg(home: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "GNUPGHOME": str(home)}
    done = subprocess.run(
        ["gpg", "--batch", "--quiet", *args], env=env, input=stdin, capture_output=True, check=True
    )
    return done.stdout


@pytest.fixture
def homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """``signer``: carol's and bob's secret keys; ``reader``: carol's public key, untrusted."""
    signer, reader = tmp_path_factory.mktemp("gs"), tmp_path_factory.mktemp("gr")
    for home in (signer, reader):
        home.chmod(0o700)
    for who in ("Carol Diaz <carol@example.com>", "Bob Stone <bob@example.com>"):
        gpg(signer, "--passphrase", "", "--quick-gen-key", who, "ed25519", "sign", "never")
    gpg(reader, "--import", stdin=gpg(signer, "--export", "carol@example.com"))
    yield {"signer": signer, "reader": reader}
    for home in (signer, reader):
        subprocess.run(
            ["gpgconf", "--kill", "gpg-agent"],
            env={**os.environ, "GNUPGHOME": str(home)},
            check=False,
            capture_output=True,
        )


def gpg_commit(repo: GitRepo, home: Path, key: str, message: str, date: str) -> None:
    repo.git("add", "-A", date=date)
    os.environ["GNUPGHOME"] = str(home)
    try:
        repo.git(
            "-c",
            f"user.signingkey={key}",
            "commit",
            "-q",
            "-S",
            "-m",
            message,
            author="bob",
            date=date,
        )
    finally:
        del os.environ["GNUPGHOME"]


def trust_gpg_key(repo: GitRepo, home: Path, who: str) -> None:
    """List the key's fingerprint under approvals.gpg_keys in the root of trust."""
    listing = gpg(home, "--with-colons", "--fingerprint", who).decode()
    fingerprint = next(
        line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr")
    )
    text = (repo.root / "soc2flow.yaml").read_text()
    repo.write("soc2flow.yaml", text + f"  gpg_keys: [{fingerprint}]\n")
    amend_root(repo)


def newest(repo: GitRepo) -> Version:
    history = load_history(repo.root, use_cache=False)
    return item_versions(load_repository(WorkTree(repo.root)).repo, history)["POL-ACCESS"][0]


def test_gpg_signed_approval(
    compliance: GitRepo, homes: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    trust_gpg_key(compliance, homes["signer"], "carol@example.com")
    compliance.write("policies/access.md", policy(body="gpg"))
    gpg_commit(
        compliance, homes["signer"], "carol@example.com",
        "Edit\n\nApproved-by: Carol Diaz <carol@example.com>", "2026-02-01T10:00:00",
    )  # fmt: skip
    monkeypatch.setenv("GNUPGHOME", str(homes["signer"]))
    assert [(a.who, a.provenance) for a in newest(compliance).approvals] == [("carol", "signed")]
    monkeypatch.setenv("GNUPGHOME", str(homes["reader"]))  # key known, not trusted: U
    assert [(a.who, a.provenance) for a in newest(compliance).approvals] == [("carol", "signed")]
    monkeypatch.setenv("GNUPGHOME", str(homes["reader"] / "empty"))  # key unknown
    assert [(a.who, a.provenance) for a in newest(compliance).approvals] == [("carol", "trailer")]


def test_gpg_signature_by_someone_else_is_a_trailer(
    compliance: GitRepo, homes: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    compliance.write("policies/access.md", policy(body="gpg"))
    gpg_commit(
        compliance, homes["signer"], "bob@example.com",
        "Edit\n\nApproved-by: Carol Diaz <carol@example.com>", "2026-02-01T10:00:00",
    )  # fmt: skip
    monkeypatch.setenv("GNUPGHOME", str(homes["signer"]))
    assert [(a.who, a.provenance) for a in newest(compliance).approvals] == [("carol", "trailer")]
