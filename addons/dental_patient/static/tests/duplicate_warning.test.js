import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { describe, expect, test } from "@odoo/hoot";
import {
    contains,
    defineModels,
    fields,
    models,
    mountView,
    mockService,
    onRpc,
} from "@web/../tests/web_test_helpers";

describe.current.tags("desktop", "dental_patient");

class DentalPatient extends models.Model {
    _name = "dental.patient";
    name = fields.Char();
    mobile = fields.Char();
    phone = fields.Char();
    birth_date_text = fields.Char();
    duplicate_ids = fields.Many2many({ relation: "dental.patient" });
    _records = [
        { id: 1, name: "Иванова Мария Сергеевна", mobile: "+79161234567", birth_date_text: "14.03.1986" },
        { id: 2, name: "Петров Алексей", mobile: "+79035551234", birth_date_text: "02.11.1979", duplicate_ids: [1] },
    ];
    _onChanges = {
        mobile(record) {
            record.duplicate_ids = record.mobile === "+79161234567" ? [[5], [4, 1]] : [[5]];
        },
    };
}
defineMailModels();
defineModels([DentalPatient]);

const arch = `
    <form>
        <field name="duplicate_ids" widget="dental_duplicate_warning"/>
        <field name="name"/>
        <field name="mobile"/>
    </form>`;

test("names the match with its birth date and phone", async () => {
    await mountView({ type: "form", resModel: "dental.patient", arch });
    expect(".o_dental_duplicate_warning").toHaveCount(0);
    await contains("[name=mobile] input").edit("+79161234567");
    expect(".o_dental_duplicate").toHaveCount(1);
    expect(".o_dental_duplicate_name").toHaveText("Иванова Мария Сергеевна");
    expect(".o_dental_duplicate_details").toHaveText("14.03.1986, +79161234567");
    expect(".o_dental_duplicate_dismiss").toHaveCount(1);
});

test("'This is the patient' opens the match without saving the new card", async () => {
    onRpc("web_save", () => expect.step("web_save"));
    mockService("action", {
        doAction(action, options) {
            expect.step(`open ${action.res_model} ${action.res_id} ${options.stackPosition}`);
        },
    });
    await mountView({ type: "form", resModel: "dental.patient", arch });
    await contains("[name=name] input").edit("Иванова Мария");
    await contains("[name=mobile] input").edit("+79161234567");
    await contains(".o_dental_duplicate_open").click();
    expect.verifySteps(["open dental.patient 1 replaceCurrentAction"]);
    expect("[name=name] input").toHaveValue("", { message: "the new card was discarded" });
});

test("'Create anyway' hides the warning and the card saves", async () => {
    onRpc("web_save", () => expect.step("web_save"));
    await mountView({ type: "form", resModel: "dental.patient", arch });
    await contains("[name=name] input").edit("Иванова Мария");
    await contains("[name=mobile] input").edit("+79161234567");
    await contains(".o_dental_duplicate_dismiss").click();
    expect(".o_dental_duplicate_warning").toHaveCount(0);
    await contains(".o_form_button_save").click();
    expect.verifySteps(["web_save"]);
});

test("a saved card's match opens on top of it, without 'Create anyway'", async () => {
    mockService("action", {
        doAction(action, options) {
            expect.step(`open ${action.res_id} ${options.stackPosition}`);
        },
    });
    await mountView({ type: "form", resModel: "dental.patient", resId: 2, arch });
    expect(".o_dental_duplicate_dismiss").toHaveCount(0);
    await contains(".o_dental_duplicate_open").click();
    expect.verifySteps(["open 1 undefined"]);
});
