"""Email: templates (defaults in code, admins' versions in the database, filled at queue
time), the delayed "not selected" email, the outbox that delivers each message once with
back-off, and the SMTP (or folder) transport.

May use: platform, postings, candidates, visibility.
"""
