"""Tests of the plan renderers (a package so its helper module has a unique name)."""
