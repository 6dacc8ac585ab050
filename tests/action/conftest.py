"""The action's modules live in action/ (not in the package): importable for unit tests."""

from __future__ import annotations

import sys
from pathlib import Path

ACTION = Path(__file__).resolve().parents[2] / "action"
if str(ACTION) not in sys.path:
    sys.path.insert(0, str(ACTION))
