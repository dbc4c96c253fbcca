from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


def in_quiet_hours(local_hour, start, end):
    """Whether ``local_hour`` (hours as a float) is in the quiet window [start, end), which may span midnight."""
    if start == end:
        return False
    if start < end:
        return start <= local_hour < end
    return local_hour >= start or local_hour < end


def quiet_until(now, tz_name, start, end):
    """The naive UTC datetime at which the quiet window around ``now`` (naive UTC) ends in ``tz_name``,
    or None when ``now`` is outside the window."""
    tz = pytz.timezone(tz_name or "UTC")
    local_now = pytz.utc.localize(now).astimezone(tz)
    hour = local_now.hour + local_now.minute / 60 + local_now.second / 3600
    if not in_quiet_hours(hour, start, end):
        return None
    day = local_now.date() if hour < end else local_now.date() + timedelta(days=1)
    minutes = round(end * 60)
    opening = tz.localize(datetime.combine(day, time(minutes // 60, minutes % 60)))
    return opening.astimezone(pytz.utc).replace(tzinfo=None)


class ResCompany(models.Model):
    _inherit = "res.company"

    dental_sms_quiet_hours = fields.Boolean(
        "SMS Quiet Hours",
        default=True,
        help="Marketing and triggered SMS wait in the queue during these hours (the patient's time zone, "
        "else the branch's); transactional SMS leave at once.",
    )
    dental_sms_quiet_start = fields.Float("Quiet From", default=21.0)
    dental_sms_quiet_end = fields.Float("Quiet Until", default=9.0)

    @api.constrains("dental_sms_quiet_start", "dental_sms_quiet_end")
    def _check_dental_sms_quiet_hours(self):
        for company in self:
            if not (0 <= company.dental_sms_quiet_start < 24 and 0 <= company.dental_sms_quiet_end < 24):
                raise ValidationError(_("The quiet hours must be times of the day."))


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dental_sms_quiet_hours = fields.Boolean(related="company_id.dental_sms_quiet_hours", readonly=False)
    dental_sms_quiet_start = fields.Float(related="company_id.dental_sms_quiet_start", readonly=False)
    dental_sms_quiet_end = fields.Float(related="company_id.dental_sms_quiet_end", readonly=False)


class SmsSms(models.Model):
    """Marketing SMS (a mailing's, or sent with ``dental_sms_marketing`` in the context, as the triggers
    do) wait in the queue during the quiet hours of the branch they are sent for, in the patient's time
    zone (else the branch's). The queue cron holds them (``dental_hold_until``) and sends them when the
    window opens; they are never dropped. Transactional SMS are never held."""

    _inherit = "sms.sms"

    dental_marketing = fields.Boolean(
        "Marketing",
        readonly=True,
        copy=False,
        help="Marketing or triggered message: held during the quiet hours. A registrar's message is transactional.",
    )
    dental_quiet_company_id = fields.Many2one(
        "res.company", "Quiet Hours Of", readonly=True, copy=False, help="Branch whose quiet hours apply."
    )
    dental_tz = fields.Char("Recipient Time Zone", readonly=True, copy=False)
    dental_hold_until = fields.Datetime(
        "Held Until", readonly=True, copy=False, help="Quiet hours: the queue sends the message from then on."
    )

    @api.model_create_multi
    def create(self, vals_list):
        marketing_context = self.env.context.get("dental_sms_marketing")
        for vals in vals_list:
            if "dental_marketing" not in vals:
                vals["dental_marketing"] = bool(marketing_context or vals.get("mailing_id"))
        marketing = [vals for vals in vals_list if vals["dental_marketing"]]
        if marketing:
            partners = (
                self.env["res.partner"]
                .sudo()
                .browse({vals["partner_id"] for vals in marketing if vals.get("partner_id")})
            )
            partner_tz = {partner.id: partner.tz for partner in partners}
            for vals, company in zip(marketing, self._dental_companies(marketing), strict=True):
                vals.setdefault("dental_quiet_company_id", company.id)
                vals.setdefault("dental_tz", partner_tz.get(vals.get("partner_id")) or company._dental_tz())
        return super().create(vals_list)

    @api.model
    def _dental_process_queue(self):
        self._dental_hold_quiet_hours()
        return super()._dental_process_queue()

    @api.model
    def _dental_hold_quiet_hours(self, now=None):
        """Hold the queued marketing messages whose recipients are in their quiet hours now; release
        the others. One write per (branch, time zone); the cron is woken when the first window opens."""
        now = now or fields.Datetime.now()
        domain = [
            ("state", "=", "outgoing"),
            ("dental_marketing", "=", True),
            ("dental_account_id", "!=", False),
            ("to_delete", "=", False),
        ]
        groups = self._read_group(domain, ["dental_quiet_company_id", "dental_tz"])
        openings = []
        for company, tz in groups:
            until = None
            if company.dental_sms_quiet_hours:
                until = quiet_until(
                    now, tz or company._dental_tz(), company.dental_sms_quiet_start, company.dental_sms_quiet_end
                )
            messages = self.search(
                [*domain, ("dental_quiet_company_id", "=", company.id), ("dental_tz", "=", tz)]
            ).filtered(lambda sms, until=until: sms.dental_hold_until != (until or False))
            messages.write({"dental_hold_until": until or False})
            if until:
                openings.append(until)
        if openings:
            # sudo: any sender may wake the queue
            self.env.ref("dental_sms.ir_cron_dental_sms_queue").sudo()._trigger(at=min(openings))
