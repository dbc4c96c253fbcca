/** The chair schedule: the registrar's main screen (client action ``dental_calendar.schedule``). */

import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { deserializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { FormViewDialog } from "@web/views/view_dialogs/form_view_dialog";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

import {
    computeColumns,
    computeRows,
    layoutBlocks,
    rowToDateTime,
    shiftAt,
    toServer,
} from "./schedule_layout";

const { DateTime } = luxon;

export const ROW_HEIGHT = 24; // px, also in schedule.scss
const REFRESH_DELAY = 60000; // ms
const FREE_STATES = ["cancelled", "no_show"];

export class DentalSchedule extends Component {
    static template = "dental_calendar.Schedule";
    static components = { DateTimePicker };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.dialog = useService("dialog");
        this.notification = useService("notification");
        this.gridRef = useRef("grid");
        this.rootRef = useRef("root");
        const params = this.props.action?.params || {};
        const context = this.props.action?.context || {};
        this.rowHeight = ROW_HEIGHT;
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
            menu: null,
            patientId: params.patient_id || false,
            patientName: params.patient_name || "",
        });
        this.onPointerMove = this.onPointerMove.bind(this);
        this.onPointerUp = this.onPointerUp.bind(this);
        this.closeMenu = () => (this.state.menu = null);
        onWillStart(() => this.load());
        onMounted(() => {
            window.addEventListener("pointermove", this.onPointerMove);
            window.addEventListener("pointerup", this.onPointerUp);
            window.addEventListener("click", this.closeMenu);
            // Other registrars book too: refresh the day now and then, unless the user is busy.
            this.refreshInterval = setInterval(() => this.refresh(), REFRESH_DELAY);
        });
        onWillUnmount(() => {
            window.removeEventListener("pointermove", this.onPointerMove);
            window.removeEventListener("pointerup", this.onPointerUp);
            window.removeEventListener("click", this.closeMenu);
            clearInterval(this.refreshInterval);
        });
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
        const [start, stop] = this.period;
        const data = await this.orm.call("dental.schedule", "get_schedule", [
            this.state.companyId,
            toServer(start),
            toServer(stop),
            this.state.employeeId,
        ]);
        const branchDay = data.company.tz && DateTime.fromISO(this.state.day.toISODate(), { zone: data.company.tz });
        if (!retried && branchDay?.isValid && branchDay.toMillis() !== this.state.day.startOf("day").toMillis()) {
            // The day was taken in another zone: ask again for the branch's day.
            this.state.day = branchDay;
            return this.load(true);
        }
        this.state.companyId = data.company.id;
        if (data.employee_id) {
            this.state.employeeId = data.employee_id;
        }
        this.state.data = data;
    }

    async refresh() {
        if (!this.state.drag && !this.state.menu && document.visibilityState === "visible") {
            await this.load();
        }
    }

    /** Position (px) of the current time in today's columns, or null. */
    get nowTop() {
        const now = DateTime.local().setZone(this.tz);
        if (this.state.view !== "day" || !now.hasSame(this.state.day, "day")) {
            return null;
        }
        const minutes = now.hour * 60 + now.minute - this.company.work_start * 60;
        const top = (minutes / this.company.step) * this.rowHeight;
        return top >= 0 && top <= this.rows.length * this.rowHeight ? top : null;
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

    /** Professions of the staff working in the period. */
    get jobs() {
        const jobs = new Map();
        for (const employee of this._workingEmployees()) {
            if (employee.job_id) {
                jobs.set(employee.job_id, employee.job_name);
            }
        }
        return [...jobs].map(([id, name]) => ({ id, name }));
    }

    /** Staff working in the period (shifts or appointments), narrowed by the professions chosen. */
    get doctors() {
        const { jobIds } = this.state;
        return this._workingEmployees().filter((e) => !jobIds.length || jobIds.includes(e.job_id));
    }

    _workingEmployees() {
        const { data } = this.state;
        const working = new Set([
            ...data.shifts.map((s) => s.employee_id),
            ...data.appointments.map((a) => a.doctor_id),
        ]);
        return data.employees.filter((e) => working.has(e.id));
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

    get stateByKey() {
        return Object.fromEntries(this.state.data.states.map((s) => [s.key, s]));
    }

    blockStyle(block) {
        const width = 100 / block.lanes;
        return [
            `top: ${block.top * this.rowHeight + 1}px`,
            `height: ${block.height * this.rowHeight - 3}px`,
            `left: calc(${block.lane * width}% + 2px)`,
            `width: calc(${width}% - 4px)`,
        ].join("; ");
    }

    timeLabel(item) {
        const start = deserializeDateTime(item.start, { tz: this.tz });
        const stop = deserializeDateTime(item.stop, { tz: this.tz });
        return `${start.toFormat("HH:mm")}–${stop.toFormat("HH:mm")}`;
    }

    get dragPreview() {
        const drag = this.state.drag;
        if (!drag || !drag.moved) {
            return null;
        }
        const top = drag.kind === "create" ? Math.min(drag.startRow, drag.row) : drag.row;
        const height = drag.kind === "create" ? Math.abs(drag.row - drag.startRow) + 1 : drag.height;
        return {
            column: drag.column,
            style: `top: ${top * this.rowHeight}px; height: ${
                height * this.rowHeight
            }px;`,
        };
    }

    // ------------------------------------------------------------ left panel

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

    async onCompanyChange(ev) {
        this.state.companyId = parseInt(ev.target.value);
        this.state.doctorIds = [];
        await this.load();
    }

    async setMode(mode) {
        this.state.mode = mode;
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

    // ------------------------------------------------------------ pointer interactions

    _columnAt(clientX) {
        const columns = this.gridRef.el?.querySelectorAll(".o_dental_column") || [];
        for (const el of columns) {
            const rect = el.getBoundingClientRect();
            if (clientX >= rect.left && clientX < rect.right) {
                return { key: el.dataset.column, rect };
            }
        }
        return null;
    }

    _rowAt(clientY, rect) {
        const rowCount = this.rows.length;
        return Math.max(0, Math.min(rowCount - 1, Math.floor((clientY - rect.top) / this.rowHeight)));
    }

    onColumnPointerDown(ev, column) {
        if (ev.button !== 0 || this.state.view === "week") {
            return;
        }
        const rect = ev.currentTarget.getBoundingClientRect();
        const row = this._rowAt(ev.clientY, rect);
        this.state.menu = null;
        this.state.drag = { kind: "create", column: column.key, startRow: row, row, moved: true };
        ev.preventDefault();
    }

    onBlockPointerDown(ev, block, kind) {
        if (ev.button !== 0) {
            return;
        }
        ev.stopPropagation();
        ev.preventDefault();
        const column = this._columnAt(ev.clientX);
        if (!column) {
            return;
        }
        const pointerRow = Math.floor((ev.clientY - column.rect.top) / this.rowHeight);
        this.state.menu = null;
        this.state.drag = {
            kind, // "move" or "resize"
            target: this.state.mode === "doctors" ? "shift" : "appointment",
            block,
            column: block.column,
            originColumn: block.column,
            pointerRow,
            startRow: Math.round(block.top),
            row: Math.round(block.top),
            height: Math.round(block.height),
            moved: false,
        };
    }

    onPointerMove(ev) {
        const drag = this.state.drag;
        if (!drag) {
            return;
        }
        const column = this._columnAt(ev.clientX);
        if (drag.kind === "waitlist") {
            if (column) {
                drag.column = column.key;
                drag.row = this._rowAt(ev.clientY, column.rect);
                drag.height = Math.max(1, Math.round((drag.entry.duration || 40) / this.company.step));
                drag.moved = true;
            }
            return;
        }
        if (drag.kind === "create") {
            const el = this.gridRef.el?.querySelector(`.o_dental_column[data-column="${drag.column}"]`);
            if (el) {
                drag.row = this._rowAt(ev.clientY, el.getBoundingClientRect());
            }
            return;
        }
        if (!column) {
            return;
        }
        const pointerRow = Math.floor((ev.clientY - column.rect.top) / this.rowHeight);
        const delta = pointerRow - drag.pointerRow;
        if (drag.kind === "move") {
            const rowCount = this.rows.length;
            const row = Math.max(0, Math.min(rowCount - drag.height, drag.startRow + delta));
            if (row !== drag.row || column.key !== drag.column) {
                drag.moved = true;
            }
            drag.row = row;
            drag.column = column.key;
        } else {
            const height = Math.max(1, Math.round(drag.block.height) + delta);
            if (height !== drag.height) {
                drag.moved = true;
            }
            drag.height = height;
        }
    }

    async onPointerUp(ev) {
        const drag = this.state.drag;
        if (!drag) {
            return;
        }
        this.onPointerMove(ev);
        this.state.drag = null;
        if (drag.kind === "waitlist") {
            const column = drag.moved && this.columns.find((c) => c.key === drag.column);
            if (column && column.chairId) {
                await this.bookWaitlist(drag.entry, column, drag.row);
            }
            return;
        }
        if (drag.kind === "create") {
            const startRow = Math.min(drag.startRow, drag.row);
            const endRow = Math.max(drag.startRow, drag.row) + 1;
            const column = this.columns.find((c) => c.key === drag.column);
            if (this.state.mode === "doctors") {
                await this.createShift(column, startRow, endRow);
            } else {
                await this.createAppointment(column, startRow, endRow);
            }
            return;
        }
        if (drag.target === "shift" && drag.kind === "move" && this._overTrash(ev)) {
            await this.deleteShift(drag.block.item);
            return;
        }
        if (!drag.moved) {
            return;
        }
        const column = this.columns.find((c) => c.key === drag.column);
        const start = rowToDateTime(this.company, column.date, drag.row);
        const stop = start.plus({ minutes: drag.height * this.company.step });
        const values = { start: toServer(start), stop: toServer(stop) };
        if (drag.kind === "move" && column.chairId) {
            values.chair_id = column.chairId;
        }
        if (drag.target === "shift") {
            await this.save("dental.shift", drag.block.item.id, values);
        } else {
            await this.moveAppointment(drag.block.item, values);
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
        if (await this.confirmSlot(values, appointment.id)) {
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
        if (!(await this.confirmSlot(values))) {
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

    /** Leave the "book this patient" mode started from the patient card. */
    stopBooking() {
        this.state.patientId = false;
        this.state.patientName = "";
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

    // ------------------------------------------------------------ blocks: menu, double click

    onBlockContextMenu(ev, block) {
        ev.preventDefault();
        ev.stopPropagation();
        const gridRect = this.gridRef.el.getBoundingClientRect();
        this.state.menu = {
            block,
            target: this.state.mode === "doctors" ? "shift" : "appointment",
            style: `top: ${ev.clientY - gridRect.top + this.gridRef.el.scrollTop}px; left: ${
                ev.clientX - gridRect.left + this.gridRef.el.scrollLeft
            }px;`,
        };
    }

    async onMenuState(state) {
        const { block } = this.state.menu;
        this.state.menu = null;
        await this.save("calendar.event", block.item.id, { dental_state: state });
    }

    async onMenuMove() {
        const { block } = this.state.menu;
        this.state.menu = null;
        await this.actionService.doAction("dental_calendar.dental_appointment_move_wizard_action", {
            additionalContext: { active_id: block.item.id, active_model: "calendar.event" },
            onClose: () => this.load(),
        });
    }

    async onMenuCancel() {
        const { block } = this.state.menu;
        this.state.menu = null;
        try {
            await this.orm.call("calendar.event", "action_dental_cancel", [[block.item.id]]);
        } catch (error) {
            this._notifyError(error);
        }
        await this.load();
    }

    async onMenuOpenPatient() {
        const { block } = this.state.menu;
        this.state.menu = null;
        await this.openPatient(block.item);
    }

    async onMenuOpenAppointment() {
        const { block } = this.state.menu;
        this.state.menu = null;
        this.dialog.add(FormViewDialog, {
            resModel: "calendar.event",
            resId: block.item.id,
            context: { form_view_ref: "dental_calendar.calendar_event_view_form_dental" },
            onRecordSaved: () => this.load(),
        });
    }

    async onMenuDeleteShift() {
        const { block } = this.state.menu;
        this.state.menu = null;
        await this.deleteShift(block.item);
    }

    /** In doctors mode, a shift dropped on the bin of the left panel is deleted. */
    _overTrash(ev) {
        const trash = this.rootRef.el?.querySelector(".o_dental_trash");
        if (!trash) {
            return false;
        }
        const rect = trash.getBoundingClientRect();
        return ev.clientX >= rect.left && ev.clientX < rect.right && ev.clientY >= rect.top && ev.clientY < rect.bottom;
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

    // ------------------------------------------------------------ waiting list: drag an entry onto a slot

    onWaitlistPointerDown(ev, entry) {
        if (ev.button !== 0 || this.state.view === "week") {
            return;
        }
        ev.preventDefault();
        this.state.menu = null;
        this.state.drag = { kind: "waitlist", entry, column: null, row: 0, height: 1, moved: false };
    }

    async bookWaitlist(entry, column, row) {
        const start = rowToDateTime(this.company, column.date, row);
        const stop = start.plus({ minutes: entry.duration || 2 * this.company.step });
        const values = { start: toServer(start), stop: toServer(stop), chair_id: column.chairId };
        const shift = shiftAt(this.state.data.shifts, column.chairId, start);
        values.doctor_id = entry.employee_id || (shift ? shift.employee_id : false);
        if (!(await this.confirmSlot(values))) {
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
