"""A small HubSpot client for Campaigns v3 and Marketing Events v3; it knows nothing of plans."""
