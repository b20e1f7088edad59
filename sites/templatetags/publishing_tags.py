"""Template tags for the publish right (sites.publishing)."""

from django import template

from ..publishing import may_publish_translations

register = template.Library()


@register.simple_tag(takes_context=True)
def may_publish_synced_translations(context, source) -> bool:
    """Whether the signed-in user may sync `source` with “publish immediately” (wagtail-localize's sync form)."""
    return may_publish_translations(context["request"].user, source)
