"""Benchmark: time to provision N ward portals on a fresh database (run it, don't unit-test it).

    PORTAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/provision_units.py 20
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/provision_units.py 20

The database is migrated first; an existing bench city is reused and new wards get fresh slugs.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from sites.models import Unit  # noqa: E402
from sites.provisioning import UnitSpec, provision_unit  # noqa: E402


def main(count: int) -> None:
    call_command("migrate", verbosity=0)
    provision_unit(UnitSpec(kind="city", name="Thành phố Đo Lường", slug="benchcity"))
    start_index = Unit.objects.filter(parent__slug="benchcity").count()
    timings, queries = [], []
    for i in range(start_index, start_index + count):
        spec = UnitSpec(kind="ward", name=f"Phường Đo Lường {i}", slug=f"benchward{i}", parent_slug="benchcity")
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            provision_unit(spec)
            timings.append(time.perf_counter() - started)
        queries.append(len(ctx.captured_queries))
    again = time.perf_counter()
    provision_unit(spec)
    rerun = time.perf_counter() - again
    timings.sort()
    print(f"database: {connection.vendor}; wards provisioned: {count}")
    print(
        f"per unit: mean {statistics.mean(timings) * 1000:.0f} ms, p50 {timings[len(timings) // 2] * 1000:.0f} ms, "
        f"max {timings[-1] * 1000:.0f} ms; SQL queries per unit: {statistics.mean(queries):.0f}"
    )
    print(f"re-running the last spec (no changes): {rerun * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
