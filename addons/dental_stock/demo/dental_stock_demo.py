from odoo import Command, api, fields, models

# (group, name, unit, cost, sales price or 0, piece material)
MATERIALS = [
    ("Пломбировочные материалы", "Композит Filtek Z250 A2, шприц 4 г", "g", 250.0, 0, False),
    ("Пломбировочные материалы", "Композит Filtek Z250 A3, шприц 4 г", "g", 250.0, 0, False),
    ("Пломбировочные материалы", "Композит Estelite Sigma Quick A2", "g", 310.0, 0, False),
    ("Пломбировочные материалы", "Текучий композит Filtek Ultimate Flow", "g", 420.0, 0, False),
    ("Пломбировочные материалы", "Стеклоиономер Ketac Molar", "g", 95.0, 0, False),
    ("Пломбировочные материалы", "Временная пломба Дентин-паста", "g", 8.0, 0, False),
    ("Пломбировочные материалы", "Адгезив Single Bond Universal", "ml", 380.0, 0, False),
    ("Пломбировочные материалы", "Травильный гель 37%", "ml", 60.0, 0, False),
    ("Пломбировочные материалы", "Матрица металлическая контурная", "pcs", 35.0, 0, True),
    ("Пломбировочные материалы", "Клинья деревянные", "pcs", 6.0, 0, True),
    ("Пломбировочные материалы", "Полировочные диски Sof-Lex", "pcs", 28.0, 0, True),
    ("Пломбировочные материалы", "Стекловолоконный штифт", "pcs", 450.0, 0, True),
    ("Эндодонтия", "Файлы ProTaper Gold, набор", "pcs", 1900.0, 0, True),
    ("Эндодонтия", "K-файлы ручные", "pcs", 55.0, 0, True),
    ("Эндодонтия", "Гуттаперчевые штифты", "pcs", 4.0, 0, False),
    ("Эндодонтия", "Бумажные штифты", "pcs", 2.0, 0, False),
    ("Эндодонтия", "Силер AH Plus", "g", 190.0, 0, False),
    ("Эндодонтия", "Гипохлорит натрия 3%", "ml", 1.5, 0, False),
    ("Эндодонтия", "ЭДТА гель", "g", 45.0, 0, False),
    ("Эндодонтия", "Кальций гидроксид Calasept", "g", 160.0, 0, False),
    ("Эндодонтия", "Коффердам, платок", "pcs", 40.0, 0, True),
    ("Анестезия", "Ультракаин Д-С форте, карпула 1,7 мл", "pcs", 65.0, 0, True),
    ("Анестезия", "Септанест, карпула 1,7 мл", "pcs", 55.0, 0, True),
    ("Анестезия", "Артикаин 4%, карпула", "pcs", 38.0, 0, True),
    ("Анестезия", "Игла карпульная 27G", "pcs", 14.0, 0, True),
    ("Анестезия", "Аппликационный гель с бензокаином", "g", 22.0, 0, False),
    ("Хирургия", "Шовный материал Vicryl 4-0", "pcs", 420.0, 0, True),
    ("Хирургия", "Гемостатическая губка", "pcs", 95.0, 0, True),
    ("Хирургия", "Альвостаз", "pcs", 35.0, 0, True),
    ("Хирургия", "Костный материал Bio-Oss 0,5 г", "pcs", 9800.0, 0, True),
    ("Хирургия", "Мембрана Bio-Gide 25×25", "pcs", 14500.0, 0, True),
    ("Хирургия", "Имплант Osstem TS III", "pcs", 14000.0, 0, True),
    ("Хирургия", "Формирователь десны", "pcs", 1900.0, 0, True),
    ("Хирургия", "Скальпель одноразовый", "pcs", 45.0, 0, True),
    ("Ортопедия", "Коронка металлокерамическая (лаб.)", "pcs", 4500.0, 0, True),
    ("Ортопедия", "Коронка из диоксида циркония (лаб.)", "pcs", 9000.0, 0, True),
    ("Ортопедия", "Коронка E.max (лаб.)", "pcs", 11000.0, 0, True),
    ("Ортопедия", "Временная коронка", "pcs", 600.0, 0, True),
    ("Ортопедия", "Цемент RelyX Unicem", "g", 520.0, 0, False),
    ("Ортопедия", "Оттискная масса А-силикон", "g", 9.0, 0, False),
    ("Ортопедия", "Альгинатная масса", "g", 1.2, 0, False),
    ("Ортопедия", "Ложка оттискная одноразовая", "pcs", 35.0, 0, True),
    ("Ортодонтия", "Брекет металлический", "pcs", 350.0, 0, True),
    ("Ортодонтия", "Брекет керамический", "pcs", 900.0, 0, True),
    ("Ортодонтия", "Дуга NiTi", "pcs", 280.0, 0, True),
    ("Ортодонтия", "Ретейнер проволочный", "pcs", 150.0, 0, True),
    ("Гигиена", "Паста полировочная Detartrine", "g", 12.0, 0, False),
    ("Гигиена", "Порошок Air-Flow Classic", "g", 5.0, 0, False),
    ("Гигиена", "Фторлак Bifluorid 12", "ml", 210.0, 0, False),
    ("Гигиена", "Герметик Fissurit", "g", 540.0, 0, False),
    ("Гигиена", "Гель отбеливающий Opalescence Boost", "pcs", 3900.0, 0, True),
    ("Расходные материалы", "Перчатки нитриловые", "pcs", 9.0, 0, False),
    ("Расходные материалы", "Маска медицинская", "pcs", 4.0, 0, False),
    ("Расходные материалы", "Слюноотсос", "pcs", 3.0, 0, False),
    ("Расходные материалы", "Салфетка нагрудная", "pcs", 5.0, 0, False),
    ("Расходные материалы", "Ватные валики", "pcs", 0.5, 0, False),
    ("Товары для пациентов", "Зубная щётка мягкая", "pcs", 120.0, 350.0, True),
    ("Товары для пациентов", "Зубная паста фторсодержащая", "pcs", 180.0, 450.0, True),
    ("Товары для пациентов", "Ирригатор полости рта", "pcs", 3500.0, 6900.0, True),
    ("Товары для пациентов", "Ёршики межзубные, набор", "pcs", 150.0, 390.0, True),
    ("Товары для пациентов", "Зубная нить", "pcs", 90.0, 250.0, True),
]

