"""dental_cash data: invoices and payments of completed visits, the daily summaries, the closed days.

Generation (``generate_cash``, the generator's ``cash`` stage):

* The visits of the last working day before the anchor day in the biggest branch (the day ``scripts/bench``
  summarises) are billed through dental_cash's own one-click billing (``dental.bill.wizard``: invoice
  posted, payment registered and reconciled), exactly as the front desk does it.
* Every other visit (hundreds of thousands: the ORM takes ~0.3-0.6 s per visit here) is bulk-loaded with COPY from **prototypes**: for each branch and payment method, a visit is billed
  through the same wizard inside a savepoint, every row it wrote (invoice, its lines, payment, payment
  entry, reconciliation, followers, the plan's "invoice paid" message) is read back, and the savepoint
  is rolled back. Bulk rows are copies of those rows where only the per-document columns change (ids,
  names and sequence numbers, dates, partner, products, amounts, residuals). Before loading, a second
  prototype of each kind is rebuilt by the bulk builder and compared with what the ORM wrote for it,
  column by column: the stage stops if they differ (``verify``).
* Afterwards the stored fields that depend on invoice lines (plans' invoiced quantities and invoice
  status) are recomputed through the ORM, and customers' ranks are counted.

Scenarios per visit (seeded): paid at the visit in cash, by card or by bank transfer; billed unpaid
and the debt repaid 1-30 days later (payment dialog "Pay the Debt"); billed and still unpaid (debt:
visits of the last 90 days, and 0.5% of older ones).
"""

import random
import time
from collections import defaultdict
from datetime import datetime, timedelta

from psycopg2 import sql

from odoo.tools import SQL

from .odoo_env import UTC_OFFSET, copy_rows

KINDS = ("cash", "card", "bank")
KIND_WEIGHTS = (35, 55, 10)
DEBT_REPAID_RATIO = 0.06
OPEN_DEBT_RATIO = 0.005
RECENT_DEBT_DAYS = 90
RECENT_DEBT_RATIO = 0.05
NOW_COLUMNS = {"create_date", "write_date"}  # stamped "now" by the ORM: set to the billing moment in bulk rows
TABLES = (  # in the order of their foreign keys (COPY)
    "account_full_reconcile",
    "account_move",
    "account_payment",
    "account_move_line",
    "account_partial_reconcile",
    "account_move_line_dental_tooth_rel",
    "sale_order_line_invoice_rel",
    "mail_followers",
    "mail_followers_mail_message_subtype_rel",
    "mail_message",
)


# ---------------------------------------------------------------- visits to bill


def load_visits(env, until=None, since=None):
    """Completed, unbilled visits in time order with what the bill wizard would put on the invoice.

    Mirrors ``dental.bill.wizard._prepare_line_vals``: the plan procedures done in the visit and not
    invoiced yet (price and discount of the plan line, its teeth and doctor), then the visit's other
    services at the list price, the visit's doctor.
    """
    visits = _completed_visits(env.cr, until, since)
    by_event = {v["event_id"]: v for v in visits}
    plan_products = _add_plan_lines(env.cr, by_event)
    _add_service_lines(env, by_event, plan_products)
    return [v for v in visits if v["lines"]]


def _completed_visits(cr, until, since):
    """Completed appointments (from ``since``, before ``until``) without an invoice, in time order."""
    cr.execute(
        """
        SELECT e.id, e.company_id, e.patient_id, p.partner_id, e.name, e.doctor_id, e.start, e.stop
          FROM calendar_event e JOIN dental_patient p ON p.id = e.patient_id
         WHERE e.dental_state = 'completed' AND e.active
           AND (%(until)s IS NULL OR e.start < %(until)s) AND (%(since)s IS NULL OR e.start >= %(since)s)
           AND NOT EXISTS (SELECT 1 FROM account_move m WHERE m.dental_appointment_id = e.id)
         ORDER BY e.start, e.id
        """,
        {"until": until, "since": since},
    )
    return [
        {
            "event_id": row[0],
            "company_id": row[1],
            "patient_id": row[2],
            "partner_id": row[3],
            "name": row[4],
            "doctor_id": row[5],
            "start": row[6],
            "stop": row[7],
            "day": (row[6] + UTC_OFFSET).date(),
            "lines": [],
        }
        for row in cr.fetchall()
    ]


def _add_plan_lines(cr, by_event):
    """The plan procedures done in each visit and not invoiced yet, as invoice lines; {event: their products}."""
    cr.execute(
        """
        SELECT r.event_id, l.id, l.product_id, l.name, l.qty_delivered - l.qty_invoiced, l.price_unit, l.discount,
               coalesce(l.doctor_id, o.doctor_id), l.sequence,
               (SELECT array_agg(t.tooth_id ORDER BY t.tooth_id) FROM sale_order_line_dental_tooth_rel t
                 WHERE t.line_id = l.id)
          FROM calendar_event_dental_plan_line_rel r
          JOIN sale_order_line l ON l.id = r.line_id JOIN sale_order o ON o.id = l.order_id
         WHERE r.event_id = ANY(%s) AND l.qty_delivered > l.qty_invoiced
         ORDER BY r.event_id, l.order_id, l.sequence, l.id
        """,
        [list(by_event)],
    )
    plan_products = defaultdict(set)
    for event_id, line_id, product_id, name, qty, price, discount, doctor_id, sequence, teeth in cr.fetchall():
        visit = by_event[event_id]
        plan_products[event_id].add(product_id)
        visit["lines"].append(
            {
                "sale_line_id": line_id,
                "product_id": product_id,
                "name": name,
                "quantity": qty,
                "price_unit": price,
                "discount": discount,
                "doctor_id": doctor_id or visit["doctor_id"],
                "teeth": teeth or [],
                "sequence": sequence,
                "is_downpayment": False,
            }
        )
    return plan_products


