"""Shared building blocks with no domain logic: base models, NotFound, error pages."""
