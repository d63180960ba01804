"""Figures for compliance staff and recruiters, aggregates only: the one disclosure rule for
equal-opportunity data and its solver, the frozen quarters it counts, the stage and
adverse-impact reports and their charts, response counts, and funnel analytics.

May use: platform, postings, candidates, visibility, applying.
"""
