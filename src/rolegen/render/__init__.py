"""Renderers: the only modules that import python-pptx and python-docx."""
