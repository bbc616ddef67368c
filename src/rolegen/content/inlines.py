"""Turn Markdown's inline runs (emphasis, code, links, footnote references) into styled spans."""

from __future__ import annotations

from dataclasses import replace

from markdown_it.tree import SyntaxTreeNode

from rolegen.tree import Inline, Span


# Defined in the lowest of the Markdown modules, so that blocks, markdown and slides raise the same error.
class MarkdownError(ValueError):
    """The Markdown breaks one of rolegen's rules; line is 1-based in the Markdown."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def inline_spans(node: SyntaxTreeNode | None, line: int = 0, in_cell: bool = False) -> Inline:
    """Return an inline node's runs as styled spans; in_cell: refuse what a table cell cannot hold."""
    spans: list[Span] = []
    if node is None:
        return ()

    def walk(n: SyntaxTreeNode, style: Span):
        for child in n.children:
            kind = child.type
            if kind == "text":
                spans.append(replace(style, text=child.content))
            elif kind == "code_inline":
                spans.append(replace(style, text=child.content, code=True))
            elif kind in ("softbreak", "hardbreak"):
                spans.append(replace(style, text=" "))
            elif kind == "strong":
                walk(child, replace(style, bold=True))
            elif kind == "em":
                walk(child, replace(style, italic=True))
            elif kind == "s":
                walk(child, replace(style, strike=True))
            elif kind == "link":
                walk(child, replace(style, url=str(child.attrs.get("href", ""))))
            elif kind == "footnote_ref":
                if in_cell:
                    raise MarkdownError(
                        "rolegen cannot draw a footnote inside a table cell; move it after the table", line
                    )
                number = int(child.meta.get("id", 0)) + 1
                spans.append(replace(style, text=str(number), note=number, url=""))
            elif kind == "html_inline":
                if child.content.startswith("<!--"):
                    continue
                raise MarkdownError(
                    f"rolegen cannot draw raw HTML ('{child.content[:40]}'); write it in Markdown", line
                )
            elif kind == "image":
                raise MarkdownError(
                    f"image '{child.attrs.get('src', '')}' stands inside text"
                    f"{' (a table cell)' if in_cell else ''}: put it in a paragraph of its own",
                    line,
                )
            else:
                walk(child, style)

    walk(node, Span(""))
    return merge_spans(spans)


def merge_spans(spans: list[Span]) -> Inline:
    """Return spans with neighbours of one style joined (footnote references stay apart)."""
    merged: list[Span] = []
    for span in spans:
        if merged and not span.note and not merged[-1].note and replace(merged[-1], text="") == replace(span, text=""):
            merged[-1] = replace(span, text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)
