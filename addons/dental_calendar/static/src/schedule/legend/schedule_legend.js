/** The legend of the schedule: each appointment status and its colour, as the blocks wear them. */

import { Component } from "@odoo/owl";

export class ScheduleLegend extends Component {
    static template = "dental_calendar.ScheduleLegend";
    static props = {
        // ``get_schedule``'s states: {key, label, color, free}, in the status field's order
        states: Array,
    };
}
