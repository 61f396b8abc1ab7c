"""Batch reports: the notebook runner and the HTML pages."""
