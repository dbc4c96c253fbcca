import { Component, onWillStart } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import {
    CHART_WIDTH,
    DENTITION_ROWS,
    ROWS,
    ROW_HEIGHT,
    toothShapes,
} from "@dental_chart/odontogram/odontogram_layout";

/**
 * Teeth of a lab order chosen on the chart's drawing (the odontogram's layout, without findings):
 * a click toggles a tooth in the many2many field, the jaw buttons select a jaw.
 */
export class ToothPicker extends Component {
    static template = "dental_lab.ToothPicker";
    static props = { ...standardFieldProps, dentition: { type: String, optional: true } };

    setup() {
        this.orm = useService("orm");
        this.idsByCode = {};
        this.codesById = {};
        onWillStart(async () => {
            const teeth = await this.orm.searchRead("dental.tooth", [], ["code"]);
            for (const tooth of teeth) {
                this.idsByCode[tooth.code] = tooth.id;
                this.codesById[tooth.id] = tooth.code;
            }
        });
    }

    get selectedCodes() {
        return new Set(this.props.record.data[this.props.name].currentIds.map((id) => this.codesById[id]));
    }

    get rows() {
        const selected = this.selectedCodes;
        return DENTITION_ROWS[this.props.dentition || "permanent"].map((rowName, rowIndex) => ({
            name: rowName,
            teeth: ROWS[rowName].teeth.map((code, index) => ({
                code,
                selected: selected.has(code),
                shapes: toothShapes(code, index, rowName, rowIndex * ROW_HEIGHT),
            })),
        }));
    }

    get viewBox() {
        const rowCount = DENTITION_ROWS[this.props.dentition || "permanent"].length;
        return `0 0 ${CHART_WIDTH} ${rowCount * ROW_HEIGHT}`;
    }

    async setCodes(codes) {
        const list = this.props.record.data[this.props.name];
        const wanted = new Set([...codes].map((code) => this.idsByCode[code]).filter(Boolean));
        const current = new Set(list.currentIds);
        await list.addAndRemove({
            add: [...wanted].filter((id) => !current.has(id)),
            remove: [...current].filter((id) => !wanted.has(id)),
        });
    }

    async toggle(code) {
        if (this.props.readonly) {
            return;
        }
        const codes = this.selectedCodes;
        if (codes.has(code)) {
            codes.delete(code);
        } else {
            codes.add(code);
        }
        await this.setCodes(codes);
    }

    async selectJaw(jaw) {
        const codes = this.selectedCodes;
        for (const rowName of DENTITION_ROWS[this.props.dentition || "permanent"]) {
            if (ROWS[rowName].jaw === jaw) {
                ROWS[rowName].teeth.forEach((code) => codes.add(code));
            }
        }
        await this.setCodes(codes);
    }

    async clear() {
        await this.setCodes([]);
    }
}

export const toothPicker = {
    component: ToothPicker,
    displayName: "Tooth Picker",
    supportedTypes: ["many2many"],
    relatedFields: [{ name: "code", type: "char" }],
    extractProps: ({ options }) => ({ dentition: options.dentition }),
};

registry.category("fields").add("dental_tooth_picker", toothPicker);
