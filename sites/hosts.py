"""Where the unit portals live: their hostnames (Decree 224/2026 Art. 11(4)) and the port of their public addresses.

Hostnames. The top-level unit (the province or the city) sits on `PORTAL_BASE_DOMAIN` itself (`tayninh.gov.vn`), or
on a hostname given when it is provisioned; every unit below it, at any depth, on `<slug>.<host of that top-level
unit>` (`ninhson.tayninh.gov.vn`, `sotuphap.tayninh.gov.vn`): the decree names departments and communes directly under
the province's domain, and slugs are unique, so the names never clash. A unit may be given a hostname of its own.

Ports. A Site stores only the standard port of its scheme: 80 (http) or 443 (https), as Wagtail reads it. The port a
development server listens on is never stored: when `PORTAL_PORT` is not 80 or 443 (`make demo`: 8000), every public
address is built with it (`http://ninhson.tayninh.localhost:8000/`), whatever the Site row says. A request reaches its
Site by hostname whatever its port (Wagtail's `get_site_for_hostname`, home/routing.py), since a hostname has one Site.

`move_hosts` moves every unit to another base domain (a demo database to its production names) with `plan_move` and
`apply_move` below, without reprovisioning anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Site

MAX_HOSTNAME_LENGTH = 253  # the DNS limit for a whole name
HOSTNAME_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
STANDARD_PORTS = (80, 443)


def validate_hostname(hostname: str) -> str | None:
    """A Vietnamese message saying what is wrong with `hostname`, or None for a valid lower-case DNS name."""
    if len(hostname) > MAX_HOSTNAME_LENGTH or not hostname:
        return _("Tên miền “%(hostname)s” không hợp lệ: dài quá %(limit)s ký tự hoặc để trống.") % {
            "hostname": hostname,
            "limit": MAX_HOSTNAME_LENGTH,
        }
    labels = hostname.split(".")
    if any(not HOSTNAME_LABEL.fullmatch(label) for label in labels):
        return _(
            "Tên miền “%(hostname)s” không hợp lệ: mỗi phần chỉ gồm chữ thường không dấu, chữ số, dấu gạch ngang "
            "(tối đa 63 ký tự, không bắt đầu hoặc kết thúc bằng dấu gạch ngang)."
        ) % {"hostname": hostname}
    return None


def top_unit(unit):
    """The top-level unit above `unit` (the unit itself at the top); one query per level, two levels at most."""
    while unit.parent_id is not None:
        unit = unit.parent
    return unit


def default_hostname(slug: str, parent) -> str:
    """The hostname a new unit gets unless one is given: the base domain for a top-level unit, else
    `<slug>.<host of the top-level unit above it>`."""
    if parent is None:
        return settings.PORTAL_BASE_DOMAIN
    return f"{slug}.{top_unit(parent).site.hostname}"


def stored_port() -> int:
    """The port a new Site stores: 443 when the portal is configured for https (`PORTAL_PORT=443`), else 80."""
    return 443 if settings.PORTAL_PORT == 443 else 80


def public_port(site_port: int) -> int:
    """The port of the public addresses of a Site storing `site_port`: `PORTAL_PORT` when it is a development port,
    else the Site's own."""
    port = settings.PORTAL_PORT
    return site_port if port in STANDARD_PORTS else port


def site_root_url(site: Site) -> str:
    """`Site.root_url` as the portal builds it: the Site's scheme and hostname, with the development port if any."""
    port = public_port(site.port)
    if port == 80:
        return f"http://{site.hostname}"
    if port == 443:
        return f"https://{site.hostname}"
    return f"http://{site.hostname}:{port}"


def use_public_root_url() -> None:
    """Every public address (page.full_url, links between units, feeds, sitemaps, mails, printed addresses) comes
    from `Site.root_url`; build it with the development port from the settings rather than from the row."""
    Site.root_url = property(site_root_url)


# Moving hosts ---------------------------------------------------------------------------------------------------------


class HostMoveError(Exception):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass
class HostMove:
    site: Site
    unit: object  # sites.Unit, or None for a Site that belongs to no unit
    old_hostname: str
    old_port: int
    new_hostname: str
    new_port: int
    note: str = ""

    @property
    def changed(self) -> bool:
        return (self.old_hostname, self.old_port) != (self.new_hostname, self.new_port)


@dataclass
class MovePlan:
    moves: list[HostMove] = field(default_factory=list)

    @property
    def changes(self) -> list[HostMove]:
        return [move for move in self.moves if move.changed]

    def host_map(self) -> dict[str, HostMove]:
        return {move.old_hostname: move for move in self.changes}


def _is_under(hostname: str, domain: str) -> bool:
    return hostname.endswith("." + domain)


