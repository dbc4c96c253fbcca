"""Client actions the dental addons' buttons and wizards return, written once."""


def notification(message, kind="success", title=None, sticky=False, next_action=None):
    """A notification (``display_notification``), then ``next_action`` (default: close the dialog).

    ``kind``: "success", "warning", "danger" or "info".
    """
    params = {"message": message, "type": kind, "next": next_action or {"type": "ir.actions.act_window_close"}}
    if title:
        params["title"] = title
    if sticky:
        params["sticky"] = True
    return {"type": "ir.actions.client", "tag": "display_notification", "params": params}


def reopen_wizard(wizard, name):
    """Show ``wizard`` again in its dialog, on its next step.

    ``context={}``: the dialog keeps the client's context as it was; ``_get_records_action`` would otherwise
    send the server's back, ``default_*`` keys included (the web client filters those out of a button's context).
    """
    return wizard._get_records_action(name=name, target="new", context={})
