"""Characters a PDF's font gives no text for: read the common ones, drop the rest.

pdfminer writes "(cid:N)" for a character whose font says nothing of what it
means (no ToUnicode map, no glyph names). Such characters are mostly bullets,
dashes, quotes and ligatures, and their codes follow a few well-known
encodings: in a text font set in Windows' encoding every unused code shows as a
bullet (the PDF specification says so), 128-159 are Windows' quotes and dashes,
and codes 11-15 in TeX's fonts (CMR10, SFRM1000, LMRoman10) are the ff/fi/fl
ligatures; the Symbol and Wingdings fonts hold bullets, ticks and arrows. Word
also writes Symbol and Wingdings characters as private-use code points
U+F020-U+F0FF (the bullet shapes among them are read as bullets even where the
font's name was lost: such code points only ever come from a symbol font), and a
Wingdings or Zapf Dingbats font without a ToUnicode map comes back as plain
letters ("n" for a square bullet), so every character of such a font is read by
its code. Everything else is dropped and counted, so no "(cid:127)" reaches a
passage, title, cell or export, and the document's message can say how many
characters were lost.

A font most of whose characters on a page come back as "(cid:N)" numbers its
glyphs, not a known encoding: its codes say nothing, so they are all dropped.
"""

from __future__ import annotations

import re

CID = re.compile(r"\(cid:(\d+)\)")
BULLET = "\u2022"

# Windows (cp1252) codes with no character: PDF readers show a bullet for each.
_WINANSI_UNUSED = {127, 129, 141, 143, 144, 157}
_TEX_LIGATURES = {11: "ff", 12: "fi", 13: "fl", 14: "ffi", 15: "ffl"}  # TeX's OT1 fonts
_TEX_FONT = re.compile(r"^(?:cm|sf|lm|ec|tc)[a-z]*\d|.*tex", re.I)  # CMR10, SFRM1000, LMRoman10
_SYMBOL = {
    0x2D: "\u2212",  # minus
    0xAE: "\u2192",  # arrow right
    0xB0: "\u00b0",
    0xB1: "\u00b1",
    0xB4: "\u00d7",
    0xB7: BULLET,
    0xBC: "\u2026",  # ellipsis
    0xBE: "\u2014",  # horizontal bar
    0xD7: "\u00b7",  # dot operator
    0xE0: "\u25ca",  # lozenge
}
_DINGBATS = {  # Wingdings codes other than the many bullet shapes
    0xD8: "\u27a2",  # arrowhead bullet
    0xE0: "\u27a2",
    0xE8: "\u2794",  # heavy arrow
    0xF0: "\u21e8",
    0xFB: "\u2717",  # cross
    0xFC: "\u2713",  # tick
    0xFD: "\u2612",  # box with cross
    0xFE: "\u2611",  # box with tick
}
_WINGDING_BULLETS = set(range(0x6C, 0x79)) | set(range(0x9E, 0xA8)) | {0x9F, 0xA1, 0xA7}


def _kind(font: str) -> str:
    name = font.split("+", 1)[-1].lower()
    if "symbol" in name:
        return "symbol"
    if any(k in name for k in ("wingding", "webding", "dingbat")):
        return "dingbat"
    return "text"


def decode(code: int, font: str) -> str:
    """The text for font code ``code`` that pdfminer could not read ("" if unknown)."""
    kind = _kind(font)
    if kind == "symbol":
        return _SYMBOL.get(code, "")
    if kind == "dingbat":
        if code in _DINGBATS:
            return _DINGBATS[code]
        return BULLET if code in _WINGDING_BULLETS else ""
    if code in _WINANSI_UNUSED:
        return BULLET
    if code in _TEX_LIGATURES and _TEX_FONT.match(font.split("+", 1)[-1]):
        return _TEX_LIGATURES[code]
    if 128 <= code <= 255:
        text = bytes([code]).decode("cp1252", "replace")
        return "" if text == "\ufffd" or not text.isprintable() else text
    return ""


def _private(ch: str, font: str) -> str:
    """Word's private-use form of a Symbol or Wingdings character (U+F0xx)."""
    code = ord(ch) - 0xF000
    if not 0x20 <= code <= 0xFF:
        return ""
    kind = _kind(font)
    if kind == "text":  # the font's name was lost: Word's bullets in Symbol or Wingdings
        return BULLET if code in (0xB7, 0xA7) or code in _WINGDING_BULLETS else ""
    return decode(code, font)


def is_dingbat(font: str) -> bool:
    """A Wingdings, Webdings or Zapf Dingbats font: its characters are shapes, not letters.

    Without a ToUnicode map pdfminer reads such a font's codes as the letters of the
    standard encoding ('l', 'n', '§'), so "■ Improve ..." would come back as "n Improve".
    """
    return _kind(font) == "dingbat"


def is_unread(text: str) -> bool:
    """A character's text that says nothing: a "(cid:N)", private-use or U+FFFD."""
    if CID.fullmatch(text):
        return True
    return len(text) == 1 and (text == "\ufffd" or 0xE000 <= ord(text) <= 0xF8FF)


def clean(text: str, font: str, glyph_ids: bool = False) -> tuple[str, int]:
    """``text`` with unread characters read where their code is known.

    Returns the text and how many characters were dropped. ``glyph_ids`` says the
    font numbers its glyphs (so its codes are dropped, not decoded).
    """
    if "(cid:" not in text and not any(is_unread(ch) for ch in text) and not is_dingbat(font):
        return text, 0
    dropped = 0

    def cid(m: re.Match[str]) -> str:
        nonlocal dropped
        out = "" if glyph_ids else decode(int(m.group(1)), font)
        dropped += not out
        return out

    text = CID.sub(cid, text)
    out = []
    for ch in text:
        if _kind(font) == "dingbat" and " " < ch < "\u0100":
            ch = decode(ord(ch), font)  # a shape read as a letter of the standard encoding
            dropped += not ch
        elif is_unread(ch):
            ch = "" if ch == "\ufffd" else _private(ch, font)
            dropped += not ch
        out.append(ch)
    return "".join(out), dropped


def glyph_id_fonts(chars: list[tuple[str, str]]) -> set[str]:
    """Fonts whose characters on a page mostly come back as "(cid:N)" (text, font)."""
    total: dict[str, int] = {}
    unread: dict[str, int] = {}
    for text, font in chars:
        total[font] = total.get(font, 0) + 1
        if text.startswith("(cid:"):
            unread[font] = unread.get(font, 0) + 1
    return {f for f, n in unread.items() if n >= 20 and n * 2 >= total[f]}
