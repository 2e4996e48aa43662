"""Key facts: headline numbers computed from the data package at build time, per topic and per country."""
