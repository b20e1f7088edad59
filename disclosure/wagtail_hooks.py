"""The disclosure app's admin: each concern registers its hooks in its own module, imported here."""

from . import procedure_hooks  # noqa: F401
