import { HtmlField, htmlField } from "@html_editor/fields/html_field";
import { onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The HTML editor of a document template with a bar of placeholder buttons:
 * a click inserts "{{key}}" at the cursor (the placeholders come from the
 * server, so addons that add placeholders get their buttons for free).
 */
export class PlaceholderHtmlField extends HtmlField {
    static template = "dental_patient.PlaceholderHtmlField";

    setup() {
        super.setup();
        this.placeholderOrm = useService("orm");
        this.placeholders = useState({ list: [] });
        onWillStart(async () => {
            this.placeholders.list = await this.placeholderOrm.call(
                "dental.document.template",
                "get_placeholder_list",
                []
            );
        });
    }

    insertPlaceholder(key) {
        if (!this.editor || this.props.readonly) {
            return;
        }
        this.editor.shared.dom.insert(`{{${key}}}`);
        this.editor.shared.history.addStep();
    }
}

export const placeholderHtmlField = {
    ...htmlField,
    component: PlaceholderHtmlField,
};

registry.category("fields").add("dental_placeholder_html", placeholderHtmlField);
