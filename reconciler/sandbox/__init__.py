"""A local HubSpot portal that speaks Campaigns v3 and Marketing Events v3, for users and tests."""

CALLING_APP_ID = 4242
"""The app the sandbox treats callers as (here, not in ``seed``, so that the CLI, which shows it
as a default, starts without importing the store)."""
CALLING_APP_NAME = "reconciler"
