"""Make LibreOffice's PDFs reproducible: its time stamps and random ids are replaced in place."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})([^)]*)\)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def reproducible_pdf(data: bytes, stamp: dt.datetime) -> bytes:
    """Return the PDF with its dates set to stamp and its ids derived from its content.

    Every replacement keeps the length of what it replaces, so the cross-reference table stays true.
    """
    when = stamp.astimezone(dt.timezone.utc).strftime("%Y%m%d%H%M%S").encode()
    data = _DATE.sub(lambda m: b"/" + m.group(1) + b"(D:" + when + m.group(3) + b")", data)
    # The ids are derived from everything but themselves, so equal documents get equal ids.
    blanked = _CHECKSUM.sub(
        lambda m: b"/DocChecksum /" + b"0" * len(m.group(1)),
        _ID.sub(lambda m: b"/ID [<" + b"0" * len(m.group(1)) + b"><" + b"0" * len(m.group(2)) + b">]", data),
    )
    digest = hashlib.sha256(blanked).hexdigest().upper().encode()

    def same_length(hex_text: bytes) -> bytes:
        return (digest * (len(hex_text) // len(digest) + 1))[: len(hex_text)]

    data = _ID.sub(
        lambda m: m.group(0).replace(m.group(1), same_length(m.group(1))).replace(m.group(2), same_length(m.group(2))),
        data,
    )
    return _CHECKSUM.sub(lambda m: b"/DocChecksum /" + same_length(m.group(1)), data)
