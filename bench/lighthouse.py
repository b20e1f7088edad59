"""Benchmark: Lighthouse (mobile, the default form factor) on a city home, a ward home and an article (issue 18 item
7: performance ≥ 95, CLS < 0.05, nothing fetched from outside). A script, never a timed test.

Seeds the demo once in its own PORTAL_VAR_DIR (SQLite), collects the static files, serves them with gunicorn
(production settings, DEBUG off, whitenoise, page cache on; uploads served by Django in place of the web server) and
runs Lighthouse on each page with Debian's chromium.
Prints the performance score, FCP, LCP, TBT, CLS, the bytes transferred, and every request to a host other than the
portal's; exits 1 when a page misses the targets.

    npm install --prefix /tmp/lh lighthouse      # once, outside the repository
    .venv/bin/python bench/lighthouse.py [--lighthouse /tmp/lh/node_modules/.bin/lighthouse] [--port 8612]
        [--var /tmp/lighthouse-bench] [--runs 3] [--json-dir DIR]

Each page is measured --runs times (the median run by performance is reported): Lighthouse's simulated throttling
(slow 4G, 4× CPU slowdown) makes single runs on a shared machine noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pagecache import PYTHON, ROOT, environment, seed, serve, stop, warm

TARGET_PERFORMANCE = 95
TARGET_CLS = 0.05


def pages(env: dict[str, str]) -> list[tuple[str, str, str]]:
    """(name, host, path) of the pages measured, read from the seeded database."""
    script = """
import django; django.setup()
from sites.models import Unit
from news.models import NewsArticlePage
city = Unit.objects.filter(kind="city").order_by("pk").first()
ward = Unit.objects.filter(kind="ward", parent=city).order_by("pk").first()
article = NewsArticlePage.objects.live().descendant_of(city.home_page).order_by("-first_published_at").first()
print(city.site.hostname, ward.site.hostname, article.url_path[len(city.home_page.url_path) - 1:])
"""
    out = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    city, ward, article = out.stdout.split()
    return [("city home", city, "/"), ("ward home", ward, "/"), ("article", city, article)]


def run_lighthouse(binary: str, url: str, output: Path) -> dict:
    command = [
        binary,
        url,
        "--quiet",
        "--only-categories=performance",
        "--output=json",
        f"--output-path={output}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    return json.loads(output.read_text())


def lighthouse_version(binary: str) -> str:
    return subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.strip()


def figures(report: dict, host: str) -> dict:
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    outside = sorted(
        {item["url"] for item in requests if urlsplit(item["url"]).hostname not in (host, None)}
        - {item["url"] for item in requests if item["url"].startswith(("data:", "blob:"))}
    )
    return {
        "performance": round((report["categories"]["performance"]["score"] or 0) * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "requests": len(requests),
        "kib": sum(item.get("transferSize", 0) for item in requests) / 1024,
        "outside": outside,
        "opportunities": [
            audit["title"]
            for audit in audits.values()
            if audit.get("details", {}).get("type") == "opportunity" and (audit.get("score") or 1) < 0.9
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", default="/tmp/lh/node_modules/.bin/lighthouse")
    parser.add_argument("--port", type=int, default=8612)
    parser.add_argument("--var", default="/tmp/lighthouse-bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json-dir", default="", help="keep each Lighthouse report here")
    args = parser.parse_args()

    env = environment(args)
    # Production settings with /media/ served by Django: in production the web server in front serves it
    # (docs/operations.md); here there is none, and pages without their images would measure nothing.
    Path(args.var).mkdir(parents=True, exist_ok=True)
    (Path(args.var) / "lighthouse_settings.py").write_text(
        "from portal.settings.production import *  # noqa: F403\nSERVE_MEDIA = True\n"
    )
    env.update(DJANGO_SETTINGS_MODULE="lighthouse_settings", PYTHONPATH=args.var)
    seed(env)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    targets = pages(env)
    server = serve(env, args.port, page_cache=True)
    failed = False
    try:
        print(f"Lighthouse {lighthouse_version(args.lighthouse)}, {args.runs} runs per page", flush=True)
        print(f"{'page':<11} {'perf':>4} {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'CLS':>6} {'req':>4} {'KiB':>6}")
        for name, host, path in targets:
            warm(host, args.port, path)
            url = f"http://{host}:{args.port}{path}"
            runs = []
            with tempfile.TemporaryDirectory() as scratch:
                for run in range(args.runs):
                    output = Path(args.json_dir or scratch) / f"{name.replace(' ', '-')}-{run}.json"
                    output.parent.mkdir(parents=True, exist_ok=True)
                    runs.append(figures(run_lighthouse(args.lighthouse, url, output), host))
            runs.sort(key=lambda result: result["performance"])
            result = runs[len(runs) // 2]
            print(
                f"{name:<11} {result['performance']:>4} {result['fcp']:>7.0f} {result['lcp']:>7.0f} "
                f"{result['tbt']:>7.0f} {result['cls']:>6.3f} {result['requests']:>4} {result['kib']:>6.1f}"
                f"   (performance of the runs: {', '.join(str(r['performance']) for r in runs)};"
                f" median {statistics.median(r['performance'] for r in runs):.0f})",
                flush=True,
            )
            for url in result["outside"]:
                print(f"    fetched from outside the portal: {url}")
            for title in result["opportunities"]:
                print(f"    opportunity: {title}")
            if result["performance"] < TARGET_PERFORMANCE or result["cls"] >= TARGET_CLS or result["outside"]:
                failed = True
    finally:
        stop(server)
    if failed:
        print(f"A page misses the targets (performance ≥ {TARGET_PERFORMANCE}, CLS < {TARGET_CLS}, nothing outside).")
        sys.exit(1)


if __name__ == "__main__":
    main()
