"""Great Expectations suites (JSON files in `suites/`) and the runner that applies them."""
