"""Colour: every categorical scheme stays distinguishable under colour-vision deficiencies; text meets WCAG AA."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from analysis.cards import BACKGROUND as CARD_BACKGROUND
from analysis.figures.claims import STATUS_COLOURS as CLAIM_STATUS_COLOURS
from analysis.figures.cyberbullying import MEASURE_COLOURS
from analysis.figures.cyberbullying_countries import REGION_COLOURS
from analysis.figures.legal import STATUS_COLOURS as TREATY_STATUS_COLOURS
from analysis.plotting import palette

SCHEMES = {
    "series": list(palette.SERIES),
    "sex": [palette.SEX["female"], palette.SEX["male"]],
    "regions": list(REGION_COLOURS.values()),
    "treaty status": list(TREATY_STATUS_COLOURS.values()),
    "claim status": list(CLAIM_STATUS_COLOURS.values()),
    "YRBS measures": list(MEASURE_COLOURS.values()),
}
DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")  # at severity 100: -anopia
MIN_DELTA_E = 10.0  # CAM02-UCS distance between any two colours of a scheme, after simulation


def rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255


def simulate(hex_colour: str, deficiency: str) -> np.ndarray:
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(cspace_convert(rgb(hex_colour), space, "sRGB1"), 0, 1)


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_scheme_is_distinguishable(scheme: str, deficiency: str) -> None:
    colours = SCHEMES[scheme]
    for a, b in itertools.combinations(colours, 2):
        distance = deltaE(simulate(a, deficiency), simulate(b, deficiency), input_space="sRGB1")
        assert distance >= MIN_DELTA_E, f"{scheme}: {a} and {b} are {distance:.1f} apart under {deficiency}"


def test_simulation_tells_red_from_green_apart_only_with_normal_vision() -> None:
    """The check can fail: pure red and green collapse under deuteranopia."""
    normal = deltaE(rgb("#d62728"), rgb("#2ca02c"), input_space="sRGB1")
    deutan = deltaE(simulate("#d62728", "deuteranomaly"), simulate("#2ca02c", "deuteranomaly"), input_space="sRGB1")
    assert normal > 40 and deutan < MIN_DELTA_E


def relative_luminance(hex_colour: str) -> float:
    channel = rgb(hex_colour)
    linear = np.where(channel <= 0.04045, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2])


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag_extremes() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("text", "background", "where"), [
    (palette.INK, "#ffffff", "titles and labels"),
    (palette.MUTED, "#ffffff", "subtitles, notes and source lines"),
    ("#ffffff", palette.BLUE, "counts on 'party' bars"),
    (palette.INK, palette.SKY_BLUE, "counts on 'signatory' bars"),
    (palette.INK, TREATY_STATUS_COLOURS["not a party"], "counts on 'not a party' bars"),
    (palette.INK, "#f2f2f2", "definitions-panel rows"),
    (palette.BLUE, "#ffffff", "gallery links and buttons"),
    (palette.INK, CARD_BACKGROUND, "stat card sentence"),
    (palette.MUTED, CARD_BACKGROUND, "stat card kicker, caveat and source line"),
    (palette.BLUE, CARD_BACKGROUND, "stat card number"),
    ("#ffffff", palette.BLUE, "gallery buttons on hover"),
])
def test_text_on_backgrounds_meets_wcag_aa(text: str, background: str, where: str) -> None:
    assert contrast(text, background) >= 4.5, where
