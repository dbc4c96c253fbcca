from odoo import _, api, models
from odoo.exceptions import AccessError

SERVER_WRITE_KEY = "dental_server_write"


class ServerWrite:
    """The context value with which an action writes its model's server-only fields.

    A client reaches ``create``/``write`` over JSON-RPC with any context it likes, but a JSON context holds only
    strings, numbers, booleans, lists and dicts, never an instance of this class: the client can send the key,
    not this value. The value names the one model it unlocks, so the context, passed on to the code of other
    models during the write, unlocks nothing there.
    """

    __slots__ = ("model",)

    def __init__(self, model):
        self.model = model

    def __repr__(self):
        return f"ServerWrite({self.model!r})"


def server_context(model):
    """Context values letting server code create/write the server-only fields of ``model`` (a model name)."""
    return {SERVER_WRITE_KEY: ServerWrite(model)}


class DentalServerFieldsMixin(models.AbstractModel):
    """Fields only the server writes: states, stamps, figures frozen by an action, links to journal entries.

    A model lists them in ``_dental_server_fields``; ``create``/``write`` refuse them from a client (JSON-RPC,
    a form) and the model's actions write them with ``_dental_server_write`` after their own checks (role, state,
    figures recomputed). ``create`` accepts a server-only field at its default (a client's form sends the state
    "draft") and ignores ``default_<field>`` context keys for them. ``_dental_create_only_fields`` are given on
    creation and never changed afterwards by a client (the branch and day of a cash summary).
    """

    _name = "dental.server.fields.mixin"
    _description = "Fields Written Only by the Server"

    _dental_server_fields = ()
    _dental_create_only_fields = ()

    def _dental_is_server_write(self):
        token = self.env.context.get(SERVER_WRITE_KEY)
        return isinstance(token, ServerWrite) and token.model == self._name

    def _dental_server_write(self, vals):
        """Write server-only fields (the model's actions, after their own checks). Access rights still apply."""
        return self.with_context(**server_context(self._name)).write(vals)

    def _dental_refuse_fields(self, fnames):
        labels = ", ".join(sorted(self._fields[fname]._description_string(self.env) for fname in fnames))
        raise AccessError(
            _(
                "%(fields)s of %(model)s are set by the application's own buttons, not written directly.",
                fields=labels,
                model=self._description,
            )
        )

    def _dental_check_server_fields(self, vals, create=False):
        if self._dental_is_server_write():
            return
        refused = set(self._dental_server_fields) & set(vals)
        if create:
            refused = {fname for fname in refused if not self._dental_is_default_value(fname, vals[fname])}
        else:
            refused |= set(self._dental_create_only_fields) & set(vals)
        if refused:
            self._dental_refuse_fields(refused)

    def _dental_is_default_value(self, fname, value):
        field = self._fields[fname]
        default = field.default(self) if field.default else False
        return not value or value == default

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._dental_check_server_fields(vals, create=True)
        # default_<field> context keys would set the refused values through the defaults
        records = self
        defaults = {f"default_{fname}" for fname in self._dental_server_fields}
        if defaults & set(self.env.context) and not self._dental_is_server_write():
            # the whole context less these keys (with_context(key=...) cannot remove a key)
            context = {key: value for key, value in self.env.context.items() if key not in defaults}
            records = self.with_context(context)  # pylint: disable=context-overridden
        return super(DentalServerFieldsMixin, records).create(vals_list)

    def write(self, vals):
        self._dental_check_server_fields(vals)
        return super().write(vals)
