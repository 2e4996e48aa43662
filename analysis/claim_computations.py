"""Claims recomputed from the data package: each computation reads named rows and returns a verdict with its value."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

REPRODUCED = "reproduced"
DIFFERENT_DEFINITION = "reproduced with a different definition"
CONTRADICTED = "contradicted"
NOT_REPRODUCIBLE = "not reproducible"


@dataclass(frozen=True)
class Computation:
    """What the data say of a claim's number: the value, how a reader would write it, the verdict and why.

    ``verdict`` None keeps the register's curated status (the computation informs but does not settle it)."""

    value: float | None
    display: str
    verdict: str | None
    explanation: str
    rows: tuple[str, ...]  # the rows read, as 'file: key' (so a reader can find them)


Compute = Callable[[Mapping[str, "pd.DataFrame"]], Computation]


@dataclass(frozen=True)
class Registered:
    datasets: tuple[str, ...]
    compute: Compute


COMPUTATIONS: dict[str, Registered] = {}


def computation(name: str, *datasets: str) -> Callable[[Compute], Compute]:
    """Register ``compute`` under ``name``, the value claims.csv gives in its reproduced_by column."""
    def decorator(compute: Compute) -> Compute:
        COMPUTATIONS[name] = Registered(datasets, compute)
        return compute
    return decorator


class ComputationDataError(ValueError):
    """The rows a computation needs are not in the data package."""


def _one(table: pd.DataFrame, file: str, **keys: object) -> pd.Series:
    found = table
    for column, value in keys.items():
        found = found[found[column] == value]
    where = ", ".join(f"{k}={v}" for k, v in keys.items())
    if len(found) != 1:
        raise ComputationDataError(f"{file}: expected one row with {where}, found {len(found)}; the claims audit "
                                   "reads it (analysis/claim_computations.py)")
    return found.iloc[0]


# --- S09: NCMEC's 2017 trafficking ratio -----------------------------------------------------------------------

NCMEC_CLAIM_YEAR, NCMEC_CLAIMED_N = 2017, 7  # "in 2017 one in seven children reported missing to NCMEC"


@computation("ncmec_trafficking_ratio", "counts")
def ncmec_ratio(frames: Mapping[str, pd.DataFrame]) -> Computation:
    """The ratio NCMEC published for the year, and the denominator it used (runaways, not all missing children)."""
    counts = frames["counts"]
    series = {"ncmec_trafficking_ratio_runaways": "runaways", "ncmec_trafficking_ratio_endangered_runaways":
              "endangered runaways"}
    found = counts[counts["series_id"].isin(series) & (counts["year"] == NCMEC_CLAIM_YEAR)]
    if found.empty:
        raise ComputationDataError(f"counts.csv: no NCMEC trafficking ratio for {NCMEC_CLAIM_YEAR} (series "
                                   f"{', '.join(series)}); the audit of claim S09 reads it")
    row = found.iloc[0]
    n = int(row["value"])
    denominator = series[row["series_id"]]
    rows = (f"counts.csv: {row['series_id']}, {row['area']}, {NCMEC_CLAIM_YEAR} ({row['source_id']})",)
    if n != NCMEC_CLAIMED_N:
        return Computation(float(n), f"1 in {n}", CONTRADICTED,
                           f"NCMEC's {NCMEC_CLAIM_YEAR} ratio is 1 in {n} {denominator}, not 1 in {NCMEC_CLAIMED_N}.",
                           rows)
    return Computation(float(n), f"1 in {n}", DIFFERENT_DEFINITION,
                       f"1 in {n} matches, but NCMEC's denominator is the {denominator} reported to it in "
                       f"{NCMEC_CLAIM_YEAR}, not all children reported missing (share {100 / n:.1f}% of "
                       f"{denominator}).", rows)


# --- S11: Argentina's article 131 -----------------------------------------------------------------------------

ARG_CLAIMED_YEAR, ARG_CLAIMED_MAX_YEARS = 2013, 4.0


@computation("argentina_grooming_article", "grooming_laws")
def argentina_article(frames: Mapping[str, pd.DataFrame]) -> Computation:
    """The year and maximum penalty of the Argentine grooming provision as read."""
    from analysis.grooming_laws import in_force_years

    laws = frames["grooming_laws"]
    row = _one(laws, "grooming_laws.csv", iso3="ARG")
    year = int(in_force_years(laws[laws["iso3"] == "ARG"]).iloc[0])
    penalty = float(row["max_penalty_years"])
    rows = (f"grooming_laws.csv: ARG, {row['provision']} ({row['source_id']})",)
    display = f"{year}; up to {penalty:g} years"
    if (year, penalty) != (ARG_CLAIMED_YEAR, ARG_CLAIMED_MAX_YEARS):
        return Computation(float(year), display, CONTRADICTED,
                           f"As read: {year}, maximum {penalty:g} years ({row['max_penalty_as_written']}).", rows)
    return Computation(float(year), display, REPRODUCED,
                       f"{row['provision']} as read: {row['max_penalty_as_written']}; the year is the one recorded "
                       f"({row['in_force_basis']}).", rows)