def _add_service_lines(env, by_event, plan_products):
    """The visit's other services at the list price, in the order of the services' recordset."""
    cr = env.cr
    products = env["product.product"].with_context(active_test=False).search([("is_dental_service", "=", True)])
    product_info = {p.id: (p.display_name, p.lst_price) for p in products}
    rank = {product_id: position for position, product_id in enumerate(products.ids)}  # the recordsets' order
    cr.execute(
        "SELECT event_id, product_id FROM calendar_event_dental_service_rel WHERE event_id = ANY(%s)",
        [list(by_event)],
    )
    for event_id, product_id in sorted(cr.fetchall(), key=lambda row: (row[0], rank.get(row[1], -1))):
        if product_id in plan_products[event_id] or product_id not in product_info:
            continue
        visit = by_event[event_id]
        name, price = product_info[product_id]
        visit["lines"].append(
            {
                "sale_line_id": None,
                "product_id": product_id,
                "name": name,
                "quantity": 1.0,
                "price_unit": price,
                "discount": 0.0,
                "doctor_id": visit["doctor_id"],
                "teeth": [],
                "sequence": 100,
                "is_downpayment": None,
            }
        )


def choose_scenarios(gen, visits, bulk_until_day):
    """(scenario, payment kind, payment day) per visit: deterministic for the seed."""
    rng = random.Random(f"{gen.spec.seed}:cash")
    recent = gen.today - timedelta(days=RECENT_DEBT_DAYS)
    for visit in visits:
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        draw = rng.random()
        if draw < DEBT_REPAID_RATIO:
            later = visit["day"] + timedelta(days=rng.randint(1, 30))
            if later.weekday() == 6:
                later += timedelta(days=1)
            if later < bulk_until_day:
                visit["scenario"], visit["kind"], visit["pay_day"] = "later", kind, later
                continue
            visit["scenario"], visit["kind"], visit["pay_day"] = "unpaid", None, None
        elif draw < DEBT_REPAID_RATIO + OPEN_DEBT_RATIO or (
            visit["day"] >= recent and draw < DEBT_REPAID_RATIO + RECENT_DEBT_RATIO
        ):
            visit["scenario"], visit["kind"], visit["pay_day"] = "unpaid", None, None
        else:
            visit["scenario"], visit["kind"], visit["pay_day"] = "visit", kind, visit["day"]


# ---------------------------------------------------------------- billing through dental_cash (ORM)


def cash_env(gen, cr):
    """The generator's environment in the administrator's language (labels as the front desk sees them)."""
    env = gen.env(cr)
    admin = env.ref("base.user_admin")
    return env(context=dict(env.context, lang=admin.lang or "en_US", tz=admin.tz))


def orm_bill(env, event_id, scenario, kind, pay_day):
    """Bill a visit the way the front desk does: the bill wizard, then the payment dialog for a later payment."""
    event = env["calendar.event"].browse(event_id)
    company = event.company_id
    env = env(context=dict(env.context, allowed_company_ids=[company.id]))
    wizard = env["dental.bill.wizard"].create({"appointment_id": event_id})
    if scenario == "visit":
        wizard[f"{kind}_amount"] = wizard.amount_total
    wizard.action_confirm()
    invoice = event.dental_invoice_ids[:1]
    if scenario == "later":
        payment = (
            env["dental.payment.wizard"]
            .with_company(company)
            .create({"mode": "debt", "patient_id": event.patient_id.id, "date": pay_day, "company_id": company.id})
        )
        payment[f"{kind}_amount"] = payment.debt
        payment.action_confirm()
    return invoice


def _new_rows(cr, maxima):
    """Rows written since ``maxima`` ({table: max id or count}) in TABLES."""
    rows = {}
    for table in TABLES:
        key = _key_column(table)
        cr.execute(
            SQL(
                "SELECT * FROM %s WHERE %s > %s ORDER BY %s",
                SQL.identifier(table),
                SQL.identifier(key),
                maxima[table],
                SQL.identifier(key),
            )
        )
        columns = [d[0] for d in cr.description]
        rows[table] = [dict(zip(columns, row)) for row in cr.fetchall()]
    return rows


def _key_column(table):
    return {
        "account_move_line_dental_tooth_rel": "line_id",
        "sale_order_line_invoice_rel": "invoice_line_id",
        "mail_followers_mail_message_subtype_rel": "mail_followers_id",
    }.get(table, "id")


