"""Which indicators measure the same thing: the comparability guard for axes, rankings and pooling."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# What must agree for two indicators to share an axis, a ranking or a pooled estimate.
ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("unit", "unit (a count of reports is not a prevalence)"),
    ("respondent", "who answered"),
    ("age_band", "age range"),
    ("recall_period", "recall period"),
    ("sample_frame", "sample frame"),
)

RESPONDENT_WORDS = {
    "child": "children", "parent": "parents", "agency": "agencies", "mixed": "mixed respondents",
}


class NotComparableError(ValueError):
    """Indicators or estimates that measure different things were put on one axis, ranking or pool."""


@dataclass(frozen=True)
class Measure:
    """What one indicator measures, as recorded in indicators.csv."""

    indicator_id: str
    title: str
    unit: str
    respondent: str
    age_min: int | None
    age_max: int | None
    population: str
    recall_period: str
    sample_frame: str
    mode: str
    definition: str
    comparability_group: str

    @property
    def age_band(self) -> str:
        if self.age_min is None and self.age_max is None:
            return self.population.split(" (")[0]
        if self.age_max is None:
            return f"{self.age_min}+"
        if self.age_min is None:
            return f"up to {self.age_max}"
        return f"{self.age_min}-{self.age_max}"

    def describe(self, attribute: str) -> str:
        value = getattr(self, attribute)
        return RESPONDENT_WORDS.get(value, value) if attribute == "respondent" else str(value)


@dataclass(frozen=True)
class Comparability:
    """The outcome of comparing indicators (and, for estimates, their age and sex strata)."""

    indicator_ids: tuple[str, ...]
    differences: tuple[str, ...]

    @property
    def comparable(self) -> bool:
        return not self.differences

    def note(self) -> str:
        """One sentence for a figure's note; empty when everything is comparable."""
        if self.comparable:
            return ""
        return "Not directly comparable: " + "; ".join(self.differences) + "."


def _optional_int(value: object) -> int | None:
    import pandas as pd

    return None if value is None or pd.isna(value) else int(value)


