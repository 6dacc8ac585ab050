"""A value too long for a URL (an asset id pasted with a whole page after it, a campaign name
of 70,000 characters) cannot be sent: apply reports that object failed, never a traceback."""

from __future__ import annotations

from pathlib import Path

from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI


def test_an_asset_id_too_long_for_a_url_fails_its_object_and_apply_goes_on(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    huge = "7" * 70_000
    (workdir / "huge").mkdir()
    (workdir / "huge" / "c.yaml").write_text(
        "campaigns:\n"
        "  - name: Spring Launch 2026\n"
        "    id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8\n"
        f'    assets: {{FORM: ["{huge}", "123"]}}\n',
        encoding="utf-8",
    )
    result = cli("apply", "huge", "--auto-approve")
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    assert "could not be sent" in result.out + result.err
    assert "1 failed" in result.out
    linked = [r.path for r in portal.requests() if r.method == "PUT"]
    assert [p.rsplit("/", 2)[-2:] for p in linked] == [["FORM", "123"]]
