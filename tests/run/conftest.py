"""Fixtures of the run tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from customerlens.cli import main

Check = Callable[..., tuple[int, str]]


@pytest.fixture
def check(capsys: pytest.CaptureFixture[str]) -> Check:
    """`customerlens check … --format json` in-process: (exit code, report)."""

    def run(*argv: str) -> tuple[int, str]:
        capsys.readouterr()
        code = main(["check", *argv, "--format", "json"])
        return code, capsys.readouterr().out

    return run
