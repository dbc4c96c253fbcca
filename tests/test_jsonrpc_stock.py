"""dental_stock over JSON-RPC against a running server (outside Odoo's test mode)."""


def test_a_new_branch_gets_its_warehouse(admin, branch):
    """A branch created over RPC has a warehouse, so its materials can be received and written off and its
    purchases (a supplier's, a lab's) confirmed: Odoo's stock creates one only in its own test mode."""
    warehouses = admin.call(
        "stock.warehouse", "search_read", [("company_id", "=", branch["company"])], fields=["lot_stock_id"]
    )
    assert len(warehouses) == 1
    assert warehouses[0]["lot_stock_id"]
