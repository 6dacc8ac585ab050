"""Import never writes into a file that is not a manifest, never reads a FIFO, and writes any
text so that it reads back as it was (a plan right after an import is empty)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler.importer import _new_campaign
from reconciler.manifest import load_manifests
from reconciler.models import Campaign
from reconciler.roundtrip import make_yaml

from .conftest import Cli

CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: campaigns
data:
  region: emea
"""


def test_import_refuses_to_append_to_a_file_that_is_not_a_manifest(cli: Cli, workdir: Path) -> None:
    (workdir / "manifests").mkdir()
    config = workdir / "manifests" / "campaigns.yaml"
    config.write_text(CONFIG_MAP)
    result = cli("import", "--out", "manifests")
    assert result.exit_code == 1
    assert (
        "cannot import into manifests: manifests/campaigns.yaml is not a manifest (its top-level "
        "keys are apiVersion, kind, metadata, data; a manifest holds `campaigns:` and "
        "`marketingEvents:` lists); move it out of the folder, or import into another folder "
        "with --out"
    ) in result.stderr
    assert config.read_text() == CONFIG_MAP
    assert sorted(p.name for p in (workdir / "manifests").iterdir()) == ["campaigns.yaml"]


def test_import_refuses_a_manifest_key_that_is_not_a_list(cli: Cli, workdir: Path) -> None:
    (workdir / "manifests").mkdir()
    (workdir / "manifests" / "campaigns.yaml").write_text("campaigns: see the wiki\n")
    result = cli("import", "--out", "manifests")
    assert result.exit_code == 1
    assert "`campaigns` in manifests/campaigns.yaml is not a list" in result.stderr
    assert (workdir / "manifests" / "campaigns.yaml").read_text() == "campaigns: see the wiki\n"


AWKWARD_VALUES = {
    "campaigns": [
        {
            "name": "Launch\x85Day",
            "properties": {"hs_notes": "line\u2028separator", "hs_audience": "one\nline\x85two"},
        }
    ],
    "marketingEvents": [
        {
            "externalAccountId": "acct-1",
            "externalEventId": "nel-1",
            "eventName": "para\u2029graph",
            "eventOrganizer": "car\rriage",
            "eventDescription": "zero\u200bwidth\ufeff and\ttab",
        }
    ],
}


def test_line_breaks_and_controls_round_trip_and_the_next_plan_is_empty(
    cli: Cli, workdir: Path
) -> None:
    """NEL (U+0085) written raw was read back as a space: the next plan renamed the campaign.

    Each value holds one kind of character only: with several, ruamel chose double quotes.
    """
    source = workdir / "source" / "change.yaml"
    source.parent.mkdir()
    source.write_text(json.dumps(AWKWARD_VALUES, indent=2))  # JSON is YAML, escapes and all
    applied = cli("apply", "source", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    result = cli("import", "--out", "imported")
    assert result.exit_code == 0, result.output
    assert "does not validate" not in result.stdout
    plan = cli("plan", "imported", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
    assert "No changes" in plan.stdout


def _round_trip(item: CommentedMap) -> Campaign:
    document = CommentedMap()
    document["campaigns"] = CommentedSeq([item])
    stream = io.StringIO()
    make_yaml().dump(document, stream)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.yaml"
        path.write_text(stream.getvalue(), encoding="utf-8")
        obj = load_manifests([path]).campaigns[0].obj
    assert isinstance(obj, Campaign)
    return obj


AWKWARD = st.sampled_from("\x85\u2028\u2029\r\n\t \x1b\u200b#:'\"-|>ab") | st.characters(
    codec="utf-8"
)


@example("Launch\x85Day", "a\u2028b")
@example("x", "line\n\x85next\n")
@example("x\u2029y", "tab\tand\u00a0nbsp")
@given(st.text(AWKWARD, min_size=1).filter(str.strip), st.text(AWKWARD, min_size=1))
def test_any_text_import_writes_reads_back_as_it_was(name: str, notes: str) -> None:
    campaign = Campaign(name=name, id="9dbec438-53e2-4b28-8c0f-38f56574a6e8")
    campaign = campaign.model_copy(update={"properties": {"hs_notes": notes}})
    read = _round_trip(_new_campaign(campaign, ["hs_notes"]))
    assert (read.name, read.properties["hs_notes"]) == (name, notes)


def test_a_fifo_under_out_is_skipped_and_said(tmp_path: Path) -> None:
    """The importer reads ``--out`` as the loader does: a FIFO is not opened (it would hang)."""
    (tmp_path / "m").mkdir()
    os.mkfifo(tmp_path / "m" / "pipe.yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HUBSPOT_", "RECONCILER_"))}
    env.update(NO_COLOR="1", RECONCILER_SANDBOX_DB=str(tmp_path / "sandbox.db"))
    done = subprocess.run(
        [sys.executable, "-m", "reconciler", "import", "--out", "m"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "Note: skipped m/pipe.yaml: a FIFO (named pipe), not a regular file; only regular files "
        "are read"
    ) in done.stdout
    assert "Wrote m/campaigns.yaml" in done.stdout
