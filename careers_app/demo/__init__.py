"""Demo content for development, tests and benchmarks: postings, applicants, accounts.

The texts, names and places are JSON files in ``json/``; this package only turns them
into rows. Nothing in ``services/`` imports it, so a production install never depends
on demo content.
"""
