"""The analyses: terms, stance, frames and reuse; each reads tables and returns tables."""
