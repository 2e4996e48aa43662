"""pyproject.toml and environment.yml list the same dependencies with the same ranges."""

from __future__ import annotations

import re
import tomllib

from analysis import paths

IGNORED = {"python", "pip"}


def normalise(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", requirement)
    assert match, requirement
    name = match.group(1).lower().replace("_", "-")
    return name, match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs.extend(extra)
    return dict(normalise(r) for r in reqs)


def environment_requirements() -> dict[str, str]:
    reqs = {}
    section = None
    for line in (paths.ROOT / "environment.yml").read_text().splitlines():
        top = re.match(r"^([a-z_]+):", line)
        if top:
            section = top.group(1)
            continue
        if re.match(r"^\s*-\s*pip:\s*$", line):
            section = "pip"
            continue
        item = re.match(r"^\s*-\s+(.+?)\s*$", line)
        if not item or section != "dependencies":
            continue
        name, spec = normalise(item.group(1))
        if name not in IGNORED:
            reqs[name] = spec
    return reqs


def test_environment_matches_pyproject() -> None:
    assert environment_requirements() == pyproject_requirements()


def test_python_floor_matches() -> None:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    assert f"python{project['requires-python']}" in (paths.ROOT / "environment.yml").read_text()
