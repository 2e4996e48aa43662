"""Source lines name the main publishers and their years, on every image, whatever the number of sources."""

from __future__ import annotations

from analysis.i18n import language
from analysis.render import source_line


def source(citation: str, published: str | None = None) -> dict:
    return {"short_citation": citation, "published": published}


MANY = [source("CDC, YRBS 2019", "2020-08-20"), source("CDC, YRBS 2021", "2023-04-27"),
        source("CDC, YRBS 2023", "2024-08-08"), source("CDC, YRBS 2017", "2018-06-15"),
        source("HRSA, Child Health USA 2012"), source("HRSA, Child Health USA 2014"),
        source("NCMEC, annual report 2020", "2021-03-01"), source("FBI, NCIC 2007", "2008-05-30")]


def test_many_sources_are_named_by_publisher_and_year_then_counted() -> None:
    with language("en"):
        line = source_line(MANY, "yrbs-bullying-trend")
    assert line.startswith("Sources: CDC (2018, 2020, 2023\u20132024); HRSA (2012, 2014); FBI (2008); "
                           "and 1 more, listed in the data file.")
    assert "publications" not in line and ".csv" not in line


def test_a_few_sources_are_cited_in_full_in_every_language() -> None:
    with language("fr"):
        line = source_line(MANY[:2])
    assert line.startswith("Sources\u00a0: CDC, YRBS 2019\u00a0; CDC, YRBS 2021.")  # two citations, plural
    with language("pt"):
        assert source_line(MANY[:1]).startswith("Fonte: CDC, YRBS 2019. Gráfico")
    with language("es"):
        assert source_line(MANY).startswith("Fuentes: CDC (2018, 2020, 2023\u20132024); HRSA (2012, 2014); FBI (2008); "
                                            "y 1 más, enumeradas en el archivo de datos.")


def test_four_citations_are_already_summarised_by_publisher() -> None:
    """More than three citations fill three lines of a square image: the line names publishers instead."""
    with language("en"):
        three, four = source_line(MANY[:3]), source_line(MANY[:4])
    assert three.startswith("Sources: CDC, YRBS 2019; CDC, YRBS 2021; CDC, YRBS 2023.")
    assert four.startswith("Sources: CDC (2018, 2020, 2023\u20132024). Chart")
