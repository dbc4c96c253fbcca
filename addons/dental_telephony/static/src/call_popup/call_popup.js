import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { formatDate, formatDateTime, deserializeDate, deserializeDateTime } from "@web/core/l10n/dates";

/**
 * The incoming-call card shown to the branch's front desk: the caller's patient (photo, name, tags, next and
 * last visit, last reminder, debt) or, for an unknown number, the "New Lead" / "New Patient" buttons.
 * ``info`` is what ``dental.call.dental_popup_info`` answers.
 */
export class DentalCallPopup extends Component {
    static template = "dental_telephony.CallPopup";
    static props = {
        info: Object,
        close: Function,
        onNewLead: Function,
        onNewPatient: Function,
        onOpenPatient: Function,
        onOpenLead: { type: Function, optional: true },
    };

    get patient() {
        return this.props.info.patient;
    }

    get photoUrl() {
        return `/web/image/res.partner/${this.patient.partner_id}/avatar_128`;
    }

    get nextVisit() {
        const next = this.patient.next_visit;
        if (!next) {
            return _t("None booked");
        }
        const when = formatDateTime(deserializeDateTime(next.start));
        return next.doctor ? `${when}, ${next.doctor[1]}` : when;
    }

    get lastVisit() {
        return this.patient.last_visit ? formatDate(deserializeDate(this.patient.last_visit)) : _t("Never");
    }

    get lastReminder() {
        return this.patient.last_reminder ? formatDate(deserializeDate(this.patient.last_reminder)) : _t("None");
    }

    get showDebt() {
        return this.patient.debt !== false;
    }

    get debt() {
        return this.patient.debt;
    }
}
