"""Records read in Russian for documents that are Russian by law (СЭМД, КНД 1151156)."""


def in_russian(records):
    """``records`` in the Russian context when Russian is active, else as they are.

    ``with_context(lang="ru_RU")`` alone raises "Invalid language code" on any translated field read
    in a database where Russian was never loaded (a Swedish clinic, a test database); the source
    (English) text is the only text such a database holds anyway.
    """
    if records.env["res.lang"]._get_code("ru_RU"):
        return records.with_context(lang="ru_RU")
    return records
