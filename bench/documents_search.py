# ruff: noqa: E402 — Django is set up before the project imports below.
"""Benchmark of the registry's faceted search against a running server (a benchmark to run, not a timed test).

1. Seed a database with the 13 demo units and 10,000 documents spread over them:
       PORTAL_VAR_DIR=/tmp/docs-var PORTAL_PORT=8105 .venv/bin/python bench/documents_search.py seed 10000
2. Serve it:
       PORTAL_VAR_DIR=/tmp/docs-var PORTAL_PORT=8105 .venv/bin/python manage.py runserver 8105 --noreload
3. Measure (HTTP timings against the server; SQL per request with the same views in this process):
       PORTAL_VAR_DIR=/tmp/docs-var PORTAL_PORT=8105 .venv/bin/python bench/documents_search.py measure --rounds 20

Add DATABASE_URL=postgres://… to every step to measure PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document

from demo.documents import load_demo
from demo.units import DEMO_UNITS
from documents.models import (
    DocumentSector,
    DocumentType,
    IssuingBody,
    LegalDocumentAttachment,
    LegalDocumentIndexPage,
    LegalDocumentPage,
)
from documents.pdf import simple_pdf
from documents.validators import sha256_of
from sites.provisioning import provision_unit

SUBJECTS = (
    "cải cách hành chính",
    "thu hồi đất để thực hiện dự án",
    "phòng, chống dịch sốt xuất huyết",
    "tuyển sinh đầu cấp",
    "chuyển đổi số",
    "giao dự toán ngân sách",
    "kiện toàn Ban Chỉ đạo",
    "tổ chức Lễ hội Xuân Núi Bà Đen",
    "bảo đảm trật tự an toàn giao thông",
    "chỉnh trang đô thị",
)

# The types the generated documents draw from (reference rows of documents/migrations/0003_reference_data.py);
# their sectors: every reference sector.
TYPES = (
    "Nghị định",
    "Nghị quyết",
    "Quyết định",
    "Chỉ thị",
    "Thông tư",
    "Kế hoạch",
    "Thông báo",
    "Báo cáo",
    "Hướng dẫn",
    "Tờ trình",
)

QUERIES = {
    "listing": "",
    "text": "q=quyet+dinh+cai+cach",
    "number": "q=123/qd-ubnd",
    "text+facets": "q=ke+hoach&year=2025&status=in_force",
    "page 5": "page=5",
    "all units": "pham-vi=tat-ca",
    "all units+text": "pham-vi=tat-ca&q=ninh+son+thu+hoi+dat",
}


def seed(count: int) -> None:
    call_command("migrate", verbosity=0)
    units = {demo.slug: provision_unit(demo.spec()).unit for demo in DEMO_UNITS}
    load_demo(units)
    types = list(DocumentType.objects.filter(name__in=TYPES))
    sectors = list(DocumentSector.objects.all())
    unit_list = list(units.values())
    bodies = {body.unit_id: body for body in IssuingBody.objects.filter(unit__isnull=False)}
    registries = {
        unit.pk: LegalDocumentIndexPage.objects.get(path__startswith=unit.home_page.path) for unit in unit_list
    }
    files = {}
    for unit in unit_list:
        pdf = simple_pdf([unit.name, "Van ban do luong hieu nang"])
        document = Document(title=f"Văn bản đo lường – {unit.name}", collection=unit.collection)
        document.file.save(f"do-luong-{unit.slug}.pdf", ContentFile(pdf), save=False)
        document.save()
        files[unit.pk] = (document, len(pdf), sha256_of(ContentFile(pdf)))
    existing = LegalDocumentPage.objects.count()
    rng = random.Random(5)
    started = time.perf_counter()
    for i in range(count):
        unit = unit_list[i % len(unit_list)]
        kind = rng.choice(types)
        issue = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 7))
        subject = rng.choice(SUBJECTS)
        number = f"{existing + i + 1000}/{kind.abbreviation}-UBND"
        page = LegalDocumentPage(
            title=f"{kind.name} số {number} về {subject} ({unit.name})",
            number=number,
            document_type=kind,
            issuing_body=bodies[unit.pk],
            issue_date=issue,
            effective_date=issue + datetime.timedelta(days=rng.choice((0, 0, 10, 45))),
            expiry_date=issue + datetime.timedelta(days=730) if rng.random() < 0.2 else None,
            abstract=f"Về {subject} trên địa bàn {unit.name}",
        )
        page.sectors = rng.sample(sectors, k=rng.randint(1, 2))
        document, size, digest = files[unit.pk]
        page.attachments = [LegalDocumentAttachment(document=document, extension="pdf", size=size, sha256=digest)]
        with transaction.atomic():
            registries[unit.pk].add_child(instance=page)
        if (i + 1) % 1000 == 0:
            print(f"{i + 1} văn bản, {time.perf_counter() - started:.0f} s", flush=True)
    print(f"Tổng: {LegalDocumentPage.objects.count()} văn bản")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(host: str, port: int, rounds: int) -> None:
    hosts = {"city": f"tayninh.{host}", "ward": f"ninhson.tayninh.{host}"}
    total = LegalDocumentPage.objects.live().count()
    print(f"{total} văn bản; {rounds} lượt mỗi truy vấn; máy chủ 127.0.0.1:{port}; CSDL {connection.vendor}")
    print(f"{'truy vấn':<16} {'cổng':<5} {'kết quả':>8} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>5}")
    client = Client()
    for name, query in QUERIES.items():
        target = "city" if "pham-vi" in query else "ward"
        path = "/van-ban/" + (f"?{query}" if query else "")
        timings = []
        for _ in range(rounds):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            started = time.perf_counter()
            conn.request("GET", path, headers={"Host": f"{hosts[target]}:{port}"})
            response = conn.getresponse()
            body = response.read()
            timings.append((time.perf_counter() - started) * 1000)
            conn.close()
            if response.status != 200:
                raise SystemExit(f"{path} → HTTP {response.status}")
        text = body.decode()
        found = text.split("Tìm thấy ", 1)[1].split(" ", 1)[0] if "Tìm thấy " in text else "?"
        client.get(path, HTTP_HOST=hosts[target])  # warm per-process caches, as the server's are
        with CaptureQueriesContext(connection) as captured:
            client.get(path, HTTP_HOST=hosts[target])
        print(
            f"{name:<16} {target:<5} {found:>8} {statistics.median(timings):>8.1f} "
            f"{_percentile(timings, 0.95):>8.1f} {len(captured):>5}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    seed_parser = commands.add_parser("seed")
    seed_parser.add_argument("count", type=int, nargs="?", default=10_000)
    measure_parser = commands.add_parser("measure")
    measure_parser.add_argument("--host", default=os.environ.get("PORTAL_BASE_DOMAIN", "localhost"))
    measure_parser.add_argument("--port", type=int, default=int(os.environ.get("PORTAL_PORT", "8105")))
    measure_parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if args.command == "seed":
        seed(args.count)
    else:
        measure(args.host, args.port, args.rounds)


if __name__ == "__main__":
    main()
