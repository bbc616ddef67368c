"""Stage 6, review: read finished files back and judge them (check) or compare them (diff). Imports render and the stages below."""
