"""Arguments every command shares, checked before any work starts: one message naming the problem, no traceback."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import tempfile
from pathlib import Path

NAME_MAX = 255  # bytes in one file or folder name (Linux, macOS)
# Commands whose --out is a folder; for any other command --out may name a file (contact-sheet's PNG), so only
# what holds for both is checked: a valid path whose nearest existing folder is writable.
FOLDER_OUTPUTS = frozenset({"build", "cards", "factsheet", "dist"})


class ArgumentProblem(ValueError):
    """A command-line argument that cannot work; the message names the option, the value and the fix."""


def _invalid_name(path: Path) -> str | None:
    text = str(path)
    if "\x00" in text:
        return "a path cannot contain a NUL character"
    too_long = [part for part in path.parts if len(part.encode("utf-8", "surrogateescape")) > NAME_MAX]
    if too_long:
        return f"the name '{too_long[0][:40]}...' is longer than {NAME_MAX} bytes"
    return None


def _nearest_existing(path: Path) -> Path:
    probe = path.absolute()
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    return probe


def _writable(folder: Path) -> bool:
    """Whether a file can really be made in ``folder`` (os.access says yes to root on read-only mounts)."""
    try:
        made = tempfile.mkdtemp(prefix=".write-test-", dir=folder)
    except OSError:
        return False
    shutil.rmtree(made, ignore_errors=True)
    return True


def check_output_folder(path: Path, option: str = "--out", folder: bool = True) -> None:
    """An output folder must be a folder (or makeable as one) whose files and staging sibling can be written.

    With ``folder=False`` the path may also name a file to write.
    """
    invalid = _invalid_name(path)
    if invalid:
        raise ArgumentProblem(f"{option} {str(path)!r}: {invalid}; give a valid path")
    if not folder:
        if path.is_dir() and not _writable(path):
            raise ArgumentProblem(f"{option} {path}: cannot write in {path} (permission denied or read-only)")
        path = path.parent if path.exists() else path
    if path.exists() and not path.is_dir():
        raise ArgumentProblem(f"{option} {path}: is a file, not a folder; give a folder (it is made if missing)")
    existing = _nearest_existing(path)
    if not existing.is_dir():
        raise ArgumentProblem(f"{option} {path}: {existing} is a file, so no folder can be made inside it")
    # Files are written to a staging folder beside the output folder, then moved in: both must be writable.
    places = [path, path.absolute().parent] if path.exists() else [existing]
    for place in places:
        if not _writable(place):
            raise ArgumentProblem(f"{option} {path}: cannot write in {place} (permission denied or read-only); "
                                  "give a folder you can write to")


def check_input_file(path: Path, option: str) -> None:
    invalid = _invalid_name(path)
    if invalid:
        raise ArgumentProblem(f"{option} {str(path)!r}: {invalid}")
    if not path.exists():
        raise ArgumentProblem(f"{option} {path}: no such file")
    if not path.is_file():
        raise ArgumentProblem(f"{option} {path}: is a folder, not a file")
    if not os.access(path, os.R_OK):
        raise ArgumentProblem(f"{option} {path}: cannot be read (permission denied)")


def check_args(args: argparse.Namespace) -> None:
    """The checks for the options a command has, whatever the command (new commands get them too)."""
    jobs = getattr(args, "jobs", None)
    if jobs is not None and jobs < 1:
        raise ArgumentProblem(f"-j/--jobs {jobs}: give a number of worker processes of 1 or more")
    data = getattr(args, "data", None)
    if data is not None:
        check_input_file(Path(data), "--data")
    from_path = getattr(args, "from_path", None)
    if from_path is not None:
        check_input_file(Path(from_path), "--from")
    out = getattr(args, "out", None)
    if out is not None:
        check_output_folder(Path(out), folder=getattr(args, "command", None) in FOLDER_OUTPUTS)


def remove_empty_staging(out: Path) -> None:
    """Leave no empty staging folder beside an output folder (one in use by another process is not empty)."""
    from analysis.atomic import staging_dir

    with contextlib.suppress(OSError):
        staging_dir(Path(out)).rmdir()


def remove_if_left_empty(out: Path) -> None:
    """Remove an output folder a failed command made, when it holds nothing but a released (empty) lock file."""
    from analysis import paths

    out = Path(out)
    try:
        entries = list(out.iterdir())
        if all(e.name == paths.BUILD_LOCK_NAME and e.is_file() and e.stat().st_size == 0 for e in entries):
            for entry in entries:
                entry.unlink()
            out.rmdir()
    except OSError:
        pass
