import { registry } from "@web/core/registry";

import { clickAndMarkDownload } from "./dental_chart_tour_utils";

/** Chart one condition on one tooth through "Add Finding" and see it drawn. */
function chartCondition(code, condition, drawn) {
    return [
        {
            content: "Clear the selection",
            trigger: ".o_dental_select_clear",
            run: "click",
        },
        {
            content: `Select tooth ${code}`,
            trigger: `.o_dental_tooth[data-code='${code}']`,
            run: "click",
        },
        {
            content: "Add a finding for the selection",
            trigger: ".o_dental_add_finding:not(:disabled):contains('(1)')",
            run: "click",
        },
        {
            content: `Condition: ${condition}`,
            trigger: ".modal .o_field_widget[name=condition_id] input",
            run: `edit ${condition}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option):contains('${condition}')`,
            run: "click",
        },
        {
            content: "Save the finding",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: `Tooth ${code} shows the ${condition} drawn`,
            trigger: `body:not(:has(.modal)) .o_dental_tooth[data-code='${code}'] ${drawn}`,
        },
    ];
}

registry.category("web_tour.tours").add("dental_chart_odontogram", {
    steps: () => [
        {
            content: "Open the tooth chart tab",
            trigger: ".o_notebook_headers a[name='dental_chart']",
            run: "click",
        },
        ...chartCondition("11", "Crown", "g.o_dental_crown"),
        ...chartCondition("36", "Implant", "g.o_dental_implant"),
        ...chartCondition("48", "Planned extraction", "g.o_dental_cross"),
        {
            content: "The implant replaces the roots of 36",
            trigger: ".o_dental_tooth[data-code='36'][data-kind='molar']:not(:has(.o_dental_root))",
        },
        {
            content: "Each tooth is drawn by its type: the lower molar 46 has its roots",
            trigger: ".o_dental_tooth[data-code='46'][data-kind='molar'] path.o_dental_root",
        },
        {
            content: "Mixed dentition: one row per jaw",
            trigger: ".o_dental_dentition_mixed",
            run: "click",
        },
        {
            content: "The crowned 11 stands at its position",
            trigger: ".o_dental_chart_svg:not(:has(.o_dental_tooth[data-code='21'])) .o_dental_tooth[data-code='11'] g.o_dental_crown",
        },
        {
            content: "The primary 52 at the next one (no age, nothing recorded: nothing shed)",
            trigger: ".o_dental_tooth[data-code='52'][data-kind='incisor']",
        },
        {
            content: "51 is not drawn, 36 keeps its implant",
            trigger: ".o_dental_chart_svg:not(:has(.o_dental_tooth[data-code='51'])) .o_dental_tooth[data-code='36'] g.o_dental_implant",
        },
        {
            content: "Show all teeth in four rows",
            trigger: ".o_dental_show_all",
            run: "click",
        },
        {
            content: "51 is drawn under 11",
            trigger: ".o_dental_tooth[data-code='51']",
        },
        {
            content: "Back to the permanent dentition",
            trigger: ".o_dental_dentition_permanent",
            run: "click",
        },
        {
            content: "Report the draw time of the chart after its RPC",
            trigger: ".o_dental_chart_svg[data-draw-ms]",
            run() {
                const ms = document.querySelector(".o_dental_chart_svg").dataset.drawMs;
                console.info(`[dental_chart] tour: odontogram drawn in ${ms} ms after its RPC`);
            },
        },
        {
            content: "Open the actions menu",
            trigger: ".o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Open the print submenu when there are several printouts",
            trigger: ".o-dropdown--menu .o_menu_item, .o-dropdown--menu button:has(.fa-print)",
            run() {
                const items = [...document.querySelectorAll(".o-dropdown--menu .o_menu_item")];
                if (!items.some((item) => item.textContent.includes("Dental Formula"))) {
                    document.querySelector(".o-dropdown--menu button:has(.fa-print)").click();
                }
            },
        },
        clickAndMarkDownload("Print the dental formula", ".o_menu_item:contains('Dental Formula')"),
        {
            content: "The dental formula's PDF was rendered and downloaded",
            trigger: "body[data-dental-downloaded^='/report/pdf/dental_chart.report_dental_formula/']",
        },
    ],
});
