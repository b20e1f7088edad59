"""Công khai thông tin (Law on Access to Information 2016 — LATI — Arts. 17, 19, 23–24; Decree 13/2018 Arts. 6, 11): the
unit's disclosure list, its information focal point and the request form for information not yet disclosed.

The list is generated from what the unit publishes (`information_list.py`); requests are citizens' questions of the
kind `Question.Kind.INFORMATION_REQUEST`, received, tracked and answered through `participation`
(`information_requests.py` holds the form and its views)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from home.models import IntroBodyMixin
from organization.models import Official
from sites.models import Unit
from sites.scoping import UnitPageForm

from .items import DISCLOSURE_LIST_PAGES

REQUEST_PATH = "yeu-cau-cung-cap-thong-tin/"
RECEIVED_PATH = "yeu-cau-cung-cap-thong-tin/da-nhan/"
FORM_TEMPLATE_PATH = "mau-phieu-yeu-cau/"
FOCAL_POINT_FOREIGN = _("Cán bộ đầu mối phải là cán bộ của chính đơn vị.")


class DisclosurePageForm(UnitPageForm):
    """The focal point is chosen among the officials of the page's unit (Vietnamese rows; the page shows the
    official's translation on the English page); `UnitPageForm` and `DisclosurePage.clean` refuse any other id."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("focal_point")
        if field is None:
            return
        unit = Unit.for_page(self.instance if self.instance.path else self.parent_page)
        rows = Official.objects.filter(unit=unit, locale__language_code="vi") if unit else Official.objects.none()
        field.queryset = rows.order_by("sort_order", "name")
        field.error_messages["invalid_choice"] = FOCAL_POINT_FOREIGN


class DisclosurePage(RoutablePageMixin, IntroBodyMixin, Page):
    """The unit's list of the information it discloses and where each is published, generated from what exists; its
    information focal point (Decree 13/2018 Art. 11); the request form and the printable request form template."""

    focal_point = models.ForeignKey(
        "organization.Official",
        verbose_name=_("cán bộ đầu mối cung cấp thông tin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Người làm đầu mối tiếp nhận yêu cầu cung cấp thông tin (Nghị định 13/2018/NĐ-CP, Điều 11)."),
    )
    request_address = models.TextField(
        _("nơi tiếp nhận yêu cầu"),
        blank=True,
        max_length=500,
        help_text=_("Địa chỉ, giờ tiếp nhận yêu cầu trực tiếp. Để trống: dùng địa chỉ của đơn vị."),
    )

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("focal_point"), FieldPanel("request_address")],
            heading=_("Đầu mối cung cấp thông tin"),
        ),
        FieldPanel("body"),
    ]
    # The official is the same person on the English page (its translation is shown there).
    override_translatable_fields = [SynchronizedField("focal_point")]
    base_form_class = DisclosurePageForm

    parent_page_types = ["home.HomePage"]
    subpage_types = [*DISCLOSURE_LIST_PAGES, "disclosure.DisclosureItemPage", "home.ContentPage"]
    max_count_per_parent = 1
    template = "disclosure/disclosure_page.html"

    class Meta:
        verbose_name = _("trang công khai thông tin")
        verbose_name_plural = _("trang công khai thông tin")

    def clean(self):
        super().clean()
        if self.focal_point_id is None:
            return
        parent = self.get_parent() if self.path else None
        unit = Unit.for_page(self if self.path else parent)
        if unit is not None and self.focal_point.unit_id != unit.pk:
            raise ValidationError({"focal_point": FOCAL_POINT_FOREIGN})

    # The routes import their views when called: the views import this model.
    @path("")
    def index_route(self, request):
        from .information_requests import disclosure_view

        return disclosure_view(request, self)

    @path(REQUEST_PATH)
    def request_route(self, request):
        from .information_requests import request_view

        return request_view(request, self)

    @path(RECEIVED_PATH)
    def received_route(self, request):
        from .information_requests import received_view

        return received_view(request, self)

    @path(FORM_TEMPLATE_PATH)
    def form_template_route(self, request):
        from .information_requests import form_template_view

        return form_template_view(request, self)
