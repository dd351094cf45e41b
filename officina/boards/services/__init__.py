"""Every write to boards and cards. Views, the API, consumers and commands call these only."""
