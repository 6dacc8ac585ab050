"""The manifest reader covers every kind the registry has, under the registry's words."""

from __future__ import annotations

from reconciler.kinds import ATTACHED_KINDS, OBJECT_KINDS
from reconciler.manifest.parser import TOP_LEVEL
from reconciler.manifest.shapes import SHAPES


def test_every_object_kind_has_a_manifest_shape_under_its_manifest_key() -> None:
    # A kind added to the registry without a Shape would be refused as an unknown key.
    assert list(SHAPES) == [spec.name for spec in OBJECT_KINDS]
    assert {key: shape.spec.name for key, shape in TOP_LEVEL.items()} == {
        spec.manifest_key: spec.name for spec in OBJECT_KINDS
    }


def test_attached_lists_are_the_attached_kinds_attributes_in_their_parent() -> None:
    for kind in ATTACHED_KINDS:
        assert kind.parent is not None and kind.attribute is not None
        assert kind.attribute in SHAPES[kind.parent].item_lists
    attached = {kind.attribute for kind in ATTACHED_KINDS}
    assert all(shape.item_lists <= attached for shape in SHAPES.values())
