"""What a tag's name may be, how it is tidied, and the palette's contrast (services.tags.names)."""

import pytest

from helpdesk_app.services.tags.names import PALETTE, color_error, name_error, name_key, tidy


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("colour", list(PALETTE))
def test_every_colour_keeps_its_text_readable(colour):
    background, text = PALETTE[colour]
    assert _contrast(background, text) >= 4.5, f"{colour}: {_contrast(background, text):.2f}:1"


def test_the_palette_has_about_a_dozen_colours():
    assert 10 <= len(PALETTE) <= 14
    assert color_error("blue") is None and "Use one of" in color_error("#ff0000")


def test_names_are_trimmed_and_their_inner_spaces_collapsed():
    assert tidy("  Billing \t  issue \n") == "Billing issue"


def test_one_key_whatever_the_case_or_width():
    assert name_key("Billing") == name_key(" billing ") == name_key("BILLING") == name_key("ｂｉｌｌｉｎｇ")
    assert name_key("Straße") == name_key("STRASSE")


@pytest.mark.parametrize(("raw", "why"), [
    ("", "Enter a tag name."),
    ("   ", "Enter a tag name."),
    ("x" * 51, "at most 50"),
    ("a,b", "comma"),
    ("bell\x07", "control"),
    ("nul\x00", "control"),
    ("line\u2028break", "control"),
])
def test_bad_names_are_refused_with_a_reason(raw, why):
    assert why in name_error(raw)


@pytest.mark.parametrize("raw", ["VIP", "needs follow-up", "x" * 50, "Überweisung", "🔥 hot"])
def test_good_names_pass(raw):
    assert name_error(raw) is None
