"""Everything an account owns, as a whole: files in, files out, and erasure."""
