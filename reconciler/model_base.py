"""The base of every pydantic model in ``reconciler``: validators built on first use.

Building a model's validator and serializer is most of the cost of defining it: the ~60 models
cost ~0.07 s of CPU at every start-up, though a plan uses about a third of them and ``--help``
none. With ``defer_build`` each is built the first time it validates or dumps anything
(``tests/packaging/test_layout.py`` holds every model to this base).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """A pydantic model whose validator is built when first used (subclasses add config)."""

    model_config = ConfigDict(defer_build=True)
