from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import content_disposition, request


class DentalBookController(http.Controller):
    @http.route("/dental_patient/book/<string:book>.xlsx", type="http", auth="user", methods=["GET"])
    def book_xlsx(self, book, export=None):
        """The import template of a reference book; with ``export=1``, filled with the current records.

        The template (a header row) is for internal users (Odoo's own import offers it); the export for the
        roles that may use the import wizard (AccessError: 403), within the book's limits (UserError: 400).
        """
        if not request.env.user._is_internal():
            raise Forbidden()
        Wizard = request.env["dental.book.import"]
        if book not in dict(Wizard._fields["book"]._description_selection(request.env)):
            raise request.not_found()
        content = Wizard._book_xlsx(book, with_data=bool(export))
        filename = f"{book}{'_export' if export else '_template'}.xlsx"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
