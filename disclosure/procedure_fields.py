"""The fields (lĩnh vực) of administrative procedures at ward, commune and city level, as the National Public Service
Portal names them: reference data every install needs (loaded by migration 0003, re-run safely)."""

from __future__ import annotations

# (slug, Vietnamese name, English name), in the order the public listing shows them.
PROCEDURE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("ho-tich", "Hộ tịch", "Civil status registration"),
    ("chung-thuc", "Chứng thực", "Certification"),
    ("cu-tru", "Đăng ký, quản lý cư trú", "Residence registration"),
    ("nuoi-con-nuoi", "Nuôi con nuôi", "Adoption"),
    ("dat-dai", "Đất đai", "Land"),
    ("xay-dung", "Hoạt động xây dựng", "Construction"),
    ("ho-kinh-doanh", "Thành lập và hoạt động của hộ kinh doanh", "Household businesses"),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội", "Social protection"),
    ("nguoi-co-cong", "Người có công", "People with meritorious services"),
    ("lao-dong", "Lao động, việc làm", "Labour and employment"),
    ("giao-duc", "Giáo dục và đào tạo", "Education and training"),
    ("y-te", "Y tế", "Health"),
    ("van-hoa", "Văn hóa", "Culture"),
    ("moi-truong", "Môi trường", "Environment"),
    ("nong-nghiep", "Nông nghiệp", "Agriculture"),
    ("thuy-loi", "Thủy lợi", "Irrigation"),
    ("phong-chong-thien-tai", "Phòng, chống thiên tai", "Disaster prevention"),
    ("thi-dua-khen-thuong", "Thi đua, khen thưởng", "Emulation and commendation"),
    ("ton-giao", "Tín ngưỡng, tôn giáo", "Beliefs and religion"),
    ("tiep-cong-dan", "Tiếp công dân, khiếu nại, tố cáo", "Citizen reception and complaints"),
    ("hoa-giai", "Hòa giải ở cơ sở", "Grassroots mediation"),
    ("giao-thong", "Giao thông vận tải", "Transport"),
)
