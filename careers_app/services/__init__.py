"""The domain: pure Python, no Reflex. A database session is always passed in.

One subpackage per bounded context, each ``__init__`` saying what lives there and which
contexts it may use. From the bottom up (a context uses only those listed before it):
platform, postings, candidates, visibility, mail, interviews, board, applying, compliance,
privacy, jobboard. tests/unit/test_import_graph.py keeps the contexts to their word.
"""
