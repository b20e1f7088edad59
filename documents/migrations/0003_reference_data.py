"""The registry's reference data every install needs, in the default (Vietnamese) locale.

- Document types: the forms of legal normative documents (Law on Promulgation of Legal Normative Documents) and the
  administrative documents of Decree 30/2020/NĐ-CP Art. 7 that unit portals publish, with the abbreviation used in
  the number (Decree 30/2020 Appendix III; none for Hiến pháp, Bộ luật, Luật and Công văn).
- Sectors (lĩnh vực) a unit files its documents under.
- The national issuing bodies: the National Assembly and its Standing Committee, the President, the Government and
  the Prime Minister, the ministries and ministerial-level agencies, the Supreme People's Court and Procuracy and
  the State Audit Office. A unit's own issuing body is added when the unit is provisioned; provincial and other
  local bodies are added by the superuser in the admin.

Rows are matched by name in the default locale, so running it on a database that already has them (entered by hand
or by an earlier demo) adds nothing; new rows get a translation key derived from the name. Reversing keeps the rows:
documents may name them.
"""

import uuid

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant

DOCUMENT_TYPES = (
    ("Hiến pháp", ""),
    ("Bộ luật", ""),
    ("Luật", ""),
    ("Pháp lệnh", "PL"),
    ("Lệnh", "L"),
    ("Nghị định", "NĐ"),
    ("Nghị quyết", "NQ"),
    ("Nghị quyết liên tịch", "NQLT"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Thông tư", "TT"),
    ("Thông tư liên tịch", "TTLT"),
    ("Kế hoạch", "KH"),
    ("Thông báo", "TB"),
    ("Công văn", ""),
    ("Báo cáo", "BC"),
    ("Hướng dẫn", "HD"),
    ("Tờ trình", "TTr"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Chương trình", "CTr"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Công điện", "CĐ"),
)
SECTORS = (
    "Cải cách hành chính",
    "Đất đai",
    "Xây dựng – Đô thị",
    "Giáo dục – Đào tạo",
    "Y tế",
    "Văn hóa – Thể thao – Du lịch",
    "Tài chính – Ngân sách",
    "Lao động – Thương binh – Xã hội",
    "Tài nguyên – Môi trường",
    "Nội vụ",
    "Chuyển đổi số",
    "Quốc phòng – An ninh",
)
# In the order of the state's structure; the ministries as the Government is organised since 2025.
NATIONAL_BODIES = (
    "Quốc hội",
    "Ủy ban Thường vụ Quốc hội",
    "Chủ tịch nước",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Xây dựng",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
    "Ngân hàng Nhà nước Việt Nam",
    "Thanh tra Chính phủ",
    "Văn phòng Chính phủ",
    "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao",
    "Kiểm toán nhà nước",
)
KEY_NAMESPACE = uuid.UUID("6f1c2a52-3b0e-4d8e-9a41-5b7d0c2e8f10")


def _create(model, locale, rows) -> None:
    """Create each (name, extra fields) row missing from `locale`, its sort order its position in `rows`."""
    existing = set(model.objects.filter(locale=locale).values_list("name", flat=True))
    for order, (name, fields) in enumerate(rows, start=1):
        if name not in existing:
            key = uuid.uuid5(KEY_NAMESPACE, f"{model._meta.model_name}:{name}")
            model.objects.create(name=name, sort_order=order, locale=locale, translation_key=key, **fields)


def create_reference_data(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _created = Locale.objects.get_or_create(language_code=language)
    _create(apps.get_model("documents", "DocumentType"), locale, [(n, {"abbreviation": a}) for n, a in DOCUMENT_TYPES])
    _create(apps.get_model("documents", "DocumentSector"), locale, [(name, {}) for name in SECTORS])
    _create(apps.get_model("documents", "IssuingBody"), locale, [(name, {}) for name in NATIONAL_BODIES])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_legaldocumentattachment_translatable"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(create_reference_data, migrations.RunPython.noop)]
