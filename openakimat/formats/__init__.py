"""Number and date formats for languages whose format module Django does not ship (Kazakh).
Named in settings.FORMAT_MODULE_PATH."""
