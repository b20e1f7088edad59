"""The dashboard's syndication panel: proposals waiting for the user's decision, and their units' latest proposals
with the parent board's decision (`news/wagtail_hooks.py` adds it when either list has a row)."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from .syndication import awaiting_decision_for_user, sent_from_users_units


class SyndicationPanel(Component):
    name = "syndication"
    template_name = "news/admin/syndication_panel.html"
    order = 45

    def __init__(self, awaiting: list, sent: list):
        self.awaiting = awaiting
        self.sent = sent

    @classmethod
    def for_user(cls, user) -> SyndicationPanel | None:
        awaiting = awaiting_decision_for_user(user)
        sent = sent_from_users_units(user)
        return cls(awaiting, sent) if awaiting or sent else None

    def get_context_data(self, parent_context):
        return {"awaiting": self.awaiting, "sent": self.sent}
