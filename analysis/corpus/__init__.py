"""Event folders: validation of ``event.yaml`` and cleaning of raw pages."""
