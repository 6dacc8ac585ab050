"""Which portal a command is for: ``--portal``/``RECONCILER_PORTAL`` and ``reconciler.yaml``.

Resolved before manifests are read, since per-portal values and pinned ids depend on it, and
before anything is sent.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reconciler.errors import ReconcilerError
from reconciler.portal_values import PortalChoice
from reconciler.project import CONFIG_NAME, PORTAL_ENV, Project, load_project
from reconciler.target import NamedPortal

DEFAULT_MANIFESTS = Path("manifests")


@dataclass(frozen=True)
class Selection:
    """The project (if any) and the one portal this run is for (if the project names any)."""

    project: Project | None = None
    named: NamedPortal | None = None

    @property
    def choice(self) -> PortalChoice | None:
        if self.project is None or self.named is None:
            return None
        return PortalChoice(tuple(self.project.config.portals), self.named.name)

    @property
    def mapping_key(self) -> str | None:
        """The portal's name where ids are written per portal (the project names several)."""
        if self.project is None or self.named is None or len(self.project.config.portals) < 2:
            return None
        return self.named.name

    def manifest_paths(self, given: list[Path] | None) -> list[Path]:
        """PATHs given, else the project's ``manifests``, else ``manifests/``."""
        if given:
            return list(given)
        configured = self.project.manifest_paths() if self.project else None
        return configured or [DEFAULT_MANIFESTS]


def select(portal: str | None) -> Selection:
    """The portal named by ``portal``, ``RECONCILER_PORTAL`` or the project's default."""
    project = load_project()
    if project is None:
        asked = portal or os.environ.get(PORTAL_ENV)
        if asked:
            raise ReconcilerError(
                f"--portal/{PORTAL_ENV} {asked!r} needs a {CONFIG_NAME} that names it, and none "
                "was found here or in a parent folder (up to the git root)"
            )
        return Selection()
    name, config = project.portal(portal)
    chosen = portal or os.environ.get(PORTAL_ENV)
    hubspot_env = [v for v in ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_BASE_URL") if os.environ.get(v)]
    if config.sandbox and not chosen and hubspot_env:
        raise ReconcilerError(
            f"{' and '.join(hubspot_env)} {'is' if len(hubspot_env) == 1 else 'are'} set, but "
            f"{project.path.name}'s default portal {name!r} is the embedded sandbox: name the "
            f"portal with --portal (or {PORTAL_ENV}), or unset {' and '.join(hubspot_env)}. "
            "Nothing was sent."
        )
    return Selection(project, NamedPortal(name, config, project.root))


def select_all() -> list[Selection]:
    """Every portal of the project, in the order ``reconciler.yaml`` names them."""
    project = load_project()
    if project is None:
        raise ReconcilerError(f"--all-portals needs a {CONFIG_NAME} that names the portals")
    return [
        Selection(project, NamedPortal(name, config, project.root))
        for name, config in project.config.portals.items()
    ]
