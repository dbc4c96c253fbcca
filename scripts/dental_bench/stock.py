"""dental_stock data and operations.

Generation (``generate_stock``, the generator's ``stock`` stage, where dental_stock is installed):

* 60 materials in 6 groups (ORM), one norm of 7 materials for every service completed in the plans (ORM), the
  advanced control mode in every branch (every norm material is written off);
* stock: each branch's write-off location and each chair's location (dental_calendar_stock) hold every material;
* history: every procedure completed by the ``completion`` stage gets its consumption rows and done stock moves
  (bulk ``INSERT ... SELECT`` from the norms: the same rows the ORM writes, copied from an ORM prototype for the
  fixed columns), so the norm-vs-actual report reads the years of consumption of the reference size.

Operations (``OPERATIONS``): completing a visit with 3 procedures and 20 normed materials (the chair schedule's
"Completed": its synchronous part, the write-offs recorded for the poster), the poster making and validating the
stock moves of a batch of write-offs (its throughput in moves per second), the norm-vs-actual table of one branch
for one month (the pivot's read_group), the current stock of one chair (``dental.chair._dental_stock_on_hand``).
"""

from datetime import timedelta

from psycopg2 import sql

from odoo.tools import SQL

from .odoo_env import orm_prototype

GROUPS = ("Filling", "Endodontics", "Anaesthesia", "Surgery", "Prosthetics", "Consumables")
MATERIALS_PER_GROUP = 10
NORM_SIZE = 7
VISIT_SERVICES = 3
VISIT_MATERIALS = 20
STOCK_QTY = 100_000.0
# write-offs waiting for the poster in the poster's fixture (visits of VISIT_MATERIALS materials)
POST_VISITS = 5
# stock_move columns the bulk history sets per row; every other column is the ORM prototype's
MOVE_VARYING = (
    "id",
    "name",
    "company_id",
    "product_id",
    "product_uom",
    "product_uom_qty",
    "product_qty",
    "quantity",
    "location_id",
    "location_dest_id",
    "date",
    "dental_sale_line_id",
    "dental_date",
    "reference",
    "origin",
)


def installed(env):
    return "dental.consumption.norm" in env


# ---------------------------------------------------------------- generation


def generate_stock(gen):
    with gen.registry.cursor() as cr:
        env = gen.env(cr)
        if not installed(env):
            return {"skipped": "dental_stock not installed"}
        materials = _materials(env)
        norms = _norms(env, materials)
        companies = env["res.company"].search([])
        companies.write({"dental_stock_mode": "advanced", "dental_stock_forbid_negative": False})
        locations = _stock(env, materials, companies)
        moves = _history(env, companies)  # commits the whole stage (one transaction: a failed run leaves nothing)
        return {"materials": len(materials), "norms": norms, "locations": locations, "history_moves": moves}


def _materials(env):
    unit = env.ref("uom.product_uom_unit")
    gram = env.ref("uom.product_uom_gram")
    root = env.ref("dental_stock.product_category_materials")
    vals = []
    for g, group in enumerate(GROUPS):
        categ = env["product.category"].create({"name": f"Bench {group}", "parent_id": root.id})
        for i in range(MATERIALS_PER_GROUP):
            uom = gram if i % 3 == 0 else unit
            vals.append(
                {
                    "name": f"Bench {group} material {i + 1}",
                    "type": "consu",
                    "is_storable": True,
                    "dental_is_material": True,
                    "dental_piece_material": i % 2 == 0,
                    "categ_id": categ.id,
                    "uom_id": uom.id,
                    "uom_po_id": uom.id,
                    "standard_price": 10.0 + 7 * g + i,
                }
            )
    return env["product.product"].create(vals)


def _norms(env, materials):
    env.cr.execute(
        """
        SELECT l.product_id FROM sale_order_line l
         WHERE l.qty_delivered > 0 AND l.dental_completed_date IS NOT NULL
         GROUP BY l.product_id ORDER BY count(*) DESC, l.product_id
        """
    )
    services = [row[0] for row in env.cr.fetchall()]
    vals = []
    for s, service in enumerate(services):
        vals.append(
            {
                "service_id": service,
                "date_from": "2000-01-01",
                "line_ids": [
                    (0, 0, {"product_id": materials[(s * NORM_SIZE + k) % len(materials)].id, "product_qty": 1 + k % 3})
                    for k in range(NORM_SIZE)
                ],
            }
        )
    env["dental.consumption.norm"].create(vals)
    return len(vals)


