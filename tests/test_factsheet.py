"""Country factsheets: the right rows for each country, one legible page, one command for one or all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import factsheet
from analysis.catalog import Catalog
from analysis.cli import main
from analysis.countries import country
from analysis.factsheet import (
    PAGE,
    UnknownFactsheetCountryError,
    draw_factsheet,
    factsheet_countries,
    factsheet_data,
    load_frames,
)
from analysis.i18n import language
from analysis.plotting.layout import house_style
from analysis.plotting.legibility import drawn_texts


@pytest.fixture(scope="module")
def frames() -> dict:
    return load_frames(Catalog())


def page_texts(iso3: str, lang: str, frames: dict) -> str:
    with language(lang), house_style():
        figures = draw_factsheet(factsheet_data(iso3, frames), frames["sources"], frames["indicators"],
                                 frames["count_series"])
        texts = [text for fig in figures for text, _pt, _box in drawn_texts(fig, PAGE.dpi)[0]]
    return "\n".join(texts)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def test_argentina_shows_its_treaty_and_says_no_survey_covers_it(frames: dict) -> None:
    data = factsheet_data("ARG", frames)
    status = frames["treaty_status"]
    row = status[(status["iso3"] == "ARG") & (status["instrument_id"] == "opsc")].iloc[0]
    assert [(t.instrument, t.status, t.consent and t.consent.isoformat()) for t in data.treaties] == [
        ("OPSC (UN)", "party", row["consent"].date().isoformat()), ("Lanzarote Convention (CoE)", "not a party", None),
        ("Budapest Convention (CoE)", "party", None)]
    assert data.hbsc is None and data.series == {}
    assert {"coe_cets185_statement_2024_10", "coe_lanzarote_convention_page", "infoleg_codigo_penal_ar",
            "untc_opsc_status", "unicef_sowc2023_tables"} <= set(data.source_ids)
    assert (data.bullying.girls_pct, data.bullying.boys_pct) == (24.2, 24.8)  # SOWC 2023 table 15, row 15
    text = page_texts("ARG", "es", frames)
    assert "Argentina" in text
    assert f"Ratificación el {row['consent'].day} de septiembre de {row['consent'].year}" in text
    # Código Penal art. 131 (Ley 26.904): 'prisión de seis (6) meses a cuatro (4) años', no meeting element.
    assert "Delito de grooming: Código Penal (Ley 11.179, t.o. 1984), art. 131; en vigor desde 2013; exige " \
           "encuentro: no; hasta 4 años de prisión." in text.replace("\n", " ")
    assert "Ninguna encuesta sobre ciberacoso del paquete de datos cubre este país." in text
    assert "chicas 24,2\u00a0%; chicos 24,8\u00a0%; mediana de América Latina y el Caribe: 24,5\u00a0%" in \
        text.replace("\n", " ")
    assert "no significa que no haya ley" in text.replace("\n", " ")  # not in the data is not the same as no law


def test_united_kingdom_compares_its_samples_with_the_rest_of_europe_only(frames: dict) -> None:
    data = factsheet_data("GBR", frames)
    assert data.hbsc_year == 2022
    assert sorted(data.hbsc["area"].unique()) == ["GB-ENG", "GB-SCT", "GB-WLS"]
    regional = set(data.hbsc_region["area"])
    assert {"FRA", "DEU", "ESP"} <= regional
    assert not regional & {"CAN", "KAZ", "GB-ENG"}  # other regions, and the country itself, are left out
    assert all(country(a).m49_region == "Europe" for a in regional)
    survey = frames["survey_estimates"]
    scotland_girls_11 = survey[(survey["area"] == "GB-SCT") & (survey["year"] == 2022) & (survey["sex"] == "female")
                               & (survey["age"] == "11") & (survey["indicator_id"] == "hbsc_cyberbullied")]
    shown = data.hbsc[(data.hbsc["area"] == "GB-SCT") & (data.hbsc["sex"] == "female") & (data.hbsc["age"] == "11")]
    assert shown["value_pct"].tolist() == scotland_girls_11["value_pct"].tolist() == [22.0]
    text = page_texts("GBR", "fr", frames)
    assert "Royaume-Uni" in text and "Écosse" in text and "HBSC 2021/22" in text and "11 ans, filles" in text


def test_united_states_lists_its_yrbs_series_with_recall_period(frames: dict) -> None:
    data = factsheet_data("USA", frames)
    assert sorted(data.series) == ["yrbs_bullied_on_school_property", "yrbs_electronically_bullied"]
    text = page_texts("USA", "en", frames)
    assert "Electronically bullied (US national YRBS), recall period 12 months before the survey" in text
    assert "2021: 15.9%" in text


def test_unknown_and_subnational_codes_are_refused(frames: dict) -> None:
    with pytest.raises(UnknownFactsheetCountryError, match="ISO 3166-1 alpha-3"):
        factsheet_data("XYZ", frames)
    with pytest.raises(UnknownFactsheetCountryError, match="ask for GBR"):
        factsheet_data("GB-SCT", frames)


def test_all_covers_every_un_member_and_every_area_in_the_data(frames: dict) -> None:
    codes = factsheet_countries(frames)
    assert len(codes) == len(set(codes))
    assert {"ARG", "FRA", "USA", "GRL"} <= set(codes)  # Greenland: an HBSC sample, not a UN member
    assert set(frames["treaty_status"]["iso3"]) <= set(codes)
    assert not any("-" in code for code in codes)


def test_command_writes_a_one_page_pdf_byte_identical_on_rebuild(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    args = ["factsheet", "ARG", "--lang", "es", "--out", str(tmp_path), "--no-progress", "-j", "1"]
    assert main(args) == 0
    target = tmp_path / "ARG.es.pdf"
    assert f"wrote {target}" in capsys.readouterr().out
    first = target.read_bytes()
    assert first.startswith(b"%PDF") and pdf_pages(first) == 1
    assert main(args) == 0
    assert target.read_bytes() == first
    assert not list(tmp_path.parent.glob(f".{tmp_path.name}.staging/*"))  # nothing half-written left behind


def test_all_runs_every_country_with_a_progress_bar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(factsheet, "factsheet_countries", lambda frames: ["FRA", "GRL", "USA"])
    assert main(["factsheet", "--all", "--lang", "en", "pt", "--out", str(tmp_path), "-j", "2"]) == 0
    captured = capsys.readouterr()
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "FRA.pdf", "FRA.pt.pdf", "GRL.pdf", "GRL.pt.pdf", "USA.pdf", "USA.pt.pdf"]
    assert "factsheets: 100%" in captured.err and "6/6" in captured.err
    # One page each, or two where the country's CyberTipline line pushes the sources on to a second page.
    assert all(pdf_pages(p.read_bytes()) <= 2 for p in tmp_path.glob("*.pdf"))
    assert pdf_pages((tmp_path / "GRL.pdf").read_bytes()) == 1


def test_command_errors_name_the_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["factsheet", "XYZ", "--out", str(tmp_path), "--no-progress"]) == 2
    assert "no factsheet for 'XYZ'" in capsys.readouterr().err
    assert main(["factsheet", "--out", str(tmp_path)]) == 2
    assert "name one or more countries" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_official_counts_show_the_latest_value_with_its_published_qualifier(frames: dict) -> None:
    from analysis.factsheet import period_label
    from analysis.published_values import count_value

    usa = factsheet_data("USA", frames)
    assert set(usa.counts) >= {"ncic_entries_under18", "ncmec_trafficking_ratio_runaways"}
    assert "ncic_entries_all" not in usa.counts  # all ages: not a count about children
    assert int(usa.counts["ncic_entries_under18"]["year"].iloc[-1]) == 2024
    argentina = factsheet_data("ARG", frames).counts  # its own registry's series only, nothing from the US
    assert set(argentina) == {"rnipme_missing_child_searches"}
    assert argentina["rnipme_missing_child_searches"]["value"].tolist() == [3115]  # the latest year, 2023
    with language("en"):
        assert count_value(4373, "offences", "lower bound") == "at least 4,373"
        assert count_value(20_000_000, "reports", "lower bound, rounded") == "at least 20,000,000"
        assert count_value(7, "ratio (1 in N)", "rounded") == "1 in 7"
    assert period_label(2018, "financial year (April to March; year = the year it starts)") == "2018/19"
    text = " ".join(page_texts("GBR", "en", frames).split())
    assert "2018/19: at least 4,373" in text and "2022/23: 6,350" in text


def test_a_crowded_factsheet_moves_its_sources_to_a_second_page(frames: dict) -> None:
    from analysis.factsheet import CHART_MIN_IN, render_factsheet

    # The UK page holds three offences, three treaties, four count series and three HBSC samples: the sources
    # would leave the chart too little room, so they continue on page 2; both renders are byte-identical.
    first = render_factsheet("GBR", frames, "fr")
    assert pdf_pages(first) == 2 and render_factsheet("GBR", frames, "fr") == first
    with language("fr"), house_style():
        figures = draw_factsheet(factsheet_data("GBR", frames), frames["sources"], frames["indicators"],
                                 frames["count_series"])
    page_two = [text for text, _pt, _box in drawn_texts(figures[1], PAGE.dpi)[0]]
    assert "Royaume-Uni\u00a0: fiche pays, page 2" in page_two and "Sources" in page_two  # beside the reports panel
    chart = next(ax for ax in figures[0].axes if ax.get_xlabel() == "Pourcentage d'élèves")  # not the reports panel
    assert chart.get_position().height * PAGE.height_in >= CHART_MIN_IN
    assert pdf_pages(render_factsheet("ARG", frames, "en")) == 1


def test_the_legibility_check_reads_the_same_texts_without_painting_the_page(frames: dict) -> None:
    """Factsheets are saved only as PDF, so their check lays each page out without painting it: the texts it
    records, and where they sit, must be those of a painted drawing."""
    from analysis.plotting.legibility import _drawn_text_artists

    found = []
    for pixels in (True, False):
        with language("fr"), house_style():
            pages = draw_factsheet(factsheet_data("GBR", frames), frames["sources"], frames["indicators"],
                                   frames["count_series"])
            texts = []
            for page in pages:
                artists, renderer = _drawn_text_artists(page, PAGE.dpi, pixels)
                texts += [(a.get_text(), tuple(round(v, 3) for v in a.get_window_extent(renderer).bounds))
                          for a in artists]
            found.append(texts)
    assert len(found[0]) > 50 and found[0] == found[1]
