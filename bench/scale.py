# ruff: noqa: E402 — Django is set up before the project imports below.
"""Scale benchmark (issue 18, item 6): 100 units × 2,000 pages and 100,000 documents on PostgreSQL, then the public
pages measured with wrk, cached and uncached, at 8 and 50 connections. A script against a real server, never a test.

1. Seed a fresh PostgreSQL database (bulk paths, a progress bar; refuses a database it has already seeded):
       createdb -h 127.0.0.1 -U postgres scale
       PORTAL_VAR_DIR=/tmp/scale-var DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale \\
       .venv/bin/python bench/scale.py seed [--units 100] [--pages 2000] [--documents 100000] [--workers 3]
2. Measure (gunicorn, 2 sync workers, production settings, DEBUG off; Redis db 5 shared by the workers for the
   cached run, PORTAL_PAGE_CACHE=0 for the uncached run; every URL is checked for HTTP 200 and its expected content
   first), then print a markdown table:
       PORTAL_VAR_DIR=/tmp/scale-var DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale \\
       REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/scale.py measure [--port 8701] [--duration 10]
3. Where does an uncached request spend its time (queries, SQL vs Python; median of a few requests):
       PORTAL_VAR_DIR=… DATABASE_URL=… .venv/bin/python bench/scale.py profile [--rounds 5]

What `seed` writes: a city and N-1 wards through the project's provisioning (`provision_unit`, one unit at a time:
it adds under the tree root), then each unit's content in parallel worker processes (one unit per task, so no two
processes write under the same parent): `--pages` pages per unit — news articles across the five news sections (news,
direction, announcements, dissemination of the law, recruitment), one work-schedule week per week for two years with
its entries, and the provisioned section pages — plus the unit's share of `--documents` registry documents; pages go
in through `bench.oversight.PageBatch` (treebeard paths, one published revision and the page history each), and their
site-search entries (`search.models.SearchEntry`) in bulk, as `bench/registry_search.py` writes them. Article titles
and bodies are put together from Vietnamese word lists (actors, actions, subjects, places, officials' names), dated
over the last three years. Bulk pages skip the page signals: Wagtail's own search index is not filled (the portal's
search reads `SearchEntry`). `measure` must use the port `seed` ran with (PORTAL_PORT): on another port Wagtail still
finds the sites by hostname, but the page cache stores nothing.

Figures, seed times and the machine: bench/README.md, section “Scale”.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tqdm import tqdm
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from bench.oversight import SUBJECTS as OVERSIGHT_SUBJECTS
from bench.oversight import PageBatch, moment, mondays
from bench.registry_search import SUBJECTS as DOCUMENT_SUBJECTS
from bench.registry_search import TYPES, WRK_SCRIPT, _serve, _wrk, document_number
from demo.news import draw_photo
from documents.models import DocumentSector, DocumentType, IssuingBody, LegalDocumentAttachment, LegalDocumentPage
from documents.pdf import simple_pdf
from documents.validators import sha256_of
from news.models import NewsArticlePage
from organization.models import ScheduleEntry, WorkScheduleWeekPage
from search.models import SearchEntry
from search.pages import page_text
from search.text import fold
from sites.models import Unit, UnitSection
from sites.provisioning import UnitSpec, provision_unit

CITY_SLUG = "quymo"
CITY_NAME = "Thành phố Quy Mô"
# Share of a unit's articles per news section (the rest of its pages are schedule weeks and sections).
NEWS_SHARES = {"news": 0.62, "direction": 0.12, "announcements": 0.12, "propaganda": 0.1, "recruitment": 0.04}
SCHEDULE_WEEKS = 104
YEARS_OF_NEWS = 3
# wrk's timeout: uncached pages at 50 connections on 2 workers queue for seconds (a timeout counts as an error).
WRK_TIMEOUT = 30

# --- Vietnamese word lists ------------------------------------------------------------------------------------------

ACTORS = (
    "UBND {unit}",
    "Đảng ủy {unit}",
    "Ủy ban MTTQ Việt Nam {unit}",
    "Công an {unit}",
    "Hội Liên hiệp Phụ nữ {unit}",
    "Đoàn Thanh niên {unit}",
    "Hội Cựu chiến binh {unit}",
    "Hội Nông dân {unit}",
    "Trạm Y tế {unit}",
    "Ban Chỉ huy Quân sự {unit}",
)
ACTIONS = (
    "tổ chức hội nghị triển khai",
    "ra quân",
    "kiểm tra công tác",
    "sơ kết 6 tháng thực hiện",
    "tổng kết công tác",
    "phát động phong trào",
    "tập huấn nghiệp vụ về",
    "đối thoại với nhân dân về",
    "tuyên truyền về",
    "ký kết quy chế phối hợp về",
    "triển khai kế hoạch",
    "đẩy mạnh",
    "giám sát việc thực hiện",
    "biểu dương điển hình tiên tiến trong",
)
# The oversight benchmark's subjects of a ward's news, and more for 2,000 articles a unit.
SUBJECTS = (
    *OVERSIGHT_SUBJECTS,
    "xây dựng đô thị văn minh",
    "phòng, chống ma túy",
    "thu gom rác thải sinh hoạt",
    "bình đẳng giới",
    "chăm sóc người cao tuổi",
    "khám sức khỏe định kỳ cho người dân",
    "cấp căn cước cho công dân",
    "giải quyết thủ tục hành chính trực tuyến",
    "phổ biến, giáo dục pháp luật",
    "quản lý trật tự xây dựng",
    "phòng, chống thiên tai",
    "hiến máu tình nguyện",
    "tiếp công dân định kỳ",
    "vận động ủng hộ Quỹ Vì người nghèo",
    "tuyển quân",
    "giữ gìn an ninh trật tự khu dân cư",
)
PLACES = (
    "hội trường UBND {unit}",
    "nhà văn hóa khu phố {n}",
    "Trường Tiểu học {unit}",
    "Trường THCS {unit}",
    "công viên trung tâm",
    "trụ sở Công an {unit}",
    "tổ dân phố {n}",
    "chợ {unit}",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Xuân", "Hoài", "Kim")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc")
POSTS = (
    "Bí thư Đảng ủy",
    "Chủ tịch UBND",
    "Phó Chủ tịch UBND",
    "Chủ tịch Ủy ban MTTQ Việt Nam",
    "Trưởng Công an",
    "Chủ tịch Hội Liên hiệp Phụ nữ",
)
RESULTS = (
    "giải quyết đúng hạn 98% hồ sơ thủ tục hành chính",
    "vận động hơn {n}0 hộ gia đình tham gia",
    "tổ chức {n} đợt ra quân trên địa bàn",
    "hỗ trợ {n}0 hộ có hoàn cảnh khó khăn",
    "tiếp nhận và xử lý {n}0 phản ánh của người dân",
    "hoàn thành {n}0% chỉ tiêu kế hoạch năm",
)
TASKS = (
    "phát huy vai trò của người đứng đầu",
    "tăng cường phối hợp giữa các ngành, đoàn thể",
    "đẩy mạnh ứng dụng công nghệ thông tin",
    "làm tốt công tác tuyên truyền, vận động nhân dân",
    "kịp thời nắm bắt tâm tư, nguyện vọng của người dân",
    "xử lý nghiêm các trường hợp vi phạm",
)


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def article_text(rng: random.Random, unit: Unit, day: dt.date) -> tuple[str, str, list[dict]]:
    """A news article's title, intro and body (StreamField data), put together from the word lists."""
    actor = rng.choice(ACTORS).format(unit=unit.name)
    action, subject = rng.choice(ACTIONS), rng.choice(SUBJECTS)
    place = rng.choice(PLACES).format(unit=unit.name, n=rng.randint(1, 12))
    tail = rng.choice((f" năm {day.year}", f" tại {place}", "", f" đợt {rng.randint(1, 4)}"))
    title = f"{actor} {action} {subject}{tail}"
    when = rng.choice(("Sáng", "Chiều", "Tối"))
    intro = (
        f"{when} ngày {day.day}/{day.month}/{day.year}, {actor} đã {action} {subject} tại {place}, thu hút đông đảo "
        f"cán bộ, đảng viên và nhân dân tham gia."
    )
    leader, post = person(rng), rng.choice(POSTS)
    paragraphs = [
        f"Tham dự có đồng chí {leader}, {post} {unit.name}; đại diện các ban, ngành, đoàn thể và "
        f"{rng.randint(50, 400)} cán bộ, hội viên, người dân.",
        f"Theo báo cáo, thời gian qua {unit.name} đã {rng.choice(RESULTS).format(n=rng.randint(2, 9))}; công tác "
        f"{rng.choice(SUBJECTS)} có chuyển biến tích cực, được người dân đồng tình, hưởng ứng.",
        f"Phát biểu chỉ đạo, đồng chí {leader} đề nghị các khu phố, tổ dân phố {rng.choice(TASKS)}, "
        f"{rng.choice(TASKS)}, phấn đấu hoàn thành các chỉ tiêu về {subject} trong năm {day.year}.",
        f"Dịp này, {actor} đã khen thưởng {rng.randint(3, 20)} tập thể, cá nhân có thành tích xuất sắc trong "
        f"{rng.choice(SUBJECTS)}.",
    ]
    rng.shuffle(paragraphs[1:3])
    body = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs[: rng.randint(3, 4)]]
    return title[:250], intro, body


