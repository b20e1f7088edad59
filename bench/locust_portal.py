"""Locust users of bench/load_faults.py: citizens reading the unit portals (a benchmark's load, not a test).

Each user picks a page at random from the list bench/load_faults.py wrote (LOAD_TARGETS: a JSON list of
[kind, host, path]) and asks for it on that unit's hostname, with a pause of 0.5–2 s between pages, as a reader does.
The requests are grouped by page kind in Locust's statistics. A page answering anything but 200 is a failure,
whatever its body says.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

TARGETS = json.loads(Path(os.environ["LOAD_TARGETS"]).read_text(encoding="utf-8"))


class Citizen(HttpUser):
    wait_time = between(0.5, 2)

    @task
    def read_a_page(self) -> None:
        kind, host, path = random.choice(TARGETS)
        headers = {"Host": host, "User-Agent": "Mozilla/5.0 (Linux; Android 14) bench/load_faults"}
        with self.client.get(path, headers=headers, name=kind, catch_response=True, timeout=30) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
