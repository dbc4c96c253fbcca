from odoo import api, models


class ProductProduct(models.Model):
    """A dental service created as a variant gets the dental default taxes too, and is deleted only without
    history (``product.template``)."""

    _inherit = "product.product"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_dental_history(self):
        # a variant deleted on its own (the template goes with its last variant): its dental service's rule
        self.product_tmpl_id._dental_check_unlink()

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        return self.env["product.template"]._dental_service_default_tax_vals(defaults, fields_list)

    def _add_missing_default_values(self, values):
        given = set(values)
        values = super()._add_missing_default_values(values)
        if values.get("is_dental_service"):
            # a service created as a variant: the template's create only completes what is missing, and the
            # variant's defaults already hold the generic product type (goods), which sale_stock would deliver
            for fname, value in self.env["product.template"]._prepare_dental_service_vals({}).items():
                if fname not in given:
                    values[fname] = value
        if "taxes_id" in given:
            return values
        return self.env["product.template"]._dental_service_default_tax_vals(values, ["taxes_id"])
