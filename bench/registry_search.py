# ruff: noqa: E402 — Django is set up before the project imports below.
"""Benchmark of the registry search and the site search at scale (issue 18, item 5; goal: registry search p95 under
100 ms over 100,000 documents at 8 connections on PostgreSQL). A benchmark to run, not a timed test.

1. Seed a fresh database: a bench city and N-1 wards, and the documents spread evenly over their registries, inserted
   in bulk (bench/oversight.py's `PageBatch`: paths as treebeard numbers them, one published revision each), with
   their site search entries (bulk-inserted pages skip the page signals that write them):
       PORTAL_VAR_DIR=/tmp/registry-var PORTAL_PORT=8615 \\
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
       .venv/bin/python bench/registry_search.py seed --units 100 --documents 100000
2. Measure: serves the portal with gunicorn (2 sync workers, production settings: DEBUG off) on the port, then runs
   wrk (8 connections, 10 s a query) against the registry of a ward, the registry of the city in “all units” mode
   and the site search, and prints p50/p95/p99 and requests per second:
       PORTAL_VAR_DIR=/tmp/registry-var PORTAL_PORT=8615 \\
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
       .venv/bin/python bench/registry_search.py measure --connections 8 --duration 10

Without DATABASE_URL both steps use the SQLite file of the var dir. `seed` refuses a database it has already seeded.
`--only "two words,all: number"` runs some of the queries; `--connections 1` shows the time of one request alone.

Recorded 5 Dec 2026 on the shared 2-core machine (PostgreSQL 15, load average 3–9 from other sessions: noisy).
Seeding 100 units and 100,000 documents: provisioning 356 s, documents 760 s (132 a second), 1121 s with migrate.
SQL time of one request (Django test client, median of 5; without → with the trigram indexes of issue 18):

    ward registry, one word / two words / number / no match      71 / 76 / 53 / 52 → 57 / 56 / 38 / 32 ms
    city, all units: “chuyen” (16,731) / “thu hoi dat” (5,774)    4473 / 1697 → 3214 / 936 ms
    city, all units: a number / no match                          714 / 728 → 87 / 71 ms
    site search, all units: two words / a number / no match       391 / 274 / 183 → 175 / 19 / 12 ms

Over HTTP (wrk, 8 connections, 10 s, load average ≈ 3.7), with the indexes: ward registry p50/p95 550–680 /
800–890 ms (11–14 req/s), the same page at 1 connection 69–90 ms p50; all units: a number 1171 / 1555 ms, no match
916 / 1205 ms, 5,000–17,000 matches 4.2–8.4 s (the facet counts aggregate every match); site search of a ward 265 /
454 ms, of every unit 655 / 836 ms. One ward request costs 70–150 ms of CPU, so 8 connections on 2 workers queue.

Re-measured 5 Dec 2026 after the registry's scale work (branch wt/registry), the machine far busier (load average
14–20 from other sessions throughout: every figure is inflated, compare before/after only). Seeding took 1844 s
(provisioning 182 s, documents 1600 s at 62 a second). One request, Django test client, median of 3, page cache off;
SQL ms / Python CPU ms, before → after:

    ward: one word / two words / number / no match       313/72 · 397/72 · 375/56 · 228/59
                                                       → 121/51 · 212/53 · 246/52 · 163/53 (SQL mostly noise)
    ward: listing (1,000)                                934/95 → 188/57
    all units: “chuyen” (16,731) / “karaoke” (5,050)     10658/176 · 1917/135 → 1286/106 · 811/92
    all units: “thu hoi dat” (5,774) / number / none     1981/144 · 690/95 · 368/92 → 652/99 · 207/62 · 157/60
    all units: listing (100,000)                         12837/169 → 2358/99

What changed: the “all units” scope tests each row's unit home once (`substr(path) = ANY(homes)`, hashed) instead of
one `path LIKE 'home%'` per unit and language (200 for 100 units); the validity status reads the replaced and amended
documents from two uncorrelated subqueries (hashed, once per query) instead of two EXISTS per row; facets count rows,
not DISTINCT ids (no join multiplies a document), so they group by hashing; the column facets' grouped rows (7,240
for “chuyen” in every unit) are tallied in one cheap pass; every public page reads the sites' root paths once per
request (menus asked Wagtail for them per entry, unpickling 200 sites each time) and the shared cookie domain once
per process. Over HTTP (wrk, 8 connections, 10 s, gunicorn 2 workers, PORTAL_PAGE_CACHE=0; load ≈ 17–19 before,
14–10 after, so the gain is partly the machine's), before → after p50 / p95 ms (req/s):

    ward: one word / number / no match      4443 / 5738 (1.6) · 3002 / 4740 (2.3) · 2939 / 4117 (2.1)
                                          → 3068 / 5436 (2.0) · 2437 / 2949 (3.1) · 2124 / 2447 (3.6)
    ward: listing                           5037 / 7145 (1.3) → 3276 / 3703 (2.2)
    all units: “chuyen” / “karaoke”         no answer within 10 s · 6195 / 9341 (0.5) → 5256 / 9902 (0.7) · 6036 /
                                            7941 (1.1)
    all units: a number / no match          4084 / 5025 (1.7) · 4349 / 5899 (1.6) → 2780 / 4064 (2.2) · 2947 /
                                            3828 (2.6)

At 1 connection (load ≈ 9 → 6), before → after p50 / p95 ms: ward one word 207 / 920 → 190 / 1052, ward listing
284 / 466 → 196 / 234, all units “chuyen” 4134 (2 requests in 10 s) → 747 / 999, all units a number 355 / 759 →
88 / 197.

The goal (p95 < 100 ms at 8 connections) is out of reach on 2 shared cores whatever the registry does: the page
around it (middleware, site lookup, menus, base template) alone costs ≈ 35–45 ms of Python CPU, so 8 connections
on 2 cores queue behind ≥ 4 of those; a machine with a core per connection, or the page cache, is what meets it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from tqdm import tqdm
from wagtail.documents.models import Document

from bench.oversight import PageBatch
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
from search.models import SearchEntry
from search.pages import page_text
from search.text import fold
from sites.models import Unit
from sites.provisioning import UnitSpec, provision_unit

CITY_SLUG = "tracuu"
TYPES = ("Quyết định", "Nghị quyết", "Chỉ thị", "Kế hoạch", "Thông báo", "Báo cáo", "Hướng dẫn", "Tờ trình")
SUBJECTS = (
    "cải cách hành chính",
    "thu hồi đất để thực hiện dự án",
    "phòng, chống dịch sốt xuất huyết",
    "tuyển sinh đầu cấp",
    "chuyển đổi số",
    "giao dự toán ngân sách",
    "kiện toàn Ban Chỉ đạo",
    "tổ chức Lễ hội Xuân",
    "bảo đảm trật tự an toàn giao thông",
    "chỉnh trang đô thị",
    "an sinh xã hội",
    "phòng cháy, chữa cháy",
    "vệ sinh môi trường",
    "xây dựng nông thôn mới",
    "khen thưởng tập thể, cá nhân",
    "bồi thường, hỗ trợ tái định cư",
    "quản lý chợ truyền thống",
    "phổ biến, giáo dục pháp luật",
    "tiếp công dân định kỳ",
    "kiểm tra hoạt động kinh doanh karaoke",
)
# The number of the 4,321st document the seed writes: `measure` looks it up by number.
NUMBERED = 4321

# name → (who is asked, query string); “ward” is a ward's own registry, “city” the city's registry over every unit.
REGISTRY_QUERIES = {
    "one word": ("ward", "q=chuyen"),
    "two words": ("ward", "q=thu+hoi+dat"),
    "number": ("ward", "q={number}"),
    "no match": ("ward", "q=khong+co+van+ban+nao"),
    "listing": ("ward", ""),
    "all: one word": ("city", "pham-vi=tat-ca&q=chuyen"),
    "all: two words": ("city", "pham-vi=tat-ca&q=thu+hoi+dat"),
    "all: number": ("city", "pham-vi=tat-ca&q={number}"),
    "all: no match": ("city", "pham-vi=tat-ca&q=khong+co+van+ban+nao"),
    "all: 1 in 20": ("city", "pham-vi=tat-ca&q=karaoke"),
}
SITE_QUERIES = {
    "site: two words": ("ward", "q=chuyen+doi+so"),
    "site: no match": ("ward", "q=khong+co+trang+nao"),
    "site all: two words": ("city", "pham-vi=tat-ca&q=chuyen+doi+so"),
    "site all: 1 in 20": ("city", "pham-vi=tat-ca&q=karaoke"),
}

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
    + summary.errors.timeout
  io.write(string.format("RESULT %d %d %.2f %.2f %.2f %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
"""


