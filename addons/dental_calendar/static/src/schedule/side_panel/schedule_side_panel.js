/** The schedule's side panel: the month, the branch, professions and doctors, the bin or the statuses' legend and
 * the waiting list. */

import { Component } from "@odoo/owl";
import { DateTimePicker } from "@web/core/datetime/datetime_picker";

import { ScheduleLegend } from "../legend/schedule_legend";
import { ScheduleWaitingList } from "../waiting_list/schedule_waiting_list";

export class ScheduleSidePanel extends Component {
    static template = "dental_calendar.ScheduleSidePanel";
    static components = { DateTimePicker, ScheduleLegend, ScheduleWaitingList };
    static props = {
        data: Object,
        day: Object,
        companyId: [Number, Boolean],
        jobIds: Array,
        doctorIds: Array,
        mode: String,
        draggingShift: Boolean,
        onDateSelected: Function,
        onCompanyChange: Function,
        onToggleJob: Function,
        onToggleDoctor: Function,
        onOpenDoctorWeek: Function,
        onWaitlistPointerDown: Function,
    };

    /** Professions of the staff working in the period. */
    get jobs() {
        const jobs = new Map();
        for (const employee of this.workingEmployees) {
            if (employee.job_id) {
                jobs.set(employee.job_id, employee.job_name);
            }
        }
        return [...jobs].map(([id, name]) => ({ id, name }));
    }

    /** Staff working in the period (shifts or appointments), narrowed by the professions chosen. */
    get doctors() {
        const { jobIds } = this.props;
        return this.workingEmployees.filter((e) => !jobIds.length || jobIds.includes(e.job_id));
    }

    get workingEmployees() {
        const { data } = this.props;
        const working = new Set([
            ...data.shifts.map((s) => s.employee_id),
            ...data.appointments.map((a) => a.doctor_id),
        ]);
        return data.employees.filter((e) => working.has(e.id));
    }

    onCompanyChange(ev) {
        this.props.onCompanyChange(parseInt(ev.target.value));
    }
}
