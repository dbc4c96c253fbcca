/** One column of the grid: a chair's day (or a day of a doctor's week), its slots, shifts and appointments. */

import { Component } from "@odoo/owl";

import { AppointmentBlock, ShiftBlock } from "../block/schedule_block";

export class ScheduleColumn extends Component {
    static template = "dental_calendar.ScheduleColumn";
    static components = { AppointmentBlock, ShiftBlock };
    static props = {
        column: Object,
        rows: Array,
        rowHeight: Number,
        mode: String,
        view: String,
        tz: String,
        shiftBlocks: Array,
        appointmentBlocks: Array,
        dragPreview: [Object, { value: null }],
        nowTop: [Number, { value: null }],
        onPointerDown: Function,
        onBlockPointerDown: Function,
        onBlockContextMenu: Function,
        onBlockDblClick: Function,
    };

    bandStyle(block) {
        const { rowHeight } = this.props;
        return `top: ${block.top * rowHeight}px; height: ${block.height * rowHeight}px;`;
    }

    get previewStyle() {
        const { dragPreview, rowHeight } = this.props;
        return `top: ${dragPreview.top * rowHeight}px; height: ${dragPreview.height * rowHeight}px;`;
    }
}