def _stock(env, materials, companies):
    Quant = env["stock.quant"]
    locations = env["stock.location"]
    for company in companies:
        # the generator's branches are made without Odoo's per-company stock set-up: a warehouse each, as a clinic has
        if not env["stock.warehouse"].search_count([("company_id", "=", company.id)]):
            env["stock.warehouse"].with_company(company).create(
                {"name": company.name, "code": f"B{company.id}", "company_id": company.id}
            )
        locations |= company._dental_stock_source_location()
    if "dental_location_id" in env["dental.chair"]._fields:
        chairs = env["dental.chair"].search([])
        chairs.filtered(lambda chair: not chair.dental_location_id)._dental_create_location()
        locations |= chairs.dental_location_id
    for location in locations:
        for material in materials:
            Quant._update_available_quantity(material, location, STOCK_QTY)
    return len(locations)


def _history(env, companies):
    """Consumption rows and done moves of every completed procedure with a norm (from the branch's stock)."""
    cr = env.cr
    company = env["stock.warehouse"].search([], limit=1).company_id
    source = company._dental_stock_source_location()
    dest = company._dental_consumption_location()
    for other in companies:
        other._dental_consumption_location()
    material = env["product.product"].search([("dental_is_material", "=", True)], limit=1)
    proto = orm_prototype(
        env,
        "stock.move",
        {
            "name": "proto",
            "product_id": material.id,
            "product_uom_qty": 1,
            "product_uom": material.uom_id.id,
            "location_id": source.id,
            "location_dest_id": dest.id,
            "state": "done",
            "company_id": company.id,
        },
    )
    fixed = [column for column in proto if column not in MOVE_VARYING and proto[column] is not None]
    # one row per completed line x norm material: the norm in force on the completion day (here the one norm)
    cr.execute(
        """
        CREATE TEMP TABLE bench_consumption ON COMMIT DROP AS
        SELECT l.id AS line_id, o.company_id, l.dental_completed_date AS day, o.patient_id,
               coalesce(l.doctor_id, o.doctor_id) AS doctor_id, l.product_id AS service_id, n.id AS norm_id,
               nl.product_id AS material_id, t.uom_id, nl.product_qty * l.qty_delivered AS qty,
               c.dental_stock_location_id, c.dental_consumption_location_id, o.name AS origin,
               nextval(pg_get_serial_sequence('stock_move', 'id')) AS move_id
          FROM sale_order_line l
          JOIN sale_order o ON o.id = l.order_id
          JOIN res_company c ON c.id = o.company_id
          JOIN dental_consumption_norm n ON n.service_id = l.product_id AND n.company_id IS NULL
          JOIN dental_consumption_norm_line nl ON nl.norm_id = n.id
          JOIN product_product p ON p.id = nl.product_id
          JOIN product_template t ON t.id = p.product_tmpl_id
         WHERE l.qty_delivered > 0 AND l.dental_completed_date IS NOT NULL AND o.patient_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM dental_stock_consumption x WHERE x.sale_line_id = l.id)
        """
    )
    cr.execute(
        """
        UPDATE bench_consumption b
           SET dental_stock_location_id = w.lot_stock_id
          FROM stock_warehouse w
         WHERE b.dental_stock_location_id IS NULL AND w.company_id = b.company_id
           AND w.id = (SELECT min(id) FROM stock_warehouse WHERE company_id = b.company_id)
        """
    )
    columns = [*MOVE_VARYING, *fixed]
    statement = sql.SQL(
        """
        INSERT INTO stock_move ({columns})
        SELECT b.move_id, b.origin, b.company_id, b.material_id, b.uom_id, b.qty, b.qty, b.qty,
               b.dental_stock_location_id, b.dental_consumption_location_id, b.day + time '12:00', b.line_id, b.day,
               b.origin, b.origin, {fixed}
          FROM bench_consumption b
        """
    ).format(
        columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
        fixed=sql.SQL(", ").join(sql.Placeholder() * len(fixed)) if fixed else sql.SQL("NULL"),
    )
    cr.execute(statement, [proto[column] for column in fixed])
    moves = cr.rowcount
    cr.execute(
        """
        INSERT INTO dental_stock_consumption (sale_line_id, company_id, date, kind, patient_id, doctor_id, service_id,
                                              norm_id, product_id, expected_qty, qty, location_id, move_id, cost,
                                              state, create_uid, write_uid, create_date, write_date)
        SELECT b.line_id, b.company_id, b.day, 'consume', b.patient_id, b.doctor_id, b.service_id, b.norm_id,
               b.material_id, b.qty, b.qty, b.dental_stock_location_id, b.move_id, 0, 'done', 1, 1, now(), now()
          FROM bench_consumption b
        """
    )
    cr.commit()
    return moves


