"""Stage 3, brand: _brand.yml to a brand kit (schema, palette, typography, logos, fonts). Imports inputs and content."""
