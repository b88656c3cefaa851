"""Shared fixtures. Every test runs with the network blocked: customerlens must never need it."""

from __future__ import annotations

import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from settings_support import CASCADE, SETTING_TREES, write_tree


class NetworkBlocked(RuntimeError):
    pass


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise NetworkBlocked(f"network access attempted: {args!r}")


LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[None]:
    """Make any connection or name lookup fail loudly inside the test process. A test marked
    `loopback` (a real Dask cluster on this machine) may reach this machine, nothing else."""
    if request.node.get_closest_marker("loopback"):
        lookup, connect = socket.getaddrinfo, socket.socket.connect

        def local_lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
            if host not in LOOPBACK and host is not None:
                _refuse(host, *args)
            return lookup(host, *args, **kwargs)

        def local_connect(self: socket.socket, address: Any) -> Any:
            if isinstance(address, tuple) and address[0] not in LOOPBACK:
                _refuse(address)
            return connect(self, address)

        monkeypatch.setattr(socket, "getaddrinfo", local_lookup)
        monkeypatch.setattr(socket.socket, "connect", local_connect)
        yield
        return
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    yield


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or write the user's own result cache."""
    import os

    previous = os.environ.get("CUSTOMERLENS_CACHE_DIR")
    os.environ["CUSTOMERLENS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["CUSTOMERLENS_CACHE_DIR"]
    else:
        os.environ["CUSTOMERLENS_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def linter() -> Any:
    """The real linter with the real English pipeline, loaded once for the whole session."""
    from customerlens.analysis.linter import Linter
    from customerlens.settings.config import Config

    return Linter(Config(brands=("Acme",)))


@pytest.fixture(scope="session")
def lint_text(linter: Any) -> Any:
    """Lint a string as if it were a file of the given name."""
    from customerlens.documents import format_for, parse

    def run(text: str, path: str = "draft.md") -> Any:
        return linter.lint(parse(text, path, format_for(path) or "markdown"))

    return run


# --- folders and drafts ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder per setting (`settings_support.SETTING_TREES`) and a `cascade` of nested
    configuration files, written once per test module."""
    root = tmp_path_factory.mktemp("settings")
    for folder, files in SETTING_TREES.items():
        write_tree(root / folder, files)
    write_tree(root / "cascade", CASCADE)
    return root


@pytest.fixture
def draft_dir() -> Iterator[Path]:
    """A folder for drafts that lasts the whole test, every Hypothesis example included."""
    with tempfile.TemporaryDirectory(prefix="customerlens-props-") as folder:
        yield Path(folder)


@pytest.fixture
def in_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the checkout, where `cli_support.EXAMPLE_BAD` and `EXAMPLE_GOOD` are."""
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
