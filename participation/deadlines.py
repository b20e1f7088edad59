"""Open questions follow the working-day calendar: when a superuser adds, moves or removes a `CalendarDay` (an extra
day off, a weekend day worked in exchange), the stored deadline of every question still waiting for its unit that
the day falls within is worked out again — received date plus the topic's working days, through the calendar — in
one bulk update."""

from __future__ import annotations

import datetime as dt

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from workdays.calendar import forget_years
from workdays.models import CalendarDay

from .models import Question
from .submissions import answer_deadline

# Waiting for the unit: received or being processed (answered, published, rejected or forwarded ones keep theirs).
WAITING = (Question.Status.RECEIVED, Question.Status.ASSIGNED)
# A day just after a deadline cannot move it; a week's margin also covers deadlines stored by an older calendar.
MARGIN = dt.timedelta(days=7)


def recompute_deadlines(*days: dt.date) -> int:
    """Work out again the deadlines of the waiting questions received on or before one of `days` and due on or
    after it (within the margin). Returns how many changed."""
    forget_years(*{day.year for day in days})  # this receiver may run before the calendar's own
    changed: dict[int, Question] = {}
    for day in sorted(set(days)):
        affected = Question.objects.filter(
            status__in=WAITING, received_at__date__lte=day, deadline__gte=day - MARGIN
        ).select_related("topic")
        for question in affected:
            deadline = answer_deadline(question.received_at, question.topic, question.kind)
            if deadline != question.deadline:
                question.deadline = deadline
                changed[question.pk] = question
    Question.objects.bulk_update(changed.values(), ["deadline"])
    return len(changed)


@receiver(pre_save, sender=CalendarDay, dispatch_uid="participation_remember_calendar_day")
def remember_previous_day(sender, instance: CalendarDay, raw=False, **kwargs) -> None:
    previous = (
        CalendarDay.objects.filter(pk=instance.pk).values_list("date", flat=True).first() if instance.pk else None
    )
    instance._participation_previous_date = previous


@receiver(post_save, sender=CalendarDay, dispatch_uid="participation_deadlines_on_save")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="participation_deadlines_on_delete")
def calendar_day_changed(sender, instance: CalendarDay, raw=False, **kwargs) -> None:
    if raw:  # fixtures being loaded
        return
    days = [instance.date]
    previous = getattr(instance, "_participation_previous_date", None)
    if previous and previous != instance.date:
        days.append(previous)
    recompute_deadlines(*days)
