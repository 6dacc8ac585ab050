"""`reconciler doctor`: check a portal before the first apply.

``checks`` reads only (token, portal, scopes, tier, rate limit, daily quota); ``probe`` creates
one scratch campaign and one scratch event, confirms each behaviour the tool relies on that
HubSpot's specs leave open, and archives them whatever happens.
"""
