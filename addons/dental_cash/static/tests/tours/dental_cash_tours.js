import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dental_cash_bill_appointment", {
    steps: () => [
        {
            content: "The completed appointment can be billed",
            trigger: ".o_form_view button[name=action_dental_bill]",
            run: "click",
        },
        {
            content: "The dialog lists the visit's service",
            trigger: ".modal .o_field_widget[name=line_ids] td:contains('Tour Consultation')",
        },
        {
            content: "Part in cash",
            trigger: ".modal .o_field_widget[name=cash_amount] input",
            run: "edit 1000",
        },
        {
            content: "The rest by card",
            trigger: ".modal .o_field_widget[name=card_amount] input",
            run: "edit 500",
        },
        {
            content: "Post the invoice and the payments",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The posted invoice opens",
            trigger: ".o_form_view .o_field_widget[name=dental_appointment_id]:contains('Tour')",
        },
    ],
});

registry.category("web_tour.tours").add("dental_cash_close_day", {
    steps: () => [
        {
            content: "Today's summary of the branch is open",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Open')",
        },
        {
            content: "The cash at the end of the day is computed",
            trigger: ".o_form_view .o_field_widget[name=cash_closing]",
        },
        {
            content: "Count the cash",
            trigger: ".o_form_view .o_field_widget[name=counted_cash] input",
            run: "edit 650",
        },
        {
            content: "Close the day",
            trigger: ".o_form_view button[name=action_close]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal button.btn-primary",
            run: "click",
        },
        {
            content: "The day is closed",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Closed')",
        },
    ],
});
