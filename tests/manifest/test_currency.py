"""hs_currency_code must be an ISO 4217 code HubSpot accepts (its budget totals' list)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reconciler.currencies import ISO_4217
from reconciler.errors import ManifestError
from reconciler.manifest import load_manifests
from tests.sandbox.contract import SKIP_REASON, spec_dir


def _load(tmp_path: Path, code: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        f"campaigns:\n  - name: X\n    properties:\n      hs_currency_code: {code}\n",
        encoding="utf-8",
    )
    load_manifests([path])


@pytest.mark.parametrize("code", ["EUR", "USD", "JPY", '""'])
def test_iso_codes_and_resets_are_accepted(tmp_path: Path, code: str) -> None:
    _load(tmp_path, code)


@pytest.mark.parametrize(("code", "hint"), [("eur", 'did you mean "EUR"'), ("EURO", "ISO 4217")])
def test_other_codes_are_refused_at_their_line(tmp_path: Path, code: str, hint: str) -> None:
    with pytest.raises(ManifestError) as raised:
        _load(tmp_path, code)
    text = str(raised.value) + "\n".join(str(p) for p in raised.value.problems)
    assert "c.yaml:4" in text and hint in text


@pytest.mark.skipif(spec_dir() is None, reason=SKIP_REASON)
def test_the_list_is_hubspots() -> None:
    folder = spec_dir()
    assert folder is not None
    for name in ("campaignsPublicApi.json", "2026-09/campaignsPublicApi.json"):
        spec = json.loads((folder / name).read_text())
        enum = spec["components"]["schemas"]["PublicBudgetTotals"]["properties"]["currencyCode"]
        assert set(enum["enum"]) == ISO_4217
