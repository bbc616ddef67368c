"""Stage 4, typesetting: fit text to boxes, break slides, place diagrams and figures. Imports brand, content, inputs."""
