"""Interviews: each posting's interview plan (what each interview assesses), invitations a
candidate books by a private link, and the calendar invitations (RFC 5545) they send.

May use: platform, postings, visibility, mail.
"""
