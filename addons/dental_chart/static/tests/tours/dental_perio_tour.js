import { registry } from "@web/core/registry";

const cell = (field, site) => `.o_perio_strip[data-field='${field}'] .o_perio_cell[data-site='${site}']`;

// Opens a periodontal exam, types the depths of 18 by keyboard, marks bleeding and
// sees them drawn, then saved (the grid shows what was typed).
registry.category("web_tour.tours").add("dental_chart_perio_keyboard", {
    steps: () => [
        {
            content: "The exam is drawn: four views of the teeth",
            trigger: ".o_perio_chart .o_perio_svg:has(.o_perio_view[data-view='LB'] .o_perio_tooth[data-code='38'])",
        },
        {
            content: "Start at the distobuccal site of 18",
            trigger: `${cell("pd", "18:db")} rect`,
            run: "click",
        },
        {
            trigger: `${cell("pd", "18:db")}.o_perio_current`,
            run: "press 3",
        },
        {
            trigger: `${cell("pd", "18:b")}.o_perio_current`,
            run: "press 2",
        },
        {
            trigger: `${cell("pd", "18:mb")}.o_perio_current`,
            run: "press 5",
        },
        {
            content: "Bleeding on the site just probed",
            trigger: `${cell("pd", "17:db")}.o_perio_current`,
            run: "press b",
        },
        {
            content: "The 5 mm pocket is highlighted, the bleeding dot drawn, the lines follow the depths",
            trigger:
                ".o_perio_view[data-view='UB']:has(.o_perio_deep[data-site='18:mb']):has(.o_perio_bleeding[data-site='18:mb']):has(.o_perio_pocket)",
        },
        {
            trigger: `${cell("pd", "18:mb")}.o_perio_cell_deep text:contains(5)`,
            run: "press Enter",
        },
        {
            content: "Saved in one batch; the grid shows the typed depths",
            trigger:
                ".o_form_sheet:has(.o_perio_chart[data-unsaved='0'][data-saving='0']) .o_field_widget[name=line_ids] .o_data_row:first .o_data_cell[name=pd_mb]:contains(5)",
        },
    ],
});
