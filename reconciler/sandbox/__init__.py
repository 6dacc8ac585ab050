"""A local HubSpot portal that speaks Campaigns v3 and Marketing Events v3, for users and tests."""
