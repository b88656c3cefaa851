"""The one way customerlens runs git: bytes out, the first line of git's complaint as the error.

Callers say which feature needs git (`--diff`, `--rev`), so a missing git or a failed command is
one clear line that names what the user asked for.
"""

from __future__ import annotations

import subprocess
from os import PathLike


class GitError(Exception):
    """git is missing (`missing`) or answered with an error (its first line, without 'fatal: ')."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def git(cwd: str | PathLike[str], *args: str) -> bytes:
    """Run `git ARGS` in `cwd` and return its standard output; raises GitError."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed", missing=True) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").splitlines()
        message = next((line.strip() for line in lines if line.strip()), "git failed")
        raise GitError(message)
    return done.stdout
