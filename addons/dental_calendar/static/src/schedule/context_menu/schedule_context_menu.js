/** The right-click menu of a block, opened in a popover (see ``DentalSchedule.onBlockContextMenu``). */

import { Component } from "@odoo/owl";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";

export class ScheduleContextMenu extends Component {
    static template = "dental_calendar.ScheduleContextMenu";
    static components = { DropdownItem };
    static props = {
        item: Object,
        target: { validate: (target) => ["appointment", "shift"].includes(target) },
        states: Array, // the statuses the server allows for this appointment (dental_schedule_menu)
        canMove: { type: Boolean, optional: true },
        actions: { type: Array, optional: true }, // other addons' entries: [{name, label}]
        onAction: { type: Function, optional: true },
        onState: Function,
        onMove: Function,
        onCancel: Function,
        onEdit: Function,
        onOpenPatient: Function,
        onDeleteShift: Function,
        close: Function, // given by the popover service
    };

    /** The statuses the appointment can be given here (cancelling has its own entry). */
    get states() {
        return this.props.states.filter((s) => s.key !== this.props.item.state && s.key !== "cancelled");
    }

    get canCancel() {
        return this.props.states.some((s) => s.key === "cancelled");
    }
}
