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
# # Legal coverage: which states are bound by the treaties on child sexual exploitation
#
# **Question.** Which UN member states have consented to be bound by the international instruments
# against the sale and sexual exploitation of children, since when, and how does coverage vary by region?
#
# **Data.** `treaty_status.csv` holds one row per instrument and state, read from the depositary's own
# status list: *party* (with the date and type of consent), *signatory* (signed, not ratified) or *not a
# party* (not among the participants the depositary lists). "Not a party" is a known absence, not
# missing data. Every one of the 193 UN member states has a row per instrument; the parser checks the
# table against the totals the depositary states on the same page.
#
# **Method.** Counts of UN member states by status and M49 region; cumulative counts by date of consent.

# %% tags=["parameters"]
# Parameters (papermill): the state to look up (ISO3) and the instrument.
country: str = "ARG"
instrument: str = "opsc"

# %%
import pandas as pd
from IPython.display import Markdown

from analysis import notebook
from analysis.catalog import load
from analysis.countries import country as country_record
from analysis.countries import un_member_states

status = load("treaty_status")
instruments = load("instruments").set_index("instrument_id")
members = un_member_states()
rows = status[(status["instrument_id"] == instrument) & status["iso3"].isin(members["iso3"])]
counts = rows["status"].value_counts()
Markdown(f"**{instruments.loc[instrument, 'short_name']}**, status as at {rows['as_at'].max().date()}: "
         + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("party", "signatory", "not a party"))
         + f" among {len(members)} UN member states.")

# %%
notebook.figure("treaty-adoption-timeline")

# %%
notebook.figure("treaty-status-by-region")

# %%
record = status[(status["instrument_id"] == instrument) & (status["iso3"] == country)]
name = country_record(country).name
if record.empty:
    Markdown(f"{name} has no row for {instrument}.")
else:
    r = record.iloc[0]
    when = f", {r['consent_type']} on {r['consent'].date()}" if r["status"] == "party" else ""
    signed = f"; signed on {r['signature'].date()}" if pd.notna(r["signature"]) else ""
    display(Markdown(f"**{name}**: {r['status']}{when}{signed} (source: {r['source_id']}, {r['locator']})."))

# %% [markdown]
# ## Caveats
#
# - Status lists change; each row carries the date of the list that was read (`as_at`). Refresh with
#   `python -m analysis fetch opsc` when the depositary's page can be reached.
# - Being a party to a treaty says what a state has undertaken, not how its law is enforced.
# - The national laws against online grooming, and the ICMEC model-legislation reviews, are not yet in
#   the data package, so the claim that "two-thirds of countries have no law against online grooming"
#   cannot be checked here (see the claims audit, S10).
#
# ## References

# %%
Markdown(notebook.references(sorted(set(status["source_id"]))))
