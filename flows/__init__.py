"""Prefect flows and deployments of crosscheck: thin wrappers over `checks`."""
