"""Field declarations shared by the consignment models."""

from odoo import fields


def workflow_state_field(selection, help_text):
    """The ``state`` of a record whose workflow starts as a draft and changes only through
    its actions (``consignment.workflow.mixin``): read-only in forms, not copied (a copy
    starts over), indexed for the lists that filter on it, tracked in the chatter."""
    return fields.Selection(
        selection,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help=help_text,
    )
