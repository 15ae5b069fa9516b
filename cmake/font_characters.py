"""Writes every character a font has a glyph for, as UTF-8 text: the web build's list of what the
page's font atlas must hold (its font is cut to exactly the characters tcplab shows).
    python3 font_characters.py FONT OUT.txt"""
import sys

from fontTools.ttLib import TTFont

font, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    f.write("".join(chr(c) for c in sorted(TTFont(font).getBestCmap()) if c >= 0x20))
