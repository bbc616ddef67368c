"""Stage 6, review: read finished files back and judge them (check). Imports render and the stages below."""
