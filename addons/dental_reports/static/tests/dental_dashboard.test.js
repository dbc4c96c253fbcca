/** The dashboard: one RPC for every figure, the period re-read on a date change, a figure opens its records. */

import { describe, expect, test } from "@odoo/hoot";
import { manuallyDispatchProgrammaticEvent, queryOne } from "@odoo/hoot-dom";
import { animationFrame, mockDate } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, mockService, mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";

import { DentalDashboard } from "@dental_reports/dashboard/dental_dashboard";

describe.current.tags("desktop", "dental_reports");
defineMailModels();

const figure = (label, value, model = "dental.report.service", domain = []) => ({ label, value, model, domain });

function dashboardData() {
    return {
        date_from: "2030-03-01",
        date_to: "2030-03-15",
        currency: { symbol: "₽", position: "after", digits: 2 },
        money: [
            figure("Income", 46000, "dental.report.service", [["date", ">=", "2030-03-01"]]),
            figure("Receipts", 7000, "dental.report.payment"),
            figure("Prepayments", 3000, "dental.report.payment"),
            figure("Debt", 42000),
        ],
        appointments: [figure("Completed", 5, "dental.report.appointment")],
        doctors: [figure("Dr. Zubova", 5, "dental.report.appointment")],
        income_by_direction: [figure("Implantology", 40000), figure("Therapy", 6000)],
        receipts_by_direction: [],
        debts_by_direction: [figure("Implantology", 40000)],
        lab_orders: [figure("Sent", 2, "dental.lab.order", [["state", "=", "sent"]])],
        daily_income: [figure("2030-03-04", 6000), figure("2030-03-05", 40000)],
    };
}

test("one call reads every figure of the month so far; a date change reads the period again", async () => {
    mockDate("2030-03-15 10:00:00");
    onRpc("dental.report.dashboard", "get_data", ({ args }) => {
        expect.step(["get_data", ...args]);
        return dashboardData();
    });
    await mountWithCleanup(DentalDashboard, { props: { action: {} } });
    expect.verifySteps([["get_data", "2030-03-01", "2030-03-15"]]);
    expect(".o_dental_money").toHaveCount(4);
    expect(".o_dental_money:first .o_dental_money_value").toHaveText(/46,000.00 ₽/);
    expect(".o_dental_income_by_direction .o_dental_row").toHaveCount(2);
    expect(".o_dental_receipts_by_direction").toHaveText(/No data for the period/);
    expect(".o_dental_daily_income .o_dental_day").toHaveCount(2);
    // a date input takes no typed characters: the picker sets its value
    const from = queryOne(".o_dental_dashboard_from");
    from.value = "2030-02-01";
    await manuallyDispatchProgrammaticEvent(from, "input");
    await animationFrame();
    expect.verifySteps([["get_data", "2030-02-01", "2030-03-15"]]);
});

test("a click on a figure opens the records it adds up", async () => {
    onRpc("dental.report.dashboard", "get_data", () => dashboardData());
    onRpc("dental.report.service", "action_dental_open_source", ({ args }) => {
        expect.step(["open", args[0]]);
        return { type: "ir.actions.act_window", res_model: "account.move.line", domain: [["id", "in", [1, 2]]] };
    });
    mockService("action", {
        doAction(action) {
            expect.step(["doAction", action.res_model, action.domain]);
        },
    });
    await mountWithCleanup(DentalDashboard, { props: { action: {} } });
    await contains(".o_dental_money:first").click();
    await animationFrame();
    expect.verifySteps([
        ["open", [["date", ">=", "2030-03-01"]]],
        ["doAction", "account.move.line", [["id", "in", [1, 2]]]],
    ]);
    await contains(".o_dental_lab_orders .o_dental_row").click();
    await animationFrame();
    expect.verifySteps([["doAction", "dental.lab.order", [["state", "=", "sent"]]]]);
});

test("a widget another addon contributes is rendered like the others and opens its records", async () => {
    onRpc("dental.report.dashboard", "get_data", () => ({
        ...dashboardData(),
        sections: [
            {
                key: "funnel",
                title: "Leads Funnel",
                money: false,
                sequence: 10,
                rows: [
                    figure("New", 3, "crm.lead", [["stage_id", "=", 1]]),
                    figure("Booked", 1, "crm.lead", [["stage_id", "=", 2]]),
                ],
            },
            { key: "salaries", title: "Salaries", money: true, sequence: 20, rows: [figure("Dr. Zubova", 30000, "hr.payslip")] },
        ],
    }));
    mockService("action", {
        doAction(action) {
            expect.step(["doAction", action.res_model, action.domain]);
        },
    });
    await mountWithCleanup(DentalDashboard, { props: { action: {} } });
    expect(".o_dental_funnel .card-header").toHaveText("Leads Funnel");
    expect(".o_dental_funnel .o_dental_row").toHaveCount(2);
    expect(".o_dental_salaries .o_dental_row").toHaveText(/30,000.00 ₽/);
    await contains(".o_dental_funnel .o_dental_row:first").click();
    await animationFrame();
    expect.verifySteps([["doAction", "crm.lead", [["stage_id", "=", 1]]]]);
});
