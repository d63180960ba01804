"""A person's data over time: where personal data lives (the one inventory), the export of
everything held about a person, erasure, retention's daily purge, and the housekeeping that
keeps no more than needed (stale drafts, orphaned files, old events, freezing each quarter).

May use: platform, candidates, visibility, mail, board, applying, compliance.
"""
