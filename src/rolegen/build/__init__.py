"""Stage 9, build: the orchestrator (documents, fingerprints, manifest, atomic output, packs, watch, validate). Imports every stage below."""
