"""Stance: actors and their mentions, quotations and speakers, cues and sentiment."""
