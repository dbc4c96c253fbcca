/** The schedule's toolbar: previous / today / next, the title, booking mode, cancelled switch and the mode. */

import { Component } from "@odoo/owl";

export class ScheduleToolbar extends Component {
    static template = "dental_calendar.ScheduleToolbar";
    static props = {
        day: Object,
        view: { validate: (view) => ["day", "week"].includes(view) },
        period: Array,
        companyName: String,
        patientName: { type: [String, { value: false }] },
        showCancelled: Boolean,
        mode: { validate: (mode) => ["patients", "doctors"].includes(mode) },
        onPrevious: Function,
        onToday: Function,
        onNext: Function,
        onBackToChairs: Function,
        onStopBooking: Function,
        onToggleCancelled: Function,
        onSetMode: Function,
    };

    get title() {
        if (this.props.view === "week") {
            const [monday, nextMonday] = this.props.period;
            return `${monday.toFormat("dd.MM")} – ${nextMonday.minus({ days: 1 }).toFormat("dd.MM.yyyy")}`;
        }
        return this.props.day.toFormat("cccc, dd.MM.yyyy");
    }
}
