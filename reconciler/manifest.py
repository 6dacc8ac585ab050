"""YAML manifests -> DesiredState (placeholder; the manifests issue fills this in)."""

from __future__ import annotations

from pathlib import Path

from reconciler.models import DesiredState


def load_manifests(paths: list[Path]) -> DesiredState:
    raise NotImplementedError
