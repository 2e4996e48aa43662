# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Auditing the numbers campaigns quote about children's safety online
#
# **Question.** Which of the statistics that circulate in campaign material can be traced to a
# primary source, and what does each one actually measure?
#
# The register (`datasets/public/claims.csv`) holds each claim as it circulates, with every
# source read for it (`claim_sources.csv`), an evidence grade and a status. Grades and statuses
# follow the rubric in `docs/claims.md`: a claim is *reproduced* only when the toolkit computes
# the number from data it holds; *consistent with caveats* when a primary source states it but
# the wording circulating drops a definition; *not reproducible* when no primary source could be
# read; *contradicted* when the source says something else.

# %% tags=["parameters"]
# Parameters (papermill): show only claims with these statuses; an empty list shows all.
statuses: list[str] = []

# %%
from IPython.display import Markdown

from analysis import claims, notebook

frames = claims.load_frames()
table = claims.audit(frames)
if statuses:
    table = table[table["status"].isin(statuses)]
table[["claim_id", "short_label", "number", "status", "evidence_grade", "kind"]]

# %% [markdown]
# ## Data and definitions
#
# Each claim records *what it measures*: who answered, the ages, the recall period and whether
# the number is a survey estimate, an administrative count or an organisation's own figure.
# Most problems found are definition problems, not arithmetic ones.

# %%
table[["claim_id", "kind", "source_level", "reason"]].style.hide(axis="index")

# %% [markdown]
# ## Result
#
# The figure counts claims by status and evidence grade. Its data are the audit table above.

# %%
notebook.figure("claims-by-evidence")

# %%
counts = table["status"].value_counts().reindex(claims.STATUSES, fill_value=0)
Markdown("\n".join(f"- **{status}**: {count}" for status, count in counts.items()))

# %% [markdown]
# ## Caveats
#
# - A claim graded C or D may still be true; the grade says what could be verified here, from
#   stored copies of public pages, not what is true.
# - Where the primary page could only be read as a copy or a press report, the link is marked
#   secondary and the grade reflects it.
# - One claim concerns an identifiable child; the register holds the claim but links no case
#   report, by the toolkit's rule of aggregate statistics only.
#
# ## References

# %%
Markdown(notebook.references(sorted(set(frames["claim_sources"]["source_id"]))))
