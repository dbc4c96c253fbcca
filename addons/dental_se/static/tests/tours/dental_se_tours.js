import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dental_se_register_invoice", {
    steps: () => [
        {
            content: "Send the patient's invoice to the financing provider",
            trigger: ".o_form_view button[name=action_dental_se_register]",
            run: "click",
        },
        {
            content: "It is queued for the provider",
            trigger: ".o_form_view .o_field_widget[name=dental_se_financing_state]:contains('Queued')",
        },
        {
            content: "The button is gone: one click, not twice",
            trigger: ".o_form_view:not(:has(button[name=action_dental_se_register]))",
        },
    ],
});

registry.category("web_tour.tours").add("dental_se_invoice_status", {
    steps: () => [
        {
            content: "The provider took it and the patient chose instalments",
            trigger: ".o_form_view .o_field_widget[name=dental_se_financing_state]:contains('Accepted by the Patient')",
        },
        {
            content: "The patient's choice",
            trigger: ".o_form_view .o_field_widget[name=dental_se_financing_plan]:contains('Instalments, 6 months')",
        },
    ],
});
