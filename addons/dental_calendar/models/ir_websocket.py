from odoo import models


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """Internal users listen to their branches: the chair schedule reloads when a branch's day changes."""
        channels = super()._build_bus_channel_list(channels)
        if self.env.user and self.env.user._is_internal():
            channels.extend(self.env.user.company_ids)
        return channels
