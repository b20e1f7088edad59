"""Drop the cached schedule when a window, an alert, their units or the working-day calendar change (the page cache
is purged by pagecache/invalidation.py, which knows this app's rows)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from workdays.models import CalendarDay

from .models import Alert, MaintenanceWindow
from .schedule import forget_schedule


@receiver(post_save, sender=MaintenanceWindow)
@receiver(post_delete, sender=MaintenanceWindow)
@receiver(post_save, sender=Alert)
@receiver(post_delete, sender=Alert)
@receiver(m2m_changed, sender=MaintenanceWindow.units.through)
@receiver(m2m_changed, sender=Alert.units.through)
@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def forget_cached_schedule(sender, **kwargs) -> None:
    forget_schedule()
    # Again after commit: a request that read the old rows meanwhile must not keep them cached.
    transaction.on_commit(forget_schedule)
