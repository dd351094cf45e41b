"""Writes of the organisations app. Each takes the actor, checks permission first, and audits.

- `teams`: units, teams, memberships and roles;
- `people_import`: importing people from a file (new accounts, updates, invitations);
- `invitations`: the invited person's answer.
"""
