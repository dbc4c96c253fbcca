/** Blocks of the grid: an appointment (patients mode) or a doctor's shift (doctors mode). Drag to move, drag the
 * bottom edge to resize, right-click for the menu. */

import { Component } from "@odoo/owl";
import { deserializeDateTime } from "@web/core/l10n/dates";

export class AppointmentBlock extends Component {
    static template = "dental_calendar.AppointmentBlock";
    static props = {
        block: Object,
        rowHeight: Number,
        view: String,
        tz: String,
        onPointerDown: Function,
        onContextMenu: Function,
        onDblClick: { type: Function, optional: true },
    };

    get item() {
        return this.props.block.item;
    }

    get style() {
        const { block, rowHeight } = this.props;
        const width = 100 / block.lanes;
        return [
            `top: ${block.top * rowHeight + 1}px`,
            `height: ${block.height * rowHeight - 3}px`,
            `left: calc(${block.lane * width}% + 2px)`,
            `width: calc(${width}% - 4px)`,
        ].join("; ");
    }

    get timeLabel() {
        const start = deserializeDateTime(this.item.start, { tz: this.props.tz });
        const stop = deserializeDateTime(this.item.stop, { tz: this.props.tz });
        return `${start.toFormat("HH:mm")}–${stop.toFormat("HH:mm")}`;
    }

    get title() {
        const { note, patient_name, services } = this.item;
        return [patient_name, this.timeLabel, services, note].filter(Boolean).join("\n");
    }

    get className() {
        const { color, state } = this.item;
        const short = this.props.block.height <= 1.01 ? " o_dental_block_short" : "";
        return `o_dental_block o_dental_appointment o_dental_state_${state} o_color_${color}${short}`;
    }
}

export class ShiftBlock extends AppointmentBlock {
    static template = "dental_calendar.ShiftBlock";
}
