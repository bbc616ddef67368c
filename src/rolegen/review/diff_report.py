"""A document diff written out: plain or coloured text, GitHub Markdown, JSON; and a file's text for git."""

from __future__ import annotations

import re
from collections.abc import Callable

from rolegen import facts
from rolegen.errors import display_path
from rolegen.review.diff import PARTS, Change, DocumentDiff, Line, units_of

_SIGN = {"added": "+", "removed": "-", "changed": "~"}
Style = Callable[[str, str], str]  # (text, "delete" | "insert" | "heading") -> text as shown


def plain(text: str, role: str) -> str:
    """Return text marked as git's --word-diff=plain marks it: [-deleted-] and {+inserted+}."""
    return {"delete": f"[-{text}-]", "insert": f"{{+{text}+}}"}.get(role, text)


def text_report(diff: DocumentDiff, style: Style = plain) -> str:
    """Return the diff as text, one block per slide or section; "" when nothing changed."""
    if not diff.changed:
        return ""
    out = [style(f"--- {display_path(diff.old)}", "heading"), style(f"+++ {display_path(diff.new)}", "heading")]
    out += diff.remarks
    for change in diff.changes:
        out.append(style(_headline(change), "heading"))
        out += [f"  {remark}" for remark in change.remarks]
        out += [f"  {_SIGN[line.kind]} {line.part}: {_words(line, style)}" for line in change.lines]
    out.append(_summary(diff))
    return "\n".join(out) + "\n"


def _headline(change: Change) -> str:
    where = f"{change.unit} {change.number}"
    if change.kind == "moved":
        return f"{where} · {change.title} (moved from {change.old_number})"
    if change.kind == "changed" and change.old_number != change.new_number:
        return f"{where} · {change.title} (was {change.unit} {change.old_number})"
    return f"{where} · {change.title}" + ("" if change.kind == "changed" else f" ({change.kind})")


def _words(line: Line, style: Style) -> str:
    if line.kind == "added":
        return style(line.new, "insert")
    if line.kind == "removed":
        return style(line.old, "delete")
    return "".join(style(text, role) for role, text in line.words)


def _summary(diff: DocumentDiff) -> str:
    counts = diff.counts()
    noun = "slide" if diff.kind == "deck" else "section"
    said = [f"{n} {noun}{'' if n == 1 else 's'} {kind}" for kind, n in counts.items() if n]
    return ", ".join(said or [f"no {noun} changed"])


# Markdown's inline punctuation, escaped so a slide's text cannot make a link, an emphasis or HTML;
# every line written starts with a list marker or a heading's, so block syntax needs no escape.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>~!&|#])")


def _md(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", "".join(c if c.isprintable() else " " for c in text))


def _md_style(text: str, role: str) -> str:
    # HTML's <del> and <ins>, not ~~ and **: those do not open beside punctuation ("line~~. Ask~~").
    if role not in ("delete", "insert") or not text.strip():
        return _md(text)
    tag = "del" if role == "delete" else "ins"
    return f"<{tag}>{_md(text)}</{tag}>"


def markdown_report(diff: DocumentDiff, title: str | None = None) -> str:
    """Return the diff as GitHub Markdown: a heading and one list per slide or section."""
    name = title or display_path(diff.new)
    out = [f"### {_md(name)}", ""]
    if not diff.changed:
        return "\n".join(out + ["No visible change.", ""])
    out += [f"**{_md(_summary(diff))}**", ""]
    if diff.remarks:
        out += [f"- {_md(remark)}" for remark in diff.remarks] + [""]
    for change in diff.changes:
        out += [f"#### {_md(_headline(change))}", ""]
        if not (change.remarks or change.lines):
            out.append(f"- moved from {change.unit} {change.old_number}")  # each slide gets its list
        out += [f"- {_md(remark)}" for remark in change.remarks]
        for line in change.lines:
            said = _md(line.part) + ("" if line.kind == "changed" else f", {line.kind}")
            out.append(f"- {said}: {_words(line, _md_style)}")
        out.append("")
    return "\n".join(out)


def json_report(diff: DocumentDiff) -> dict:
    """Return the diff as plain data for --json."""
    return {
        "old": str(diff.old),
        "new": str(diff.new),
        "kind": diff.kind,
        "changed": diff.changed,
        "remarks": list(diff.remarks),
        "counts": diff.counts(),
        "changes": [
            {
                "kind": c.kind,
                "unit": c.unit,
                "old_number": c.old_number,
                "new_number": c.new_number,
                "title": c.title,
                "remarks": list(c.remarks),
                "lines": [
                    {
                        "part": ln.part,
                        "kind": ln.kind,
                        "old": ln.old,
                        "new": ln.new,
                        "words": [list(w) for w in ln.words],
                    }
                    for ln in c.lines
                ],
            }
            for c in diff.changes
        ],
    }


def textconv(document: facts.DocumentFacts) -> str:
    """Return a file's readable text, slide by slide or section by section, for git's textconv.

    One line per title, paragraph, table row, note and alt text, each named by its part, so
    `git diff` shows which slide and part a changed line is in.
    """
    out = []
    if document.theme:
        out.append("theme colours: " + ", ".join(f"{slot} {value}" for slot, value in document.theme))
    noun = "slide" if document.kind == "deck" else "section"
    for unit in units_of(document):
        layout = f" [{unit.layout}]" if unit.layout else ""
        out += ["", f"=== {noun} {unit.number}{layout}: {unit.key or unit.title}"]
        out += [f"{part}: {line}" for part in PARTS for line in unit.parts.get(part, ())]
        out += [f"picture: {p.name} {p.digest[:12]}".rstrip() for p in unit.pictures]
    return "\n".join(out).lstrip("\n") + "\n"