def _maxima(cr):
    maxima = {}
    for table in TABLES:
        key = _key_column(table)
        cr.execute(SQL("SELECT coalesce(max(%s), 0) FROM %s", SQL.identifier(key), SQL.identifier(table)))
        maxima[table] = cr.fetchone()[0]
    return maxima


def prototype(env, visit, scenario, kind, pay_day):
    """Bill ``visit`` through the ORM inside a savepoint; return every row written, then roll back."""
    cr = env.cr
    cr.execute("SAVEPOINT dental_bench_cash")
    try:
        maxima = _maxima(cr)
        orm_bill(env, visit["event_id"], scenario, kind, pay_day)
        env.flush_all()
        rows = _new_rows(cr, maxima)
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT dental_bench_cash")
        env.invalidate_all()
    return rows


# ---------------------------------------------------------------- bulk builder


def _amounts(amount, residual, side):
    """A journal item's amounts: ``amount`` on ``side`` (debit or credit), its residual."""
    signed = amount if side == "debit" else -amount
    return {
        "debit": amount if side == "debit" else 0.0,
        "credit": amount if side == "credit" else 0.0,
        "balance": signed,
        "amount_currency": signed,
        "amount_residual": residual,
        "amount_residual_currency": residual,
    }


class Builder:
    """Builds the rows of one billed visit from a branch's prototypes (see the module docstring)."""

    def __init__(self, env, protos, later_memos, plan_order, plan_names):
        self.env = env
        self.protos = protos  # {(company_id, kind or "unpaid"): rows of a prototype}
        self.later_memos = later_memos  # {company_id: memo of a debt payment}
        self.plan_order = plan_order  # {sale.order.line id: sale.order id}
        self.plan_names = plan_names  # {sale.order id: display name}
        self.counters = defaultdict(int)  # (journal, prefix) -> last sequence number

    # -------------------------------------------------------- prototype parts
    def part(self, key, scenario):
        rows = self.protos[key]
        moves = rows["account_move"]
        invoice = next(m for m in moves if m["move_type"] == "out_invoice")
        lines = [ml for ml in rows["account_move_line"] if ml["move_id"] == invoice["id"]]
        parts = {
            "invoice": invoice,
            "product_line": next(ml for ml in lines if ml["display_type"] == "product"),
            "term_line": next(ml for ml in lines if ml["display_type"] == "payment_term"),
            "follower": next(f for f in rows["mail_followers"] if f["res_id"] == invoice["id"]),
            "subtypes": [
                s["mail_message_subtype_id"]
                for s in rows["mail_followers_mail_message_subtype_rel"]
                if s["mail_followers_id"]
                == next(f["id"] for f in rows["mail_followers"] if f["res_id"] == invoice["id"])
            ],
        }
        if scenario != "unpaid":
            payment = rows["account_payment"][0]
            pmove = next(m for m in moves if m["id"] == payment["move_id"])
            plines = [ml for ml in rows["account_move_line"] if ml["move_id"] == pmove["id"]]
            parts.update(
                payment=payment,
                pmove=pmove,
                liquidity=next(ml for ml in plines if ml["account_id"] != parts["term_line"]["account_id"]),
                counterpart=next(ml for ml in plines if ml["account_id"] == parts["term_line"]["account_id"]),
                partial=rows["account_partial_reconcile"][0],
                full=rows["account_full_reconcile"][0],
                pfollower=next(f for f in rows["mail_followers"] if f["res_id"] == pmove["id"]),
                message=rows["mail_message"][0] if rows["mail_message"] else None,
            )
        return parts

    def sequence(self, proto_move, day):
        """Next name in the proto's journal and the day's year, like the ORM's sequence mixin."""
        prefix = proto_move["sequence_prefix"].replace(str(proto_move["date"].year), str(day.year))
        key = (proto_move["journal_id"], prefix)
        self.counters[key] += 1
        number = self.counters[key]
        width = len(proto_move["name"]) - len(proto_move["sequence_prefix"])
        return f"{prefix}{number:0{width}d}", prefix, number

    def start_counters(self, cr):
        """Continue the numbering of documents already in the database (none before the first run)."""
        cr.execute(
            "SELECT journal_id, sequence_prefix, max(sequence_number) FROM account_move"
            " WHERE state = 'posted' GROUP BY journal_id, sequence_prefix"
        )
        for journal_id, prefix, number in cr.fetchall():
            self.counters[(journal_id, prefix)] = number

    # -------------------------------------------------------- one visit
    def build(self, visit, ids):
        """Rows {table: [row dicts]} of the billed ``visit``; ``ids`` yields fresh ids per table."""
        out = self.build_invoice(visit, ids)
        if visit["scenario"] != "unpaid":
            for table, rows in self.build_payment(visit, ids).items():
                out[table].extend(rows)
        return out

    @staticmethod
    def _moments(visit):
        """When the visit was billed (5 minutes after it ended) and paid (then, or at 9:00 on the payment day)."""
        billed_at = visit["stop"] + timedelta(minutes=5)
        if visit["scenario"] == "visit":
            return billed_at, billed_at
        pay_day = visit["pay_day"]
        return billed_at, (datetime.combine(pay_day, datetime.min.time()) + timedelta(hours=9) if pay_day else None)

    def build_invoice(self, visit, ids):
        """The invoice of the visit (its numbering follows the visit's day); remembers what the payment needs."""
        p = self.part((visit["company_id"], visit["kind"] or "unpaid"), visit["scenario"])
        out = defaultdict(list)
        billed_at, paid_at = self._moments(visit)
        paid = visit["scenario"] != "unpaid"
        invoice_id = ids("account_move")
        inv_name, inv_prefix, inv_number = self.sequence(p["invoice"], visit["day"])
        full_id = ids("account_full_reconcile") if paid else None
        head = {"move_id": invoice_id, "move_name": inv_name, "partner_id": visit["partner_id"]}
        line_rows, total = self._product_lines(p, visit, head, billed_at, ids, out)
        residual = 0.0 if paid else total
        term = dict(p["term_line"])
        term.update(
            id=ids("account_move_line"),
            **head,
            name=inv_name,
            date=visit["day"],
            invoice_date=visit["day"],
            date_maturity=visit["day"],
            **_amounts(total, residual, "debit"),
            reconciled=paid,
            full_reconcile_id=full_id,
            matching_number=str(full_id) if paid else None,
            create_date=billed_at,
            write_date=paid_at or billed_at,
        )
        sequence = {"name": inv_name, "sequence_prefix": inv_prefix, "sequence_number": inv_number}
        stamps = {"create_date": billed_at, "write_date": paid_at or billed_at}
        out["account_move"].append(self._invoice_row(p, visit, invoice_id, sequence, total, paid, stamps))
        out["account_move_line"].extend(line_rows)
        out["account_move_line"].append(term)
        self._follow(out, p["follower"], p["subtypes"], invoice_id, visit["partner_id"], ids)
        if paid:
            # loaded with the invoice (whose receivable line points to it) even when the payment comes later
            out["account_full_reconcile"].append(dict(p["full"], id=full_id, create_date=paid_at, write_date=paid_at))
        visit["_billed"] = {"invoice_id": invoice_id, "inv_name": inv_name, "term": term, "full_id": full_id}
        return out

    @staticmethod
    def _product_lines(p, visit, head, billed_at, ids, out):
        """The invoice's product lines (``head``: move, name, partner) with their teeth and plan links; the total."""
        day = visit["day"]
        total = 0.0
        line_rows = []
        for line in visit["lines"]:
            subtotal = round(line["price_unit"] * line["quantity"] * (1 - (line["discount"] or 0.0) / 100), 2)
            total += subtotal
            row = dict(p["product_line"])
            row.update(
                id=ids("account_move_line"),
                **head,
                product_id=line["product_id"],
                name=line["name"],
                date=day,
                invoice_date=day,
                debit=0.0,
                credit=subtotal,
                balance=-subtotal,
                amount_currency=-subtotal,
                quantity=line["quantity"],
                price_unit=line["price_unit"],
                price_subtotal=subtotal,
                price_total=subtotal,
                discount=line["discount"] or 0.0,
                sequence=line["sequence"],
                is_downpayment=line["is_downpayment"],
                dental_doctor_id=line["doctor_id"],
                create_date=billed_at,
                write_date=billed_at,
            )
            line_rows.append(row)
            out["account_move_line_dental_tooth_rel"].extend(
                {"line_id": row["id"], "tooth_id": tooth} for tooth in line["teeth"]
            )
            if line["sale_line_id"]:
                out["sale_order_line_invoice_rel"].append(
                    {"invoice_line_id": row["id"], "order_line_id": line["sale_line_id"]}
                )
        return line_rows, round(total, 2)

    @staticmethod
    def _invoice_row(p, visit, invoice_id, sequence, total, paid, stamps):
        """The invoice's account_move row (``sequence``: name, prefix, number; ``stamps``: create/write dates)."""
        residual = 0.0 if paid else total
        invoice = dict(p["invoice"])
        invoice.update(
            id=invoice_id,
            **sequence,
            company_id=visit["company_id"],
            partner_id=visit["partner_id"],
            commercial_partner_id=visit["partner_id"],
            partner_shipping_id=visit["partner_id"],
            payment_reference=sequence["name"],
            payment_state="paid" if paid else "not_paid",
            invoice_partner_display_name=visit["name"],
            invoice_origin=visit["name"],
            date=visit["day"],
            invoice_date=visit["day"],
            invoice_date_due=visit["day"],
            amount_untaxed=total,
            amount_total=total,
            amount_residual=residual,
            amount_untaxed_signed=total,
            amount_untaxed_in_currency_signed=total,
            amount_total_signed=total,
            amount_total_in_currency_signed=total,
            amount_residual_signed=residual,
            dental_patient_id=visit["patient_id"],
            dental_appointment_id=visit["event_id"],
            **stamps,
        )
        return invoice

    def build_payment(self, visit, ids):
        """The payment of the visit and its reconciliation (numbered in the order of the payment's day)."""
        p = self.part((visit["company_id"], visit["kind"]), visit["scenario"])
        out = defaultdict(list)
        pay_day = visit["pay_day"]
        billed = visit["_billed"]
        term, full_id = billed["term"], billed["full_id"]
        total = term["debit"]
        __, paid_at = self._moments(visit)
        pmove_id, payment_id = ids("account_move"), ids("account_payment")
        pay_name, pay_prefix, pay_number = self.sequence(p["pmove"], pay_day)
        memo = billed["inv_name"] if visit["scenario"] == "visit" else self.later_memos[visit["company_id"]]
        stamps = {"create_date": paid_at, "write_date": paid_at}
        ref = {"pmove_id": pmove_id, "payment_id": payment_id, "name": pay_name, "memo": memo}
        out["account_payment"].append(self._payment_row(p, visit, ref, total, stamps))
        pmove = dict(p["pmove"])
        pmove.update(
            id=pmove_id,
            name=pay_name,
            sequence_prefix=pay_prefix,
            sequence_number=pay_number,
            origin_payment_id=payment_id,
            partner_id=visit["partner_id"],
            commercial_partner_id=visit["partner_id"],
            ref=memo,
            invoice_partner_display_name=visit["name"],
            date=pay_day,
            invoice_date_due=pay_day,
            amount_total=total,
            amount_total_signed=total,
            amount_total_in_currency_signed=total,
            **stamps,
        )
        out["account_move"].append(pmove)
        liquidity, counterpart = self._payment_lines(p, visit, ref, total, full_id, stamps, ids)
        out["account_move_line"].extend([liquidity, counterpart])
        partial = dict(p["partial"])
        partial.update(
            id=ids("account_partial_reconcile"),
            debit_move_id=term["id"],
            credit_move_id=counterpart["id"],
            full_reconcile_id=full_id,
            company_id=visit["company_id"],
            max_date=pay_day,
            amount=total,
            debit_amount_currency=total,
            credit_amount_currency=total,
            **stamps,
        )
        out["account_partial_reconcile"].append(partial)
        self._follow(out, p["pfollower"], p["subtypes"], pmove_id, visit["partner_id"], ids)
        messages = self._plan_messages(p, visit, paid_at, ids)
        if messages:
            out["mail_message"].extend(messages)
        return out

    @staticmethod
    def _payment_row(p, visit, ref, total, stamps):
        """The account_payment row (``ref``: its entry, id, name and memo)."""
        payment = dict(p["payment"])
        payment.update(
            id=ref["payment_id"],
            move_id=ref["pmove_id"],
            name=ref["name"],
            partner_id=visit["partner_id"],
            memo=ref["memo"],
            date=visit["pay_day"],
            amount=total,
            amount_company_currency_signed=total,
            dental_patient_id=visit["patient_id"],
            dental_payer_id=visit["patient_id"],
            **stamps,
        )
        return payment

    @staticmethod
    def _payment_lines(p, visit, ref, total, full_id, stamps, ids):
        """The payment entry's liquidity line (debit) and receivable counterpart (credit, reconciled)."""
        common = {
            "move_id": ref["pmove_id"],
            "move_name": ref["name"],
            "partner_id": visit["partner_id"],
            "payment_id": ref["payment_id"],
            "ref": ref["memo"],
            "name": p["liquidity"]["name"].replace(p["payment"]["memo"], ref["memo"], 1),
            "date": visit["pay_day"],
            "date_maturity": visit["pay_day"],
            **stamps,
        }
        liquidity = dict(p["liquidity"], **common)
        liquidity.update(id=ids("account_move_line"), **_amounts(total, total, "debit"))
        liquidity.update(price_subtotal=total, price_total=total)
        counterpart = dict(p["counterpart"], **common)
        counterpart.update(id=ids("account_move_line"), **_amounts(total, 0.0, "credit"))
        counterpart.update(
            price_subtotal=-total, price_total=-total, full_reconcile_id=full_id, matching_number=str(full_id)
        )
        return liquidity, counterpart

    def _plan_messages(self, p, visit, paid_at, ids):
        """The plans' "invoice paid" messages (one per plan invoiced), as sale posts them."""
        orders = sorted({self.plan_order[line["sale_line_id"]] for line in visit["lines"] if line["sale_line_id"]})
        if not (p["message"] and orders):
            return []
        invoice_id, inv_name = visit["_billed"]["invoice_id"], visit["_billed"]["inv_name"]
        messages = []
        for order_id in orders:
            message = dict(p["message"])
            message.update(
                id=ids("mail_message"),
                res_id=order_id,
                record_company_id=visit["company_id"],
                record_name=self.plan_names[order_id],
                body=message["body"].replace(p["invoice"]["name"], inv_name),
                message_id=f"<{invoice_id}.{int(paid_at.timestamp())}.{order_id}-openerp-{order_id}-sale.order@"
                + message["message_id"].rsplit("@", 1)[-1],
                date=paid_at.replace(microsecond=0),
                create_date=paid_at,
                write_date=paid_at,
            )
            messages.append(message)
        return messages

    @staticmethod
    def _follow(out, proto, subtypes, move_id, partner_id, ids):
        follower = dict(proto, id=ids("mail_followers"), res_id=move_id, partner_id=partner_id)
        out["mail_followers"].append(follower)
        out["mail_followers_mail_message_subtype_rel"].extend(
            {"mail_followers_id": follower["id"], "mail_message_subtype_id": s} for s in subtypes
        )


