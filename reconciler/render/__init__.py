"""Renderers: the same data as text for terminals, Markdown for pull requests, JSON for machines."""
