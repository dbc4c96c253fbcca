import { HtmlField } from "@html_editor/fields/html_field";
import { setSelection } from "@html_editor/../tests/_helpers/selection";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { queryOne } from "@odoo/hoot-dom";
import {
    clickSave,
    contains,
    defineModels,
    fields,
    models,
    mountView,
    onRpc,
    patchWithCleanup,
} from "@web/../tests/web_test_helpers";

describe.current.tags("desktop", "dental_patient");

class DentalDocumentTemplate extends models.Model {
    _name = "dental.document.template";
    name = fields.Char();
    body = fields.Html({ trim: true });
    _records = [{ id: 1, name: "Contract", body: "<p>Patient: </p>" }];
}
defineMailModels();
defineModels([DentalDocumentTemplate]);

beforeEach(() => {
    patchWithCleanup(HtmlField.prototype, {
        getConfig() {
            const config = super.getConfig();
            config.Plugins = config.Plugins.filter((Plugin) => Plugin.id !== "editorVersion");
            return config;
        },
    });
    onRpc("dental.document.template", "get_placeholder_list", () => [
        { key: "fio", label: "Full name" },
        { key: "birthdate", label: "Date of birth" },
    ]);
});

const arch = `<form><field name="body" widget="dental_placeholder_html"/></form>`;

test("shows one button per placeholder from the server", async () => {
    await mountView({ type: "form", resModel: "dental.document.template", resId: 1, arch });
    expect(".o_dental_placeholder").toHaveCount(2);
    expect(".o_dental_placeholder[data-key=fio]").toHaveText("Full name");
    expect(".o_dental_placeholder[data-key=birthdate]").toHaveAttribute("title", "{{birthdate}}");
});

test("a button inserts its placeholder at the cursor and the template saves it", async () => {
    onRpc("web_save", ({ args }) => {
        expect.step(args[1].body);
    });
    await mountView({ type: "form", resModel: "dental.document.template", resId: 1, arch });
    const paragraph = queryOne("[name='body'] .odoo-editor-editable p");
    setSelection({ anchorNode: paragraph.firstChild, anchorOffset: "Patient: ".length });
    await contains(".o_dental_placeholder[data-key=fio]").click();
    expect("[name='body'] .odoo-editor-editable p").toHaveText("Patient: {{fio}}");
    await clickSave();
    expect.verifySteps(["<p>Patient: {{fio}}</p>"]);
});

test("no buttons when the field is read-only", async () => {
    await mountView({
        type: "form",
        resModel: "dental.document.template",
        resId: 1,
        arch: `<form><field name="body" widget="dental_placeholder_html" readonly="1"/></form>`,
    });
    expect(".o_dental_placeholder").toHaveCount(0);
});
