"""Validation of the data package: file checks, the frictionless reference run, domain rules and a result cache."""
