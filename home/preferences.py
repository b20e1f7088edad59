"""A citizen's display preferences (text size, high contrast), kept across every unit portal of the installation.

Units live on different hostnames and localStorage is per origin, so the choice is a cookie on the domain that the
unit portals share (`tayninh.gov.vn` for `tayninh.gov.vn` and `ninhson.tayninh.gov.vn`); a unit whose hostname is
outside that domain receives the choice in the fragment of the link that leads to it (static/js/portal.js). The
server never reads the cookie: a page is the same for every visitor, so it stays cacheable. The inline script of
base.html applies the choice before the first paint.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

from sites.request_memo import once_per_request

COOKIE_NAME = "portal_display"
FRAGMENT_KEY = "portal-display"  # `#portal-display=fs130.hc` carries the choice to a unit outside the shared domain


def _is_domain(hostname: str) -> bool:
    """A name a cookie may be scoped to: at least two labels and not an IP address."""
    if "." not in hostname.strip("."):
        return False
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        return True
    return False


def shared_cookie_domain(hostnames: Iterable[str]) -> str:
    """The hostname of a unit portal that the most other portals are under (the city's, for the city and its wards);
    "" when no portal is under another one.

    Only an existing portal's own hostname is chosen, never a bare suffix such as `gov.vn` that browsers refuse as a
    cookie domain. A leading `www.` is dropped so that `www.tayninh.gov.vn` still covers `ninhson.tayninh.gov.vn`.
    """
    hosts = {host.lower().rstrip(".") for host in hostnames if host}
    best, covered = "", 1
    for host in sorted(hosts, key=len):
        candidate = host.removeprefix("www.")
        if not _is_domain(candidate):
            continue
        count = sum(1 for other in hosts if other == candidate or other.endswith("." + candidate))
        if count > covered:
            best, covered = candidate, count
    return best


def installation_hostnames() -> list[str]:
    """Hostnames of every unit portal, from Wagtail's cached site root paths (no query once cached)."""
    roots = once_per_request(("site_root_paths",), Site.get_site_root_paths)  # shared with the page's links
    hostnames = {urlsplit(root.root_url).hostname or "" for root in roots}
    return sorted(host for host in hostnames if host)


def preference_config() -> dict:
    """What static/js/display.js needs, the same for every page of the installation: the cookie's domain ("" for a
    cookie of the page's own host only) and the portals outside it, which get the choice through their links."""
    configured = getattr(settings, "PORTAL_PREFERENCE_COOKIE_DOMAIN", "")
    return dict(_preference_config(tuple(installation_hostnames()), configured))


@lru_cache(maxsize=16)
def _preference_config(hostnames: tuple[str, ...], configured: str) -> dict:
    # Computed once per process for a set of portals: the shared domain compares every hostname with every other
    # (ten thousand comparisons for a hundred units), on every page.
    domain = configured.lower().strip(".") if configured else shared_cookie_domain(hostnames)
    outside = [host for host in hostnames if not (domain and (host == domain or host.endswith("." + domain)))]
    return {"cookie": COOKIE_NAME, "fragment": FRAGMENT_KEY, "domain": domain, "outside": outside}


def config_json(config: dict) -> str:
    """The config as JSON, <, > and & escaped (inert in any HTML context, autoescaped again in an attribute)."""
    text = json.dumps(config, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
