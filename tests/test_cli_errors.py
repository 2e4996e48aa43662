"""Every command, given bad arguments in a real process: a message naming the problem, no traceback, nothing left."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths

UNWRITABLE = "/proc/child-safety-stats-test"  # /proc takes no new folders, even for root
LONG = "x" * 300

# command -> [(arguments, what the message must say)]; {tmp} is a fresh folder, {file} a file in it.
CASES: dict[str, list[tuple[list[str], str]]] = {
    "build": [
        (["build", "--out", UNWRITABLE, "--only", "claims-by-evidence"], r"--out /proc/\S+: cannot write in /proc"),
        (["build", "--out", "{file}"], r"--out \S+/afile: is a file, not a folder"),
        (["build", "--out", "{file}/figures"], r"afile is a file, so no folder can be made inside it"),
        (["build", "--out", "{tmp}/" + LONG], r"is longer than 255 bytes"),
        (["build", "-j", "0", "--out", "{tmp}/out"], r"-j/--jobs 0: give a number of worker processes of 1 or more"),
        (["build", "--only", "no-such-figure", "--out", "{tmp}/out", "--no-progress"],
         r"unknown figure id\(s\): no-such-figure"),
        (["build", "--lang", "xx", "--out", "{tmp}/out"], r"argument --lang: invalid choice: 'xx'"),
    ],
    "list": [(["list", "--bogus"], r"unrecognized arguments: --bogus")],
    "claims": [
        (["claims", "--format", "xml"], r"argument --format: invalid choice: 'xml'"),
        (["--data", "{tmp}/missing/datapackage.json", "claims"], r"--data \S+datapackage.json: no such file"),
    ],
    "cards": [
        (["cards", "--out", UNWRITABLE], r"cannot write in /proc"),
        (["cards", "--out", "{file}"], r"is a file, not a folder"),
        (["cards", "--lang", "tlh", "--out", "{tmp}/out"], r"argument --lang: invalid choice: 'tlh'"),
    ],
    "factsheet": [
        (["factsheet", "ARG", "--out", UNWRITABLE], r"cannot write in /proc"),
        (["factsheet", "ARG", "--out", "{file}"], r"is a file, not a folder"),
        (["factsheet", "XYZ", "--out", "{tmp}/out"], r"no factsheet for 'XYZ'"),
        (["factsheet", "ARG", "--lang", "de", "--out", "{tmp}/out"], r"argument --lang: invalid choice: 'de'"),
        (["factsheet", "ARG", "-j", "-2", "--out", "{tmp}/out"], r"-j/--jobs -2"),
        (["factsheet", "--out", "{tmp}/out"], r"name one or more countries"),
    ],
    "validate": [
        (["--data", "{tmp}", "validate"], r"--data \S+: is a folder, not a file"),
        (["--data", "{tmp}/none.json", "validate"], r"--data \S+none.json: no such file"),
    ],
    "verify": [(["verify", "-j", "0", "--figures", "{tmp}/figs"], r"-j/--jobs 0")],
    "contact-sheet": [
        (["contact-sheet", "--size", "poster"], r"argument --size: invalid choice: 'poster'"),
        (["contact-sheet", "--out", "{file}/sheet.png"], r"afile is a file, so no folder can be made inside it"),
    ],
    "dist": [
        (["dist", "--out", UNWRITABLE], r"cannot write in /proc"),
        (["dist", "--out", "{file}"], r"is a file, not a folder"),
    ],
    "fetch": [
        (["fetch", "no-such-upstream"], r"no upstream 'no-such-upstream'; known: hbsc"),
        (["fetch"], r"name the upstream to refresh"),
        (["fetch", "hbsc", "--from", "{tmp}/missing.csv"], r"--from \S+missing.csv: no such file"),
        (["fetch", "hbsc", "--from", "{tmp}"], r"--from \S+: is a folder, not a file"),
        (["fetch", "hbsc", "--from", "{file}", "--dry-run"], r"afile: the file is empty"),
    ],
}


def commands_in_help() -> set[str]:
    done = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True,
                          cwd=paths.ROOT, timeout=60, check=True)
    listed = done.stdout.split("positional arguments:")[1].split("options:")[0]
    return set(re.findall(r"^    (\S+)", listed, re.MULTILINE))


def test_every_command_in_help_is_driven_with_bad_arguments() -> None:
    assert {"build", "list", "claims", "cards", "factsheet", "validate", "fetch"} <= commands_in_help()
    assert commands_in_help() <= set(CASES), "add bad-argument cases for the new command(s) to CASES"


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(("arguments", "message"),
                         [case for cases in CASES.values() for case in cases],
                         ids=[f"{command}-{i}" for command, cases in CASES.items() for i in range(len(cases))])
def test_bad_arguments_end_in_a_message_not_a_traceback(arguments: list[str], message: str,
                                                        tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "afile").write_bytes(b"")
    argv = [a.replace("{tmp}", str(work)).replace("{file}", str(work / "afile")) for a in arguments]
    before, package = listing(tmp_path), {p: p.stat().st_mtime_ns for p in paths.DATASETS.rglob("*")}
    done = subprocess.run([sys.executable, "-m", "analysis", *argv], capture_output=True, text=True,
                          cwd=paths.ROOT, timeout=300, check=False)
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    assert re.search(message, done.stderr), done.stderr
    assert listing(tmp_path) == before  # no output folder, staging folder or partial file left behind
    assert {p: p.stat().st_mtime_ns for p in paths.DATASETS.rglob("*")} == package
    assert not Path(UNWRITABLE).exists()
