"""The HTML real Markdown holds: a block's comments, lone anchors and embedded videos (which become links), and inline tags.

Anything else (a <div>, a <table>, a <script>) is refused with its line: drawn as text it would look
like a bug, and dropped it would lose words. An inline tag is read here (parse_tag) for inlines.py
to apply. Only a document with HTML in it loads this module, and html.parser with it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from rolegen.content.inlines import notice, refused_html
from rolegen.tree import Block, Paragraph, Span

# Elements that embed a video or page: a slide or page cannot play it, a link to it serves.
_EMBEDS = {"iframe", "video", "embed", "object", "source"}
# What may stand around an embed without saying anything of its own.
_AROUND = {"figure", "figcaption", "div", "p", "br", "a", "span"}


class _Reader(HTMLParser):
    """Collect a block's tags (name, attributes) and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.caption: list[str] = []
        self._in_caption = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "figcaption":
            self._in_caption += 1

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._in_caption = max(0, self._in_caption - 1)

    def handle_data(self, data):
        (self.caption if self._in_caption else self.text).append(data)


def html_block(content: str, line: int, pending: list[Span]) -> list[Block]:
    """Return the blocks a block of HTML stands for; anchors alone go to pending, for the next block."""
    if content.lstrip().startswith("<!--") and content.rstrip().endswith("-->"):
        return []  # a comment is a note to other authors, as in pandoc
    reader = _Reader()
    reader.feed(content)
    reader.close()
    names = {name for name, _ in reader.tags}
    text = " ".join("".join(reader.text).split())
    if names <= {"a", "br"} and not text:
        places = [attrs.get("id") or attrs.get("name") for name, attrs in reader.tags if name == "a"]
        pending.extend(Span("", anchor=place) for place in places if place)
        return []
    embeds = [(n, attrs) for n, attrs in reader.tags if n in _EMBEDS and (attrs.get("src") or attrs.get("data"))]
    if embeds and names <= _EMBEDS | _AROUND and not text:
        caption = " ".join("".join(reader.caption).split())
        blocks: list[Block] = []
        for name, attrs in embeds[:1] if names & {"video"} else embeds:
            url = attrs.get("src") or attrs.get("data")
            url = "https:" + url if url.startswith("//") else url  # a page's own scheme: on paper, https
            host = urlsplit(url).hostname or ""
            title = caption or " ".join(attrs.get("title", "").split()) or (f"Video ({host})" if host else "Video")
            first = content.strip().splitlines()[0]
            notice(line, f"an embedded <{name}> is drawn as a link to it, '{title[:60]}': a page cannot play it", first)
            blocks.append(Paragraph((Span(title, url=url),), line))
        return blocks
    raise refused_html(content, line, block=True)


class _TagReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, dict[str, str], bool] | None = None

    def handle_starttag(self, tag, attrs):
        self.found = (tag, {k: v or "" for k, v in attrs}, False)

    def handle_startendtag(self, tag, attrs):
        self.found = (tag, {k: v or "" for k, v in attrs}, False)

    def handle_endtag(self, tag):
        self.found = (tag, {}, True)


def parse_tag(tag: str) -> tuple[str, dict[str, str], bool] | None:
    """Return one HTML tag's name (lower case), attributes and whether it closes, or None if it is no tag."""
    reader = _TagReader()
    reader.feed(tag)
    reader.close()
    return reader.found
