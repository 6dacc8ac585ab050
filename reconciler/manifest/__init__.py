"""YAML manifests -> DesiredState, with file:line:col for every object and field.

Why not ruamel's round-trip (or safe) loader: at 100,000 objects it takes minutes and
gigabytes, converts timestamps and ``010`` behind the user's back, and expands aliases. We read
the C parser's (libyaml via ruamel.yaml.clib) event stream instead and build plain dicts
ourselves, which is ~50x faster and lets us:

- keep only (line, column) of each object and key, never a node tree;
- keep timestamps as strings until the models parse them (so a missing offset is caught);
- keep property values as written (``010`` stays ``"010"``): HubSpot stores strings;
- refuse aliases (no billion laughs), explicit tags and duplicate keys.

Every problem of the run, across all files, is collected and raised once as ``ManifestError``.

One job per module, in the order data flows:

- ``files``: which files are manifests, and reading one within limits;
- ``parser`` (with ``scalars``): a file's event stream -> ``RawObject``s (``raw``);
- ``shapes``: what each object kind looks like in a manifest, keyed by the registry's names;
- ``validate``: raw objects -> ``Sourced`` models, or problems at the key at fault;
- ``identity``: the same object declared twice;
- ``load``: all of it for every file under the PATHs.
"""

from __future__ import annotations

from reconciler.manifest.files import (
    Unreadable,
    Warn,
    find_manifests,
    max_bytes,
    read_manifest,
    walk_manifests,
)
from reconciler.manifest.load import load_manifests, warn_on_stderr
from reconciler.manifest.parser import MAX_DEPTH
from reconciler.manifest.validate import FieldLocations

__all__ = [
    "MAX_DEPTH",
    "FieldLocations",
    "Unreadable",
    "Warn",
    "find_manifests",
    "load_manifests",
    "max_bytes",
    "read_manifest",
    "walk_manifests",
    "warn_on_stderr",
]