# ---------------------------------------------------------------- operations


def operations(base):
    """The stock operations, classes of ``base`` (``operations.Operation``)."""

    class StockCompleteVisit(base):
        """The chair schedule's "Completed" on a visit holding 3 procedures whose norms write off 20 materials."""

        key, name = "stock_complete", "8. complete a visit (3 procedures, 20 normed materials)"

        def prepare(self, env):
            if not installed(env) or "plan_line_ids" not in env["calendar.event"]._fields:
                self.skipped = "dental_stock / dental_calendar_chart not installed"
                return
            # the fixture (a plan of 3 procedures booked on a visit) is committed once and reused: each run is
            # rolled back
            env.cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'dental_bench.stock.visit'")
            row = env.cr.fetchone()
            if row:
                self.event_id = int(row[0])
            else:
                self.event_id = _visit_fixture(env)
                env.cr.commit()
            event = env["calendar.event"].browse(self.event_id)
            self.lines = event.plan_line_ids.ids
            self.company = event.company_id.id
            self.counts = {"procedures": len(self.lines), "materials": VISIT_MATERIALS}

        def call(self, env, index):
            event = env["calendar.event"].browse(self.event_id)
            return event.action_dental_complete()

        def floor(self, cr, index):
            cr.execute(_complete_floor(self.event_id))
            return cr.fetchall()

    class StockPoster(base):
        """The poster of the write-offs (the cron after the completions' commit): one batch of the write-offs of
        ``POST_VISITS`` completed visits made into done, valued stock moves. Its throughput is moves per second."""

        key, name = "stock_post", "8b. post the write-offs of 5 visits (100 moves)"
        runs = 10
        warmup = 2

        def prepare(self, env):
            if not installed(env) or "plan_line_ids" not in env["calendar.event"]._fields:
                self.skipped = "dental_stock / dental_calendar_chart not installed"
                return
            # the fixture (the write-offs of completed procedures, waiting) is committed once; each run posts them
            # and is rolled back
            env.cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'dental_bench.stock.post'")
            row = env.cr.fetchone()
            self.rows = [int(x) for x in row[0].split(",")] if row else _post_fixture(env)
            env.cr.commit()
            self.throughput = len(self.rows)  # moves per call: summarise() reports moves per second
            self.counts = {"moves": len(self.rows)}

        def call(self, env, index):
            # sudo: the cron runs as the superuser
            return env["dental.stock.consumption"].sudo()._dental_cron_post(batch=len(self.rows))

        def floor(self, cr, index):
            cr.execute(_post_floor(self.rows))
            return cr.fetchall()

    class StockNormReport(base):
        """Norm vs actual of the main branch for one month: the pivot's grouped read (service x material)."""

        key, name = "stock_norm", "9. norm vs actual of a branch for a month"
        runs = 10

        def prepare(self, env):
            if not installed(env):
                self.skipped = "dental_stock not installed"
                return
            self.company = self.bench.main_branch(env)
            first = self.bench.today.replace(day=1) - timedelta(days=1)
            self.start, self.stop = first.replace(day=1), first

        def call(self, env, index):
            return env["dental.stock.norm.report"].read_group(
                [("company_id", "=", self.company), ("date", ">=", self.start), ("date", "<=", self.stop)],
                ["expected_qty:sum", "actual_qty:sum", "difference_qty:sum"],
                ["service_id", "product_id"],
                lazy=False,
            )

        def floor(self, cr, index):
            cr.execute(_norm_floor(self.company, self.start, self.stop))
            return cr.fetchall()

    class StockChair(base):
        """The current stock of one chair (quantity per material)."""

        key, name = "stock_chair", "10. current stock of one chair"

        def prepare(self, env):
            if not installed(env) or "dental_location_id" not in env["dental.chair"]._fields:
                self.skipped = "dental_calendar_stock not installed"
                return
            chair = env["dental.chair"].search([("dental_location_id", "!=", False)], limit=1)
            self.chair, self.pattern = chair.id, f"{chair.dental_location_id.parent_path}%"

        def call(self, env, index):
            return env["dental.chair"].browse(self.chair)._dental_stock_on_hand()

        def floor(self, cr, index):
            cr.execute(
                SQL(
                    """
                    SELECT q.product_id, sum(q.quantity) FROM stock_quant q
                      JOIN stock_location l ON l.id = q.location_id
                     WHERE l.parent_path LIKE %s
                     GROUP BY q.product_id
                    """,
                    self.pattern,
                )
            )
            return cr.fetchall()

    return [StockCompleteVisit, StockPoster, StockNormReport, StockChair]


