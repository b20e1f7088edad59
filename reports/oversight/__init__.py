"""Oversight for the city's Home Affairs office: every unit measured against the law.

- `periods`: the month, quarter or year a report covers.
- `checks`: what is measured, derived from the blueprint (one check per section and freshness rule, plus the
  unit-wide quality and participation checks), and their evaluation for many units at once.
- `tables`: the score table (thang điểm) kept per period, and the scores of closed periods.
- `scoring` / `report`: points per unit, ranking and trend; `exports`: CSV, XLSX and JSON.
- `views` / `charts` / `todo`: the dashboard in the admin.
"""
