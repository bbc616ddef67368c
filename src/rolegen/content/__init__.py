"""Stage 2, content: role and comparison files to the model; templates to Markdown to the document tree. Imports inputs."""