# ---------------------------------------------------------------- verification against the ORM

# Columns the ORM fills from "now" (the moment the prototype ran), not from the visit's day.
NOW_DEPENDENT = {
    "account_move": {"invoice_date_due"},
    "account_move_line": {"date_maturity"},
    "mail_message": {"message_id", "date"},
}


def verify(builder, visit, actual):
    """Compare the builder's rows for ``visit`` with the rows the ORM wrote for it (``actual``).

    Ids are taken from ``actual`` in order, so every foreign key is compared too. Returns the list of
    differences (empty when the bulk rows are what dental_cash writes).
    """
    pools = {table: [_row_key(table, row) for row in rows] for table, rows in actual.items()}
    positions = defaultdict(int)

    def ids(table):
        position = positions[table]
        positions[table] += 1
        pool = pools[table]
        return pool[position] if position < len(pool) else -1 - position

    built = builder.build(visit, ids)
    differences = []
    for table in TABLES:
        mine = sorted(built.get(table, []), key=lambda r, t=table: _sort_key(t, r))
        theirs = sorted(actual.get(table, []), key=lambda r, t=table: _sort_key(t, r))
        if len(mine) != len(theirs):
            differences.append(f"{table}: {len(mine)} rows built, the ORM wrote {len(theirs)}")
            continue
        skip = NOW_COLUMNS | NOW_DEPENDENT.get(table, set())
        for a, b in zip(mine, theirs):
            for column in set(a) | set(b):
                if column in skip:
                    continue
                va, vb = a.get(column), b.get(column)
                if isinstance(va, float) or isinstance(vb, float):
                    if abs((va or 0.0) - (vb or 0.0)) < 0.005:
                        continue
                if va != vb:
                    differences.append(f"{table}.{column}: built {va!r}, the ORM wrote {vb!r}")
    return differences


