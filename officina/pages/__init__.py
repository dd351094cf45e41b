"""Installation-wide pages AgID asks for: accessibility statement and privacy notice."""