# service xmlid (dental_chart demo) -> [(material name prefix, quantity per unit of the service)]
NORMS = {
    "service_anesthesia_infiltration": [("Ультракаин", 1), ("Игла карпульная", 1)],
    "service_anesthesia_conduction": [("Септанест", 2), ("Игла карпульная", 1)],
    "service_anesthesia_application": [("Аппликационный гель", 0.5)],
    "service_filling_class1": [
        ("Композит Filtek Z250 A2", 0.3),
        ("Адгезив", 0.05),
        ("Травильный гель", 0.1),
        ("Полировочные диски", 1),
        ("Перчатки", 2),
        ("Слюноотсос", 1),
        ("Ватные валики", 4),
    ],
    "service_filling_class2": [
        ("Композит Filtek Z250 A2", 0.4),
        ("Адгезив", 0.05),
        ("Травильный гель", 0.1),
        ("Матрица", 1),
        ("Клинья", 1),
        ("Полировочные диски", 1),
        ("Перчатки", 2),
        ("Слюноотсос", 1),
    ],
    "service_filling_class3": [("Композит Estelite", 0.3), ("Адгезив", 0.05), ("Травильный гель", 0.1)],
    "service_filling_class4": [("Композит Estelite", 0.5), ("Адгезив", 0.05), ("Травильный гель", 0.1)],
    "service_filling_class5": [("Текучий композит", 0.2), ("Адгезив", 0.05)],
    "service_filling_gic": [("Стеклоиономер", 0.3)],
    "service_filling_temporary": [("Временная пломба", 0.5)],
    "service_pins_fiberglass": [("Стекловолоконный штифт", 1)],
    "service_endo_1canal": [
        ("K-файлы", 2),
        ("Гуттаперчевые", 6),
        ("Бумажные", 6),
        ("Силер", 0.2),
        ("Гипохлорит", 10),
        ("Коффердам", 1),
    ],
    "service_endo_2canals": [
        ("K-файлы", 3),
        ("Гуттаперчевые", 12),
        ("Бумажные", 12),
        ("Силер", 0.3),
        ("Гипохлорит", 20),
        ("Коффердам", 1),
    ],
    "service_endo_3canals": [
        ("Файлы ProTaper", 1),
        ("Гуттаперчевые", 18),
        ("Бумажные", 18),
        ("Силер", 0.4),
        ("Гипохлорит", 30),
        ("Коффердам", 1),
    ],
    "service_endo_caoh": [("Кальций гидроксид", 0.2)],
    "service_extraction_simple": [("Гемостатическая губка", 1), ("Перчатки", 2)],
    "service_extraction_complex": [("Шовный материал", 1), ("Альвостаз", 1), ("Скальпель", 1)],
    "service_extraction_wisdom": [("Шовный материал", 1), ("Альвостаз", 1), ("Скальпель", 1)],
    "service_bone_graft": [("Костный материал", 1), ("Мембрана", 1)],
    "service_implant_standard": [("Имплант Osstem", 1), ("Шовный материал", 1), ("Скальпель", 1)],
    "service_healing_abutment": [("Формирователь десны", 1)],
    "service_crown_metal_ceramic": [("Коронка металлокерамическая", 1), ("Цемент RelyX", 0.2)],
    "service_crown_zirconia": [("Коронка из диоксида циркония", 1), ("Цемент RelyX", 0.2)],
    "service_crown_emax": [("Коронка E.max", 1), ("Цемент RelyX", 0.2)],
    "service_crown_temporary": [("Временная коронка", 1)],
    "service_impression_digital": [("Оттискная масса", 15), ("Ложка оттискная", 2)],
    "service_braces_metal": [("Брекет металлический", 20), ("Дуга NiTi", 2)],
    "service_braces_ceramic": [("Брекет керамический", 20), ("Дуга NiTi", 2)],
    "service_retainer_fixed": [("Ретейнер проволочный", 1)],
    "service_hygiene_full": [("Паста полировочная", 3), ("Порошок Air-Flow", 20), ("Салфетка нагрудная", 1)],
    "service_hygiene_airflow": [("Порошок Air-Flow", 25)],
    "service_hygiene_fluoride": [("Фторлак", 0.5)],
    "service_hygiene_sealant": [("Герметик", 0.1)],
    "service_whitening_office": [("Гель отбеливающий", 1)],
}


