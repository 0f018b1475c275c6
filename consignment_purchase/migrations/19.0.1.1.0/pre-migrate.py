from odoo.tools.sql import column_exists, rename_column


def migrate(cr, version):
    """The vendor agreement of a receipt moves to the transfer's one consignment agreement
    field, which consignment_stock declares. When consignment_stock was upgraded first in
    the same run, its new column exists already and holds customer agreements only: the
    receipts' vendor agreements are copied into it."""
    if not version or not column_exists(cr, "stock_picking", "consignment_vendor_agreement_id"):
        return
    if not column_exists(cr, "stock_picking", "consignment_agreement_id"):
        cr.execute("DROP INDEX IF EXISTS stock_picking__consignment_vendor_agreement_id_index")
        rename_column(
            cr, "stock_picking", "consignment_vendor_agreement_id", "consignment_agreement_id"
        )
        return
    cr.execute(
        """
        UPDATE stock_picking
           SET consignment_agreement_id = consignment_vendor_agreement_id
         WHERE consignment_vendor_agreement_id IS NOT NULL
        """
    )
    cr.execute("ALTER TABLE stock_picking DROP COLUMN consignment_vendor_agreement_id")
