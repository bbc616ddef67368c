"""Read back what a deck or handout shows, and the words a Markdown source holds, for the conformance tests."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK = R + "/hyperlink"
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> set[str]:
    """Return the words of a text, lower-cased: letters and digits, split at anything else."""
    return {w.lower() for w in _WORD.findall(text)}


def source_words(markdown_text: str) -> set[str]:
    """Return the words an author wrote in Markdown: its text, not its syntax or link targets."""
    text = re.sub(r"^```[^\n]*$", "", markdown_text, flags=re.MULTILINE)  # a fence's language is not text
    text = re.sub(r"^:::.*$", "", text, flags=re.MULTILINE)  # pandoc's fenced divs (notes, columns)
    text = re.sub(r"\{[.#][^}]*\}\s*$", "", text, flags=re.MULTILINE)  # a heading's {.class}
    text = re.sub(r"^\s*\d+[.)]\s", " ", text, flags=re.MULTILINE)  # a list item's number is drawn as a number
    text = re.sub(r"\]\(<[^>]*>[^)]*\)|\]\([^)]*\)", "]", text)  # link and image destinations
    text = re.sub(r"\[\^[^\]]+\]:?", "", text)  # footnote labels
    text = re.sub(r"^\s*\|?[-:| ]+\|?\s*$", "", text, flags=re.MULTILINE)  # table rules
    return words(text)


def front_matter_words(role_text: str) -> set[str]:
    """Return the words of a role file's front matter values (its keys are not shown)."""
    head = role_text.split("---", 2)[1]
    values = [re.sub(r"^\s*(-\s+|[a-z_]+:\s*)", "", line) for line in head.splitlines()]
    return words("\n".join(values))


def role_body(role_text: str) -> str:
    """Return the Markdown body of a role file."""
    return role_text.split("---", 2)[2]


def _paragraph_text(paragraph, ns: str) -> str:
    """Return a paragraph's text with its line breaks and tabs as spaces (they part words on the page)."""
    pieces = []
    for node in paragraph.iter(f"{{{ns}}}t", f"{{{ns}}}br", f"{{{ns}}}tab", f"{{{ns}}}cr"):
        text = node.text or "" if node.tag == f"{{{ns}}}t" else " "
        # A raised note marker reads apart from the word it follows ("committee¹" is "committee").
        properties = node.getparent().find(f"{{{ns}}}rPr")
        if properties is not None and int(properties.get("baseline", "0")) > 0:
            text = f" {text} "
        pieces.append(text)
    return "".join(pieces)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rels(parts: dict[str, bytes], part: str) -> dict[str, tuple[str, str, str]]:
    """Return a part's relationships: id -> (type, target, target mode)."""
    folder, name = part.rsplit("/", 1)
    rels = parts.get(f"{folder}/_rels/{name}.rels")
    if rels is None:
        return {}
    return {
        rel.get("Id"): (rel.get("Type"), rel.get("Target"), rel.get("TargetMode", "Internal"))
        for rel in etree.fromstring(rels).iter(f"{{{PKG}}}Relationship")
    }


def _slide_names(parts: dict[str, bytes]) -> list[str]:
    names = [n for n in parts if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    return sorted(names, key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[1]).group()))


