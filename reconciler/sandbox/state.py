"""What every sandbox endpoint shares: the store, the fault settings and the request log."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request

from reconciler.sandbox.faults import Faults, RequestLog
from reconciler.sandbox.store import Store


@dataclass
class SandboxState:
    store: Store
    faults: Faults
    log: RequestLog = field(default_factory=RequestLog)


def state_of(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state
