/**
 * The chair schedule: the registrar's main screen (client action ``dental_calendar.schedule``).
 *
 * Split like Odoo's calendar view: this component holds the state, loads the day and writes; drag and
 * drop is schedule_drag.js; the parts render it: toolbar/, side_panel/ (filters, bin, waiting_list/),
 * grid/ (column/, block/) and context_menu/ (a popover).
 */

import { Component, onWillStart, onWillUnmount, useExternalListener, useRef, useState } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { deserializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { usePopover } from "@web/core/popover/popover_hook";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useDebounced } from "@web/core/utils/timing";
import { FormViewDialog } from "@web/views/view_dialogs/form_view_dialog";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

import { ScheduleContextMenu } from "./context_menu/schedule_context_menu";
import { ScheduleGrid } from "./grid/schedule_grid";
import { useScheduleDrag } from "./schedule_drag";
import {
    computeColumns,
    computeRows,
    layoutBlocks,
    rowToDateTime,
    shiftAt,
    slotConflict,
    toServer,
    zoneDiffers,
} from "./schedule_layout";
import { ScheduleSidePanel } from "./side_panel/schedule_side_panel";
import { ScheduleToolbar } from "./toolbar/schedule_toolbar";

const { DateTime, IANAZone, Settings } = luxon;

export const ROW_HEIGHT = 24; // px, also in grid/schedule_grid.scss
/** Sent by the server (models/schedule_bus.py) when a branch's appointments, shifts or waiting list change. */
export const SCHEDULE_CHANGED = "dental_calendar.schedule_changed";
const BUS_DELAY = 300; // ms: one reload for a burst of notifications
const FREE_STATES = ["cancelled", "no_show"];

