"""Stage 1, inputs: read untrusted files safely (size, encoding, links, DTDs, masters). Imports only the shared modules."""
