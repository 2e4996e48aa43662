# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Cyberbullying of children: what the surveys measure, and what they find
#
# **Question.** How common is cyberbullying victimisation among school-age children, how does it
# vary by country, age and sex, and why do the headline numbers that circulate differ so much?
#
# **Data.** Published estimates only, each traced to its source in `datasets/public/`
# (`survey_estimates.csv`, `bullying_global.csv`, `indicators.csv`, `sources.csv`):
#
# - *HBSC* (Health Behaviour in School-aged Children, WHO collaborative study), 2017/18 and 2021/22:
#   students aged 11, 13 and 15 in Europe, central Asia and Canada, asked whether they had been
#   cyberbullied in the past couple of months; percentages by country, age group and sex from the
#   HBSC Data Browser export. No sample sizes or intervals are published there.
# - *YRBS* (US Youth Risk Behavior Survey, CDC): US high-school students, bullied electronically or
#   on school property in the past 12 months.
# - *UNICEF, State of the World's Children 2023*, table 15 (and the 2017 *Ending Violence in Childhood*
#   compilation where UNICEF has no value): students aged 13-15 in about 130 countries bullied (any
#   bullying) on at least one day in the past 30 days, by sex.
#
# These are different questions put to different children over different periods. The toolkit's
# comparability guard (`analysis.measures`) refuses to put them on one axis or in one ranking unless
# a figure opts in and says why.

# %% tags=["parameters"]
# Parameters (papermill): the country or sub-national sample to look at, and the HBSC survey year.
area: str = "ESP"
year: int = 2022

# %%
import pandas as pd
from IPython.display import Markdown

from analysis import notebook
from analysis.catalog import load
from analysis.countries import parent_iso3
from analysis.figures.country_estimates import area_label
from analysis.global_bullying import (
    SOWC,
    country_table,
    factsheet_sentences,
    for_factsheet,
    regional_medians,
    require_one_measure,
)
from analysis.measures import Measures, NotComparableError

estimates = load("survey_estimates")
indicators = load("indicators")
measures = Measures(indicators)
cyber = estimates[estimates["indicator_id"].isin(indicators.loc[indicators["topic"] == "cyberbullying",
                                                                 "indicator_id"])]
countries = sorted({parent_iso3(a) for a in cyber["area"] if a != "average"})
Markdown(f"{len(cyber)} published estimates from {cyber['source_id'].nunique()} sources cover "
         f"{len(countries)} countries.")

# %% [markdown]
# ## Definitions
#
# Each indicator records who answered, the ages, the recall period and the sample.

# %%
indicators.loc[indicators["topic"] == "cyberbullying",
               ["indicator_id", "respondent", "age_min", "age_max", "recall_period", "sample_frame",
                "comparability_group"]]

# %%
notebook.figure("cyberbullying-definitions")

# %% [markdown]
# The guard in action: ranking HBSC students against US high-school students is refused, with the reasons.

# %%
try:
    measures.require_comparable(["hbsc_cyberbullied", "yrbs_electronically_bullied"], purpose="one ranking")
except NotComparableError as refusal:
    print(refusal)

# %% [markdown]
# ## Countries, ages and sexes (HBSC)

# %%
notebook.figure("hbsc-cyberbullying-age-sex")

# %%
chosen = cyber[(cyber["indicator_id"] == "hbsc_cyberbullied") & (cyber["area"] == area) & (cyber["year"] == year)]
averages = cyber[(cyber["indicator_id"] == "hbsc_cyberbullied") & (cyber["area"] == "average")
                 & (cyber["year"] == year)]
if chosen.empty:
    print(f"No HBSC {year} estimates for {area}.")
else:
    table = chosen.pivot_table(index="age", columns="sex", values="value_pct").join(
        averages.pivot_table(index="age", columns="sex", values="value_pct").add_prefix("HBSC average, "))
    display(Markdown(f"**{area_label(area)}, HBSC {year}**, % cyberbullied in the past couple of months"))
    display(table)

# %% [markdown]
# The gap between girls and boys varies in sign across countries; without published sample sizes the
# toolkit makes no significance claim for any single country.

# %%
notebook.figure("hbsc-cyberbullying-sex-gap")

# %% [markdown]
# ## The United States (YRBS)

# %%
notebook.figure("yrbs-bullying-trend")

# %% [markdown]
# ## The world: bullying at ages 13-15 (UNICEF)
#
# Any bullying, not cyberbullying: UNICEF's *State of the World's Children 2023* (table 15) gives the share
# of students aged 13-15 bullied on at least one day in the past 30 days, by sex, compiled from school
# surveys of 2011-2018 (GSHS and HBSC). The earlier *Ending Violence in Childhood* compilation (2017) fills
# countries that UNICEF's table leaves blank; the two are never mixed in one map, ranking or median.

# %%
notebook.figure("bullying-world-map")

# %%
worldwide = load("bullying_global")
sowc = country_table(worldwide, indicators, SOWC)
medians = regional_medians(sowc).sort_values("median_pct", ascending=False)
display(Markdown(f"UNICEF's table has a value for {sowc['both_pct'].notna().sum()} countries and areas; "
                 "the median of each region (both sexes; the mean of girls and boys where both are given):"))
medians

# %%
found = for_factsheet(parent_iso3(area), worldwide, indicators)
Markdown(" ".join(sentence for sentence, _caveat in factsheet_sentences(found)))

# %% [markdown]
# The guard again: one median over both compilations is refused, since they differ in years and surveys.

# %%
try:
    require_one_measure(worldwide, indicators, purpose="one median over both compilations")
except NotComparableError as refusal:
    print(refusal)

# %%
notebook.figure("bullying-lac-by-sex")

# %% [markdown]
# ## Caveats
#
# - HBSC percentages come from the Data Browser export, read from a copy of the file; the export
#   publishes no sample sizes or intervals, so no interval is drawn and no country difference is
#   called significant.
# - HBSC's cross-national average for girls in 2018 (13.7% as the mean of the three age groups) differs
#   from the 13% in WHO's 2024 release; the release does not say how its average is weighted.
# - YRBS values are as published by CDC or quoted from CDC by HRSA; intervals could not be read.
# - UNICEF's bullying column does not name each country's survey or year, and GSHS (past 30 days) and HBSC
#   (past couple of months) ask over different periods: a country's value is a school-survey estimate of
#   its period, not a current rate, and no interval is published with it.
#
# ## References

# %%
Markdown(notebook.references(sorted(set(cyber["source_id"]) | set(worldwide["source_id"]))))