def _row_key(table, row):
    return row.get("id") if "id" in row else None


def _sort_key(table, row):
    if "id" in row:
        return (row["id"],)
    return tuple(sorted((k, v) for k, v in row.items() if v is not None))


# ---------------------------------------------------------------- the stage


class IdPool:
    """Fresh ids per table from the table's sequence, taken as the builder asks (single writer)."""

    def __init__(self, cr):
        self.cr = cr
        self.next = {}
        self.first = {}

    def __call__(self, table):
        if table not in self.next:
            self.cr.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
            self.next[table] = self.first[table] = self.cr.fetchone()[0]
        value = self.next[table]
        self.next[table] += 1
        return value

    def close(self):
        """Move each sequence past the ids used."""
        for table, value in self.next.items():
            self.cr.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, value - 1])
        self.next.clear()


def make_builder(env, protos, later_memos):
    cr = env.cr
    cr.execute(
        "SELECT l.id, l.order_id FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id"
        " WHERE o.is_treatment_plan"
    )
    plan_order = dict(cr.fetchall())
    orders = env["sale.order"].with_context(active_test=False).search([("is_treatment_plan", "=", True)])
    plan_names = {order.id: order.display_name for order in orders}
    builder = Builder(env, protos, later_memos, plan_order, plan_names)
    builder.start_counters(cr)
    return builder


