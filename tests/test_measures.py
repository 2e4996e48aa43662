"""The comparability guard refuses to mix measures unless the caller opts in and says why."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.measures import Measures, NotComparableError

BASE = {"unit": "percent", "population": "students", "mode": "questionnaire", "definition": "d"}


def indicators() -> pd.DataFrame:
    rows = [
        dict(BASE, indicator_id="hbsc_cyber", title="HBSC", respondent="child", age_min=11, age_max=15,
             recall_period="past couple of months", sample_frame="probability sample",
             comparability_group="hbsc"),
        dict(BASE, indicator_id="hbsc_cyber_again", title="HBSC (national report)", respondent="child",
             age_min=11, age_max=15, recall_period="past couple of months",
             sample_frame="probability sample", comparability_group="hbsc"),
        dict(BASE, indicator_id="ipsos_parent", title="Ipsos", respondent="parent", age_min=None,
             age_max=None,
             recall_period="ever", sample_frame="self-selected", comparability_group="ipsos"),
        dict(BASE, indicator_id="same_attributes_other_question", title="Other", respondent="child",
             age_min=11, age_max=15, recall_period="past couple of months", sample_frame="probability sample",
             comparability_group="other"),
        dict(BASE, indicator_id="reports", title="CyberTipline reports", unit="count", respondent="agency",
             age_min=None, age_max=None, recall_period="calendar year", sample_frame="administrative records",
             comparability_group="reports"),
    ]
    return pd.DataFrame(rows)


def test_same_group_is_comparable() -> None:
    result = Measures(indicators()).require_comparable(["hbsc_cyber", "hbsc_cyber_again"], purpose="one axis")
    assert result.comparable and result.note() == ""


def test_child_and_parent_reports_are_refused_with_reasons() -> None:
    with pytest.raises(NotComparableError) as error:
        Measures(indicators()).require_comparable(["hbsc_cyber", "ipsos_parent"], purpose="one axis")
    message = str(error.value)
    assert "one axis" in message
    assert "who answered differs (children vs parents)" in message
    assert "recall period differs (past couple of months vs ever)" in message
    assert "sample frame differs" in message and "allow_noncomparable=True" in message


def test_opting_in_returns_the_note_to_print() -> None:
    result = Measures(indicators()).require_comparable(
        ["hbsc_cyber", "ipsos_parent"], purpose="one axis", allow_noncomparable=True)
    assert not result.comparable
    assert result.note().startswith("Not directly comparable: ")
    assert "children vs parents" in result.note()


def test_counts_of_reports_are_not_prevalence() -> None:
    with pytest.raises(NotComparableError, match="a count of reports is not a prevalence"):
        Measures(indicators()).require_comparable(["hbsc_cyber", "reports"], purpose="one ranking")


def test_different_questions_with_equal_attributes_are_refused() -> None:
    with pytest.raises(NotComparableError, match="the questions differ"):
        Measures(indicators()).require_comparable(["hbsc_cyber", "same_attributes_other_question"],
                                                  purpose="one pooled estimate")


def test_estimates_must_share_age_and_sex() -> None:
    estimates = pd.DataFrame({"indicator_id": ["hbsc_cyber", "hbsc_cyber"], "age": ["11", "15"],
                              "sex": ["total", "total"]})
    with pytest.raises(NotComparableError, match=r"age differs \(11 vs 15\)"):
        Measures(indicators()).require_comparable_estimates(estimates, purpose="one ranking")
    one_age = estimates.iloc[:1]
    assert Measures(indicators()).require_comparable_estimates(one_age, purpose="one ranking").comparable


def test_unknown_indicator_names_the_file_to_fix() -> None:
    with pytest.raises(NotComparableError, match="indicators.csv"):
        Measures(indicators())["nope"]


def test_group_with_conflicting_attributes_is_a_curation_error() -> None:
    frame = indicators()
    frame.loc[frame["indicator_id"] == "hbsc_cyber_again", "age_max"] = 17
    problems = Measures(frame).group_conflicts()
    assert problems == [
        "comparability_group 'hbsc' (hbsc_cyber, hbsc_cyber_again) mixes age range: 11-15 vs 11-17"]


def test_shipped_indicator_groups_are_consistent() -> None:
    from analysis.catalog import load

    assert Measures(load("indicators")).group_conflicts() == []