# --- Seed -----------------------------------------------------------------------------------------------------------


def specs(units: int) -> list[UnitSpec]:
    result = [UnitSpec(kind="city", name=CITY_NAME, slug=CITY_SLUG)]
    result += [
        UnitSpec(kind="ward", name=f"Phường Quy Mô {i}", slug=f"{CITY_SLUG}{i}", parent_slug=CITY_SLUG)
        for i in range(1, units)
    ]
    return result


def search_entries(unit: Unit, pages) -> list[SearchEntry]:
    return [
        SearchEntry(
            page_id=page.pk,
            unit=unit,
            content_type_id=page.content_type_id,
            title=page.title[:255],
            title_folded=fold(page.title)[:255],
            text=(text := page_text(page)),
            text_folded=fold(text),
            last_published_at=page.last_published_at,
        )
        for page in pages
    ]


def seed_unit(task: tuple[int, int, int, int]) -> tuple[int, int, dict[str, float]]:
    """One unit's content (in a worker process): articles, schedule weeks, documents, their search entries."""
    unit_id, pages_wanted, documents, first_sequence = task
    phases: dict[str, float] = {}
    started = time.perf_counter()
    unit = Unit.objects.select_related("home_page", "collection").get(pk=unit_id)
    rng = random.Random(unit_id)
    sections = {row.key: row.page for row in UnitSection.objects.filter(unit=unit).select_related("page")}
    today = timezone.localdate()
    Image = get_image_model()
    image = Image(
        title=f"Ảnh hoạt động – {unit.name}",
        collection=unit.collection,
        file=ImageFile(ContentFile(draw_photo(unit_id)), name=f"anh-{unit.slug}.jpg"),
    )
    image._set_image_file_metadata()
    image.save()
    pdf = simple_pdf([unit.name, "Van ban do quy mo"])
    file = Document(title=f"Văn bản – {unit.name}", collection=unit.collection)
    file.file.save(f"quy-mo-{unit.slug}.pdf", ContentFile(pdf), save=False)
    file.file_size = len(pdf)
    file.save()
    digest = sha256_of(ContentFile(pdf))
    phases["media"] = time.perf_counter() - started

    building = time.perf_counter()
    batch = PageBatch()
    pages = []
    # Schedule: a week page per week for two years up to next week, 0–3 entries a working day.
    schedule = sections.get("schedule")
    weeks = 0
    if schedule is not None:
        last_monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
        for monday in mondays(last_monday - dt.timedelta(weeks=SCHEDULE_WEEKS - 1), last_monday):
            page = WorkScheduleWeekPage(week_start=monday)
            page._set_week_identity()
            page.entries = [
                ScheduleEntry(
                    weekday=weekday,
                    start_time=dt.time(rng.choice((7, 8, 9, 14, 15)), rng.choice((0, 30))),
                    content=f"{rng.choice(ACTIONS).capitalize()} {rng.choice(SUBJECTS)}",
                    chair=f"Đồng chí {person(rng)}, {rng.choice(POSTS)}",
                    location=rng.choice(PLACES).format(unit=unit.name, n=rng.randint(1, 12)),
                    participants="Lãnh đạo các ban, ngành, đoàn thể; trưởng khu phố",
                    leaders=[],  # given empty: the page's revision would query each entry's leaders
                )
                for weekday in range(5)
                for _ in range(rng.randint(0, 3))
            ]
            published = moment(monday - dt.timedelta(days=3), 16)
            pages.append(batch.add(schedule, page, published))
            weeks += 1
    # Articles: the rest of the unit's pages, dated over the last three years, spread over the news sections.
    articles = left = max(0, pages_wanted - weeks - len(sections) - 1)
    news_sections = [(sections[key], share) for key, share in NEWS_SHARES.items() if key in sections]
    total_share = sum(share for _, share in news_sections)
    span = YEARS_OF_NEWS * 365
    for index, (section, share) in enumerate(news_sections):
        count = round(articles * share / total_share) if index < len(news_sections) - 1 else left
        left -= count
        for _ in range(count):
            day = today - dt.timedelta(days=rng.randrange(span))
            at = moment(day, rng.randint(7, 20), rng.randrange(60))
            title, intro, body = article_text(rng, unit, day)
            page = NewsArticlePage(
                title=title,
                intro=intro,
                featured_image=image,
                featured_image_alt=f"Quang cảnh {title[:100].lower()}",
                body=body,
                author=person(rng),
                date=at,
            )
            pages.append(batch.add(section, page, at))
    # Documents: the unit's share, as bench/registry_search.py writes them.
    registry = sections.get("documents")
    if registry is not None and documents:
        types = list(DocumentType.objects.filter(name__in=TYPES))
        sectors = list(DocumentSector.objects.all())
        body = IssuingBody.objects.get(unit=unit, locale=unit.home_page.locale)
        for sequence in range(first_sequence, first_sequence + documents):
            kind = rng.choice(types)
            issue = today - dt.timedelta(days=rng.randrange(365 * 7))
            subject = rng.choice(DOCUMENT_SUBJECTS)
            page = LegalDocumentPage(
                title=f"{kind.name} về việc {subject} năm {issue.year}",
                slug=f"{kind.abbreviation or 'vb'}-{sequence}".lower(),
                number=document_number(sequence, kind),
                document_type=kind,
                issuing_body=body,
                issue_date=issue,
                effective_date=issue + dt.timedelta(days=rng.choice((0, 0, 10, 45))),
                expiry_date=issue + dt.timedelta(days=730) if rng.random() < 0.2 else None,
                abstract=f"Về {subject} trên địa bàn {unit.name} năm {issue.year}",
            )
            page.sectors = rng.sample(sectors, k=rng.randint(1, 2))
            page.attachments = [LegalDocumentAttachment(document=file, extension="pdf", size=len(pdf), sha256=digest)]
            page.fill_derived_fields()
            pages.append(batch.add(registry, page, dt.datetime.combine(issue, dt.time(9), tzinfo=dt.UTC)))
    phases["build"] = time.perf_counter() - building
    inserting = time.perf_counter()
    with transaction.atomic():
        created = batch.flush()
        phases["pages"] = time.perf_counter() - inserting
        indexing = time.perf_counter()
        SearchEntry.objects.bulk_create(search_entries(unit, pages), batch_size=2000)
        phases["search"] = time.perf_counter() - indexing
    connection.close()
    return unit_id, created, phases


