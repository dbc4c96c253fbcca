import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The patient card's warning about possible duplicates (field ``duplicate_ids``): each match named with its
 * birth date and phone, "This is the patient" opening it and "Create anyway" hiding the warning.
 *
 * Opening a match from a new card discards the new card first, then replaces it by the match: the new
 * (duplicate) patient is never saved, as a button of type object would (it saves the record before running).
 */
export class DuplicateWarning extends Component {
    static template = "dental_patient.DuplicateWarning";
    static props = { ...standardFieldProps };

    setup() {
        this.action = useService("action");
        this.state = useState({ dismissed: false });
    }

    get matches() {
        return this.props.record.data[this.props.name].records;
    }

    describe(match) {
        const { birth_date_text, mobile, phone } = match.data;
        return [birth_date_text, mobile || phone].filter(Boolean).join(", ");
    }

    async openMatch(match) {
        const record = this.props.record;
        const isNew = record.isNew;
        if (isNew) {
            await record.discard();
        }
        await this.action.doAction(
            {
                type: "ir.actions.act_window",
                name: _t("Patient"),
                res_model: "dental.patient",
                res_id: match.resId,
                views: [[false, "form"]],
                target: "current",
                context: { active_test: false },
            },
            isNew ? { stackPosition: "replaceCurrentAction" } : {}
        );
    }

    dismiss() {
        this.state.dismissed = true;
    }
}

export const duplicateWarning = {
    component: DuplicateWarning,
    displayName: _t("Possible duplicates"),
    supportedTypes: ["many2many"],
    relatedFields: [
        { name: "display_name", type: "char" },
        { name: "birth_date_text", type: "char" },
        { name: "mobile", type: "char" },
        { name: "phone", type: "char" },
    ],
};

registry.category("fields").add("dental_duplicate_warning", duplicateWarning);
