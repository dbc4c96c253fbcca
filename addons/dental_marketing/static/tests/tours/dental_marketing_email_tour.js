import { registry } from "@web/core/registry";

// A coordinator turns a campaign into an e-mail campaign and sends it to its segment.
registry.category("web_tour.tours").add("dental_marketing_email_campaign_send", {
    steps: () => [
        {
            content: "E-mail channel",
            trigger: ".o_form_view .o_field_widget[name=channel] input[data-value=email]",
            run: "click",
        },
        {
            content: "E-mail template",
            trigger: ".o_form_view .o_field_widget[name=mail_template_id] input",
            run: "edit Tour e-mail",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour e-mail')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Recipients: the consenting addresses of the segment",
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
            content: "Sent; the e-mails wait in the queue",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='sent']",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=email_queued_count]:contains(2)",
        },
    ],
});
