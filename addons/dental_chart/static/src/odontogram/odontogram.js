import { Component, onMounted, onPatched, onWillStart, onWillUpdateProps, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

import {
    CHART_WIDTH,
    DENTITION_ROWS,
    MIXED_ROWS,
    ROW_HEIGHT,
    ROWS,
    rowTeeth,
    STATUS_COLORS,
    toothShapes,
    toothState,
} from "./odontogram_layout";

const SURFACES = ["M", "D", "O", "B", "L", "C"];

/**
 * The tooth chart of a patient (SVG): dentition switch, selection of teeth and
 * surfaces, each tooth drawn in its state on the chosen date, a legend, and the
 * actions "Add finding" / "Plan treatment" for the selection.
 * Loads everything with one RPC (dental.patient.dental_get_chart).
 */
export class Odontogram extends Component {
    static template = "dental_chart.Odontogram";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.surfaceCodes = SURFACES;
        this.state = useState({
            data: null,
            dentition: "permanent",
            // mixed dentition: every tooth in four rows instead of the tooth standing at each position
            showAll: false,
            selected: [],
            surfaces: [],
            date: "",
            today: "",
        });
        this.svgRef = useRef("svg");
        // draw time after the chart's RPC (ms), kept on the SVG (data-draw-ms) for the tour to report
        this.drawStart = null;
        onMounted(() => this.markDrawn());
        onPatched(() => this.markDrawn());
        onWillStart(() => this.load(this.props.record.resId, true));
        onWillUpdateProps((nextProps) => {
            if (nextProps.record.resId !== this.props.record.resId) {
                return this.load(nextProps.record.resId, true);
            }
        });
    }

    async load(resId = this.props.record.resId, first = false) {
        if (!resId) {
            this.state.data = null;
            return;
        }
        const kwargs = this.state.date && !first ? { date: this.state.date } : {};
        const data = await this.orm.call("dental.patient", "dental_get_chart", [[resId]], kwargs);
        this.drawStart = performance.now();
        this.state.data = data;
        if (first) {
            this.state.dentition = data.dentition;
            this.state.date = data.date;
            this.state.today = data.date;
            // teeth to highlight when opened from an image ("Show on Chart")
            this.state.selected = [...(this.props.record.context?.dental_chart_teeth || [])];
            this.state.surfaces = [];
        }
    }

    markDrawn() {
        if (this.drawStart !== null && this.svgRef.el) {
            this.drawMs = performance.now() - this.drawStart;
            this.svgRef.el.dataset.drawMs = this.drawMs.toFixed(1);
            this.drawStart = null;
        }
    }

    // ------------------------------------------------------------ drawing
    get conditionsByCode() {
        const result = {};
        for (const condition of this.state.data?.conditions || []) {
            result[condition.code] = condition;
        }
        return result;
    }

    /** Rows drawn: the mixed dentition one tooth per position unless "Show All" is on. */
    get rowNames() {
        if (this.state.dentition === "mixed" && !this.state.showAll) {
            return MIXED_ROWS;
        }
        return DENTITION_ROWS[this.state.dentition];
    }

    /** FDI codes drawn, optionally of one jaw only. */
    visibleTeeth(jaw = null) {
        return this.rowNames
            .filter((rowName) => !jaw || ROWS[rowName].jaw === jaw)
            .flatMap((rowName) => rowTeeth(rowName, this.state.data?.mixed));
    }

    /** Teeth hidden by the one-row mixed dentition that have something to draw (decided by the server). */
    get hiddenWithRecords() {
        return this.state.data?.mixed_hidden || [];
    }

    /** Their numbers in the user's notation, for the badge's tooltip. */
    get hiddenLabels() {
        const teeth = this.state.data?.teeth || {};
        return this.hiddenWithRecords.map((code) => teeth[code]?.label || code).join(", ");
    }

    get rows() {
        const conditions = this.conditionsByCode;
        const teeth = this.state.data.teeth;
        return this.rowNames.map((rowName, rowIndex) => {
            const top = rowIndex * ROW_HEIGHT;
            const row = rowTeeth(rowName, this.state.data.mixed).map((code, index) => {
                const tooth = teeth[code] || { code, label: code, findings: [] };
                const state = toothState(tooth.findings, conditions, tooth.plan || []);
                return {
                    code,
                    label: tooth.label,
                    shapes: toothShapes(code, index, rowName, top),
                    state,
                    selected: this.state.selected.includes(code),
                    title: this.toothTitle(tooth),
                };
            });
            // a bridge spans its teeth: its bar reaches the neighbour of the same bridge
            const sharesBridge = (a, b) => a && b && a.state.bridgeIds.some((id) => b.state.bridgeIds.includes(id));
            for (const [index, tooth] of row.entries()) {
                const bar = tooth.shapes.bridgeBar;
                const left = sharesBridge(tooth, row[index - 1]) ? bar.left : bar.crownLeft;
                const right = sharesBridge(tooth, row[index + 1]) ? bar.right : bar.crownRight;
                tooth.bridge = { x: left, width: right - left };
            }
            return { name: rowName, jaw: ROWS[rowName].jaw, teeth: row };
        });
    }

    get statusLegend() {
        return [
            { key: "planned", color: STATUS_COLORS.planned, name: _t("Planned work") },
            { key: "done", color: STATUS_COLORS.done, name: _t("Done here") },
            { key: "existing", color: STATUS_COLORS.existing, name: _t("Existing (done elsewhere)") },
        ];
    }

    get viewBox() {
        const rows = this.rowNames.length;
        return `0 0 ${CHART_WIDTH} ${rows * ROW_HEIGHT}`;
    }

    get legend() {
        const present = new Set();
        for (const tooth of Object.values(this.state.data?.teeth || {})) {
            for (const finding of tooth.findings) {
                if (finding.condition) {
                    present.add(finding.condition);
                }
            }
        }
        return (this.state.data?.conditions || []).map((condition) => ({
            ...condition,
            present: present.has(condition.code),
        }));
    }

    get isPast() {
        return this.state.date && this.state.today && this.state.date < this.state.today;
    }

    toothTitle(tooth) {
        const lines = [tooth.label];
        const conditions = this.conditionsByCode;
        for (const finding of tooth.findings) {
            const parts = [finding.date];
            if (finding.condition && conditions[finding.condition]) {
                parts.push(conditions[finding.condition].name);
            }
            if (finding.diagnosis) {
                parts.push(`${finding.diagnosis} ${finding.diagnosis_name || ""}`);
            }
            if (finding.surfaces.length) {
                parts.push(finding.surfaces.join(""));
            }
            lines.push(parts.join(" · "));
        }
        for (const line of tooth.plan || []) {
            lines.push(`${_t("Planned work")}: ${line.name}`);
        }
        return lines.join("\n");
    }

    // ------------------------------------------------------------ selection
    setDentition(dentition) {
        this.state.dentition = dentition;
        this.keepVisibleSelection();
    }

    /** Mixed dentition: every tooth in four rows, or back to the tooth standing at each position. */
    toggleShowAll() {
        this.state.showAll = !this.state.showAll;
        this.keepVisibleSelection();
    }

    keepVisibleSelection() {
        const visible = new Set(this.visibleTeeth());
        this.state.selected = this.state.selected.filter((code) => visible.has(code));
    }

    toggleTooth(code) {
        const index = this.state.selected.indexOf(code);
        if (index >= 0) {
            this.state.selected.splice(index, 1);
        } else {
            this.state.selected.push(code);
        }
    }

    selectJaw(jaw) {
        this.state.selected = this.visibleTeeth(jaw);
    }

    selectAll() {
        this.state.selected = this.visibleTeeth();
    }

    clearSelection() {
        this.state.selected = [];
        this.state.surfaces = [];
    }

    toggleSurface(code) {
        const index = this.state.surfaces.indexOf(code);
        if (index >= 0) {
            this.state.surfaces.splice(index, 1);
        } else {
            this.state.surfaces.push(code);
        }
    }

    async onDateChange(ev) {
        this.state.date = ev.target.value || this.state.today;
        await this.load();
    }

    async showToday() {
        this.state.date = this.state.today;
        await this.load();
    }

    // ------------------------------------------------------------ actions
    get selectedToothIds() {
        const teeth = this.state.data.teeth;
        return this.state.selected.map((code) => teeth[code]?.id).filter(Boolean);
    }

    /** Tooltip of a surface button: the surface's name in the user's language (M → "Mesial"). */
    surfaceTitle(code) {
        const surface = (this.state.data.surfaces || []).find((s) => s.code === code);
        return surface ? surface.name : code;
    }

    get selectedSurfaceIds() {
        const surfaces = this.state.data.surfaces || [];
        return surfaces.filter((s) => this.state.surfaces.includes(s.code)).map((s) => s.id);
    }

    /** Save pending changes of the card first: the chart reloads it after the dialogs. */
    async saveCard() {
        if (await this.props.record.isDirty()) {
            return await this.props.record.save();
        }
        return true;
    }

    async addFinding() {
        if (!(await this.saveCard())) {
            return;
        }
        await this.action.doAction(
            {
                type: "ir.actions.act_window",
                name: _t("Add Finding"),
                res_model: "dental.chart.finding",
                views: [[false, "form"]],
                target: "new",
                context: {
                    default_patient_id: this.props.record.resId,
                    default_tooth_ids: this.selectedToothIds,
                    default_surface_ids: this.selectedSurfaceIds,
                },
            },
            { onClose: () => this.reloadAll() }
        );
    }

    /**
     * Open the plan wizard for the selection: "pick" ranks the templates matching the
     * teeth's diagnoses; "edit" adds services chosen by category to a new or draft plan.
     */
    /** A new visit record about the selected teeth. */
    async newVisitRecord() {
        if (!(await this.saveCard())) {
            return;
        }
        await this.action.doAction(
            {
                type: "ir.actions.act_window",
                name: _t("Visit Record"),
                res_model: "dental.visit.record",
                views: [[false, "form"]],
                target: "current",
                context: {
                    default_patient_id: this.props.record.resId,
                    default_tooth_ids: this.selectedToothIds,
                },
            }
        );
    }

    /** Double click: "add finding" for that tooth alone. */
    async addFindingOn(code) {
        if (this.isPast) {
            return;
        }
        this.state.selected = [code];
        await this.addFinding();
    }

    async planTreatment(step = "pick") {
        if (!(await this.saveCard())) {
            return;
        }
        await this.action.doAction("dental_chart.dental_plan_wizard_action", {
            additionalContext: {
                default_patient_id: this.props.record.resId,
                default_tooth_ids: this.selectedToothIds,
                default_surface_ids: this.selectedSurfaceIds,
                default_step: step,
            },
            onClose: () => this.reloadAll(),
        });
    }

    /** The patient's images of the selected teeth (all the patient's images without a selection). */
    async openImages() {
        const domain = [["patient_id", "=", this.props.record.resId]];
        if (this.selectedToothIds.length) {
            domain.push(["tooth_ids", "in", this.selectedToothIds]);
        }
        await this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Images"),
            res_model: "dental.image",
            views: [
                [false, "kanban"],
                [false, "list"],
                [false, "form"],
            ],
            domain,
            context: { default_patient_id: this.props.record.resId, default_tooth_ids: this.selectedToothIds },
        });
    }

    async reloadAll() {
        await this.load();
        await this.props.record.load();
    }
}

export const odontogram = {
    component: Odontogram,
};

registry.category("view_widgets").add("dental_odontogram", odontogram);
