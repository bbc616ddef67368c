"""rolegen: role content in Markdown and YAML to branded PowerPoint decks and Word handouts."""

__version__ = "0.1.0"
