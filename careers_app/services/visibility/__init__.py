"""Who may see whom: the one identity rule (every channel that shows an applicant asks it),
blind screening (hidden while in screening, one logged reveal) and the redacted resume the
hiring team reads of a hidden application.

May use: platform, postings, candidates.
"""
