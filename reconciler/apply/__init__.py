"""Plan -> batch requests -> outcome per object.

Two steps, after SQLMesh's stages: ``build_batches`` is pure (group by kind and action, chunk
to the API's limits, each input carrying only the changed fields, ``""`` for a reset); the
``Applier`` sends them through each kind's sender and reads every answer (200/201/204/207)
back into an ``Outcome`` per object, counting an object applied only when HubSpot's answer or
a read-back shows what was sent (``verify``).

Modules: ``batches`` (pure), ``verify`` (pure judgement of answers), ``sending`` and one
``send_*`` module per kind, ``executor`` (the ``Applier``), ``result`` (what apply did).
"""

from reconciler.apply.batches import Batch, build_batches, campaign_properties, event_payload
from reconciler.apply.executor import SENDERS, Applier
from reconciler.apply.result import ApplyResult, ApplySummary, Outcome, Status

__all__ = [
    "SENDERS",
    "Applier",
    "ApplyResult",
    "ApplySummary",
    "Batch",
    "Outcome",
    "Status",
    "build_batches",
    "campaign_properties",
    "event_payload",
]
