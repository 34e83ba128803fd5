"""The crosscheck command line and its settings."""
