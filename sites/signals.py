"""Signals the tenant sends to the content apps, which it never imports."""

from django.dispatch import Signal

# Sent by provisioning (`provision_unit`, `sync_blueprint`) with `sender=Unit, unit=…`, inside its transaction, after
# the unit's sections, groups and workflow exist. Each receiver adds what its app needs for the unit (nothing on a
# second run) and returns the report lines of what it changed.
unit_structure_ensured = Signal()

# Sent by the admin's “Tạo cổng thành phần” form, inside the transaction that creates the unit, when the superuser
# names its first administrator: `sender=Unit, unit=…, first_name=…, last_name=…, email=…, invited_by=…`. The accounts
# app invites that person; a receiver that cannot raises `sites.provisioning.ProvisioningError` and no unit is created.
first_administrator_named = Signal()

# Sent after a write no post_save reports (bulk_create, bulk_update, QuerySet.update, a page retyped in place) on rows
# a public page shows: `sender=<the model>, unit=…` (the owning unit; None: rows any unit's pages may show). The
# anonymous page cache (pagecache/invalidation.py) purges that unit's pages as a save of one of its rows would. Sent
# inside the transaction: the purge happens once it commits.
unit_content_changed = Signal()
