"""Officina's own date formats per language (FORMAT_MODULE_PATH); Django's fill the rest."""
