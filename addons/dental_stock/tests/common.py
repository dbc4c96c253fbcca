from odoo import Command, fields

from odoo.addons.dental_chart.tests.common import DentalChartCommon


class DentalStockCommon(DentalChartCommon):
    """Materials (a piece material in units, a liquid kept in litres and normed in millilitres), a norm for the
    filling service and stock at the branch's write-off location."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.company.write({"dental_stock_mode": "normal", "dental_stock_forbid_negative": False})
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.uom_litre = cls.env.ref("uom.product_uom_litre")
        cls.uom_ml = cls.env.ref("dental_stock.uom_millilitre")
        cls.group = cls.env["product.category"].create(
            {"name": "Filling materials", "parent_id": cls.env.ref("dental_stock.product_category_materials").id}
        )
        cls.matrix = cls._material("Matrix band", 40.0, piece=True)
        cls.etchant = cls._material("Etching gel", 2000.0, uom=cls.uom_litre)  # 2 000 a litre
        cls.composite = cls._material("Composite", 300.0)
        cls.norm = cls.env["dental.consumption.norm"].create(
            {
                "service_id": cls.service_filling.id,
                "date_from": "2020-01-01",
                "line_ids": [
                    Command.create({"product_id": cls.matrix.id, "product_qty": 1}),
                    Command.create({"product_id": cls.etchant.id, "product_qty": 5, "product_uom_id": cls.uom_ml.id}),
                    Command.create({"product_id": cls.composite.id, "product_qty": 2}),
                ],
            }
        )
        for material, qty in ((cls.matrix, 10), (cls.etchant, 1), (cls.composite, 20)):
            cls._put_in_stock(material, qty)

    @classmethod
    def _material(cls, name, cost, uom=None, piece=False):
        uom = uom or cls.uom_unit
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "dental_is_material": True,
                "dental_piece_material": piece,
                "categ_id": cls.group.id,
                "uom_id": uom.id,
                "uom_po_id": uom.id,
                "standard_price": cost,
            }
        )

    @classmethod
    def _put_in_stock(cls, material, qty, location=None):
        cls.env["stock.quant"]._update_available_quantity(material, location or cls.stock_location, qty)

    def _post_write_offs(self):
        """Run the poster over the queue (the cron, triggered after the commit in production)."""
        Consumption = self.env["dental.stock.consumption"]
        while Consumption._dental_cron_post():
            pass
        self.env.flush_all()

    def _complete(self, lines, **kwargs):
        """Complete the procedures and post their write-offs (what the stock shows once the cron has run)."""
        res = lines._dental_complete(**kwargs)
        self._post_write_offs()
        return res

    def _on_hand(self, material, location=None):
        return material.with_context(location=(location or self.stock_location).id).qty_available

    def _approved_filling(self, teeth=None, qty=None):
        teeth = teeth or self.tooth_36
        return self._plan([(self.service_filling, teeth, qty or len(teeth))], approve=True)

    @staticmethod
    def _day(text):
        return fields.Date.to_date(text)
