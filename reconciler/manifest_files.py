"""Moved to ``reconciler.manifest.files``; this name stays until its importers move too."""

from reconciler.manifest.files import Unreadable, max_bytes, read_manifest, walk_manifests

__all__ = ["Unreadable", "max_bytes", "read_manifest", "walk_manifests"]
