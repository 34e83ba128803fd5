"""crosscheck's engine: documents, claims, extraction, sources, matching, verdicts, reports, stores.

Plain Python: nothing here knows that Prefect exists.
"""
