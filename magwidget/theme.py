"""The brand colours: the accent of links and buttons, in light and dark, and their contrast.

Owns every colour the page, the widget and the emails take from the theme, and the contrast
rules they must pass (WCAG: text 4.5:1). Knows nothing of YAML or templates.
"""

from __future__ import annotations

import math
import re

HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
ACCENT, ACCENT_DARK = "#0b6e4f", "#5fd3a8"
WHITE, INK = "#ffffff", "#111111"
TEXT = 4.5
# The backgrounds the accent is read on, light and dark, per output: the one place they live.
SURFACES = {
    "page": ("#fdfcf9", "#15181c"),
    "widget": ("#ffffff", "#161b22"),
    "email": ("#ffffff", "#1c1c1a"),
}


def palette(accent: str | None = None, accent_dark: str | None = None) -> dict[str, str]:
    """Return the theme's colours for the templates, deriving what was not given."""
    light = normal(accent or ACCENT)
    dark = normal(accent_dark) if accent_dark else ACCENT_DARK if not accent else derive(light)
    colours = {
        "accent": light,
        "on_accent": on(light),
        "accent_dark": dark,
        "on_accent_dark": on(dark),
    }
    for surface, (bg_light, bg_dark) in SURFACES.items():
        colours[f"{surface}_bg"], colours[f"{surface}_bg_dark"] = bg_light, bg_dark
    return colours


def problems(accent: str, dark: bool) -> list[str]:
    """Return what fails for ``accent`` in light (or dark), each naming a colour that passes."""
    found = _failures(accent, dark)
    if not found:
        return []
    fix = _walk(accent, lambda c: not _failures(c, dark), WHITE if dark else "#000000")
    return [f"{message}; {fix} would pass" for message in found]


def _failures(accent: str, dark: bool) -> list[str]:
    """Return the link and button-text pairs of ``accent`` under 4.5:1, worst background only."""
    backgrounds = {surface: pair[1 if dark else 0] for surface, pair in SURFACES.items()}
    surface = min(backgrounds, key=lambda name: contrast(accent, backgrounds[name]))
    bg, text = backgrounds[surface], on(accent)
    found = []
    if (ratio := contrast(accent, bg)) < TEXT:
        found.append(f"link {accent} on the {surface} background {bg}: {_ratio(ratio)}")
    if (ratio := contrast(text, accent)) < TEXT:
        found.append(f"button text {text} on {accent}: {_ratio(ratio)}")
    return found


def normal(colour: str) -> str:
    """Return a #rgb or #rrggbb colour as lower-case #rrggbb."""
    digits = colour[1:].lower()
    return "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits))


def on(colour: str) -> str:
    """Return the text colour for ``colour`` as a background: white or near-black."""
    return WHITE if contrast(WHITE, colour) >= contrast(INK, colour) else INK


def derive(accent: str) -> str:
    """Return the accent lightened until it reads on every dark background."""
    darks = [dark for _, dark in SURFACES.values()]
    return _walk(accent, lambda c: all(contrast(c, bg) >= TEXT for bg in darks), WHITE)


def _walk(colour: str, ok, target: str) -> str:
    """Return the first mix of ``colour`` toward ``target``, in 5% steps, that passes ``ok``."""
    for step in range(21):
        mixed = _mix(colour, target, step / 20)
        if ok(mixed):
            return mixed
    return target


def _mix(a: str, b: str, t: float) -> str:
    ra, rb = _rgb(a), _rgb(b)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ra, rb, strict=True))


def _rgb(colour: str) -> tuple[int, int, int]:
    h = normal(colour)
    return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)


def luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a hex colour."""
    channels = [c / 255 for c in _rgb(colour)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two hex colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _ratio(ratio: float) -> str:
    return f"contrast {math.floor(ratio * 100) / 100:.2f}:1, needs {TEXT}:1"
