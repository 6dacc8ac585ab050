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


PIPELINE_PACKAGES = (
    "reconciler.models",
    "reconciler.plan",
    "reconciler.apply",
    "reconciler.hubspot",
)
"""Where the models a plan or an apply validates with live: built by ``build_pipeline_models``."""


def build_pipeline_models() -> None:
    """Build now, before any state is loaded, the validators of the pipeline's models that are
    imported and not built yet.

    Built on first use, in the middle of loading or reading 100,000 objects, a validator's
    parts land in memory pages among those objects; when ``apply`` lets go of the manifests
    and the read (~200 MB there), those pages cannot all be reused, and the writes grew the
    process by 40 MB (plan + apply at 100,000 objects: 514 MB, against 475 MB with every
    validator built first; ``bench/run.py``). Commands that build no state (``--help``,
    ``schema``, ``doctor``) still build none they do not use.
    """
    for model in _subclasses(Model):
        if model.__module__.startswith(PIPELINE_PACKAGES) and not model.__pydantic_complete__:
            model.model_rebuild()


def _subclasses(cls: type[Model]) -> list[type[Model]]:
    found: list[type[Model]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found
