"""Colour arithmetic: WCAG 2.1 contrast, and picking a readable text colour."""

from __future__ import annotations

import re


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    """Return the WCAG relative luminance of an "RRGGBB" colour."""
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two "RRGGBB" colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background: str, *candidates: str) -> str:
    """Return the candidate with the best contrast on background."""
    return max(candidates, key=lambda c: contrast(c, background))


def mix(a: str, b: str, share_of_b: float) -> str:
    """Return colour a mixed with a share of colour b."""
    parts = []
    for i in (0, 2, 4):
        x, y = int(a[i : i + 2], 16), int(b[i : i + 2], 16)
        parts.append(f"{round(x + (y - x) * share_of_b):02X}")
    return "".join(parts)


def average(hex_colors: list[str]) -> str:
    """Return the channel-wise mean of "RRGGBB" colours."""
    parts = []
    for i in (0, 2, 4):
        parts.append(f"{round(sum(int(c[i : i + 2], 16) for c in hex_colors) / len(hex_colors)):02X}")
    return "".join(parts)


def parse_css(text: str) -> str | None:
    """Return a CSS colour (#hex, #RRGGBBAA, rgb(), hsl(), hwb(), any CSS name) as "RRGGBB", or None.

    Alpha is dropped: Office theme colours are opaque, and a brand's translucent colour is
    meant to be seen over its background, which is what an opaque colour shows on slides.
    """
    from PIL import ImageColor

    text = text.strip()
    # Pillow reads rgba()/hsla() only with a whole-number alpha; CSS writes 0.5 or 50%.
    alpha = re.match(r"(rgb|hsl)a\((.*),\s*[\d.]+%?\s*\)\Z", text, re.IGNORECASE)
    if alpha:
        text = f"{alpha.group(1)}({alpha.group(2)})"
    try:
        rgb = ImageColor.getrgb(text)
    except ValueError:
        return None
    return "".join(f"{channel:02X}" for channel in rgb[:3])
