import { registry } from "@web/core/registry";

const UNKNOWN = "+79035550077";

// The front desk gets the popup of an incoming call from an unknown number and makes it a lead.
registry.category("web_tour.tours").add("dental_telephony_unknown_call_lead", {
    steps: () => [
        {
            content: "The web client is loaded",
            trigger: ".o_main_navbar",
            async run() {
                // what the bus notification of the call does (the bus is not driven from a tour)
                const services = odoo.__WOWL_DEBUG__.root.env.services;
                const [callId] = await services.orm.search("dental.call", [["caller_number", "=", UNKNOWN]]);
                await services.dental_call_popup.show(callId);
            },
        },
        {
            content: "The popup shows the unknown number",
            trigger: `.o_dental_call_popup .o_dental_call_number:contains('${UNKNOWN}')`,
        },
        {
            trigger: ".o_dental_call_popup .o_dental_call_unknown",
        },
        {
            content: "New lead",
            trigger: ".o_dental_call_popup .o_dental_call_new_lead",
            run: "click",
        },
        {
            content: "The lead's form opens with the caller's number; the popup is gone",
            trigger: `.o_form_view .o_field_widget[name=phone] input:value('${UNKNOWN}')`,
        },
        {
            trigger: "body:not(:has(.o_dental_call_popup))",
        },
    ],
});
