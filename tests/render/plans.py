"""Hand-built plans for the renderer tests: small enough to read, each case on purpose."""

from __future__ import annotations

from reconciler.hubspot.batching import estimate_writes
from reconciler.plan import Cost, FieldChange, ObjectChange, Plan, Summary, Target

SANDBOX = Target(
    kind="sandbox", base_url="http://127.0.0.1:43121", database=".reconciler/sandbox.db"
)
DELETE_WARNING = (
    "this plan deletes 4 of 10 existing managed objects (more than 30%): "
    "apply refuses it without --force"
)


def make_plan(
    changes: list[ObjectChange],
    *,
    unchanged: int = 5,
    warnings: tuple[str, ...] = (),
    reads: int = 3,
    target: Target = SANDBOX,
) -> Plan:
    """A plan whose summary and cost follow from its changes, as ``diff`` makes them."""
    return Plan(
        target=target,
        summary=Summary(
            create=sum(c.action == "create" for c in changes),
            update=sum(c.action == "update" for c in changes),
            delete=sum(c.action == "delete" for c in changes),
            unchanged=unchanged,
        ),
        changes=changes,
        requests=Cost(writes=estimate_writes(changes, 100), reads=reads),
        warnings=list(warnings),
        unsafe=bool(warnings),
    )


def change(
    kind: str, key: str, action: str, *fields: tuple[str, object, object], **kw: object
) -> ObjectChange:
    return ObjectChange.model_validate(
        {
            "kind": kind,
            "key": key,
            "action": action,
            "id": kw.get("id"),
            "source": kw.get("source"),
            "fields": [
                FieldChange.model_validate(dict(zip(("field", "before", "after"), f, strict=True)))
                for f in fields
            ],
        }
    )


def sample_changes() -> list[ObjectChange]:
    """One of each: a create, an update with a reset, a boolean update, a delete."""
    return [
        change(
            "campaign",
            "Black Friday 2026",
            "create",
            ("hs_name", None, "Black Friday 2026"),
            ("hs_start_date", None, "2026-11-27"),
            source="manifests/campaigns.yaml:12",
        ),
        change(
            "campaign",
            "Spring Launch 2026",
            "update",
            ("hs_notes", "old text", ""),
            ("hs_audience", "Everyone", "Developers"),
            id="9dbec438-53e2-4b28-8c0f-38f56574a6e8",
            source="manifests/campaigns.yaml:3",
        ),
        change(
            "marketingEvent",
            "acct-1/webinar-42",
            "update",
            ("eventCancelled", False, True),
            id="1234567",
            source="manifests/events.yaml:2",
        ),
        change(
            "marketingEvent",
            "acct-1/old-webinar",
            "delete",
            id="7654321",
            source="manifests/events.yaml:20",
        ),
    ]


def huge_changes(n: int) -> list[ObjectChange]:
    """``n`` changes over both kinds and all actions, with ~10 fields on updates and creates."""
    out = []
    for i in range(n):
        kind = "campaign" if i % 2 else "marketingEvent"
        action = ("update", "update", "update", "create", "delete")[i % 5]
        fields = (
            []
            if action == "delete"
            else [
                (f"field_{j}", None if action == "create" else f"old value {i}-{j}", f"new {j}")
                for j in range(10)
            ]
        )
        key = f"Campaign {i:05d}" if kind == "campaign" else f"acct-{i % 7}/event-{i:05d}"
        out.append(
            change(
                kind,
                key,
                action,
                *fields,
                id=None if action == "create" else f"{100000 + i}",
                source=f"manifests/big.yaml:{i * 12 + 1}",
            )
        )
    return sorted(out, key=lambda c: c.sort_key)
