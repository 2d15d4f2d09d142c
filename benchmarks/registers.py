"""Vendors and risks for the generated benchmark repositories, in proportion to controls.

One vendor per 25 controls and one risk per 5 (200 vendors and 1,000 risks at the large
size), added in batches of 20 files per change during the setup weeks.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

BATCH = 20
OPINIONS = ("unqualified",) * 9 + ("qualified",)


def counts(controls: int) -> tuple[int, int]:
    """How many vendors and risks a repository with ``controls`` controls gets."""
    return max(1, controls // 25), max(2, controls // 5)


def vendor_text(
    number: int, owner: str, approvers: str, controls: Sequence[str], rng: random.Random
) -> bytes:
    tier = rng.choice((1, 2, 2, 3, 3))
    method = rng.choice(("carve-out", "inclusive", "none", "none"))
    end = date(2025, rng.randint(1, 12), 1) - timedelta(days=1)
    start = end - timedelta(days=364)
    lines = [
        f"id: VEN-{number:04d}",
        f"name: Vendor {number} Inc.",
        f"owner: {owner}",
        f"approvers: [{approvers}]",
        f"tier: {tier}",
        "services: Hosted service",
        f"subservice: {method}",
        "review: annual",
        f"reviewed: {date(2024, rng.randint(1, 12), rng.randint(1, 28)).isoformat()}",
        "reports:",
        "  - type: soc2-type2",
        f"    period: {{start: {start.isoformat()}, end: {end.isoformat()}}}",
        f"    opinion: {rng.choice(OPINIONS)}",
        f"    exceptions: {rng.choice((0, 0, 0, 1))}",
    ]
    if rng.random() < 0.5:
        lines.append(f"    bridge_letter: {{covers_to: {(end + timedelta(days=90)).isoformat()}}}")
    lines += ["cuecs:", f"  - {{text: Restrict access to named staff., controls: [{controls[0]}]}}"]
    return ("\n".join(lines) + "\n").encode()


def risk_text(
    number: int,
    owner: str,
    approvers: str,
    controls: Sequence[str],
    criteria: Sequence[str],
    rng: random.Random,
) -> bytes:
    likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
    lines = [
        f"id: RISK-{number:04d}",
        f"title: Risk number {number} to the service",
        f"owner: {owner}",
        f"approvers: [{approvers}]",
        f"criticality: {rng.choice(('high', 'medium', 'low'))}",
        f"likelihood: {likelihood}",
        f"impact: {impact}",
        "treatment: mitigate",
        f"controls: [{', '.join(controls)}]",
        f"residual: {{likelihood: {rng.randint(1, likelihood)}, impact: {impact}}}",
        "review: annual",
        f"criteria: [{', '.join(criteria)}]",
    ]
    return ("\n".join(lines) + "\n").encode()


def register_events(plan: Any, make_event: Callable[..., Any]) -> list[Any]:
    """The vendor and risk files of ``plan.world``, as setup events (batches of 20)."""
    world, rng = plan.world, plan.rng
    vendors, risks = counts(len(world.controls))
    ids = [c.id for c in world.controls]
    cc3 = [c for c in world.tsc if c.startswith(("CC3.", "CC9."))]
    leads = sorted({lead for _, lead in world.teams.values()})[:2]
    approvers = ", ".join(leads)
    owners = [p for p in world.active if p.id not in leads]
    files: list[tuple[str, bytes, Any]] = []
    for number in range(1, vendors + 1):
        owner = rng.choice(owners)
        text = vendor_text(number, owner.id, approvers, rng.sample(ids, 1), rng)
        files.append((f"vendors/VEN-{number:04d}.yaml", text, owner))
    for number in range(1, risks + 1):
        owner = rng.choice(owners)
        linked = rng.sample(ids, rng.randint(1, 3))
        text = risk_text(number, owner.id, approvers, linked, rng.sample(cc3, 2), rng)
        files.append((f"risks/RISK-{number:04d}.yaml", text, owner))
    events = []
    for index in range(0, len(files), BATCH):
        batch = files[index : index + BATCH]
        when = plan._at(0.04 + 0.02 * index / len(files))
        event = make_event(when, f"Add {len(batch)} register entries", batch[0][2], kind="setup")
        event.files = {path: text for path, text, _ in batch}
        event.approvers = [world.by_id[lead] for lead in leads]
        event.mode = rng.choice(("merge", "squash"))
        events.append(event)
    return events
