"""Officina: agile work platform for Italian public bodies."""
