"""The tenant (Organisation), its enti, units, people's employment, teams and roles."""
