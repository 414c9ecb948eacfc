"""Demo: a believable network to try Tafelrunde with."""
