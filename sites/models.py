"""The unit (tenant) and what it owns: its site, home page, collection, sections, editorial groups and workflow."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Collection, Page, Site, Workflow

from .blueprint import level_of
from .scoping import PortalSettingsForm, UnitOwnedForm
from .validators import FACEBOOK_VALIDATOR, YOUTUBE_VALIDATOR, ZALO_VALIDATOR, validate_vietnamese_phone

SLUG_VALIDATOR = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
    _(
        "Chỉ dùng chữ thường không dấu (a–z), chữ số và dấu gạch ngang; "
        "không bắt đầu hoặc kết thúc bằng dấu gạch ngang."
    ),
)


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố")
    DEPARTMENT = "department", _("Cơ quan chuyên môn")
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    # Contributing organisations: not state administrative bodies, so not bound by the portal decree's checklist; they
    # publish an introduction and their news and contribute articles to the city's portal (sites.blueprint).
    FATHERLAND_FRONT = "fatherland_front", _("Ủy ban Mặt trận Tổ quốc")
    SOCIO_POLITICAL = "socio_political", _("Tổ chức chính trị – xã hội")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
    PARTY_ADVISORY = "party_advisory", _("Cơ quan tham mưu, giúp việc của cấp ủy Đảng")


# Kinds with a People's Committee: their portal is owned by “Ủy ban nhân dân <name>”; every other unit owns its own.
ADMINISTRATIVE_KINDS = frozenset({UnitKind.PROVINCE, UnitKind.CITY, UnitKind.WARD, UnitKind.COMMUNE})
# Contributing organisations (the city's directive, item 4): a small blueprint, news proposed to the city's board.
CONTRIBUTING_KINDS = frozenset(
    {UnitKind.FATHERLAND_FRONT, UnitKind.SOCIO_POLITICAL, UnitKind.PUBLIC_SERVICE, UnitKind.PARTY_ADVISORY}
)
# The order units are listed in (the home page's directory of child portals): territory first, then agencies, then
# the organisations that contribute news.
KIND_ORDER = (
    UnitKind.PROVINCE,
    UnitKind.CITY,
    UnitKind.WARD,
    UnitKind.COMMUNE,
    UnitKind.DEPARTMENT,
    UnitKind.FATHERLAND_FRONT,
    UnitKind.SOCIO_POLITICAL,
    UnitKind.PARTY_ADVISORY,
    UnitKind.PUBLIC_SERVICE,
)


def kind_order(field: str = "kind") -> models.Case:
    """An `order_by` expression that lists units in `KIND_ORDER` (wards before the organisations, not A–Z by code)."""
    return models.Case(
        *(models.When(**{field: kind}, then=models.Value(index)) for index, kind in enumerate(KIND_ORDER)),
        default=models.Value(len(KIND_ORDER)),
        output_field=models.IntegerField(),
    )


# Which kinds of unit may sit under which parent kind (None: a top-level unit). A ward's Fatherland Front committee
# has no portal of its own: it publishes on the ward's portal, whose news the ward proposes to the city.
ALLOWED_PARENT_KINDS: dict[str, set[str | None]] = {
    UnitKind.PROVINCE: {None},
    UnitKind.CITY: {None, UnitKind.PROVINCE},
    UnitKind.DEPARTMENT: {UnitKind.PROVINCE, UnitKind.CITY},
    UnitKind.WARD: {UnitKind.PROVINCE, UnitKind.CITY},
    UnitKind.COMMUNE: {UnitKind.PROVINCE, UnitKind.CITY},
    **{kind: {UnitKind.PROVINCE, UnitKind.CITY} for kind in CONTRIBUTING_KINDS},
}


# A unit's home is a child of the tree root: in each language tree, the ancestor at depth 2 of every page of the unit.
HOME_DEPTH = 2


def home_path(page: Page) -> str:
    """The tree path of the home above `page` in its own language tree (the page's own path for a home)."""
    return page.path[: Page.steplen * HOME_DEPTH]


def home_path_expression(path_column):
    """SQL: the tree path of the home above the page whose path is `path_column` (a field name or expression)."""
    return Substr(path_column, 1, Page.steplen * HOME_DEPTH)


class UnitQuerySet(models.QuerySet):
    def with_site(self) -> UnitQuerySet:
        return self.select_related("site", "home_page", "parent")

    def for_pages(self, pages) -> dict[int, Unit]:
        """{page id: unit} for `pages` of any language tree, in two queries whatever their number (pages outside
        every unit, and the tree root, have no entry). `Unit.for_page` answers for a single page."""
        paths = {
            page.pk: home_path(page)
            for page in pages
            if page is not None and len(page.path or "") >= Page.steplen * HOME_DEPTH
        }
        if not paths:
            return {}
        keys = dict(
            Page.objects.filter(depth=HOME_DEPTH, path__in=set(paths.values())).values_list("path", "translation_key")
        )
        rows = self.filter(home_page__translation_key__in=keys.values()).select_related("home_page", "site", "parent")
        units = {unit.home_page.translation_key: unit for unit in rows}
        by_path = {path: units.get(key) for path, key in keys.items()}
        return {pk: by_path[path] for pk, path in paths.items() if by_path.get(path) is not None}


class Unit(models.Model):
    """An administrative unit with its own portal: the tenant every other object belongs to."""

    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("tên chính thức"), max_length=255, help_text=_("Ví dụ: Phường Ninh Sơn"))
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=255,
        blank=True,
        help_text=_("Tên dùng trên các trang tiếng Anh, ví dụ: Ninh Son Ward. Để trống thì dùng tên chính thức."),
    )
    slug = models.CharField(
        _("mã định danh"),
        max_length=63,
        unique=True,
        validators=[SLUG_VALIDATOR],
        help_text=_("Chữ không dấu, dùng trong tên miền, ví dụ: ninhson"),
    )
    code = models.CharField(_("mã đơn vị hành chính"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True, validators=[validate_vietnamese_phone])
    fax = models.CharField(_("fax"), max_length=50, blank=True, validators=[validate_vietnamese_phone])
    email = models.EmailField(_("thư điện tử"), blank=True)
    responsible_person = models.CharField(
        _("người chịu trách nhiệm nội dung"),
        max_length=255,
        blank=True,
        help_text=_("Trưởng Ban Biên tập, ví dụ: Nguyễn Văn A – Phó Chủ tịch UBND phường"),
    )
    site = models.OneToOneField(Site, verbose_name=_("trang web"), on_delete=models.PROTECT, related_name="unit")
    home_page = models.OneToOneField(Page, verbose_name=_("trang chủ"), on_delete=models.PROTECT, related_name="+")
    collection = models.OneToOneField(
        Collection, verbose_name=_("thư mục ảnh và tài liệu"), on_delete=models.PROTECT, related_name="unit"
    )
    workflow = models.ForeignKey(
        Workflow,
        verbose_name=_("quy trình phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["parent_id", "kind", "name"]
        # The city's oversight office (sites.access.OVERSIGHT_PERMISSION): reads every unit, writes in none.
        permissions = [("view_every_unit", _("Xem mọi cổng thành phần (giám sát)"))]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_page(cls, page: Page | None) -> Unit | None:
        """The unit whose tree holds `page`, in any language (None for no page, the tree root and pages outside
        every unit). A page of the English tree belongs to the unit whose Vietnamese home its English home
        translates. `Unit.objects.for_pages` answers for many pages at once."""
        if page is None or len(page.path or "") < Page.steplen * HOME_DEPTH:
            return None
        homes = Page.objects.filter(depth=HOME_DEPTH, path=home_path(page))
        return (
            cls.objects.select_related("site", "parent")
            .filter(home_page__translation_key__in=homes.values("translation_key"))
            .first()
        )

    def with_descendants(self) -> UnitQuerySet:
        """This unit and every unit below it, at any depth: what “all units” means on a unit's portal.

        One query (a recursive one), run when the queryset is read; it composes like any other queryset.
        """
        table = connection.ops.quote_name(self._meta.db_table)
        pk = connection.ops.quote_name(self._meta.pk.column)
        parent = connection.ops.quote_name(self._meta.get_field("parent").column)
        below = RawSQL(
            f"WITH RECURSIVE below(id) AS (SELECT {pk} FROM {table} WHERE {pk} = %s "
            f"UNION SELECT child.{pk} FROM {table} child JOIN below ON child.{parent} = below.id) SELECT id FROM below",
            (self.pk,),
        )
        return Unit.objects.filter(pk__in=below)

    @property
    def has_children(self) -> bool:
        """Whether units sit under this one, asked once per unit object (primed with the request's site)."""
        if not hasattr(self, "_has_children"):
            self._has_children = self.children.exists()
        return self._has_children

    @property
    def localized_name(self) -> str:
        """The English name on English pages (when the unit has one), the official name otherwise."""
        if self.name_en and get_language() == "en":
            return self.name_en
        return self.name

    @property
    def hostname(self) -> str:
        return self.site.hostname

    @property
    def root_url(self) -> str:
        return self.site.root_url

    @property
    def level(self) -> str:
        """Level letter of the section checklist: P (province/city), C (ward/commune), D (department),
        O (a contributing organisation)."""
        return level_of(self.kind)

    @property
    def is_contributing(self) -> bool:
        """A contributing organisation (Fatherland Front, socio-political organisation, public service unit, Party
        advisory body): a small portal whose news goes to the city's board."""
        return self.kind in CONTRIBUTING_KINDS

    @property
    def owns_portal_in_own_name(self) -> bool:
        """Whether the unit itself owns its portal (a department, an organisation) rather than its People's
        Committee (“Ủy ban nhân dân <name>”)."""
        return self.kind not in ADMINISTRATIVE_KINDS


class UnitRole(models.TextChoices):
    WRITER = "writer", _("Biên tập viên")
    BOARD = "board", _("Ban Biên tập")
    ADMIN = "admin", _("Quản trị đơn vị")


class UnitGroup(models.Model):
    """One of a unit's editorial groups; membership in it makes a user a member of the unit."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(max_length=20, choices=UnitRole.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="unit_role")

    class Meta:
        verbose_name = _("nhóm biên tập của đơn vị")
        verbose_name_plural = _("nhóm biên tập của đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "role"], name="unique_unit_role")]

    def __str__(self) -> str:
        return self.group.name


class UnitSection(models.Model):
    """The page that holds one blueprint section of a unit, whatever its page type."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="unit_section")

    class Meta:
        verbose_name = _("chuyên mục bắt buộc")
        verbose_name_plural = _("chuyên mục bắt buộc")
        constraints = [models.UniqueConstraint(fields=["unit", "key"], name="unique_unit_section")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.key}"


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """How a unit's portal presents itself: logo, licence line, social links."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("biểu trưng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Để trống để dùng Quốc huy."),
    )
    tagline = models.CharField(_("khẩu hiệu / dòng phụ"), max_length=255, blank=True)
    licence = models.CharField(
        _("giấy phép"), max_length=255, blank=True, help_text=_("Ví dụ: Giấy phép số 12/GP-TTĐT ngày 15/3/2024")
    )
    # The unit's official channels, shown in its footer (Decree 224 Art. 10(3)).
    facebook_url = models.URLField(_("trang Facebook"), blank=True, validators=[FACEBOOK_VALIDATOR])
    zalo_url = models.URLField(_("trang Zalo OA"), blank=True, validators=[ZALO_VALIDATOR])
    youtube_url = models.URLField(_("kênh YouTube"), blank=True, validators=[YOUTUBE_VALIDATOR])
    publish_english = models.BooleanField(
        _("công bố phiên bản tiếng Anh"),
        default=False,
        help_text=_(
            "Khi bật, các trang đã dịch sang tiếng Anh được công bố tại /en/ và thanh chọn ngôn ngữ hiện trên cổng. "
            "Nghị định 42/2022 (Điều 7 khoản 2) yêu cầu bản tiếng Anh ít nhất của cơ cấu tổ chức, chức năng, "
            "nhiệm vụ và thông tin liên hệ."
        ),
    )

    # What English pages show in place of the unit's Vietnamese details; a blank field shows the Vietnamese text.
    tagline_en = models.CharField(_("khẩu hiệu (tiếng Anh)"), max_length=255, blank=True)
    licence_en = models.CharField(
        _("giấy phép (tiếng Anh)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Licence No. 12/GP-TTĐT issued on 15 March 2024"),
    )
    address_en = models.CharField(
        _("địa chỉ (tiếng Anh)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: 265 Boi Loi Street, Ninh Phu Quarter, Ninh Son Ward, Tay Ninh City"),
    )
    responsible_person_en = models.CharField(
        _("người chịu trách nhiệm nội dung (tiếng Anh)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Nguyen Van A – Vice Chairperson of the Ward People's Committee"),
    )

    panels = [
        FieldPanel("logo"),
        FieldPanel("tagline"),
        FieldPanel("licence"),
        FieldPanel("facebook_url"),
        FieldPanel("zalo_url"),
        FieldPanel("youtube_url"),
        MultiFieldPanel(
            [
                FieldPanel("publish_english"),
                FieldPanel("tagline_en"),
                FieldPanel("licence_en"),
                FieldPanel("address_en"),
                FieldPanel("responsible_person_en"),
            ],
            heading=_("Phiên bản tiếng Anh"),
        ),
    ]

    base_form_class = PortalSettingsForm

    class Meta:
        verbose_name = _("cấu hình cổng")

    @property
    def official_channels(self) -> list[tuple[str, str]]:
        """(network, address) of the channels the unit has set, in footer order: “facebook”, “zalo”, “youtube”."""
        channels = [("facebook", self.facebook_url), ("zalo", self.zalo_url), ("youtube", self.youtube_url)]
        return [(network, url) for network, url in channels if url]


class UnitOwnedMixin(models.Model):
    """For every model whose rows belong to one unit (snippets, submissions, …).

    Admin views for such models go through `sites.viewsets.UnitScopedSnippetViewSet`, which lists, chooses and
    edits only the rows of the user's units. `unit_permissions` are the model permissions provisioning grants to
    each of a unit's groups (re-granted to existing units by `sync_blueprint`).
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")

    base_form_class = UnitOwnedForm

    unit_permissions: dict[str, tuple[str, ...]] = {
        "writer": ("add", "change", "view"),
        "board": ("add", "change", "delete", "view"),
        "admin": ("add", "change", "delete", "view"),
    }

    class Meta:
        abstract = True
