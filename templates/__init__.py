"""The report templates shipped with cchc, installed as package data (`cchc_plan.templates`)."""
