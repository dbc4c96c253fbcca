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


def has_server_token(env, model):
    """Whether ``env``'s context carries the token of ``model`` (set by :func:`server_context`)."""
    token = env.context.get(SERVER_WRITE_KEY)
    return isinstance(token, ServerWrite) and token.model == model


def is_server_write(env, model):
    """Whether server code writes ``model``: its token, or the superuser (``sudo()``, data files).

    A client never runs as the superuser (``sudo()`` is server code, which chose the values it writes), nor
    sends the token: the superuser is exempt from the server-only fields of every model.
    """
    return env.su or has_server_token(env, model)


class DentalServerFieldsMixin(models.AbstractModel):
    """Fields only the server writes: states, stamps, figures frozen by an action, links set by actions.

    A model lists them in ``_dental_server_fields``; ``create``/``write`` refuse them from a client (JSON-RPC,
    a form) and the model's actions write them under :meth:`_dental_server` (the token of
    :func:`server_context`) after their own checks (role, state, figures recomputed). The superuser
    (``sudo()``, data files) is exempt. ``create`` accepts a server-only field at its default (a client's form
    sends the state "draft"; see :meth:`_dental_is_default_value`) and drops ``default_<field>`` context keys
    for them (or refuses them: ``_dental_refuse_default_keys``). ``_dental_create_only_fields`` are given on
    creation and never changed afterwards by a client (the branch and day of a cash summary). With
    ``_dental_accept_resent_values``, a write giving a server-only field the value it already has is accepted
    (the web client sends back what it read). :meth:`_dental_refuse_fields` raises the refusal (a model may
    give its own message).
    """

    _name = "dental.server.fields.mixin"
    _description = "Fields Written Only by the Server"

    _dental_server_fields = ()
    _dental_create_only_fields = ()
    _dental_refuse_default_keys = False
    _dental_accept_resent_values = False

    def _dental_has_server_token(self):
        """The model's token only (not the superuser): for rules beyond the server-only fields."""
        return has_server_token(self.env, self._name)

    def _dental_is_server_write(self):
        return is_server_write(self.env, self._name)

    def _dental_server(self):
        """These records allowed to write their server-only fields (the caller's access rights still apply)."""
        return self.with_context(**server_context(self._name))

    def _dental_server_write(self, vals):
        """Write server-only fields (the model's actions, after their own checks). Access rights still apply."""
        return self._dental_server().write(vals)

    def _dental_refuse_fields(self, fnames, create=False):
        """Raise the refusal of a client's values for the server-only fields ``fnames``."""
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
            if self._dental_accept_resent_values:
                refused = {fname for fname in refused if self._dental_changes(fname, vals[fname])}
            refused |= set(self._dental_create_only_fields) & set(vals)
        if refused:
            self._dental_refuse_fields(refused, create=create)

    def _dental_changes(self, fname, value):
        """Whether ``value`` (as given to ``write``) differs from ``fname`` of one of these records."""
        field = self._fields[fname]
        return any(
            field.convert_to_record(field.convert_to_cache(value, record), record) != record[fname] for record in self
        )

    def _dental_is_default_value(self, fname, value):
        """Whether a client may give ``value`` to the server-only field ``fname`` on create (a new record's)."""
        field = self._fields[fname]
        default = field.default(self) if field.default else False
        return not value or value == default

    def _dental_check_server_create(self, vals_list):
        """Refuse the server-only fields of ``vals_list`` (and, if the model says so, their context defaults).

        Returns the recordset to create with: ``default_<field>`` keys of server-only fields dropped.
        """
        for vals in vals_list:
            self._dental_check_server_fields(vals, create=True)
        defaults = {f"default_{fname}" for fname in self._dental_server_fields}
        if not defaults & set(self.env.context) or self._dental_is_server_write():
            return self
        if self._dental_refuse_default_keys:
            self._dental_refuse_fields({key[8:] for key in defaults & set(self.env.context)}, create=True)
        # default_<field> context keys would set the refused values through the defaults: the whole context
        # less these keys (with_context(key=...) cannot remove a key)
        context = {key: value for key, value in self.env.context.items() if key not in defaults}
        return self.with_context(context)  # pylint: disable=context-overridden

    @api.model_create_multi
    def create(self, vals_list):
        records = self._dental_check_server_create(vals_list)
        return super(DentalServerFieldsMixin, records).create(vals_list)

    def write(self, vals):
        self._dental_check_server_fields(vals)
        return super().write(vals)