def plain_bulk_inserts() -> None:
    """Bulk inserts as VALUES lists instead of Django 5.2's UNNEST of arrays on PostgreSQL: psycopg quotes every text
    element of an array with a Python regex, a third of the seed's time on the revisions' JSON. In this process only."""
    from django.db.backends.postgresql.compiler import SQLInsertCompiler
    from django.db.models.sql.compiler import SQLInsertCompiler as BaseSQLInsertCompiler

    SQLInsertCompiler.assemble_as_sql = BaseSQLInsertCompiler.assemble_as_sql


def has_content(unit: Unit) -> bool:
    return SearchEntry.objects.filter(
        unit=unit, content_type=ContentType.objects.get_for_model(NewsArticlePage)
    ).exists()


def seed(units: int, pages: int, documents: int, workers: int, resume: bool) -> None:
    """Provisions the units one by one in this process while `workers` processes write the content of the units
    already provisioned (under their own section pages: never under the tree root provisioning adds to)."""
    plain_bulk_inserts()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Unit.objects.filter(slug=CITY_SLUG).exists() and not resume:
        raise SystemExit(
            "Cơ sở dữ liệu này đã được gieo dữ liệu quy mô: hãy dùng một cơ sở dữ liệu mới (hoặc --resume)."
        )
    migrated = time.perf_counter() - started
    per_unit = [documents // units + (1 if i < documents % units else 0) for i in range(units)]
    first = [1 + sum(per_unit[:i]) for i in range(units)]
    connections.close_all()
    # Spawned, not forked: a forked worker would share this process's open database connection.
    context = multiprocessing.get_context("spawn")
    phases: dict[str, float] = {}
    total = [0]
    provisioned = 0.0
    with (
        context.Pool(workers, initializer=plain_bulk_inserts) as pool,
        tqdm(total=units, desc="Tạo cổng", unit=" đơn vị", position=0) as provision_bar,
        tqdm(total=units * pages + documents, desc="Trang", unit=" trang", smoothing=0.05, position=1) as page_bar,
    ):

        def done(result):
            _unit_id, created, unit_phases = result
            total[0] += created
            for name, seconds in unit_phases.items():
                phases[name] = phases.get(name, 0.0) + seconds
            page_bar.update(created)

        pending = []
        for index, spec in enumerate(specs(units)):
            began = time.perf_counter()
            unit = Unit.objects.filter(slug=spec.slug).first() or provision_unit(spec).unit
            provisioned += time.perf_counter() - began
            provision_bar.update(1)
            structure = UnitSection.objects.filter(unit=unit).count() + 1
            if resume and has_content(unit):
                page_bar.total -= pages + per_unit[index]  # written by an earlier run
                continue
            page_bar.total -= structure  # written by provisioning
            task = (unit.pk, pages, per_unit[index], first[index])
            pending.append(pool.apply_async(seed_unit, (task,), callback=done))
        provision_bar.close()
        for result in pending:
            result.get()  # raises a worker's error here
    contented = time.perf_counter() - started - migrated
    analyzing = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    analyzed = time.perf_counter() - analyzing
    print(
        f"CSDL {connection.vendor}: {units} đơn vị, {total[0]} trang tạo hàng loạt lần này (kể cả văn bản), "
        f"{SearchEntry.objects.count()} mục tìm kiếm, {Page.objects.count()} trang.\n"
        f"Thời gian: migrate {migrated:.0f} s, tạo cổng {provisioned:.0f} s ({provisioned / units:.1f} s/đơn vị), "
        f"tạo cổng và nội dung song song {contented:.0f} s ({total[0] / max(contented, 0.001):.0f} trang/s, "
        f"{workers} tiến trình nội dung), VACUUM ANALYZE {analyzed:.0f} s; "
        f"tổng {time.perf_counter() - started:.0f} s.\n"
        "Cộng dồn thời gian của các tiến trình nội dung: "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in phases.items())
    )


