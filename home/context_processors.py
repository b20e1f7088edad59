from django.utils.functional import SimpleLazyObject

from sites.access import unit_for_request

from .menus import main_menu


def current_unit(request) -> dict:
    """`unit` and `main_menu` for public templates, computed only when a template reads them."""
    return {
        "unit": SimpleLazyObject(lambda: unit_for_request(request)),
        "main_menu": SimpleLazyObject(lambda: main_menu(unit_for_request(request))),
    }
