"""Findings the loader emits while reading files (documented here, checked in loading/)."""

from __future__ import annotations

from soc2flow.diagnostics import Severity
from soc2flow.rules.base import Rule, register

E = Severity.ERROR

_LOADER = (
    ("config-missing", "The repository has a soc2flow.yaml at its root.",
     "(no soc2flow.yaml)", "soc2flow.yaml with `organization: Example Corp`"),
    ("file-too-large", "Files are at most 5 MiB.",
     "a 6 MiB controls/AC-01.yaml", "a control file of a few KiB"),
    ("encoding-invalid", "Files are UTF-8 text.",
     "a Latin-1 byte `\\xe9` in `title: Caf\\xe9`", "`title: Café` saved as UTF-8"),
    ("file-empty", "Files have YAML content.", "an empty controls/AC-01.yaml", "`id: AC-01` …"),
    ("frontmatter-missing", "A policy starts with a `---` front-matter block.",
     "`# Access Control Policy` on line 1", "`---` on line 1, then the keys, then `---`"),
    ("frontmatter-unclosed", "A policy's front matter ends with a `---` line.",
     "`---`, `id: POL-A`, and no closing `---`", "`---`, `id: POL-A`, `---`"),
    ("yaml-invalid", "The YAML parses (position of the syntax error); no custom tags.",
     "`title: [unclosed`", "`title: Quarterly access review`"),
    ("yaml-alias", "No YAML aliases or merge keys (they can expand data without bound).",
     "`approvers: *leads`", "`approvers: [carol, erin]`"),
    ("yaml-duplicate-key", "A key appears once per mapping.",
     "`owner: bob` twice", "`owner: bob` once"),
    ("yaml-not-mapping", "The document is a mapping of keys.", "`- AC-01`", "`id: AC-01`"),
    ("key-unknown", "Every key is known to the file kind (custom keys start with `x-`).",
     "`ownr: bob`", "`owner: bob` or `x-ticket: OPS-1`"),
    ("key-missing", "Required keys are present.", "a control without `cadence:`",
     "`cadence: quarterly`"),
    ("date-invalid", "Dates are real ISO 8601 calendar dates.",
     "`reviewed: 2026-02-30`", "`reviewed: 2026-02-28`"),
    ("cadence-invalid", "Cadences are named, `{every: ISO duration}` or `{rrule: RFC 5545}`.",
     "`cadence: fortnightly`", "`cadence: {every: P14D}`"),
    ("id-invalid", "IDs match `[A-Z][A-Z0-9]*(-[A-Z0-9]+)*`; person ids are simple names.",
     "`id: ac_01`", "`id: AC-01`"),
    ("schema-invalid", "Values have the type and range the file kind expects.",
     "`result: passed`", "`result: pass`"),
    ("id-duplicate", "Policy, control and exception IDs are unique across the repository.",
     "two files with `id: AC-01`", "`id: AC-01` and `id: AC-02`"),
    ("file-not-regular", "Item files are regular files (never read from a FIFO or device).",
     "controls/AC-01.yaml is a named pipe", "controls/AC-01.yaml is a regular file"),
    ("people-csv-invalid", "people.csv has a header of known columns, unique ids, real dates "
     "and UTF-8 text (finding at the row and column).",
     "`alice,Alice Ng,2026-02-30` under `id,name,joined`", "`alice,Alice Ng,2026-02-28`"),
    ("path-symlink", "Policy, control, exception, record and config files are not symlinks.",
     "controls/AC-01.yaml -> /etc/passwd", "controls/AC-01.yaml as a regular file"),
    ("value-out-of-range", "Day counts are at most 36,500 and durations at most 10 years.",
     "`retrospective_approval_days: 3000000` or `cadence: {every: P11Y}`",
     "`retrospective_approval_days: 5`, `cadence: {every: P1Y}`"),
    ("person-field-invalid",
     "A person's `github` is a GitHub login and `email` an address, each in full (no line breaks).",
     "`github: \"alice\\n* @mallory\"` or `email: \"a b@example.com\"`",
     "`github: alice-ng`, `email: alice@example.com`"),
    ("cadence-never-due", "A recurrence rule falls on at least one day from its start.",
     "`cadence: {rrule: \"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\"}`",
     "`cadence: {rrule: \"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28\"}`"),
)  # fmt: skip

for _id, _summary, _fails, _passes in _LOADER:
    register(Rule(_id, E, _summary, _fails, _passes, family="loader"))
