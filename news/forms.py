"""Admin forms of the news app: the article form knows its unit; proposal and push forms record who acted."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sites.scoping import UnitOwnedForm, UnitPageForm


class NewsArticleForm(UnitPageForm):
    """Gives the article its parent before validation, so `clean()` can check the unit of a new article."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if parent_page is not None:
            self.instance._parent_for_clean = parent_page


class SyndicationProposalForm(UnitOwnedForm):
    def save(self, commit=True):
        if self.instance._state.adding and self.for_user is not None:
            self.instance.proposed_by = self.for_user
        return super().save(commit)


class AnnouncementPushForm(UnitOwnedForm):
    def save(self, commit=True):
        if self.instance._state.adding and self.for_user is not None:
            self.instance.pushed_by = self.for_user
        return super().save(commit)


class DecisionForm(forms.Form):
    """The board's decision on a proposal; a rejection must say why."""

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Duyệt, đăng vào “Tin từ các đơn vị”")), ("reject", _("Từ chối"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi từ chối; đơn vị đề xuất sẽ đọc được lý do này."),
    )
    # The live revision the board was shown: approving approves that one, not a change published meanwhile.
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Hãy ghi lý do từ chối để đơn vị đề xuất biết cần sửa gì."))
        return cleaned
