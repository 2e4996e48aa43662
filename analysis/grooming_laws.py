"""National online-grooming offences read in official texts, and what they can and cannot say about coverage."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

CLAIMED_SHARE_WITHOUT_LAW = 2 / 3  # claim S10: "two-thirds of the world's countries have no specific law"
# The answers meeting_required takes, as English catalog keys for tables and factsheets.
MEETING_LABELS = {"yes": "Yes", "no": "No", "not read": "Not read"}


REVIEW_YEAR = 2017  # the ICMEC grooming review the claim is attributed to


@dataclass(frozen=True)
class LawEvidence:
    """What the package knows about online-grooming offences across the UN member states."""

    members: int  # UN member states: the claim's "world's countries"
    with_offence: int  # members with at least one provision read in an official text
    verified_without: int  # members whose lack of any such offence was verified (the package records none)
    in_force_by_review: int = 0  # members with a provision recorded as in force by the end of REVIEW_YEAR

    @property
    def not_known(self) -> int:
        return self.members - self.with_offence - self.verified_without

    @property
    def max_share_without_pct(self) -> float:
        """The largest share of member states that could lack an offence, given what was read."""
        return 100 * (self.members - self.with_offence) / self.members

    @property
    def absences_needed(self) -> int:
        """Verified absences needed before 'two-thirds have no law' could be confirmed."""
        return math.ceil(CLAIMED_SHARE_WITHOUT_LAW * self.members - 1e-9)

    @property
    def offences_to_refute(self) -> int:
        """States with an offence that leave fewer than two-thirds without one."""
        return self.members - self.absences_needed + 1

    @property
    def contradicted(self) -> bool:
        return self.with_offence >= self.offences_to_refute


def in_force_years(laws: pd.DataFrame) -> pd.Series:
    """The year each provision applied from (YYYY, YYYY-MM or YYYY-MM-DD as read); missing where not read."""
    return laws["in_force"].astype("string").str.slice(0, 4).astype("Int64")


def law_evidence(laws: pd.DataFrame) -> LawEvidence:
    """Count UN member states with a verified offence; states without a row are not known, never 'no law'.

    A provision counts as in force by the review year only when its recorded date says so; an undated one
    does not, so that count is a lower bound."""
    from analysis.countries import un_member_states

    members = set(un_member_states()["iso3"])
    by_review = set(laws.loc[in_force_years(laws).le(REVIEW_YEAR).fillna(False).astype(bool), "iso3"])
    return LawEvidence(members=len(members), with_offence=len(members & set(laws["iso3"])), verified_without=0,
                       in_force_by_review=len(members & by_review))


def two_thirds_verdict(evidence: LawEvidence) -> str:
    """The computed answer to claim S10, in words (English; the audit is English)."""
    if evidence.contradicted:
        verdict = (f"Contradicted by the package for the laws as read now: {evidence.with_offence} of "
                   f"{evidence.members} UN member states have an offence read in their law, so at most "
                   f"{evidence.max_share_without_pct:.1f}% could lack one.")
        if evidence.in_force_by_review >= evidence.offences_to_refute:
            return (f"{verdict} It was already untrue in {REVIEW_YEAR}: {evidence.in_force_by_review} of them "
                    f"record the offence as in force by the end of that year.")
        return (f"{verdict} For {REVIEW_YEAR}, the year of the review it is attributed to, only "
                f"{evidence.in_force_by_review} of them record the offence as in force by the end of that year (the "
                f"others were enacted later or their date was not read), so the package cannot say the claim was "
                f"untrue when it was made.")
    return (f"Cannot be computed: an online-grooming offence was read in the law of {evidence.with_offence} of "
            f"{evidence.members} UN member states and no state's lack of one was verified, so "
            f"{evidence.not_known} are not known. Confirming 'two-thirds have no law' would take at least "
            f"{evidence.absences_needed} verified absences; refuting it, offences in at least "
            f"{evidence.offences_to_refute} states. What was read only bounds the share without "
            f"an offence at {evidence.max_share_without_pct:.1f}% or less.")


def law_table(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The provisions, one row each, in order of the date from which they applied (unknown dates last)."""
    laws = frames["grooming_laws"].copy()
    laws["in_force_year"] = in_force_years(laws)
    return laws.sort_values(["in_force_year", "in_force", "iso3", "jurisdiction", "provision"],
                            na_position="last").reset_index(drop=True)
