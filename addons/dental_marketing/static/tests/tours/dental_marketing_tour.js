import { formatDateTime } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";

const { DateTime } = luxon;

// A coordinator converts a lead into a patient and books the visit in one step.
registry.category("web_tour.tours").add("dental_marketing_lead_convert", {
    steps: () => [
        {
            content: "Convert the lead",
            trigger: ".o_form_view button[name=action_dental_convert]",
            run: "click",
        },
        {
            content: "The new card's name comes from the lead",
            trigger: ".modal .o_field_widget[name=last_name] input:value(Tourleadov)",
        },
        {
            content: "Appointment time: next week at 10:00",
            trigger: ".modal .o_field_widget[name=start] input",
            run: `edit ${formatDateTime(DateTime.now().plus({ days: 7 }).set({ hour: 10, minute: 0, second: 0 }))}`,
        },
        {
            content: "Chair",
            trigger: ".modal .o_field_widget[name=chair_id] input",
            run: "edit Tour Chair",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Chair')",
            run: "click",
        },
        {
            content: "Doctor",
            trigger: ".modal .o_field_widget[name=doctor_id] input",
            run: "edit Dr. Tour",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Dr. Tour')",
            run: "click",
        },
        {
            content: "Convert",
            trigger: ".modal button[name=action_convert]",
            run: "click",
        },
        {
            content: "The appointment opens",
            trigger: ".o_form_view .o_field_widget[name=dental_state] .o_arrow_button_current[data-value='scheduled']",
        },
    ],
});

// A coordinator sends a segment campaign.
registry.category("web_tour.tours").add("dental_marketing_campaign_send", {
    steps: () => [
        {
            content: "Recipients counted",
            trigger: ".o_form_view button[name=action_view_recipients] .o_stat_value:contains(2)",
        },
        {
            content: "Send",
            trigger: ".o_form_view button[name=action_send]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Sent",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='sent']",
        },
    ],
});
