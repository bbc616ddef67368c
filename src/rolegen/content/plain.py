"""Text drawn as typed: a brand kit's names and a roster's values reach the Markdown with their punctuation escaped."""

from __future__ import annotations

import re


class Plain(str):
    """Text that is drawn as typed: a brand kit's names, footers and alt texts, never read as Markdown."""


_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def as_markdown(value):
    """Write a value into the Markdown: plain text with its punctuation escaped, anything else as it is.

    A filter's result is a new string: `{{ brand.name | yaml }}` writes the name into the metadata as typed.
    """
    if type(value) is Plain:
        return _MARKDOWN_PUNCTUATION.sub(r"\\\1", value)
    return value
