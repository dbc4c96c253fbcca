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
            content: "A VAT-exempt service: the services, discount and total, no tax line",
            trigger:
                ".modal:not(:has(.o_field_widget[name=amount_tax])) .o_field_widget[name=amount_total]:contains('1,500')",
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
            content: "Nothing is counted yet: no difference is shown",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=difference]))",
        },
        {
            content: "Close the day",
            trigger: ".o_form_view button[name=action_close_dialog]",
            run: "click",
        },
        {
            content: "The closing dialog asks for the counted cash",
            trigger: ".modal .o_field_widget[name=counted_cash] input",
            run: "edit 650",
        },
        {
            content: "Leave the field",
            trigger: ".modal p.text-muted",
            run: "click",
        },
        {
            content: "The difference shows once the cash is counted",
            trigger: ".modal .o_field_widget[name=difference]",
        },
        {
            content: "Close with the counted cash",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The day is closed",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Closed')",
        },
        {
            content: "The counted cash and its difference are shown",
            trigger: ".o_form_view .o_field_widget[name=counted_cash]:contains('650')",
        },
    ],
});
