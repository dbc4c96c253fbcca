from odoo import models
from odoo.http import request

from ..tools import webhook


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """A route declaring ``dental_max_body=<bytes>`` (an inbound webhook) refuses a larger body with 413 before
        its form is parsed or its code runs: the shared door's limit (tools/webhook.py), nothing stored."""
        result = super()._pre_dispatch(rule, args)
        limit = rule.endpoint.routing.get("dental_max_body")
        if limit:
            webhook.limit_body(request.httprequest, limit)
        return result