# --- Measure --------------------------------------------------------------------------------------------------------


def targets() -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """Hosts, and (name, host key, path, text the answer must contain) of every measured page."""
    city = Unit.objects.select_related("site").get(slug=CITY_SLUG)
    ward = Unit.objects.select_related("site", "home_page").filter(parent=city).order_by("pk").first()
    sections = {row.key: row.page for row in UnitSection.objects.filter(unit=ward).select_related("page")}
    home_path = ward.home_page.url_path

    def local(page) -> str:
        return page.url_path[len(home_path) - 1 :]

    article = (
        NewsArticlePage.objects.live().child_of(sections["news"]).order_by("-date", "-pk").only("title", "url_path")
    ).first()
    week = WorkScheduleWeekPage.objects.live().child_of(sections["schedule"]).order_by("-week_start").first()
    hosts = {"city": city.site.hostname, "ward": ward.site.hostname}
    pages = [
        ("constant view", "ward", "/healthz", "ok"),
        ("city home", "city", "/", city.name),
        ("ward home", "ward", "/", ward.name),
        ("news index", "ward", local(sections["news"]), article.title),
        ("article", "ward", local(article), article.title),
        ("registry search", "ward", local(sections["documents"]) + "?q=chuyen+doi+so", "Tìm thấy"),
        ("site search", "ward", "/tim-kiem/?q=" + quote_plus("cải cách hành chính"), "Tìm thấy"),
        ("schedule", "ward", local(sections["schedule"]), "Lịch công tác"),
        ("sitemap.xml", "ward", "/sitemap.xml", local(week)),
    ]
    return hosts, pages


