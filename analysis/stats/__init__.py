"""Statistical methods: pure functions on numbers and DataFrames."""
