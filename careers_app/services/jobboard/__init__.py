"""What the world outside reads and sends: the Greenhouse-compatible job board API (reads and
applications), the XML job feed, the sitemap and robots.txt, and job alerts (double opt-in,
daily digests).

May use: platform, postings, candidates, mail, applying, privacy.
"""
