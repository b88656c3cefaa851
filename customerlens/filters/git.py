"""The one way customerlens runs git: bytes out, the first line of git's complaint as the error.

Callers say which feature needs git (`--diff`, `--rev`), so a missing git or a failed command is
one clear line that names what the user asked for.
"""

from __future__ import annotations

import os
import subprocess
from os import PathLike


class GitError(Exception):
    """git is missing (`missing`) or answered with an error (its first line, without 'fatal: ')."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def git(cwd: str | PathLike[str], *args: str, index: str | None = None) -> bytes:
    """Run `git ARGS` in `cwd` and return its standard output; raises GitError. customerlens
    only reads: git takes no optional lock, and a command that would refresh the index (`diff`
    against the working tree rewrites its stat data) is given `index`, a copy, so the
    repository's `.git/index` is never written or locked under the user's own git."""
    env = None if index is None else {**os.environ, "GIT_INDEX_FILE": index}
    try:
        done = subprocess.run(
            ["git", "--no-optional-locks", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            env=env,
        )
    except FileNotFoundError:
        raise GitError("git is not installed", missing=True) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").splitlines()
        message = next((line.strip() for line in lines if line.strip()), "git failed")
        raise GitError(message)
    return done.stdout
