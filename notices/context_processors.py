from django.utils.functional import SimpleLazyObject

from .middleware import is_public, request_notices
from .presentation import NoticesView, present


def _site_notices(request) -> NoticesView | None:
    if not is_public(request):
        return None
    notices = request_notices(request)
    return present(notices) if notices is not None else None


def site_notices(request) -> dict:
    """`site_notices` for public templates: the suspension announced and the alerts in force on the unit's portal."""
    return {"site_notices": SimpleLazyObject(lambda: _site_notices(request))}
