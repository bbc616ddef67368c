"""Rosters: the new hires of content/rosters/, each given a handout of their own, and kept private."""