def make_prototypes(env, visits, log):
    """Prototypes per (branch, payment method or "unpaid") and the debt payment's memo, verified."""
    protos, later_memos, checks = {}, {}, 0
    for company_id in sorted({v["company_id"] for v in visits}):
        mine = [v for v in visits if v["company_id"] == company_id]
        with_plan = [v for v in mine if any(line["sale_line_id"] for line in v["lines"])] or mine
        without_plan = [v for v in mine if not any(line["sale_line_id"] for line in v["lines"])] or mine
        # a visit without plan procedures and, in the first branch, another with: built by the bulk builder from
        # the prototype and compared with what the ORM writes for them
        samples = [without_plan[0]] + ([with_plan[len(with_plan) // 2]] if not protos else [])
        for kind in (*KINDS, "unpaid"):
            scenario, pay_kind = ("unpaid", None) if kind == "unpaid" else ("visit", kind)
            first = dict(
                with_plan[0], scenario=scenario, kind=pay_kind, pay_day=with_plan[0]["day"] if pay_kind else None
            )
            protos[(company_id, kind)] = prototype(env, first, scenario, pay_kind, first["pay_day"])
            if kind == "cash":
                later = dict(first, scenario="later", pay_day=first["day"] + timedelta(days=3))
                actual = prototype(env, later, "later", "cash", later["pay_day"])
                later_memos[company_id] = actual["account_payment"][0]["memo"]
                checks += _check(env, protos, later_memos, later, actual)
            for sample in samples:
                check = dict(sample, scenario=scenario, kind=pay_kind, pay_day=sample["day"] if pay_kind else None)
                checks += _check(
                    env, protos, later_memos, check, prototype(env, check, scenario, pay_kind, check["pay_day"])
                )
    log(f"    cash: prototypes of {len(protos)} kinds of bills, bulk rows equal the ORM's in {checks} checks")
    return protos, later_memos


def _check(env, protos, later_memos, visit, actual):
    builder = make_builder(env, protos, later_memos)
    differences = verify(builder, visit, actual)
    if differences:
        raise SystemExit(
            f"bulk billing differs from dental_cash's for {visit['scenario']}/{visit['kind']} "
            f"(appointment {visit['event_id']}):\n  " + "\n  ".join(differences[:40])
        )
    return 1


def generate_cash(gen):
    """The generator's ``cash`` stage (see the module docstring)."""
    t0 = time.monotonic()
    counts = defaultdict(int)
    with gen.registry.cursor() as cr:
        env = cash_env(gen, cr)
        cr.execute("SELECT company_id FROM dental_chair GROUP BY company_id ORDER BY count(*) DESC, company_id LIMIT 1")
        main_branch = cr.fetchone()[0]
        visits = load_visits(env)
        # the last working day before the anchor day: the day scripts/bench summarises
        orm_day = max(
            (v["day"] for v in visits if v["company_id"] == main_branch and v["day"] < gen.today),
            default=gen.today - timedelta(days=1),
        )
        choose_scenarios(gen, visits, orm_day + timedelta(days=1))  # debts repaid up to the summarised day
        recent_ids = {v["event_id"] for v in visits if v["day"] == orm_day and v["company_id"] == main_branch}
        visits = [v for v in visits if v["event_id"] not in recent_ids]
        if visits:
            counts = bulk_history(env, visits, gen.log, t0)
    orm, summaries = bill_recent(gen, recent_ids, orm_day, t0)
    return {
        "daily_summaries": summaries,
        "invoices_bulk": sum(counts.values()),
        "paid_at_visit": counts["visit"],
        "repaid_later": counts["later"],
        "unpaid": counts["unpaid"],
        "invoices_orm": orm,
    }


def bulk_history(env, visits, log, t0):
    """Bill ``visits`` in bulk (rows built from verified prototypes, COPY) in one transaction; counts by scenario."""
    cr = env.cr
    counts = defaultdict(int)
    protos, later_memos = make_prototypes(env, visits, log)
    log(f"    cash: prototypes ready ({time.monotonic() - t0:.0f} s)")
    builder = make_builder(env, protos, later_memos)
    # documents are numbered in the order of their day, as if billed day after day
    timeline = [((v["day"], 0, v["start"], v["event_id"]), "invoice", v) for v in visits]
    timeline += [
        ((v["pay_day"], 1, v["start"], v["event_id"]), "payment", v) for v in visits if v["scenario"] != "unpaid"
    ]
    timeline.sort(key=lambda item: item[0])
    # Bulk-loading mode, inside the transaction (an interruption rolls it back, constraints included):
    # foreign keys and plain indexes of the loaded tables are dropped and made again at the end, which
    # checks every row at once instead of row by row.
    restore = suspend_constraints(cr, TABLES)
    for start in range(0, len(timeline), 40_000):
        chunk = timeline[start : start + 40_000]
        out = defaultdict(list)
        ids = IdPool(cr)
        for __, what, visit in chunk:
            if what == "invoice":
                rows = builder.build_invoice(visit, ids)
                counts[visit["scenario"]] += 1
            else:
                rows = builder.build_payment(visit, ids)
            for table, table_rows in rows.items():
                out[table].extend(table_rows)
        ids.close()
        load_rows(cr, out)  # one transaction for the whole history: an interrupted run leaves nothing
        log(f"    cash: {start + len(chunk)} of {len(timeline)} documents loaded ({time.monotonic() - t0:.0f} s)")
    restore()
    for table in TABLES:  # the ORM's queries that follow need the new sizes (a plan for empty tables)
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    log(f"    cash: foreign keys and indexes made again, statistics ({time.monotonic() - t0:.0f} s)")
    recompute_after_bulk(env)
    cr.commit()
    log(f"    cash: plans' invoiced quantities recomputed ({time.monotonic() - t0:.0f} s)")
    return counts


def bill_recent(gen, recent_ids, orm_day, t0):
    """The recent visits: dental_cash's own billing, one by one as at the front desk; then the daily summaries."""
    orm = 0
    with gen.registry.cursor() as cr:
        env = cash_env(gen, cr)
        recent = [v for v in load_visits(env) if v["event_id"] in recent_ids]
        choose_scenarios(gen, recent, gen.today + timedelta(days=1))
        for visit in recent:
            scenario = "unpaid" if visit["scenario"] == "later" else visit["scenario"]
            orm_bill(env, visit["event_id"], scenario, visit["kind"], visit["pay_day"])
            orm += 1
            if orm % 100 == 0:
                cr.commit()
                env.invalidate_all()
                gen.log(
                    f"    cash: {orm} of {len(recent)} recent visits billed through the wizard"
                    f" ({time.monotonic() - t0:.0f} s)"
                )
        summaries = open_summaries(gen, env, orm_day)
    return orm, summaries


def suspend_constraints(cr, tables):
    """Drop the foreign keys of ``tables`` and their indexes not backing a constraint; return the restorer."""
    cr.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
         WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
        """,
        [list(tables)],
    )
    foreign_keys = cr.fetchall()
    cr.execute(
        """
        SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i
         WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [list(tables)],
    )
    indexes = cr.fetchall()
    for table, name, __ in foreign_keys:
        cr._obj.execute(
            sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name))
        )
    for name, __ in indexes:
        cr._obj.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))

    def restore():
        for __, definition in indexes:
            cr._obj.execute(definition)  # CREATE INDEX statements from PostgreSQL's catalog
        for table, name, definition in foreign_keys:
            cr._obj.execute(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(sql.Identifier(table), sql.Identifier(name))
                + sql.SQL(definition)  # from PostgreSQL's catalog
            )

    return restore


