"""The training pack: one reproducible zip holding the deck, the handout and a README."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass

from rolegen import __version__
from rolegen.render.ooxml import write_zip

README_NAME = "README.txt"


@dataclass(frozen=True)
class PackInfo:
    """What the pack's README tells its reader, and the time its entries (and PDFs) are stamped with."""

    comparison_id: str
    title: str
    brand: str
    stamp: dt.datetime

    @property
    def date(self) -> dt.date:
        return self.stamp.date()


def pack_info(comparison, brand: str) -> PackInfo:
    """Return what the README of a comparison's pack in brand (its name) says, and its stamp."""
    from rolegen.content import dates

    return PackInfo(comparison.id, comparison.title, brand, dates.build_timestamp(comparison))


def pack(info: PackInfo, deck: bytes, handout: bytes, pdfs: tuple[bytes, bytes] | None = None) -> bytes:
    """Return the pack zip, its entries in a fixed order with fixed times and attributes.

    pdfs, when given, are the deck's and the handout's PDFs, added after the Office files.
    """
    entries = [
        (README_NAME, readme(info, pdfs is not None).encode("utf-8"), zipfile.ZIP_DEFLATED),
        # Office files are zips already: deflating them again gains nothing.
        (f"{info.comparison_id}.pptx", deck, zipfile.ZIP_STORED),
        (f"{info.comparison_id}.docx", handout, zipfile.ZIP_STORED),
    ]
    if pdfs is not None:
        entries += [
            (f"{info.comparison_id}-deck.pdf", pdfs[0], zipfile.ZIP_DEFLATED),
            (f"{info.comparison_id}-handout.pdf", pdfs[1], zipfile.ZIP_DEFLATED),
        ]
    return write_zip(entries, info.date)


def readme(info: PackInfo, with_pdfs: bool = False) -> str:
    """Return the README text: what is inside, the brand, the date and the rolegen version."""
    inside = [
        (f"{info.comparison_id}.pptx", "slide deck for the trainer (PowerPoint, with speaker notes)"),
        (f"{info.comparison_id}.docx", "handout for the participants (Word)"),
    ]
    if with_pdfs:
        inside += [
            (f"{info.comparison_id}-deck.pdf", "the slide deck as PDF, for reading and printing"),
            (f"{info.comparison_id}-handout.pdf", "the handout as PDF, for printing"),
        ]
    inside.append((README_NAME, "this file"))
    width = max(len(name) for name, _ in inside)
    return "\n".join(
        [
            f"{info.title}: training pack",
            "",
            f"Brand:   {info.brand}",
            f"Date:    {info.date.day} {info.date:%B %Y}",
            f"Made by: rolegen {__version__}",
            "",
            "Inside:",
            *(f"  {name.ljust(width)}  {what}" for name, what in inside),
            "",
        ]
    )