def _visit_fixture(env):
    """A patient's approved plan of 3 procedures whose norms hold 20 materials, booked on a visit in a chair."""
    materials = env["product.product"].search([("dental_is_material", "=", True)], order="id")
    chair = env["dental.chair"].search([("dental_location_id", "!=", False)], limit=1)
    company = chair.company_id
    services = env["product.product"].create(
        [{"name": f"Bench stock service {i}", "type": "service", "is_dental_service": True} for i in range(3)]
    )
    sizes = (7, 7, 6)
    start = 0
    for service, size in zip(services, sizes, strict=True):
        env["dental.consumption.norm"].create(
            {
                "service_id": service.id,
                "date_from": "2000-01-01",
                "line_ids": [(0, 0, {"product_id": m.id, "product_qty": 1}) for m in materials[start : start + size]],
            }
        )
        start += size
    patient = env["dental.patient"].search([("company_id", "=", company.id)], limit=1)
    plan = env["sale.order"].create(
        {
            "patient_id": patient.id,
            "company_id": company.id,
            "order_line": [(0, 0, {"product_id": service.id, "product_uom_qty": 1}) for service in services],
        }
    )
    plan.action_confirm()
    doctor = env["hr.employee"].search([("company_id", "=", company.id)], limit=1)
    event = env["calendar.event"].create(
        {
            "name": "Bench stock visit",
            "patient_id": patient.id,
            "doctor_id": doctor.id,
            "chair_id": chair.id,
            "company_id": company.id,
            "start": "2099-01-05 08:00:00",
            "stop": "2099-01-05 09:00:00",
            "plan_line_ids": [(6, 0, plan.order_line.ids)],
        }
    )
    env["ir.config_parameter"].sudo().set_param("dental_bench.stock.visit", str(event.id))
    return event.id


def _post_fixture(env):
    """``POST_VISITS`` plans of the visit fixture's 3 procedures completed (no visit: the branch's stock): their
    write-offs wait for the poster. Returns the ledger rows' ids (remembered in a parameter)."""
    env.cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'dental_bench.stock.visit'")
    row = env.cr.fetchone()
    event = env["calendar.event"].browse(int(row[0]) if row else _visit_fixture(env))
    services = event.plan_line_ids.product_id
    rows = env["dental.stock.consumption"]
    for __ in range(POST_VISITS):
        plan = env["sale.order"].create(
            {
                "patient_id": event.patient_id.id,
                "company_id": event.company_id.id,
                "order_line": [(0, 0, {"product_id": service.id, "product_uom_qty": 1}) for service in services],
            }
        )
        plan.action_confirm()
        plan.order_line._dental_complete()
        rows |= plan.order_line.sudo().dental_consumption_ids
    ids = rows.filtered(lambda row: row.state == "pending").ids
    env["ir.config_parameter"].sudo().set_param("dental_bench.stock.post", ",".join(map(str, ids)))
    return ids


def _post_floor(row_ids):
    """What the poster writes, in one statement: one done move per write-off, the quants of its location, its
    valuation layer at the material's cost, the ledger rows marked done."""
    return SQL(
        """
        WITH rows AS (
            SELECT c.id, c.company_id, c.product_id, c.qty, c.location_id, co.dental_consumption_location_id AS dest
              FROM dental_stock_consumption c JOIN res_company co ON co.id = c.company_id
             WHERE c.id = ANY(%(rows)s) AND c.state = 'pending'
               FOR UPDATE OF c
        ), moves AS (
            INSERT INTO stock_move (name, company_id, product_id, product_uom, product_uom_qty, product_qty, quantity,
                                    location_id, location_dest_id, state, date, procure_method, origin)
            SELECT 'x', rows.company_id, rows.product_id, 1, rows.qty, rows.qty, rows.qty, rows.location_id,
                   rows.dest, 'done', now(), 'make_to_stock', rows.id::text
              FROM rows RETURNING id, company_id, product_id, location_id, quantity, origin
        ), quants AS (
            UPDATE stock_quant q SET quantity = q.quantity - moves.quantity
              FROM moves WHERE q.product_id = moves.product_id AND q.location_id = moves.location_id
            RETURNING q.id
        ), layers AS (
            INSERT INTO stock_valuation_layer (company_id, product_id, stock_move_id, quantity, unit_cost, value,
                                               remaining_qty, create_date)
            SELECT moves.company_id, moves.product_id, moves.id, -moves.quantity, 1, -moves.quantity, 0, now()
              FROM moves RETURNING id
        )
        UPDATE dental_stock_consumption c SET state = 'done', move_id = moves.id
          FROM moves WHERE c.id = moves.origin::int
        RETURNING c.id
        """,
        rows=list(row_ids),
    )


