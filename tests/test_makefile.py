"""Makefile targets do not rot: help lists them all, and each resolves in a dry run."""

from __future__ import annotations

import re
import subprocess

from analysis import paths


def targets() -> list[str]:
    text = (paths.ROOT / "Makefile").read_text()
    return re.findall(r"^([a-z-]+):.*## ", text, flags=re.M)


def test_help_lists_every_documented_target() -> None:
    out = subprocess.run(["make", "-s", "help"], cwd=paths.ROOT, capture_output=True, text=True,
                         check=True).stdout
    phony = re.search(r"^\.PHONY:(.*)$", (paths.ROOT / "Makefile").read_text(), flags=re.M)
    assert phony
    for target in phony.group(1).split():
        assert f"make {target}" in out, target
    assert {"figures", "test", "bench"} <= set(targets())


def test_every_target_resolves_in_a_dry_run() -> None:
    for target in targets():
        result = subprocess.run(["make", "-n", target], cwd=paths.ROOT, capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0, (target, result.stderr)


def test_readme_opens_with_the_two_commands() -> None:
    readme = (paths.ROOT / "README.md").read_text()
    block = re.search(r"```sh\n(.*?)```", readme, flags=re.S)
    assert block
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make figures", "make test"]


def test_uv_is_installed_from_the_locks_own_pinned_and_hashed_entry() -> None:
    """The environment step installs uv alone from the lock (version and hashes), then the lock with uv."""
    makefile = (paths.ROOT / "Makefile").read_text()
    awk = re.search(r"@awk '([^']+)' \$\(LOCK\)", makefile)
    assert awk, "the Makefile no longer extracts uv's entry from the lock with awk"
    pin = subprocess.run(["awk", awk.group(1), str(paths.LOCK_FILE)], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert re.fullmatch(r"uv==[0-9.]+ \\", pin[0]), pin[:1]
    hashes = [line for line in pin[1:] if line.strip().startswith("--hash=sha256:")]
    assert hashes and all(len(line.strip().rstrip(" \\").split(":")[1]) == 64 for line in hashes)
    assert all(line.startswith("    ") for line in pin[1:]), "the entry ran into the next package"
    assert "--require-hashes --no-deps -r $(UV_PIN)" in makefile
    assert "$(UV) pip install --quiet --python $(PY) --require-hashes --compile-bytecode -r $(LOCK)" in makefile
