# The English interface keeps Vietnamese day-first dates: the data and documents are Vietnamese.
from lamtheo.core.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
