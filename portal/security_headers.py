"""The headers that tell a browser what a portal page may do (issue 19): a Content Security Policy per path and a
Permissions-Policy on every response. Referrer-Policy, nosniff and HSTS are Django's SecurityMiddleware (settings).

Public pages get CONTENT_SECURITY_POLICY: their own origin only, no inline script or style and no nonce, so a page the
anonymous page cache (pagecache/) shares between visitors holds nothing per visitor. The Wagtail admin renders inline
scripts and style attributes of its own: under PORTAL_ADMIN_CSP_PREFIXES it gets PORTAL_ADMIN_CONTENT_SECURITY_POLICY,
still limited to the portal's own origin for everything it fetches, frames and posts.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.PORTAL_ADMIN_CSP_PREFIXES))


class PortalSecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, the admin's policy swapped in under its prefixes; adds Permissions-Policy."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.PORTAL_PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PORTAL_PERMISSIONS_POLICY
        return response
