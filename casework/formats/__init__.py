"""Date formats per language (settings.FORMAT_MODULE_PATH): a date reads
and is typed as YYYY-MM-DD whatever the language, as on every form the
federation fills in, not 2026年1月31日 on one page and Jan. 31, 2026 on
the next."""
