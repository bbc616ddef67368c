"""Stage 5, render: tree and brand to .pptx, .docx, PDF and previews; the only importers of python-pptx and python-docx. Imports the stages below."""
