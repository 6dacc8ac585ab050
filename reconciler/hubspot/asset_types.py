"""The ``assetType`` names the Campaigns API associates with a campaign (no I/O, no client):
manifest validation, the sandbox and the client share this one list (see ``hubspot.assets``)."""

from __future__ import annotations

ASSET_TYPES: tuple[str, ...] = (
    "AD_CAMPAIGN",  # ads
    "AUTOMATION_PLATFORM_FLOW",  # workflows
    "BLOG_POST",
    "CALL",
    "CASE_STUDY",
    "CTA",  # CTAs (legacy)
    "EMAIL",  # sales emails
    "EXTERNAL_WEB_URL",  # external website pages
    "FEEDBACK_SURVEY",
    "FILE_MANAGER_FILE",  # files
    "FORM",
    "KNOWLEDGE_ARTICLE",
    "LANDING_PAGE",
    "MARKETING_EMAIL",
    "MARKETING_EVENT",
    "MARKETING_SMS",  # SMS
    "MEDIA",  # videos
    "MEETING_EVENT",  # meetings
    "OBJECT_LIST",  # static lists
    "PLAYBOOK",
    "PODCAST_EPISODE",
    "SALES_DOCUMENT",
    "SEQUENCE",
    "SITE_PAGE",  # website pages
    "SOCIAL_BROADCAST",  # social posts
    "WEB_INTERACTIVE",  # CTAs
)
"""Every ``assetType`` the Campaigns API associates, in name order."""


def asset_type_problem(asset_type: str) -> str | None:
    """Why ``asset_type`` cannot be associated (naming the valid ones), or None."""
    if asset_type in ASSET_TYPES:
        return None
    return f"unknown asset type {asset_type!r}: use one of {', '.join(ASSET_TYPES)}"