def deck_text(data: bytes) -> str:
    """Return every text a deck shows or says: slides, tables, speaker notes and pictures' alt text."""
    parts = _parts(data)
    texts = []
    for name in parts:
        if re.fullmatch(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml", name):
            root = etree.fromstring(parts[name])
            texts += [_paragraph_text(paragraph, A) for paragraph in root.iter(f"{{{A}}}p")]
            texts += [pr.get("descr", "") for pr in root.iter(f"{{{P}}}cNvPr")]
    return "\n".join(texts)


def handout_text(data: bytes) -> str:
    """Return every text a handout shows: body, tables, footnotes and pictures' alt text."""
    parts = _parts(data)
    texts = []
    for name in ("word/document.xml", "word/footnotes.xml"):
        if name in parts:
            root = etree.fromstring(parts[name])
            texts += [_paragraph_text(paragraph, W) for paragraph in root.iter(f"{{{W}}}p")]
            texts += [pr.get("descr", "") for pr in root.iter(f"{{{WP}}}docPr")]
    return "\n".join(texts)


def deck_links(data: bytes) -> list[tuple[str, str]]:
    """Return (text, URL) of every run of a deck that is a click-through hyperlink to an external URL."""
    parts = _parts(data)
    found = []
    for name in _slide_names(parts):
        rels = _rels(parts, name)
        for run in etree.fromstring(parts[name]).iter(f"{{{A}}}r"):
            click = run.find(f"{{{A}}}rPr/{{{A}}}hlinkClick")
            if click is not None:
                kind, target, mode = rels[click.get(f"{{{R}}}id")]
                if kind == HYPERLINK and mode == "External":
                    found.append((run.findtext(f"{{{A}}}t"), target))
    return found


def handout_links(data: bytes) -> list[tuple[str, str]]:
    """Return (text, URL) of every w:hyperlink of a handout (body and footnotes) to an external URL."""
    parts = _parts(data)
    found = []
    for name in ("word/document.xml", "word/footnotes.xml"):
        if name not in parts:
            continue
        rels = _rels(parts, name)
        for link in etree.fromstring(parts[name]).iter(f"{{{W}}}hyperlink"):
            kind, target, mode = rels[link.get(f"{{{R}}}id")]
            if kind == HYPERLINK and mode == "External":
                found.append(("".join(t.text or "" for t in link.iter(f"{{{W}}}t")), target))
    return found


def deck_pictures(data: bytes) -> list[str]:
    """Return the alt text of every picture on a deck's slides."""
    parts = _parts(data)
    return [
        pic.find(f"{{{P}}}nvPicPr/{{{P}}}cNvPr").get("descr", "")
        for name in _slide_names(parts)
        for pic in etree.fromstring(parts[name]).iter(f"{{{P}}}pic")
    ]


def handout_pictures(data: bytes) -> list[str]:
    """Return the alt text of every picture in a handout's body."""
    root = etree.fromstring(_parts(data)["word/document.xml"])
    return [pr.get("descr", "") for pr in root.find(f"{{{W}}}body").iter(f"{{{WP}}}docPr")]


def deck_levels(data: bytes) -> dict[str, int]:
    """Return each slide paragraph's text and its paragraph level (lvl, 0 when unset)."""
    parts = _parts(data)
    levels = {}
    for name in _slide_names(parts):
        for paragraph in etree.fromstring(parts[name]).iter(f"{{{A}}}p"):
            text = "".join(t.text or "" for t in paragraph.iter(f"{{{A}}}t"))
            ppr = paragraph.find(f"{{{A}}}pPr")
            levels.setdefault(text, int(ppr.get("lvl", "0")) if ppr is not None else 0)
    return levels


def handout_levels(data: bytes) -> dict[str, int | None]:
    """Return each handout paragraph's text and its list level (w:ilvl; None outside lists)."""
    root = etree.fromstring(_parts(data)["word/document.xml"])
    levels = {}
    for paragraph in root.iter(f"{{{W}}}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t"))
        ilvl = paragraph.find(f"{{{W}}}pPr/{{{W}}}numPr/{{{W}}}ilvl")
        levels.setdefault(text, int(ilvl.get(f"{{{W}}}val")) if ilvl is not None else None)
    return levels


def deck_notes(data: bytes) -> list[str]:
    """Return the speaker notes of every notes slide."""
    parts = _parts(data)
    return [
        "\n".join(t.text or "" for t in etree.fromstring(parts[n]).iter(f"{{{A}}}t"))
        for n in parts
        if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)
    ]


def handout_footnotes(data: bytes) -> list[str]:
    """Return the text of every footnote of a handout (separators excluded)."""
    parts = _parts(data)
    if "word/footnotes.xml" not in parts:
        return []
    root = etree.fromstring(parts["word/footnotes.xml"])
    return [
        "".join(t.text or "" for t in note.iter(f"{{{W}}}t")).strip()
        for note in root.iter(f"{{{W}}}footnote")
        if int(note.get(f"{{{W}}}id")) > 0
    ]
