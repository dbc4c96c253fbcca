from . import identifiers, localtime
