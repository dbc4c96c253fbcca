from . import actions, dates, identifiers