def _complete_floor(event_id):
    """What the completion writes, in one statement: the event's status, the lines' done quantities, the stock
    check (quants and write-offs waiting at the chair), one consumption row per norm material waiting for the
    poster (its stock move is the poster's, ``_post_floor``)."""
    return SQL(
        """
        WITH ev AS (
            UPDATE calendar_event SET dental_state = 'completed', dental_completion_done = TRUE
             WHERE id = %(event)s RETURNING id, company_id, chair_id
        ), lines AS (
            UPDATE sale_order_line l SET qty_delivered = l.product_uom_qty, dental_completed_date = current_date
              FROM calendar_event_dental_plan_line_rel r
             WHERE r.event_id = %(event)s AND r.line_id = l.id
            RETURNING l.id, l.product_id, l.product_uom_qty
        ), need AS (
            SELECT lines.id AS line_id, nl.product_id, nl.product_qty * lines.product_uom_qty AS qty, c.dental_location_id,
                   co.dental_consumption_location_id, ev.company_id, n.id AS norm_id
              FROM lines JOIN dental_consumption_norm n ON n.service_id = lines.product_id
              JOIN dental_consumption_norm_line nl ON nl.norm_id = n.id
              CROSS JOIN ev JOIN dental_chair c ON c.id = ev.chair_id JOIN res_company co ON co.id = ev.company_id
        ), stock AS (
            SELECT DISTINCT need.product_id, need.dental_location_id,
                   (SELECT coalesce(sum(q.quantity), 0) FROM stock_quant q
                     WHERE q.product_id = need.product_id AND q.location_id = need.dental_location_id)
                 - (SELECT coalesce(sum(w.qty), 0) FROM dental_stock_consumption w
                     WHERE w.state IN ('pending', 'failed') AND w.product_id = need.product_id
                       AND w.location_id = need.dental_location_id) AS available
              FROM need
        )
        INSERT INTO dental_stock_consumption (sale_line_id, company_id, date, kind, product_id, expected_qty, qty,
                                              location_id, norm_id, state)
        SELECT need.line_id, need.company_id, current_date, 'consume', need.product_id, need.qty, need.qty,
               need.dental_location_id, need.norm_id, 'pending'
          FROM need JOIN stock ON stock.product_id = need.product_id
               AND stock.dental_location_id = need.dental_location_id
        RETURNING id
        """,
        event=event_id,
    )


def _norm_floor(company, start, stop):
    """The norm-vs-actual figures per service and material, aggregated in one statement."""
    return SQL(
        """
        SELECT service_id, product_id, sum(expected), sum(actual), sum(actual) - sum(expected) FROM (
            SELECT c.service_id, c.product_id, c.expected_qty AS expected, 0 AS actual
              FROM dental_stock_consumption c
             WHERE c.company_id = %(company)s AND c.date BETWEEN %(start)s AND %(stop)s AND c.state != 'cancelled'
            UNION ALL
            SELECT c.service_id, c.product_id, 0, c.qty
              FROM dental_stock_consumption c
             WHERE c.company_id = %(company)s AND c.date BETWEEN %(start)s AND %(stop)s
               AND c.state IN ('pending', 'failed')
            UNION ALL
            SELECT l.product_id, m.product_id, 0, m.product_qty
              FROM stock_move m LEFT JOIN sale_order_line l ON l.id = m.dental_sale_line_id
              JOIN stock_location d ON d.id = m.location_dest_id
             WHERE m.company_id = %(company)s AND m.state = 'done' AND d.usage = 'inventory'
               AND m.dental_date BETWEEN %(start)s AND %(stop)s
        ) x GROUP BY service_id, product_id
        """,
        company=company,
        start=start,
        stop=stop,
    )