export class DentalSchedule extends Component {
    static template = "dental_calendar.Schedule";
    static components = { ScheduleGrid, ScheduleSidePanel, ScheduleToolbar };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.dialog = useService("dialog");
        this.notification = useService("notification");
        this.rootRef = useRef("root");
        const params = this.props.action?.params || {};
        const context = this.props.action?.context || {};
        this.rowHeight = ROW_HEIGHT;
        // Opened without a day: the branch's today, known once the branch's zone is (the first load).
        this.openOnBranchToday = !params.date;
        this.state = useState({
            day: params.date ? DateTime.fromISO(params.date) : DateTime.local().startOf("day"),
            companyId: params.company_id || context.allowed_company_ids?.[0] || false,
            employeeId: params.my_schedule ? "me" : params.employee_id || false,
            view: params.my_schedule || params.employee_id ? "week" : "day",
            mode: "patients",
            jobIds: [],
            doctorIds: [],
            showCancelled: false,
            data: null,
            drag: null,
            patientId: params.patient_id || false,
            patientName: params.patient_name || "",
        });
        this.menu = usePopover(ScheduleContextMenu, {
            arrow: false,
            position: "right-start",
            popoverClass: "o_dental_menu o-dropdown--menu dropdown-menu mx-0",
            onClose: () => this.refreshIfPending(),
        });
        this.dragDrop = useScheduleDrag();
        // The browser's zone: while the schedule is shown, dates are in the branch's (applyBranchZone).
        this.browserZone = Settings.defaultZone;
        onWillUnmount(() => this.restoreBrowserZone());
        useExternalListener(document, "visibilitychange", this.refreshIfPending);
        // Other registrars book too: the server says when a branch's day changes.
        this.busService = useService("bus_service");
        this.refreshSoon = useDebounced(this.refresh, BUS_DELAY);
        this.onScheduleChanged = this.onScheduleChanged.bind(this);
        this.busService.subscribe(SCHEDULE_CHANGED, this.onScheduleChanged);
        if (!this.busService.isActive) {
            this.busService.start();
        }
        onWillUnmount(() => this.busService.unsubscribe(SCHEDULE_CHANGED, this.onScheduleChanged));
        onWillStart(() => this.load());
    }

    // ------------------------------------------------------------ data

    get period() {
        const day = this.state.day.startOf("day");
        if (this.state.view === "week") {
            const monday = day.startOf("week");
            return [monday, monday.plus({ days: 7 })];
        }
        return [day, day.plus({ days: 1 })];
    }

    /** The schedule shows the branch's local time, whatever the browser's zone. */
    get tz() {
        return this.state.data?.company.tz || "default";
    }

    async load(retried = false) {
        this.pendingRefresh = false;
        const [start, stop] = this.period;
        const data = await this.orm.call("dental.schedule", "get_schedule", [
            this.state.companyId,
            toServer(start),
            toServer(stop),
            this.state.employeeId,
        ]);
        let branchDay = data.company.tz && DateTime.fromISO(this.state.day.toISODate(), { zone: data.company.tz });
        if (branchDay?.isValid && this.openOnBranchToday) {
            // the browser's date is not the branch's around midnight when their zones differ
            branchDay = DateTime.now().setZone(data.company.tz).startOf("day");
        }
        this.openOnBranchToday = false;
        if (!retried && branchDay?.isValid && branchDay.toMillis() !== this.state.day.startOf("day").toMillis()) {
            // The day was taken in another zone: ask again for the branch's day.
            this.state.day = branchDay;
            return this.load(true);
        }
        this.applyBranchZone(data.company.tz);
        this.state.companyId = data.company.id;
        if (data.employee_id) {
            this.state.employeeId = data.employee_id;
        }
        this.state.data = data;
    }

    /**
     * Dates in the branch's zone while the schedule is shown: the grid, and every dialog it opens (the quick
     * booking form, the appointment, moving to another day) shows and reads times as the branch's clock does,
     * whatever the browser's zone. The browser's zone is back when the schedule is left.
     */
    applyBranchZone(tz) {
        const zone = tz && IANAZone.create(tz);
        if (zone?.isValid) {
            Settings.defaultZone = zone;
        }
    }

    restoreBrowserZone() {
        Settings.defaultZone = this.browserZone;
    }

    /** Warning shown when the browser's clock shows other hours than the branch's. */
    get zoneWarning() {
        const tz = this.state.data?.company.tz;
        if (!zoneDiffers(tz, this.browserZone, this.state.day.plus({ hours: 12 }))) {
            return false;
        }
        const offset = (zone) => this.state.day.plus({ hours: 12 }).setZone(zone).toFormat("ZZ");
        return _t(
            "Times are those of the branch (%(zone)s, UTC%(offset)s), also in the booking forms; this computer's clock is set to UTC%(browser_offset)s.",
            { zone: tz, offset: offset(tz), browser_offset: offset(this.browserZone) }
        );
    }

    /** Reload the visible day, unless the user is busy: then once they are done. */
    async refresh() {
        if (this.state.drag || this.menu.isOpen || document.visibilityState !== "visible") {
            this.pendingRefresh = true;
            return;
        }
        await this.load();
    }

    refreshIfPending() {
        if (this.pendingRefresh) {
            this.refresh();
        }
    }

    /** A doctor's week spans branches; the chairs' day is one branch. */
    onScheduleChanged({ company_id }) {
        if (this.state.view === "week" || company_id === this.state.companyId) {
            this.refreshSoon();
        }
    }

    get company() {
        return this.state.data.company;
    }

    get rows() {
        return computeRows(this.company, this.state.day);
    }

    get columns() {
        return computeColumns(this.state.data, { view: this.state.view, day: this.state.day });
    }

    _visibleDoctor(employeeId, jobId) {
        const { doctorIds, jobIds } = this.state;
        if (doctorIds.length && !doctorIds.includes(employeeId)) {
            return false;
        }
        if (jobIds.length && !jobIds.includes(jobId)) {
            return false;
        }
        return true;
    }

    get appointmentBlocks() {
        const items = this.state.data.appointments.filter(
            (a) =>
                (this.state.showCancelled || !FREE_STATES.includes(a.state)) &&
                this._visibleDoctor(a.doctor_id, a.job_id)
        );
        return layoutBlocks(items, this.columns, this.company, this.state.view);
    }

    get shiftBlocks() {
        const items = this.state.data.shifts.filter((s) => this._visibleDoctor(s.employee_id, s.job_id));
        return layoutBlocks(items, this.columns, this.company, this.state.view);
    }

    // ------------------------------------------------------------ toolbar and side panel

    async onDateSelected(date) {
        this.state.day = DateTime.fromISO(date.toISODate(), { zone: this.tz });
        await this.load();
    }

    async shiftDay(days) {
        this.state.day = this.state.day.plus({ days: this.state.view === "week" ? days * 7 : days });
        await this.load();
    }

    async today() {
        this.state.day = DateTime.local().setZone(this.tz).startOf("day");
        await this.load();
    }

    async onCompanyChange(companyId) {
        this.state.companyId = companyId;
        this.state.doctorIds = [];
        await this.load();
    }

    setMode(mode) {
        this.state.mode = mode;
    }

    toggleCancelled() {
        this.state.showCancelled = !this.state.showCancelled;
    }

    toggleJob(jobId) {
        const ids = this.state.jobIds;
        this.state.jobIds = ids.includes(jobId) ? ids.filter((id) => id !== jobId) : [...ids, jobId];
    }

    toggleDoctor(employeeId) {
        const ids = this.state.doctorIds;
        this.state.doctorIds = ids.includes(employeeId)
            ? ids.filter((id) => id !== employeeId)
            : [...ids, employeeId];
    }

    async openDoctorWeek(employeeId) {
        this.state.employeeId = employeeId;
        this.state.view = "week";
        await this.load();
    }

    async backToChairs() {
        this.state.employeeId = false;
        this.state.view = "day";
        await this.load();
    }

    /** Leave the "book this patient" mode started from the patient card. */
    stopBooking() {
        this.state.patientId = false;
        this.state.patientName = "";
    }

    // ------------------------------------------------------------ blocks: right-click menu, double click

    async onBlockContextMenu(ev, block) {
        ev.preventDefault();
        ev.stopPropagation();
        const item = block.item;
        const target = this.state.mode === "doctors" ? "shift" : "appointment";
        const anchor = ev.currentTarget;
        /** Close the menu, then act. */
        const act = (callback) => (arg) => {
            this.menu.close();
            return callback(arg);
        };
        // What the user may do with this appointment: the server decides (a completed visit is not booked
        // again; dental_cash adds billing).
        let menu = { states: [], can_move: false, actions: [] };
        if (target === "appointment") {
            try {
                menu = await this.orm.call("calendar.event", "dental_schedule_menu", [[item.id]]);
            } catch (error) {
                this._notifyError(error);
                await this.load();
                return;
            }
        }
        this.menu.open(anchor, {
            item,
            target,
            states: this.state.data.states.filter((s) => menu.states.includes(s.key)),
            canMove: menu.can_move,
            actions: menu.actions,
            onAction: act((name) => this.runAppointmentAction(item, name)),
            onState: act((state) => this.save("calendar.event", item.id, { dental_state: state })),
            onMove: act(() => this.moveToAnotherDay(item)),
            onCancel: act(() => this.cancelAppointment(item)),
            onEdit: act(() => this.editAppointment(item)),
            onOpenPatient: act(() => this.openPatient(item)),
            onDeleteShift: act(() => this.deleteShift(item)),
        });
    }

    /** An entry of another addon in the menu (dental_cash: Bill, Payment): the appointment's method gives an action. */
    async runAppointmentAction(appointment, name) {
        let action;
        try {
            action = await this.orm.call("calendar.event", name, [[appointment.id]]);
        } catch (error) {
            this._notifyError(error);
            await this.load();
            return;
        }
        if (action && typeof action === "object") {
            await this.actionService.doAction(action, { onClose: () => this.load() });
        } else {
            await this.load();
        }
    }

    // ------------------------------------------------------------ writes

    async save(model, id, values) {
        try {
            await this.orm.write(model, [id], values);
        } catch (error) {
            this._notifyError(error);
        }
        await this.load();
    }

    _notifyError(error) {
        const message = error?.data?.message;
        if (!message) {
            throw error;
        }
        this.notification.add(message, { type: "danger", title: _t("Not saved") });
    }

    /**
     * Refuse at once a slot taken by a loaded appointment of the same chair (or doctor): the user sees it
     * before filling the form. Returns whether the slot is free here; the server remains the guard.
     */
    checkSlotFree(values, eventId = false) {
        const conflict = slotConflict(this.state.data.appointments, values, {
            ignoreId: eventId,
            doctorExclusive: !this.company.doctor_parallel,
        });
        if (!conflict) {
            return true;
        }
        const { appointment, doctor } = conflict;
        const tz = this.company.tz;
        const when = {
            start: deserializeDateTime(appointment.start, { tz }).toFormat("HH:mm"),
            stop: deserializeDateTime(appointment.stop, { tz }).toFormat("HH:mm"),
            patient: appointment.patient_name,
        };
        const message = doctor
            ? _t("%(doctor)s already has a patient from %(start)s to %(stop)s (%(patient)s). Choose a free time.", {
                  ...when,
                  doctor: appointment.doctor_name,
              })
            : _t("%(chair)s is taken from %(start)s to %(stop)s (%(patient)s). Choose a free time.", {
                  ...when,
                  chair: this.state.data.chairs.find((c) => c.id === appointment.chair_id)?.name || appointment.chair_name,
              });
        this.notification.add(message, { type: "danger", title: _t("The time is taken") });
        return false;
    }

    async confirmSlot(values, eventId = false) {
        if (this.company.outside_hours !== "warn") {
            return true;
        }
        const warnings = await this.orm.call("calendar.event", "dental_check_slot", [values, eventId]);
        if (!warnings.length) {
            return true;
        }
        const question = _t("Book anyway?");
        return new Promise((resolve) => {
            this.dialog.add(
                ConfirmationDialog,
                {
                    title: _t("Outside working hours"),
                    body: [...warnings, question].join("\n"),
                    confirm: () => resolve(true),
                    cancel: () => resolve(false),
                },
                { onClose: () => resolve(false) }
            );
        });
    }

    async moveAppointment(appointment, values) {
        const slot = { chair_id: appointment.chair_id, doctor_id: appointment.doctor_id, ...values };
        if (!this.checkSlotFree(slot, appointment.id)) {
            await this.load();
        } else if (await this.confirmSlot(values, appointment.id)) {
            await this.save("calendar.event", appointment.id, values);
        } else {
            await this.load();
        }
    }

    async createAppointment(column, startRow, endRow) {
        const start = rowToDateTime(this.company, column.date, startRow);
        const stop = rowToDateTime(this.company, column.date, endRow);
        const shift = shiftAt(this.state.data.shifts, column.chairId, start);
        const values = {
            start: toServer(start),
            stop: toServer(stop),
            chair_id: column.chairId,
            doctor_id: shift ? shift.employee_id : false,
        };
        if (!this.checkSlotFree(values) || !(await this.confirmSlot(values))) {
            return;
        }
        this.dialog.add(FormViewDialog, {
            title: _t("New Appointment"),
            resModel: "calendar.event",
            context: {
                form_view_ref: "dental_calendar.calendar_event_view_form_dental_quick",
                default_start: values.start,
                default_stop: values.stop,
                default_duration: ((endRow - startRow) * this.company.step) / 60,
                // the dragged length wins over the services' (calendar_event._onchange_dental_services)
                default_dental_slot_chosen: true,
                default_chair_id: column.chairId,
                default_doctor_id: values.doctor_id,
                default_company_id: this.company.id,
                default_patient_id: this.state.patientId,
            },
            onRecordSaved: () => {
                this.stopBooking();
                return this.load();
            },
        });
    }

    async createShift(column, startRow, endRow) {
        const start = rowToDateTime(this.company, column.date, startRow);
        const stop = rowToDateTime(this.company, column.date, endRow);
        this.dialog.add(FormViewDialog, {
            title: _t("New Shift"),
            resModel: "dental.shift",
            context: {
                default_start: toServer(start),
                default_stop: toServer(stop),
                default_chair_id: column.chairId,
                default_employee_id: this.state.doctorIds.length === 1 ? this.state.doctorIds[0] : false,
            },
            onRecordSaved: () => this.load(),
        });
    }

    async moveToAnotherDay(appointment) {
        await this.actionService.doAction("dental_calendar.dental_appointment_move_wizard_action", {
            additionalContext: { active_id: appointment.id, active_model: "calendar.event" },
            onClose: () => this.load(),
        });
    }

    async cancelAppointment(appointment) {
        try {
            await this.orm.call("calendar.event", "action_dental_cancel", [[appointment.id]]);
        } catch (error) {
            this._notifyError(error);
        }
        await this.load();
    }

    editAppointment(appointment) {
        this.dialog.add(FormViewDialog, {
            title: _t("Appointment"),
            resModel: "calendar.event",
            resId: appointment.id,
            context: { form_view_ref: "dental_calendar.calendar_event_view_form_dental" },
            onRecordSaved: () => this.load(),
        });
    }

    async deleteShift(shift) {
        try {
            await this.orm.unlink("dental.shift", [shift.id]);
        } catch (error) {
            this._notifyError(error);
        }
        await this.load();
    }

    async openPatient(appointment) {
        await this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "dental.patient",
            res_id: appointment.patient_id,
            views: [[false, "form"]],
        });
    }

    async bookWaitlist(entry, column, row) {
        const start = rowToDateTime(this.company, column.date, row);
        const stop = start.plus({ minutes: entry.duration || 2 * this.company.step });
        const values = { start: toServer(start), stop: toServer(stop), chair_id: column.chairId };
        const shift = shiftAt(this.state.data.shifts, column.chairId, start);
        values.doctor_id = entry.employee_id || (shift ? shift.employee_id : false);
        if (!this.checkSlotFree(values) || !(await this.confirmSlot(values))) {
            return;
        }
        try {
            await this.orm.call("dental.waitlist", "action_book", [
                [entry.id],
                column.chairId,
                values.start,
                values.stop,
                values.doctor_id,
            ]);
        } catch (error) {
            this._notifyError(error);
        }
        await this.load();
    }
}

registry.category("actions").add("dental_calendar.schedule", DentalSchedule);
