"""Turn Markdown's inline runs (emphasis, code, links, footnote references, a little HTML) into styled spans."""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator
from dataclasses import replace

from markdown_it.tree import SyntaxTreeNode

from rolegen.tree import Inline, Span


# Defined in the lowest of the Markdown modules, so that blocks, markdown and slides raise the same error.
class MarkdownError(ValueError):
    """The Markdown breaks one of rolegen's rules; line is 1-based in the Markdown."""

    def __init__(self, message: str, line: int, text: str = ""):
        super().__init__(message)
        self.line = line
        self.text = text  # the offending text as written, so that the author's own line can be found


# What the parse of one document has to tell its author: (line, message, the text concerned).
# A context variable, not an argument: every block and inline reader would pass it on untouched.
NOTICES: contextvars.ContextVar[list[tuple[int, str, str]] | None] = contextvars.ContextVar("notices", default=None)


@contextlib.contextmanager
def collecting() -> Iterator[list[tuple[int, str, str]]]:
    """Gather what is noticed while reading one document."""
    found: list[tuple[int, str, str]] = []
    token = NOTICES.set(found)
    try:
        yield found
    finally:
        NOTICES.reset(token)


def notice(line: int, message: str, text: str = "") -> None:
    """Tell the author something about the document being read (a warning, not an error)."""
    found = NOTICES.get()
    if found is not None:
        found.append((line, message, text))


# The inline HTML that handbook and README Markdown uses, and the style each tag gives its text.
_STYLES = {
    "b": {"bold": True},
    "strong": {"bold": True},
    "i": {"italic": True},
    "em": {"italic": True},
    "cite": {"italic": True},
    "dfn": {"italic": True},
    "var": {"italic": True},
    "s": {"strike": True},
    "del": {"strike": True},
    "strike": {"strike": True},
    "u": {"underline": True},
    "ins": {"underline": True},
    "sub": {"script": "sub"},
    "sup": {"script": "super"},
    "kbd": {"code": True},
    "code": {"code": True},
    "samp": {"code": True},
    "tt": {"code": True},
    "mark": {"mark": True},
    "span": {},
    "small": {},
    "abbr": {},
    "acronym": {},
    "a": {},
    "q": {},
}
_EMPTY = {"br", "wbr"}
# Another tool's syntax left in content: printed as text it would puzzle the reader.
_FOREIGN = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}")


def inline_spans(node: SyntaxTreeNode | None, line: int = 0, in_cell: bool = False) -> Inline:
    """Return an inline node's runs as styled spans; in_cell: refuse what a table cell cannot hold."""
    spans: list[Span] = []
    if node is None:
        return ()

    def walk(n: SyntaxTreeNode, style: Span):
        opened: list[tuple[str, Span]] = []  # the HTML tags open at this level, and the style before each
        for child in n.children:
            kind = child.type
            if kind == "text":
                _foreign(child.content, line)
                spans.append(replace(style, text=child.content))
            elif kind == "code_inline":
                spans.append(replace(style, text=child.content, code=True))
            elif kind == "softbreak":
                spans.append(replace(style, text=" "))
            elif kind == "hardbreak":
                spans.append(replace(style, text="\n"))
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
                style = _html(child.content, style, opened, spans, line)
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


def _html(tag: str, style: Span, opened: list[tuple[str, Span]], spans: list[Span], line: int) -> Span:
    """Apply one inline HTML tag: return the style of the text after it."""
    if tag.startswith("<!--"):
        return style  # a comment is a note to other authors, as in pandoc
    from rolegen.content.html import parse_tag  # html.parser, for text that has HTML in it (little does)

    parsed = parse_tag(tag)
    if parsed is None:
        raise refused_html(tag, line)
    name, attributes, closing = parsed
    if name in _EMPTY:
        if name == "br":
            spans.append(replace(style, text="\n"))
        return style
    if name not in _STYLES:
        raise refused_html(tag, line)
    if closing:
        for index in range(len(opened) - 1, -1, -1):
            if opened[index][0] == name:
                before = opened[index][1]
                del opened[index:]
                return before
        return style  # a closing tag nothing opened changes nothing
    opened.append((name, style))
    if name == "a":
        place = attributes.get("id") or attributes.get("name")
        if place:
            spans.append(Span("", anchor=place))
        href = attributes.get("href")
        return replace(style, url=normal_href(href)) if href else style
    if name in ("abbr", "acronym") and attributes.get("title"):
        return replace(style, title=" ".join(attributes["title"].split()))
    return replace(style, **_STYLES[name])


def normal_href(href: str) -> str:
    """Return an <a href>'s target percent-encoded, as markdown-it stores a Markdown link's."""
    from urllib.parse import quote

    return quote(href.strip(), safe="/:?#[]@!$&'()*+,;=%~")


def refused_html(html: str, line: int, block: bool = False) -> MarkdownError:
    """Return the error for HTML rolegen does not draw, saying how to write what was meant."""
    found = re.search(r"<[^<>]*>?", html)
    shown = " ".join((found.group() if found else html).split())[:60]
    if block:
        hint = "write it in Markdown (a ::: block, a table, a list), or indent it four spaces to show it as code"
        return MarkdownError(f"rolegen cannot draw block HTML ('{shown}'): {hint}", line, shown)
    return MarkdownError(
        f"rolegen cannot draw raw HTML ('{shown}'): to show the angle brackets as text write "
        f"\\{shown} or `{shown}`; for formatting write Markdown",
        line,
        shown,
    )


def _foreign(text: str, line: int) -> None:
    found = _FOREIGN.search(text)
    if found:
        notice(
            line,
            f"'{found.group()[:40]}' looks like another tool's template syntax (a Hugo shortcode or Liquid tag); "
            "rolegen prints it as text: delete it or write what it stands for",
            found.group(),
        )


def merge_spans(spans: list[Span]) -> Inline:
    """Return spans with neighbours of one style joined (footnote references and anchors stay apart)."""
    merged: list[Span] = []
    for span in spans:
        if (
            merged
            and not span.note
            and not merged[-1].note
            and not span.anchor
            and not merged[-1].anchor
            and replace(merged[-1], text="") == replace(span, text="")
        ):
            merged[-1] = replace(span, text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)
