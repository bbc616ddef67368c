"""Draw a brand's sample logo: a rounded mark and a word mark (run once; the PNG is committed).

    python tools/make_logo.py templates/brands/acme/logo.png ACME A "#1B3A5C" "#1B3A5C"
    python tools/make_logo.py templates/brands/globex/logo.png GLOBEX G "#F2A93B" "#E6ECF2" \\
        "#0E1A2B" /usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf

With a plate colour the logo sits on its own rounded plate, so one image reads
on a dark slide and on white paper alike.
"""

import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/lato/Lato-Black.ttf"


def draw(
    path: str, word: str, mark: str, accent: str, ink: str, plate: str | None = None, font_path: str = FONT
) -> None:
    scale = 4
    height = 120 * scale
    pad = 22 * scale if plate else 0
    font = ImageFont.truetype(font_path, 72 * scale if plate else 78 * scale)
    inner = height - 2 * pad
    width = 2 * pad + inner + 24 * scale + int(font.getlength(word)) + 8 * scale
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if plate:
        pen.rounded_rectangle((0, 0, width - 1, height - 1), radius=30 * scale, fill=plate)
    pen.rounded_rectangle(
        (pad, pad, pad + inner - 1, pad + inner - 1), radius=(26 if not plate else 38) * scale, fill=accent
    )
    mark_font = ImageFont.truetype(font_path, int(84 * scale * inner / height))
    mark_ink = plate or "white"
    pen.text((pad + inner / 2, height / 2 + 2 * scale), mark, font=mark_font, fill=mark_ink, anchor="mm")
    pen.text((pad + inner + 24 * scale, height / 2 + 2 * scale), word, font=font, fill=ink, anchor="lm")
    image.resize((width // scale, height // scale), Image.LANCZOS).save(path, optimize=True)


if __name__ == "__main__":
    draw(*sys.argv[1:8])