def plan_move(
    base_domain: str, city_host: str | None = None, port: int | None = None, rewrite_custom: bool = False
) -> MovePlan:
    """What moving every unit onto `base_domain` changes; raises HostMoveError (Vietnamese messages) and changes
    nothing when a name is invalid or two Sites would share a hostname.

    The top-level unit goes to `city_host` (default: `base_domain`). A unit below it whose hostname is the default
    one (`<slug>.<top host>`, or `<slug>.<parent host>` as older versions built it) goes to `<slug>.<new top host>`;
    another hostname under the top host keeps its own labels (`tienganh.ninhson.<top host>` →
    `tienganh.ninhson.<new top host>`); a hostname outside it (a unit's own domain) is kept unless `rewrite_custom`,
    which gives it the default. `port` (80 or 443) replaces every stored port; without it a stored development port
    becomes 80.
    """
    from .models import Unit

    base_domain = (base_domain or "").strip()
    city_host = (city_host or "").strip() or base_domain
    errors = []
    for name in dict.fromkeys([base_domain, city_host]):
        problem = validate_hostname(name)
        if problem:
            errors.append(problem)
    if port is not None and port not in STANDARD_PORTS:
        errors.append(
            _(
                "Cổng (port) %(port)s không dùng được cho địa chỉ công khai: chọn 80 (http) hoặc 443 (https); cổng "
                "(port) của máy chủ phát triển đặt bằng PORTAL_PORT, không lưu vào cơ sở dữ liệu."
            )
            % {"port": port}
        )
    units = list(Unit.objects.select_related("site").order_by("pk"))
    tops = [unit for unit in units if unit.parent_id is None]
    if len(tops) > 1:
        errors.append(
            _(
                "Có %(count)s đơn vị cấp cao nhất (%(names)s); lệnh chỉ chuyển một tỉnh hoặc thành phố cùng các đơn "
                "vị trực thuộc. Hãy đổi tên miền của các cổng còn lại trong Cài đặt → Trang web."
            )
            % {"count": len(tops), "names": ", ".join(unit.name for unit in tops)}
        )
    if errors:
        raise HostMoveError(errors)

    by_pk = {unit.pk: unit for unit in units}
    plan = MovePlan()
    new_top_host = city_host
    old_top_host = tops[0].site.hostname if tops else ""
    for unit in units:
        old = unit.site.hostname
        note = ""
        if unit.parent_id is None:
            new = new_top_host
        else:
            parent = by_pk[unit.parent_id]
            defaults = {f"{unit.slug}.{old_top_host}", f"{unit.slug}.{parent.site.hostname}"}
            if old in defaults:
                new = f"{unit.slug}.{new_top_host}"
            elif _is_under(old, old_top_host):
                new = old.removesuffix(old_top_host) + new_top_host
            elif rewrite_custom:
                new = f"{unit.slug}.{new_top_host}"
            else:
                new, note = old, _("giữ tên miền riêng")
        plan.moves.append(HostMove(unit.site, unit, old, unit.site.port, new, _new_port(unit.site.port, port), note))
    unit_sites = {unit.site_id for unit in units}
    for site in Site.objects.exclude(pk__in=unit_sites).order_by("pk"):
        # Not a unit's portal: its name stays, its port follows the same rule.
        plan.moves.append(
            HostMove(
                site,
                None,
                site.hostname,
                site.port,
                site.hostname,
                _new_port(site.port, port),
                _("không thuộc đơn vị nào"),
            )
        )

    for move in plan.changes:
        problem = validate_hostname(move.new_hostname)
        if problem:
            errors.append(problem)
    seen: dict[str, HostMove] = {}
    for move in plan.moves:
        other = seen.get(move.new_hostname)
        if other is not None:
            errors.append(
                _("Tên miền “%(hostname)s” sẽ trùng giữa “%(first)s” và “%(second)s”.")
                % {"hostname": move.new_hostname, "first": _label(other), "second": _label(move)}
            )
        seen[move.new_hostname] = move
    if errors:
        raise HostMoveError(errors)
    return plan


def _new_port(current: int, requested: int | None) -> int:
    if requested is not None:
        return requested
    return current if current in STANDARD_PORTS else 80


def _label(move: HostMove) -> str:
    return move.unit.name if move.unit is not None else (move.site.site_name or move.old_hostname)


def _moved_url(url: str, host_map: dict[str, HostMove]) -> str | None:
    """`url` at the new root of the portal it points at when that portal moved (the old port is dropped), else
    None."""
    parts = urlsplit(url)
    move = host_map.get((parts.hostname or "").lower())
    if parts.scheme not in ("http", "https") or move is None:
        return None
    root = urlsplit(site_root_url(move.site))
    return urlunsplit(parts._replace(scheme=root.scheme, netloc=root.netloc))


@transaction.atomic
def apply_move(plan: MovePlan) -> list[str]:
    """Write the plan in one transaction; returns the other rows changed (redirects to a moved host).

    Sites are first renamed to placeholders so that two Sites may swap hostnames; each is then saved, so that every
    receiver of a Site's save hears it (the page cache purges everything and reloads its host map, Wagtail forgets
    its site root paths, the usage counter its host map).
    """
    from wagtail.contrib.redirects.models import Redirect

    changes = plan.changes
    if not changes:
        return []
    placeholders = []
    for move in changes:
        move.site.hostname = f"dang-chuyen-{move.site.pk}.invalid"
        placeholders.append(move.site)
    Site.objects.bulk_update(placeholders, ["hostname"])
    for move in changes:
        move.site.hostname, move.site.port = move.new_hostname, move.new_port
        move.site.save(update_fields=["hostname", "port"])
    Site.clear_site_root_paths_cache()

    # Redirects typed as a full address of a moved portal (a page redirect stores no host).
    host_map = plan.host_map()
    lines = []
    moved_redirects = []
    if host_map:
        for redirect in Redirect.objects.filter(
            Q(redirect_link__startswith="http://") | Q(redirect_link__startswith="https://")
        ).order_by("pk"):
            new = _moved_url(redirect.redirect_link, host_map)
            if new is not None and new != redirect.redirect_link:
                lines.append(f"Chuyển hướng {redirect.old_path}: {redirect.redirect_link} → {new}")
                redirect.redirect_link = new
                moved_redirects.append(redirect)
        Redirect.objects.bulk_update(moved_redirects, ["redirect_link"])
    return lines
