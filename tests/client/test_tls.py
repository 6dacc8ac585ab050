"""A plain-http portal (the sandbox) gets no CA bundle, and still no unverified TLS."""

from __future__ import annotations

import ssl

from reconciler.hubspot.client import HubSpotClient, tls_context


def test_https_portal_keeps_httpx_verification() -> None:
    assert tls_context("https://api.hubapi.com") is True
    assert tls_context("HTTPS://api.hubapi.com") is True


def test_plain_http_portal_trusts_no_certificate() -> None:
    context = tls_context("http://127.0.0.1:8080")
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED  # TLS through it would fail, not go unverified
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0  # the bundle was never loaded


def test_clients_build_for_both_schemes() -> None:
    """The client is built with that context (no error), for http and https alike."""
    with HubSpotClient("http://127.0.0.1:9", "t"), HubSpotClient("https://api.hubapi.com", "t"):
        pass
