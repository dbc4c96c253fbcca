import { Component, onWillUnmount, status, useExternalListener, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";
import { useRecordObserver } from "@web/model/relational_model/utils";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

import {
    CHART_HEIGHT,
    CHART_WIDTH,
    entrySequence,
    furcationMark,
    IMAGE_HEIGHT_PX,
    LEFT,
    perioLines,
    pointsOf,
    screenSites,
    SLOT,
    STRIP_HEIGHT,
    TEETH_STRIP_HEIGHT,
    toothImage,
    VIEW_ORDER,
    VIEWS,
} from "./perio_layout";

/** Idle time after the last key before a batch of entries is saved (ms). */
export const SAVE_DELAY = 1500;
const ROMAN = ["", "I", "II", "III"];
const PD_MAX = 20;
const GM_MIN = -10;
const GM_MAX = 20;
/** Keys by their physical position (``code``), so that a Cyrillic layout types the same. */
const LETTER_CODES = {
    KeyB: "b",
    KeyS: "s",
    KeyM: "m",
    KeyF: "f",
    KeyX: "x",
    KeyP: "p",
    KeyG: "g",
};
const SEQUENCE = entrySequence();
const SEQUENCE_INDEX = Object.fromEntries(SEQUENCE.map((entry, index) => [`${entry.view}:${entry.index}`, index]));

/**
 * The periodontal exam drawn (widget ``dental_perio_chart`` on the exam form): tooth
 * side views of both jaws (buccal and lingual), the gingival margin (red) and the
 * bottom of the pockets (blue) per site, pockets of 4 mm and more highlighted,
 * bleeding and suppuration dots, mobility and furcation marks, and another exam of
 * the patient overlaid in grey dashes.
 *
 * Loads with one RPC (``dental.perio.exam.perio_get_chart``). Keyboard entry site by
 * site in the clinical order; entries are kept locally and saved in batches with one
 * RPC each (``perio_save_sites``): after a pause, on Enter, when the chart loses the
 * focus or closes. The 6-site grid of the form is reloaded after each batch. When the
 * browser tab closes or is hidden, the batch goes with ``navigator.sendBeacon`` to the
 * same RPC route (a request of a closing page may be cancelled; a beacon is not).
 */
export class PerioChart extends Component {
    static template = "dental_chart.PerioChart";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.rootRef = useRef("root");
        this.width = CHART_WIDTH;
        this.height = CHART_HEIGHT;
        this.left = LEFT;
        this.slot = SLOT;
        this.stripHeight = STRIP_HEIGHT;
        this.teethStripHeight = TEETH_STRIP_HEIGHT;
        this.state = useState({
            data: null,
            cursor: { view: "UB", index: 0 },
            mode: "pd",
            prefix: null,
            pendingCount: 0,
            saving: false,
        });
        /** lineId → values typed and not sent yet; ``inflight``: the batch being saved. */
        this.pending = new Map();
        this.inflight = new Map();
        /** The site the last digit went into: B and S mark it (the cursor has moved on). */
        this.lastEntered = null;
        this.timer = null;
        this.signature = null;
        // reload when the exam, its last save or the compared exam changes in the form
        useRecordObserver((record) => {
            const signature = this.recordSignature(record);
            if (signature !== this.signature) {
                this.signature = signature;
                return this.load(record);
            }
        });
        // The batch is sent by the ORM service itself, not the component's protected copy
        // (useService): a save started while the chart closes must still reach the server.
        this.saveOrm = this.env.services.orm;
        this.sentByBeacon = false;
        useExternalListener(window, "beforeunload", () => this.flushUrgently());
        useExternalListener(document, "visibilitychange", () => this.onVisibilityChange());
        onWillUnmount(() => this.flushOnClose());
    }

    /** What the drawing depends on in the form: the exam, its last save and the compared exam. */
    recordSignature(record) {
        const compare = record.data.compare_exam_id;
        return [record.resId, String(record.data.write_date || ""), compare ? compare[0] : ""].join("|");
    }

    get compareId() {
        const compare = this.props.record.data.compare_exam_id;
        return compare ? compare[0] : false;
    }

    async load(record = this.props.record) {
        if (!record.resId) {
            this.state.data = null;
            return;
        }
        const compare = record.data.compare_exam_id;
        const data = await this.orm.call("dental.perio.exam", "perio_get_chart", [[record.resId]], {
            compare_exam_id: compare ? compare[0] : false,
        });
        // what is typed and not saved yet stays on the drawing
        for (const batch of [this.inflight, this.pending]) {
            for (const [lineId, values] of batch) {
                this.applyValues(data.exam.teeth, lineId, values);
            }
        }
        const first = !this.state.data;
        this.state.data = data;
        if (first) {
            // start on the first site to probe (18 distobuccal, or the next present tooth)
            const start = SEQUENCE.find((entry) => !this.isMissing(entry.code));
            if (start) {
                this.state.cursor = { view: start.view, index: start.index };
            }
        }
    }

    // ------------------------------------------------------------ drawing
    get viewBox() {
        return `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`;
    }

    get viewLabels() {
        return {
            UB: _t("Buccal"),
            UL: _t("Palatal"),
            LL: _t("Lingual"),
            LB: _t("Buccal"),
        };
    }

    get views() {
        const data = this.state.data;
        const teeth = data.exam.teeth;
        const labels = this.viewLabels;
        const cursor = this.cursorSite;
        return VIEW_ORDER.map((key) => {
            const view = VIEWS[key];
            const lines = perioLines(key, teeth);
            const deepSites = new Set(lines.deep.map((d) => `${d.code}:${d.site}`));
            return {
                key,
                label: labels[key],
                jawLabel: view.jaw === "upper" ? _t("Upper jaw") : _t("Lower jaw"),
                labelY: view.apexUp ? view.imageTop + 12 : view.imageTop + IMAGE_HEIGHT_PX - 4,
                imageTop: view.imageTop,
                imageBottom: view.imageTop + IMAGE_HEIGHT_PX,
                apexUp: view.apexUp,
                lines: {
                    ...lines,
                    margin: lines.margin.map(pointsOf),
                    pocket: lines.pocket.map(pointsOf),
                },
                compare: data.compare ? this.compareLines(key, data.compare.teeth) : null,
                teeth: view.teeth.map((code, index) => {
                    const tooth = teeth[code] || { code, missing: true };
                    const image = toothImage(code, index, key);
                    const furcation =
                        view.side === "buccal" && image.furcation && tooth.furcation
                            ? furcationMark(image.furcation, tooth.furcation, view.apexUp)
                            : null;
                    return { code, missing: Boolean(tooth.missing), image, furcation };
                }),
                strips: ["pd", "gm"].map((field) => ({
                    field,
                    y: view.strips[field],
                    label: field === "pd" ? _t("PD") : _t("GM"),
                    cells: screenSites(key).map((site) => {
                        const tooth = teeth[site.code];
                        const value = tooth && !tooth.missing ? tooth[field][site.site] : 0;
                        return {
                            ...site,
                            key: `${site.code}:${site.site}`,
                            text: value ? String(value) : "",
                            deep: field === "pd" && deepSites.has(`${site.code}:${site.site}`),
                            current:
                                cursor.view === key && cursor.index === site.index && this.state.mode === field,
                        };
                    }),
                })),
                cursorX: cursor.view === key ? cursor.x : null,
            };
        });
    }

    compareLines(viewKey, teeth) {
        const lines = perioLines(viewKey, teeth);
        return { margin: lines.margin.map(pointsOf), pocket: lines.pocket.map(pointsOf) };
    }

    /** Tooth numbers with mobility, once per jaw between its two views. */
    get jaws() {
        const teeth = this.state.data.exam.teeth;
        return ["UB", "LL"].map((key) => {
            const view = VIEWS[key];
            return {
                key: view.jaw,
                y: view.teethY,
                teeth: view.teeth.map((code, index) => {
                    const tooth = teeth[code] || { missing: true, mobility: 0 };
                    return {
                        code,
                        x: LEFT + index * SLOT + SLOT / 2,
                        missing: Boolean(tooth.missing),
                        mobility: tooth.missing ? 0 : tooth.mobility,
                        mobilityText: tooth.missing ? "" : ROMAN[tooth.mobility] || "",
                    };
                }),
            };
        });
    }

    get compareDate() {
        const compare = this.state.data?.compare;
        return compare ? this.formatDate(compare.date) : "";
    }

    formatDate(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    get helpText() {
        return _t(
            "Click a site, then type: a digit enters the value and goes to the next site (buccal 18→28, palatal 28→18, buccal 48→38, lingual 38→48); Shift+digit for 10 mm and more; − before a margin for overgrowth; B bleeding, S suppuration (on the site just entered); M or F then 0-3: mobility, furcation; X missing tooth; P / G: depths or margins; arrows move; Backspace erases back; Enter saves."
        );
    }

    get statusText() {
        if (this.state.saving) {
            return _t("Saving…");
        }
        if (this.state.pendingCount) {
            return _t("%s teeth to save", this.state.pendingCount);
        }
        return _t("Saved");
    }

    // ------------------------------------------------------------ cursor
    get cursorSite() {
        const { view, index } = this.state.cursor;
        return screenSites(view)[index];
    }

    setCursor(view, index) {
        this.state.cursor = { view, index };
        this.lastEntered = null;
        this.state.prefix = null;
    }

    onCellClick(cell, field) {
        this.state.mode = field;
        this.setCursor(cell.view, cell.index);
        this.rootRef.el?.focus();
    }

    setMode(mode) {
        this.state.mode = mode;
        this.state.prefix = null;
    }

    isMissing(code) {
        const tooth = this.state.data.exam.teeth[code];
        return !tooth || tooth.missing;
    }

    /** The next (step 1) or previous (step -1) site in entry order, skipping missing teeth. */
    stepSequence(step) {
        const { view, index } = this.state.cursor;
        let position = SEQUENCE_INDEX[`${view}:${index}`];
        for (;;) {
            position += step;
            if (position < 0 || position >= SEQUENCE.length) {
                return null;
            }
            if (!this.isMissing(SEQUENCE[position].code)) {
                return SEQUENCE[position];
            }
        }
    }

    moveScreen(dx, dy) {
        const { view, index } = this.state.cursor;
        if (dx) {
            const count = screenSites(view).length;
            this.setCursor(view, Math.max(0, Math.min(count - 1, index + dx)));
        } else {
            const row = VIEW_ORDER.indexOf(view) + dy;
            if (row >= 0 && row < VIEW_ORDER.length) {
                this.setCursor(VIEW_ORDER[row], index);
            }
        }
    }

    // ------------------------------------------------------------ entry
    onKeydown(ev) {
        if (!this.state.data || ev.ctrlKey || ev.altKey || ev.metaKey || ev.target.tagName === "SELECT") {
            return;
        }
        const digitMatch = /^[0-9]$/.test(ev.key) ? ev.key : /^(?:Digit|Numpad)([0-9])$/.exec(ev.code || "")?.[1];
        const letter = LETTER_CODES[ev.code] || (ev.key.length === 1 ? ev.key.toLowerCase() : null);
        let handled = true;
        if (digitMatch !== undefined && digitMatch !== null) {
            this.typeDigit(Number(digitMatch), ev.shiftKey);
        } else if (ev.key === "-" || ev.code === "Minus" || ev.code === "NumpadSubtract") {
            this.state.prefix = this.state.mode === "gm" ? "minus" : null;
        } else if (ev.key === "Backspace") {
            this.erase(true);
        } else if (ev.key === "Delete") {
            this.erase(false);
        } else if (ev.key === "ArrowLeft") {
            this.moveScreen(-1, 0);
        } else if (ev.key === "ArrowRight") {
            this.moveScreen(1, 0);
        } else if (ev.key === "ArrowUp") {
            this.moveScreen(0, -1);
        } else if (ev.key === "ArrowDown") {
            this.moveScreen(0, 1);
        } else if (ev.key === "Enter") {
            this.flush();
        } else if (letter === "b" || letter === "s") {
            this.toggleSiteFlag(letter === "b" ? "bleed" : "supp");
        } else if (letter === "m" || letter === "f") {
            this.state.prefix = letter === "m" ? "mobility" : "furcation";
        } else if (letter === "x") {
            this.toggleMissing();
        } else if (letter === "p" || letter === "g") {
            this.setMode(letter === "p" ? "pd" : "gm");
        } else {
            handled = false;
        }
        if (handled) {
            ev.preventDefault();
            ev.stopPropagation();
        }
    }

    typeDigit(digit, shift) {
        const site = this.cursorSite;
        const prefix = this.state.prefix;
        this.state.prefix = null;
        if (this.isMissing(site.code)) {
            return;
        }
        if (prefix === "mobility" || prefix === "furcation") {
            if (digit <= 3) {
                this.setToothValue(this.lastEntered?.code || site.code, prefix, digit);
            }
            return;
        }
        let value = digit + (shift ? 10 : 0);
        if (this.state.mode === "gm") {
            value = prefix === "minus" ? -value : value;
            if (value < GM_MIN || value > GM_MAX) {
                return;
            }
        } else if (value > PD_MAX) {
            return;
        }
        this.setToothValue(site.code, `${this.state.mode}_${site.site}`, value);
        const next = this.stepSequence(1);
        this.lastEntered = site;
        if (next) {
            this.state.cursor = { view: next.view, index: next.index };
        } else {
            this.flush();
        }
    }

    /** Backspace: back one site in entry order and clear it; Delete: clear the current site. */
    erase(back) {
        const previous = back ? this.stepSequence(-1) : null;
        if (previous) {
            this.setCursor(previous.view, previous.index);
        } else {
            this.setCursor(this.state.cursor.view, this.state.cursor.index);
        }
        const site = this.cursorSite;
        if (!this.isMissing(site.code)) {
            this.setToothValue(site.code, `${this.state.mode}_${site.site}`, 0);
        }
    }

    toggleSiteFlag(prefix) {
        const site = this.lastEntered || this.cursorSite;
        const tooth = this.state.data.exam.teeth[site.code];
        if (!tooth || tooth.missing) {
            return;
        }
        this.setToothValue(site.code, `${prefix}_${site.site}`, !tooth[prefix][site.site]);
    }

    toggleMissing() {
        const code = this.cursorSite.code;
        const tooth = this.state.data.exam.teeth[code];
        if (tooth) {
            this.setToothValue(code, "missing", !tooth.missing);
        }
    }

    /** Set a value of a tooth on the drawing and queue it for the next batch. */
    setToothValue(code, field, value) {
        const tooth = this.state.data.exam.teeth[code];
        if (!tooth) {
            return;
        }
        this.applyValues(this.state.data.exam.teeth, tooth.id, { [field]: value });
        const values = this.pending.get(tooth.id) || {};
        values[field] = value;
        this.pending.set(tooth.id, values);
        this.state.pendingCount = this.pending.size;
        this.scheduleFlush();
    }

    applyValues(teeth, lineId, values) {
        const tooth = Object.values(teeth).find((t) => t.id === lineId);
        if (!tooth) {
            return;
        }
        for (const [field, value] of Object.entries(values)) {
            const match = /^(pd|gm|bleed|supp|plaque)_(\w+)$/.exec(field);
            if (match) {
                tooth[match[1]][match[2]] = value;
            } else {
                tooth[field] = value;
            }
        }
    }

    // ------------------------------------------------------------ saving
    scheduleFlush() {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.flush(), SAVE_DELAY);
    }

    /**
     * The chart closes (the form leaves the exam): send the queued entries at once, after
     * the batch in flight if any; nothing is reloaded.
     */
    flushOnClose() {
        clearTimeout(this.timer);
        const resId = this.props.record.resId;
        if (!this.pending.size || !resId) {
            return;
        }
        const changes = [...this.pending.entries()];
        this.pending = new Map();
        const send = () => this.saveOrm.call("dental.perio.exam", "perio_save_sites", [[resId], changes]);
        if (this.flushing) {
            this.flushing.then(send, send);
        } else {
            send();
        }
    }

    /**
     * The tab closes or is hidden: send the queued entries with sendBeacon to the RPC route
     * of ``perio_save_sites`` (as the form's own urgent save does). A batch too large for a
     * beacon goes by a normal RPC.
     */
    flushUrgently() {
        clearTimeout(this.timer);
        const resId = this.props.record.resId;
        if (!this.pending.size || !resId) {
            return;
        }
        const params = {
            model: "dental.perio.exam",
            method: "perio_save_sites",
            args: [[resId], [...this.pending.entries()]],
            kwargs: { context: user.context },
        };
        const blob = new Blob([JSON.stringify({ jsonrpc: "2.0", method: "call", params })], {
            type: "application/json",
        });
        if (navigator.sendBeacon("/web/dataset/call_kw/dental.perio.exam/perio_save_sites", blob)) {
            this.pending = new Map();
            this.state.pendingCount = 0;
            this.sentByBeacon = true;
        } else {
            this.flush();
        }
    }

    /** Hidden: save by beacon; visible again after a beacon: reload the form's grid. */
    async onVisibilityChange() {
        if (document.visibilityState === "hidden") {
            this.flushUrgently();
        } else if (this.sentByBeacon) {
            this.sentByBeacon = false;
            const record = this.props.record;
            if (!(await record.isDirty()) && status(this) !== "destroyed") {
                await record.load();
            }
        }
    }

    onFocusOut(ev) {
        if (!ev.currentTarget.contains(ev.relatedTarget)) {
            this.flush();
        }
    }

    /**
     * Save the queued entries with one RPC, then reload the form so that its grid shows
     * them. Pending changes of the form itself are saved first. On an error the drawing
     * reloads what the server has (the batch is all or nothing) and the error shows.
     */
    async flush() {
        clearTimeout(this.timer);
        if (this.flushing) {
            await this.flushing;
        }
        if (!this.pending.size || !this.props.record.resId) {
            return;
        }
        this.inflight = this.pending;
        this.pending = new Map();
        this.state.pendingCount = 0;
        this.state.saving = true;
        const changes = [...this.inflight.entries()];
        this.flushing = (async () => {
            const record = this.props.record;
            try {
                if (await record.isDirty()) {
                    await record.save();
                }
                await this.saveOrm.call("dental.perio.exam", "perio_save_sites", [[record.resId], changes]);
                this.inflight = new Map();
                if (status(this) !== "destroyed") {
                    await record.load();
                }
            } catch (error) {
                this.inflight = new Map();
                if (status(this) !== "destroyed") {
                    await this.load();
                }
                throw error;
            } finally {
                this.state.saving = false;
                this.flushing = null;
            }
        })();
        await this.flushing;
    }

    async onCompareChange(ev) {
        const id = Number(ev.target.value) || false;
        const exam = this.state.data.exams.find((e) => e.id === id);
        await this.props.record.update({
            compare_exam_id: exam ? [exam.id, exam.name] : false,
        });
    }
}

export const perioChart = {
    component: PerioChart,
};

registry.category("view_widgets").add("dental_perio_chart", perioChart);
