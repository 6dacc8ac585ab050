"""The GitHub Action's steps (action.yml at the repository root runs them).

Not part of the installed package: action.yml runs ``action/run.py`` and ``action/comment.py``
from the action's checkout, with the Python the tool was installed into (so ``reconciler`` is
importable for rendering the plan). The GitHub API is reached with the standard library only.
"""
