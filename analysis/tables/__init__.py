"""The table builder registry and the Dask route for large corpora."""
