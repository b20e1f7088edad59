"""The reports app's models live next to the code that uses them; Django finds them here."""

from .digest_log import DigestSent  # noqa: F401
from .guidance import Guidance, GuidanceRead  # noqa: F401
from .oversight.tables import ScoreItem, ScoreTable, UnitScore  # noqa: F401
from .usage import PageViewCount  # noqa: F401
