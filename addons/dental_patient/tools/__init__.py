from . import actions, dates, identifiers, localtime
