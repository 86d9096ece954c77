"""The bible as a graph: story order, consistency rules, layout, exports, reports.

Reads :mod:`story_bible` models; never imports Textual.
"""
