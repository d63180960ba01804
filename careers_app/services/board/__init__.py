"""The hiring team's board: cards and columns, its read side (filters, sort, keyset paging)
and the board as one viewer sees it, saved views, bulk actions and undo, scorecards, and
``transitions.change_stage``, the one place every stage change and its effects go through.

May use: platform, postings, candidates, visibility, mail, interviews.
"""
