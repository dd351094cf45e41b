"""People who sign in: the custom User (login by e-mail) and sign-in policy."""
