"""dental_sms_calendar is merged into dental_calendar_sms (docs/decisions.md, "SMS bridges merged").

A database that had both bridges keeps its trigger log, rules and templates (and an administrator's edits
of them: they are ``noupdate``): their XML ids, constraints and the rules' code move to this module before
its data loads, and the old module is marked uninstalled (its code is gone from the repository).
"""

OLD, NEW = "dental_sms_calendar", "dental_calendar_sms"


def migrate(cr, version):
    cr.execute("SELECT id FROM ir_module_module WHERE name = %s", [OLD])
    old = cr.fetchone()
    if not old:
        return
    cr.execute("SELECT id FROM ir_module_module WHERE name = %s", [NEW])
    (new,) = cr.fetchone()
    # raw SQL: the ORM is not loaded in a pre-migration; fixed statements, values passed as parameters
    cr.execute(
        """UPDATE ir_model_data old SET module = %s
            WHERE old.module = %s
              AND NOT EXISTS (SELECT 1 FROM ir_model_data new WHERE new.module = %s AND new.name = old.name)""",
        [NEW, OLD, NEW],
    )
    cr.execute("DELETE FROM ir_model_data WHERE module = %s", [OLD])
    cr.execute("UPDATE ir_model_constraint SET module = %s WHERE module = %s", [new, old[0]])
    cr.execute("UPDATE ir_model_relation SET module = %s WHERE module = %s", [new, old[0]])
    # the shipped rules call env.ref("dental_sms_calendar.<template>"): their records are noupdate
    cr.execute(
        "UPDATE ir_act_server SET code = replace(code, %s, %s) WHERE code LIKE %s",
        [f"{OLD}.", f"{NEW}.", f"%{OLD}.%"],
    )
    cr.execute("UPDATE ir_module_module SET state = 'uninstalled' WHERE id = %s", [old[0]])
    cr.execute("DELETE FROM ir_module_module_dependency WHERE name = %s", [OLD])
