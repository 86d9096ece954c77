"""arcs.version reads the version importlib.metadata would, without importing it."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

from arcs.version import _written_version, version


def test_the_version_is_the_installed_metadatas() -> None:
    assert version() == _written_version() == importlib.metadata.version("arcroom")


def _metadata(folder: Path, name: str, file: str, version: str) -> None:
    (folder / name).mkdir(parents=True)
    (folder / name / file).write_text(
        f"Metadata-Version: 2.1\nName: arcroom\nVersion: {version}\n\nVersion: not this\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("egg_first", [True, False])
def test_it_finds_the_metadata_importlib_metadata_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, egg_first: bool
) -> None:
    # The first folder on the path that has any: an egg-info (a checkout's) or a dist-info.
    none, egg, dist = tmp_path / "none", tmp_path / "egg", tmp_path / "dist"
    _metadata(none, "arcroomish-9.0.dist-info", "METADATA", "9.0")
    _metadata(egg, "arcroom.egg-info", "PKG-INFO", "1.0")
    _metadata(dist, "Arcroom-2.0.dist-info", "METADATA", "2.0")
    found = [egg, dist] if egg_first else [dist, egg]
    monkeypatch.setattr(sys, "path", [str(none), str(tmp_path / "missing.zip"), *map(str, found)])
    assert _written_version() == importlib.metadata.version("arcroom")
    assert _written_version() == ("1.0" if egg_first else "2.0")


def test_without_metadata_on_the_path_it_says_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _metadata(tmp_path, "arcroomish-1.0.dist-info", "METADATA", "1.0")
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing.zip")])
    assert _written_version() is None


def test_a_zip_on_the_path_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It may hold arcroom's metadata; only importlib.metadata reads inside it.
    (tmp_path / "app.zip").write_bytes(b"")
    _metadata(tmp_path, "arcroom-2.0.dist-info", "METADATA", "2.0")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "app.zip"), str(tmp_path)])
    assert _written_version() is None
