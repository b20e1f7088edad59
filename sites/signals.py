"""Signals the tenant sends to the content apps, which it never imports."""

from django.dispatch import Signal

# Sent by provisioning (`provision_unit`, `sync_blueprint`) with `sender=Unit, unit=…`, inside its transaction, after
# the unit's sections, groups and workflow exist. Each receiver adds what its app needs for the unit (nothing on a
# second run) and returns the report lines of what it changed.
unit_structure_ensured = Signal()
