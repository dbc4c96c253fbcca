from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# The largest file a lab uploads through the portal (bytes).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class DentalLabPortal(CustomerPortal):
    """The lab's portal: its orders (teeth, shade, files, due date, patient name and age), stages and comments.

    Reads run with the portal user's own rights (the record rule keeps a lab to its own orders, the fields
    groups keep the patient record, prices and internal notes out); the stage change and the comment are
    written as superuser only after that read access is checked on the order.
    """

    def _dental_lab_domain(self):
        return [("lab_id", "=", request.env.user.commercial_partner_id.id), ("state", "!=", "draft")]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "lab_order_count" in counters:
            Order = request.env["dental.lab.order"]
            values["lab_order_count"] = Order.search_count(self._dental_lab_domain()) if Order.has_access("read") else 0
        return values

    def _dental_lab_errors(self):
        """The messages a redirect names by a code (never text taken from the URL)."""
        return {
            "stage": _("The order cannot move to this stage now: reload the page to see its current stage."),
            "size": _("The file is too large."),
        }

    def _dental_lab_order(self, order_id):
        """The order, when the user may read it as its lab; AccessError/MissingError otherwise."""
        order = request.env["dental.lab.order"].browse(order_id).exists()
        if not order:
            raise MissingError(_("This lab order does not exist."))
        order.check_access("read")
        if order.lab_id != request.env.user.commercial_partner_id:
            raise AccessError(_("This lab order was sent to another laboratory."))
        return order

    @http.route(["/my/lab_orders", "/my/lab_orders/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_lab_orders(self, page=1, **kw):
        Order = request.env["dental.lab.order"]
        if not Order.has_access("read"):
            return request.redirect("/my")
        domain = self._dental_lab_domain()
        pager = portal_pager(
            url="/my/lab_orders", total=Order.search_count(domain), page=page, step=self._items_per_page
        )
        orders = Order.search(domain, order="due_date, id", limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"orders": orders, "pager": pager, "page_name": "lab_orders", "default_url": "/my/lab_orders"})
        return request.render("dental_lab.portal_my_lab_orders", values)

    @http.route("/my/lab_orders/<int:order_id>", type="http", auth="user", website=True)
    def portal_my_lab_order(self, order_id, error=None, **kw):
        try:
            order = self._dental_lab_order(order_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "order": order,
                "page_name": "lab_order",
                "attachments": order._dental_portal_attachments(),
                "portal_states": order._dental_portal_next_states(),
                "message": self._dental_lab_errors().get(error),
            }
        )
        return request.render("dental_lab.portal_my_lab_order", values)

    @http.route("/my/lab_orders/<int:order_id>/stage", type="http", auth="user", methods=["POST"], website=True)
    def portal_lab_order_stage(self, order_id, state=None, **kw):
        try:
            order = self._dental_lab_order(order_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            # sudo: the lab has no write access to the order; read access was checked above and only the
            # portal's stages (in work, ready for fitting, done) are allowed
            order.sudo()._dental_portal_move_to(state, author=request.env.user.partner_id)
        except UserError:
            return request.redirect(f"/my/lab_orders/{order.id}?error=stage")
        return request.redirect(f"/my/lab_orders/{order.id}")

    @http.route("/my/lab_orders/<int:order_id>/comment", type="http", auth="user", methods=["POST"], website=True)
    def portal_lab_order_comment(self, order_id, body="", **kw):
        try:
            order = self._dental_lab_order(order_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        files = request.httprequest.files.getlist("attachments")
        attachments = []
        for upload in files:
            if not upload.filename:
                continue
            content = upload.read(MAX_UPLOAD_BYTES + 1)
            if len(content) > MAX_UPLOAD_BYTES:
                return request.redirect(f"/my/lab_orders/{order.id}?error=size")
            attachments.append((upload.filename, content))
        if not body.strip() and not attachments:
            return request.redirect(f"/my/lab_orders/{order.id}")
        # sudo: as above; the message and files land in the order's chatter, authored by the lab's user
        order.sudo()._dental_portal_comment(body, attachments, author=request.env.user.partner_id)
        return request.redirect(f"/my/lab_orders/{order.id}")
