# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Missing children: what each country's official count counts
#
# **Question.** How many children are reported missing, in the countries whose official counts the package
# holds, and why can the numbers not be compared from one country to another?
#
# **Data.** `count_series.csv` defines each series (publisher, area, unit, ages, period, what is counted);
# `counts.csv` holds its values with the words they were read in. Units differ: records entered in a police
# file (US NCIC: a child reported twice counts twice), children or cases, searches opened, incidents, reports of
# people of all ages. `population.csv` gives the US under-18 population for a rate.
#
# **Method.** Each series on its own scale; no ranking across definitions; rates only where the count and the
# population describe the same ages, area and kind of year (`analysis.rates` refuses anything else). The US
# trend is tested with a negative binomial model (statsmodels), as the rate figure's caption says.

# %% tags=["parameters"]
# Parameters (papermill): the country whose official series to list (ISO3, or ISO 3166-2 for a part).
country: str = "USA"

# %%
from IPython.display import Markdown

from analysis import notebook
from analysis.catalog import load
from analysis.countries import area_name

series = load("count_series")
counts = load("counts")
own = series[series["area"] == country]
rows = counts[counts["series_id"].isin(own["series_id"])]
Markdown(f"**{area_name(country)}**: {len(own)} official count series in the package, "
         f"{len(rows)} values" + "".join(f"\n- {s.title} ({s.unit}, {s.age_group}, {s.period})"
                                         for s in own.itertuples()))

# %%
rows.pivot_table(index="year", columns="series_id", values="value", aggfunc="first")

# %%
notebook.figure("missing-children-definitions")

# %%
notebook.figure("ncic-missing-children-rate")

# %% [markdown]
# ## Sources

# %%
Markdown(notebook.references(sorted(set(rows["source_id"]))))
