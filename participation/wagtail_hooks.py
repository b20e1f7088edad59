"""Admin hooks of the participation app, one module per area."""

# --- Satisfaction rating ---
from . import rating_hooks  # noqa: F401
