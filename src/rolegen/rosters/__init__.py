"""Stage 8, rosters: the new hires of content/rosters/, each given a handout of their own and kept private. Imports the stages below."""
