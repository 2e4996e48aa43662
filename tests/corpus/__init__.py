"""A corpus of damaged, hostile and valid-but-unusual inputs for the validator."""
