from . import dates, identifiers
