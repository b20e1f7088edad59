"""Keep the cached calendar in step with the superusers' `CalendarDay` rows."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .calendar import forget_years
from .models import CalendarDay


@receiver(pre_save, sender=CalendarDay)
def remember_previous_date(sender, instance: CalendarDay, **kwargs) -> None:
    # A row moved to another year must leave its old year's cache too.
    instance._previous_year = (
        CalendarDay.objects.filter(pk=instance.pk).values_list("date__year", flat=True).first() if instance.pk else None
    )


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def forget_cached_year(sender, instance: CalendarDay, **kwargs) -> None:
    years = [instance.date.year]
    if getattr(instance, "_previous_year", None):
        years.append(instance._previous_year)
    forget_years(*years)
    # Again after commit: a request that read the old rows meanwhile must not keep them cached.
    transaction.on_commit(lambda: forget_years(*years))
