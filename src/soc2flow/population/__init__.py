"""Populations (SPEC §7.4): the changes that landed on a branch, per-person obligations."""
