/** The waiting list: patients who want an appointment; drag one onto a free slot to book it. */

import { Component } from "@odoo/owl";

export class ScheduleWaitingList extends Component {
    static template = "dental_calendar.ScheduleWaitingList";
    static props = {
        entries: Array,
        onPointerDown: Function,
    };
}