def load_rows(cr, out):
    """COPY the rows built; the payment entries' link to their payment (a foreign-key cycle) is set after."""
    links = []
    for row in out.get("account_move", []):
        if row.get("origin_payment_id"):
            links.append((row["id"], row["origin_payment_id"]))
            row["origin_payment_id"] = None
    for table in TABLES:
        rows = out.get(table)
        if rows:
            columns = list(rows[0])
            copy_rows(cr, table, columns, ([row[c] for c in columns] for row in rows))
    if links:
        cr.execute(
            "UPDATE account_move m SET origin_payment_id = v.payment_id"
            " FROM unnest(%s::int[], %s::int[]) AS v(move_id, payment_id) WHERE m.id = v.move_id",
            [[move for move, __ in links], [payment for __, payment in links]],
        )


def recompute_after_bulk(env):
    """Stored fields following invoice lines (plans' invoiced quantities and status), customers' rank."""
    cr = env.cr
    cr.execute("SELECT DISTINCT order_line_id FROM sale_order_line_invoice_rel")
    line_ids = [row[0] for row in cr.fetchall()]
    to_compute = []
    for model in ("sale.order.line", "sale.order"):
        Model = env[model]
        for field in Model._fields.values():
            if field.store and field.compute:
                depends = env.registry.field_depends[field]
                if any("invoice" in path for path in depends):
                    to_compute.append(field)
    Line = env["sale.order.line"]
    for start in range(0, len(line_ids), 2000):
        lines = Line.browse(line_ids[start : start + 2000])
        orders = lines.order_id
        for field in to_compute:
            env.add_to_compute(field, lines if field.model_name == "sale.order.line" else orders)
        env.flush_all()
        env.invalidate_all()
    cr.execute(
        """
        UPDATE res_partner r SET customer_rank = n.count
          FROM (SELECT partner_id, count(*) FROM account_move
                 WHERE move_type = 'out_invoice' OR origin_payment_id IS NOT NULL GROUP BY partner_id) n
         WHERE n.partner_id = r.id
        """
    )


