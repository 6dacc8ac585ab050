"""Portal -> manifests (``reconciler import``): the adoption path for portals made in the UI.

Why it is built this way:

- **Only what a plan can keep equal.** Campaigns are read with the writable properties (or the
  ``--property`` names), events with the fields a write can set; empty values are left out,
  because ``""`` in a manifest means "must be empty" and would take ownership of the field.
  Values are written in the models' canonical form, so the plan right after an import is empty.
- **Read and matched as plan reads and matches.** The portal is read through
  ``reconciler.live`` (the events list lacks ``externalAccountId``, so one ``/identifiers``
  look-up per distinct ``externalEventId`` tells it), and entries are matched to live objects
  through ``reconciler.matching``, the planner's matcher.
- **Ids pinned.** Campaign ``id`` and event ``objectId`` are always written (two campaigns may
  share a name; UI-made events have no external ids). External ids are added where known.
- **Re-import is an edit, not a rewrite.** Existing files are read with the round trip of
  ``reconciler.roundtrip`` (shared with ``pin``) and only changed values are replaced, so
  comments, key order, quoting and indentation stay. Objects are found in any ``*.yaml`` under
  the folder by pinned id or natural key; an existing entry's identity and its set of managed
  keys are the user's choice and are never widened; new portal objects go to each kind's
  import file; entries whose object is gone are kept and reported, never deleted. A file is
  written only when something in it changed.

Modules: ``run`` (the import), ``folder`` and ``files`` (the manifests under ``--out``),
``merge`` (live objects into entries), ``values`` (canonical values, new entries), ``layout``
(headers, spacing, the schema modeline), ``report`` (what happened; its text is
``reconciler.render.import_report``'s); attached kinds imported when asked (``--kind``):
``assets``, ``budget`` with ``budget_items`` (a campaign's budget and spend items).
"""

from reconciler.importer.layout import LOCAL_SCHEMA, schema_path, space_items
from reconciler.importer.report import FileResult, ImportReport
from reconciler.importer.run import campaign_properties, import_portal
from reconciler.importer.values import new_campaign, to_yaml

# The names tests and the CLI's schema helper import by their old spelling.
_schema_path = schema_path
_space_items = space_items
_to_yaml = to_yaml
_new_campaign = new_campaign

__all__ = [
    "LOCAL_SCHEMA",
    "FileResult",
    "ImportReport",
    "campaign_properties",
    "import_portal",
    "schema_path",
]
