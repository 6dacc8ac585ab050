"""Declarative config-as-code reconciler for HubSpot campaigns and marketing events."""

__version__ = "0.1.0"
