import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dental_ru_take_payment", {
    steps: () => [
        {
            content: "The patient's money tab",
            trigger: ".o_notebook a[name=dental_money]",
            run: "click",
        },
        {
            content: "Take a prepayment",
            trigger: ".o_form_view button[name=action_dental_deposit]",
            run: "click",
        },
        {
            content: "In cash",
            trigger: ".modal .o_field_widget[name=cash_amount] input",
            run: "edit 1200",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The dialog closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("dental_ru_receipt_status", {
    steps: () => [
        {
            content: "The payment shows that its receipt failed, and why",
            trigger: ".o_form_view .o_field_widget[name=dental_receipt_state]:contains('Failed')",
        },
        {
            content: "The register's reason",
            trigger: ".o_form_view .o_field_widget[name=dental_receipt_reason]:contains('validation')",
        },
        {
            content: "Send it again",
            trigger: ".o_form_view button[name=action_dental_receipt_retry]",
            run: "click",
        },
        {
            content: "Queued again",
            trigger: ".o_form_view .o_field_widget[name=dental_receipt_state]:contains('Queued')",
        },
    ],
});