# ---------------------------------------------------------------- the daily summaries the front desk opened


def open_summaries(gen, env, last_day):
    """The front desk opened the daily summary of the last working day and of the anchor day in every branch (ORM).

    ``scripts/bench`` then measures the summary of ``last_day`` opened again (refreshed), as during the day.
    """
    Closing = env["dental.cash.closing"]
    companies = env["res.company"].search([("id", "in", env["dental.chair"].search([]).company_id.ids)])
    count = 0
    for company in companies:
        for day in sorted({last_day, gen.today}):
            Closing.with_company(company)._dental_get(company, day)
            count += 1
    return count


CLOSED_DAYS = 30


def summarised_day(cr, company_id, today):
    """The day the benchmark summarises: the branch's last day with invoices before the anchor day."""
    cr.execute(
        """
        SELECT invoice_date FROM account_move
         WHERE company_id = %s AND move_type = 'out_invoice' AND state = 'posted' AND invoice_date < %s
         ORDER BY invoice_date DESC LIMIT 1
        """,
        [company_id, today],
    )
    row = cr.fetchone()
    return row[0] if row else None


def close_days(gen):
    """The generator's ``closings`` stage: the front desk closed the cash day of the last working days (ORM).

    In every branch, the working days of the ``CLOSED_DAYS`` days before the day ``scripts/bench`` summarises
    are summarised and closed in order through dental_cash (``_dental_get``, ``action_close``), the counted cash
    equal to the books. The summarised day and the anchor day stay open. Older days are not summarised.
    """
    with gen.registry.cursor() as cr:
        env = cash_env(gen, cr)
        Closing = env["dental.cash.closing"]
        cr.execute("SELECT company_id FROM dental_chair GROUP BY company_id ORDER BY count(*) DESC, company_id LIMIT 1")
        summarised = summarised_day(cr, cr.fetchone()[0], gen.today)
        if not summarised:
            return {"skipped": "no invoice before the anchor day (the cash stage first)"}
        companies = env["res.company"].search([("id", "in", env["dental.chair"].search([]).company_id.ids)])
        days = [
            summarised - timedelta(days=n)
            for n in range(CLOSED_DAYS, 0, -1)
            if (summarised - timedelta(days=n)).weekday() != 6  # closed on Sundays
        ]
        count = 0
        for company in companies:
            for day in days:
                closing = Closing.with_company(company)._dental_get(company, day)
                closing.counted_cash = closing.cash_closing
                closing.action_close()
                count += 1
            cr.commit()
            gen.log(f"    closings: {company.name}: {len(days)} days closed")
        return {"closed_days": count, "first": days[0].isoformat(), "last": days[-1].isoformat()}