def machine() -> str:
    memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    gigabytes = int(memory.split()[1]) / 1024 / 1024
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return (
        f"{platform.processor() or platform.machine()}, nproc {os.cpu_count()}, RAM {gigabytes:.0f} GiB, "
        f"{connection.vendor} {version}, Python {platform.python_version()}"
    )


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__().replace("'", "")


def check(port: int, host: str, path: str, expected: str) -> str:
    """Fails unless the page answers 200 with `expected` in it; returns its X-Page-Cache header (hit, miss or "")."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"})
    with urllib.request.urlopen(request, timeout=120) as response:
        status, body, cache = response.status, response.read().decode(), response.headers.get("X-Page-Cache", "")
    if status != 200 or expected not in body:
        raise SystemExit(f"{path} trên {host}: HTTP {status}, thiếu “{expected}”")
    return cache


def measure(port: int, duration: int, workers: int, connection_counts: list[int], modes: list[str]) -> None:
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("REDIS_URL is required (e.g. redis://127.0.0.1:6379/5): the workers share the page cache")
    hosts, pages = targets()
    ports = set(Site.objects.filter(hostname__in=hosts.values()).values_list("port", flat=True))
    if ports != {port}:  # on another port Wagtail still finds the site by hostname, but the page cache stores nothing
        raise SystemExit(f"The sites were seeded for port {ports}: measure with --port {ports.pop()}")
    print(f"Máy: {machine()}; tải lúc bắt đầu {load()}")
    print(
        f"{Unit.objects.count()} đơn vị, {LegalDocumentPage.objects.count()} văn bản, "
        f"{NewsArticlePage.objects.count()} tin bài, {SearchEntry.objects.count()} mục tìm kiếm; gunicorn {workers} "
        f"worker sync, production; wrk {duration} s mỗi lượt"
    )
    rows = []
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        for mode in modes:
            os.environ["PORTAL_PAGE_CACHE"] = "1" if mode == "cached" else "0"
            subprocess.run(["redis-cli", "-u", os.environ["REDIS_URL"], "FLUSHDB"], check=True, capture_output=True)
            server = _serve(port, workers, hosts["ward"])
            try:
                for name, host_key, path, expected in pages:
                    host = hosts[host_key]
                    # Checked, and rendered by each worker; cached: the last answer must come from the cache (the
                    # constant view is never stored).
                    answers = [check(port, host, path, expected) for _ in range(3)]
                    wanted = "hit" if mode == "cached" and name != "constant view" else ""
                    if answers[-1] != wanted:
                        raise SystemExit(f"{name} ({mode}): X-Page-Cache “{answers[-1]}”, expected “{wanted}”")
                    for count in connection_counts:
                        p50, p95, _p99, rate, errors = _wrk(
                            port, host, path, count, duration, script.name, timeout=WRK_TIMEOUT
                        )
                        rows.append((name, path, mode, count, rate, p50, p95, errors))
                        print(
                            f"{name:<16} {mode:<8} {count:>3} conns {rate:8.1f} req/s  p50 {p50:8.1f}  p95 {p95:8.1f} "
                            f"ms  errors {errors:.0f}  (load {load()})",
                            flush=True,
                        )
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        os.unlink(script.name)
    print(f"\nTải sau khi đo: {load()}\n")
    print("| page | path | cache | conns | req/s | p50 ms | p95 ms | errors |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for name, path, mode, count, rate, p50, p95, errors in rows:
        shown = path if len(path) <= 40 else path[:38] + "…"
        print(f"| {name} | `{shown}` | {mode} | {count} | {rate:.1f} | {p50:.1f} | {p95:.1f} | {errors:.0f} |")


def profile(rounds: int) -> None:
    """One uncached request of each page in this process (page cache off), timed: total, SQL, queries."""
    from django.conf import settings
    from django.test import Client, override_settings

    hosts, pages = targets()
    print(f"{'page':<16} {'total ms':>9} {'SQL ms':>8} {'Python ms':>10} {'queries':>8}   slowest query")
    with override_settings(PORTAL_PAGE_CACHE=False, DEBUG=False, ALLOWED_HOSTS=["*"]):
        client = Client()
        for name, host_key, path, expected in pages:
            host = f"{hosts[host_key]}:{settings.PORTAL_PORT}"
            runs = []
            for _ in range(rounds + 1):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    response = client.get(path, HTTP_HOST=host)
                    elapsed = (time.perf_counter() - began) * 1000
                content = response.content.decode()
                if response.status_code != 200 or expected not in content:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")
                sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
                slowest = max(queries.captured_queries, key=lambda query: float(query["time"]), default=None)
                runs.append((elapsed, sql, len(queries.captured_queries), slowest))
            runs = runs[1:]  # the first request warms the process's own caches
            total = statistics.median(run[0] for run in runs)
            sql = statistics.median(run[1] for run in runs)
            count = runs[0][2]
            slowest = runs[-1][3]
            shown = f"{float(slowest['time']) * 1000:.0f} ms: {slowest['sql'][:110]}" if slowest else ""
            print(f"{name:<16} {total:>9.1f} {sql:>8.1f} {total - sql:>10.1f} {count:>8}   {shown}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    seed_parser = commands.add_parser("seed")
    seed_parser.add_argument("--units", type=int, default=100)
    seed_parser.add_argument("--pages", type=int, default=2000, help="pages per unit besides its documents")
    seed_parser.add_argument("--documents", type=int, default=100_000, help="registry documents over all units")
    seed_parser.add_argument("--workers", type=int, default=3, help="processes writing units' content in parallel")
    seed_parser.add_argument("--resume", action="store_true", help="keep the units (and content) already written")
    measure_parser = commands.add_parser("measure")
    measure_parser.add_argument("--port", type=int, default=int(os.environ.get("PORTAL_PORT", "8701")))
    measure_parser.add_argument("--duration", type=int, default=10)
    measure_parser.add_argument("--workers", type=int, default=2)
    measure_parser.add_argument("--connections", default="8,50")
    measure_parser.add_argument("--modes", default="cached,uncached")
    profile_parser = commands.add_parser("profile")
    profile_parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.command == "seed":
        seed(args.units, args.pages, args.documents, args.workers, args.resume)
    elif args.command == "measure":
        counts = [int(value) for value in args.connections.split(",")]
        measure(args.port, args.duration, args.workers, counts, args.modes.split(","))
    else:
        profile(args.rounds)


if __name__ == "__main__":
    main()
