"""A campaign's ``assets`` in a manifest: ids kept as written, located per id, per-portal ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.errors import ManifestError
from reconciler.manifest import load_manifests
from reconciler.portal_values import PortalChoice

MANIFEST = """\
campaigns:
  - name: Launch
    assets:
      FORM: [007, form-guid]
      OBJECT_LIST:
        staging: ["41"]
        production:
          - 887
"""


def load(tmp_path: Path, text: str, portal: str | None = None):  # type: ignore[no-untyped-def]
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    choice = PortalChoice(("staging", "production"), portal) if portal else None
    return load_manifests([tmp_path / "m.yaml"], choice, warn=lambda _: None)


@pytest.mark.parametrize(("portal", "lists"), [("staging", ["41"]), ("production", ["887"])])
def test_ids_are_text_as_written_and_may_differ_per_portal(
    tmp_path: Path, portal: str, lists: list[str]
) -> None:
    (sourced,) = load(tmp_path, MANIFEST, portal).campaigns
    assert sourced.obj.assets == {"FORM": ["007", "form-guid"], "OBJECT_LIST": lists}
    where = sourced.field_locations
    assert (where["assets.FORM"].line, where["assets.FORM.1"].line) == (4, 4)
    assert where["assets.FORM.1"].col == 19


def test_an_unknown_type_names_its_line_and_the_valid_types(tmp_path: Path) -> None:
    with pytest.raises(ManifestError) as caught:
        load(
            tmp_path,
            "campaigns:\n  - name: Launch\n    assets:\n      FORM: [1]\n      FROM: [2]\n",
        )
    (problem,) = caught.value.problems
    text = str(problem)
    assert text.startswith(f'{tmp_path / "m.yaml"}:5:7: campaign "Launch"') or ":5:7:" in text
    assert "unknown asset type 'FROM'" in text and "WEB_INTERACTIVE" in text
    assert "MARKETING_EVENT," not in text  # not offered: events are linked through marketingEvents