class DentalStockDemo(models.AbstractModel):
    _name = "dental.stock.demo"
    _description = "Dental Stock Demo Data"

    @api.model
    def _dental_generate_demo(self):
        env = self.env
        units = {
            "pcs": env.ref("uom.product_uom_unit"),
            "g": env.ref("uom.product_uom_gram"),
            "ml": env.ref("dental_stock.uom_millilitre"),
        }
        root = env.ref("dental_stock.product_category_materials")
        groups = {}
        materials = env["product.product"]
        for group, name, unit, cost, price, piece in MATERIALS:
            if group not in groups:
                groups[group] = env["product.category"].create(
                    {"name": group, "parent_id": root.id, "property_cost_method": "average"}
                )
            materials |= env["product.product"].create(
                {
                    "name": name,
                    "type": "consu",
                    "is_storable": True,
                    "dental_is_material": True,
                    "dental_piece_material": piece,
                    "categ_id": groups[group].id,
                    "uom_id": units[unit].id,
                    "uom_po_id": units[unit].id,
                    "standard_price": cost,
                    "list_price": price or cost,
                    "sale_ok": bool(price),
                    "purchase_ok": True,
                }
            )
        by_prefix = {material.name: material for material in materials}

        def find(prefix):
            return next(material for name, material in by_prefix.items() if name.startswith(prefix))

        norms_vals = []
        for xmlid, lines in NORMS.items():
            service = env.ref(f"dental_chart.{xmlid}", raise_if_not_found=False)
            if not service:
                continue
            norms_vals.append(
                {
                    "service_id": service.id,
                    "date_from": "2020-01-01",
                    "line_ids": [
                        Command.create({"product_id": find(prefix).id, "product_qty": qty}) for prefix, qty in lines
                    ],
                }
            )
        env["dental.consumption.norm"].create(norms_vals)
        self._dental_demo_stock(materials)
        self._dental_demo_purchase(materials)

    def _dental_demo_stock(self, materials):
        """An inventory count in each branch: plenty of everything at the branch's write-off location."""
        env = self.env
        companies = env["res.company"].search([("id", "in", [env.ref("base.main_company").id])])
        south = env.ref("dental_patient.demo_branch_south", raise_if_not_found=False)
        companies |= south or env["res.company"]
        for company in companies:
            location = company._dental_stock_source_location()
            if not location:
                continue
            quants = env["stock.quant"].with_company(company).with_context(inventory_mode=True)
            for index, material in enumerate(materials):
                qty = 200 if material.uom_id == env.ref("uom.product_uom_unit") else 500
                quants.create(
                    {"product_id": material.id, "location_id": location.id, "inventory_quantity": qty + index}
                )._apply_inventory()

    def _dental_demo_purchase(self, materials):
        """A supplier, its prices, a purchase received and billed, and a reordering rule of gloves."""
        env = self.env
        vendor = env["res.partner"].create({"name": "ООО «Дентал-Снаб»", "is_company": True})
        gloves = materials.filtered(lambda material: material.name.startswith("Перчатки"))
        for material in materials[:10] | gloves:
            env["product.supplierinfo"].create(
                {
                    "partner_id": vendor.id,
                    "product_tmpl_id": material.product_tmpl_id.id,
                    "price": material.standard_price,
                }
            )
        order = env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "date_order": fields.Datetime.now(),
                "order_line": [
                    Command.create(
                        {"product_id": material.id, "product_qty": 20, "price_unit": material.standard_price}
                    )
                    for material in materials[:5]
                ],
            }
        )
        order.button_confirm()
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
        order.picking_ids.move_ids.picked = True
        order.picking_ids.button_validate()
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.ref("base.main_company").id)], limit=1)
        gloves.product_tmpl_id.route_ids = [Command.link(env.ref("purchase_stock.route_warehouse0_buy").id)]
        env["stock.warehouse.orderpoint"].create(
            {
                "product_id": gloves.id,
                "warehouse_id": warehouse.id,
                "location_id": warehouse.lot_stock_id.id,
                "product_min_qty": 100,
                "product_max_qty": 1000,
            }
        )
