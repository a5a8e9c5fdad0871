"""lbx: extract claimed results from paper abstracts and build per-benchmark leaderboards."""
