/** The schedule's grid: the column heads, the time scale and one column per chair (or per day of a week). */

import { Component } from "@odoo/owl";

import { ScheduleColumn } from "../column/schedule_column";

export class ScheduleGrid extends Component {
    static template = "dental_calendar.ScheduleGrid";
    static components = { ScheduleColumn };
    static props = {
        columns: Array,
        rows: Array,
        rowHeight: Number,
        mode: String,
        view: String,
        day: Object,
        tz: String,
        company: Object,
        shiftBlocks: Array,
        appointmentBlocks: Array,
        dragPreview: [Object, { value: null }],
        onColumnPointerDown: Function,
        onBlockPointerDown: Function,
        onBlockContextMenu: Function,
        onBlockDblClick: Function,
    };

    /** Blocks by column key: {shifts, appointments}. */
    get blocksByColumn() {
        const byColumn = Object.fromEntries(
            this.props.columns.map((column) => [column.key, { shifts: [], appointments: [] }])
        );
        for (const block of this.props.shiftBlocks) {
            byColumn[block.column]?.shifts.push(block);
        }
        for (const block of this.props.appointmentBlocks) {
            byColumn[block.column]?.appointments.push(block);
        }
        return byColumn;
    }

    /** Position (px) of the current time in today's columns, or null. */
    get nowTop() {
        const { company, day, rowHeight, rows, tz, view } = this.props;
        const now = luxon.DateTime.local().setZone(tz);
        if (view !== "day" || !now.hasSame(day, "day")) {
            return null;
        }
        const minutes = now.hour * 60 + now.minute - company.work_start * 60;
        const top = (minutes / company.step) * rowHeight;
        return top >= 0 && top <= rows.length * rowHeight ? top : null;
    }
}
