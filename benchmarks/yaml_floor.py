"""The YAML floor: parse every file `validate` reads with libyaml and nothing else.

    python benchmarks/yaml_floor.py REPO

Runs in a fresh interpreter (the runner times the whole process, start-up included):
soc2flow.yaml, the front matter of policies/*.md, controls/*.yaml, exceptions/*.yaml and
every evidence/**/record.yaml, loaded with ``yaml.load(..., CSafeLoader)``.
"""

from __future__ import annotations

import os
import sys

import yaml


def files(root: str) -> list[str]:
    found = [os.path.join(root, "soc2flow.yaml")]
    for top in ("policies", "controls", "exceptions", "evidence"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".yaml", ".yml")) or (top == "policies" and name.endswith(".md")):
                    found.append(os.path.join(dirpath, name))
    return found


def main(root: str) -> int:
    count = 0
    for path in files(root):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        if path.endswith(".md"):
            text = text.split("\n---\n", 1)[0].removeprefix("---\n")
        yaml.load(text, Loader=yaml.CSafeLoader)
        count += 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