class Measures:
    """The indicator register with the comparability rules applied to it."""

    def __init__(self, indicators: pd.DataFrame) -> None:
        self._by_id: dict[str, Measure] = {}
        for row in indicators.to_dict("records"):
            self._by_id[str(row["indicator_id"])] = Measure(
                indicator_id=str(row["indicator_id"]), title=str(row["title"]),
                unit=str(row["unit"]), respondent=str(row["respondent"]),
                age_min=_optional_int(row.get("age_min")),
                age_max=_optional_int(row.get("age_max")), population=str(row["population"]),
                recall_period=str(row["recall_period"]), sample_frame=str(row["sample_frame"]),
                mode=str(row["mode"]), definition=str(row["definition"]),
                comparability_group=str(row["comparability_group"]))

    def __getitem__(self, indicator_id: str) -> Measure:
        try:
            return self._by_id[indicator_id]
        except KeyError:
            raise NotComparableError(
                f"indicator {indicator_id!r} is not in indicators.csv; add a row that defines it") from None

    def __iter__(self):
        return iter(self._by_id.values())

    def group_conflicts(self) -> list[str]:
        """Curation errors: indicators in one comparability group whose recorded attributes disagree."""
        problems = []
        groups: dict[str, list[Measure]] = {}
        for measure in self._by_id.values():
            groups.setdefault(measure.comparability_group, []).append(measure)
        for group, members in sorted(groups.items()):
            for attribute, label in ATTRIBUTES:
                values = sorted({m.describe(attribute) for m in members})
                if len(values) > 1:
                    ids = ", ".join(m.indicator_id for m in members)
                    problems.append(
                        f"comparability_group {group!r} ({ids}) mixes {label}: {' vs '.join(values)}")
        return problems

    def compare(self, indicator_ids: Iterable[str]) -> Comparability:
        ids = tuple(dict.fromkeys(indicator_ids))
        measures = [self[i] for i in ids]
        differences = []
        for attribute, label in ATTRIBUTES:
            values = list(dict.fromkeys(m.describe(attribute) for m in measures))
            if len(values) > 1:
                differences.append(f"{label} differs ({' vs '.join(values)})")
        groups = {m.comparability_group for m in measures}
        if len(groups) > 1 and not differences:
            differences.append("the questions differ (different comparability groups; see the definitions)")
        return Comparability(ids, tuple(differences))

    def require_comparable(self, indicator_ids: Iterable[str], *, purpose: str,
                           allow_noncomparable: bool = False) -> Comparability:
        """Raise NotComparableError unless the indicators may share `purpose` (or the caller opts in)."""
        result = self.compare(indicator_ids)
        if not result.comparable and not allow_noncomparable:
            raise NotComparableError(
                f"cannot put {', '.join(result.indicator_ids)} on {purpose}: "
                f"{'; '.join(result.differences)}. "
                "Use one comparability group, or pass allow_noncomparable=True and state the differences "
                "in the figure's note (Comparability.note()).")
        return result

    def require_comparable_estimates(self, estimates: pd.DataFrame, *, purpose: str,
                                     uniform: Sequence[str] = ("age", "sex"),
                                     allow_noncomparable: bool = False) -> Comparability:
        """As require_comparable, and the estimates must also share the strata named in `uniform`."""
        if estimates.empty:
            raise NotComparableError(f"no estimates to put on {purpose}")
        result = self.compare(estimates["indicator_id"].astype(str))
        differences = list(result.differences)
        for column in uniform:
            values = sorted(estimates[column].astype(str).unique())
            if len(values) > 1:
                differences.append(f"{column} differs ({' vs '.join(values)})")
        result = Comparability(result.indicator_ids, tuple(differences))
        if not result.comparable and not allow_noncomparable:
            raise NotComparableError(
                f"cannot put these estimates on {purpose}: {'; '.join(differences)}. Select one "
                f"comparability group and one value of {', '.join(uniform)}, or pass "
                "allow_noncomparable=True and state the differences in the figure's note.")
        return result


# --- Reports are not prevalence ------------------------------------------------------------------
# Counts of reports (CyberTipline, hotlines) measure detection and reporting by platforms and where an upload's
# IP address was located: never prevalence and never offences. No opt-in lets the two share an axis.
REPORT_UNITS = frozenset({"reports"})
PREVALENCE_UNITS = frozenset({"percent", "percent of respondents", "prevalence"})
# Years from which a report series is not comparable with earlier years: from 2024 platforms may bundle reports
# about one incident (REPORT Act, May 2024).
REPORT_BREAKS: tuple[int, ...] = (2024,)


def require_reports_apart(units: dict[str, str], *, purpose: str) -> None:
    """Raise NotComparableError when report counts and survey prevalence (name -> unit) would share `purpose`."""
    reports = sorted(name for name, unit in units.items() if unit in REPORT_UNITS)
    prevalence = sorted(name for name, unit in units.items() if unit in PREVALENCE_UNITS or "%" in unit)
    if reports and prevalence:
        raise NotComparableError(
            f"cannot put {', '.join(reports)} (reports) and {', '.join(prevalence)} (prevalence) on {purpose}: "
            "reports measure detection and reporting by platforms and where uploads were located, not how many "
            "children are affected. Draw them on separate axes; there is no opt-in.")


def comparable_runs(years: Iterable[int], breaks: Sequence[int] = REPORT_BREAKS) -> list[list[int]]:
    """The years cut at each break: a line or trend may join years within a run, never across one."""
    runs: list[list[int]] = []
    for year in sorted(set(int(y) for y in years)):
        if not runs or any(runs[-1][-1] < b <= year for b in breaks):
            runs.append([])
        runs[-1].append(year)
    return runs
