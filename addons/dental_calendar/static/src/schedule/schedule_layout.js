/** Pure layout of the chair schedule: rows, columns and blocks (no DOM, no RPC). */

import { deserializeDateTime, serializeDateTime } from "@web/core/l10n/dates";

/**
 * Rows of a day between the branch's opening and closing hours.
 * @param {{work_start: number, work_end: number, step: number}} company
 */
export function computeRows(company, day) {
    const rows = [];
    const first = Math.round(company.work_start * 60);
    const last = Math.round(company.work_end * 60);
    for (let minutes = first, index = 0; minutes < last; minutes += company.step, index++) {
        const time = day.startOf("day").plus({ minutes });
        rows.push({ index, minutes, label: time.toFormat("HH:mm"), isHour: minutes % 60 === 0 });
    }
    return rows;
}

/** Local DateTime of the start of row ``row`` on ``day``. */
export function rowToDateTime(company, day, row) {
    return day.startOf("day").plus({ minutes: Math.round(company.work_start * 60) + row * company.step });
}

/** Row (float) of a local DateTime, counted from the opening hour of its day. */
export function dateTimeToRow(company, dateTime) {
    const minutes = dateTime.diff(dateTime.startOf("day"), "minutes").minutes;
    return (minutes - company.work_start * 60) / company.step;
}

/** UTC string for the server, from a local DateTime. */
export function toServer(dateTime) {
    return serializeDateTime(dateTime);
}

/**
 * Columns of the grid: the chairs of the branch (day view) or the seven days of the
 * week (a doctor's week).
 */
export function computeColumns(data, { view, day }) {
    if (view === "week") {
        const monday = day.startOf("week");
        return [...Array(7).keys()].map((offset) => {
            const date = monday.plus({ days: offset });
            return {
                key: date.toISODate(),
                name: date.toFormat("ccc dd.MM"),
                date,
                chairId: false,
            };
        });
    }
    return data.chairs.map((chair) => ({
        key: String(chair.id),
        name: chair.name,
        room: chair.room,
        date: day.startOf("day"),
        chairId: chair.id,
    }));
}

/** Key of the column an item (appointment or shift) falls in. */
export function columnKeyOf(item, view, tz) {
    if (view === "week") {
        return deserializeDateTime(item.start, { tz }).toISODate();
    }
    return String(item.chair_id);
}

/**
 * Blocks positioned in their columns (times read in the branch's zone ``company.tz``): ``{item, column, top, height, lane, lanes}`` with
 * ``top``/``height`` in rows. Overlapping blocks of a column share its width in lanes.
 */
export function layoutBlocks(items, columns, company, view) {
    const byColumn = new Map(columns.map((column) => [column.key, []]));
    const rowCount = ((company.work_end - company.work_start) * 60) / company.step;
    for (const item of items) {
        const key = columnKeyOf(item, view, company.tz);
        if (!byColumn.has(key)) {
            continue;
        }
        const start = deserializeDateTime(item.start, { tz: company.tz });
        const stop = deserializeDateTime(item.stop, { tz: company.tz });
        let top = dateTimeToRow(company, start);
        let bottom = top + stop.diff(start, "minutes").minutes / company.step;
        top = Math.max(0, top);
        bottom = Math.min(rowCount, bottom);
        if (bottom <= top) {
            continue;
        }
        byColumn.get(key).push({ item, column: key, top, height: bottom - top, lane: 0, lanes: 1 });
    }
    const blocks = [];
    for (const columnBlocks of byColumn.values()) {
        columnBlocks.sort((a, b) => a.top - b.top || b.height - a.height);
        // Greedy lanes over clusters of overlapping blocks.
        let cluster = [];
        let clusterEnd = -Infinity;
        const flush = () => {
            const lanes = Math.max(1, ...cluster.map((b) => b.lane + 1));
            cluster.forEach((b) => (b.lanes = lanes));
            cluster = [];
        };
        for (const block of columnBlocks) {
            if (block.top >= clusterEnd) {
                flush();
                clusterEnd = -Infinity;
            }
            const used = new Set(
                cluster.filter((b) => b.top + b.height > block.top).map((b) => b.lane)
            );
            let lane = 0;
            while (used.has(lane)) {
                lane++;
            }
            block.lane = lane;
            cluster.push(block);
            clusterEnd = Math.max(clusterEnd, block.top + block.height);
            blocks.push(block);
        }
        flush();
    }
    return blocks;
}

/** The shift of ``chairId`` covering ``dateTime`` (local), if any. */
export function shiftAt(shifts, chairId, dateTime) {
    return shifts.find(
        (shift) =>
            shift.chair_id === chairId &&
            deserializeDateTime(shift.start) <= dateTime &&
            deserializeDateTime(shift.stop) > dateTime
    );
}

/**
 * The appointment in the way of booking ``slot`` ({start, stop, chair_id, doctor_id}: UTC strings and ids),
 * among the loaded ``appointments``, or null: one of the same chair, or of the same doctor when the branch's
 * doctors see one patient at a time (``doctorExclusive``). Cancelled and no-show appointments free the time;
 * ``ignoreId`` is the appointment being moved. The server checks again when saving (other branches, races).
 * @returns {{appointment: Object, doctor: boolean} | null}
 */
export function slotConflict(appointments, slot, { ignoreId = false, doctorExclusive = true } = {}) {
    const start = deserializeDateTime(slot.start);
    const stop = deserializeDateTime(slot.stop);
    for (const appointment of appointments) {
        if (appointment.id === ignoreId || ["cancelled", "no_show"].includes(appointment.state)) {
            continue;
        }
        if (deserializeDateTime(appointment.start) >= stop || deserializeDateTime(appointment.stop) <= start) {
            continue;
        }
        if (slot.chair_id && appointment.chair_id === slot.chair_id) {
            return { appointment, doctor: false };
        }
        if (doctorExclusive && slot.doctor_id && appointment.doctor_id === slot.doctor_id) {
            return { appointment, doctor: true };
        }
    }
    return null;
}

/**
 * Whether the branch's zone ``tz`` shows other hours than ``zone`` (the browser's) at ``dateTime``: zones of
 * the same offset (Europe/Moscow and Europe/Istanbul) show the same hours.
 */
export function zoneDiffers(tz, zone, dateTime) {
    if (!tz) {
        return false;
    }
    return dateTime.setZone(tz).offset !== dateTime.setZone(zone).offset;
}
