from . import actions, dates, http_retry, identifiers, lang, localtime, webhook
