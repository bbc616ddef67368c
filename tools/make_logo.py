"""Draw a brand's sample logo: a rounded mark and a word mark (run once; the PNG is committed)."""

import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/lato/Lato-Black.ttf"


def draw(path: str, word: str, mark: str, accent: str, ink: str) -> None:
    scale = 4
    height = 120 * scale
    font = ImageFont.truetype(FONT, 78 * scale)
    width = height + 24 * scale + int(font.getlength(word)) + 8 * scale
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, height - 1, height - 1), radius=26 * scale, fill=accent)
    mark_font = ImageFont.truetype(FONT, 84 * scale)
    pen.text((height / 2, height / 2 + 2 * scale), mark, font=mark_font, fill="white", anchor="mm")
    pen.text((height + 24 * scale, height / 2 + 2 * scale), word, font=font, fill=ink, anchor="lm")
    image.resize((width // scale, height // scale), Image.LANCZOS).save(path, optimize=True)


if __name__ == "__main__":
    draw(*sys.argv[1:6])
