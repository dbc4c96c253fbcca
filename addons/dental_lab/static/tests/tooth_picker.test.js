import { describe, expect, test } from "@odoo/hoot";
import { click, queryAll } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
import { defineModels, fields, models, mountView, onRpc } from "@web/../tests/web_test_helpers";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";

import { teethOf } from "@dental_chart/odontogram/odontogram_layout";

describe.current.tags("desktop", "dental_lab");

const TEETH = teethOf("mixed").map((code, index) => ({ id: index + 1, code, display_name: code }));
const idOf = (code) => TEETH.find((tooth) => tooth.code === code).id;

class DentalTooth extends models.Model {
    _name = "dental.tooth";
    code = fields.Char();
    _records = TEETH.map(({ id, code }) => ({ id, code }));
}

class DentalLabOrder extends models.Model {
    _name = "dental.lab.order";
    name = fields.Char();
    tooth_ids = fields.Many2many({ relation: "dental.tooth" });
    _records = [{ id: 1, name: "LAB/1", tooth_ids: [idOf("36")] }];
}

defineMailModels();
defineModels([DentalTooth, DentalLabOrder]);

const tooth = (code) => `.o_dental_pick_tooth[data-code='${code}']`;

async function mountPicker(readonly = false) {
    await mountView({
        type: "form",
        resModel: "dental.lab.order",
        resId: 1,
        arch: `<form><field name="name"/><field name="tooth_ids" widget="dental_tooth_picker" ${
            readonly ? 'readonly="1"' : ""
        }/></form>`,
    });
}

test("draws the permanent teeth with the chart's layout and shows the order's teeth", async () => {
    await mountPicker();
    expect(".o_dental_pick_tooth").toHaveCount(32);
    expect(`${tooth("36")}.o_selected`).toHaveCount(1);
    expect(".o_dental_pick_tooth.o_selected").toHaveCount(1);
});

test("clicking teeth 11 and 21 adds them, clicking 36 removes it; saved as the many2many", async () => {
    onRpc("web_save", ({ args }) => {
        expect.step("save");
        const commands = args[1].tooth_ids;
        const linked = commands.filter((c) => c[0] === 4).map((c) => c[1]);
        const unlinked = commands.filter((c) => c[0] === 3).map((c) => c[1]);
        expect(linked.sort()).toEqual([idOf("11"), idOf("21")].sort());
        expect(unlinked).toEqual([idOf("36")]);
    });
    await mountPicker();
    await click(tooth("11"));
    await animationFrame();
    await click(tooth("21"));
    await animationFrame();
    await click(tooth("36"));
    await animationFrame();
    expect(queryAll(".o_dental_pick_tooth.o_selected").map((el) => el.dataset.code).sort()).toEqual(["11", "21"]);
    await click(".o_form_button_save");
    await animationFrame();
    expect.verifySteps(["save"]);
});

test("a jaw button selects the jaw, Clear empties it", async () => {
    await mountPicker();
    await click(".o_dental_pick_upper");
    await animationFrame();
    expect(".o_dental_pick_tooth.o_selected").toHaveCount(17); // 16 upper teeth + 36
    await click(".o_dental_pick_clear");
    await animationFrame();
    expect(".o_dental_pick_tooth.o_selected").toHaveCount(0);
});

test("read-only: no buttons, clicks change nothing", async () => {
    await mountPicker(true);
    expect(".o_dental_pick_upper").toHaveCount(0);
    await click(tooth("11"));
    await animationFrame();
    expect(".o_dental_pick_tooth.o_selected").toHaveCount(1);
});