# --- S10: two-thirds without a grooming law -------------------------------------------------------------------

@computation("grooming_law_two_thirds", "grooming_laws")
def two_thirds(frames: Mapping[str, pd.DataFrame]) -> Computation:
    """What the laws read say of 'two-thirds of countries have no law': contradicted, or only bounded."""
    from analysis.grooming_laws import law_evidence, two_thirds_verdict

    evidence = law_evidence(frames["grooming_laws"])
    share = evidence.max_share_without_pct
    return Computation(share, f"at most {share:.1f}% without", CONTRADICTED if evidence.contradicted else None,
                       two_thirds_verdict(evidence),
                       (f"grooming_laws.csv: {evidence.with_offence} UN member states with a provision read",))


# --- S02, S03, S13: UNICEF's 2019 U-Report poll ---------------------------------------------------------------

POLL = "ureport_online_bullying_2019"
POLL_SOURCE = "unicef_vietnam_ureport_2019"  # UNICEF's own release; other rows are press reports of it


def _poll_reading(frames: Mapping[str, pd.DataFrame], measure: str) -> tuple[str, float | None, tuple[str, ...]]:
    """UNICEF's own wording of a whole-poll result, the pooled percentage if any page printed one, and the rows."""
    poll = frames["poll_results"]
    rows = poll[(poll["poll_id"] == POLL) & (poll["area"] == "WLD") & (poll["measure"] == measure)]
    own = rows[rows["source_id"] == POLL_SOURCE]
    if own.empty:
        raise ComputationDataError(f"poll_results.csv: no whole-poll row for '{measure}' from {POLL_SOURCE}")
    wording = " / ".join(dict.fromkeys(str(v) for v in own["value_as_published"]))
    shares = rows[rows["share_pct"].notna()]
    share = float(shares["share_pct"].iloc[0]) if not shares.empty else None
    read = tuple(f"poll_results.csv: {measure}, WLD, '{r.value_as_published}' ({r.source_id})"
                 for r in rows.itertuples(index=False))
    return wording, share, read


def _shown(wording: str, share: float | None) -> str:
    return wording if share is None else f"{wording} (UNICEF); {share:g}% (press report)"


@computation("ureport_bullied", "poll_results", "sources")
def ureport_bullied(frames: Mapping[str, pd.DataFrame]) -> Computation:
    """S02: 'more than a third ... in 30 countries say they have been cyberbullied'."""
    wording, share, rows = _poll_reading(frames, "victim_online_bullying")
    verdict = REPRODUCED if share is None or share > 100 / 3 else CONTRADICTED
    return Computation(share, _shown(wording, share), verdict,
                       f"UNICEF's release says '{wording}' of the respondents in 30 countries"
                       + (f"; the only pooled percentage read, {share:g}%, is a press report's." if share else "."),
                       rows)


@computation("ureport_skipped_school", "poll_results", "sources")
def ureport_skipped_school(frames: Mapping[str, pd.DataFrame]) -> Computation:
    """S03: 'one in five of them skipped school because of cyberbullying and violence'."""
    wording, share, rows = _poll_reading(frames, "skipped_school_cyberbullying_violence")
    return Computation(share, _shown(wording, share), DIFFERENT_DEFINITION,
                       f"UNICEF's release says '{wording}' of the respondents skipped school due to cyberbullying and "
                       "violence; it does not say the share is of those bullied, as 'of them' has it.", rows)


@computation("ureport_campaign_wording", "poll_results", "sources")
def ureport_campaign(frames: Mapping[str, pd.DataFrame]) -> Computation:
    """S13: both numbers, as campaigns word them (without the poll's frame)."""
    bullied, _share, rows_a = _poll_reading(frames, "victim_online_bullying")
    skipped, _share2, rows_b = _poll_reading(frames, "skipped_school_cyberbullying_violence")
    return Computation(None, f"{bullied}; {skipped}", DIFFERENT_DEFINITION,
                       f"The numbers are UNICEF's ('{bullied}'; '{skipped}'), but they describe self-selected "
                       "respondents aged 13-24 in 30 countries, and skipping school is for 'cyberbullying and "
                       "violence'.", (*rows_a, *rows_b))
