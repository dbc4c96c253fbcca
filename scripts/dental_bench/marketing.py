"""dental_marketing's channel analytics (issue 23): generated budgets and campaign costs, and the budgeted
operation, the channel and campaign analytics of a year of every branch (budget 1 s).

Generation (``generate_marketing``, the generator's ``marketing`` stage, where dental_marketing is installed): a
monthly budget of every marketing channel in every branch over the generated period; ``CAMPAIGNS`` advertising
campaigns (``utm.campaign``) with a weekly cost in every branch; a campaign on ``CAMPAIGN_SHARE`` of the
patients and, for the patients of the referral channel, a referring patient (one ``UPDATE`` each); the first
visit of every patient from the completed appointments (``dental.patient._dental_fill_first_visits``: the
appointments stage writes them without the ORM).

Operation (``MarketingYear``): what Marketing > Analytics > Channels and Campaigns ask when opened on a year: the
pivot's ``read_group`` of the totals, by channel, by campaign and by month, with every measure (the ratios
computed from the sums), and its SQL floor (the same groupings by hand on the view's own SELECT).
"""

import random
from datetime import timedelta

from odoo.tools import SQL

from .operations import Operation

CAMPAIGNS = 20
CAMPAIGN_SHARE = 0.3
REFERRAL_CHANNEL = "Рекомендация"
MEASURES = [
    "budget:sum",
    "cost:sum",
    "patient_count:sum",
    "referral_count:sum",
    "revenue:sum",
    "profit:sum",
    "cost_per_patient:avg",
    "acquisition_cost:avg",
    "average_revenue:avg",
    "roi:avg",
    "referral_share:avg",
]
GROUPINGS = ([], ["source_id"], ["campaign_id"], ["date:month"])


def generate_marketing(gen):
    """The ``marketing`` stage (skipped without dental_marketing's analytics)."""
    with gen.registry.cursor() as cr:
        env = gen.env(cr)
        if "dental.marketing.budget" not in env:
            return {"skipped": "dental_marketing's analytics not installed"}
        rng = random.Random(f"{gen.spec.seed}:marketing")
        branches = env["res.company"].search([]).ids
        sources = env["utm.source"].search([]).ids
        months, month = [], gen.first_day.replace(day=1)
        while month <= gen.today:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        env["dental.marketing.budget"].create(
            [
                {"company_id": branch, "source_id": source, "date": month, "amount": rng.randrange(10, 200) * 1000}
                for branch in branches
                for source in sources
                for month in months
            ]
        )
        campaigns = env["utm.campaign"].create([{"name": f"Bench campaign {i}"} for i in range(CAMPAIGNS)])
        weeks = [gen.first_day + timedelta(days=7 * i) for i in range((gen.today - gen.first_day).days // 7 + 1)]
        costs = [
            {
                "company_id": branch,
                "campaign_id": campaign.id,
                "source_id": rng.choice(sources),
                "date": week,
                "amount": rng.randrange(1, 30) * 500,
            }
            for branch in branches
            for campaign in campaigns
            for week in weeks
        ]
        for start in range(0, len(costs), gen.batch):
            env["dental.marketing.cost"].create(costs[start : start + gen.batch])
        cr.execute(
            SQL(
                """
            UPDATE dental_patient SET dental_campaign_id = (%s::int[])[1 + mod(id, %s)]
             WHERE dental_campaign_id IS NULL AND mod(id * 7919, 100) < %s
                """,
                campaigns.ids,
                len(campaigns),
                round(CAMPAIGN_SHARE * 100),
            )
        )
        cr.execute(
            SQL(
                """
            UPDATE dental_patient p SET dental_referrer_id = p.id - 1
              FROM utm_source s
             WHERE s.id = p.source_id AND s.name = %s AND p.dental_referrer_id IS NULL
               AND EXISTS (SELECT 1 FROM dental_patient q WHERE q.id = p.id - 1)
                """,
                REFERRAL_CHANNEL,
            )
        )
        env["dental.patient"]._dental_fill_first_visits()
        cr.execute("SELECT count(*) FROM dental_patient WHERE dental_first_visit_date IS NOT NULL")
        acquired = cr.fetchone()[0]
    return {"budgets": len(branches) * len(sources) * len(months), "campaign costs": len(costs), "acquired": acquired}


class MarketingYear(Operation):
    """Channel and campaign analytics of the last 365 days of every branch: the pivot's grouped reads."""

    key, name = "marketing_year", "M1. channel and campaign analytics, year of all branches"
    runs = 10
    warmup = 2

    def prepare(self, env):
        if "dental.marketing.analytics" not in env:
            self.skipped = "dental_marketing's analytics not installed"
            return
        self.date_from = self.bench.today - timedelta(days=365)
        self.date_to = self.bench.today
        self.companies = env["res.company"].sudo().search([]).ids
        self.domain = [
            ("company_id", "in", self.companies),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        Analytics = env["dental.marketing.analytics"].with_context(allowed_company_ids=self.companies)
        self.table_query = Analytics._table_query
        self.counts = {"rows": Analytics.sudo().search_count(self.domain)}

    def call(self, env, index):
        Analytics = env["dental.marketing.analytics"].with_context(allowed_company_ids=self.companies)
        return [Analytics.read_group(self.domain, MEASURES, groupby, lazy=False) for groupby in GROUPINGS]

    def floor(self, cr, index):
        cr.execute(
            SQL(
                """
            SELECT GROUPING(r.source_id, r.campaign_id, date_trunc('month', r.date)), r.source_id, r.campaign_id,
                   date_trunc('month', r.date), count(*), sum(budget), sum(cost), sum(patient_count),
                   sum(referral_count), sum(revenue), sum(profit),
                   sum(budget) / NULLIF(sum(patient_count), 0), sum(cost) / NULLIF(sum(patient_count), 0),
                   sum(revenue) / NULLIF(sum(patient_count), 0), 100 * sum(profit) / NULLIF(sum(cost), 0),
                   100.0 * sum(referral_count) / NULLIF(sum(patient_count), 0)
              FROM (%s) r
             WHERE r.company_id = ANY(%s) AND r.date >= %s AND r.date <= %s
             GROUP BY GROUPING SETS ((), (r.source_id), (r.campaign_id), (date_trunc('month', r.date)))
                """,
                self.table_query,
                self.companies,
                self.date_from,
                self.date_to,
            )
        )
        return cr.fetchall()
