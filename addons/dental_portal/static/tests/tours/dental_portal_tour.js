import { registry } from "@web/core/registry";

// Data from the Python test (test_ui.py): one branch with online booking, its therapist's shift on
// 2030-03-04 from 9:00, the service "Online consultation"; the SMS code is fixed by the test.
registry.category("web_tour.tours").add("dental_portal_booking", {
    url: "/booking",
    steps: () => [
        {
            trigger: ".o_dental_booking_service:has(option:contains(Online consultation))",
            run: "selectByLabel Online consultation",
        },
        { trigger: ".o_dental_booking_doctor:has(option:contains(Dr. Sergeev))" },
        {
            trigger: ".o_dental_booking_date",
            run() {
                this.anchor.value = "2030-03-04";
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        { trigger: ".o_dental_booking_slot:contains(10:00)", run: "click" },
        { trigger: ".o_dental_booking_contact:not(.d-none) input[name=last_name]", run: "edit Tourov" },
        { trigger: "input[name=first_name]", run: "edit Ivan" },
        { trigger: "input[name=phone]", run: "edit +7 916 777-00-01" },
        { trigger: ".o_dental_booking_send", run: "click" },
        { trigger: ".o_dental_booking_code:not(.d-none) .o_dental_booking_code_input", run: "edit 000000" },
        { trigger: ".o_dental_booking_confirm", run: "click" },
        // the page speaks the visitor's language: states by their classes, not their texts
        { trigger: ".o_dental_booking_error:not(.d-none)" },
        { trigger: ".o_dental_booking_code_input", run: "edit 123456" },
        { trigger: ".o_dental_booking_confirm", run: "click" },
        { trigger: ".o_dental_booking_done:not(.d-none)" },
        { trigger: ".o_dental_booking_manage:not(.d-none) .o_dental_booking_cancel" },
    ],
});

// A patient signs their treatment plan from the portal: /my/plans → Odoo's own quotation page → signature.
registry.category("web_tour.tours").add("dental_portal_sign_plan", {
    url: "/my/plans",
    steps: () => [
        { trigger: ".o_dental_portal_plan a", run: "click" },
        // the page is in the portal's language: the sign button by its target, not its label
        { trigger: "a[data-bs-target='#modalaccept']:visible:first", run: "click" },
        {
            content: "Wait until the name is drawn as the signature (drawn asynchronously: a click before it ends is refused)",
            trigger: ".modal canvas.o_web_sign_signature",
            async run() {
                const canvas = this.anchor;
                const drawn = () =>
                    canvas
                        .getContext("2d")
                        .getImageData(0, 0, canvas.width, canvas.height)
                        .data.some((value, index) => index % 4 === 3 && value > 0);
                for (let tries = 0; !drawn() && tries < 100; tries++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                // the pad marks itself filled right after the image lands
                await new Promise((resolve) => setTimeout(resolve, 200));
            },
        },
        { trigger: ".modal .o_portal_sign_submit:enabled", run: "click" },
        { trigger: ".alert-success[role=status]" },
    ],
});