def document_number(sequence: int, kind: DocumentType) -> str:
    return f"{sequence}/{kind.abbreviation or 'VB'}-UBND"


def seed(units: int, documents: int) -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Unit.objects.filter(slug=CITY_SLUG).exists():
        raise SystemExit("This database is already seeded: start from a fresh database or var dir.")
    specs = [UnitSpec(kind="city", name="Thành phố Tra Cứu", slug=CITY_SLUG)]
    specs += [
        UnitSpec(kind="ward", name=f"Phường Tra Cứu {i}", slug=f"{CITY_SLUG}{i}", parent_slug=CITY_SLUG)
        for i in range(1, units)
    ]
    provisioning = time.perf_counter()
    unit_list = [provision_unit(spec).unit for spec in tqdm(specs, desc="Đơn vị", unit=" đơn vị")]
    provisioned = time.perf_counter() - provisioning

    types = list(DocumentType.objects.filter(name__in=TYPES))
    sectors = list(DocumentSector.objects.all())
    bodies = {body.unit_id: body for body in IssuingBody.objects.filter(unit__isnull=False)}
    rng = random.Random(18)
    per_unit = [documents // units + (1 if i < documents % units else 0) for i in range(units)]
    sequence = 0
    inserting = time.perf_counter()
    with tqdm(total=documents, desc="Văn bản", unit=" văn bản") as progress:
        for unit, count in zip(unit_list, per_unit, strict=True):
            registry = LegalDocumentIndexPage.objects.get(
                path__startswith=unit.home_page.path, locale=unit.home_page.locale
            )
            pdf = simple_pdf([unit.name, "Van ban do luong tra cuu"])
            file = Document(title=f"Văn bản đo lường – {unit.name}", collection=unit.collection)
            file.file.save(f"tra-cuu-{unit.slug}.pdf", ContentFile(pdf), save=False)
            file.save()
            digest = sha256_of(ContentFile(pdf))
            batch = PageBatch()
            pages = []
            for _ in range(count):
                sequence += 1
                kind = rng.choice(types)
                issue = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 7))
                subject = rng.choice(SUBJECTS)
                number = document_number(sequence, kind)
                page = LegalDocumentPage(
                    title=f"{kind.name} về việc {subject} năm {issue.year}",
                    slug=f"{kind.abbreviation or 'vb'}-{sequence}".lower(),
                    number=number,
                    document_type=kind,
                    issuing_body=bodies[unit.pk],
                    issue_date=issue,
                    effective_date=issue + dt.timedelta(days=rng.choice((0, 0, 10, 45))),
                    expiry_date=issue + dt.timedelta(days=730) if rng.random() < 0.2 else None,
                    abstract=f"Về {subject} trên địa bàn {unit.name} năm {issue.year}",
                )
                page.sectors = rng.sample(sectors, k=rng.randint(1, 2))
                page.attachments = [
                    LegalDocumentAttachment(document=file, extension="pdf", size=len(pdf), sha256=digest)
                ]
                page.fill_derived_fields()
                published = dt.datetime.combine(issue, dt.time(9), tzinfo=dt.UTC)
                pages.append(batch.add(registry, page, published))
            batch.flush()
            SearchEntry.objects.bulk_create(
                [
                    SearchEntry(
                        page_id=page.pk,
                        unit=unit,
                        content_type_id=page.content_type_id,
                        title=page.title,
                        title_folded=fold(page.title),
                        text=(text := page_text(page)),
                        text_folded=fold(text),
                        last_published_at=page.last_published_at,
                    )
                    for page in pages
                ],
                batch_size=1000,
            )
            progress.update(count)
    inserted = time.perf_counter() - inserting
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{len(unit_list)} đơn vị trong {provisioned:.0f} s; {documents} văn bản trong {inserted:.0f} s "
        f"({documents / max(inserted, 0.001):.0f} văn bản/s); tổng {time.perf_counter() - started:.0f} s "
        f"(kể cả migrate); CSDL {connection.vendor}"
    )


