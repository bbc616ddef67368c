"""The zip container of a package, written from members deflated once: the decks of a brand share most parts.

zipfile deflates every member it writes; a build of forty decks of one brand would deflate the same
theme, master, layouts, fonts and media forty times. Here a member is deflated by `deflate` (which a
build's cache memoises for the parts that come from the brand's master or reference), and
`zip_of` lays the deflated members out as zipfile itself writes them: the same headers, fields and
order, so the bytes are those zipfile gives for the same members.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from typing import NamedTuple

# Measured on the bench project's 40 documents (benchmarks/RESULTS.md, #28): every level from 1 to 9
# deflates a document's own parts in 0.5 to 0.6 ms, and 6 (zipfile's default) is within 0.6% of the
# smallest output, so the level zipfile chose stays; the time went to deflating shared parts again.
LEVEL = 6
_DEFLATED = 8
_VERSION = 20  # the version needed to extract a deflated member, and the one zipfile says made it
_UNIX = 3
_MODE = 0o644 << 16
_LIMIT = 0xFFFFFFFF  # past it a zip needs Zip64 records: zipfile writes those


class Deflated(NamedTuple):
    """One member's bytes deflated, with what its headers record of the original."""

    data: bytes
    crc: int
    size: int


def deflate(data: bytes, level: int = LEVEL) -> Deflated:
    """Return data deflated as zipfile deflates a member (raw deflate, no zlib header)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Deflated(compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data))


def zip_of(members: Iterable[tuple[str, Deflated]], date_time: tuple[int, ...] = (1980, 1, 1, 0, 0, 0)) -> bytes:
    """Return the zip of the deflated members, in order, each stamped date_time, mode 0644, made on Unix."""
    dos_time = date_time[3] << 11 | date_time[4] << 5 | date_time[5] // 2
    dos_date = (date_time[0] - 1980) << 9 | date_time[1] << 5 | date_time[2]
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, member in members:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        if max(len(member.data), member.size, offset) >= _LIMIT:
            raise OverflowError("a package past 4 GB needs Zip64, which rolegen does not write")
        fields = (flags, _DEFLATED, dos_time, dos_date, member.crc, len(member.data), member.size, len(encoded))
        chunks += [struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", _VERSION, 0, *fields, 0), encoded, member.data]
        directory.append(
            struct.pack(
                "<4s4B4HL2L5H2L", b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, *fields, 0, 0, 0, 0, _MODE, offset
            )
            + encoded
        )
        offset += 30 + len(encoded) + len(member.data)
    listing = b"".join(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), len(listing), offset, 0)
    return b"".join(chunks) + listing + end
