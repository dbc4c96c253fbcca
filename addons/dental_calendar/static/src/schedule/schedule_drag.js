/**
 * Drag and drop on the chair schedule: drag over free time to book (or plan a shift), move and resize
 * blocks, drop a waiting-list entry on a slot, drop a shift on the bin.
 *
 * The drag lives in the schedule's state (``state.drag``: the preview and the bin follow it); the drop
 * calls the schedule's writes.
 */

import { useComponent, useExternalListener } from "@odoo/owl";

import { rowToDateTime, toServer } from "./schedule_layout";

/** Drag and drop for the schedule being set up (a ``DentalSchedule``): window listeners while it lives. */
export function useScheduleDrag() {
    const drag = new ScheduleDrag(useComponent());
    useExternalListener(window, "pointermove", drag.onPointerMove);
    useExternalListener(window, "pointerup", drag.onPointerUp);
    return drag;
}

export class ScheduleDrag {
    constructor(schedule) {
        this.schedule = schedule;
        for (const name of [
            "onColumnPointerDown",
            "onBlockPointerDown",
            "onWaitlistPointerDown",
            "onPointerMove",
            "onPointerUp",
        ]) {
            this[name] = this[name].bind(this);
        }
    }

    get state() {
        return this.schedule.state;
    }

    get rowHeight() {
        return this.schedule.rowHeight;
    }

    /** The slot under the pointer while dragging, or null. */
    get preview() {
        const drag = this.state.drag;
        if (!drag || !drag.moved) {
            return null;
        }
        const create = drag.kind === "create";
        return {
            column: drag.column,
            top: create ? Math.min(drag.startRow, drag.row) : drag.row,
            height: create ? Math.abs(drag.row - drag.startRow) + 1 : drag.height,
        };
    }

    _columnAt(clientX) {
        const columns = this.schedule.rootRef.el?.querySelectorAll(".o_dental_column") || [];
        for (const el of columns) {
            const rect = el.getBoundingClientRect();
            if (clientX >= rect.left && clientX < rect.right) {
                return { key: el.dataset.column, rect };
            }
        }
        return null;
    }

    _rowAt(clientY, rect) {
        const rowCount = this.schedule.rows.length;
        return Math.max(0, Math.min(rowCount - 1, Math.floor((clientY - rect.top) / this.rowHeight)));
    }

    /** Start dragging over free time (day view). */
    onColumnPointerDown(ev, column) {
        if (ev.button !== 0 || this.state.view === "week") {
            return;
        }
        const row = this._rowAt(ev.clientY, ev.currentTarget.getBoundingClientRect());
        this.schedule.menu.close();
        this.state.drag = { kind: "create", column: column.key, startRow: row, row, moved: true };
        ev.preventDefault();
    }

    /** ``kind``: "move" or "resize". */
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
        this.schedule.menu.close();
        this.state.drag = {
            kind,
            target: this.state.mode === "doctors" ? "shift" : "appointment",
            block,
            column: block.column,
            pointerRow: Math.floor((ev.clientY - column.rect.top) / this.rowHeight),
            startRow: Math.round(block.top),
            row: Math.round(block.top),
            height: Math.round(block.height),
            moved: false,
        };
    }

    /** Waiting list: drag an entry onto a slot to book it. */
    onWaitlistPointerDown(ev, entry) {
        if (ev.button !== 0 || this.state.view === "week") {
            return;
        }
        ev.preventDefault();
        this.schedule.menu.close();
        this.state.drag = { kind: "waitlist", entry, column: null, row: 0, height: 1, moved: false };
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
                drag.height = Math.max(1, Math.round((drag.entry.duration || 40) / this.schedule.company.step));
                drag.moved = true;
            }
            return;
        }
        if (drag.kind === "create") {
            const el = this.schedule.rootRef.el?.querySelector(`.o_dental_column[data-column="${drag.column}"]`);
            if (el) {
                drag.row = this._rowAt(ev.clientY, el.getBoundingClientRect());
            }
            return;
        }
        if (!column) {
            return;
        }
        const delta = Math.floor((ev.clientY - column.rect.top) / this.rowHeight) - drag.pointerRow;
        if (drag.kind === "move") {
            const row = Math.max(0, Math.min(this.schedule.rows.length - drag.height, drag.startRow + delta));
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
        await this._drop(drag, ev);
        this.schedule.refreshIfPending();
    }

    async _drop(drag, ev) {
        const { schedule } = this;
        const column = schedule.columns.find((c) => c.key === drag.column);
        if (drag.kind === "waitlist") {
            if (drag.moved && column?.chairId) {
                await schedule.bookWaitlist(drag.entry, column, drag.row);
            }
            return;
        }
        if (drag.kind === "create") {
            const startRow = Math.min(drag.startRow, drag.row);
            const endRow = Math.max(drag.startRow, drag.row) + 1;
            if (this.state.mode === "doctors") {
                await schedule.createShift(column, startRow, endRow);
            } else {
                await schedule.createAppointment(column, startRow, endRow);
            }
            return;
        }
        if (drag.target === "shift" && drag.kind === "move" && this._overTrash(ev)) {
            await schedule.deleteShift(drag.block.item);
            return;
        }
        if (!drag.moved) {
            return;
        }
        const start = rowToDateTime(schedule.company, column.date, drag.row);
        const stop = start.plus({ minutes: drag.height * schedule.company.step });
        const values = { start: toServer(start), stop: toServer(stop) };
        if (drag.kind === "move" && column.chairId) {
            values.chair_id = column.chairId;
        }
        if (drag.target === "shift") {
            await schedule.save("dental.shift", drag.block.item.id, values);
        } else {
            await schedule.moveAppointment(drag.block.item, values);
        }
    }

    /** In doctors mode, a shift dropped on the bin of the side panel is deleted. */
    _overTrash(ev) {
        const trash = this.schedule.rootRef.el?.querySelector(".o_dental_trash");
        if (!trash) {
            return false;
        }
        const rect = trash.getBoundingClientRect();
        return ev.clientX >= rect.left && ev.clientX < rect.right && ev.clientY >= rect.top && ev.clientY < rect.bottom;
    }
}
