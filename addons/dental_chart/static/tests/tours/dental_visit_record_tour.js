import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dental_chart_visit_record", {
    steps: () => [
        {
            content: "Open the patient's visit records",
            trigger: ".o_form_view button[name=action_dental_visit_records]",
            run: "click",
        },
        {
            content: "New record",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Apply a template",
            trigger: ".o_field_widget[name=template_id] input",
            run: "edit Tour template",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour template')",
            run: "click",
        },
        {
            content: "The sections are filled and stay editable",
            trigger: ".o_field_widget[name=treatment] textarea:value(Tour filling placed)",
        },
        {
            trigger: ".o_field_widget[name=recommendations] textarea",
            run: "edit Tour recommendation edited",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Sign the record",
            trigger: ".o_form_view button[name=action_sign]",
            run: "click",
        },
        {
            content: "Confirm the signature",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The record is signed and can only be corrected",
            trigger: ".o_form_view button[name=action_correct]",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='signed']",
        },
    ],
});
