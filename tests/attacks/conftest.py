"""Fixtures of the attack tests: the history fixtures (repositories, throwaway SSH keys)."""

from tests.history.conftest import compliance, ssh_keys

__all__ = ["compliance", "ssh_keys"]