def _hosts() -> dict[str, str]:
    city = Unit.objects.select_related("site").get(slug=CITY_SLUG)
    ward = Unit.objects.select_related("site").filter(parent=city).order_by("pk").first()
    return {"city": city.site.hostname, "ward": ward.site.hostname}


def _serve(port: int, workers: int, host: str) -> subprocess.Popen:
    """gunicorn with the production settings (DEBUG off) on 127.0.0.1:port; returns once it answers for `host`."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key"),
        ALTCHA_HMAC_KEY=os.environ.get("ALTCHA_HMAC_KEY", "bench-only-altcha-key"),
        SECURE_COOKIES="0",
        PORTAL_HTTPS="0",  # plain HTTP on the loopback: no redirect to https
        PORTAL_PORT=str(port),
        # Uncached: the page cache would answer every repeated query from memory, which is not what is measured.
        PORTAL_PAGE_CACHE="0",
    )
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "portal.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(120):
        try:
            _fetch(port, host, "/")
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _fetch(port: int, host: str, path: str) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read().decode()


def _wrk(
    port: int, host: str, path: str, connections: int, duration: int, script: str, timeout: int = 10
) -> list[float]:
    command = [
        "wrk",
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        f"{timeout}s",
        "-s",
        script,
    ]
    command += ["-H", f"Host: {host}:{port}", f"http://127.0.0.1:{port}{path}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    requests, micros, p50, p95, p99, errors = (float(value) for value in line.split()[1:])
    return [p50, p95, p99, requests / (micros / 1e6), errors]


def measure(port: int, connections: int, duration: int, workers: int, only: list[str]) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing (apt-get install wrk)")
    hosts = _hosts()
    total = LegalDocumentPage.objects.live().count()
    ward_home = Unit.objects.get(site__hostname=hosts["ward"]).home_page
    numbers = {
        "city": LegalDocumentPage.objects.order_by("pk")[min(NUMBERED, total) - 1].number,
        "ward": LegalDocumentPage.objects.filter(path__startswith=ward_home.path).order_by("-pk").first().number,
    }
    server = _serve(port, workers, hosts["ward"])
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    print(
        f"{total} văn bản, {Unit.objects.count()} đơn vị, {SearchEntry.objects.count()} mục tìm kiếm; CSDL "
        f"{connection.vendor}; gunicorn {workers} worker sync, DEBUG tắt; wrk {connections} kết nối × {duration} s"
    )
    print(f"{'truy vấn':<22} {'kết quả':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7} {'lỗi':>4}")
    try:
        for name, (target, query) in {**REGISTRY_QUERIES, **SITE_QUERIES}.items():
            if only and name not in only:
                continue
            query = query.format(number=quote_plus(numbers[target]))
            base = "/tim-kiem/" if name.startswith("site") else "/van-ban/"
            path = base + (f"?{query}" if query else "")
            status, body = _fetch(port, hosts[target], path)  # warm up, and read the count the page shows
            if status != 200:
                raise SystemExit(f"{path} → HTTP {status}")
            found = body.split("Tìm thấy ", 1)[1].split(" ", 1)[0] if "Tìm thấy " in body else "?"
            p50, p95, p99, rate, errors = _wrk(port, hosts[target], path, connections, duration, script.name)
            print(f"{name:<22} {found:>8} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f} {rate:>7.1f} {errors:>4.0f}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        os.unlink(script.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    seed_parser = commands.add_parser("seed")
    seed_parser.add_argument("--units", type=int, default=100)
    seed_parser.add_argument("--documents", type=int, default=100_000)
    measure_parser = commands.add_parser("measure")
    measure_parser.add_argument("--port", type=int, default=int(os.environ.get("PORTAL_PORT", "8615")))
    measure_parser.add_argument("--connections", type=int, default=8)
    measure_parser.add_argument("--duration", type=int, default=10)
    measure_parser.add_argument("--workers", type=int, default=2)
    measure_parser.add_argument("--only", default="", help="comma-separated names of the queries to run (default: all)")
    args = parser.parse_args()
    if args.command == "seed":
        seed(args.units, args.documents)
    else:
        measure(args.port, args.connections, args.duration, args.workers, [n for n in args.only.split(",") if n])


if __name__ == "__main__":
    main()
