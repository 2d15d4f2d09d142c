"""A governance state: the organisation, profiles and signing keys trusted at one time.

A state comes from the governance files of one commit (the root of trust, or the
last governance change the governors approved); ``history.governance`` decides which
state is in force at each commit of the first-parent line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from soc2flow.domain.org import People
from soc2flow.domain.signers import parse_allowed_signers
from soc2flow.models import Config


@dataclass(frozen=True)
class State:
    """What a version is judged by: soc2flow.yaml and the allowed signers of that time."""

    config: Config | None
    people: People = field(compare=False)
    ssh: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    gpg: frozenset[str] = frozenset()
    commit: str | None = None  # the commit whose governance files these are
    root: bool = False  # the first committed soc2flow.yaml: the root of trust

    @property
    def since(self) -> date | None:
        return self.config.approvals.governance_since if self.config else None

    @property
    def signers_path(self) -> str | None:
        found = self.config.approvals.allowed_signers if self.config else None
        return found.strip().removeprefix("./") if found else None

    def signers(self, key: str, uid: str) -> set[str]:
        """The people a good signature by ``key`` speaks for, under this state."""
        if not key:
            return set()
        if key.startswith("SHA256:"):
            principals = self.ssh.get(key, frozenset())
            return {who for p in principals if (who := self.people.identity(p))}
        if _gpg(key) in self.gpg:
            who = self.people.identity(uid)
            return {who} if who else set()
        return set()


def _gpg(fingerprint: str) -> str:
    return "".join(fingerprint.split()).upper()


def state_of(config: Config | None, signers: bytes | None, commit: str | None) -> State:
    """The state that a configuration and an allowed-signers file make."""
    gpg = frozenset(_gpg(k) for k in config.approvals.gpg_keys) if config else frozenset()
    return State(config, People(config), parse_allowed_signers(signers), gpg, commit)
