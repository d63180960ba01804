"""What every context stands on: the database (engine, sessions, migrations), the errors the
domain raises for a person to read, the hiring team's roles and accounts (sign-in, sessions,
job board API keys), the audit log, the reference data of the seed page (stages, statuses,
option lists, texts) and the one rule for credential links in kept text (link_tokens).

May use: no other context.
"""
