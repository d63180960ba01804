"""Applying and after: drafts and submission (one transaction for everything an application
is), the consent asked and kept, where an application came from (sources), and the
candidate's status page (withdrawing, correcting contact details).

May use: platform, postings, candidates, visibility, mail, board.
"""
