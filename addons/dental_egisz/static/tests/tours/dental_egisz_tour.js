import { registry } from "@web/core/registry";

/** The doctor (here the administrator, also a Director) signs the protocol, then signs it for the organisation. */
registry.category("web_tour.tours").add("dental_egisz_sign", {
    steps: () => [
        {
            content: "The protocol waits for the doctor's signature",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='draft']",
        },
        {
            content: "Sign as the doctor",
            trigger: "button[name=action_sign_doctor]",
            run: "click",
        },
        {
            content: "Signed by the doctor",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='doctor_signed']",
        },
        {
            content: "Sign for the organisation",
            trigger: "button[name=action_sign_organisation]",
            run: "click",
        },
        {
            content: "Queued for sending",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='org_signed']",
        },
    ],
});

/** After the queue sent it and РЭМД answered: the registry shows it registered with its number. */
registry.category("web_tour.tours").add("dental_egisz_registered", {
    steps: () => [
        {
            content: "Registered",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='registered']",
        },
        {
            content: "With РЭМД's registration number",
            trigger: ".o_field_widget[name=registration_number]:contains('EMDR-TOUR-1')",
        },
    ],
});
